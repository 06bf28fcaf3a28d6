#pragma once
/// The refinancing plan: which debts to replace with the refinancing-bond quotas (置换债), how
/// much, in which year, so that the total cost over the horizon is least; the smallest quota
/// that brings the weighted cost to the target by the target year; and, when no plan within the
/// quotas can, what it would take.
///
/// The linear programme. Variables f_iy >= 0: the share of debt i's position replaced with the
/// quota of year y (portfolio.hpp explains positions). Every effect of a replacement is linear
/// in f_iy, with A_iy = P_i(y−1) the position's opening balance in year y:
///   minimise   Σ c_iy f_iy             c_iy: change in Σ_t v_t (interest + fees) over the
///                                      horizon, plus penalty and issuance cost (v_t: discount
///                                      factor at the portfolio's discount rate, 1 by default)
///   subject to Σ_y f_iy <= 1            for each debt (at most all of it is replaced)
///              Σ_i A_iy f_iy <= Q_y     for each quota year
///              Σ_i g_iy f_iy <= r*·D_T − N_T   (the target: N_T(f) <= r*·D_T(f) in year T,
///                                      g_iy = ΔN_iy − r*·ΔD_iy, zero for y > T)
/// N_T and D_T are the weighted-cost numerator and denominator in the target year (so the
/// target is a linear constraint even though the cost is a ratio).
///
/// Solved with GLPK's primal simplex (a maintained solver, in Debian, already linked) in steps
/// that each take time linear in the number of debts (portfolio/lp.cpp): alike debts as one,
/// prices of the quota and target rows from a small Dantzig–Wolfe master, then only the debts at
/// the margin as variables of a restricted LP, whose answer is checked against the optimality
/// conditions of the whole LP before it is returned. The answer is the exact LP optimum.

#include <optional>
#include <string>
#include <vector>

#include "appraise/core/progress.hpp"
#include "appraise/portfolio/portfolio.hpp"

namespace appraise::portfolio {

enum class TargetStatus {
  NoTarget,              // the portfolio states no target
  MetWithoutRefinancing, // the cost is at or below the ceiling in the target year already
  Met,                   // the plan brings it there
  Unreachable,           // no plan within the quotas does
};

[[nodiscard]] std::string_view to_string(TargetStatus s);

/// The least-cost plan within the quotas. With `meet_target` the target constraint is imposed
/// (nullopt when it cannot be met); without it the plan ignores the target.
[[nodiscard]] std::optional<RefinancingPlan> optimal_plan(const Portfolio& p, bool meet_target);

/// The smallest total refinancing (within the quotas, in years up to the target year) that
/// brings the weighted cost to the target in the target year; nullopt when none does. Requires
/// a target.
[[nodiscard]] std::optional<RefinancingPlan> minimum_quota_plan(const Portfolio& p);

/// What it would take when the target is unreachable.
struct Shortfall {
  double best_cost = 0;  // the lowest weighted cost reachable in the target year within the quotas
  std::optional<double> additional_quota;  // more quota at the given terms, in the years up to T
  std::vector<double> additional_by_quota;  // by quota index
  std::string additional_quota_reason;      // why there is no such amount
  std::string additional_quota_reason_zh;   // the same in Chinese
  /// The highest coupon, to a hundredth of a percent, that would do on every quota up to T
  /// (a lower coupon never makes the target harder to reach).
  std::optional<double> sufficient_coupon;
  std::string sufficient_coupon_reason;
  std::string sufficient_coupon_reason_zh;
};

/// Everything `appraise debt` reports.
struct PortfolioAnalysis {
  CostPath baseline;          // no refinancing
  RefinancingPlan plan;       // least cost; meeting the target when it can be met
  CostPath with_plan;
  TargetStatus status = TargetStatus::NoTarget;
  std::optional<int> first_year_met;  // first calendar year at or below the ceiling, with the plan
  std::optional<RefinancingPlan> minimum_quota;  // the smallest plan that meets the target
  std::optional<StaticRefinancing> closed_form;  // the static check (first quota's coupon)
  std::optional<Shortfall> shortfall;            // when unreachable
  MaturityWall wall;
  FiscalRatios fiscal_baseline;
  FiscalRatios fiscal_with_plan;
};

/// `progress` is told the steps done and to do (the cost paths, the plan, the smallest quota, or
/// for an unreachable target each LP of the shortfall analysis), from the calling thread.
[[nodiscard]] PortfolioAnalysis analyse(const Portfolio& p, const ProgressCallback& progress = {});

/// The lowest weighted cost reachable in the target year within the quotas (Dinkelbach's
/// method on the linear-fractional cost: each step an LP). Requires a target (for its year).
[[nodiscard]] double best_reachable_cost(const Portfolio& p);

}  // namespace appraise::portfolio
