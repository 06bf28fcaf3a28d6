#include "appraise/report/economic_report.hpp"

#include <cmath>
#include <fmt/format.h>
#include "appraise/core/units.hpp"

#include "appraise/messages/report.hpp"
#include "statement_rows.hpp"

namespace appraise {
namespace {

using namespace appraise::literals;

using report::Kind;
using report::Row;
using report::Table;
using report_rows::row;
using report_rows::table;


bool all_zero(const YearRow& v) { return (v == 0.0).all(); }

// The words for the components every model knows; a component the model declares keeps its name.
std::string component_zh(const std::string& name) {
  if (name == "imported") return "进口货物";
  if (name == "exported") return "出口货物";
  if (name == "traded") return "可外贸货物";
  if (name == "skilled_labour") return "技术劳动力";
  if (name == "unskilled_labour") return "非技术劳动力";
  if (name == "domestic") return "非外贸货物";
  return name;
}

// "构成：进口货物 30% × 1.08 + …" for an item converted by its components.
std::string components_text(const EconomicAnalysis& e, const Conversion& c, report::Lang lang) {
  std::string out;
  for (const auto& k : c.components) {
    const NamedFactor& f = e.factors[k.factor];
    const double value = f.follows_serf ? e.shadow_exchange_rate_factor : f.value;
    if (!out.empty()) out += " + ";
    out += fmt::format("{} {:g}% × {:g}", lang == report::Lang::Zh ? component_zh(f.name) : f.name, k.share * 100, value);
  }
  return out;
}

// A transposed adjustment table: one column per line (and 合计), rows 财务分析, 换算系数,
// 经济费用效益分析 and 增减 — the factor of each line beside its amounts.
Table adjustment_table(std::string key, std::string zh, std::string en, const std::string& unit,
                       const std::vector<const Adjustment*>& lines) {
  Table t;
  t.key = std::move(key);
  t.title_zh = std::move(zh);
  t.title_en = std::move(en);
  t.unit = unit;
  t.column_label_zh = "项目";
  t.column_label_en = "line";
  t.has_total = true;
  for (const auto* a : lines) t.columns.push_back(a->name);
  auto make = [&](std::string k, std::string number, std::string rz, std::string re, Kind kind, auto value) {
    Row r;
    r.key = std::move(k);
    r.number = std::move(number);
    r.label_zh = std::move(rz);
    r.label_en = std::move(re);
    r.kind = kind;
    r.level = 0;
    for (const auto* a : lines) r.values.push_back(value(*a));
    return r;
  };
  double financial = 0, economic = 0;
  for (const auto* a : lines) {
    financial += a->financial;
    economic += a->economic;
  }
  Row f = make("financial", "1", "财务分析", "Financial analysis", Kind::Money, [](const Adjustment& a) { return a.financial; });
  f.total = financial;
  Row c = make("factor", "2", "换算系数", "Conversion factor", Kind::Factor, [](const Adjustment& a) { return a.factor; });
  if (financial != 0.0) {
    // The factor of the whole is the economic total over the financial one (a workbook writes it
    // as that ratio: a SUM of the lines' factors would recalculate to their sum, e.g. 6.32).
    c.total = economic / financial;
    c.total_derivation = report::ratio_of({{"economic"}}, {{"financial"}});
  }
  Row e = make("economic", "3", "经济费用效益分析", "Economic analysis", Kind::Money, [](const Adjustment& a) { return a.economic; });
  e.total = economic;
  Row d = make("difference", "4", "经济费用效益分析比财务分析增减（±）", "Economic minus financial (±)", Kind::Money,
               [](const Adjustment& a) { return a.economic - a.financial; });
  d.total = economic - financial;
  d.derivation = report::sum_of({{"economic"}, {"financial", -1.0}});
  t.rows = {std::move(f), std::move(c), std::move(e), std::move(d)};
  return t;
}

// How each line was converted, for the notes under an adjustment table.
void basis_notes(Table& t, const ProjectModel& m, const Adjustment& a, const Conversion* conversion) {
  const EconomicAnalysis& e = *m.economic;
  switch (a.basis) {
    case Adjustment::Basis::Components:
      t.notes.push_back(msg(messages::Report::econ_components, "name"_a = a.name,
                            "components"_a = Message(components_text(e, *conversion, report::Lang::En),
                                                     components_text(e, *conversion, report::Lang::Zh))));
      if (!a.note_zh.empty()) t.notes.push_back(Message(a.note_en, a.note_zh));  // input VAT
      break;
    case Adjustment::Basis::PriceContingency:
      t.notes.push_back(msg(messages::Report::econ_price_contingency, "name"_a = a.name));
      break;
    case Adjustment::Basis::Land:
    case Adjustment::Basis::Imported:
      t.notes.push_back(Message(a.note_en, a.note_zh));
      break;
    case Adjustment::Basis::Amount:
      t.notes.push_back(msg(messages::Report::econ_amount, "name"_a = a.name, "amount"_a = format_money(a.economic),
                            "unit"_a = m.unit));
      break;
    case Adjustment::Basis::Share:
      t.notes.push_back(msg(messages::Report::econ_share, "name"_a = a.name, "share"_a = format_percent(e.working_capital_share)));
      break;
    default:
      if (!a.note_zh.empty()) t.notes.push_back(Message(a.note_en, a.note_zh));
      break;
  }
}

Table flow_table(const ProjectModel& m, const ProjectResult& res) {
  const EconomicResult& er = res.economic;
  const EconomicFlows& f = er.flows;
  const EconomicAnalysis& e = *m.economic;
  Table t = table("economic_flows", "项目投资经济费用效益流量表", "Economic cost-benefit flows of the project investment", res);
  t.rows.push_back(row("benefit", "1", "效益流量", "Benefit flow", f.benefit, 0));
  t.rows.push_back(row("direct_benefit", "1.1", "项目直接效益", "Direct benefits", f.direct_benefit));
  for (std::size_t k = 0; k < f.direct_lines.size(); ++k)
    t.rows.push_back(row(fmt::format("direct_benefit_{}", k + 1), fmt::format("1.1.{}", k + 1), f.direct_lines[k].name,
                         f.direct_lines[k].name, f.direct_lines[k].values, 2));
  t.rows.push_back(row("residual_value", "1.2", "资产余值回收", "Residual value recovered", f.residual));
  t.rows.push_back(row("indirect_benefit", "1.3", "项目间接效益", "Indirect (external) benefits", f.indirect_benefit));
  // Benefit lines always; a cost line only in the years it turns into a benefit.
  int no = 0;
  for (std::size_t k = 0; k < f.indirect_benefit_lines.size(); ++k) {
    const auto& l = f.indirect_benefit_lines[k];
    if (k >= e.benefits.size() && all_zero(l.values)) continue;
    ++no;
    t.rows.push_back(row(fmt::format("indirect_benefit_{}", no), fmt::format("1.3.{}", no), l.name, l.name, l.values, 2));
  }
  t.rows.push_back(row("cost", "2", "费用流量", "Cost flow", f.cost, 0));
  t.rows.push_back(row("construction_investment", "2.1", "建设投资", "Construction investment", f.construction));
  t.rows.push_back(row("sustaining_investment", "2.2", "维持运营投资", "Sustaining investment", f.sustaining));
  t.rows.push_back(row("working_capital", "2.3", "流动资金", "Working capital", f.working_capital));
  t.rows.push_back(row("operating_cost", "2.4", "经营费用", "Operating costs", f.operating));
  t.rows.push_back(row("indirect_cost", "2.5", "项目间接费用", "Indirect (external) costs", f.indirect_cost));
  no = 0;
  for (std::size_t k = 0; k < f.indirect_cost_lines.size(); ++k) {
    const auto& l = f.indirect_cost_lines[k];
    if (k >= e.costs.size() && all_zero(l.values)) continue;
    ++no;
    t.rows.push_back(row(fmt::format("indirect_cost_{}", no), fmt::format("2.5.{}", no), l.name, l.name, l.values, 2));
  }
  t.rows.push_back(row("net_benefit", "3", "净效益流量（1−2）", "Net benefit flow (1−2)", f.net, 0));

  const auto& ind = er.indicators;
  const std::string is = format_percent(ind.discount_rate);
  const std::string eirr = ind.eirr.rate ? format_percent(*ind.eirr.rate) : "—";
  const std::string ebcr = ind.ebcr.value ? report::format_value(*ind.ebcr.value, Kind::Factor) : "—";
  t.notes.push_back(msg(e.residual_side == ResidualSide::Benefit ? messages::Report::econ_indicators_residual_benefit
                                                                 : messages::Report::econ_indicators_residual_cost,
                        "is"_a = is, "enpv"_a = format_money(ind.enpv), "eirr"_a = eirr, "ebcr"_a = ebcr));
  t.notes.push_back(msg(messages::Report::econ_flows_basis));
  for (std::size_t k = 0; k < m.revenue.size() && k < er.direct_benefits.size(); ++k) {
    const Adjustment& a = er.direct_benefits[k];
    if (a.basis == Adjustment::Basis::Transfer)
      t.notes.push_back(msg(messages::Report::econ_revenue_transfer, "name"_a = a.name));
    else if (a.basis == Adjustment::Basis::WillingnessToPay)
      t.notes.push_back(msg(messages::Report::econ_revenue_wtp, "name"_a = a.name));
    else if (a.basis == Adjustment::Basis::Components)
      t.notes.push_back(msg(messages::Report::econ_revenue_components, "name"_a = a.name,
                            "factor"_a = report::format_value(a.factor, Kind::Factor),
                            "components"_a = Message(components_text(e, e.revenue[k].conversion, report::Lang::En),
                                                     components_text(e, e.revenue[k].conversion, report::Lang::Zh))));
    else if (a.factor != 1.0)
      t.notes.push_back(msg(messages::Report::econ_revenue_factor, "name"_a = a.name,
                            "factor"_a = report::format_value(a.factor, Kind::Factor)));
  }
  return t;
}

Table investment_adjustment(const ProjectModel& m, const ProjectResult& res) {
  const EconomicResult& er = res.economic;
  std::vector<const Adjustment*> lines;
  for (const auto& a : er.investment) lines.push_back(&a);
  lines.push_back(&er.working_capital);
  lines.push_back(&er.sustaining);
  Table t = adjustment_table("economic_investment_adjustment", "经济费用效益分析投资费用估算调整表",
                             "Investment costs adjusted for the economic analysis", res.unit, lines);
  for (std::size_t k = 0; k < er.investment.size(); ++k)
    basis_notes(t, m, er.investment[k], &m.economic->investment[k].conversion);
  basis_notes(t, m, er.working_capital, nullptr);
  basis_notes(t, m, er.sustaining, &m.economic->sustaining);
  t.notes.push_back(msg(messages::Report::econ_investment_total,
                        "factor"_a = fmt::format("{:g}", m.economic->shadow_exchange_rate_factor)));
  return t;
}

Table operating_adjustment(const ProjectModel& m, const ProjectResult& res) {
  const EconomicResult& er = res.economic;
  std::vector<const Adjustment*> lines;
  for (const auto& a : er.operating_costs) lines.push_back(&a);
  Table t = adjustment_table("economic_operating_cost_adjustment", "经营费用估算调整表",
                             "Operating costs adjusted for the economic analysis", res.unit, lines);
  for (std::size_t k = 0; k < er.operating_costs.size(); ++k)
    basis_notes(t, m, er.operating_costs[k], &m.economic->operating_costs[k]);
  return t;
}

// The transfer payments the economic flows leave out, by year, so a reader can see what went.
Table transfers_table(const ProjectModel& m, const ProjectResult& res) {
  Table t = table("transfers_removed", "经济费用效益分析剔除的转移支付", "Transfer payments removed from the economic analysis", res);
  const auto& f = res.financing;
  YearRow contingency = YearRow::Zero(res.years);
  for (std::size_t k = 0; k < m.investment.size(); ++k)
    if (m.economic->investment[k].kind == InvestmentConversion::Kind::PriceContingency)
      contingency += res.investment_items[k].values;
  t.rows.push_back(row("vat", "1", "增值税", "VAT", res.vat_payable, 0));
  t.rows.push_back(row("surcharges", "2", "税金及附加", "Taxes and surcharges", res.surcharges, 0));
  t.rows.push_back(row("income_tax", "3", "所得税", "Income tax", f.income_tax, 0));
  t.rows.push_back(row("subsidy", "4", "补贴收入", "Subsidy income", res.subsidy, 0));
  t.rows.push_back(row("interest", "5", "利息支出", "Interest", f.interest_paid, 0));
  t.rows.push_back(row("principal", "6", "偿还借款本金", "Loan principal repaid", f.principal_repaid, 0));
  t.rows.push_back(row("price_contingency", "7", "涨价预备费", "Price contingency", contingency, 0));
  if (res.investment_input_vat.abs().sum() > 0)
    t.rows.push_back(row("investment_input_vat", "8", "建设投资进项税额", "Input VAT on construction investment",
                         res.investment_input_vat, 0));
  t.notes.push_back(msg(messages::Report::econ_transfers));
  return t;
}

// Where the fiscal discount rate comes from: the model, the special bond's coupon, or the default.
Message fiscal_rate_source(const ProjectModel& m) {
  if (m.fiscal && m.fiscal->discount_rate) return msg(messages::Report::fiscal_rate_model);
  if (m.financing)
    for (const auto& l : m.financing->loans)
      if (l.kind == DebtKind::SpecialBond) return msg(messages::Report::fiscal_rate_bond, "name"_a = l.name);
  return msg(messages::Report::fiscal_rate_default);
}

Table fiscal_table(const ProjectModel& m, const ProjectResult& res) {
  const FiscalResult& f = res.fiscal;
  Table t = table("fiscal_outlays", "财政支出责任测算表", "Fiscal outlays and receipts", res);
  t.rows.push_back(row("outlays", "1", "财政支出", "Budget outlays", f.outlays, 0));
  t.rows.push_back(row("government_equity", "1.1", "政府股权投资", "Government equity", f.equity));
  t.rows.push_back(row("subsidies", "1.2", "运营补贴", "Operating subsidies and availability payments", f.subsidies));
  for (std::size_t k = 0; k < f.subsidy_lines.size(); ++k)
    t.rows.push_back(row(fmt::format("subsidy_{}", k + 1), fmt::format("1.2.{}", k + 1), f.subsidy_lines[k].name,
                         f.subsidy_lines[k].name, f.subsidy_lines[k].values, 2));
  t.rows.push_back(row("special_bond_gap", "1.3", "专项债券还本付息缺口（政府性基金预算承担）",
                       "Special-bond service not covered by project income (government-fund budget)", f.bond_gap));
  t.rows.push_back(row("other_outlays", "1.4", "其他财政支出", "Other outlays", f.other));
  for (std::size_t k = 0; k < f.other_lines.size(); ++k)
    t.rows.push_back(row(fmt::format("other_outlay_{}", k + 1), fmt::format("1.4.{}", k + 1), f.other_lines[k].name,
                         f.other_lines[k].name, f.other_lines[k].values, 2));
  t.rows.push_back(row("receipts", "2", "财政收入", "Budget receipts", f.receipts, 0));
  t.rows.push_back(row("taxes", "2.1", "项目缴纳税费", "Taxes paid by the project", f.taxes));
  t.rows.push_back(row("dividends", "2.2", "政府股权分红", "Dividends to the government", f.dividends));
  t.rows.push_back(row("net_outlays", "3", "财政净支出（1−2）", "Net fiscal outlays (1−2)", f.net, 0));
  const Fiscal defaults;
  const Fiscal& fs = m.fiscal ? *m.fiscal : defaults;
  const auto money = [](double v) { return format_money(v); };  // as the table writes amounts
  t.notes.push_back(msg(messages::Report::fiscal_pv, "pv"_a = money(f.cost_pv), "outlays"_a = money(f.pv_outlays),
                        "receipts"_a = money(f.pv_receipts), "rate"_a = format_percent(f.discount_rate),
                        "source"_a = fiscal_rate_source(m),
                        "equity_share"_a = format_percent(fs.government_equity_share),
                        "vat_share"_a = format_percent(fs.vat_share), "income_tax_share"_a = format_percent(fs.income_tax_share),
                        "local_tax_share"_a = format_percent(fs.local_tax_share)));
  if (f.ppp) {
    const Ppp& p = *m.ppp;
    t.notes.push_back(msg(messages::Report::fiscal_vfm, "psc"_a = money(f.psc), "initial"_a = money(f.initial_psc),
                          "reference"_a = f.initial_psc_from_model ? msg(messages::Report::fiscal_vfm_reference) : Message::same(""),
                          "neutrality"_a = money(p.competitive_neutrality), "transferable"_a = money(p.transferable_risk),
                          "retained"_a = money(p.retained_risk), "ppp"_a = money(f.ppp_value), "outlays"_a = money(f.pv_outlays),
                          "amount"_a = money(f.vfm_amount), "index"_a = f.vfm_index ? format_percent(*f.vfm_index) : "—"));
  }
  return t;
}

}  // namespace

std::optional<report::Summary> public_summary(const ProjectModel& m, const ProjectResult& res) {
  if (!has_public_view(m)) return std::nullopt;
  report::Summary s{"public_indicators", "经济费用效益分析与财政指标", "Economic and fiscal indicators", res.unit, {}};
  if (res.economic.computed) {
    const auto& ind = res.economic.indicators;
    const std::string is = format_percent(ind.discount_rate);
    // A workbook recomputes them from the economic flows (NPV at its social-discount-rate cell, IRR).
    using Fn = report::ItemFormula::Fn;
    report::Item enpv{"enpv", fmt::format("经济净现值 ENPV（is={}）", is), fmt::format("ENPV (is = {})", is), ind.enpv, Kind::Money, {}, {}};
    enpv.formula = {Fn::Npv, "economic_flows.net_benefit", {}};
    s.items.push_back(enpv);
    report::Item eirr{"eirr", "经济内部收益率 EIRR", "EIRR", ind.eirr.rate, Kind::Rate, {}, ind.eirr.rate ? Message() : ind.eirr.reason};
    if (ind.eirr.rate && ind.eirr.roots.size() == 1) eirr.formula = {Fn::Irr, "economic_flows.net_benefit", {}};
    if (ind.eirr.rate && ind.eirr.roots.size() > 1) {
      eirr.text = fmt::format("（{} 个解，见说明）", ind.eirr.roots.size());
      eirr.text_en = fmt::format("({} roots: see the note)", ind.eirr.roots.size());
    }
    s.items.push_back(eirr);
    s.items.push_back({"ebcr", "经济效益费用比 EBCR", "EBCR (PV benefits / PV costs)", ind.ebcr.value, Kind::Factor, {}, ind.ebcr.reason});
    report::Item pv_b{"pv_economic_benefits", "效益流量现值", "PV of benefits", ind.pv_benefits, Kind::Money, {}, {}};
    pv_b.formula = {Fn::Npv, "economic_flows.benefit", {}};
    s.items.push_back(pv_b);
    report::Item pv_c{"pv_economic_costs", "费用流量现值", "PV of costs", ind.pv_costs, Kind::Money, {}, {}};
    pv_c.formula = {Fn::Npv, "economic_flows.cost", {}};
    s.items.push_back(pv_c);
  }
  for (const auto& ce : res.cost_effectiveness) {
    report::Item it{"cost_effectiveness", fmt::format("费用效果比：{}（{}/{}，年值）", ce.effect, res.unit, ce.unit),
                    fmt::format("Cost-effectiveness: {} ({} per {}, annualised)", ce.effect, res.unit, ce.unit),
                    ce.ratio.value, Kind::Money, {}, ce.ratio.reason};
    // The annual cost is an amount, the effect a quantity: both written as the tables write amounts
    // and volume rows (thousands separators, two decimals).
    it.text = fmt::format("（{}费用年值 {}，等效年效果 {}）", ce.economic_cost ? "经济" : "财务", format_money(ce.annual_cost),
                          format_money(ce.annual_effect));
    it.text_en = fmt::format("({} cost {} a year, levelised effect {} a year)", ce.economic_cost ? "economic" : "financial",
                             format_money(ce.annual_cost), format_money(ce.annual_effect));
    s.items.push_back(std::move(it));
  }
  if (res.fiscal.computed) {
    const auto& f = res.fiscal;
    s.items.push_back({"fiscal_cost_pv", fmt::format("财政净支出现值（{}）", format_percent(f.discount_rate)),
                       fmt::format("PV of net fiscal outlays ({})", format_percent(f.discount_rate)), f.cost_pv, Kind::Money, {}, {}});
    if (f.ppp) {
      s.items.push_back({"psc", "PSC值", "Public sector comparator (PSC)", f.psc, Kind::Money, {}, {}});
      s.items.push_back({"ppp_value", "PPP值", "PPP value", f.ppp_value, Kind::Money, {}, {}});
      s.items.push_back({"vfm_amount", "物有所值量值", "Value-for-money amount", f.vfm_amount, Kind::Money, {}, {}});
      s.items.push_back({"vfm_index", "物有所值指数", "Value-for-money index", f.vfm_index, Kind::Rate, {},
                         f.vfm_index ? Message() : msg(messages::Report::psc_not_positive)});
    }
  }
  return s;
}

std::vector<report::Table> public_tables(const ProjectModel& m, const ProjectResult& res) {
  std::vector<report::Table> out;
  if (!has_public_view(m)) return out;
  if (res.economic.computed) {
    out.push_back(flow_table(m, res));
    out.push_back(investment_adjustment(m, res));
    if (!m.operating_costs.empty()) out.push_back(operating_adjustment(m, res));
    out.push_back(transfers_table(m, res));
  }
  if (res.fiscal.computed) out.push_back(fiscal_table(m, res));
  return out;
}

void add_public_indicators(const ProjectModel& m, const ProjectResult& res, report::JsonValue& j) {
  if (!has_public_view(m)) return;
  using report_rows::put;
  if (res.economic.computed) {
    const auto& ind = res.economic.indicators;
    j["economic_discount_rate"] = ind.discount_rate;
    j["enpv"] = ind.enpv;
    put(j, "eirr", ind.eirr.rate, ind.eirr.reason);
    j["eirr_detail"] = report_rows::irr_detail(ind.eirr);
    put(j, "ebcr", ind.ebcr.value, ind.ebcr.reason);
    j["ebcr_residual_value"] = m.economic->residual_side == ResidualSide::Benefit ? "benefit" : "cost";
    j["pv_economic_benefits"] = ind.pv_benefits;
    j["pv_economic_costs"] = ind.pv_costs;
  }
  report::JsonValue ce = report::JsonValue::array();
  for (const auto& c : res.cost_effectiveness) {
    report::JsonValue x{{"effect", c.effect}, {"unit", c.unit}, {"cost_basis", c.economic_cost ? "economic" : "financial"},
                        {"discount_rate", c.discount_rate}, {"pv_cost", c.pv_cost}, {"pv_effect", c.pv_effect},
                        {"annual_cost", c.annual_cost}, {"annual_effect", c.annual_effect}};
    put(x, "ratio", c.ratio.value, c.ratio.reason);
    ce.push_back(x);
  }
  j["cost_effectiveness"] = ce;
  if (res.fiscal.computed) {
    const auto& f = res.fiscal;
    j["fiscal_discount_rate"] = f.discount_rate;
    j["fiscal_cost_pv"] = f.cost_pv;
    report::JsonValue by_year = report::JsonValue::array();
    for (Eigen::Index t = 0; t < f.net.size(); ++t) by_year.push_back(f.net[t]);
    j["fiscal_outlays"] = by_year;
    if (f.ppp) {
      j["psc"] = f.psc;
      j["ppp_value"] = f.ppp_value;
      j["vfm_amount"] = f.vfm_amount;
      put(j, "vfm_index", f.vfm_index, msg(messages::Report::psc_not_positive));
    }
  }
}

}  // namespace appraise
