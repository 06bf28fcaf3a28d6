// 总投资 and the figures of the indicator summary (财务指标汇总表) that are neither a cash-flow
// indicator nor a financing ratio: operating-year averages, the highest 资产负债率 and the
// break-even utilisation of the normal year (standards.md §1.3, §1.11).
#include <cmath>

#include "appraise/messages/project.hpp"
#include "appraise/project/breakeven.hpp"
#include "appraise/project/plan.hpp"
#include "project_parts.hpp"

namespace appraise::detail {

void investment_totals(const EvaluationPlan& plan, EvaluationBuffers& b) {
  (void)plan;
  ProjectResult& r = b.result;
  auto& ind = r.indicators;
  ind.construction_interest_total = r.financing.construction_interest.sum();
  ind.construction_fees_total = r.financing.construction_fees.sum();
  ind.working_capital_total = r.working_capital_increment.sum();
  ind.total_investment = r.construction_investment.sum() + ind.construction_interest_total +
                         ind.construction_fees_total + ind.working_capital_total;
}

void summary_figures(const EvaluationPlan& plan, EvaluationBuffers& b, const Outputs& outputs) {
  if (!outputs.statements) return;
  const ProjectModel& m = plan.model();
  ProjectResult& r = b.result;
  auto& ind = r.indicators;
  const auto& f = r.financing;
  const int ops = m.operation_years;
  auto average = [ops](const YearRow& row) { return row.tail(ops).sum() / ops; };
  ind.avg_revenue = average(r.revenue);
  ind.avg_total_cost = average(r.total_cost);
  ind.avg_profit_before_tax = average(f.profit_before_tax);
  ind.avg_surcharges = average(r.surcharges);
  ind.avg_income_tax = average(f.income_tax);
  ind.avg_vat = average(r.vat_payable);

  ind.debt_to_asset_max = {std::nullopt, msg(messages::Project::absent_no_debt)};
  ind.debt_to_asset_max_year = 0;
  for (Eigen::Index t = 0; t < f.debt_to_asset.size(); ++t) {
    const double v = f.debt_to_asset[t];
    if (!std::isfinite(v) || f.total_liabilities[t] <= 0) continue;
    if (!ind.debt_to_asset_max.value || v > *ind.debt_to_asset_max.value) {
      ind.debt_to_asset_max = {v, {}};
      ind.debt_to_asset_max_year = m.first_year + static_cast<int>(t);
    }
  }

  const BreakEvenResult be = break_even(m, r);
  ind.break_even_utilisation = be.with_interest.utilisation;
  ind.break_even_year = be.year;
}

}  // namespace appraise::detail
