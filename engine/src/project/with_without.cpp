// 有无对比 (plan.hpp step 9b): a project on existing assets is judged on the difference between
// the situation with it and the situation without it (增量分析). The without-project cash flow
// comes from series over the calculation period or from a model of its own; the increments'
// FIRR, FNPV and payback are the decision indicators, checked against ic when the model asks.
#include <algorithm>
#include <fmt/format.h>

#include "appraise/core/units.hpp"
#include "appraise/project/plan.hpp"
#include "appraise/project/validation.hpp"
#include "appraise/messages/project.hpp"
#include "project_parts.hpp"

namespace appraise::detail {

using namespace appraise::literals;
namespace {

std::span<const double> span_of(const YearRow& row) { return {row.data(), static_cast<std::size_t>(row.size())}; }

void cumulate(const YearRow& x, YearRow& out) {
  if (out.size() != x.size()) out.resize(x.size());
  double s = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) out[i] = (s += x[i]);
}

// A series of the without-project case over the calculation period (0 when absent). A list
// covers the period as loaded; a delay or a longer operation that lengthens the period leaves
// years it has no value for. validate() refuses such a model wherever it is made (a scenario
// change, a sensitivity step, a draw), at the change; here the same rule keeps a model that was
// never validated from reading those years as 0.
void expand(const std::optional<Series>& s, const char* key, const ProjectModel& m, YearRow& out) {
  reset_row(out, m.years());
  if (!s) return;
  if (auto p = without_list_outrun_problem(*s, key, m))
    throw EvaluationError(fmt::format("without.{}", key), std::move(p->message), std::move(p->hint));
  const auto values = s->resolve(m.first_year, m.years());
  for (int t = 0; t < m.years(); ++t) out[t] = values[static_cast<std::size_t>(t)];
}

// The without-project flows from its own model: its project investment cash flow, whole.
void from_model(const ProjectCashFlow& cf, IncrementalResult& x) {
  x.without_revenue = cf.revenue + cf.subsidy + cf.input_vat_deducted;
  x.without_operating_cost = -(cf.operating_cost + cf.surcharges + cf.land_appreciation_tax);
  x.without_investment = -(cf.construction_investment + cf.working_capital + cf.sustaining);
  x.without_residual = cf.residual_value + cf.working_capital_recovery;
  x.without_pre_tax = cf.pre_tax;
  x.without_adjusted_tax = cf.adjusted_tax;
  x.without_post_tax = cf.post_tax;
}

// Whether every flow is ≥ 0 with one above: the project never costs more than the situation
// without it, so there is no incremental investment to earn a rate on.
bool never_negative(const YearRow& flows) { return flows.minCoeff() >= 0.0 && flows.maxCoeff() > 0.0; }

}  // namespace

// Evaluated once per compiled plan, not once per evaluation: the without-project model is a
// separate, immutable model (ProjectModel::without holds it const), and no parameter path,
// scenario change or Monte Carlo draw reaches into it — they change the project's own model. What
// the without case gives depends only on that model and on the project's calculation period, and
// a change of the period is a change of shape, after which the plan is recompiled (plan.hpp). So
// the flows computed here equal, to the last bit, those a re-evaluation at every draw would give.
ProjectCashFlow without_model_cash_flow(const ProjectModel& project) {
  ProjectModel other = *project.without->model;
  // The loader makes the two calculation periods the same. A scenario may lengthen or shorten
  // the project's (a delay adds construction years at the start; a longer operation period
  // adds years at the end); the situation without the project then simply runs on (or stops) in
  // the same calendar years: its operation period ends in the project's last year.
  other.operation_years += project.last_year() - other.last_year();
  if (auto p = without_model_cut_short_problem(project))
    throw EvaluationError("without.model", std::move(p->message), std::move(p->hint));
  // The project investment cash flow comes before financing: nothing else is evaluated. Its rows
  // by item are the statement's (`statements`): the increments below read them.
  const EvaluationPlan plan(other);
  EvaluationBuffers buffers;
  evaluate_into(plan, buffers, Outputs{false, true, false, false, false, false});
  return std::move(buffers.result.cash_flow);
}

void with_and_without(const EvaluationPlan& plan, ProjectResult& r, const Outputs& outputs) {
  const ProjectModel& m = plan.model();
  auto& x = r.incremental;
  x.present = m.without.has_value();
  if (!x.present) return;
  const WithoutProject& w = *m.without;
  const int n = plan.years();
  if (w.model) {
    from_model(*plan.without_cash_flow(), x);
  } else {
    YearRow depreciation;
    expand(w.revenue, "revenue", m, x.without_revenue);
    expand(w.operating_cost, "operating_costs", m, x.without_operating_cost);
    expand(w.investment, "investment", m, x.without_investment);
    expand(w.depreciation, "depreciation", m, depreciation);
    reset_row(x.without_residual, n);
    x.without_residual[n - 1] = w.residual_value;
    x.without_pre_tax = x.without_revenue - x.without_operating_cost - x.without_investment + x.without_residual;
    // The same adjusted income tax as the project's: max(EBIT, 0) × rate.
    x.without_adjusted_tax = -((x.without_revenue - x.without_operating_cost - depreciation).max(0.0) * m.income_tax_rate);
    x.without_post_tax = x.without_pre_tax + x.without_adjusted_tax;
  }
  x.pre_tax = r.cash_flow.pre_tax - x.without_pre_tax;
  x.post_tax = r.cash_flow.post_tax - x.without_post_tax;
  cumulate(x.pre_tax, x.cumulative_pre_tax);
  cumulate(x.post_tax, x.cumulative_post_tax);
  const auto pre = span_of(x.pre_tax), post = span_of(x.post_tax);
  x.firr_pre_tax = irr(pre, {.residual = false});
  x.firr_post_tax = irr(post, {.residual = false});
  x.fnpv_pre_tax = npv(pre, m.benchmark_rate, m.timing);
  x.fnpv_post_tax = npv(post, m.benchmark_rate, m.timing);
  if (outputs.paybacks) {
    x.payback_pre_tax = payback(pre, m.timing);
    x.payback_post_tax = payback(post, m.timing);
  }
  if (!outputs.checks || !m.targets.require_fnpv) return;
  Check c;
  c.name = "fnpv_incremental_post_tax";
  c.value = x.fnpv_post_tax;
  c.threshold = 0.0;
  c.passed = x.fnpv_post_tax >= 0.0;
  say(c, msg(c.passed ? messages::Project::check_incremental_fnpv_at_least : messages::Project::check_incremental_fnpv_below,
             "amount"_a = format_money(x.fnpv_post_tax), "unit"_a = m.unit));
  r.checks.push_back(c);
  Check f;
  f.name = "firr_incremental_post_tax";
  f.threshold = m.benchmark_rate;
  f.value = x.firr_post_tax.rate;
  if (!x.firr_post_tax.rate && never_negative(x.post_tax)) {
    // No year in which the project costs more than the situation without it: there is no rate to
    // earn, and no hurdle to miss. The FNPV check above decides.
    f.passed = true;
    say(f, msg(messages::Project::check_incremental_no_investment));
    r.checks.push_back(f);
    return;
  }
  f.passed = x.firr_post_tax.rate && *x.firr_post_tax.rate >= m.benchmark_rate;
  say(f, msg(f.passed ? messages::Project::check_incremental_firr_at_least : messages::Project::check_incremental_firr_below,
             "value"_a = rate_or_none(x.firr_post_tax.rate), "threshold"_a = fmt::format("{:.2f}%", m.benchmark_rate * 100)));
  r.checks.push_back(f);
}

}  // namespace appraise::detail

namespace appraise {

DecisionIndicators decision_indicators(const ProjectResult& r) {
  if (r.incremental.present) {
    const auto& x = r.incremental;
    return {true, x.fnpv_pre_tax, x.fnpv_post_tax, x.firr_pre_tax, x.firr_post_tax, x.pre_tax, x.post_tax};
  }
  const auto& in = r.indicators;
  return {false, in.fnpv_pre_tax, in.fnpv_post_tax, in.firr_pre_tax, in.firr_post_tax, r.cash_flow.pre_tax, r.cash_flow.post_tax};
}

}  // namespace appraise
