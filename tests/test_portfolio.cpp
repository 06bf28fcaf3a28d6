// The debt portfolio: weighted cost now and by year, schedules, rollover, a replacement's
// effect, the closed-form refinancing amount, the maturity wall and the MOF repayment coverage.
// Every expected value is worked out by hand in the comment beside it (standards.md §2.2–2.3).
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "appraise/core/discounting.hpp"
#include "appraise/portfolio/plan.hpp"
#include "appraise/portfolio/portfolio.hpp"
#include "portfolio_fixtures.hpp"

namespace pf = appraise::portfolio;
using doctest::Approx;

namespace {

using portfolio_fixtures::debt;

pf::Portfolio portfolio(std::vector<pf::Debt> debts, int horizon = 4) {
  pf::Portfolio p;
  p.name = "test";
  p.base_year = 2025;
  p.horizon = horizon;
  p.debts = std::move(debts);
  return p;
}

pf::RatePath flat(const pf::Portfolio& p, double r) { return pf::RatePath(static_cast<std::size_t>(p.horizon) + 1, r); }

constexpr double eps = 1e-12;

}  // namespace

TEST_SUITE("portfolio") {

TEST_CASE("the weighted cost is the balance-weighted rate, absent when nothing is owed") {
  // (100·6% + 300·2%) / 400 = (6 + 6) / 400 = 3%
  const std::vector<double> b{100, 300}, r{0.06, 0.02};
  CHECK(*pf::weighted_cost(b, r) == Approx(0.03).epsilon(eps));
  CHECK_FALSE(pf::weighted_cost(std::vector<double>{}, std::vector<double>{}));
  CHECK_FALSE(pf::weighted_cost(std::vector<double>{0, 0}, std::vector<double>{0.05, 0.06}));
}

TEST_CASE("the closed-form refinancing amount X = (ΣB·r − r*·ΣB)/(r_old − r_new)") {
  // ΣB = 1000, ΣB·r = 45 (4.5%), target 3.5%: excess 45 − 35 = 10; at 6% → 2% each unit
  // replaced saves 0.04, so X = 10 / 0.04 = 250.
  CHECK(*pf::closed_form_refinancing_amount(1000, 45, 0.035, 0.06, 0.02) == Approx(250).epsilon(eps));
  // Already at the target: nothing to replace.
  CHECK(*pf::closed_form_refinancing_amount(1000, 35, 0.035, 0.06, 0.02) == 0.0);
  // Replacing at a rate no lower than the old one never reaches it.
  CHECK_FALSE(pf::closed_form_refinancing_amount(1000, 45, 0.035, 0.02, 0.02));

  // The same portfolio through the engine: 500 at 6% and 500 at 3% (ΣB·r = 45). Replacing 250 of
  // the 6% debt at 2% gives (250·6% + 250·2% + 500·3%) / 1000 = (15 + 5 + 15) / 1000 = 3.5%.
  auto p = portfolio({debt("A", 500, 0.06, 2040), debt("G", 500, 0.03, 2040, pf::DebtKind::GeneralBond)});
  p.quotas.push_back({2026, 250, 0.02, 10, 0.0});
  const auto c = pf::cost_path(p, {{{0, 0, 250.0}}});
  CHECK(*c.cost[0] == Approx(0.045).epsilon(eps));
  CHECK(*c.cost[1] == Approx(0.035).epsilon(eps));
}

TEST_CASE("the static check replaces the most expensive eligible debts first") {
  // C 200 at 8%, A 500 at 6%, G 300 at 2.5% (a general bond: not eligible). ΣB = 1000,
  // ΣB·r = 16 + 30 + 7.5 = 53.5. Target 3.5%: excess 53.5 − 35 = 18.5. At r_new = 2%, all of
  // C saves 200·6% = 12; the other 6.5 comes from A at 4%: 162.5. X = 362.5, and
  // r_old = (200·8% + 162.5·6%) / 362.5 = 25.75 / 362.5, so the closed form with that r_old
  // gives the same X.
  auto p = portfolio({debt("C", 200, 0.08, 2040), debt("A", 500, 0.06, 2040),
                      debt("G", 300, 0.025, 2040, pf::DebtKind::GeneralBond)});
  const auto s = pf::static_refinancing_need(p, 0.035, 0.02);
  REQUIRE(s.amount);
  CHECK(*s.amount == Approx(362.5).epsilon(eps));
  CHECK(s.r_old == Approx(25.75 / 362.5).epsilon(eps));
  CHECK_FALSE(s.single_rate);
  CHECK(*pf::closed_form_refinancing_amount(s.total_balance, s.weighted_interest, 0.035, s.r_old, 0.02) ==
        Approx(362.5).epsilon(eps));
  // Replacing all of C and A at 2%: (700·2% + 7.5) / 1000 = 2.15%.
  CHECK(s.cost_after_all == Approx(0.0215).epsilon(eps));

  // One rate replaced: A 500 at 6%, G 500 at 2.5%: (42.5 − 35) / (6% − 2%) = 187.5.
  auto q = portfolio({debt("A", 500, 0.06, 2040), debt("G", 500, 0.025, 2040, pf::DebtKind::GeneralBond)});
  const auto one = pf::static_refinancing_need(q, 0.035, 0.02);
  CHECK(*one.amount == Approx(187.5).epsilon(eps));
  CHECK(one.single_rate);

  // A target below what replacing everything eligible reaches: no amount.
  CHECK_FALSE(pf::static_refinancing_need(q, 0.02, 0.02).amount);
}

TEST_CASE("the cost path follows equal-principal repayment and rolls maturing principal over") {
  // L: 300 at 5%, equal principal 2026–2028 (100 a year), rolling over at the market's 4%;
  // G: 700 at 3%, bullet 2040. Year-end balances of L: contract 200, 100, 0, 0 and rolled
  // 100, 200, 300, 300.
  auto p = portfolio({debt("L", 300, 0.05, 2028), debt("G", 700, 0.03, 2040, pf::DebtKind::GeneralBond)});
  p.debts[0].amortisation = pf::Amortisation::EqualPrincipal;
  p.rollover_rates[static_cast<std::size_t>(pf::DebtKind::BankLoan)] = flat(p, 0.04);

  SUBCASE("year-end balances") {
    const auto c = pf::cost_path(p);
    // now: (300·5% + 700·3%) / 1000 = (15 + 21) / 1000
    CHECK(*c.cost[0] == Approx(0.036).epsilon(eps));
    // Each year at the rates in force during it, on the position of 300 that L keeps:
    // 2026: all 300 at 5% (the 100 due at its end rolls at 4% from 2027): (15 + 21) / 1000;
    // 2027: (200·5% + 100·4% + 21) / 1000; 2028: (100·5% + 200·4% + 21) / 1000; 2029: (12 + 21) / 1000
    CHECK(*c.cost[1] == Approx(0.036).epsilon(eps));
    CHECK(*c.cost[2] == Approx(0.035).epsilon(eps));
    CHECK(*c.cost[3] == Approx(0.034).epsilon(eps));
    CHECK(*c.cost[4] == Approx(0.033).epsilon(eps));
    // Interest on the opening balance: 2026 300·5% + 21 = 36; 2027 200·5% + 100·4% + 21 = 35;
    // 2028 100·5% + 200·4% + 21 = 34; 2029 300·4% + 21 = 33.
    CHECK(c.interest[0] == 0.0);
    CHECK(c.interest[1] == Approx(36).epsilon(eps));
    CHECK(c.interest[2] == Approx(35).epsilon(eps));
    CHECK(c.interest[3] == Approx(34).epsilon(eps));
    CHECK(c.interest[4] == Approx(33).epsilon(eps));
    for (double b : c.balance) CHECK(b == Approx(1000).epsilon(eps));
  }
  SUBCASE("average balances") {
    p.cost.basis = pf::BalanceBasis::Average;
    const auto c = pf::cost_path(p);
    // L's position is 300 all year long (what falls due rolls over at the year-end), so its
    // average balance is 300 too and the costs are the year-end ones: the rate in force during
    // the year does not depend on the balance basis. 2026: 300·5% + 21 = 36.
    CHECK(*c.cost[0] == Approx(0.036).epsilon(eps));  // today's snapshot whatever the basis
    CHECK(*c.cost[1] == Approx(0.036).epsilon(eps));
    // 2027: 200·5% + 100·4% + 21 = 35; 2028: 100·5% + 200·4% + 21 = 34
    CHECK(*c.cost[2] == Approx(0.035).epsilon(eps));
    CHECK(*c.cost[3] == Approx(0.034).epsilon(eps));
  }
  SUBCASE("repaid instead of rolled over") {
    p.debts[0].at_maturity = pf::AtMaturity::Repay;
    const auto c = pf::cost_path(p);
    // balances 900, 800, 700; 2026: (200·5% + 21) / 900; interest 36, 31, 26, 21
    CHECK(c.balance[1] == Approx(900).epsilon(eps));
    CHECK(c.balance[3] == Approx(700).epsilon(eps));
    CHECK(*c.cost[1] == Approx(31.0 / 900).epsilon(eps));
    CHECK(*c.cost[3] == Approx(0.03).epsilon(eps));
    CHECK(c.interest[2] == Approx(31).epsilon(eps));
    CHECK(c.interest[4] == Approx(21).epsilon(eps));
  }
}

TEST_CASE("a debt rolled over at the end of a year counts at the rate it bears in that year, the market's from the next") {
  // Review 8, finding 1. A: 100 trust at 7.8% due 2027, rolls at the market's 7.5%;
  // B: 100 general bond at 3% to 2040; C: 100 platform bond at 4.6% due 2027, whose market
  // path is 4.0% in 2026–2027 and 4.3% from 2028. Three readings of 2027 differ:
  //   rate in force during 2027 (contracts):         (7.8 + 3 + 4.6) / 3 = 5.1333%
  //   the market of 2027 (what the code once used):   (7.5 + 3 + 4.0) / 3 = 4.8333%
  //   the rate of what is owed at the end of 2027:    (7.5 + 3 + 4.3) / 3 = 4.9333%
  // The first is the definition (portfolio-format.md): it is the year's interest over the
  // balance, 15.4 / 300, and the rolled principal bears 4.3% (2028's market) from 2028 on.
  auto p = portfolio({debt("A", 100, 0.078, 2027, pf::DebtKind::NonStandard), debt("B", 100, 0.03, 2040, pf::DebtKind::GeneralBond),
                      debt("C", 100, 0.046, 2027, pf::DebtKind::PlatformBond)});
  p.rollover_rates[static_cast<std::size_t>(pf::DebtKind::NonStandard)] = flat(p, 0.075);
  p.rollover_rates[static_cast<std::size_t>(pf::DebtKind::PlatformBond)] = {0.040, 0.040, 0.040, 0.043, 0.043};
  for (const auto basis : {pf::BalanceBasis::YearEnd, pf::BalanceBasis::Average}) {
    CAPTURE(static_cast<int>(basis));
    p.cost.basis = basis;
    const auto c = pf::cost_path(p);
    CHECK(c.interest[2] == Approx(7.8 + 3 + 4.6).epsilon(eps));
    CHECK(*c.cost[2] == Approx((7.8 + 3 + 4.6) / 300).epsilon(eps));
    CHECK(*c.cost[1] == Approx((7.8 + 3 + 4.6) / 300).epsilon(eps));
    // 2028 and 2029: the rolled principal at the market rates of those years
    CHECK(c.interest[3] == Approx(7.5 + 3 + 4.3).epsilon(eps));
    CHECK(*c.cost[3] == Approx((7.5 + 3 + 4.3) / 300).epsilon(eps));
    CHECK(*c.cost[4] == Approx((7.5 + 3 + 4.3) / 300).epsilon(eps));
  }

  // The smallest replacement that meets 5.0% in 2027 with a 2027 quota at 2%: the cost in force
  // is 15.4 / 300, above 5% by 15.4 − 15 = 0.4 of interest; each unit of A (the dearest in
  // 2027, at 7.8%) replaced at 2% saves 5.8%: X = 0.4 / 0.058. (Read at 2027's market rates the
  // target would seem met already, at 4.83%.)
  p.cost.basis = pf::BalanceBasis::YearEnd;
  p.target = pf::Target{0.05, 2027};
  p.quotas.push_back({2027, 1000, 0.02, 10, 0.0});
  const auto plan = pf::minimum_quota_plan(p);
  REQUIRE(plan);
  REQUIRE(plan->replacements.size() == 1);
  CHECK(plan->replacements[0].debt == 0);
  CHECK(plan->replacements[0].amount == Approx(0.4 / 0.058).epsilon(1e-9));
  CHECK(*pf::cost_path(p, *plan).cost[2] == Approx(0.05).epsilon(1e-9));
}

TEST_CASE("a floating rate is its reference path plus the spread") {
  auto p = portfolio({debt("F", 100, 0, 2040)});
  p.reference_rates["lpr_5y"] = {0.035, 0.034, 0.033, 0.033, 0.033};
  p.debts[0].rate.reference = "lpr_5y";
  p.debts[0].rate.spread = 0.005;
  CHECK(pf::contract_rate(p, p.debts[0], 0) == Approx(0.040).epsilon(eps));
  CHECK(pf::contract_rate(p, p.debts[0], 1) == Approx(0.039).epsilon(eps));
  CHECK(pf::contract_rate(p, p.debts[0], 4) == Approx(0.038).epsilon(eps));
  // interest of 2026 = 100 · (3.4% + 0.5%)
  CHECK(pf::cost_path(p).interest[1] == Approx(3.9).epsilon(eps));
}

TEST_CASE("a replacement swaps the rate from its year on and charges penalty and issuance cost once") {
  // A: 1000 at 6%, bullet 2035, 1% penalty. Replace 400 in 2026 with a 2% bond costing 0.1%.
  auto p = portfolio({debt("A", 1000, 0.06, 2035)}, 3);
  p.debts[0].prepayment_penalty = 0.01;
  p.quotas.push_back({2026, 400, 0.02, 10, 0.001});
  const pf::RefinancingPlan plan{{{0, 0, 400.0}}};
  const auto c = pf::cost_path(p, plan);
  // From 2026: (600·6% + 400·2%) / 1000 = 44 / 1000; interest 36 + 8 = 44 a year.
  CHECK(*c.cost[0] == Approx(0.06).epsilon(eps));
  CHECK(*c.cost[1] == Approx(0.044).epsilon(eps));
  CHECK(*c.cost[3] == Approx(0.044).epsilon(eps));
  CHECK(c.interest[1] == Approx(44).epsilon(eps));
  // One-off in 2026: penalty 1%·400 = 4, issuance 0.1%·400 = 0.4.
  CHECK(c.one_off[1] == Approx(4.4).epsilon(eps));
  CHECK(c.one_off[2] == 0.0);
  const auto e = pf::replacement_effect(p, plan.replacements[0]);
  // Saves 400·(6% − 2%) = 16 a year for 3 years, less 4.4: 43.6.
  CHECK(e.saving[1] == Approx(16).epsilon(eps));
  CHECK(e.penalty == Approx(4).epsilon(eps));
  CHECK(e.issuance_cost == Approx(0.4).epsilon(eps));
  CHECK(e.net_saving() == Approx(43.6).epsilon(eps));
  CHECK(e.replaced_rate == Approx(0.06).epsilon(eps));

  SUBCASE("a plan larger than the debt is refused") {
    CHECK_THROWS_AS((void)pf::cost_path(p, {{{0, 0, 1000.5}}}), std::invalid_argument);
  }
  SUBCASE("an ineligible debt cannot be replaced") {
    p.debts[0].eligible = false;
    CHECK_THROWS_AS((void)pf::cost_path(p, plan), std::invalid_argument);
  }
}

TEST_CASE("a refinancing bond that matures within the horizon rolls over at the market rate") {
  // 2-year bond from 2026: coupon 2% in 2026 and 2027, then the market's 2.5% for refinancing
  // bonds. Interest of 2028 = 600·6% + 400·2.5% = 46.
  auto p = portfolio({debt("A", 1000, 0.06, 2035)}, 4);
  p.quotas.push_back({2026, 400, 0.02, 2, 0.0});
  p.rollover_rates[static_cast<std::size_t>(pf::DebtKind::RefinancingBond)] = flat(p, 0.025);
  const auto c = pf::cost_path(p, {{{0, 0, 400.0}}});
  CHECK(c.interest[2] == Approx(44).epsilon(eps));
  CHECK(c.interest[3] == Approx(46).epsilon(eps));
  // 2027: the bond pays its 2% coupon all year (it rolls at its end): (36 + 8) / 1000;
  // 2028: at the market's 2.5%: (36 + 10) / 1000
  CHECK(*c.cost[2] == Approx(0.044).epsilon(eps));
  CHECK(*c.cost[3] == Approx(0.046).epsilon(eps));
}

TEST_CASE("the all-in cost adds running fees, and a bond's issuance cost through its IRR") {
  // 6% + 0.5% fee + 1% guarantee = 7.5% all-in.
  auto p = portfolio({debt("T", 1000, 0.06, 2035, pf::DebtKind::NonStandard)});
  p.debts[0].fee_rate = 0.005;
  p.debts[0].guarantee_rate = 0.01;
  p.cost.measure = pf::CostMeasure::AllIn;
  CHECK(*pf::cost_path(p).cost[0] == Approx(0.075).epsilon(eps));
  p.cost.measure = pf::CostMeasure::Nominal;
  CHECK(*pf::cost_path(p).cost[0] == Approx(0.06).epsilon(eps));
  // Fees are paid either way: 15 a year on 1000.
  CHECK(pf::cost_path(p).fees[1] == Approx(15).epsilon(eps));

  // One-year bond: receive 0.99, repay 1.02 a year later: r = 1.02/0.99 − 1.
  CHECK(pf::all_in_bond_rate(0.02, 0.01, 1) == Approx(1.02 / 0.99 - 1).epsilon(1e-12));
  CHECK(pf::all_in_bond_rate(0.02, 0.0, 10) == 0.02);
  // Ten-year bond: the rate at which the flows are worth nothing.
  const double r = pf::all_in_bond_rate(0.02, 0.01, 10);
  std::vector<double> flows(11, -0.02);
  flows[0] = 0.99;
  flows[10] -= 1.0;
  CHECK(appraise::present_value(flows, r) == Approx(0.0).scale(1).epsilon(1e-13));
  CHECK(r > 0.02);
}

TEST_CASE("the maturity wall sums contractual principal by year and puts the rest after the horizon") {
  // B: 100 bullet 2027; E: 300 equal principal 2026–2028; S: 100 by schedule, 80 at end-2026,
  // 50 at end-2027, the 50 left due in 2031. Horizon 2026–2028.
  // 2026: E 100 + S 20 = 120; 2027: B 100 + E 100 + S 30 = 230; 2028: E 100; later: S 50.
  auto p = portfolio({debt("B", 100, 0.05, 2027), debt("E", 300, 0.05, 2028), debt("S", 100, 0.05, 2031)}, 3);
  p.debts[1].amortisation = pf::Amortisation::EqualPrincipal;
  p.debts[2].amortisation = pf::Amortisation::Schedule;
  p.debts[2].balances = {80, 50};
  const auto w = pf::maturity_wall(p);
  REQUIRE(w.total.size() == 4);
  CHECK(w.total[0] == Approx(120).epsilon(eps));
  CHECK(w.total[1] == Approx(230).epsilon(eps));
  CHECK(w.total[2] == Approx(100).epsilon(eps));
  CHECK(w.total[3] == Approx(50).epsilon(eps));
  CHECK(w.by_kind[static_cast<std::size_t>(pf::DebtKind::BankLoan)][1] == Approx(230).epsilon(eps));
  // Equal principal with a grace period: 300 over 2027–2028 is 150 a year.
  p.debts[1].first_repayment_year = 2027;
  CHECK(pf::scheduled_balance(p.debts[1], 2025, 1) == 300.0);
  CHECK(pf::scheduled_balance(p.debts[1], 2025, 2) == Approx(150).epsilon(eps));
  CHECK(pf::scheduled_balance(p.debts[1], 2025, 3) == 0.0);
}

TEST_CASE("repayment coverage reproduces the MOF 2024 final-accounts figure (MOF-1)") {
  // standards.md §5.5 MOF-1: 219663.57 / (167043.47 / 6.1) = 8.0216, reported as 8.02.
  const double v = pf::repayment_coverage(219663.57, 167043.47, 6.1);
  CHECK(v == Approx(219663.57 * 6.1 / 167043.47).epsilon(1e-15));
  CHECK(v == Approx(8.02).epsilon(0.0006));  // the published figure, to its two decimals

  // Through a portfolio: 600 due in 5 years and 400 in 10: average remaining term
  // (600·5 + 400·10) / 1000 = 7 years, average principal due 1000/7, revenue 100 → 0.7.
  auto p = portfolio({debt("A", 600, 0.05, 2030), debt("B", 400, 0.05, 2035)}, 3);
  p.fiscal.budget_revenue = 100;
  p.fiscal.fiscal_capacity = 800;
  const auto f = pf::fiscal_ratios(p, pf::cost_path(p));
  CHECK(*pf::average_remaining_term(p) == Approx(7).epsilon(eps));
  CHECK(*f.repayment_coverage == Approx(0.7).epsilon(eps));
  // 债务率 1000 / 800; 利息支出率: 50 / 800 in 2026 (and today's run rate in 2025).
  CHECK(*f.debt_ratio[0] == Approx(1.25).epsilon(eps));
  CHECK(*f.interest_ratio[0] == Approx(0.0625).epsilon(eps));
  CHECK(*f.interest_ratio[1] == Approx(0.0625).epsilon(eps));
  // The scheduled basis: nothing falls due within 2026–2028, so no coverage.
  p.fiscal.principal_due = pf::PrincipalDueBasis::Scheduled;
  const auto g = pf::fiscal_ratios(p, pf::cost_path(p));
  CHECK_FALSE(g.repayment_coverage);
  CHECK_FALSE(g.repayment_coverage_reason.empty());
}

}  // TEST_SUITE
