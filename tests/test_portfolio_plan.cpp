// The refinancing plan: the optimiser against brute-force enumeration of every vertex of the
// LP on small portfolios; the smallest quota against the closed form; penalties and issuance
// costs moving the choice; unreachable targets with what it would take; the decomposed solver
// against GLPK on the whole LP.
#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "../engine/src/portfolio/lp.hpp"
#include "appraise/core/discounting.hpp"
#include "appraise/portfolio/plan.hpp"
#include "appraise/report/portfolio_report.hpp"
#include "portfolio_fixtures.hpp"

namespace pf = appraise::portfolio;
using doctest::Approx;

namespace {

using portfolio_fixtures::debt;

pf::Portfolio portfolio(std::vector<pf::Debt> debts, std::vector<pf::Quota> quotas, int horizon = 3) {
  pf::Portfolio p;
  p.base_year = 2025;
  p.horizon = horizon;
  p.debts = std::move(debts);
  p.quotas = std::move(quotas);
  return p;
}

void set_market(pf::Portfolio& p, pf::DebtKind k, double r) {
  p.rollover_rates[static_cast<std::size_t>(k)] = pf::RatePath(static_cast<std::size_t>(p.horizon) + 1, r);
}

double amount_of(const pf::RefinancingPlan& plan, std::size_t debt, std::size_t quota) {
  double s = 0;
  for (const auto& r : plan.replacements)
    if (r.debt == debt && r.quota == quota) s += r.amount;
  return s;
}

double amount_of_debt(const pf::RefinancingPlan& plan, std::size_t debt) {
  double s = 0;
  for (const auto& r : plan.replacements)
    if (r.debt == debt) s += r.amount;
  return s;
}

// The optimiser's objective, recomputed from the cost path: Σ_t v_t (interest + fees)_t plus
// one-off costs discounted from the start of their year (v_{t−1}).
double total_cost(const pf::Portfolio& p, const pf::CostPath& c) {
  double s = 0;
  for (int t = 1; t <= p.horizon; ++t) {
    const auto i = static_cast<std::size_t>(t);
    s += appraise::discount_factor(p.discount_rate, t) * (c.interest[i] + c.fees[i]) +
         appraise::discount_factor(p.discount_rate, t - 1) * c.one_off[i];
  }
  return s;
}

// ---- brute force: every vertex of the LP's feasible region ----

// The LP written out from cost paths only (not from the optimiser's own coefficients): column j
// replaces all of debt i's position with quota k; every effect is the cost path of that one
// replacement minus the cost path without it.
struct BruteLp {
  std::vector<std::size_t> debt, quota;
  std::vector<double> amount, cost, weighted, weight;
  double weighted0 = 0, weight0 = 0;
};

BruteLp brute_lp(const pf::Portfolio& p, int t_target) {
  BruteLp b;
  const auto base = pf::cost_path(p);
  const double base_cost = total_cost(p, base);
  const auto t = static_cast<std::size_t>(t_target);
  b.weighted0 = base.weighted[t];
  b.weight0 = base.weight[t];
  for (std::size_t i = 0; i < p.debts.size(); ++i) {
    if (!p.debts[i].eligible) continue;
    for (std::size_t k = 0; k < p.quotas.size(); ++k) {
      const double a = pf::replaceable_amount(p, i, k);
      if (!(a > 0)) continue;
      const auto c = pf::cost_path(p, {{{i, k, a}}});
      b.debt.push_back(i);
      b.quota.push_back(k);
      b.amount.push_back(a);
      b.cost.push_back(total_cost(p, c) - base_cost);
      b.weighted.push_back(c.weighted[t] - b.weighted0);
      b.weight.push_back(c.weight[t] - b.weight0);
    }
  }
  return b;
}

struct BruteResult {
  bool feasible = false;
  double best = std::numeric_limits<double>::infinity();
};

// Minimises Σ obj_j x_j over the polytope {0 <= x <= 1, Σ_k x_ik <= 1, Σ_i A_ik x_ik <= Q_k,
// optional target row} by solving every square system of n active constraints and keeping the
// feasible solutions: an LP's optimum is at one of them.
BruteResult enumerate(const pf::Portfolio& p, const BruteLp& b, const std::vector<double>& obj,
                      std::optional<double> ceiling, const std::vector<char>& quota_allowed) {
  const std::size_t n = b.amount.size();
  std::vector<Eigen::VectorXd> rows;
  std::vector<double> rhs;
  for (std::size_t j = 0; j < n; ++j) {
    Eigen::VectorXd lo = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n)), hi = lo;
    lo[static_cast<Eigen::Index>(j)] = -1;
    hi[static_cast<Eigen::Index>(j)] = 1;
    rows.push_back(lo), rhs.push_back(0);
    rows.push_back(hi), rhs.push_back(quota_allowed[b.quota[j]] ? 1.0 : 0.0);
  }
  for (std::size_t i = 0; i < p.debts.size(); ++i) {
    Eigen::VectorXd r = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
    for (std::size_t j = 0; j < n; ++j)
      if (b.debt[j] == i) r[static_cast<Eigen::Index>(j)] = 1;
    if (r.sum() > 1) rows.push_back(r), rhs.push_back(1);
  }
  for (std::size_t k = 0; k < p.quotas.size(); ++k) {
    Eigen::VectorXd r = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
    for (std::size_t j = 0; j < n; ++j)
      if (b.quota[j] == k) r[static_cast<Eigen::Index>(j)] = b.amount[j];
    rows.push_back(r), rhs.push_back(p.quotas[k].amount);
  }
  if (ceiling) {  // N(x) <= r*·D(x)  ⇔  Σ (ΔN − r*ΔD) x <= r*·D0 − N0
    Eigen::VectorXd r(static_cast<Eigen::Index>(n));
    for (std::size_t j = 0; j < n; ++j) r[static_cast<Eigen::Index>(j)] = b.weighted[j] - *ceiling * b.weight[j];
    rows.push_back(r), rhs.push_back(*ceiling * b.weight0 - b.weighted0);
  }
  const std::size_t m = rows.size();
  BruteResult res;
  std::vector<std::size_t> pick(n);
  for (std::size_t i = 0; i < n; ++i) pick[i] = i;
  Eigen::MatrixXd a(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  Eigen::VectorXd c(static_cast<Eigen::Index>(n));
  while (true) {
    for (std::size_t r = 0; r < n; ++r) {
      a.row(static_cast<Eigen::Index>(r)) = rows[pick[r]].transpose();
      c[static_cast<Eigen::Index>(r)] = rhs[pick[r]];
    }
    Eigen::FullPivLU<Eigen::MatrixXd> lu(a);
    if (lu.rank() == static_cast<Eigen::Index>(n)) {
      const Eigen::VectorXd x = lu.solve(c);
      bool ok = true;
      for (std::size_t r = 0; r < m && ok; ++r)
        ok = rows[r].dot(x) <= rhs[r] + 1e-9 * std::max(1.0, std::abs(rhs[r]));
      if (ok) {
        res.feasible = true;
        double v = 0;
        for (std::size_t j = 0; j < n; ++j) v += obj[j] * x[static_cast<Eigen::Index>(j)];
        res.best = std::min(res.best, v);
      }
    }
    // next n-combination of m rows
    std::size_t i = n;
    while (i > 0 && pick[i - 1] == m - n + i - 1) --i;
    if (i == 0) break;
    ++pick[i - 1];
    for (std::size_t k = i; k < n; ++k) pick[k] = pick[k - 1] + 1;
  }
  return res;
}

// Uniform [0, 1) from mt19937_64 (fully specified), so the instances are the same everywhere.
struct Uniform {
  std::mt19937_64 g;
  double operator()() { return static_cast<double>(g() >> 11) * 0x1.0p-53; }
  double in(double lo, double hi) { return lo + (hi - lo) * (*this)(); }
  int pick(int n) { return static_cast<int>((*this)() * n); }
};

pf::Portfolio random_portfolio(Uniform& u, std::size_t debts, std::size_t quotas) {
  pf::Portfolio p;
  p.base_year = 2025;
  p.horizon = 4;
  for (std::size_t i = 0; i < debts; ++i) {
    const pf::DebtKind k = u() < 0.5 ? pf::DebtKind::BankLoan : pf::DebtKind::NonStandard;
    auto d = debt("d" + std::to_string(i), std::round(u.in(100, 1000)), u.in(0.03, 0.09), 2026 + u.pick(6), k);
    if (u() < 0.3) d.amortisation = pf::Amortisation::EqualPrincipal;
    if (u() < 0.3) d.at_maturity = pf::AtMaturity::Repay;
    if (u() < 0.5) d.prepayment_penalty = u.in(0.0, 0.06);
    if (u() < 0.3) d.guarantee_rate = u.in(0.0, 0.015);
    p.debts.push_back(d);
  }
  p.debts.push_back(debt("legal", 1500, 0.028, 2040, pf::DebtKind::GeneralBond));
  set_market(p, pf::DebtKind::BankLoan, u.in(0.03, 0.05));
  set_market(p, pf::DebtKind::NonStandard, u.in(0.05, 0.08));
  for (std::size_t k = 0; k < quotas; ++k)
    p.quotas.push_back({2026 + static_cast<int>(k), std::round(u.in(100, 900)), u.in(0.018, 0.03), 1 + u.pick(4),
                        u() < 0.5 ? u.in(0.0, 0.01) : 0.0});
  if (u() < 0.3) p.discount_rate = 0.05;
  if (u() < 0.3) p.cost.basis = pf::BalanceBasis::Average;
  if (u() < 0.3) p.cost.measure = pf::CostMeasure::AllIn;
  return p;
}

}  // namespace

TEST_SUITE("portfolio plan") {

TEST_CASE("the least-cost plan equals the best vertex found by brute force") {
  // Instances with 2–3 debts and 1–2 quotas (up to 6 variables, 18 constraints: 18564 square
  // systems each). Some with a target, some whose target cannot be met.
  Uniform u{std::mt19937_64(20261127)};
  int with_target = 0, unreachable = 0;
  for (int instance = 0; instance < 40; ++instance) {
    CAPTURE(instance);
    const std::size_t debts = 2 + static_cast<std::size_t>(u.pick(2));
    const std::size_t quotas = debts == 3 ? 1 + static_cast<std::size_t>(u.pick(2)) : 2;
    pf::Portfolio p = random_portfolio(u, debts, quotas);
    const bool targeted = u() < 0.6;
    const int t_target = 1 + u.pick(2);
    if (targeted) {
      const auto base = pf::cost_path(p);
      // A ceiling between 0.3 and 1.0 of the way from 1.5% to today's cost in that year.
      p.target = pf::Target{0.015 + u.in(0.3, 1.0) * (*base.cost[static_cast<std::size_t>(t_target)] - 0.015),
                            2025 + t_target};
    }
    const BruteLp b = brute_lp(p, t_target);
    const std::vector<char> all(p.quotas.size(), 1);
    const auto brute = enumerate(p, b, b.cost, p.target ? std::optional<double>(p.target->ceiling) : std::nullopt, all);
    const auto plan = pf::optimal_plan(p, true);
    REQUIRE(brute.feasible == plan.has_value());
    if (!plan) {
      ++unreachable;
      continue;
    }
    with_target += targeted ? 1 : 0;
    const double scale = total_cost(p, pf::cost_path(p));
    const double found = total_cost(p, pf::cost_path(p, *plan)) - total_cost(p, pf::cost_path(p));
    CHECK(found == Approx(brute.best).scale(scale).epsilon(1e-9));
    if (p.target) {
      const auto c = pf::cost_path(p, *plan);
      CHECK(*c.cost[static_cast<std::size_t>(t_target)] <= p.target->ceiling + 1e-9);
    }
  }
  // The instances exercise both outcomes.
  CHECK(with_target >= 5);
  CHECK(unreachable >= 2);
}

TEST_CASE("the smallest quota equals the best vertex of the volume LP found by brute force") {
  Uniform u{std::mt19937_64(7)};
  int checked = 0;
  for (int instance = 0; instance < 30; ++instance) {
    CAPTURE(instance);
    pf::Portfolio p = random_portfolio(u, 2 + static_cast<std::size_t>(u.pick(2)), 2);
    const int t_target = 2;
    const auto base = pf::cost_path(p);
    p.target = pf::Target{0.015 + u.in(0.5, 1.0) * (*base.cost[2] - 0.015), 2027};
    const BruteLp b = brute_lp(p, t_target);
    std::vector<char> allowed;
    for (const auto& q : p.quotas) allowed.push_back(q.year <= 2027 ? 1 : 0);
    const auto brute = enumerate(p, b, b.amount, p.target->ceiling, allowed);
    const auto plan = pf::minimum_quota_plan(p);
    REQUIRE(brute.feasible == plan.has_value());
    if (!plan) continue;
    ++checked;
    CHECK(plan->total() == Approx(brute.best).scale(1000).epsilon(1e-9));
  }
  CHECK(checked >= 10);
}

TEST_CASE("with constant balances the smallest quota is the closed form, most expensive debts first") {
  // A 500 at 6% (eligible), G 500 at 2.5% (general bond). Target 3.5% in 2026 with a 2% bond:
  // X = (42.5 − 35) / (6% − 2%) = 187.5.
  auto p = portfolio({debt("A", 500, 0.06, 2040), debt("G", 500, 0.025, 2040, pf::DebtKind::GeneralBond)},
                     {{2026, 1000, 0.02, 10, 0.0}});
  p.target = pf::Target{0.035, 2026};
  const auto plan = pf::minimum_quota_plan(p);
  REQUIRE(plan);
  CHECK(plan->total() == Approx(187.5).epsilon(1e-9));
  CHECK(*pf::cost_path(p, *plan).cost[1] == Approx(0.035).epsilon(1e-9));

  // Three rates: C 200 at 8%, A 500 at 6%, G 300 at 2.5%: all of C, then 162.5 of A: 362.5.
  auto q = portfolio({debt("C", 200, 0.08, 2040), debt("A", 500, 0.06, 2040),
                      debt("G", 300, 0.025, 2040, pf::DebtKind::GeneralBond)},
                     {{2026, 1000, 0.02, 10, 0.0}});
  q.target = pf::Target{0.035, 2026};
  const auto mq = pf::minimum_quota_plan(q);
  REQUIRE(mq);
  CHECK(mq->total() == Approx(362.5).epsilon(1e-9));
  CHECK(amount_of_debt(*mq, 0) == Approx(200).epsilon(1e-9));
  CHECK(amount_of_debt(*mq, 1) == Approx(162.5).epsilon(1e-9));
  const auto a = pf::analyse(q);
  REQUIRE(a.closed_form);
  CHECK(*a.closed_form->amount == Approx(mq->total()).epsilon(1e-9));
  CHECK(a.status == pf::TargetStatus::Met);
  CHECK(a.first_year_met == 2026);
}

TEST_CASE("penalties and issuance costs change which debts are replaced, and when") {
  SUBCASE("a penalty sends the quota to the debt without one") {
    // X and Y: 500 at 6% each; quota 500 at 2% in 2026; horizon 3 years. Replacing either
    // saves 500·4%·3 = 60; X's 5% penalty (25) leaves 35, so Y is replaced.
    auto p = portfolio({debt("X", 500, 0.06, 2040), debt("Y", 500, 0.06, 2040)}, {{2026, 500, 0.02, 10, 0.0}});
    p.debts[0].prepayment_penalty = 0.05;
    const auto plan = pf::optimal_plan(p, false);
    REQUIRE(plan);
    CHECK(amount_of_debt(*plan, 0) == 0.0);
    CHECK(amount_of_debt(*plan, 1) == Approx(500).epsilon(1e-9));
  }
  SUBCASE("a penalty larger than the saving leaves the debt alone") {
    // 15% of 500 = 75 > 60 saved.
    auto p = portfolio({debt("X", 500, 0.06, 2040)}, {{2026, 500, 0.02, 10, 0.0}});
    p.debts[0].prepayment_penalty = 0.15;
    CHECK(pf::optimal_plan(p, false)->replacements.empty());
    p.debts[0].prepayment_penalty = 0.10;  // 50 < 60
    CHECK(pf::optimal_plan(p, false)->total() == Approx(500).epsilon(1e-9));
  }
  SUBCASE("a penalty makes it worth waiting for maturity") {
    // 500 at 6% maturing in 2026, rolling over at 6%; 2% quotas in 2026 and 2027. In 2026:
    // 3 years × 20 = 60 less the penalty; at maturity in 2027: 2 × 20 = 40, no penalty.
    // Penalty 5% (25): 35 < 40, wait. Penalty 2% (10): 50 > 40, replace early.
    auto p = portfolio({debt("M", 500, 0.06, 2026)}, {{2026, 500, 0.02, 10, 0.0}, {2027, 500, 0.02, 10, 0.0}});
    set_market(p, pf::DebtKind::BankLoan, 0.06);
    p.debts[0].prepayment_penalty = 0.05;
    auto plan = pf::optimal_plan(p, false);
    CHECK(amount_of(*plan, 0, 0) == 0.0);
    CHECK(amount_of(*plan, 0, 1) == Approx(500).epsilon(1e-9));
    p.debts[0].prepayment_penalty = 0.02;
    plan = pf::optimal_plan(p, false);
    CHECK(amount_of(*plan, 0, 0) == Approx(500).epsilon(1e-9));
    CHECK(amount_of(*plan, 0, 1) == 0.0);
  }
  SUBCASE("an issuance cost above the saving stops a thin replacement") {
    // 500 at 2.3% replaced at 2%: saves 500·0.3%·3 = 4.5. Issuance 1% costs 5: no; 0.5% costs
    // 2.5: yes.
    auto p = portfolio({debt("T", 500, 0.023, 2040)}, {{2026, 500, 0.02, 10, 0.01}});
    CHECK(pf::optimal_plan(p, false)->replacements.empty());
    p.quotas[0].issuance_cost = 0.005;
    CHECK(pf::optimal_plan(p, false)->total() == Approx(500).epsilon(1e-9));
  }
  SUBCASE("an issuance cost favours the debt that stays expensive longest") {
    // S: 500 at 5% maturing 2026, rolling over at 2.1%; L: 500 at 4.6% to 2040. Quota 500 at 2%
    // in 2026, 1% issuance (5). S saves 15 in 2026 then 0.1%·500 = 0.5 a year: 16 − 5 = 11.
    // L saves 2.6%·500·3 = 39 − 5 = 34: L. Without the rollover at 2.1% S would be the better.
    auto p = portfolio({debt("S", 500, 0.05, 2026), debt("L", 500, 0.046, 2040)}, {{2026, 500, 0.02, 10, 0.01}});
    set_market(p, pf::DebtKind::BankLoan, 0.021);
    const auto plan = pf::optimal_plan(p, false);
    CHECK(amount_of_debt(*plan, 0) == 0.0);
    CHECK(amount_of_debt(*plan, 1) == Approx(500).epsilon(1e-9));
  }
}

TEST_CASE("the target can require a plan that is not the cheapest") {
  // S: 400 at 8% to 2027, then rolling at 1%; L: 400 at 5% to 2040; G: 1200 at 2.5%. Quota 400
  // at 2% in 2026; horizon 4. Savings per unit: S 6% + 6% − 1% − 1% = 10%, L 3%·4 = 12%: the
  // cheapest plan is all L. Target 3.2% in 2026: baseline 82/2000; replacing x_S, x_L cuts
  // 0.06 x_S + 0.03 x_L, which must reach 18 with x_S + x_L <= 400: x_S >= 200. The least-cost
  // plan that meets it: x_S = 200, x_L = 200.
  auto p = portfolio({debt("S", 400, 0.08, 2027, pf::DebtKind::NonStandard), debt("L", 400, 0.05, 2040),
                      debt("G", 1200, 0.025, 2040, pf::DebtKind::GeneralBond)},
                     {{2026, 400, 0.02, 10, 0.0}}, 4);
  set_market(p, pf::DebtKind::NonStandard, 0.01);
  const auto cheapest = pf::optimal_plan(p, false);
  CHECK(amount_of_debt(*cheapest, 1) == Approx(400).epsilon(1e-9));
  p.target = pf::Target{0.032, 2026};
  const auto plan = pf::optimal_plan(p, true);
  REQUIRE(plan);
  CHECK(amount_of_debt(*plan, 0) == Approx(200).epsilon(1e-9));
  CHECK(amount_of_debt(*plan, 1) == Approx(200).epsilon(1e-9));
  CHECK(*pf::cost_path(p, *plan).cost[1] == Approx(0.032).epsilon(1e-9));
}

TEST_CASE("an unreachable target reports the best cost and what it would take") {
  SUBCASE("too little quota: more quota, and no coupon would do") {
    // A 1000 at 6%; quota 100 at 2% in 2026; target 3.5% in 2026. Best: (900·6% + 100·2%) /
    // 1000 = 5.6%. Needed X = (60 − 35) / 4% = 625: 525 more. A 0% coupon gives 5.4%: no.
    auto p = portfolio({debt("A", 1000, 0.06, 2040)}, {{2026, 100, 0.02, 10, 0.0}});
    p.target = pf::Target{0.035, 2026};
    const auto a = pf::analyse(p);
    CHECK(a.status == pf::TargetStatus::Unreachable);
    REQUIRE(a.shortfall);
    CHECK(a.shortfall->best_cost == Approx(0.056).epsilon(1e-9));
    REQUIRE(a.shortfall->additional_quota);
    CHECK(*a.shortfall->additional_quota == Approx(525).epsilon(1e-9));
    CHECK(a.shortfall->additional_by_quota[0] == Approx(525).epsilon(1e-9));
    CHECK_FALSE(a.shortfall->sufficient_coupon);
    CHECK(a.shortfall->sufficient_coupon_reason.find("0%") != std::string::npos);
    // The plan still spends the quota on the saving, and the check fails with the numbers.
    CHECK(a.plan.total() == Approx(100).epsilon(1e-9));
    const auto cs = pf::checks(p, a);
    REQUIRE(cs.size() == 1);
    CHECK_FALSE(cs[0].passed);
    CHECK(*cs[0].value == Approx(0.056).epsilon(1e-9));
    CHECK(cs[0].message_en.find("525.00") != std::string::npos);
  }
  SUBCASE("a lower coupon would do") {
    // Quota 500 at 2.5%: best (30 + 12.5) / 1000 = 4.25%. More quota: 25 / 3.5% − 500 =
    // 214.2857…; a coupon c works when (30 + 500c) / 1000 <= 3.5%: c <= 1%.
    auto p = portfolio({debt("A", 1000, 0.06, 2040)}, {{2026, 500, 0.025, 10, 0.0}});
    p.target = pf::Target{0.035, 2026};
    const auto a = pf::analyse(p);
    REQUIRE(a.shortfall);
    CHECK(a.shortfall->best_cost == Approx(0.0425).epsilon(1e-9));
    CHECK(*a.shortfall->additional_quota == Approx(25 / 0.035 - 500).epsilon(1e-9));
    REQUIRE(a.shortfall->sufficient_coupon);
    CHECK(*a.shortfall->sufficient_coupon <= 0.01);
    CHECK(*a.shortfall->sufficient_coupon >= 0.01 - 2e-6);
  }
  SUBCASE("not enough eligible debt: no amount of quota reaches it") {
    // G 1000 at 6% is a general bond (not eligible); B 100 at 7%. Even replacing all of B at 0%
    // leaves 60 / 1100 = 5.45%.
    auto p = portfolio({debt("G", 1000, 0.06, 2040, pf::DebtKind::GeneralBond), debt("B", 100, 0.07, 2040)},
                       {{2026, 1000, 0.02, 10, 0.0}});
    p.target = pf::Target{0.035, 2026};
    const auto a = pf::analyse(p);
    REQUIRE(a.shortfall);
    // Best: (60 + 100·2%) / 1100
    CHECK(a.shortfall->best_cost == Approx(62.0 / 1100).epsilon(1e-9));
    CHECK_FALSE(a.shortfall->additional_quota);
    CHECK(a.shortfall->additional_quota_reason.find("every eligible debt") != std::string::npos);
    CHECK_FALSE(a.shortfall->sufficient_coupon);
  }
  SUBCASE("a quota that comes after the target year cannot help") {
    auto p = portfolio({debt("A", 1000, 0.06, 2040)}, {{2027, 1000, 0.02, 10, 0.0}});
    p.target = pf::Target{0.035, 2026};
    const auto a = pf::analyse(p);
    REQUIRE(a.shortfall);
    CHECK(a.shortfall->best_cost == Approx(0.06).epsilon(1e-12));
    CHECK(a.shortfall->additional_quota_reason == "no quota is issued in or before 2026");
  }
}

TEST_CASE("a portfolio that owes nothing meets any target without refinancing") {
  auto p = portfolio({debt("A", 0, 0.06, 2040)}, {});
  p.target = pf::Target{0.035, 2027};
  const auto a = pf::analyse(p);
  CHECK(a.status == pf::TargetStatus::MetWithoutRefinancing);
  CHECK_FALSE(a.baseline.cost[0]);
  CHECK(a.first_year_met == 2025);
}

// ---- the solver against GLPK on the whole LP ----

namespace d = pf::detail;

// A grid of `debts` × `years` columns in one of three shapes: independent random columns;
// alike debts (a few patterns, each debt a pattern times its own size: the LP cannot tell
// them apart); or debts indifferent between years (the same use every year, cost and gap
// differing between years only in proportion to the use, as a bullet debt replaced in either
// of two years before the target year is).
enum class Shape { Random, Alike, Indifferent };

d::LpColumns random_grid(Uniform& u, std::size_t debts, std::size_t years, Shape shape) {
  d::LpColumns c;
  c.debts = debts;
  c.years = years;
  std::vector<double> pattern_use, pattern_cost, pattern_gap;
  const std::size_t patterns = 12;
  for (std::size_t k = 0; k < patterns * years; ++k) {
    pattern_use.push_back(u() < 0.1 ? 0.0 : u.in(0.5, 1.0));
    pattern_cost.push_back(u.in(-0.3, 0.05) * pattern_use.back());
    pattern_gap.push_back(u.in(-0.06, 0.01) * pattern_use.back());
  }
  std::vector<double> by_year_cost(years), by_year_gap(years);
  for (std::size_t y = 0; y < years; ++y) by_year_cost[y] = u.in(-0.02, 0.02), by_year_gap[y] = u.in(-0.004, 0.004);
  for (std::size_t i = 0; i < debts; ++i) {
    const std::size_t k = static_cast<std::size_t>(u.pick(static_cast<int>(patterns)));
    const double size = std::round(u.in(1, 20)) / 10.0;
    const double base_cost = u.in(-0.3, 0.05), base_gap = u.in(-0.06, 0.01);
    for (std::size_t y = 0; y < years; ++y) {
      switch (shape) {
        case Shape::Random: {
          const bool absent = u() < 0.1;
          c.use.push_back(absent ? 0.0 : u.in(0.2, 2.0));
          c.cost.push_back(u.in(-0.3, 0.05) * c.use.back());
          c.gap.push_back(u.in(-0.06, 0.01) * c.use.back());
          break;
        }
        case Shape::Alike:
          c.use.push_back(size * pattern_use[k * years + y]);
          c.cost.push_back(size * pattern_cost[k * years + y]);
          c.gap.push_back(size * pattern_gap[k * years + y]);
          break;
        case Shape::Indifferent:
          c.use.push_back(size);
          c.cost.push_back(size * (base_cost + by_year_cost[y]));
          c.gap.push_back(size * (base_gap + by_year_gap[y]));
          break;
      }
    }
  }
  return c;
}

// The shares of an outcome: each debt at most wholly replaced, each quota and the target kept,
// and the objective they reach.
double check_shares(const d::LpColumns& c, const d::LpRequest& r, const d::LpOutcome& out) {
  std::vector<double> per_debt(c.debts, 0.0), per_year(c.years, 0.0);
  double gap = 0, cost = 0, volume = 0;
  for (const auto& s : out.shares) {
    const std::size_t j = s.debt * c.years + s.year;
    REQUIRE(c.use[j] > 0);
    REQUIRE(r.year_allowed[s.year]);
    CHECK(s.share > 0);
    per_debt[s.debt] += s.share;
    per_year[s.year] += s.share * c.use[j];
    gap += s.share * c.gap[j];
    cost += s.share * c.cost[j];
    volume += s.share * c.use[j];
  }
  for (double f : per_debt) CHECK(f <= 1 + 1e-9);
  for (std::size_t y = 0; y < c.years; ++y) {
    const double extra = y < out.extra.size() ? out.extra[y] : 0.0;
    CHECK(per_year[y] <= r.quota[y] + extra + 1e-9 * std::max(1.0, r.quota[y]));
  }
  if (r.target) CHECK(gap <= r.target_rhs + 1e-9 * std::max(1.0, std::abs(r.target_rhs)));
  switch (r.objective) {
    case d::LpObjective::Cost: return cost;
    case d::LpObjective::Volume: return volume;
    case d::LpObjective::Gap: return gap;
    case d::LpObjective::Extra: {
      double z = 0;
      for (double e : out.extra) z += e;
      return z;
    }
  }
  return 0;
}

TEST_CASE("the solver reaches the optimum GLPK finds on the whole LP") {
  // 400–800 debts × 3 or 10 years, in the three shapes, for every objective, with and without a
  // target (some of which cannot be met). The whole LP has up to 8,000 columns and 800 rows.
  Uniform u{std::mt19937_64(99)};
  int feasible = 0, infeasible = 0, smaller = 0;
  for (int instance = 0; instance < 18; ++instance) {
    CAPTURE(instance);
    const auto shape = static_cast<Shape>(instance % 3);
    const std::size_t years = instance % 2 == 0 ? 3 : 10;
    const std::size_t debts = 400 + 50 * static_cast<std::size_t>(u.pick(9));
    const d::LpColumns c = random_grid(u, debts, years, shape);
    double total_use = 0;
    for (double x : c.use) total_use += x;
    for (auto objective : {d::LpObjective::Cost, d::LpObjective::Volume, d::LpObjective::Gap, d::LpObjective::Extra}) {
      CAPTURE(static_cast<int>(objective));
      d::LpRequest r;
      r.objective = objective;
      for (std::size_t y = 0; y < years; ++y) {
        r.quota.push_back(u.in(0.01, 0.08) * total_use);
        r.year_allowed.push_back(y + 2 < years || u() < 0.5 ? 1 : 0);
      }
      r.target = objective != d::LpObjective::Cost || u() < 0.5;
      r.target_rhs = -u.in(0.0005, 0.006) * total_use;
      if (objective == d::LpObjective::Extra) r.extra = r.year_allowed;
      const auto solved = d::solve_replacement_lp(c, r);
      r.whole = true;
      const auto whole = d::solve_replacement_lp(c, r);
      r.whole = false;
      REQUIRE(solved.feasible == whole.feasible);
      if (!whole.feasible) {
        ++infeasible;
        continue;
      }
      ++feasible;
      CHECK(solved.objective == Approx(whole.objective).scale(1).epsilon(1e-9));
      CHECK(check_shares(c, r, solved) == Approx(whole.objective).scale(1).epsilon(1e-9));
      CHECK(check_shares(c, r, whole) == Approx(whole.objective).scale(1).epsilon(1e-9));
      smaller += solved.master_debts < whole.master_debts ? 1 : 0;
    }
  }
  CHECK(feasible >= 40);
  CHECK(infeasible >= 3);
  CHECK(smaller >= feasible / 2);  // the restricted LP is the smaller one
}

TEST_CASE("a portfolio of a few hundred debts, many alike, gets the plan GLPK finds on the whole LP") {
  // The reference LP is written from cost paths (brute_lp), not from the optimiser's own
  // coefficients, and solved whole by GLPK; the plan must cost what it costs, and the smallest
  // quota must be its volume optimum.
  Uniform u{std::mt19937_64(2027)};
  int planned = 0, least_checked = 0;
  for (int instance = 0; instance < 4; ++instance) {
    CAPTURE(instance);
    pf::Portfolio p = random_portfolio(u, 60, 3);
    // Copies of some debts at other balances: the same loan terms, so alike for the plan.
    const std::size_t originals = p.debts.size();
    for (std::size_t i = 0; i < originals; ++i) {
      if (!p.debts[i].eligible || u() < 0.5) continue;
      for (int k = 0, n = 1 + u.pick(4); k < n; ++k) {
        pf::Debt copy = p.debts[i];
        copy.name += "-" + std::to_string(k);
        copy.balance = std::round(u.in(50, 1500));
        p.debts.push_back(copy);
      }
    }
    double balance = 0;
    for (const auto& debt : p.debts) balance += debt.balance;
    for (auto& q : p.quotas) q.amount = std::round(u.in(0.05, 0.15) * balance);
    const int t_target = 2;
    const auto base = pf::cost_path(p);
    p.target = pf::Target{0.015 + u.in(0.6, 0.95) * (*base.cost[2] - 0.015), 2027};
    const BruteLp b = brute_lp(p, t_target);

    // The brute LP as a debts × quotas grid for the solver.
    d::LpColumns c;
    c.debts = p.debts.size();
    c.years = p.quotas.size();
    c.use.assign(c.debts * c.years, 0.0);
    c.cost.assign(c.use.size(), 0.0);
    c.gap.assign(c.use.size(), 0.0);
    for (std::size_t j = 0; j < b.amount.size(); ++j) {
      const std::size_t at = b.debt[j] * c.years + b.quota[j];
      c.use[at] = b.amount[j];
      c.cost[at] = b.cost[j];
      c.gap[at] = b.weighted[j] - p.target->ceiling * b.weight[j];
    }
    d::LpRequest r;
    for (const auto& q : p.quotas) r.quota.push_back(q.amount);
    r.year_allowed.assign(c.years, 1);
    r.target = true;
    r.target_rhs = p.target->ceiling * b.weight0 - b.weighted0;
    r.whole = true;
    const auto whole = d::solve_replacement_lp(c, r);
    const auto plan = pf::optimal_plan(p, true);
    REQUIRE(whole.feasible == plan.has_value());
    if (!plan) continue;
    ++planned;
    const double scale = total_cost(p, base);
    CHECK(total_cost(p, pf::cost_path(p, *plan)) - total_cost(p, base) == Approx(whole.objective).scale(scale).epsilon(1e-9));

    r.objective = d::LpObjective::Volume;
    for (std::size_t k = 0; k < c.years; ++k) r.year_allowed[k] = p.quotas[k].year <= 2027 ? 1 : 0;
    const auto least = d::solve_replacement_lp(c, r);
    const auto mq = pf::minimum_quota_plan(p);
    REQUIRE(least.feasible == mq.has_value());
    if (!mq) continue;
    ++least_checked;
    CHECK(mq->total() == Approx(least.objective).scale(balance).epsilon(1e-9));
  }
  CHECK(planned >= 3);
  CHECK(least_checked >= 3);
}

TEST_CASE("alike debts are replaced whole, in ledger order, at most one of them in part") {
  // 200 copies of one loan (sizes 1 and 2), a quota for 75.5 units: the LP cannot tell them
  // apart, so the plan takes them whole from the top of the ledger and splits only the last.
  d::LpColumns c;
  c.debts = 200;
  c.years = 1;
  for (std::size_t i = 0; i < c.debts; ++i) {
    const double size = i % 2 == 0 ? 1.0 : 2.0;
    c.use.push_back(size);
    c.cost.push_back(-0.1 * size);
    c.gap.push_back(0.0);
  }
  d::LpRequest r;
  r.quota = {75.5};
  r.year_allowed = {1};
  const auto out = d::solve_replacement_lp(c, r);
  REQUIRE(out.feasible);
  CHECK(out.objective == Approx(-7.55).epsilon(1e-12));
  // Debts 0..49 (sizes 1, 2, 1, 2, ...: 75 units), then half of debt 50.
  REQUIRE(out.shares.size() == 51);
  for (std::size_t i = 0; i < 50; ++i) {
    CHECK(out.shares[i].debt == i);
    CHECK(out.shares[i].share == 1.0);
  }
  CHECK(out.shares[50].debt == 50);
  CHECK(out.shares[50].share == Approx(0.5).epsilon(1e-12));
  CHECK(out.master_debts <= 1);
}

TEST_CASE("the analysis is deterministic: the same portfolio gives byte-identical JSON") {
  Uniform u{std::mt19937_64(3)};
  pf::Portfolio p = random_portfolio(u, 30, 3);
  p.target = pf::Target{0.035, 2027};
  const auto a1 = pf::analyse(p);
  const auto a2 = pf::analyse(p);
  CHECK(pf::render_debt_report(p, a1, {"x.yaml"}, appraise::report::Format::Json, appraise::report::Lang::Zh) ==
        pf::render_debt_report(p, a2, {"x.yaml"}, appraise::report::Format::Json, appraise::report::Lang::Zh));
}

}  // TEST_SUITE
