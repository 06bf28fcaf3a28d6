#include "appraise/statements.hpp"

#include <cmath>
#include <fmt/format.h>

namespace appraise {
namespace {

using report::Kind;
using report::Row;
using report::Table;

Row row(std::string key, std::string number, std::string zh, std::string en, const YearRow& values, int level = 1,
        Kind kind = Kind::Money, bool with_total = true) {
  Row r;
  r.key = std::move(key);
  r.number = std::move(number);
  r.label_zh = std::move(zh);
  r.label_en = std::move(en);
  r.level = level;
  r.kind = kind;
  r.values.reserve(static_cast<std::size_t>(values.size()));
  for (Eigen::Index i = 0; i < values.size(); ++i) r.values.emplace_back(values[i]);
  if (with_total && kind == Kind::Money) r.total = values.sum();
  return r;
}

Table table(std::string key, std::string zh, std::string en, const ProjectResult& res) {
  Table t;
  t.key = std::move(key);
  t.title_zh = std::move(zh);
  t.title_en = std::move(en);
  t.unit = res.unit;
  t.has_total = true;
  for (int y : res.calendar) t.columns.push_back(std::to_string(y));
  return t;
}

std::string key_of(std::string prefix, std::size_t i) { return prefix + "_" + std::to_string(i + 1); }

std::string pct(const std::optional<double>& v) { return v ? fmt::format("{:.2f}%", *v * 100.0) : "—"; }

std::string years_text(const PaybackResult& p) { return p.periods ? fmt::format("{:.2f}", *p.periods) : "—"; }

Table investment_table(const ProjectModel& m, const ProjectResult& res) {
  Table t = table("construction_investment", "建设投资估算表", "Construction investment", res);
  t.rows.push_back(row("construction_investment", "1", "建设投资", "Construction investment", res.construction_investment, 0));
  for (std::size_t i = 0; i < res.investment_items.size(); ++i)
    t.rows.push_back(row(key_of("investment_item", i), fmt::format("1.{}", i + 1), res.investment_items[i].name,
                         res.investment_items[i].name, res.investment_items[i].values));
  t.rows.push_back(row("working_capital", "2", "流动资金", "Working capital", res.working_capital_increment, 0));
  t.rows.push_back(row("sustaining_investment", "3", "维持运营投资", "Sustaining investment", res.sustaining, 0));
  (void)m;
  return t;
}

Table revenue_table(const ProjectModel& m, const ProjectResult& res) {
  Table t = table("revenue_and_taxes", "营业收入、税金及附加和增值税估算表", "Revenue, taxes and surcharges, and VAT", res);
  t.rows.push_back(row("revenue", "1", "营业收入", "Operating revenue", res.revenue, 0));
  for (std::size_t i = 0; i < res.revenue_lines.size(); ++i) {
    t.rows.push_back(row(key_of("revenue_line", i), fmt::format("1.{}", i + 1), res.revenue_lines[i].name,
                         res.revenue_lines[i].name, res.revenue_lines[i].values));
    if (m.revenue[i].volume) {
      auto v = row(key_of("volume", i), "", "其中：销售量", "of which volume (units)", res.volumes[i].values, 2, Kind::Money, false);
      v.total = res.volumes[i].values.sum();
      t.rows.push_back(std::move(v));
    }
  }
  t.rows.push_back(row("surcharges", "2", "税金及附加", "Taxes and surcharges", res.surcharges, 0));
  if (m.taxes.vat_rate > 0) {
    t.rows.push_back(row("vat_payable", "3", "增值税", "VAT payable", res.vat_payable, 0));
    t.rows.push_back(row("output_vat", "3.1", "销项税额", "Output VAT", res.output_vat));
    t.rows.push_back(row("input_vat", "3.2", "进项税额", "Input VAT", res.input_vat));
  }
  if (!res.subsidy_lines.empty()) {
    t.rows.push_back(row("subsidy", m.taxes.vat_rate > 0 ? "4" : "3", "补贴收入", "Subsidy income", res.subsidy, 0));
    for (std::size_t i = 0; i < res.subsidy_lines.size(); ++i)
      t.rows.push_back(row(key_of("subsidy_line", i), "", res.subsidy_lines[i].name, res.subsidy_lines[i].name,
                           res.subsidy_lines[i].values));
  }
  return t;
}

Table total_cost_table(const ProjectModel& m, const ProjectResult& res) {
  Table t = table("total_cost", "总成本费用估算表", "Total cost", res);
  t.rows.push_back(row("operating_cost", "1", "经营成本", "Operating cost", res.operating_cost, 0));
  for (std::size_t i = 0; i < res.operating_cost_lines.size(); ++i)
    t.rows.push_back(row(key_of("operating_cost_line", i), fmt::format("1.{}", i + 1), res.operating_cost_lines[i].name,
                         res.operating_cost_lines[i].name, res.operating_cost_lines[i].values));
  t.rows.push_back(row("depreciation", "2", "折旧费", "Depreciation", res.depreciation, 0));
  t.rows.push_back(row("amortisation", "3", "摊销费", "Amortisation", res.amortisation, 0));
  t.rows.push_back(row("interest", "4", "利息支出", "Interest", res.interest, 0));
  int n = 5;
  if (res.sustaining_expensed.abs().sum() > 0)
    t.rows.push_back(row("sustaining_expensed", std::to_string(n++), "维持运营投资（费用化）", "Sustaining investment (expensed)",
                         res.sustaining_expensed, 0));
  t.rows.push_back(row("total_cost", std::to_string(n++), "总成本费用合计", "Total cost", res.total_cost, 0));
  const YearRow fixed = res.total_cost - res.variable_operating_cost;
  t.rows.push_back(row("fixed_cost", "", "其中：固定成本", "of which fixed cost", fixed, 1));
  t.rows.push_back(row("variable_cost", "", "其中：可变成本", "of which variable cost", res.variable_operating_cost, 1));
  (void)m;
  return t;
}

Table depreciation_table(const ProjectModel& m, const ProjectResult& res) {
  Table t = table("depreciation_and_amortisation", "固定资产折旧费和无形资产及其他资产摊销估算表",
                  "Depreciation and amortisation", res);
  t.rows.push_back(row("fixed_asset_cost", "1", "固定资产原值", "Fixed assets, cost", res.fixed_asset_cost, 0));
  t.rows.push_back(row("depreciation", "2", "当期折旧费", "Depreciation", res.depreciation, 0));
  auto net = row("fixed_asset_net", "3", "固定资产净值", "Fixed assets, net book value", res.fixed_asset_net, 0);
  net.total.reset();
  t.rows.push_back(std::move(net));
  t.rows.push_back(row("amortisation", "4", "无形资产及其他资产摊销费", "Amortisation", res.amortisation, 0));
  auto inet = row("intangible_net", "5", "无形资产及其他资产净值", "Intangible and other assets, net", res.intangible_net, 0);
  inet.total.reset();
  t.rows.push_back(std::move(inet));
  t.notes.push_back(fmt::format("直线法折旧，折旧年限 {} 年，残值率 {:.1f}%（straight line, {} years, salvage {:.1f}%）",
                                m.depreciation.life, m.depreciation.salvage * 100, m.depreciation.life,
                                m.depreciation.salvage * 100));
  return t;
}

Table project_cash_flow_table(const ProjectModel& m, const ProjectResult& res) {
  const auto& cf = res.cash_flow;
  const auto& ind = res.indicators;
  Table t = table("project_investment_cash_flow", "项目投资现金流量表", "Project investment cash flow", res);
  t.rows.push_back(row("inflow", "1", "现金流入", "Cash inflow", cf.inflow, 0));
  t.rows.push_back(row("revenue", "1.1", "营业收入", "Operating revenue", cf.revenue));
  t.rows.push_back(row("subsidy", "1.2", "补贴收入", "Subsidy income", cf.subsidy));
  t.rows.push_back(row("residual_value", "1.3", "回收固定资产余值", "Residual value of fixed assets", cf.residual_value));
  t.rows.push_back(row("working_capital_recovery", "1.4", "回收流动资金", "Working capital recovered", cf.working_capital_recovery));
  t.rows.push_back(row("outflow", "2", "现金流出", "Cash outflow", cf.outflow, 0));
  t.rows.push_back(row("construction_investment", "2.1", "建设投资", "Construction investment", cf.construction_investment));
  t.rows.push_back(row("working_capital", "2.2", "流动资金", "Working capital", cf.working_capital));
  t.rows.push_back(row("operating_cost", "2.3", "经营成本", "Operating cost", cf.operating_cost));
  t.rows.push_back(row("surcharges", "2.4", "税金及附加", "Taxes and surcharges", cf.surcharges));
  t.rows.push_back(row("sustaining_investment", "2.5", "维持运营投资", "Sustaining investment", cf.sustaining));
  t.rows.push_back(row("net_cash_flow_pre_tax", "3", "所得税前净现金流量（1+2）", "Net cash flow before income tax (1+2)", cf.pre_tax, 0));
  auto cum_pre = row("cumulative_pre_tax", "4", "累计所得税前净现金流量", "Cumulative, before income tax", cf.cumulative_pre_tax, 0);
  cum_pre.total.reset();
  t.rows.push_back(std::move(cum_pre));
  t.rows.push_back(row("adjusted_income_tax", "5", "调整所得税", "Adjusted income tax", cf.adjusted_tax, 0));
  t.rows.push_back(row("net_cash_flow_post_tax", "6", "所得税后净现金流量（3+5）", "Net cash flow after income tax (3+5)", cf.post_tax, 0));
  auto cum_post = row("cumulative_post_tax", "7", "累计所得税后净现金流量", "Cumulative, after income tax", cf.cumulative_post_tax, 0);
  cum_post.total.reset();
  t.rows.push_back(std::move(cum_post));
  const std::string ic = fmt::format("{:.2f}%", m.benchmark_rate * 100);
  t.notes.push_back(fmt::format("计算指标：所得税前 FIRR {}，FNPV(ic={}) {:.2f}，静态回收期 {} 年；所得税后 FIRR {}，FNPV(ic={}) {:.2f}，静态回收期 {} 年，动态回收期 {} 年",
                                pct(ind.firr_pre_tax.rate), ic, ind.fnpv_pre_tax, years_text(ind.payback_pre_tax),
                                pct(ind.firr_post_tax.rate), ic, ind.fnpv_post_tax, years_text(ind.payback_post_tax),
                                years_text(ind.dynamic_payback_post_tax)));
  t.notes.push_back("流出为负，流入为正；回收期自建设期开始年起算。(outflows negative; payback counted from the start of construction)");
  return t;
}

report::Item rate_item(std::string key, std::string zh, std::string en, const IrrResult& r) {
  report::Item it{std::move(key), std::move(zh), std::move(en), r.rate, Kind::Rate, {}, r.reason};
  if (r.rate && r.roots.size() > 1) it.text = fmt::format("（{} 个解，见说明）", r.roots.size());
  if (r.rate) it.reason.clear();
  return it;
}

report::Item years_item(std::string key, std::string zh, std::string en, const PaybackResult& p) {
  return {std::move(key), std::move(zh), std::move(en), p.periods, Kind::Years, {}, p.periods ? std::string() : p.reason};
}

void put(report::Json& j, const std::string& key, const std::optional<double>& v, const std::string& reason) {
  j[key] = v && std::isfinite(*v) ? report::Json(*v) : report::Json(nullptr);
  if (!v && !reason.empty()) j[key + "_reason"] = reason;
}

report::Json irr_detail(const IrrResult& r) {
  return {{"status", std::string(to_string(r.status))}, {"roots", r.roots}, {"sign_changes", r.sign_changes},
          {"unique", r.unique}};
}

}  // namespace

std::vector<report::Table> statement_tables(const ProjectModel& model, const ProjectResult& result) {
  return {investment_table(model, result), revenue_table(model, result), total_cost_table(model, result),
          depreciation_table(model, result), project_cash_flow_table(model, result)};
}

report::Summary indicator_summary(const ProjectModel& m, const ProjectResult& res) {
  const auto& ind = res.indicators;
  report::Summary s{"indicators", "财务指标汇总表", "Financial indicators", res.unit, {}};
  const std::string ic = fmt::format("{:.2f}%", m.benchmark_rate * 100);
  s.items.push_back(rate_item("firr_pre_tax", "项目投资财务内部收益率（所得税前）", "Project FIRR, before income tax", ind.firr_pre_tax));
  s.items.push_back(rate_item("firr_post_tax", "项目投资财务内部收益率（所得税后）", "Project FIRR, after income tax", ind.firr_post_tax));
  s.items.push_back({"fnpv_pre_tax", fmt::format("项目投资财务净现值（所得税前，ic={}）", ic),
                     fmt::format("Project FNPV before income tax (ic = {})", ic), ind.fnpv_pre_tax, Kind::Money, {}, {}});
  s.items.push_back({"fnpv_post_tax", fmt::format("项目投资财务净现值（所得税后，ic={}）", ic),
                     fmt::format("Project FNPV after income tax (ic = {})", ic), ind.fnpv_post_tax, Kind::Money, {}, {}});
  s.items.push_back(years_item("payback_pre_tax", "项目投资回收期（所得税前，年）", "Payback before income tax (years)", ind.payback_pre_tax));
  s.items.push_back(years_item("payback_post_tax", "项目投资回收期（所得税后，年）", "Payback after income tax (years)", ind.payback_post_tax));
  s.items.push_back(years_item("dynamic_payback_post_tax", "动态投资回收期（所得税后，年）", "Discounted payback after income tax (years)",
                               ind.dynamic_payback_post_tax));
  return s;
}

std::string render_checks(const std::vector<Check>& checks, report::Lang lang) {
  if (checks.empty()) return {};
  std::string out = lang == report::Lang::Zh ? "判别\n" : "Checks\n";
  for (const auto& c : checks)
    out += fmt::format("  {} {}\n", c.passed ? (lang == report::Lang::Zh ? "通过" : "pass") : (lang == report::Lang::Zh ? "未通过" : "FAIL"),
                       lang == report::Lang::Zh ? c.message_zh : c.message_en);
  return out;
}

report::Json indicators_json(const ProjectModel& m, const ProjectResult& res) {
  (void)m;
  const auto& ind = res.indicators;
  report::Json j = report::Json::object();
  put(j, "firr_pre_tax", ind.firr_pre_tax.rate, ind.firr_pre_tax.reason);
  put(j, "firr_post_tax", ind.firr_post_tax.rate, ind.firr_post_tax.reason);
  j["firr_pre_tax_detail"] = irr_detail(ind.firr_pre_tax);
  j["firr_post_tax_detail"] = irr_detail(ind.firr_post_tax);
  j["fnpv_pre_tax"] = ind.fnpv_pre_tax;
  j["fnpv_post_tax"] = ind.fnpv_post_tax;
  put(j, "payback_pre_tax", ind.payback_pre_tax.periods, ind.payback_pre_tax.reason);
  put(j, "payback_post_tax", ind.payback_post_tax.periods, ind.payback_post_tax.reason);
  put(j, "dynamic_payback_pre_tax", ind.dynamic_payback_pre_tax.periods, ind.dynamic_payback_pre_tax.reason);
  put(j, "dynamic_payback_post_tax", ind.dynamic_payback_post_tax.periods, ind.dynamic_payback_post_tax.reason);
  return j;
}

report::Json run_document(const ProjectModel& m, const ProjectResult& res, const RunMeta& meta) {
  report::Json doc;
  doc["meta"] = {{"model", meta.model_path},
                 {"project", m.name},
                 {"scenario", meta.scenario.empty() ? report::Json(nullptr) : report::Json(meta.scenario)},
                 {"unit", m.unit},
                 {"rates", "fraction"},
                 {"first_year", m.first_year},
                 {"construction_years", m.construction_years},
                 {"operation_years", m.operation_years},
                 {"benchmark_rate", m.benchmark_rate},
                 {"timing", std::string(to_string(m.timing))},
                 {"payback_counted_from", "start of construction"},
                 {"sign", "outflows negative in cash-flow statements; estimate tables hold positive amounts"},
                 {"engine_version", APPRAISE_VERSION}};
  doc["indicators"] = indicators_json(m, res);
  report::Json statements = report::Json::object();
  for (const auto& t : statement_tables(m, res)) statements[t.key] = report::to_json(t);
  doc["statements"] = statements;
  report::Json checks = report::Json::array();
  for (const auto& c : res.checks)
    checks.push_back({{"name", c.name},
                      {"year", c.year ? report::Json(*c.year) : report::Json(nullptr)},
                      {"value", c.value && std::isfinite(*c.value) ? report::Json(*c.value) : report::Json(nullptr)},
                      {"threshold", c.threshold},
                      {"passed", c.passed},
                      {"message", c.message_zh},
                      {"message_en", c.message_en}});
  doc["checks"] = checks;
  return doc;
}

}  // namespace appraise
