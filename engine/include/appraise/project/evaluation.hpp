#pragma once
/// Evaluating a project model: the yearly numbers of the Chinese method's estimate tables and
/// statements, and the indicators computed from them. Every row is an Eigen array over the
/// calculation period (index 0 = year 1 = the first construction year).
///
/// Signs: the estimate tables (revenue, costs, depreciation) hold amounts as positive numbers;
/// the cash-flow statements hold signed flows, outflows negative.

#include <Eigen/Core>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "appraise/core/message.hpp"
#include "appraise/core/metrics.hpp"
#include "appraise/economic/results.hpp"
#include "appraise/project/model.hpp"
#include "appraise/project/sales.hpp"

namespace appraise {

using YearRow = Eigen::ArrayXd;

struct NamedRow {
  std::string name;
  YearRow values;
};

/// The 项目投资现金流量表 (project investment cash flow, before financing).
struct ProjectCashFlow {
  YearRow revenue, subsidy, residual_value, working_capital_recovery;                  // inflows (+)
  YearRow input_vat_deducted;  // (+) investment input VAT recovered as it offsets output VAT
  YearRow construction_investment, working_capital, operating_cost, surcharges, sustaining;  // outflows (-)
  YearRow land_appreciation_tax;  // (-) 土地增值税 paid
  YearRow inflow, outflow, pre_tax, cumulative_pre_tax;
  YearRow adjusted_ebit;     // 息税前利润 before financing (depreciation without capitalised interest)
  YearRow adjusted_tax;      // 调整所得税 (-): max(EBIT, 0) × income tax rate
  YearRow post_tax, cumulative_post_tax;
};

/// A pass/fail check against a threshold the model states.
struct Check {
  std::string name;               // e.g. "dscr"
  std::optional<int> year;        // calendar year, when the check is per year (the first of a run)
  std::optional<int> last_year;   // the last year of a run of consecutive years that miss alike
  std::optional<double> value;
  double threshold = 0;
  bool passed = true;
  std::string message_zh;         // e.g. "2029年偿债备付率 1.08，低于 1.30", "2029–2048年偿债备付率 0.41 至 0.93，低于 1.20"
  std::string message_en;
};

/// Sets a check's text in both languages (its two messages) from a catalogue message.
inline void say(Check& c, const Message& text) {
  c.message_zh = text.zh;
  c.message_en = text.en;
}

/// One loan's or bond's schedule over the calculation period (借款还本付息计划表).
struct LoanSchedule {
  std::string name;
  DebtKind kind = DebtKind::Loan;
  Repayment repayment = Repayment::EqualPayment;
  double rate = 0;
  YearRow draw;                  // principal drawn
  YearRow opening, closing;      // balance at the start and end of the year
  YearRow interest;              // interest accrued in the year (construction: mid-year rule)
  YearRow capitalised_interest;  // construction interest rolled into the balance
  YearRow interest_paid;         // interest paid in cash
  YearRow fees;                  // upfront and annual fees paid
  YearRow principal;             // principal repaid
  int first_repayment = -1;      // year index of the first repayment year, -1 if none
  int repayment_years = 0;
  std::optional<double> sculpted_capacity;  // Sculpted: the debt the CFADS carries at the target DSCR
  double sculpted_balance = 0;              // Sculpted: what is owed when repayment starts, against the capacity
  double target_dscr = 0;                   // Sculpted: the DSCR the repayment is sculpted to
  // MaxCapacity: 借款偿还期, years from the first draw until earnings clear the loan,
  // (T − first draw year) + principal repaid in T / funds available in T; absent when the term
  // ends before earnings clear it (the rest then falls due at once).
  OptionalValue repayment_period;
};

/// 本息覆盖倍数 of a special-purpose bond over its term (issue to final repayment): project income
/// (revenue − operating cost − taxes and surcharges, fiscal subsidies excluded) against debt service.
struct BondCoverage {
  std::string name;
  int first_year = 0, last_year = 0;   // calendar years of the bond term
  double income = 0;                   // Σ project income over the term
  double bond_service = 0;             // Σ the bond's interest paid and principal repaid
  double all_debt_service = 0;         // Σ every debt's service over the same years
  double coverage = 0;                 // income / bond_service
  double coverage_all_debt = 0;        // income / all_debt_service
  /// The same in present values at the benchmark rate ic (a bond's own coupon would discount
  /// its service to the amount issued whatever the repayment profile, so the ratio would not see
  /// that profile).
  double pv_coverage = 0;
  double pv_coverage_all_debt = 0;
  double required = 1.0;               // the coverage the model requires
  double issued = 0;                   // Σ the bond's draws
  /// What would reach `required` when the coverage falls short (0 otherwise): more project income
  /// over the term, or a bond no larger than `max_issue` (its service is proportional to the
  /// amount issued at a fixed coupon and schedule). A fiscal subsidy would not: it is not project
  /// income, and the ratio leaves it out.
  double income_shortfall = 0;
  double max_issue = 0;
  YearRow cumulative_balance;          // Σ (income − bond service) year by year within the term
};

/// The financing view: the loans, the profit statement, the equity and financial-plan cash
/// flows and the balance sheet (standards.md §1.5 items 2, 4, 5, 6).
struct FinancingResult {
  std::vector<LoanSchedule> loans;
  YearRow construction_interest;       // 建设期利息 (all loans, accrued)
  YearRow construction_fees;           // upfront fees paid in the construction years
  YearRow equity;                      // 项目资本金 paid in
  YearRow short_term_draw, short_term_repaid, short_term_interest, short_term_balance;
  YearRow interest_expense;            // interest and fees charged to total cost (operation years)

  // 利润与利润分配表
  YearRow profit_before_tax, loss_offset, taxable_income, income_tax, net_profit;
  YearRow opening_undistributed, distributable, statutory_reserve, distributable_to_investors, dividends,
      undistributed, ebit, ebitda;
  // 注册资本 the statutory reserve is capped on (half of it), and the first year the cap cut the
  // reserve below its share of net profit (-1: it never did).
  double registered_capital = 0;
  int reserve_capped_from = -1;

  // 项目资本金现金流量表 (signed)
  YearRow eq_equity, eq_principal, eq_interest, eq_income_tax;
  YearRow eq_inflow, eq_outflow, eq_net;

  // 财务计划现金流量表 (signed)
  YearRow op_inflow, op_outflow, op_net;         // 经营活动
  YearRow inv_outflow, inv_net;                  // 投资活动
  YearRow fin_inflow, fin_outflow, fin_net;      // 筹资活动
  YearRow loan_draws, interest_paid, principal_repaid;
  YearRow net_cash, surplus;                     // 净现金流量, 累计盈余资金

  // 资产负债表
  YearRow current_assets, construction_in_progress, total_assets;  // construction in progress excludes inventory
  YearRow term_debt;                   // 长期借款及债券 (construction loans and bonds)
  YearRow working_capital_debt;        // 流动资金借款
  YearRow total_liabilities, paid_in_capital, reserves, owners_equity, debt_to_asset;

  // Ratios by year (NaN where not defined: no interest, no debt service).
  YearRow cfads, debt_service, icr, dscr;
  std::vector<bool> term_debt_year;    // years in which term debt (not only short-term or working-capital loans) is serviced
};

struct ProjectIndicators {
  IrrResult firr_pre_tax, firr_post_tax;
  double fnpv_pre_tax = 0, fnpv_post_tax = 0;
  PaybackResult payback_pre_tax, payback_post_tax;
  PaybackResult dynamic_payback_pre_tax, dynamic_payback_post_tax;

  // With financing (all-equity when the model has none).
  IrrResult equity_irr;
  OptionalValue roi, roe;
  OptionalValue icr_min, dscr_min, dscr_avg, llcr, plcr;
  std::optional<int> first_deficit_year;   // first calendar year with a negative cumulative surplus
  std::vector<int> short_term_years;       // years a short-term loan was needed
  double equity_share = 0;                 // 资本金 / (建设投资 + 建设期利息)
  std::vector<BondCoverage> bonds;

  // 总投资 and its composition (项目总投资使用计划与资金筹措表): 建设投资 + 建设期利息 (with the
  // financing fees paid in construction) + 流动资金. ROI is taken on it.
  double total_investment = 0;
  double construction_interest_total = 0;  // 建设期利息
  double construction_fees_total = 0;      // upfront fees paid in the construction years
  double working_capital_total = 0;        // 流动资金

  // The rest of the 财务指标汇总表 (with statements): averages over the operation years, the
  // highest 资产负债率 and the break-even utilisation of the normal year.
  double avg_revenue = 0, avg_total_cost = 0, avg_profit_before_tax = 0, avg_surcharges = 0, avg_income_tax = 0,
         avg_vat = 0;
  OptionalValue debt_to_asset_max;
  int debt_to_asset_max_year = 0;
  OptionalValue break_even_utilisation;    // BEP(生产能力利用率), fixed cost with interest
  int break_even_year = 0;
};

/// 有无对比: the without-project cash flow and the increments (with − without), whose indicators
/// are the decision indicators of a project on existing assets.
struct IncrementalResult {
  bool present = false;
  YearRow without_revenue, without_operating_cost, without_investment, without_residual;  // amounts (+)
  YearRow without_pre_tax, without_adjusted_tax, without_post_tax;                       // signed flows
  YearRow pre_tax, post_tax, cumulative_pre_tax, cumulative_post_tax;                      // with − without
  IrrResult firr_pre_tax, firr_post_tax;
  double fnpv_pre_tax = 0, fnpv_post_tax = 0;
  PaybackResult payback_pre_tax, payback_post_tax;
};

struct ProjectResult {
  int first_year = 0;
  int construction_years = 0;
  int years = 0;                          // calculation period n
  std::vector<int> calendar;              // calendar year of each column
  std::string unit;

  // 建设投资 by item and in total, 维持运营投资, 流动资金.
  std::vector<NamedRow> investment_items;
  YearRow construction_investment;
  YearRow in_kind_investment;             // existing assets contributed in kind (in construction_investment)
  YearRow sustaining;                     // spent, expensed or capitalised
  YearRow sustaining_expensed;
  YearRow working_capital_level;          // balance at year end
  YearRow working_capital_increment;

  // 营业收入、税金及附加和增值税估算表.
  std::vector<NamedRow> revenue_lines;
  std::vector<NamedRow> volumes;          // units sold, per volume × price line (empty rows otherwise)
  YearRow revenue;
  YearRow output_vat, input_vat, vat_payable, surcharges;
  // Deductible input VAT on construction investment: paid with the investment (by construction
  // year), deducted from output VAT (by year), and the credit left at year end (an asset).
  YearRow investment_input_vat, input_vat_deducted, input_vat_credit;
  std::vector<NamedRow> subsidy_lines;
  YearRow subsidy, subsidy_taxable;

  // 总成本费用估算表 (before interest; financing adds interest).
  std::vector<NamedRow> operating_cost_lines;
  YearRow operating_cost, fixed_operating_cost, variable_operating_cost;
  YearRow depreciation;                   // including capitalised construction interest
  YearRow depreciation_pre_financing;     // excluding it (for the adjusted income tax)
  YearRow amortisation;
  YearRow interest;                       // interest charged to total cost (operation years)
  YearRow total_cost;                     // 经营成本 + 折旧 + 摊销 + 利息 + 维持运营投资(费用化)
  YearRow fixed_asset_cost;               // cost of fixed assets entering service (year they open)
  YearRow fixed_asset_net;                // book value at year end
  YearRow intangible_net;                 // intangible and other assets' book value at year end
  YearRow residual_value;                 // 回收固定资产余值 (last year), actual book value
  YearRow residual_value_pre_financing;   // the same without capitalised interest (project cash flow)

  // Sales (revenue lines of kind sale and land_sale), 开发产品 and 土地增值税.
  YearRow sale_revenue, land_sale_revenue;
  YearRow sale_vat;                       // output VAT on sales (general method) or VAT payable (simple)
  YearRow cost_of_sales;                  // 销售成本: the inventory's cost released as it is sold
  YearRow inventory;                      // 开发产品 (and inventory under construction) at year end
  YearRow non_taxable_margin;             // land-sale revenue less its cost of sales: not income-taxed
  YearRow land_appreciation_tax;          // accrued with the sales (profit statement)
  YearRow land_appreciation_tax_paid;     // prepaid on sales, settled in the last sales year (cash)
  YearRow lat_payable;                    // accrued less paid at year end (negative: prepaid)
  double inventory_cost = 0;              // 开发产品 cost incl. its share of capitalised interest
  LandAppreciationTax lat;                // the settlement computation
  /// The same before financing (融资前): the inventory's cost without capitalised interest, and
  /// the land appreciation tax without the interest deduction (a project with no loans has none).
  /// The project investment cash flow and its adjusted income tax take these, as they take
  /// depreciation_pre_financing, so that the financing plan cannot move FIRR or FNPV.
  struct SalesBeforeFinancing {
    YearRow cost_of_sales, non_taxable_margin, land_appreciation_tax, land_appreciation_tax_paid;
    LandAppreciationTax lat;
  } sales_pre_financing;
  double fixed_assets_at_opening = 0;     // 固定资产原值 incl. capitalised interest
  double fixed_assets_pre_financing = 0;  // the same without capitalised interest

  ProjectCashFlow cash_flow;
  IncrementalResult incremental;
  FinancingResult financing;
  ProjectIndicators indicators;
  std::vector<Check> checks;

  // The public view (economic/results.hpp): with an `economic:` section, the economic flows and
  // ENPV/EIRR/EBCR; with `effects:`, the cost-effectiveness ratios; always the fiscal outlays
  // (reported when the model has a public section).
  EconomicResult economic;
  std::vector<CostEffectiveness> cost_effectiveness;
  FiscalResult fiscal;

  /// The calendar-year index of `year` (0-based), or -1.
  [[nodiscard]] int index_of(int year) const { return year - first_year; }
};

/// The lowest 本息覆盖倍数 among the special bonds that are serviced: the one that decides whether
/// the bonds pass. Absent without a serviced special bond.
[[nodiscard]] std::optional<double> lowest_bond_coverage(const ProjectIndicators& ind);

/// The indicators a project is decided on (决策指标), and its flows: for a model with a
/// without-project case (有无对比) the incremental FNPV/FIRR and flows (with − without), since
/// the standard decides such a project on its increments; otherwise those of the project
/// investment cash flow. What `run` calls the decision indicators, and what compare,
/// sensitivity and simulate tabulate and rank on: the one place that choice is made.
/// References into `r`: valid while it lives.
struct DecisionIndicators {
  bool incremental;  // the JSON names then carry `_incremental` (fnpv_incremental_post_tax, ...)
  const double& fnpv_pre_tax;
  const double& fnpv_post_tax;
  const IrrResult& firr_pre_tax;
  const IrrResult& firr_post_tax;
  const YearRow& pre_tax;   // the flows those are computed on
  const YearRow& post_tax;
};
[[nodiscard]] DecisionIndicators decision_indicators(const ProjectResult& r);

/// A model that loads but cannot be evaluated (e.g. sculpting with no positive cash flow):
/// reported like a validation error, with the field it concerns.
struct EvaluationError : std::runtime_error {
  EvaluationError(std::string field_, Message message_, Message hint_ = {})
      : std::runtime_error(message_.en), field(std::move(field_)), message(std::move(message_)), hint(std::move(hint_)) {}
  std::string field;
  Message message;
  Message hint;  // what would fix it
};

/// Evaluates a validated model. Deterministic: Monte Carlo calls it per draw.
/// Throws EvaluationError when the model cannot be evaluated.
[[nodiscard]] ProjectResult evaluate(const ProjectModel& model);

}  // namespace appraise
