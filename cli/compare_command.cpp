// `appraise compare SCENARIO_FILE`: the indicators of every model's base case and every scenario
// side by side, the change against the base case, and for mutually exclusive options the
// ranking, the incremental-investment IRR and a recommendation with its reason.
#include <cmath>
#include <fmt/format.h>

#include "appraise/scenario/comparison.hpp"
#include "appraise/report/statements.hpp"
#include "appraise/report/workbooks.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "scenario_input.hpp"

namespace appraise::cli {
namespace {

using report::Kind;

struct CompareOptions {
  std::string file;
  OutputOptions out;
};

std::optional<double> bond_coverage(const ProjectResult& r) {
  if (r.indicators.bonds.empty()) return std::nullopt;
  return r.indicators.bonds.front().coverage;
}

int failed_checks(const ProjectResult& r) {
  int n = 0;
  for (const auto& c : r.checks) n += c.passed ? 0 : 1;
  return n;
}

report::Table cases_table(const std::vector<Case>& cases) {
  report::Table t;
  t.key = "cases";
  t.title_zh = "情景比较";
  t.title_en = "Scenarios compared";
  t.unit = cases.empty() ? "" : cases.front().model.unit;
  t.column_label_zh = "情景";
  t.column_label_en = "case";
  for (const auto& c : cases) t.columns.push_back(c.name);
  // The base case each scenario is measured against: its model's unchanged case.
  auto base_of = [&](const Case& c) -> const Case* {
    for (const auto& b : cases)
      if (!b.scenario && b.model_key == c.model_key) return &b;
    return nullptr;
  };
  auto add = [&](std::string key, std::string zh, std::string en, Kind kind, auto value) {
    report::Row r;
    r.key = std::move(key);
    r.label_zh = std::move(zh);
    r.label_en = std::move(en);
    r.kind = kind;
    for (const auto& c : cases) {
      const std::optional<double> v = value(c);
      r.values.push_back(v && std::isfinite(*v) ? v : std::nullopt);
    }
    t.rows.push_back(std::move(r));
  };
  auto delta = [&](auto value) {
    return [&, value](const Case& c) -> std::optional<double> {
      const Case* b = base_of(c);
      const auto v = value(c);
      if (!b || b == &c || !v) return std::nullopt;
      const auto bv = value(*b);
      if (!bv) return std::nullopt;
      return *v - *bv;
    };
  };
  const auto fnpv = [](const Case& c) -> std::optional<double> { return c.result.indicators.fnpv_post_tax; };
  const auto firr = [](const Case& c) { return c.result.indicators.firr_post_tax.rate; };
  add("fnpv_post_tax", "财务净现值（所得税后）", "FNPV after income tax", Kind::Money, fnpv);
  add("fnpv_post_tax_change", "  较基准变化", "  change against the base", Kind::Money, delta(fnpv));
  add("fnpv_pre_tax", "财务净现值（所得税前）", "FNPV before income tax", Kind::Money,
      [](const Case& c) -> std::optional<double> { return c.result.indicators.fnpv_pre_tax; });
  add("firr_post_tax", "财务内部收益率（所得税后）", "FIRR after income tax", Kind::Rate, firr);
  add("firr_post_tax_change", "  较基准变化", "  change against the base", Kind::Rate, delta(firr));
  add("firr_pre_tax", "财务内部收益率（所得税前）", "FIRR before income tax", Kind::Rate,
      [](const Case& c) { return c.result.indicators.firr_pre_tax.rate; });
  add("equity_irr", "资本金财务内部收益率", "Equity IRR", Kind::Rate, [](const Case& c) { return c.result.indicators.equity_irr.rate; });
  add("payback_post_tax", "投资回收期（所得税后，年）", "Payback after income tax (years)", Kind::Years,
      [](const Case& c) { return c.result.indicators.payback_post_tax.periods; });
  add("dscr_min", "最低偿债备付率", "Minimum DSCR", Kind::Ratio, [](const Case& c) { return c.result.indicators.dscr_min.value; });
  add("icr_min", "最低利息备付率", "Minimum ICR", Kind::Ratio, [](const Case& c) { return c.result.indicators.icr_min.value; });
  add("bond_coverage", "专项债本息覆盖倍数", "Special-bond coverage", Kind::Ratio, [](const Case& c) { return bond_coverage(c.result); });
  add("checks_failed", "未通过的判别项", "Checks missed", Kind::Count,
      [](const Case& c) -> std::optional<double> { return failed_checks(c.result); });
  for (const auto& c : cases)
    if (c.scenario && !c.scenario->description.empty()) t.notes.push_back(c.name + "：" + c.scenario->description);
  return t;
}

report::Table options_table(const OptionComparison& oc, const std::string& unit) {
  report::Table t;
  t.key = "options";
  t.title_zh = "互斥方案比选";
  t.title_en = "Mutually exclusive options";
  t.unit = unit;
  t.column_label_zh = "方案";
  t.column_label_en = "option";
  for (const auto& o : oc.options) t.columns.push_back(o.name);
  auto row = [&](std::string key, std::string zh, std::string en, Kind kind, auto value) {
    report::Row r{std::move(key), "", std::move(zh), std::move(en), {}, std::nullopt, kind, 0};
    for (const auto& o : oc.options) r.values.push_back(value(o));
    t.rows.push_back(std::move(r));
  };
  auto rank = [](const std::vector<std::string>& order, const std::string& name) -> std::optional<double> {
    for (std::size_t i = 0; i < order.size(); ++i)
      if (order[i] == name) return static_cast<double>(i + 1);
    return std::nullopt;
  };
  row("investment", "建设投资", "Construction investment", Kind::Money, [](const OptionFigures& o) -> std::optional<double> { return o.investment; });
  row("fnpv", "财务净现值（所得税后）", "FNPV after income tax", Kind::Money, [](const OptionFigures& o) -> std::optional<double> { return o.fnpv; });
  row("firr", "财务内部收益率（所得税后）", "FIRR after income tax", Kind::Rate, [](const OptionFigures& o) { return o.firr; });
  row("equivalent_annual", "等额年值", "Equivalent annual value", Kind::Money,
      [](const OptionFigures& o) -> std::optional<double> { return o.equivalent_annual; });
  row("life", "计算期（年）", "Calculation period (years)", Kind::Count, [](const OptionFigures& o) -> std::optional<double> { return o.life; });
  row("rank_npv", "净现值排序", "Rank by FNPV", Kind::Count, [&](const OptionFigures& o) { return rank(oc.by_npv, o.name); });
  row("rank_irr", "内部收益率排序", "Rank by FIRR", Kind::Count, [&](const OptionFigures& o) { return rank(oc.by_irr, o.name); });
  for (const auto& s : oc.increments)
    t.notes.push_back(fmt::format("差额投资内部收益率（{} − {}）：{}，差额净现值 {:.2f}，{}", s.larger, s.smaller,
                                  s.delta_irr.rate ? fmt::format("{:.2f}%", *s.delta_irr.rate * 100) : "无（" + s.delta_irr.reason + "）",
                                  s.delta_npv, s.larger_wins ? "投资较大方案更优" : "投资较小方案更优"));
  t.notes.push_back(oc.recommended ? fmt::format("推荐方案：{}。理由：{}", *oc.recommended, oc.reason_zh)
                                   : fmt::format("无推荐方案：{}", oc.reason_zh));
  return t;
}

report::JsonValue options_json(const OptionComparison& oc) {
  report::JsonValue j;
  j["benchmark_rate"] = oc.benchmark_rate;
  j["equal_lives"] = oc.equal_lives;
  j["options"] = report::JsonValue::array();
  for (const auto& o : oc.options)
    j["options"].push_back({{"name", o.name}, {"investment", o.investment}, {"fnpv", o.fnpv},
                            {"firr", o.firr ? report::JsonValue(*o.firr) : report::JsonValue(nullptr)},
                            {"equivalent_annual", o.equivalent_annual}, {"life", o.life}});
  j["by_npv"] = oc.by_npv;
  j["by_irr"] = oc.by_irr;
  j["by_equivalent_annual"] = oc.by_eav;
  j["npv_irr_conflict"] = oc.npv_irr_conflict;
  j["incremental"] = report::JsonValue::array();
  for (const auto& s : oc.increments)
    j["incremental"].push_back({{"smaller", s.smaller}, {"larger", s.larger},
                                {"delta_irr", s.delta_irr.rate ? report::JsonValue(*s.delta_irr.rate) : report::JsonValue(nullptr)},
                                {"delta_irr_reason", s.delta_irr.reason}, {"delta_npv", s.delta_npv},
                                {"larger_wins", s.larger_wins}});
  j["recommended"] = oc.recommended ? report::JsonValue(*oc.recommended) : report::JsonValue(nullptr);
  j["reason"] = oc.reason_zh;
  j["reason_en"] = oc.reason_en;
  return j;
}

int run_compare(const CompareOptions& o) {
  const ScenarioFile file = load_scenarios_or_fail(o.file);
  const std::vector<Case> cases = evaluate_cases(file, true);
  const report::Table table = cases_table(cases);

  std::optional<OptionComparison> oc;
  if (!file.options.empty()) {
    std::vector<OptionInput> inputs;
    for (const auto& name : file.options)
      for (const auto& c : cases)
        if ((c.scenario && c.name == name) || (!c.scenario && c.model_key == name)) {
          inputs.push_back({name, &c.model, &c.result});
          break;
        }
    const auto& first = *inputs.front().model;
    oc = compare_options(inputs, first.benchmark_rate, first.timing);
  }

  std::string text;
  std::vector<report::Table> tables{table};
  if (oc) tables.push_back(options_table(*oc, table.unit));
  switch (o.out.format) {
    case report::Format::Json:
    case report::Format::Html: {
      report::JsonValue doc;
      doc["meta"] = {{"scenario_file", o.file}, {"models", file.model_paths}, {"unit", table.unit},
                     {"rates", "fraction"}, {"engine_version", APPRAISE_VERSION}};
      doc["cases"] = report::JsonValue::array();
      for (const auto& c : cases)
        doc["cases"].push_back({{"name", c.name},
                                {"model", c.model_key},
                                {"scenario", c.scenario ? report::JsonValue(c.scenario->name) : report::JsonValue(nullptr)},
                                {"description", c.scenario ? c.scenario->description : std::string()},
                                {"indicators", indicators_json(c.model, c.result)},
                                {"checks_failed", failed_checks(c.result)}});
      doc["comparison"] = report::to_json(table);
      if (oc) doc["options"] = options_json(*oc);
      text = o.out.format == report::Format::Json
                 ? report::dump(doc)
                 : report::render_html(html_of(tables_workbook(o.file, o.out.lang, {}, tables), "compare", doc));
      break;
    }
    case report::Format::Csv:
      text = report::render_csv(table, o.out.lang, o.out.csv());
      if (oc) text += "\n" + report::render_csv(options_table(*oc, table.unit), o.out.lang, o.out.csv());
      break;
    case report::Format::Xlsx: {
      emit_workbook(tables_workbook(o.file, o.out.lang, {}, tables), o.out);
      return Success;
    }
    case report::Format::Table:
      text = report::render_text(table, o.out.lang, report::terminal_width());
      if (oc) text += "\n" + report::render_text(options_table(*oc, table.unit), o.out.lang, report::terminal_width());
      break;
  }
  emit(text, o.out);
  return Success;
}

}  // namespace

void setup_compare(CLI::App& app, Action& action) {
  auto opts = std::make_shared<CompareOptions>();
  auto* sub = app.add_subcommand("compare", "compare scenarios and options side by side (exit 0 when computed)");
  sub->add_option("scenario_file", opts->file, "the scenario file (YAML)")->required();
  add_output_options(*sub, opts->out);
  sub->callback([opts, &action]() { action = [opts]() { return run_compare(*opts); }; });
}

}  // namespace appraise::cli
