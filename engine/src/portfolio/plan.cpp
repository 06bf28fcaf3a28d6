#include "appraise/portfolio/plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "appraise/core/discounting.hpp"
#include "lp.hpp"
#include "terms.hpp"

namespace appraise::portfolio {
namespace {

// A cost within a billionth (1e-7 of a basis point) of the ceiling meets it: the LP's own
// tolerance, far below anything the reports show.
constexpr double met_tolerance = 1e-9;

constexpr double infinity = std::numeric_limits<double>::infinity();

// The LP's coefficients for one portfolio and one set of quotas, with what is needed to turn
// the LP's scaled answer back into money and rates.
struct Problem {
  detail::LpColumns cols;    // scaled; cols.gap is set by set_gap
  std::vector<double> amount;  // A_iy, money: the position a whole replacement takes
  std::vector<double> dn, dd;  // ΔN_iy, ΔD_iy in the target year, unscaled
  std::vector<double> quota;   // by quota, scaled
  double money_scale = 1;      // the average debt: keeps coefficients near 1
  double gap_scale = 1;
  double n_t = 0, d_t = 0;     // the weighted-cost numerator and denominator in year T, no plan
  int t = 0;                   // the target year's index (the horizon's end without a target)
};

int target_index(const Portfolio& p) { return p.target ? p.index_of(p.target->year) : p.horizon; }

Problem build_problem(const Portfolio& p, const std::vector<Quota>& quotas) {
  Problem pr;
  const int h = p.horizon;
  const std::size_t n = p.debts.size();
  const std::size_t years = quotas.size();
  pr.t = target_index(p);
  std::vector<double> v(static_cast<std::size_t>(h) + 1, 1.0);
  if (p.discount_rate != 0.0)
    for (int t = 0; t <= h; ++t) v[static_cast<std::size_t>(t)] = discount_factor(p.discount_rate, t);

  // One unit of each quota's bond: its discounted running cost from issue to the horizon, and
  // its terms in the target year.
  std::vector<detail::BondTerms> bonds;
  std::vector<double> bond_cost(years, 0.0);
  std::vector<detail::YearTerms> bond_at_t(years);
  for (std::size_t k = 0; k < years; ++k) {
    bonds.push_back(detail::bond_terms_of(p, quotas[k]));
    for (int t = bonds[k].start; t <= h; ++t)
      bond_cost[k] += v[static_cast<std::size_t>(t)] * detail::bond_terms(p, bonds[k], t).running_cost();
    if (bonds[k].start <= pr.t) bond_at_t[k] = detail::bond_terms(p, bonds[k], pr.t);
  }

  double total = 0;
  std::size_t owed = 0;
  for (const Debt& d : p.debts)
    if (d.balance > 0) total += d.balance, ++owed;
  pr.money_scale = owed > 0 ? total / static_cast<double>(owed) : 1.0;

  pr.cols.debts = n;
  pr.cols.years = years;
  pr.cols.use.assign(n * years, 0.0);
  pr.cols.cost.assign(n * years, 0.0);
  pr.cols.gap.assign(n * years, 0.0);
  pr.amount.assign(n * years, 0.0);
  pr.dn.assign(n * years, 0.0);
  pr.dd.assign(n * years, 0.0);
  std::vector<double> suffix(static_cast<std::size_t>(h) + 2, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const Debt& d = p.debts[i];
    const auto at_t = detail::position_terms(p, d, pr.t);
    pr.n_t += at_t.weighted;
    pr.d_t += at_t.weight;
    if (!d.eligible) continue;
    // suffix[t] = Σ_{s >= t} v_s · (interest + fees)_s of the whole position.
    suffix[static_cast<std::size_t>(h) + 1] = 0.0;
    for (int t = h; t >= 1; --t)
      suffix[static_cast<std::size_t>(t)] = suffix[static_cast<std::size_t>(t) + 1] +
                                            v[static_cast<std::size_t>(t)] * detail::position_terms(p, d, t).running_cost();
    for (std::size_t k = 0; k < years; ++k) {
      const int y = bonds[k].start;
      const double a = position_balance(d, p.base_year, y - 1);
      if (!(a > 0.0)) continue;
      const std::size_t j = i * years + k;
      const double one_off = d.prepayment_penalty * scheduled_balance(d, p.base_year, y - 1) + quotas[k].issuance_cost * a;
      pr.amount[j] = a;
      pr.cols.use[j] = a / pr.money_scale;
      pr.cols.cost[j] =
          (a * bond_cost[k] - suffix[static_cast<std::size_t>(y)] + v[static_cast<std::size_t>(y) - 1] * one_off) /
          pr.money_scale;
      if (y <= pr.t) {
        pr.dn[j] = a * bond_at_t[k].weighted - at_t.weighted;
        pr.dd[j] = a * bond_at_t[k].weight - at_t.weight;
      }
    }
  }
  pr.gap_scale = pr.d_t > 0 && owed > 0 ? pr.d_t / static_cast<double>(owed) : pr.money_scale;
  for (const Quota& q : quotas) pr.quota.push_back(q.amount / pr.money_scale);
  return pr;
}

// The target row for a ceiling (or Dinkelbach's λ): g = ΔN − λ·ΔD, rhs = λ·D_T − N_T.
double set_gap(Problem& pr, double ceiling) {
  for (std::size_t j = 0; j < pr.dn.size(); ++j) pr.cols.gap[j] = (pr.dn[j] - ceiling * pr.dd[j]) / pr.gap_scale;
  return (ceiling * pr.d_t - pr.n_t) / pr.gap_scale;
}

std::vector<char> years_up_to(const Portfolio& p, const std::vector<Quota>& quotas, int t) {
  std::vector<char> allowed;
  for (const Quota& q : quotas) allowed.push_back(p.index_of(q.year) <= t ? 1 : 0);
  return allowed;
}

// The simplex's answer carries rounding noise (237.49999999999997 for 237.5); twelve
// significant digits keep every figure a planner can check and drop the noise. Never more than
// the debt's position.
double snap(double amount, double most) {
  const double rounded = std::stod(fmt::format("{:.12g}", amount));
  return std::min(rounded, most);
}

RefinancingPlan to_plan(const Problem& pr, const detail::LpOutcome& out) {
  RefinancingPlan plan;
  for (const auto& s : out.shares) {
    const std::size_t j = s.debt * pr.cols.years + s.year;
    plan.replacements.push_back({s.debt, s.year, snap(s.share * pr.amount[j], pr.amount[j])});
  }
  std::stable_sort(plan.replacements.begin(), plan.replacements.end(),
                   [](const Replacement& a, const Replacement& b) { return a.quota < b.quota; });
  return plan;
}

detail::LpRequest request(const Problem& pr, detail::LpObjective objective, std::vector<char> allowed) {
  detail::LpRequest r;
  r.objective = objective;
  r.quota = pr.quota;
  r.year_allowed = std::move(allowed);
  return r;
}

// Dinkelbach: λ_{k+1} = N(f_k)/D(f_k) with f_k minimising N(f) − λ_k·D(f); stops when that
// minimum is 0, where λ is the least ratio (Dinkelbach 1967). Each step is one LP.
double least_ratio(Problem& pr, const detail::LpRequest& base) {
  double lambda = pr.n_t / pr.d_t;
  for (int step = 0; step < 50; ++step) {
    set_gap(pr, lambda);
    const auto out = detail::solve_replacement_lp(pr.cols, base);
    double n = pr.n_t, d = pr.d_t;
    for (const auto& s : out.shares) {
      const std::size_t j = s.debt * pr.cols.years + s.year;
      n += s.share * pr.dn[j];
      d += s.share * pr.dd[j];
    }
    if (!(d > 0.0)) break;
    const double next = n / d;
    if (next >= lambda - 1e-15) break;
    lambda = next;
  }
  return lambda;
}

void require_target(const Portfolio& p) {
  if (!p.target) throw std::invalid_argument("the portfolio states no target");
}

}  // namespace

std::string_view to_string(TargetStatus s) {
  switch (s) {
    case TargetStatus::NoTarget: return "no_target";
    case TargetStatus::MetWithoutRefinancing: return "met_without_refinancing";
    case TargetStatus::Met: return "met";
    case TargetStatus::Unreachable: return "unreachable";
  }
  return "no_target";
}

std::optional<RefinancingPlan> optimal_plan(const Portfolio& p, bool meet_target) {
  Problem pr = build_problem(p, p.quotas);
  auto r = request(pr, detail::LpObjective::Cost, std::vector<char>(p.quotas.size(), 1));
  if (meet_target && p.target) {
    r.target = true;
    r.target_rhs = set_gap(pr, p.target->ceiling);
  }
  const auto out = detail::solve_replacement_lp(pr.cols, r);
  if (!out.feasible) return std::nullopt;
  return to_plan(pr, out);
}

std::optional<RefinancingPlan> minimum_quota_plan(const Portfolio& p) {
  require_target(p);
  Problem pr = build_problem(p, p.quotas);
  auto r = request(pr, detail::LpObjective::Volume, years_up_to(p, p.quotas, pr.t));
  r.target = true;
  r.target_rhs = set_gap(pr, p.target->ceiling);
  const auto out = detail::solve_replacement_lp(pr.cols, r);
  if (!out.feasible) return std::nullopt;
  return to_plan(pr, out);
}

double best_reachable_cost(const Portfolio& p) {
  require_target(p);
  Problem pr = build_problem(p, p.quotas);
  if (!(pr.d_t > 0.0)) return 0.0;
  return least_ratio(pr, request(pr, detail::LpObjective::Gap, years_up_to(p, p.quotas, pr.t)));
}

namespace {

// Can the target be met if every quota up to T carried `coupon`?
bool reachable_at_coupon(const Portfolio& p, double coupon) {
  std::vector<Quota> quotas = p.quotas;
  for (Quota& q : quotas)
    if (q.year <= p.target->year) q.coupon = coupon;
  Problem pr = build_problem(p, quotas);
  auto r = request(pr, detail::LpObjective::Gap, years_up_to(p, quotas, pr.t));
  r.target = true;
  r.target_rhs = set_gap(pr, p.target->ceiling);
  r.feasibility_only = true;
  return detail::solve_replacement_lp(pr.cols, r).feasible;
}

std::string percent(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", x * 100.0);
  return buf;
}

// Reports steps of the analysis: done so far of `total`, which grows when a shortfall is analysed.
struct Steps {
  const ProgressCallback& progress;
  std::int64_t done = 0, total = 3;
  void step() {
    ++done;
    if (progress) progress(done, std::max(done, total));
  }
};

Shortfall shortfall(const Portfolio& p, Steps& steps) {
  Shortfall s;
  const int ty = p.target->year;
  Problem pr = build_problem(p, p.quotas);
  const auto allowed = years_up_to(p, p.quotas, pr.t);
  s.best_cost = pr.d_t > 0 ? least_ratio(pr, request(pr, detail::LpObjective::Gap, allowed)) : 0.0;
  s.additional_by_quota.assign(p.quotas.size(), 0.0);
  const bool any_quota = std::any_of(allowed.begin(), allowed.end(), [](char a) { return a != 0; });
  if (!any_quota) {
    s.additional_quota_reason = "no quota is issued in or before " + std::to_string(ty);
    s.additional_quota_reason_zh = fmt::format("{}年及以前没有置换债额度", ty);
    s.sufficient_coupon_reason = s.additional_quota_reason;
    s.sufficient_coupon_reason_zh = s.additional_quota_reason_zh;
    return s;
  }
  // With unlimited quota, is the target within reach at all?
  auto unlimited = request(pr, detail::LpObjective::Gap, allowed);
  std::fill(unlimited.quota.begin(), unlimited.quota.end(), infinity);
  const double best_unlimited = least_ratio(pr, unlimited);
  if (best_unlimited > p.target->ceiling + met_tolerance) {
    s.additional_quota_reason = "even replacing every eligible debt with the quotas up to " + std::to_string(ty) +
                                " leaves the cost at " + percent(best_unlimited);
    s.additional_quota_reason_zh =
        fmt::format("即使用{}年及以前的额度置换全部可置换债务，综合成本仍为 {}", ty, percent(best_unlimited));
  } else {
    auto extra = request(pr, detail::LpObjective::Extra, allowed);
    extra.target = true;
    extra.target_rhs = set_gap(pr, p.target->ceiling);
    extra.extra = allowed;
    const auto out = detail::solve_replacement_lp(pr.cols, extra);
    if (out.feasible) {
      double total = 0;
      for (std::size_t k = 0; k < out.extra.size(); ++k) {
        s.additional_by_quota[k] = snap(out.extra[k] * pr.money_scale, infinity);
        total += s.additional_by_quota[k];
      }
      s.additional_quota = total;
    } else {
      s.additional_quota_reason = "no amount of additional quota reaches the target";
      s.additional_quota_reason_zh = "追加多少额度都达不到目标";
    }
  }
  // The highest coupon on the quotas up to T that would reach the target (bisection: a lower
  // coupon never makes the target harder to reach).
  double hi = 0;
  for (const Quota& q : p.quotas)
    if (q.year <= ty) hi = std::max(hi, q.coupon);
  if (!reachable_at_coupon(p, 0.0)) {
    s.sufficient_coupon_reason = "not even a 0% coupon would reach the target with these quota amounts";
    s.sufficient_coupon_reason_zh = "按现有额度，票面利率为 0% 也达不到目标";
    return s;
  }
  double lo = 0.0;
  for (int i = 0; i < 24 && hi - lo > 1e-7; ++i) {
    const double mid = 0.5 * (lo + hi);
    (reachable_at_coupon(p, mid) ? lo : hi) = mid;
    steps.step();
  }
  // The highest coupon on the grid of a hundredth of a percent that reaches the target: the grid
  // point at or below the bisection's answer reaches it; the one above is tried once more, since
  // the bisection stops within 1e-7 of the boundary. Printed as it is, it never overstates.
  double grid = std::floor(lo * 1e4 + 1e-9) / 1e4;
  if (grid + 1e-4 <= hi + 1e-12 && reachable_at_coupon(p, grid + 1e-4)) grid += 1e-4;
  s.sufficient_coupon = grid;
  return s;
}

}  // namespace

PortfolioAnalysis analyse(const Portfolio& p, const ProgressCallback& progress) {
  Steps steps{progress};
  PortfolioAnalysis a;
  a.baseline = cost_path(p);
  a.wall = maturity_wall(p);
  a.fiscal_baseline = fiscal_ratios(p, a.baseline);
  steps.step();
  std::optional<RefinancingPlan> plan;
  if (p.target) {
    const auto t = static_cast<std::size_t>(p.index_of(p.target->year));
    // Nothing owed in the target year (an absent cost) meets any ceiling.
    const auto& then = a.baseline.cost[t];
    if (!then || *then <= p.target->ceiling + met_tolerance) a.status = TargetStatus::MetWithoutRefinancing;
    plan = optimal_plan(p, true);
    if (plan) {
      if (a.status != TargetStatus::MetWithoutRefinancing) a.status = TargetStatus::Met;
    } else {
      a.status = TargetStatus::Unreachable;
    }
  }
  if (!plan) plan = optimal_plan(p, false);
  a.plan = std::move(*plan);
  a.with_plan = cost_path(p, a.plan);
  a.fiscal_with_plan = fiscal_ratios(p, a.with_plan);
  steps.step();
  if (!p.target) {
    steps.step();
    return a;
  }

  for (std::size_t t = 0; t < a.with_plan.cost.size(); ++t) {
    const auto& c = a.with_plan.cost[t];
    if (!c || *c <= p.target->ceiling + met_tolerance) {
      a.first_year_met = p.year_of(static_cast<int>(t));
      break;
    }
  }
  if (!p.quotas.empty()) {
    const Quota& q = p.quotas.front();
    const double r_new = p.cost.measure == CostMeasure::AllIn ? all_in_bond_rate(q.coupon, q.issuance_cost, q.term_years)
                                                              : q.coupon;
    a.closed_form = static_refinancing_need(p, p.target->ceiling, r_new);
  }
  if (a.status == TargetStatus::Unreachable) {
    steps.total += 24;  // the bisection on the coupon, at most
    a.shortfall = shortfall(p, steps);
  } else {
    a.minimum_quota = minimum_quota_plan(p);
  }
  steps.total = steps.done + 1;
  steps.step();
  return a;
}

}  // namespace appraise::portfolio
