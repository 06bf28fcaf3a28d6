#include "appraise/report/statements.hpp"

#include "statement_rows.hpp"
#include "volume_words.hpp"
#include "appraise/report/economic_report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>

#include "appraise/core/units.hpp"
#include "appraise/messages/report.hpp"

namespace appraise {
namespace {

using namespace appraise::literals;

using report::Kind;
using report::Row;
using report::Table;
using report::cumulative_of;
using report::ratio_of;
using report::sum_of;
using report::Term;


using report_rows::row;
using report_rows::table;

Row balance_row(std::string key, std::string number, std::string zh, std::string en, const YearRow& values, int level = 1) {
  Row r = row(std::move(key), std::move(number), std::move(zh), std::move(en), values, level);
  r.total.reset();  // balances are not added up over the years
  return r;
}

std::string key_of(std::string prefix, std::size_t i) { return prefix + "_" + std::to_string(i + 1); }

// How the row `key` follows from other rows (report::Derivation): written once per statement,
// below its rows, so that a workbook can recompute it.
void derive(Table& t, const std::string& key, report::Derivation d) {
  for (auto& r : t.rows)
    if (r.key == key) r.derivation = d;
}

// The rows `prefix_1` … `prefix_n` of a table, each counted once.
std::vector<Term> numbered(const std::string& prefix, std::size_t n) {
  std::vector<Term> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back({key_of(prefix, i)});
  return out;
}

std::string pct(const std::optional<double>& v) { return v ? format_percent(*v) : "—"; }

std::string years_text(const PaybackResult& p) { return p.periods ? fmt::format("{:.2f}", *p.periods) : "—"; }

Table investment_table(const ProjectModel& m, const ProjectResult& res) {
  Table t = table("construction_investment", "建设投资估算表", "Construction investment", res);
  t.rows.push_back(row("construction_investment", "1", "建设投资", "Construction investment", res.construction_investment, 0));
  for (std::size_t i = 0; i < res.investment_items.size(); ++i)
    t.rows.push_back(row(key_of("investment_item", i), fmt::format("1.{}", i + 1), res.investment_items[i].name,
                         res.investment_items[i].name, res.investment_items[i].values));
  t.rows.push_back(row("working_capital", "2", "流动资金", "Working capital", res.working_capital_increment, 0));
  t.rows.push_back(row("sustaining_investment", "3", "维持运营投资", "Sustaining investment", res.sustaining, 0));
  if (!res.investment_items.empty())
    derive(t, "construction_investment", sum_of(numbered("investment_item", res.investment_items.size())));
  for (const auto& item : m.investment)
    if (item.existing)
      t.notes.push_back(msg(item.in_kind ? messages::Report::note_existing_asset_in_kind : messages::Report::note_existing_asset,
                            "name"_a = item.name, "amount"_a = format_money(item.amount), "unit"_a = m.unit));
  for (const auto& c : m.sunk_costs)
    t.notes.push_back(msg(messages::Report::note_sunk_cost, "name"_a = c.name, "amount"_a = format_money(c.amount),
                          "unit"_a = m.unit));
  // With a without-project case: whether each existing asset is counted once (docs/model-format.md),
  // said in the run's language.
  if (m.without)
    for (const auto& item : m.investment) {
      if (!item.existing) continue;
      using namespace literals;
      const auto& w = m.without->model;
      const bool held = w && std::any_of(w->investment.begin(), w->investment.end(),
                                         [&](const InvestmentItem& o) { return o.existing && o.name == item.name; });
      const Message note = msg(!w ? messages::Report::existing_without_series
                               : held ? messages::Report::existing_held_without
                                      : messages::Report::existing_not_held_without,
                               "asset"_a = item.name);
      t.notes.push_back(note);
    }
  return t;
}

Table revenue_table(const ProjectModel& m, const ProjectResult& res) {
  Table t = table("revenue_and_taxes", "营业收入、税金及附加和增值税估算表", "Revenue, taxes and surcharges, and VAT", res);
  t.rows.push_back(row("revenue", "1", "营业收入", "Operating revenue", res.revenue, 0));
  for (std::size_t i = 0; i < res.revenue_lines.size(); ++i) {
    t.rows.push_back(row(key_of("revenue_line", i), fmt::format("1.{}", i + 1), res.revenue_lines[i].name,
                         res.revenue_lines[i].name, res.revenue_lines[i].values));
    if (m.revenue[i].volume) {
      // A quantity in a table of money: labelled with its unit, and with no 合计 (row() gives a
      // row without a total none), so that no total, subtotal or workbook formula adds it in.
      const report_rows::VolumeWords words = report_rows::volume_words(m.revenue[i], m.unit);
      const Message label = m.revenue[i].volume_unit.empty()
                                ? msg(messages::Report::volume_row_no_unit, "volume"_a = words.volume)
                                : msg(messages::Report::volume_row, "volume"_a = words.volume, "unit"_a = words.volume_unit);
      t.rows.push_back(row(key_of("volume", i), "", label.zh, label.en, res.volumes[i].values, 2, Kind::Money, false));
    }
  }
  t.rows.push_back(row("surcharges", "2", "税金及附加", "Taxes and surcharges", res.surcharges, 0));
  if (m.taxes.vat_rate > 0) {
    t.rows.push_back(row("vat_payable", "3", "增值税", "VAT payable", res.vat_payable, 0));
    t.rows.push_back(row("output_vat", "3.1", "销项税额", "Output VAT", res.output_vat));
    t.rows.push_back(row("input_vat", "3.2", "进项税额", "Input VAT", res.input_vat));
    if (res.sale_vat.abs().sum() > 0)
      t.rows.push_back(row("sale_vat", "", m.taxes.sale_vat == TaxesAndSurcharges::SaleVat::Simple ? "其中：销售增值税（简易计税）" : "其中：销售销项税额（扣除土地价款）",
                           m.taxes.sale_vat == TaxesAndSurcharges::SaleVat::Simple ? "of which VAT on sales (simple method)" : "of which output VAT on sales (less the land price)",
                           res.sale_vat, 2));
    if (res.investment_input_vat.abs().sum() > 0) {
      t.rows.push_back(row("investment_input_vat", "3.3", "建设投资可抵扣进项税额", "Deductible input VAT on investment",
                           res.investment_input_vat));
      t.rows.push_back(row("input_vat_deducted", "3.4", "当期抵扣的建设投资进项税额", "Investment input VAT deducted",
                           res.input_vat_deducted));
      t.rows.push_back(balance_row("input_vat_credit", "3.5", "期末留抵税额", "Credit carried forward", res.input_vat_credit));
    }
  }
  if (!res.subsidy_lines.empty()) {
    t.rows.push_back(row("subsidy", m.taxes.vat_rate > 0 ? "4" : "3", "补贴收入", "Subsidy income", res.subsidy, 0));
    for (std::size_t i = 0; i < res.subsidy_lines.size(); ++i)
      t.rows.push_back(row(key_of("subsidy_line", i), "", res.subsidy_lines[i].name, res.subsidy_lines[i].name,
                           res.subsidy_lines[i].values));
  }
  if (!res.revenue_lines.empty()) derive(t, "revenue", sum_of(numbered("revenue_line", res.revenue_lines.size())));
  if (!res.subsidy_lines.empty()) derive(t, "subsidy", sum_of(numbered("subsidy_line", res.subsidy_lines.size())));
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
  const bool sells = res.cost_of_sales.abs().sum() > 0;
  if (sells) t.rows.push_back(row("cost_of_sales", std::to_string(n++), "销售成本（开发产品结转）", "Cost of sales (inventory released)",
                                  res.cost_of_sales, 0));
  if (res.sustaining_expensed.abs().sum() > 0)
    t.rows.push_back(row("sustaining_expensed", std::to_string(n++), "维持运营投资（费用化）", "Sustaining investment (expensed)",
                         res.sustaining_expensed, 0));
  t.rows.push_back(row("total_cost", std::to_string(n++), "总成本费用合计", "Total cost", res.total_cost, 0));
  // The cost of what is sold varies with what is sold: it is variable (break_even() counts it so),
  // and fixed + variable = total.
  const YearRow variable = res.variable_operating_cost + res.cost_of_sales;
  const YearRow fixed = res.total_cost - variable;
  t.rows.push_back(row("fixed_cost", "", "其中：固定成本", "of which fixed cost", fixed, 1));
  t.rows.push_back(row("variable_cost", "", "其中：可变成本", "of which variable cost", variable, 1));
  if (!res.operating_cost_lines.empty())
    derive(t, "operating_cost", sum_of(numbered("operating_cost_line", res.operating_cost_lines.size())));
  std::vector<Term> total{{"operating_cost"}, {"depreciation"}, {"amortisation"}, {"interest"}};
  if (sells) total.push_back({"cost_of_sales"});
  if (res.sustaining_expensed.abs().sum() > 0) total.push_back({"sustaining_expensed"});
  derive(t, "total_cost", sum_of(total));
  derive(t, "fixed_cost", sum_of({{"total_cost"}, {"variable_cost", -1}}));
  if (sells)
    t.notes.push_back(msg(messages::Report::note_inventory, "amount"_a = format_money(res.inventory_cost), "unit"_a = m.unit));
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
  // Each asset's life, so that a reviewer can rebuild the charge from the investment table: the
  // model's life is only the default, and equipment, capitalised sustaining investment and
  // intangibles have their own.
  std::vector<Message> fixed, amortised;
  for (const auto& item : m.investment) {
    if (item.asset == AssetClass::Fixed)
      fixed.push_back(msg(messages::Report::note_asset_life, "name"_a = item.name, "life"_a = item.life.value_or(m.depreciation.life)));
    else if (item.asset == AssetClass::Intangible || item.asset == AssetClass::Other)
      amortised.push_back(msg(messages::Report::note_asset_life, "name"_a = item.name,
                              "life"_a = item.life.value_or(item.asset == AssetClass::Intangible ? m.depreciation.intangible_life
                                                                                                 : m.depreciation.other_life)));
  }
  for (const auto& sustaining : m.sustaining)
    if (sustaining.capitalise)
      fixed.push_back(msg(messages::Report::note_asset_life, "name"_a = msg(messages::Report::note_sustaining_asset),
                          "life"_a = sustaining.life));
  const auto joined = [](const std::vector<Message>& parts) {
    Message out = Message::same("");
    for (std::size_t k = 0; k < parts.size(); ++k) {
      if (k > 0) out += msg(messages::Report::note_list_separator);
      out += parts[k];
    }
    return out;
  };
  // No fixed asset at all (a land-reserve project sells all it builds): no life to speak of.
  if (fixed.empty() && res.fixed_asset_cost.abs().maxCoeff() == 0.0)
    t.notes.push_back(msg(messages::Report::note_no_fixed_assets));
  else
    t.notes.push_back(fixed.empty() ? msg(messages::Report::note_depreciation, "life"_a = m.depreciation.life,
                                        "salvage"_a = format_percent(m.depreciation.salvage, 1))
                                  : msg(messages::Report::note_depreciation_by_asset, "lives"_a = joined(fixed),
                                        "salvage"_a = format_percent(m.depreciation.salvage, 1)));
  if (!amortised.empty()) t.notes.push_back(msg(messages::Report::note_amortisation_by_asset, "lives"_a = joined(amortised)));
  return t;
}

// Rows 1–1.4, the inflows both cash-flow statements share; the residual value differs (the
// project statement's is before financing).
void add_inflows(Table& t, const ProjectCashFlow& cf, const YearRow& total, const YearRow& residual) {
  t.rows.push_back(row("inflow", "1", "现金流入", "Cash inflow", total, 0));
  t.rows.push_back(row("revenue", "1.1", "营业收入", "Operating revenue", cf.revenue));
  t.rows.push_back(row("subsidy", "1.2", "补贴收入", "Subsidy income", cf.subsidy));
  t.rows.push_back(row("residual_value", "1.3", "回收固定资产余值", "Residual value of fixed assets", residual));
  t.rows.push_back(row("working_capital_recovery", "1.4", "回收流动资金", "Working capital recovered", cf.working_capital_recovery));
  if (cf.input_vat_deducted.abs().sum() > 0)
    t.rows.push_back(row("input_vat_deducted", "1.5", "建设投资进项税额抵扣", "Investment input VAT deducted", cf.input_vat_deducted));
  std::vector<Term> inflows{{"revenue"}, {"subsidy"}, {"residual_value"}, {"working_capital_recovery"}};
  if (cf.input_vat_deducted.abs().sum() > 0) inflows.push_back({"input_vat_deducted"});
  derive(t, "inflow", sum_of(inflows));
}

Table project_cash_flow_table(const ProjectModel& m, const ProjectResult& res) {
  const auto& cf = res.cash_flow;
  const auto& ind = res.indicators;
  Table t = table("project_investment_cash_flow", "项目投资现金流量表", "Project investment cash flow", res);
  add_inflows(t, cf, cf.inflow, cf.residual_value);
  t.rows.push_back(row("outflow", "2", "现金流出", "Cash outflow", cf.outflow, 0));
  t.rows.push_back(row("construction_investment", "2.1", "建设投资", "Construction investment", cf.construction_investment));
  t.rows.push_back(row("working_capital", "2.2", "流动资金", "Working capital", cf.working_capital));
  t.rows.push_back(row("operating_cost", "2.3", "经营成本", "Operating cost", cf.operating_cost));
  t.rows.push_back(row("surcharges", "2.4", "税金及附加", "Taxes and surcharges", cf.surcharges));
  t.rows.push_back(row("sustaining_investment", "2.5", "维持运营投资", "Sustaining investment", cf.sustaining));
  if (cf.land_appreciation_tax.abs().sum() > 0)
    t.rows.push_back(row("land_appreciation_tax", "2.6", "土地增值税", "Land appreciation tax", cf.land_appreciation_tax));
  t.rows.push_back(row("net_cash_flow_pre_tax", "3", "所得税前净现金流量（1+2）", "Net cash flow before income tax (1+2)", cf.pre_tax, 0));
  auto cum_pre = row("cumulative_pre_tax", "4", "累计所得税前净现金流量", "Cumulative, before income tax", cf.cumulative_pre_tax, 0);
  cum_pre.total.reset();
  t.rows.push_back(std::move(cum_pre));
  t.rows.push_back(row("adjusted_income_tax", "5", "调整所得税", "Adjusted income tax", cf.adjusted_tax, 0));
  t.rows.push_back(row("net_cash_flow_post_tax", "6", "所得税后净现金流量（3+5）", "Net cash flow after income tax (3+5)", cf.post_tax, 0));
  auto cum_post = row("cumulative_post_tax", "7", "累计所得税后净现金流量", "Cumulative, after income tax", cf.cumulative_post_tax, 0);
  cum_post.total.reset();
  t.rows.push_back(std::move(cum_post));
  std::vector<Term> outflows{{"construction_investment"}, {"working_capital"}, {"operating_cost"}, {"surcharges"},
                             {"sustaining_investment"}};
  if (cf.land_appreciation_tax.abs().sum() > 0) outflows.push_back({"land_appreciation_tax"});
  derive(t, "outflow", sum_of(outflows));
  derive(t, "net_cash_flow_pre_tax", sum_of({{"inflow"}, {"outflow"}}));
  derive(t, "cumulative_pre_tax", cumulative_of({{"net_cash_flow_pre_tax"}}));
  derive(t, "net_cash_flow_post_tax", sum_of({{"net_cash_flow_pre_tax"}, {"adjusted_income_tax"}}));
  derive(t, "cumulative_post_tax", cumulative_of({{"net_cash_flow_post_tax"}}));
  const std::string ic = format_percent(m.benchmark_rate);
  t.notes.push_back(msg(messages::Report::note_project_indicators, "firr_pre"_a = pct(ind.firr_pre_tax.rate), "ic"_a = ic,
                        "fnpv_pre"_a = format_money(ind.fnpv_pre_tax), "payback_pre"_a = years_text(ind.payback_pre_tax),
                        "firr_post"_a = pct(ind.firr_post_tax.rate), "fnpv_post"_a = format_money(ind.fnpv_post_tax),
                        "payback_post"_a = years_text(ind.payback_post_tax),
                        "dynamic_post"_a = years_text(ind.dynamic_payback_post_tax)));
  t.notes.push_back(msg(messages::Report::note_sign_and_payback));
  // The residual value before financing is not the depreciation table's net value at the end:
  // the difference is the capitalised construction interest (and fees) not yet depreciated.
  // Said, with the amount, whenever the two differ at the cent, so that a reader can reconcile them.
  const Eigen::Index last = cf.residual_value.size() - 1;
  if (last >= 0 && !m.residual_value && m.taxes.adjusted_tax_base == TaxesAndSurcharges::AdjustedTaxBase::FinancingNeutral) {
    const double book = res.fixed_asset_net[last], residual = cf.residual_value[last];
    if (std::abs(book - residual) >= 0.005)
      t.notes.push_back(msg(ind.construction_fees_total > 0 ? messages::Report::note_residual_before_financing_fees
                                                            : messages::Report::note_residual_before_financing,
                            "residual"_a = format_money(residual), "book"_a = format_money(book),
                            "difference"_a = format_money(book - residual), "unit"_a = m.unit));
  }
  // A sale project's land appreciation tax before financing differs from the one the other
  // statements pay when loans carry interest into the inventory: both said, with the amounts.
  const double lat_pre = -cf.land_appreciation_tax.sum(), lat_actual = res.lat.tax;
  if (std::abs(lat_pre - lat_actual) >= 0.005)
    t.notes.push_back(msg(messages::Report::note_land_appreciation_tax_before_financing, "pre"_a = format_money(lat_pre),
                          "actual"_a = format_money(lat_actual), "unit"_a = m.unit));
  return t;
}

// 项目总投资使用计划与资金筹措表: the uses (建设投资, 建设期利息, 流动资金) and the sources that pay
// for them (资本金, each loan's and bond's draws, the construction interest a loan rolls into its
// balance), year by year; the two totals are equal every year.
Table investment_plan_table(const ProjectModel& m, const ProjectResult& res) {
  const auto& f = res.financing;
  const auto& ind = res.indicators;
  Table t = table("investment_plan", "项目总投资使用计划与资金筹措表", "Total investment: uses and sources of funds", res);
  const YearRow interest = f.construction_interest + f.construction_fees;
  const YearRow uses = res.construction_investment + interest + res.working_capital_increment;
  t.rows.push_back(row("total_investment", "1", "总投资", "Total investment", uses, 0));
  t.rows.push_back(row("construction_investment", "1.1", "建设投资", "Construction investment", res.construction_investment));
  t.rows.push_back(row("construction_interest", "1.2", ind.construction_fees_total > 0 ? "建设期利息（含融资费用）" : "建设期利息",
                       ind.construction_fees_total > 0 ? "Interest during construction (with fees)" : "Interest during construction",
                       interest));
  t.rows.push_back(row("working_capital", "1.3", "流动资金", "Working capital", res.working_capital_increment));
  YearRow sources = f.equity;
  for (const auto& l : f.loans) sources += l.draw + l.capitalised_interest;
  t.rows.push_back(row("sources", "2", "资金筹措", "Sources of funds", sources, 0));
  t.rows.push_back(row("equity", "2.1", "项目资本金", "Equity", f.equity));
  for (std::size_t i = 0; i < f.loans.size(); ++i) {
    const auto& l = f.loans[i];
    const std::string no = fmt::format("2.{}", i + 2);
    const bool rolls = l.capitalised_interest.abs().sum() > 0;
    t.rows.push_back(row(key_of("source_loan", i), no, rolls ? l.name + "（含建设期利息）" : l.name,
                         rolls ? l.name + " (with interest during construction)" : l.name, l.draw + l.capitalised_interest));
  }
  // The amounts as the table above shows them (format_money: thousands separators, to the cent).
  const Message fees = ind.construction_fees_total > 0
                           ? msg(messages::Report::note_fees_term, "fees"_a = format_money(ind.construction_fees_total))
                           : Message::same("");
  t.notes.push_back(msg(messages::Report::note_total_investment, "total"_a = format_money(ind.total_investment),
                        "unit"_a = m.unit, "construction"_a = format_money(res.construction_investment.sum()),
                        "interest"_a = format_money(ind.construction_interest_total), "fees"_a = fees,
                        "working_capital"_a = format_money(ind.working_capital_total)));
  return t;
}

Table loan_table(const ProjectModel& m, const ProjectResult& res, const std::string& only = {}) {
  const auto& f = res.financing;
  Table t = table("loan_schedule", "借款还本付息计划表", "Loan repayment schedule", res);
  if (!only.empty()) {
    t.title_zh += "：" + only;
    t.title_en += ": " + only;
  }
  YearRow opening = YearRow::Zero(res.years), draw = opening, interest = opening, principal = opening, closing = opening,
          paid = opening;
  for (std::size_t i = 0; i < f.loans.size(); ++i) {
    const auto& l = f.loans[i];
    if (!only.empty() && l.name != only) continue;
    const std::string no = std::to_string(i + 1);
    const std::string k = "loan_" + no;
    t.rows.push_back(balance_row(k + "_opening", no + ".1", l.name + " 期初借款余额", l.name + ": opening balance", l.opening, 0));
    t.rows.push_back(row(k + "_draw", no + ".2", "当期借款", "drawn", l.draw));
    t.rows.push_back(row(k + "_interest", no + ".3", "当期应计利息", "interest accrued", l.interest));
    t.rows.push_back(row(k + "_service", no + ".4", "当期还本付息", "debt service", l.principal + l.interest_paid + l.fees));
    t.rows.push_back(row(k + "_principal", no + ".4.1", "  还本", "  principal", l.principal, 2));
    t.rows.push_back(row(k + "_interest_paid", no + ".4.2", "  付息", "  interest and fees paid", l.interest_paid + l.fees, 2));
    t.rows.push_back(balance_row(k + "_closing", no + ".5", "期末借款余额", "closing balance", l.closing));
    opening += l.opening;
    draw += l.draw;
    interest += l.interest;
    principal += l.principal;
    paid += l.interest_paid + l.fees;
    closing += l.closing;
  }
  if (!only.empty()) return t;
  if (f.short_term_draw.sum() > 0) {
    const std::string no = std::to_string(f.loans.size() + 1);
    t.rows.push_back(row("short_term_draw", no + ".1", "短期借款 当期借款", "Short-term loans: drawn", f.short_term_draw, 0));
    t.rows.push_back(row("short_term_repaid", no + ".2", "还本", "principal", f.short_term_repaid));
    t.rows.push_back(row("short_term_interest", no + ".3", "付息", "interest", f.short_term_interest));
    principal += f.short_term_repaid;
    paid += f.short_term_interest;
    closing += f.short_term_balance;
  }
  t.rows.push_back(row("total_draw", "", "合计 当期借款", "Total drawn", draw, 0));
  t.rows.push_back(row("total_interest", "", "合计 应计利息", "Total interest accrued", interest, 0));
  t.rows.push_back(row("total_principal", "", "合计 还本", "Total principal repaid", principal, 0));
  t.rows.push_back(row("total_interest_paid", "", "合计 付息", "Total interest and fees paid", paid, 0));
  t.rows.push_back(balance_row("total_closing", "", "合计 期末借款余额", "Total closing balance", closing, 0));
  t.rows.push_back(row("cash_available", "", "可用于还本付息的资金", "Cash available for debt service", f.cfads, 0));
  t.rows.push_back(row("debt_service", "", "当期应还本付息额", "Debt service due", f.debt_service, 0));
  t.rows.push_back(row("icr", "", "利息备付率", "Interest coverage ratio (ICR)", f.icr, 0, Kind::Ratio));
  t.rows.push_back(row("dscr", "", "偿债备付率", "Debt service coverage ratio (DSCR)", f.dscr, 0, Kind::Ratio));
  std::vector<Term> draws, accrued, principals, paid_terms, closings;
  for (std::size_t i = 0; i < f.loans.size(); ++i) {
    const std::string k = "loan_" + std::to_string(i + 1);
    derive(t, k + "_service", sum_of({{k + "_principal"}, {k + "_interest_paid"}}));
    draws.push_back({k + "_draw"});
    accrued.push_back({k + "_interest"});
    principals.push_back({k + "_principal"});
    paid_terms.push_back({k + "_interest_paid"});
    closings.push_back({k + "_closing"});
  }
  if (f.short_term_draw.sum() > 0) {
    principals.push_back({"short_term_repaid"});
    paid_terms.push_back({"short_term_interest"});
  } else {
    derive(t, "total_closing", sum_of(closings));  // the short-term balance has no row of its own
  }
  derive(t, "total_draw", sum_of(draws));
  derive(t, "total_interest", sum_of(accrued));
  derive(t, "total_principal", sum_of(principals));
  derive(t, "total_interest_paid", sum_of(paid_terms));
  if (!m.targets.dscr_uses_adjusted_tax && !m.targets.dscr_deducts_sustaining)
    derive(t, "cash_available", res.cost_of_sales.abs().sum() > 0
                                    ? sum_of({{"profit_and_distribution.ebitda"}, {"total_cost.cost_of_sales"},
                                              {"profit_and_distribution.income_tax", -1}})
                                    : sum_of({{"profit_and_distribution.ebitda"}, {"profit_and_distribution.income_tax", -1}}));
  derive(t, "icr", ratio_of({{"profit_and_distribution.ebit"}}, {{"total_cost.interest"}}));
  derive(t, "dscr", ratio_of({{"cash_available"}}, {{"debt_service"}}));
  // Which loans are drawn other than at mid-year, and, loan by loan, whether construction interest
  // rolls into the principal or is paid in cash (a bond pays its coupons in cash even when a
  // bank loan beside it capitalises).
  std::vector<std::string> at_start, at_end, rolled, paid_in_cash;
  if (m.financing)
    for (const auto& l : m.financing->loans)
      if (l.draw_timing != DrawTiming::MidYear && l.kind != DebtKind::WorkingCapital)
        (l.draw_timing == DrawTiming::Start ? at_start : at_end).push_back(l.name);
  for (const auto& l : f.loans) {
    const double construction_interest = l.interest.head(m.construction_years).sum();
    const double capitalised = l.capitalised_interest.sum();
    if (capitalised > 0) rolled.push_back(l.name);
    if (construction_interest - capitalised > 1e-9 * std::max(1.0, construction_interest)) paid_in_cash.push_back(l.name);
  }
  Message exceptions = Message::same("");
  if (!at_start.empty()) exceptions += msg(messages::Report::note_draws_at_start, "names"_a = joined(at_start));
  if (!at_end.empty()) exceptions += msg(messages::Report::note_draws_at_end, "names"_a = joined(at_end));
  t.notes.push_back(msg(messages::Report::note_construction_interest_timing, "exceptions"_a = exceptions,
                        "tax_basis"_a = msg(m.targets.dscr_uses_adjusted_tax ? messages::Report::note_tax_adjusted
                                                                            : messages::Report::note_tax_actual)));
  if (!rolled.empty()) t.notes.push_back(msg(messages::Report::note_interest_capitalised, "names"_a = joined(rolled)));
  if (!paid_in_cash.empty())
    t.notes.push_back(msg(messages::Report::note_interest_paid_in_cash, "names"_a = joined(paid_in_cash)));
  if (res.cost_of_sales.abs().sum() > 0) t.notes.push_back(msg(messages::Report::note_cash_for_debt_service_with_sales));
  // Each loan's years: a planner reads `term_years` as the whole 贷款期限, grace included, and the
  // table's columns alone do not say when the last repayment falls.
  for (const auto& l : f.loans) {
    if (l.kind == DebtKind::WorkingCapital || l.first_repayment < 0 || l.repayment_years <= 0) continue;
    if (!only.empty() && l.name != only) continue;
    int first_draw = -1;
    for (Eigen::Index y = 0; y < l.draw.size() && first_draw < 0; ++y)
      if (l.draw[y] > 0) first_draw = static_cast<int>(y);
    const int operating = m.first_year + m.construction_years;
    const int repay_from = m.first_year + l.first_repayment;
    const int last = repay_from + l.repayment_years - 1;
    const int draw_from = m.first_year + std::max(first_draw, 0);
    const int grace = std::max(0, repay_from - operating);
    const auto years = [](int from, int to) { return from == to ? std::to_string(from) : fmt::format("{}–{}", from, to); };
    t.notes.push_back(grace > 0 ? msg(messages::Report::note_loan_years_grace, "name"_a = l.name, "draw"_a = draw_from,
                                      "grace"_a = grace, "grace_years"_a = years(operating, repay_from - 1),
                                      "years"_a = l.repayment_years, "repayment_years"_a = years(repay_from, last), "last"_a = last)
                                : msg(messages::Report::note_loan_years, "name"_a = l.name, "draw"_a = draw_from,
                                      "years"_a = l.repayment_years, "repayment_years"_a = years(repay_from, last), "last"_a = last));
  }
  // A sculpted loan's debt capacity, and what it owes against it (the debt_capacity check).
  for (const auto& l : f.loans) {
    if (l.repayment != Repayment::Sculpted || !l.sculpted_capacity) continue;
    const double capacity = *l.sculpted_capacity;
    const bool above = l.sculpted_balance > capacity + 1e-9 * std::max(1.0, std::abs(capacity));
    const auto shown = format_apart(std::array{l.sculpted_balance, capacity});
    t.notes.push_back(msg(above ? messages::Report::note_sculpted_capacity_exceeded : messages::Report::note_sculpted_capacity,
                          "name"_a = l.name, "dscr"_a = fmt::format("{:.2f}", l.target_dscr),
                          "rate"_a = format_percent(l.rate), "years"_a = l.repayment_years,
                          "capacity"_a = group_thousands(shown[1]), "owed"_a = group_thousands(shown[0]),
                          "excess"_a = format_money(round_up_to_cent(l.sculpted_balance - capacity)), "unit"_a = m.unit));
  }
  return t;
}

Table profit_table(const ProjectModel& m, const ProjectResult& res) {
  const auto& f = res.financing;
  Table t = table("profit_and_distribution", "利润与利润分配表", "Profit and profit distribution", res);
  t.rows.push_back(row("revenue", "1", "营业收入", "Operating revenue", res.revenue, 0));
  // A developer books 土地增值税 under 税金及附加 (房地产开发企业的会计处理), so with a sale project row 2 is
  // the sum and 2.1 is its part: a child larger than its parent, and a 利润总额（1-2-3+4）
  // that silently deducted a row outside 2, would contradict the labels. The row takes its own
  // key then, since everywhere else `surcharges` means the surcharges alone.
  const bool lat = res.land_appreciation_tax.abs().sum() > 0;
  if (lat) {
    t.rows.push_back(row("surcharges_and_land_appreciation_tax", "2", "税金及附加（含土地增值税）",
                         "Taxes and surcharges (with land appreciation tax)", res.surcharges + res.land_appreciation_tax, 0));
    t.rows.push_back(row("land_appreciation_tax", "2.1", "其中：土地增值税（按销售计提）",
                         "of which: land appreciation tax (accrued with sales)", res.land_appreciation_tax));
  } else {
    t.rows.push_back(row("surcharges", "2", "税金及附加", "Taxes and surcharges", res.surcharges, 0));
  }
  t.rows.push_back(row("total_cost", "3", "总成本费用", "Total cost", res.total_cost, 0));
  t.rows.push_back(row("subsidy", "4", "补贴收入", "Subsidy income", res.subsidy, 0));
  t.rows.push_back(row("profit_before_tax", "5", "利润总额（1-2-3+4）", "Profit before tax (1-2-3+4)", f.profit_before_tax, 0));
  t.rows.push_back(row("loss_offset", "6", "弥补以前年度亏损", "Losses of earlier years offset", f.loss_offset, 0));
  t.rows.push_back(row("taxable_income", "7", "应纳税所得额", "Taxable income", f.taxable_income, 0));
  t.rows.push_back(row("income_tax", "8", "所得税", "Income tax", f.income_tax, 0));
  t.rows.push_back(row("net_profit", "9", "净利润（5-8）", "Net profit (5-8)", f.net_profit, 0));
  t.rows.push_back(row("opening_undistributed", "10", "期初未分配利润", "Undistributed profit, opening", f.opening_undistributed, 0, Kind::Money, false));
  t.rows.push_back(row("distributable", "11", "可供分配的利润（9+10）", "Distributable profit (9+10)", f.distributable, 0, Kind::Money, false));
  t.rows.push_back(row("statutory_reserve", "12", "提取法定盈余公积金", "Statutory surplus reserve", f.statutory_reserve, 0));
  t.rows.push_back(row("distributable_to_investors", "13", "可供投资者分配的利润（11-12）", "Distributable to investors (11-12)",
                       f.distributable_to_investors, 0, Kind::Money, false));
  t.rows.push_back(row("dividends", "14", "应付利润", "Profit paid out", f.dividends, 0));
  t.rows.push_back(row("undistributed", "15", "未分配利润（13-14）", "Undistributed profit (13-14)", f.undistributed, 0, Kind::Money, false));
  t.rows.push_back(row("ebit", "16", "息税前利润（利润总额+利息支出）", "EBIT (profit before tax + interest)", f.ebit, 0));
  t.rows.push_back(row("ebitda", "17", "息税折旧摊销前利润", "EBITDA", f.ebitda, 0));
  if (lat)
    derive(t, "profit_before_tax",
           sum_of({{"revenue"}, {"surcharges_and_land_appreciation_tax", -1}, {"total_cost", -1}, {"subsidy"}}));
  else
    derive(t, "profit_before_tax", sum_of({{"revenue"}, {"surcharges", -1}, {"total_cost", -1}, {"subsidy"}}));
  derive(t, "net_profit", sum_of({{"profit_before_tax"}, {"income_tax", -1}}));
  derive(t, "distributable", sum_of({{"net_profit"}, {"opening_undistributed"}}));
  derive(t, "distributable_to_investors", sum_of({{"distributable"}, {"statutory_reserve", -1}}));
  derive(t, "undistributed", sum_of({{"distributable_to_investors"}, {"dividends", -1}}));
  derive(t, "ebit", sum_of({{"profit_before_tax"}, {"total_cost.interest"}}));
  derive(t, "ebitda", sum_of({{"ebit"}, {"total_cost.depreciation"}, {"total_cost.amortisation"}}));
  t.notes.push_back(msg(messages::Report::note_income_tax, "rate"_a = format_percent(m.income_tax_rate, 0),
                        "years"_a = m.financing.value_or(Financing{}).loss_carry_forward_years,
                        "reserve"_a = format_percent(m.financing.value_or(Financing{}).statutory_reserve, 0)));
  if (const double margin = res.non_taxable_margin.sum(); margin >= 0.005)
    t.notes.push_back(msg(messages::Report::note_land_sale_not_taxed, "margin"_a = format_money(margin), "unit"_a = m.unit));
  if (f.reserve_capped_from >= 0)
    t.notes.push_back(msg(m.financing && m.financing->registered_capital ? messages::Report::note_reserve_capped
                                                                         : messages::Report::note_reserve_capped_equity,
                          "capital"_a = format_money(f.registered_capital), "cap"_a = format_money(0.5 * f.registered_capital),
                          "unit"_a = m.unit, "year"_a = m.first_year + f.reserve_capped_from,
                          "reserve"_a = format_percent(m.financing.value_or(Financing{}).statutory_reserve, 0)));
  return t;
}

Table equity_cash_flow_table(const ProjectModel& m, const ProjectResult& res) {
  const auto& f = res.financing;
  const auto& cf = res.cash_flow;
  Table t = table("equity_cash_flow", "项目资本金现金流量表", "Equity cash flow", res);
  add_inflows(t, cf, f.eq_inflow, res.residual_value);
  t.rows.push_back(row("outflow", "2", "现金流出", "Cash outflow", f.eq_outflow, 0));
  t.rows.push_back(row("equity", "2.1", "项目资本金", "Equity paid in", f.eq_equity));
  t.rows.push_back(row("principal", "2.2", "借款本金偿还", "Principal repaid", f.eq_principal));
  t.rows.push_back(row("interest", "2.3", "借款利息支付", "Interest paid", f.eq_interest));
  t.rows.push_back(row("operating_cost", "2.4", "经营成本", "Operating cost", cf.operating_cost));
  t.rows.push_back(row("surcharges", "2.5", "税金及附加", "Taxes and surcharges", cf.surcharges));
  t.rows.push_back(row("income_tax", "2.6", "所得税", "Income tax", f.eq_income_tax));
  t.rows.push_back(row("sustaining_investment", "2.7", "维持运营投资", "Sustaining investment", cf.sustaining));
  // The tax the project pays, with the interest deducted (the project investment cash flow's is before financing).
  const bool land_tax = res.land_appreciation_tax_paid.abs().sum() > 0;
  if (land_tax)
    t.rows.push_back(row("land_appreciation_tax", "2.8", "土地增值税", "Land appreciation tax", -res.land_appreciation_tax_paid));
  t.rows.push_back(row("net_cash_flow", "3", "净现金流量（1+2）", "Net cash flow (1+2)", f.eq_net, 0));
  std::vector<Term> outflows{{"equity"}, {"principal"}, {"interest"}, {"operating_cost"}, {"surcharges"}, {"income_tax"},
                             {"sustaining_investment"}};
  if (land_tax) outflows.push_back({"land_appreciation_tax"});
  derive(t, "outflow", sum_of(outflows));
  derive(t, "net_cash_flow", sum_of({{"inflow"}, {"outflow"}}));
  const auto& e = res.indicators.equity_irr;
  t.notes.push_back(e.rate || e.reason.empty() ? msg(messages::Report::note_equity_irr, "rate"_a = pct(e.rate))
                                               : msg(messages::Report::note_equity_irr_absent, "reason"_a = e.reason));
  (void)m;
  return t;
}

Table financial_plan_table(const ProjectModel& m, const ProjectResult& res) {
  const auto& f = res.financing;
  Table t = table("financial_plan_cash_flow", "财务计划现金流量表", "Financial plan cash flow", res);
  t.rows.push_back(row("operating_net", "1", "经营活动净现金流量", "Net cash from operations", f.op_net, 0));
  t.rows.push_back(row("operating_inflow", "1.1",
                       res.input_vat_deducted.abs().sum() > 0 ? "现金流入（营业收入、补贴收入、进项税额抵扣）" : "现金流入（营业收入、补贴收入）",
                       res.input_vat_deducted.abs().sum() > 0 ? "inflow (revenue, subsidy, input VAT deducted)" : "inflow (revenue, subsidy)",
                       f.op_inflow));
  // 1.2 现金流出 and its items, numbered as the standard's table is (1.1 inflow, 1.2 outflow, 1.2.1 …).
  const bool land_tax = res.land_appreciation_tax_paid.abs().sum() > 0;
  t.rows.push_back(row("operating_outflow", "1.2", "现金流出", "outflow",
                       -(res.operating_cost + res.surcharges + f.income_tax + res.land_appreciation_tax_paid)));
  t.rows.push_back(row("operating_cost", "1.2.1", "经营成本", "operating cost", -res.operating_cost));
  t.rows.push_back(row("surcharges", "1.2.2", "税金及附加", "taxes and surcharges", -res.surcharges));
  t.rows.push_back(row("income_tax", "1.2.3", "所得税", "income tax", -f.income_tax));
  if (land_tax)
    t.rows.push_back(row("land_appreciation_tax", "1.2.4", "土地增值税", "land appreciation tax", -res.land_appreciation_tax_paid));
  t.rows.push_back(row("investing_net", "2", "投资活动净现金流量", "Net cash from investing", f.inv_net, 0));
  t.rows.push_back(row("construction_investment", "2.1", "建设投资", "construction investment",
                       -(res.construction_investment - res.in_kind_investment)));
  t.rows.push_back(row("sustaining_investment", "2.2", "维持运营投资", "sustaining investment", -res.sustaining));
  t.rows.push_back(row("working_capital", "2.3", "流动资金", "working capital", -res.working_capital_increment));
  t.rows.push_back(row("financing_net", "3", "筹资活动净现金流量", "Net cash from financing", f.fin_net, 0));
  t.rows.push_back(row("equity", "3.1", "项目资本金投入", "equity paid in", f.equity - res.in_kind_investment));
  t.rows.push_back(row("loan_draws", "3.2", "借款（含债券、流动资金借款）", "loans and bonds drawn", f.loan_draws));
  t.rows.push_back(row("short_term_draw", "3.3", "短期借款", "short-term loans", f.short_term_draw));
  t.rows.push_back(row("interest_paid", "3.4", "各种利息支出", "interest and fees paid", -f.interest_paid));
  t.rows.push_back(row("principal_repaid", "3.5", "偿还债务本金", "principal repaid", -f.principal_repaid));
  t.rows.push_back(row("dividends", "3.6", "应付利润", "profit paid out", -f.dividends));
  t.rows.push_back(row("net_cash", "4", "净现金流量（1+2+3）", "Net cash flow (1+2+3)", f.net_cash, 0));
  t.rows.push_back(balance_row("surplus", "5", "累计盈余资金", "Cumulative surplus", f.surplus, 0));
  std::vector<Term> outflow{{"operating_cost"}, {"surcharges"}, {"income_tax"}};
  if (land_tax) outflow.push_back({"land_appreciation_tax"});
  derive(t, "operating_outflow", sum_of(outflow));
  derive(t, "operating_net", sum_of({{"operating_inflow"}, {"operating_outflow"}}));
  derive(t, "investing_net", sum_of({{"construction_investment"}, {"sustaining_investment"}, {"working_capital"}}));
  derive(t, "financing_net", sum_of({{"equity"}, {"loan_draws"}, {"short_term_draw"}, {"interest_paid"}, {"principal_repaid"},
                                     {"dividends"}}));
  derive(t, "net_cash", sum_of({{"operating_net"}, {"investing_net"}, {"financing_net"}}));
  derive(t, "surplus", cumulative_of({{"net_cash"}}));
  const auto& ind = res.indicators;
  t.notes.push_back(ind.first_deficit_year ? msg(messages::Report::note_deficit, "year"_a = *ind.first_deficit_year)
                                           : msg(messages::Report::note_no_deficit));
  (void)m;
  return t;
}

Table balance_sheet_table(const ProjectModel& m, const ProjectResult& res) {
  const auto& f = res.financing;
  Table t = table("balance_sheet", "资产负债表", "Balance sheet", res);
  t.has_total = false;
  t.rows.push_back(balance_row("total_assets", "1", "资产", "Assets", f.total_assets, 0));
  t.rows.push_back(balance_row("current_assets", "1.1", "流动资产（累计盈余资金+流动资金）", "current assets (cash and working capital)", f.current_assets));
  t.rows.push_back(balance_row("construction_in_progress", "1.2", "在建工程", "construction in progress", f.construction_in_progress));
  t.rows.push_back(balance_row("fixed_assets", "1.3", "固定资产净值", "fixed assets, net", res.fixed_asset_net));
  t.rows.push_back(balance_row("intangible_assets", "1.4", "无形资产及其他资产净值", "intangible and other assets, net", res.intangible_net));
  // The rows a project may not have are numbered on from the last one shown: no gap (1.4, 1.6).
  int next_asset = 5;
  if (res.investment_input_vat.abs().sum() > 0)
    t.rows.push_back(balance_row("input_vat_credit", "1." + std::to_string(next_asset++), "待抵扣进项税额", "input VAT to deduct",
                                 res.input_vat_credit));
  if (res.inventory.abs().sum() > 0)
    t.rows.push_back(balance_row("inventory", "1." + std::to_string(next_asset++), "存货（开发产品）", "inventory (built for sale)",
                                 res.inventory));
  t.rows.push_back(balance_row("liabilities_and_equity", "2", "负债及所有者权益", "Liabilities and owners' equity",
                               f.total_liabilities + f.owners_equity, 0));
  t.rows.push_back(balance_row("short_term_loans", "2.1", "短期借款", "short-term loans", f.short_term_balance));
  t.rows.push_back(balance_row("working_capital_loans", "2.2", "流动资金借款", "working-capital loans", f.working_capital_debt));
  t.rows.push_back(balance_row("term_debt", "2.3", "长期借款及债券", "long-term loans and bonds", f.term_debt));
  // A liability of its own (a tax owed, not a loan): numbered after the debts, the rows below it
  // move down one.
  int next = 4;
  if (res.lat_payable.abs().sum() > 0)
    t.rows.push_back(balance_row("lat_payable", "2." + std::to_string(next++), "应交土地增值税（负数为预缴）",
                                 "land appreciation tax payable (negative: prepaid)", res.lat_payable));
  t.rows.push_back(balance_row("total_liabilities", "2." + std::to_string(next++), "负债小计", "total liabilities", f.total_liabilities));
  t.rows.push_back(balance_row("paid_in_capital", "2." + std::to_string(next++), "资本金", "paid-in capital", f.paid_in_capital));
  t.rows.push_back(balance_row("reserves", "2." + std::to_string(next++), "累计盈余公积金", "reserves", f.reserves));
  t.rows.push_back(balance_row("undistributed", "2." + std::to_string(next++), "累计未分配利润", "undistributed profit", f.undistributed));
  t.rows.push_back(row("debt_to_asset", "", "资产负债率", "Debt-to-asset ratio", f.debt_to_asset, 0, Kind::Rate));
  std::vector<Term> assets{{"current_assets"}, {"construction_in_progress"}, {"fixed_assets"}, {"intangible_assets"}};
  if (res.investment_input_vat.abs().sum() > 0) assets.push_back({"input_vat_credit"});
  if (res.inventory.abs().sum() > 0) assets.push_back({"inventory"});
  derive(t, "total_assets", sum_of(assets));
  std::vector<Term> liabilities{{"short_term_loans"}, {"working_capital_loans"}, {"term_debt"}};
  if (res.lat_payable.abs().sum() > 0) liabilities.push_back({"lat_payable"});
  derive(t, "total_liabilities", sum_of(liabilities));
  derive(t, "liabilities_and_equity", sum_of({{"total_liabilities"}, {"paid_in_capital"}, {"reserves"}, {"undistributed"}}));
  derive(t, "debt_to_asset", ratio_of({{"total_liabilities"}}, {{"total_assets"}}));
  (void)m;
  return t;
}

// A bond never drawn (`amount: 0`) has no term: coverage.cpp leaves its years 0, and it has no
// coverage to show or to check.
bool drawn(const BondCoverage& b) { return b.first_year != 0; }

bool any_bond_drawn(const ProjectResult& res) {
  return std::any_of(res.indicators.bonds.begin(), res.indicators.bonds.end(), drawn);
}

Table bond_table(const ProjectModel& m, const ProjectResult& res) {
  Table t = table("special_bond_balance", "专项债券项目收益与融资平衡表", "Special-purpose bond: income and financing balance", res);
  for (std::size_t i = 0; i < res.indicators.bonds.size(); ++i) {
    const auto& b = res.indicators.bonds[i];
    if (!drawn(b)) continue;  // its term, from year 0 to year 0, is no index of the period
    const LoanSchedule* s = nullptr;
    for (const auto& l : res.financing.loans)
      if (l.name == b.name) s = &l;
    if (!s) continue;
    const std::string no = std::to_string(i + 1);
    YearRow income = YearRow::Zero(res.years), service = income;
    for (int y = b.first_year - m.first_year; y <= b.last_year - m.first_year; ++y) {
      income[y] = res.revenue[y] - res.operating_cost[y] - res.surcharges[y] - res.land_appreciation_tax_paid[y];
      service[y] = s->interest_paid[y] + s->fees[y] + s->principal[y];
    }
    t.rows.push_back(row("bond_" + no + "_income", no + ".1", b.name + " 存续期项目收益", b.name + ": project income in the term", income, 0));
    t.rows.push_back(row("bond_" + no + "_service", no + ".2", "债券还本付息", "bond principal and interest", service));
    t.rows.push_back(balance_row("bond_" + no + "_cumulative", no + ".3", "累计结余", "cumulative balance", b.cumulative_balance));
    // Coverages are ratios (two decimals); the shortfall and the size are amounts, written as the
    // table writes them (format_money).
    const auto two = [](double v) { return fmt::format("{:.2f}", v); };
    const bool short_of = b.income_shortfall > 0;
    t.notes.push_back(msg(short_of ? messages::Report::note_bond_coverage_short : messages::Report::note_bond_coverage,
                          "name"_a = b.name, "first"_a = b.first_year, "last"_a = b.last_year, "coverage"_a = two(b.coverage),
                          "ic"_a = format_percent(m.benchmark_rate), "pv_coverage"_a = two(b.pv_coverage),
                          "all"_a = two(b.coverage_all_debt), "pv_all"_a = two(b.pv_coverage_all_debt),
                          "required"_a = two(b.required), "shortfall"_a = format_money(round_up_to_cent(b.income_shortfall)),
                          "size"_a = format_money(round_down_to_cent(b.max_issue)), "unit"_a = m.unit));
  }
  return t;
}

// 有无对比: the without-project cash flow and the increments, the decision flows.
Table incremental_table(const ProjectModel& m, const ProjectResult& res) {
  const auto& x = res.incremental;
  Table t = table("incremental_cash_flow", "增量现金流量表（有无对比）", "Incremental cash flow (with and without the project)", res);
  t.rows.push_back(row("without_revenue", "1", "无项目：营业收入", "Without: revenue", x.without_revenue, 0));
  t.rows.push_back(row("without_operating_cost", "2", "无项目：经营成本及税金", "Without: operating cost and taxes", -x.without_operating_cost, 0));
  t.rows.push_back(row("without_investment", "3", "无项目：投资", "Without: investment", -x.without_investment, 0));
  t.rows.push_back(row("without_residual", "4", "无项目：回收余值", "Without: residual value recovered", x.without_residual, 0));
  t.rows.push_back(row("without_pre_tax", "5", "无项目所得税前净现金流量", "Without: net cash flow before income tax", x.without_pre_tax, 0));
  t.rows.push_back(row("without_adjusted_tax", "6", "无项目调整所得税", "Without: adjusted income tax", x.without_adjusted_tax, 0));
  t.rows.push_back(row("without_post_tax", "7", "无项目所得税后净现金流量", "Without: net cash flow after income tax", x.without_post_tax, 0));
  t.rows.push_back(row("with_pre_tax", "8", "有项目所得税前净现金流量", "With: net cash flow before income tax", res.cash_flow.pre_tax, 0));
  t.rows.push_back(row("with_post_tax", "9", "有项目所得税后净现金流量", "With: net cash flow after income tax", res.cash_flow.post_tax, 0));
  t.rows.push_back(row("incremental_pre_tax", "10", "增量所得税前净现金流量（8-5）", "Incremental, before income tax (8-5)", x.pre_tax, 0));
  t.rows.push_back(row("incremental_post_tax", "11", "增量所得税后净现金流量（9-7）", "Incremental, after income tax (9-7)", x.post_tax, 0));
  auto cum = row("incremental_cumulative_post_tax", "12", "累计增量所得税后净现金流量", "Cumulative incremental, after income tax",
                 x.cumulative_post_tax, 0);
  cum.total.reset();
  t.rows.push_back(std::move(cum));
  derive(t, "incremental_pre_tax", sum_of({{"with_pre_tax"}, {"without_pre_tax", -1}}));
  derive(t, "incremental_post_tax", sum_of({{"with_post_tax"}, {"without_post_tax", -1}}));
  const std::string ic = format_percent(m.benchmark_rate);
  t.notes.push_back(msg(messages::Report::note_incremental_indicators, "firr_pre"_a = pct(x.firr_pre_tax.rate), "ic"_a = ic,
                        "fnpv_pre"_a = format_money(x.fnpv_pre_tax), "firr_post"_a = pct(x.firr_post_tax.rate),
                        "fnpv_post"_a = format_money(x.fnpv_post_tax), "payback"_a = years_text(x.payback_post_tax)));
  if (m.without && m.without->model)
    t.notes.push_back(msg(messages::Report::note_without_from_model, "path"_a = m.without->model_path));
  return t;
}

// 土地增值税计算表: the settlement computation, and the tax accrued, prepaid and settled by year.
Table land_tax_table(const ProjectModel& m, const ProjectResult& res) {
  const auto& l = res.lat;
  Table t = table("land_appreciation_tax", "土地增值税计算表", "Land appreciation tax", res);
  t.rows.push_back(row("sale_revenue", "1", "销售收入（不含增值税）", "Sales (net of VAT)", res.sale_revenue, 0));
  t.rows.push_back(row("accrued", "2", "土地增值税（按销售计提）", "Tax accrued with sales", res.land_appreciation_tax, 0));
  t.rows.push_back(row("paid", "3", "土地增值税缴纳（预缴及清算）", "Tax paid (prepaid, then settled)", res.land_appreciation_tax_paid, 0));
  t.rows.push_back(balance_row("payable", "4", "应交土地增值税（负数为预缴）", "Payable (negative: prepaid)", res.lat_payable, 0));
  const auto money = [](double v) { return format_money(v); };  // as the table writes amounts
  t.notes.push_back(msg(messages::Report::note_land_appreciation_tax, "deductions"_a = money(l.deductions),
                        "land"_a = money(l.land), "development"_a = money(l.development), "expenses"_a = money(l.expenses),
                        "taxes"_a = money(l.taxes), "extra"_a = money(l.extra), "appreciation"_a = money(l.appreciation),
                        "ratio"_a = format_percent(l.ratio), "rate"_a = format_percent(l.rate, 0),
                        "quick"_a = format_percent(l.quick_deduction, 0), "tax"_a = money(l.tax), "unit"_a = m.unit,
                        "prepay"_a = format_percent(m.taxes.lat_prepay_rate)));
  return t;
}

report::Item rate_item(std::string key, std::string zh, std::string en, const IrrResult& r, std::string flows) {
  report::Item it{std::move(key), std::move(zh), std::move(en), r.rate, Kind::Rate, {}, r.reason};
  it.formula = {report::ItemFormula::Fn::Irr, std::move(flows), {}};
  if (r.rate && r.roots.size() > 1) {
    it.text = fmt::format("（{} 个解，见说明）", r.roots.size());
    it.text_en = fmt::format("({} roots: see the note)", r.roots.size());
  }
  if (r.rate) it.reason = {};
  return it;
}

report::Item years_item(std::string key, std::string zh, std::string en, const PaybackResult& p) {
  return {std::move(key), std::move(zh), std::move(en), p.periods, Kind::Years, {}, p.periods ? Message() : p.reason};
}

// A static payback item, recomputed from the project cash flow's net and cumulative rows.
report::Item payback_item(std::string key, std::string zh, std::string en, const PaybackResult& p, const std::string& tax) {
  report::Item it = years_item(std::move(key), std::move(zh), std::move(en), p);
  it.formula = {report::ItemFormula::Fn::Payback, "project_investment_cash_flow.net_cash_flow_" + tax,
                "project_investment_cash_flow.cumulative_" + tax};
  return it;
}

using report_rows::irr_detail;
using report_rows::put;

}  // namespace

report::Table loan_schedule_table(const ProjectModel& model, const ProjectResult& result, const std::string& loan) {
  return loan_table(model, result, loan);
}

std::vector<report::Table> statement_tables(const ProjectModel& model, const ProjectResult& result) {
  std::vector<report::Table> out{investment_table(model, result), investment_plan_table(model, result),
                                 revenue_table(model, result), total_cost_table(model, result),
                                 depreciation_table(model, result)};
  if (!result.financing.loans.empty()) out.push_back(loan_table(model, result));
  out.push_back(profit_table(model, result));
  out.push_back(project_cash_flow_table(model, result));
  out.push_back(equity_cash_flow_table(model, result));
  out.push_back(financial_plan_table(model, result));
  out.push_back(balance_sheet_table(model, result));
  if (any_bond_drawn(result)) out.push_back(bond_table(model, result));
  if (result.sale_revenue.abs().sum() > 0) out.push_back(land_tax_table(model, result));
  for (auto& t : public_tables(model, result)) out.push_back(std::move(t));
  if (result.incremental.present) out.insert(out.begin() + 1, incremental_table(model, result));
  return out;
}

report::Summary indicator_summary(const ProjectModel& m, const ProjectResult& res) {
  const auto& ind = res.indicators;
  report::Summary s{"indicators", "财务指标汇总表", "Financial indicators", res.unit, {}};
  const std::string ic = format_percent(m.benchmark_rate);
  if (res.incremental.present) {
    const auto& x = res.incremental;
    s.items.push_back(rate_item("firr_incremental_pre_tax", "增量财务内部收益率（所得税前，决策指标）",
                                "Incremental FIRR before income tax (decision indicator)", x.firr_pre_tax, "incremental_cash_flow.incremental_pre_tax"));
    s.items.push_back(rate_item("firr_incremental_post_tax", "增量财务内部收益率（所得税后，决策指标）",
                                "Incremental FIRR after income tax (decision indicator)", x.firr_post_tax, "incremental_cash_flow.incremental_post_tax"));
    s.items.push_back({"fnpv_incremental_pre_tax", fmt::format("增量财务净现值（所得税前，ic={}，决策指标）", ic),
                       fmt::format("Incremental FNPV before income tax (ic = {}; decision indicator)", ic), x.fnpv_pre_tax, Kind::Money, {}, {}});
    s.items.push_back({"fnpv_incremental_post_tax", fmt::format("增量财务净现值（所得税后，ic={}，决策指标）", ic),
                       fmt::format("Incremental FNPV after income tax (ic = {}; decision indicator)", ic), x.fnpv_post_tax, Kind::Money, {}, {}});
    s.items.push_back(years_item("payback_incremental_post_tax", "增量投资回收期（所得税后，年）", "Incremental payback after income tax (years)",
                                 x.payback_post_tax));
  }
  s.items.push_back({"total_investment", "总投资", "Total investment", ind.total_investment, Kind::Money, {}, {}});
  s.items.push_back({"construction_investment", "其中：建设投资", "of which construction investment", res.construction_investment.sum(),
                     Kind::Money, {}, {}});
  s.items.push_back({"construction_interest_total", ind.construction_fees_total > 0 ? "其中：建设期利息（含融资费用）" : "其中：建设期利息",
                     ind.construction_fees_total > 0 ? "of which interest during construction (with fees)" : "of which interest during construction",
                     ind.construction_interest_total + ind.construction_fees_total, Kind::Money, {}, {}});
  // A project that needs none (a sale or land project) has no line to show 0.00 on.
  if (ind.working_capital_total != 0.0)
    s.items.push_back({"working_capital", "其中：流动资金", "of which working capital", ind.working_capital_total, Kind::Money, {}, {}});
  s.items.push_back({"avg_revenue", "年均营业收入", "Average annual revenue", ind.avg_revenue, Kind::Money, {}, {}});
  s.items.push_back({"avg_total_cost", "年均总成本费用", "Average annual total cost", ind.avg_total_cost, Kind::Money, {}, {}});
  s.items.push_back({"avg_profit_before_tax", "年均利润总额", "Average annual profit before tax", ind.avg_profit_before_tax,
                     Kind::Money, {}, {}});
  s.items.push_back({"avg_surcharges", "年均税金及附加", "Average annual taxes and surcharges", ind.avg_surcharges, Kind::Money, {}, {}});
  if (m.taxes.vat_rate > 0)
    s.items.push_back({"avg_vat", "年均增值税", "Average annual VAT", ind.avg_vat, Kind::Money, {}, {}});
  s.items.push_back({"avg_income_tax", "年均所得税", "Average annual income tax", ind.avg_income_tax, Kind::Money, {}, {}});
  const std::string pcf = "project_investment_cash_flow.";
  s.items.push_back(rate_item("firr_pre_tax", "项目投资财务内部收益率（所得税前）", "Project FIRR, before income tax", ind.firr_pre_tax,
                              pcf + "net_cash_flow_pre_tax"));
  s.items.push_back(rate_item("firr_post_tax", "项目投资财务内部收益率（所得税后）", "Project FIRR, after income tax", ind.firr_post_tax,
                              pcf + "net_cash_flow_post_tax"));
  s.items.push_back({"fnpv_pre_tax", fmt::format("项目投资财务净现值（所得税前，ic={}）", ic),
                     fmt::format("Project FNPV before income tax (ic = {})", ic), ind.fnpv_pre_tax, Kind::Money, {}, {}, {},
                     {report::ItemFormula::Fn::Npv, pcf + "net_cash_flow_pre_tax", {}}});
  s.items.push_back({"fnpv_post_tax", fmt::format("项目投资财务净现值（所得税后，ic={}）", ic),
                     fmt::format("Project FNPV after income tax (ic = {})", ic), ind.fnpv_post_tax, Kind::Money, {}, {}, {},
                     {report::ItemFormula::Fn::Npv, pcf + "net_cash_flow_post_tax", {}}});
  s.items.push_back(payback_item("payback_pre_tax", "项目投资回收期（所得税前，年）", "Payback before income tax (years)", ind.payback_pre_tax,
                                 "pre_tax"));
  s.items.push_back(payback_item("payback_post_tax", "项目投资回收期（所得税后，年）", "Payback after income tax (years)",
                                 ind.payback_post_tax, "post_tax"));
  s.items.push_back(years_item("dynamic_payback_post_tax", "动态投资回收期（所得税后，年）", "Discounted payback after income tax (years)",
                               ind.dynamic_payback_post_tax));
  s.items.push_back(rate_item("equity_irr", "项目资本金财务内部收益率", "Equity IRR", ind.equity_irr, "equity_cash_flow.net_cash_flow"));
  s.items.push_back({"roi", "总投资收益率 ROI", "Return on total investment (ROI)", ind.roi.value, Kind::Rate, {}, ind.roi.reason});
  s.items.push_back({"roe", "项目资本金净利润率 ROE", "Return on equity (ROE)", ind.roe.value, Kind::Rate, {}, ind.roe.reason});
  s.items.push_back({"equity_share", "资本金比例", "Equity share of total investment", ind.equity_share, Kind::Rate, {}, {}});
  if (!res.financing.loans.empty()) {
    s.items.push_back({"icr_min", "最低利息备付率", "Minimum ICR", ind.icr_min.value, Kind::Ratio, {}, ind.icr_min.reason, {},
                       {report::ItemFormula::Fn::Min, "loan_schedule.icr", {}}});
    s.items.push_back({"dscr_min", "最低偿债备付率", "Minimum DSCR", ind.dscr_min.value, Kind::Ratio, {}, ind.dscr_min.reason, {},
                       {report::ItemFormula::Fn::Min, "loan_schedule.dscr", {}}});
    s.items.push_back({"dscr_avg", "平均偿债备付率", "Average DSCR", ind.dscr_avg.value, Kind::Ratio, {}, ind.dscr_avg.reason});
    s.items.push_back({"llcr", "贷款期覆盖率 LLCR", "Loan life coverage ratio (LLCR)", ind.llcr.value, Kind::Ratio, {}, ind.llcr.reason});
    s.items.push_back({"plcr", "项目期覆盖率 PLCR", "Project life coverage ratio (PLCR)", ind.plcr.value, Kind::Ratio, {}, ind.plcr.reason});
    for (const auto& l : res.financing.loans)
      if (l.repayment == Repayment::MaxCapacity)
        s.items.push_back({"repayment_period", l.name + " 借款偿还期（年）", l.name + " repayment period (years)",
                           l.repayment_period.value, Kind::Years, {}, l.repayment_period.reason});
  }
  for (const auto& b : ind.bonds) {
    if (!drawn(b)) {
      s.items.push_back({"bond_coverage", b.name + " 本息覆盖倍数", b.name + " coverage of principal and interest", std::nullopt,
                         Kind::Ratio, {}, msg(messages::Report::bond_not_drawn)});
      continue;
    }
    s.items.push_back({"bond_coverage", b.name + " 本息覆盖倍数", b.name + " coverage of principal and interest", b.coverage, Kind::Ratio,
                       fmt::format("（全部债务 {:.2f}；按 ic={} 折现的现值口径 {:.2f}）", b.coverage_all_debt,
                                   format_percent(m.benchmark_rate), b.pv_coverage),
                       {},
                       fmt::format("(all debt {:.2f}; in present values at ic={}: {:.2f})", b.coverage_all_debt,
                                   format_percent(m.benchmark_rate), b.pv_coverage)});
  }
  {
    report::Item be{"break_even_utilisation", fmt::format("盈亏平衡点（生产能力利用率，{}年）", ind.break_even_year),
                    fmt::format("Break-even capacity utilisation ({})", ind.break_even_year), ind.break_even_utilisation.value,
                    Kind::Rate, {}, ind.break_even_utilisation.reason};
    s.items.push_back(be);
  }
  if (!res.financing.loans.empty() || res.financing.short_term_draw.sum() > 0) {
    report::Item lev{"debt_to_asset_max", "最高资产负债率", "Highest debt-to-asset ratio", ind.debt_to_asset_max.value, Kind::Rate,
                     {}, ind.debt_to_asset_max.reason};
    if (ind.debt_to_asset_max.value) {
      lev.text = fmt::format("（{}年）", ind.debt_to_asset_max_year);
      lev.text_en = fmt::format("({})", ind.debt_to_asset_max_year);
    }
    s.items.push_back(lev);
  }
  report::Item survival{"first_deficit_year", "财务生存能力", "Financial survival", std::nullopt, Kind::Count, {}, {}, {}};
  if (ind.first_deficit_year) {
    survival.text = fmt::format("{}年起累计盈余资金为负", *ind.first_deficit_year);
    survival.text_en = fmt::format("the cumulative surplus is negative from {}", *ind.first_deficit_year);
  } else if (ind.short_term_years.empty()) {
    survival.text = "各年累计盈余资金不为负";
    survival.text_en = "the cumulative surplus is never negative";
  } else {
    survival.text = fmt::format("需短期借款 {} 年", ind.short_term_years.size());
    survival.text_en = fmt::format("short-term loans needed in {} years", ind.short_term_years.size());
  }
  s.items.push_back(survival);
  return s;
}

report::JsonValue indicators_json(const ProjectModel& m, const ProjectResult& res) {
  const auto& ind = res.indicators;
  report::JsonValue j = report::JsonValue::object();
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
  put(j, "equity_irr", ind.equity_irr.rate, ind.equity_irr.reason);
  j["equity_irr_detail"] = irr_detail(ind.equity_irr);
  put(j, "roi", ind.roi.value, ind.roi.reason);
  put(j, "roe", ind.roe.value, ind.roe.reason);
  j["equity_share"] = ind.equity_share;
  if (res.incremental.present) {
    const auto& x = res.incremental;
    put(j, "firr_incremental_pre_tax", x.firr_pre_tax.rate, x.firr_pre_tax.reason);
    put(j, "firr_incremental_post_tax", x.firr_post_tax.rate, x.firr_post_tax.reason);
    j["fnpv_incremental_pre_tax"] = x.fnpv_pre_tax;
    j["fnpv_incremental_post_tax"] = x.fnpv_post_tax;
    put(j, "payback_incremental_pre_tax", x.payback_pre_tax.periods, x.payback_pre_tax.reason);
    put(j, "payback_incremental_post_tax", x.payback_post_tax.periods, x.payback_post_tax.reason);
  }
  if (!m.sunk_costs.empty()) {
    report::JsonValue sunk = report::JsonValue::array();
    for (const auto& c : m.sunk_costs) sunk.push_back({{"name", c.name}, {"amount", c.amount}});
    j["sunk_costs"] = sunk;
  }
  j["total_investment"] = ind.total_investment;
  j["construction_interest_total"] = ind.construction_interest_total;
  j["construction_fees_total"] = ind.construction_fees_total;
  j["working_capital_total"] = ind.working_capital_total;
  j["avg_revenue"] = ind.avg_revenue;
  j["avg_total_cost"] = ind.avg_total_cost;
  j["avg_profit_before_tax"] = ind.avg_profit_before_tax;
  j["avg_surcharges"] = ind.avg_surcharges;
  j["avg_vat"] = ind.avg_vat;
  j["avg_income_tax"] = ind.avg_income_tax;
  put(j, "break_even_utilisation", ind.break_even_utilisation.value, ind.break_even_utilisation.reason);
  j["break_even_year"] = ind.break_even_year;
  put(j, "debt_to_asset_max", ind.debt_to_asset_max.value, ind.debt_to_asset_max.reason);
  j["debt_to_asset_max_year"] = ind.debt_to_asset_max.value ? report::JsonValue(ind.debt_to_asset_max_year) : report::JsonValue(nullptr);
  const auto& f = res.financing;
  report::JsonValue icr = report::JsonValue::array(), dscr = report::JsonValue::array();
  for (Eigen::Index t = 0; t < f.icr.size(); ++t) {
    icr.push_back(std::isfinite(f.icr[t]) ? report::JsonValue(f.icr[t]) : report::JsonValue(nullptr));
    dscr.push_back(std::isfinite(f.dscr[t]) ? report::JsonValue(f.dscr[t]) : report::JsonValue(nullptr));
  }
  j["icr"] = icr;
  j["dscr"] = dscr;
  put(j, "icr_min", ind.icr_min.value, ind.icr_min.reason);
  put(j, "dscr_min", ind.dscr_min.value, ind.dscr_min.reason);
  put(j, "dscr_avg", ind.dscr_avg.value, ind.dscr_avg.reason);
  put(j, "llcr", ind.llcr.value, ind.llcr.reason);
  put(j, "plcr", ind.plcr.value, ind.plcr.reason);
  j["first_deficit_year"] = ind.first_deficit_year ? report::JsonValue(*ind.first_deficit_year) : report::JsonValue(nullptr);
  j["short_term_loan_years"] = ind.short_term_years;
  report::JsonValue bonds = report::JsonValue::array();
  for (const auto& b : ind.bonds) {
    if (!drawn(b)) {  // no term, no coverage: null, with the reason, as every absent value
      const Message why = msg(messages::Report::bond_not_drawn);
      bonds.push_back({{"name", b.name}, {"first_year", nullptr}, {"last_year", nullptr}, {"coverage", nullptr},
                       {"coverage_reason", why.en}, {"coverage_reason_zh", why.zh}});
      continue;
    }
    bonds.push_back({{"name", b.name}, {"first_year", b.first_year}, {"last_year", b.last_year}, {"income", b.income},
                     {"bond_service", b.bond_service}, {"all_debt_service", b.all_debt_service},
                     {"coverage", b.coverage}, {"coverage_all_debt", b.coverage_all_debt},
                     {"pv_coverage", b.pv_coverage}, {"pv_coverage_all_debt", b.pv_coverage_all_debt},
                     {"required", b.required}, {"issued", b.issued}, {"income_shortfall", b.income_shortfall}, {"max_issue", b.max_issue}});
  }
  j["bond_coverage"] = bonds;
  report::JsonValue periods = report::JsonValue::array();
  for (const auto& l : f.loans)
    if (l.repayment == Repayment::MaxCapacity) {
      report::JsonValue p{{"loan", l.name}};
      put(p, "repayment_period", l.repayment_period.value, l.repayment_period.reason);
      periods.push_back(p);
    }
  j["repayment_periods"] = periods;
  // Sculpted loans: the debt each can carry at its target DSCR and what it owes when repayment starts.
  report::JsonValue sculpted = report::JsonValue::array();
  for (const auto& l : f.loans)
    if (l.repayment == Repayment::Sculpted && l.sculpted_capacity)
      sculpted.push_back({{"loan", l.name}, {"target_dscr", l.target_dscr}, {"debt_capacity", *l.sculpted_capacity},
                          {"balance_at_repayment_start", l.sculpted_balance}});
  j["sculpted_loans"] = sculpted;
  add_public_indicators(m, res, j);
  return j;
}

report::JsonValue run_document(const ProjectModel& m, const ProjectResult& res, const RunMeta& meta) {
  report::JsonValue doc;
  doc["meta"] = {{"model", meta.model_path},
                 {"project", m.name},
                 {"scenario", meta.scenario.empty() ? report::JsonValue(nullptr) : report::JsonValue(meta.scenario)},
                 {"unit", m.unit},
                 {"rates", "fraction"},
                 {"first_year", m.first_year},
                 {"construction_years", m.construction_years},
                 {"operation_years", m.operation_years},
                 {"benchmark_rate", m.benchmark_rate},
                 {"timing", std::string(to_string(m.timing))},
                 {"payback_counted_from", "start of construction"},
                 {"dscr_tax", m.targets.dscr_uses_adjusted_tax ? "adjusted" : "actual"},
                 {"construction_interest", m.financing && !m.financing->capitalise_construction_interest ? "equity" : "capitalise"},
                 {"adjusted_tax_base", m.taxes.adjusted_tax_base == TaxesAndSurcharges::AdjustedTaxBase::ProfitStatement
                                           ? "profit_statement"
                                           : "financing_neutral"},
                 {"adjusted_tax_depreciation", m.taxes.adjusted_tax_base == TaxesAndSurcharges::AdjustedTaxBase::ProfitStatement
                                                   ? "as in the profit statement (with capitalised interest)"
                                                   : "before financing (without capitalised interest)"},
                 {"sign", "outflows negative in cash-flow statements; estimate tables hold positive amounts"},
                 {"engine_version", APPRAISE_VERSION}};
  doc["indicators"] = indicators_json(m, res);
  report::JsonValue statements = report::JsonValue::object();
  for (const auto& t : statement_tables(m, res)) statements[t.key] = report::to_json(t);
  doc["statements"] = statements;
  report::JsonValue checks = report::JsonValue::array();
  for (const auto& c : res.checks)
    checks.push_back({{"name", c.name},
                      {"year", c.year ? report::JsonValue(*c.year) : report::JsonValue(nullptr)},
                      {"last_year", c.last_year ? report::JsonValue(*c.last_year) : report::JsonValue(c.year ? report::JsonValue(*c.year) : report::JsonValue(nullptr))},
                      {"value", c.value && std::isfinite(*c.value) ? report::JsonValue(*c.value) : report::JsonValue(nullptr)},
                      {"threshold", c.threshold},
                      {"passed", c.passed},
                      {"message", c.message_zh},
                      {"message_en", c.message_en}});
  doc["checks"] = checks;
  return doc;
}

}  // namespace appraise
