#pragma once
// Private to the engine: the steps of a compiled evaluation that make the public view of a
// project (plan.hpp, steps 12 and 13), called in order by evaluate_into() (evaluation.cpp).
#include "appraise/project/plan.hpp"
#include "../project/project_parts.hpp"  // reset_row

namespace appraise::detail {

/// A row as the span the metrics take.
inline std::span<const double> flows_of(const YearRow& row) { return {row.data(), static_cast<std::size_t>(row.size())}; }

/// 12. With an `economic:` section: the economic flows at shadow prices (项目投资经济费用效益
/// 流量表), ENPV, EIRR and EBCR, with outputs.statements the adjustments line by line, and with
/// outputs.checks the checks (ENPV ≥ 0, EIRR ≥ is, EBCR ≥ 1). With `effects:`, the
/// cost-effectiveness ratios. Throws EvaluationError when a land opportunity cost cannot be
/// computed (is = g after a scenario changed one of them).
void economic_analysis(const EvaluationPlan& plan, EvaluationBuffers& b, const Outputs& outputs);

/// 13. The budget's outlays and receipts by year (财政支出责任) and their present value; with a
/// `ppp:` section, the value-for-money test and, with outputs.checks, its check. Needs the
/// financing rows (step 10).
void fiscal_view(const EvaluationPlan& plan, EvaluationBuffers& b, const Outputs& outputs);

}  // namespace appraise::detail
