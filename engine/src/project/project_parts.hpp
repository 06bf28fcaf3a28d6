#pragma once
// Private to the engine: the financing steps of a compiled evaluation (plan.hpp, steps 6, 10
// and 11), called in order by evaluate_into() (evaluation.cpp).
#include "appraise/project/plan.hpp"

namespace appraise::detail {

/// Sizes `row` to n years (first use or a change of shape) and zeroes it.
inline void reset_row(YearRow& row, int n) {
  if (row.size() != n) row.resize(n);
  row.setZero();
}

/// Sizes `row` to n years without zeroing it: for a row the step writes in every year.
inline void sized(YearRow& row, int n) {
  if (row.size() != n) row.resize(n);
}

/// A rate as the checks write it: two decimals of a percent, or "none" (不存在) when absent.
[[nodiscard]] Message rate_or_none(const std::optional<double>& rate);

/// Whether step 10 computes the profit distribution and the financial-plan cash flow (利润分配,
/// 财务计划现金流量表, the cumulative surplus): when a report shows them, a check or the fiscal view
/// (dividends) reads them, and whenever short-term loans borrow against the surplus (then
/// interest depends on it).
inline bool cash_plan_needed(const ProjectModel& m, const Outputs& outputs) {
  return outputs.statements || outputs.checks || outputs.fiscal || (m.financing && m.financing->short_term_loans);
}

/// Whether the cost-effectiveness step (economic/analysis.cpp) takes its cost from the project
/// cash flow's outflows: a model with effects and no economic analysis. Then every evaluation
/// stores that row, not only one that shows the statement.
inline bool cost_effectiveness_reads_outflow(const ProjectModel& m) { return !m.effects.empty() && !m.economic; }

/// What an investment item costs as an asset: its amount without the deductible input VAT.
inline double asset_cost(const InvestmentItem& item) { return item.amount / (1.0 + item.input_vat_rate); }

/// 6. Financing in the construction years: draws, construction interest, fees and equity.
/// Leaves the interest and fees to capitalise into the fixed assets, by year, in b.capitalised.
void construction_financing(const EvaluationPlan& plan, EvaluationBuffers& b);

/// 10. Financing in the operation years and every statement that depends on it: interest,
/// repayment, profit and tax, the equity cash flow and the coverage ratios; the profit
/// distribution and financial-plan cash flow when cash_plan_needed(); with outputs.statements,
/// the financial-plan statement by activity and the balance sheet.
void operation_financing(const EvaluationPlan& plan, EvaluationBuffers& b, const Outputs& outputs);

/// 11. The financing indicators (equity IRR, ROI, ROE, ICR, DSCR, LLCR, PLCR, survival, bond
/// coverage); with outputs.checks, the checks against the model's targets.
void financing_indicators(const EvaluationPlan& plan, EvaluationBuffers& b, const Outputs& outputs);

/// 2b. Revenue of the sale and land-sale lines (sales.cpp): area × price by the sales schedule.
void sales_revenue(const EvaluationPlan& plan, ProjectResult& r);

/// 7b. 开发产品 and 销售成本, and 土地增值税 accrued, prepaid and settled (sales.cpp), once the
/// capitalised construction interest is known.
void inventory_and_land_tax(const EvaluationPlan& plan, EvaluationBuffers& b);

/// 4. VAT and 税金及附加 (vat.cpp): output VAT on revenue, input VAT on operating costs and the
/// deductible input VAT on construction investment, the excess carried forward (留抵).
void value_added_tax(const EvaluationPlan& plan, ProjectResult& r);

/// The project investment cash flow of the without-project model of `project` (`without: model
/// FILE`) over the project's calculation period (with_without.cpp); EvaluationPlan::recompile()
/// calls it once per compile.
[[nodiscard]] ProjectCashFlow without_model_cash_flow(const ProjectModel& project);

/// 9b. 有无对比 (with_without.cpp): the without-project cash flow, the increments and their
/// indicators (the decision indicators), and their checks.
void with_and_without(const EvaluationPlan& plan, ProjectResult& r, const Outputs& outputs);

/// 总投资 and its composition, once the construction financing and working capital are known
/// (totals.cpp): every evaluation, since ROI is taken on it.
void investment_totals(const EvaluationPlan& plan, EvaluationBuffers& b);

/// The rest of the indicator summary (totals.cpp): operating-year averages, the highest
/// debt-to-asset ratio and the break-even utilisation; with outputs.statements only.
void summary_figures(const EvaluationPlan& plan, EvaluationBuffers& b, const Outputs& outputs);

}  // namespace appraise::detail
