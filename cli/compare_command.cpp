// `appraise compare SCENARIO_FILE`: the indicators of every model's base case and every scenario
// side by side, the change against the base case, and for mutually exclusive options the
// ranking, the incremental-investment IRR and a recommendation with its reason.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "appraise/core/units.hpp"
#include "appraise/messages/cli.hpp"
#include "appraise/messages/scenario.hpp"
#include "appraise/scenario/comparison.hpp"
#include "appraise/report/statements.hpp"
#include "appraise/report/workbooks.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "progress.hpp"
#include "model_input.hpp"
#include "scenario_input.hpp"

namespace appraise::cli {
using namespace literals;
using messages::Cli;
namespace {

using report::Kind;

struct CompareOptions {
  std::string file;
  int threads = 0;  // 0: every hardware thread
  std::string by;   // empty: FNPV, or equivalent annual value when the lives differ
  OutputOptions out;
};

// A rate as the tables print one: 8.00%.

report::Table cases_table(const std::vector<CaseFigures>& cases, report::Lang lang) {
  report::Table t;
  t.key = "cases";
  const Message title = msg(Cli::compare_cases_title), column = msg(Cli::compare_cases_column);
  t.title_zh = title.zh;
  t.title_en = title.en;
  t.unit = cases.empty() ? "" : cases.front().unit;
  t.column_label_zh = column.zh;
  t.column_label_en = column.en;
  for (const auto& c : cases) t.columns.push_back(c.name);
  // The base case each scenario is measured against: its model's unchanged case, found once.
  std::map<std::string, const CaseFigures*> base;
  for (const auto& c : cases)
    if (!c.scenario) base.emplace(c.model_key, &c);
  auto add = [&](std::string key, const Message& label, Kind kind, auto value) {
    report::Row r;
    r.key = std::move(key);
    r.label_zh = label.zh;
    r.label_en = label.en;
    r.kind = kind;
    for (const auto& c : cases) {
      const std::optional<double> v = value(c);
      r.values.push_back(v && std::isfinite(*v) ? v : std::nullopt);
    }
    t.rows.push_back(std::move(r));
  };
  auto delta = [&](auto value) {
    return [&, value](const CaseFigures& c) -> std::optional<double> {
      const auto b = base.find(c.model_key);
      const auto v = value(c);
      if (b == base.end() || b->second == &c || !v) return std::nullopt;
      const auto bv = value(*b->second);
      if (!bv) return std::nullopt;
      return *v - *bv;
    };
  };
  using Figure = std::optional<double>;
  // The decision indicators: incremental for a with/without model (有无对比), named as `run`
  // names them; when some cases are and some are not, the rows say so and a note lists them.
  std::size_t with_without = 0;
  for (const auto& c : cases) with_without += c.incremental ? 1 : 0;
  const bool all = !cases.empty() && with_without == cases.size(), mixed = with_without > 0 && !all;
  struct Names { const char* key; Cli label; };
  auto names = [&](Names project, Names incremental, Names both) { return all ? incremental : mixed ? both : project; };
  const auto fnpv = [](const CaseFigures& c) -> Figure { return c.fnpv_post_tax; };
  const auto firr = [](const CaseFigures& c) { return c.firr_post_tax; };
  auto add_named = [&](Names n, Kind kind, auto value) { add(n.key, msg(n.label), kind, value); };
  // A change against the base is indented under the figure it changes.
  const auto indented_label = [](Cli id) {
    const Message m = msg(id);
    return Message("  " + m.en, "  " + m.zh);
  };
  auto add_change = [&](const char* key, Kind kind, auto value) { add(key, indented_label(Cli::compare_change), kind, delta(value)); };
  add_named(names({"fnpv_post_tax", Cli::compare_fnpv_post_tax}, {"fnpv_incremental_post_tax", Cli::compare_fnpv_post_tax_incremental},
                  {"fnpv_post_tax", Cli::compare_fnpv_post_tax_mixed}),
            Kind::Money, fnpv);
  add_change(all ? "fnpv_incremental_post_tax_change" : "fnpv_post_tax_change", Kind::Money, fnpv);
  add_named(names({"fnpv_pre_tax", Cli::compare_fnpv_pre_tax}, {"fnpv_incremental_pre_tax", Cli::compare_fnpv_pre_tax_incremental},
                  {"fnpv_pre_tax", Cli::compare_fnpv_pre_tax_mixed}),
            Kind::Money, [](const CaseFigures& c) -> Figure { return c.fnpv_pre_tax; });
  add_named(names({"firr_post_tax", Cli::compare_firr_post_tax}, {"firr_incremental_post_tax", Cli::compare_firr_post_tax_incremental},
                  {"firr_post_tax", Cli::compare_firr_post_tax_mixed}),
            Kind::Rate, firr);
  // A change of a rate is in percentage points (个百分点), not a percentage of the rate.
  const auto firr_points = [&](const CaseFigures& c) -> Figure {
    const auto d = delta(firr)(c);
    return d ? Figure(*d * 100.0) : std::nullopt;
  };
  add(all ? "firr_incremental_post_tax_change" : "firr_post_tax_change", indented_label(Cli::compare_change_points), Kind::Ratio,
      firr_points);
  add_named(names({"firr_pre_tax", Cli::compare_firr_pre_tax}, {"firr_incremental_pre_tax", Cli::compare_firr_pre_tax_incremental},
                  {"firr_pre_tax", Cli::compare_firr_pre_tax_mixed}),
            Kind::Rate, [](const CaseFigures& c) { return c.firr_pre_tax; });
  if (with_without > 0) {
    // The with-project figures of the with/without cases, for reference (not what decides).
    add("fnpv_with_project_post_tax", msg(Cli::compare_fnpv_with_project), Kind::Money,
        [](const CaseFigures& c) -> Figure { return c.incremental ? Figure(c.fnpv_with_project_post_tax) : std::nullopt; });
    add("firr_with_project_post_tax", msg(Cli::compare_firr_with_project), Kind::Rate,
        [](const CaseFigures& c) { return c.incremental ? c.firr_with_project_post_tax : std::nullopt; });
  }
  add("equity_irr", msg(Cli::compare_equity_irr), Kind::Rate, [](const CaseFigures& c) { return c.equity_irr; });
  add_named(names({"payback_post_tax", Cli::compare_payback_post_tax}, {"payback_incremental_post_tax", Cli::compare_payback_post_tax_incremental},
                  {"payback_post_tax", Cli::compare_payback_post_tax_mixed}),
            Kind::Years, [](const CaseFigures& c) { return c.payback_post_tax; });
  add("dscr_min", msg(Cli::compare_dscr_min), Kind::Ratio, [](const CaseFigures& c) { return c.dscr_min; });
  add("icr_min", msg(Cli::compare_icr_min), Kind::Ratio, [](const CaseFigures& c) { return c.icr_min; });
  // A special bond's coverage: a row only when some case has a bond, and the cases without one
  // named, so that an empty cell is not read as a coverage missing or failed.
  std::vector<std::string> without_bond;
  for (const auto& c : cases)
    if (!c.bond_coverage) without_bond.push_back(c.name);
  if (without_bond.size() < cases.size())
    add("bond_coverage", msg(Cli::compare_bond_coverage), Kind::Ratio, [](const CaseFigures& c) { return c.bond_coverage; });
  // The public view, for files whose models have it. A present value says what it is discounted
  // at: in its label when every case has the same rate, else in a note per case.
  std::vector<std::string> rate_notes;
  auto rated = [&](const char* key, Cli at, Cli plain, Cli per_case, std::optional<double> CaseFigures::*value,
                   std::optional<double> CaseFigures::*rate) {
    std::optional<double> shared;
    bool same = true;
    for (const auto& c : cases)
      if (c.*value && c.*rate) {
        if (shared && *shared != *(c.*rate)) same = false;
        shared = c.*rate;
      }
    if (shared && same) {
      add(key, msg(at, "rate"_a = format_percent(*shared)), Kind::Money, [value](const CaseFigures& c) { return c.*value; });
      return;
    }
    add(key, msg(plain), Kind::Money, [value](const CaseFigures& c) { return c.*value; });
    for (const auto& c : cases)
      if (c.*value && c.*rate) rate_notes.push_back(msg_in(lang, per_case, "case"_a = c.name, "rate"_a = format_percent(*(c.*rate))));
  };
  if (std::any_of(cases.begin(), cases.end(), [](const CaseFigures& c) { return c.public_view; })) {
    rated("enpv", Cli::compare_enpv_at, Cli::compare_enpv, Cli::compare_case_enpv_rate, &CaseFigures::enpv,
          &CaseFigures::social_discount_rate);
    add("eirr", msg(Cli::compare_eirr), Kind::Rate, [](const CaseFigures& c) { return c.eirr; });
    add("ebcr", msg(Cli::compare_ebcr), Kind::Factor, [](const CaseFigures& c) { return c.ebcr; });
    rated("fiscal_cost_pv", Cli::compare_fiscal_cost_at, Cli::compare_fiscal_cost, Cli::compare_case_fiscal_rate,
          &CaseFigures::fiscal_cost_pv, &CaseFigures::fiscal_discount_rate);
  }
  for (auto& n : rate_notes) t.notes.push_back(Message::chosen(std::move(n)));
  add("checks_failed", msg(Cli::compare_checks_failed), Kind::Count, [](const CaseFigures& c) -> Figure { return c.checks_failed; });
  for (const auto& c : cases)
    if (c.scenario && !c.scenario->description.empty())
      t.notes.push_back(Message::same(c.name + "：" + c.scenario->description));  // two texts of the file, as written
  if (!without_bond.empty() && without_bond.size() < cases.size())
    t.notes.push_back(msg(Cli::compare_note_without_bond, "names"_a = joined(without_bond)));
  if (all) t.notes.push_back(msg(Cli::compare_note_all_incremental));
  if (mixed) {
    std::vector<std::string> names_with_without;
    for (const auto& c : cases)
      if (c.incremental) names_with_without.push_back(c.name);
    t.notes.push_back(msg(Cli::compare_note_mixed_incremental, "names"_a = joined(names_with_without)));
  }
  return t;
}

// Whether the public view's figures are shown beside the options: a yardstick was chosen, or
// the cases have a public section (a purely financial comparison reads as before).
bool public_figures_shown(const ScenarioComparison& sc) {
  return sc.options && (sc.options->yardstick != Yardstick::Default ||
                        std::any_of(sc.cases.begin(), sc.cases.end(), [](const CaseFigures& c) { return c.public_view; }));
}

report::Table options_table(const OptionComparison& oc, const std::string& unit, bool show_public) {
  report::Table t;
  t.key = "options";
  const Message title = msg(Cli::compare_options_title), column = msg(Cli::compare_options_column);
  t.title_zh = title.zh;
  t.title_en = title.en;
  t.unit = unit;
  t.column_label_zh = column.zh;
  t.column_label_en = column.en;
  for (const auto& o : oc.options) t.columns.push_back(o.name);
  auto row = [&](std::string key, const Message& label, Kind kind, auto value) {
    report::Row r{std::move(key), "", label.zh, label.en, {}, std::nullopt, kind, 0};
    for (const auto& o : oc.options) r.values.push_back(value(o));
    t.rows.push_back(std::move(r));
  };
  auto rank = [](const std::vector<std::string>& order, const std::string& name) -> std::optional<double> {
    for (std::size_t i = 0; i < order.size(); ++i)
      if (order[i] == name) return static_cast<double>(i + 1);
    return std::nullopt;
  };
  row("investment", msg(Cli::compare_investment), Kind::Money, [](const OptionFigures& o) -> std::optional<double> { return o.investment; });
  // Options with a without-project case are compared on their increments (comparison.hpp).
  const auto footing = [&](Cli project, Cli incremental, Cli mixed) { return msg(oc.incremental ? incremental : oc.mixed ? mixed : project); };
  row("fnpv", footing(Cli::compare_fnpv_post_tax, Cli::compare_fnpv_post_tax_incremental, Cli::compare_fnpv_post_tax_mixed), Kind::Money,
      [](const OptionFigures& o) -> std::optional<double> { return o.fnpv; });
  row("firr", footing(Cli::compare_firr_post_tax, Cli::compare_firr_post_tax_incremental, Cli::compare_firr_post_tax_mixed), Kind::Rate,
      [](const OptionFigures& o) { return o.firr; });
  row("equivalent_annual", msg(Cli::compare_equivalent_annual), Kind::Money,
      [](const OptionFigures& o) -> std::optional<double> { return o.equivalent_annual; });
  row("life", msg(Cli::compare_life), Kind::Count, [](const OptionFigures& o) -> std::optional<double> { return o.life; });
  row("rank_npv", msg(Cli::compare_rank_npv), Kind::Count, [&](const OptionFigures& o) { return rank(oc.by_npv, o.name); });
  row("rank_irr", msg(Cli::compare_rank_irr), Kind::Count, [&](const OptionFigures& o) { return rank(oc.by_irr, o.name); });
  const bool economic = show_public && oc.options.front().enpv.has_value();
  if (economic) {
    // Every option's ENPV and fiscal cost are discounted at the first option's rates: said in the label.
    const Message enpv = oc.social_discount_rate ? msg(messages::Cli::compare_enpv_at, "rate"_a = format_percent(*oc.social_discount_rate))
                                                 : msg(Cli::compare_enpv);
    row("enpv", enpv, Kind::Money, [](const OptionFigures& o) { return o.enpv; });
    row("eirr", msg(Cli::compare_eirr), Kind::Rate, [](const OptionFigures& o) { return o.eirr; });
    row("rank_enpv", msg(Cli::compare_rank_enpv), Kind::Count, [&](const OptionFigures& o) { return rank(oc.by_enpv, o.name); });
  }
  if (show_public && oc.options.front().fiscal_cost) {
    const Message fiscal = oc.fiscal_discount_rate
                               ? msg(messages::Cli::compare_fiscal_cost_at, "rate"_a = format_percent(*oc.fiscal_discount_rate))
                               : msg(Cli::compare_fiscal_cost);
    row("fiscal_cost", fiscal, Kind::Money, [](const OptionFigures& o) { return o.fiscal_cost; });
    row("rank_fiscal_cost", msg(Cli::compare_rank_fiscal_cost), Kind::Count,
        [&](const OptionFigures& o) { return rank(oc.by_fiscal_cost, o.name); });
  }
  if (show_public && !oc.effect.empty()) {
    row("ce_ratio", msg(Cli::compare_ce_ratio, "unit"_a = unit, "effect_unit"_a = oc.effect_unit), Kind::Money, [](const OptionFigures& o) { return o.ce_ratio; });
    for (const auto& s : oc.ce_increments)
      t.notes.push_back(s.ratio ? msg(Cli::options_ce_increment, "larger"_a = s.larger, "smaller"_a = s.smaller, "effect"_a = oc.effect,
                                      "ratio"_a = format_money(*s.ratio), "unit"_a = unit, "effect_unit"_a = oc.effect_unit)
                                : msg(Cli::options_ce_equal, "larger"_a = s.larger, "smaller"_a = s.smaller));
  }
  for (const auto& s : oc.increments)
    t.notes.push_back(msg(Cli::options_increment, "larger"_a = s.larger, "smaller"_a = s.smaller,
                          "irr"_a = s.delta_irr.rate ? Message::same(format_percent(*s.delta_irr.rate))
                                                     : msg(Cli::options_increment_no_irr, "why"_a = s.delta_irr.reason),
                          "npv"_a = format_money(s.delta_npv),  // as the table above writes amounts
                          "verdict"_a = msg(s.larger_wins ? Cli::options_larger_wins : Cli::options_smaller_wins)));
  if (!oc.equal_lives && oc.options.size() > 1) t.notes.push_back(msg(Cli::options_increment_unequal_lives));
  const Message reason(oc.reason_en, oc.reason_zh);
  t.notes.push_back(oc.recommended ? msg(Cli::options_recommended, "name"_a = *oc.recommended, "reason"_a = reason)
                                   : msg(Cli::options_no_recommendation, "reason"_a = reason));
  return t;
}

report::JsonValue options_json(const OptionComparison& oc, bool show_public) {
  report::JsonValue j;
  j["benchmark_rate"] = oc.benchmark_rate;
  j["equal_lives"] = oc.equal_lives;
  j["options"] = report::JsonValue::array();
  for (const auto& o : oc.options)
    j["options"].push_back({{"name", o.name}, {"decision_indicators", o.incremental ? "incremental" : "project"},
                            {"investment", o.investment}, {"fnpv", o.fnpv},
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
  auto optional = [](const std::optional<double>& v) { return v ? report::JsonValue(*v) : report::JsonValue(nullptr); };
  for (std::size_t i = 0; i < oc.options.size() && show_public; ++i) {
    const auto& o = oc.options[i];
    auto& x = j["options"][i];
    if (o.enpv) {
      x["enpv"] = *o.enpv;
      x["eirr"] = optional(o.eirr);
    }
    if (o.fiscal_cost) x["fiscal_cost_pv"] = *o.fiscal_cost;
    if (!oc.effect.empty())
      x["cost_effectiveness"] = {{"effect", oc.effect}, {"annual_cost", optional(o.ce_annual_cost)},
                                 {"annual_effect", optional(o.ce_annual_effect)}, {"ratio", optional(o.ce_ratio)}};
  }
  if (show_public && oc.social_discount_rate) j["social_discount_rate"] = *oc.social_discount_rate;
  if (show_public && oc.fiscal_discount_rate) j["fiscal_discount_rate"] = *oc.fiscal_discount_rate;
  if (show_public && !oc.by_enpv.empty()) j["by_enpv"] = oc.by_enpv;
  if (show_public && !oc.by_fiscal_cost.empty()) j["by_fiscal_cost"] = oc.by_fiscal_cost;
  if (show_public && !oc.effect.empty()) {
    j["incremental_cost_effectiveness"] = report::JsonValue::array();
    for (const auto& s : oc.ce_increments)
      j["incremental_cost_effectiveness"].push_back({{"smaller", s.smaller}, {"larger", s.larger}, {"delta_cost", s.delta_cost},
                                                     {"delta_effect", s.delta_effect}, {"ratio", optional(s.ratio)}});
  }
  if (show_public) j["yardstick"] = std::string(to_string(oc.yardstick));
  j["recommended"] = oc.recommended ? report::JsonValue(*oc.recommended) : report::JsonValue(nullptr);
  // Prose in English under the plain key, the Chinese beside it under `_zh`, as every document.
  j["reason"] = oc.reason_en;
  j["reason_zh"] = oc.reason_zh;
  return j;
}

// `text` with `by` after every line break: a dumped value moved to a deeper level.
std::string indented(const std::string& text, const std::string& by) {
  std::string out;
  for (char ch : text) {
    out += ch;
    if (ch == '\n') out += by;
  }
  return out;
}

// The JSON document, with each case's indicators kept as the text they print as (dumped when
// the case was evaluated, its model and result then dropped) and spliced into the document at
// the indentation nlohmann would give them: the same bytes as dumping them in place.
std::string compare_json(const CompareOptions& o, const ScenarioFile& file, const ScenarioComparison& sc,
                         const report::Table& table, std::vector<std::string>& indicators) {
  report::JsonValue doc;
  doc["meta"] = {{"scenario_file", o.file}, {"models", file.model_paths}, {"unit", table.unit},
                 {"rates", "fraction"}, {"engine_version", APPRAISE_VERSION}};
  const std::string placeholder = "\x01" "cases" "\x01";
  doc["cases"] = placeholder;
  doc["comparison"] = report::to_json(table);
  if (sc.options) doc["options"] = options_json(*sc.options, public_figures_shown(sc));
  const std::string text = report::dump(doc);
  const std::string quoted = "\"\\u0001cases\\u0001\"";
  const std::size_t at = text.find(quoted);
  std::string out = text.substr(0, at) + "[";
  for (std::size_t k = 0; k < sc.cases.size(); ++k) {
    const CaseFigures& c = sc.cases[k];
    report::JsonValue j = {{"name", c.name},
                           {"model", c.model_key},
                           {"scenario", c.scenario ? report::JsonValue(c.scenario->name) : report::JsonValue(nullptr)},
                           {"description", c.scenario ? c.scenario->description : std::string()},
                           {"decision_indicators", c.incremental ? "incremental" : "project"},
                           {"indicators", "\x01"},
                           {"checks_failed", c.checks_failed}};
    std::string item = j.dump(2);
    const std::string slot = "\"\\u0001\"";
    item.replace(item.find(slot), slot.size(), indicators[k]);
    std::string().swap(indicators[k]);  // printed now: not kept twice
    out += (k ? ",\n    " : "\n    ") + indented(item, "    ");  // an element of `cases`
  }
  out += "\n  ]";
  out.append(text, at + quoted.size(), std::string::npos);
  return out;
}

Yardstick yardstick_of(const std::string& by) {
  if (by == "fnpv") return Yardstick::Fnpv;
  if (by == "firr") return Yardstick::Firr;
  if (by == "eav") return Yardstick::EquivalentAnnual;
  if (by == "enpv") return Yardstick::Enpv;
  if (by == "fiscal_cost") return Yardstick::FiscalCost;
  return Yardstick::Default;
}

int run_compare(const CompareOptions& o) {
  const ScenarioFile file = load_scenarios_or_fail(o.file);
  if (!o.by.empty() && file.options.empty())
    usage_error("--by", msg(Cli::compare_no_options, "file"_a = o.file), msg(Cli::compare_no_options_expected));
  ComparisonSettings settings;
  settings.by = yardstick_of(o.by);
  settings.threads = o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  settings.lang = o.out.lang;  // the base case's name
  // JSON prints each case's indicators: kept as text, indented as they will be printed.
  std::vector<std::string> indicators;
  if (o.out.format == report::Format::Json || o.out.format == report::Format::Html) {
    std::size_t cases = file.model_order.size() + file.scenarios.size();
    indicators.resize(cases);
    settings.visit = [&](std::size_t k, const ProjectModel& m, const ProjectResult& r) {
      indicators[k] = indented(indicators_json(m, r).dump(2), "  ");  // a value inside the case
    };
  }
  ProgressLine progress("compare");
  settings.progress = progress.callback();
  ScenarioComparison sc;
  try {
    sc = compare_scenarios(file, settings);
  } catch (const CaseEvaluationError& e) {
    progress.finish();
    // A scenario at its name in the scenario file; a model's own base case at the model's value.
    const ProjectModel& base = file.models.at(e.model_key);
    Diagnostics ds;
    ds.add(e.scenario ? scenario_evaluation_diagnostic(*e.scenario, base, e) : evaluation_diagnostic(base, e));
    std::fflush(stdout);
    throw CliError(InvalidInput, render_all(ds, e.scenario ? o.file : base.source, ui_lang()));
  } catch (const InputError& e) {  // a change that fails only in combination (scenario_model)
    progress.finish();
    usage_error(file.path, e.message, {}, e.hint);
  } catch (const std::invalid_argument& e) {
    progress.finish();
    usage_error(file.path, message_of(e));
  }
  progress.finish();
  if (!sc.yardstick_problem.empty())
    usage_error("--by", sc.yardstick_problem, msg(Cli::compare_yardstick_expected));
  const report::Table table = cases_table(sc.cases, o.out.lang);

  std::string text;
  std::vector<report::Table> tables{table};
  if (sc.options) tables.push_back(options_table(*sc.options, table.unit, public_figures_shown(sc)));
  switch (o.out.format) {
    case report::Format::Json: text = compare_json(o, file, sc, table, indicators); break;
    case report::Format::Html: {
      // The page's charts are drawn from the JSON document compare prints.
      const auto doc = report::JsonValue::parse(compare_json(o, file, sc, table, indicators));
      text = report::render_html(html_of(tables_workbook(o.file, o.out.lang, {}, tables), "compare", doc));
      break;
    }
    case report::Format::Csv:
      text = report::render_csv(table, o.out.lang, o.out.csv());
      if (sc.options) text += "\n" + report::render_csv(tables.back(), o.out.lang, o.out.csv());
      break;
    case report::Format::Xlsx:
      emit_workbook(tables_workbook(o.file, o.out.lang, {}, tables), o.out);
      return Success;
    case report::Format::Table:
      text = report::render_text(table, o.out.lang, report::terminal_width());
      if (sc.options) text += "\n" + report::render_text(tables.back(), o.out.lang, report::terminal_width());
      break;
  }
  emit(text, o.out);
  return Success;
}

}  // namespace

void setup_compare(CLI::App& app, Action& action) {
  auto opts = std::make_shared<CompareOptions>();
  auto* sub = app.add_subcommand("compare", help(Cli::help_compare));
  sub->add_option("scenario_file", opts->file, help(Cli::help_compare_file))->required();
  sub->add_option("--threads", opts->threads, help(Cli::help_compare_threads))
      ->check(CLI::Range(1, 64))
      ->option_text(help(Cli::help_compare_threads_values));
  sub->add_option("--by", opts->by, help(Cli::help_compare_by))
      ->check(CLI::IsMember({"fnpv", "firr", "eav", "enpv", "fiscal_cost"}))
      ->option_text(help(Cli::help_compare_by_values));
  add_output_options(*sub, opts->out);
  sub->callback([opts, &action]() { action = [opts]() { return run_compare(*opts); }; });
}

}  // namespace appraise::cli
