// Metrics against independent reference values: the peers' documented results
// (../shared/references/peer-vectors.yaml, ids quoted) and the worked examples of the Chinese
// method (../shared/references/standards.md §5). Tolerances are stated per check.
//
// This file also holds the checks against closed forms derived in the tests themselves (each
// derivation is in the comment above it), the properties every answer must have (NPV at the
// IRR is zero relative to the size of the flows; the answer does not depend on the scale of the
// flows, on leading or trailing zeros, or on the guess), and the failure statuses. The peer
// vectors are in test_metrics_vectors.cpp and the annuity functions in test_tvm.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "appraise/core/metrics.hpp"
#include "check_numbers.hpp"

using namespace appraise;
using V = std::vector<double>;

namespace {

using test_numbers::digits;


// Property: |NPV at the rate| <= tol · Σ|flow_i|·(1+r)^-i, NPV evaluated in long double with
// powl, independently of the engine. For r >= 0 the scale is at most Σ|flows|.
void check_prices_to_zero(const V& flows, double rate, double tol = 1e-12) {
  long double n = 0, scale = 0;
  for (std::size_t i = 0; i < flows.size(); ++i) {
    const long double d = powl(1.0L + static_cast<long double>(rate), -static_cast<long double>(i));
    n += static_cast<long double>(flows[i]) * d;
    scale += std::abs(static_cast<long double>(flows[i])) * d;
  }
  INFO("NPV at ", digits(rate), " = ", digits(static_cast<double>(n)), " against ", digits(static_cast<double>(scale)));
  CHECK(std::abs(static_cast<double>(n / scale)) <= tol);
}

double converged_rate(const IrrResult& r) {
  INFO("status ", to_string(r.status), ": ", r.reason);
  REQUIRE(r.status == IrrStatus::Converged);
  return *r.rate;
}

V scaled(V flows, double k) {
  for (double& x : flows) x *= k;
  return flows;
}

}  // namespace

TEST_SUITE("metrics") {

TEST_CASE("npv with the first flow at t=0 matches numpy-financial and pyxirr (npv-001)") {
  const V flows{-40000, 5000, 8000, 12000, 30000};
  CHECK(npv(flows, 0.08, Timing::AtStart) == doctest::Approx(3065.222668179).epsilon(1e-12));
}

TEST_CASE("npv with the first flow at t=1 matches the spreadsheet NPV (npv-002)") {
  const V flows{-40000, 5000, 8000, 12000, 30000};
  CHECK(npv(flows, 0.08, Timing::EndOfPeriod) == doctest::Approx(2838.169137203).epsilon(1e-12));
}

TEST_CASE("irr of a conventional series matches MathWorks' documented IRR-1 and prices to zero") {
  const V flows{-100000, 10000, 20000, 30000, 40000, 50000};
  const auto r = irr(flows);
  REQUIRE(r.status == IrrStatus::Converged);
  CHECK(r.unique);
  CHECK(*r.rate == doctest::Approx(0.1201).epsilon(1e-3));  // the source prints 4 digits
  CHECK(std::abs(npv(flows, *r.rate)) < 1e-9 * 150000);
}

TEST_CASE("irr finds all three roots of the MathWorks multiple-IRR example (IRR-3)") {
  // Roots from v = 1/(1+r): v = 1.05131, 0.5, 0.32800 (standards.md §5.4, recomputed).
  const V flows{-1000, 6000, -10900, 5800};
  const auto r = irr(flows);
  REQUIRE(r.status == IrrStatus::Converged);
  REQUIRE(r.roots.size() == 3);
  CHECK(r.sign_changes == 3);
  CHECK_FALSE(r.unique);
  CHECK(r.roots[1] == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(*r.rate == doctest::Approx(1.0).epsilon(1e-12));
  CHECK_FALSE(r.reason.empty());
}


// ------------------------------------------------------------------ closed forms derived here

TEST_CASE("irr_into a result already used gives exactly what irr() gives") {
  // A Monte Carlo worker solves every draw into the same IrrResult: nothing of the last series
  // (roots, reason, flags, counts) may survive into the next. Each series is solved after each
  // other into one result and compared field by field with a fresh irr().
  using V = std::vector<double>;
  const std::vector<V> series{{-1000, 6000, -10900, 5800},  // three roots (IRR-3): roots, chosen-root reason
                              {-100, 39, 59, 55, 20},        // one root
                              {100, 50, 20},                 // no sign change: a reason, no rate
                              {0, 0, 0},                     // all zero
                              {-100, 50, 50, 50}};
  for (const auto& before : series)
    for (const auto& after : series) {
      IrrResult used;
      irr_into(before, used);
      irr_into(after, used);
      const IrrResult fresh = irr(after);
      CHECK(used.status == fresh.status);
      CHECK(used.rate == fresh.rate);
      CHECK(used.roots == fresh.roots);
      CHECK(used.sign_changes == fresh.sign_changes);
      CHECK(used.unique == fresh.unique);
      CHECK(used.norstrom_unique_positive == fresh.norstrom_unique_positive);
      CHECK(used.enumeration_complete == fresh.enumeration_complete);
      CHECK(used.residual == fresh.residual);
      CHECK(used.evaluations == fresh.evaluations);
      CHECK(used.reason.en == fresh.reason.en);
      CHECK(used.reason.zh == fresh.reason.zh);
    }
}

TEST_CASE("without a residual an IRR is the same rate, one evaluation cheaper when the root is unique") {
  // The evaluation's indicators ask for no residual (IrrOptions::residual): the rate must not
  // move by a bit, and only the residual itself (then NaN) and the count may differ.
  using V = std::vector<double>;
  const std::vector<V> series{{-1000, 6000, -10900, 5800},  // three roots: enumerated, residual free
                              {-100, 39, 59, 55, 20},        // one root above 0
                              {100, -150, -10},              // one root below 0 (the reversed side)
                              {100, 50, 20},                 // no sign change
                              {-100, 50, 50, 50}};
  for (const auto& flows : series) {
    const IrrResult with = irr(flows);
    const IrrResult without = irr(flows, {.residual = false});
    CHECK(without.status == with.status);
    CHECK(without.rate == with.rate);
    CHECK(without.roots == with.roots);
    CHECK(without.unique == with.unique);
    if (with.unique && with.rate) {
      CHECK(std::isnan(without.residual));
      CHECK(without.evaluations == with.evaluations - 1);
    } else {
      CHECK(without.residual == with.residual);
      CHECK(without.evaluations == with.evaluations);
    }
  }
}

TEST_CASE("irr of two flows is (b/a)^(1/n) - 1, from -99% to +900% and over 1,000 periods") {
  // -a + b·(1+r)^-n = 0  =>  (1+r)^n = b/a  =>  r = (b/a)^(1/n) - 1 = expm1(log(b/a)/n).
  struct Case {
    double a, b;
    int n;
  };
  const Case cases[] = {{100, 200, 5},  {100, 74, 3},    {1, 10, 1},       {100, 1, 1},
                        {1, 2, 999},    {1000, 1e-3, 2}, {3500, 10000, 10}, {1e6, 1.0000001e6, 30}};
  for (const auto& c : cases) {
    INFO("a=", c.a, " b=", c.b, " n=", c.n);
    V flows(static_cast<std::size_t>(c.n) + 1, 0.0);
    flows.front() = -c.a;
    flows.back() = c.b;
    const double want = std::expm1(std::log(c.b / c.a) / c.n);
    const auto r = irr(flows);
    CHECK(r.unique);
    CHECK_ABS(converged_rate(r), want, 4e-15 * (1.0 + std::abs(want)));
    check_prices_to_zero(flows, *r.rate);
  }
  // The two ends of the range the brief names: +900% and -99%.
  CHECK_REL(converged_rate(irr(V{-1, 10})), 9.0, 1e-15);
  CHECK_REL(converged_rate(irr(V{-100, 1})), -0.99, 1e-15);
}

TEST_CASE("irr of a level annuity bought at its present value is the rate it was priced at") {
  // Price P = A·(1 - (1+r)^-n)/r; the flows -P, then A for n periods, have IRR r exactly (P is
  // rounded once, which moves the IRR by about eps / duration).
  struct Case {
    double r;
    int n;
  };
  for (const auto& c : {Case{0.08, 30}, Case{0.005, 1000}, Case{0.25, 60}, Case{-0.05, 20}, Case{0.0001, 12}}) {
    INFO("r=", c.r, " n=", c.n);
    const double A = 100.0;
    const double P = A * -std::expm1(-c.n * std::log1p(c.r)) / c.r;
    V flows(static_cast<std::size_t>(c.n) + 1, A);
    flows.front() = -P;
    const auto r = irr(flows);
    CHECK(r.unique);
    CHECK_ABS(converged_rate(r), c.r, 1e-13 * (1.0 + std::abs(c.r)));
    check_prices_to_zero(flows, *r.rate);
  }
}

TEST_CASE("irr finds every root of a series built as a product of its factors") {
  // With v = 1/(1+r), NPV is the polynomial Σ c_t v^t. Choosing its factors chooses its roots:
  // (2v-1)(5v-4)(4v-5) = 40v^3 - 102v^2 + 81v - 20, so the flows -20, 81, -102, 40 have IRRs
  // r = 1/v - 1 at v = 1/2, 4/5, 5/4: 100%, 25% and -20%. Multiplying by (10v - 11) adds
  // r = -1/11. Integer coefficients: the flows are exact.
  auto times = [](const V& c, double c0, double c1) {  // c(v)·(c0 + c1·v)
    V d(c.size() + 1, 0.0);
    for (std::size_t i = 0; i < c.size(); ++i) {
      d[i] += c[i] * c0;
      d[i + 1] += c[i] * c1;
    }
    return d;
  };
  const V three = times(times(times(V{1}, -1, 2), -4, 5), -5, 4);
  REQUIRE(three == V{-20, 81, -102, 40});
  const auto r3 = irr(three);
  REQUIRE(r3.roots.size() == 3);
  CHECK_REL(r3.roots[0], -0.2, 1e-12);
  CHECK_REL(r3.roots[1], 0.25, 1e-12);
  CHECK_REL(r3.roots[2], 1.0, 1e-12);
  CHECK(converged_rate(r3) == r3.roots[1]);  // the lowest non-negative
  CHECK(r3.sign_changes == 3);
  CHECK_FALSE(r3.unique);
  CHECK_FALSE(r3.reason.empty());

  const V four = times(three, -11, 10);
  const auto r4 = irr(four);
  REQUIRE(r4.roots.size() == 4);
  CHECK_REL(r4.roots[0], -0.2, 1e-12);
  CHECK_REL(r4.roots[1], -1.0 / 11.0, 1e-12);
  CHECK_REL(r4.roots[2], 0.25, 1e-12);
  CHECK_REL(r4.roots[3], 1.0, 1e-12);
  for (double x : r4.roots) check_prices_to_zero(four, x);

  // (v-2)(4v-5) = 4v^2 - 13v + 10: both IRRs negative (-50%, -20%); the highest is reported.
  const auto rn = irr(V{10, -13, 4});
  REQUIRE(rn.roots.size() == 2);
  CHECK_REL(rn.roots[0], -0.5, 1e-12);
  CHECK_REL(rn.roots[1], -0.2, 1e-12);
  CHECK(converged_rate(rn) == rn.roots[1]);
  CHECK(rn.reason.en.find("all are negative") != std::string::npos);
}

TEST_CASE("irr reports a double (touching) root once") {
  // (11v - 10)^2 = 121v^2 - 220v + 100: NPV of 100, -220, 121 is never negative and touches zero
  // at v = 10/11, r = 10%. Near a double root NPV stays within rounding of zero for
  // |v - 10/11| up to sqrt(rounding / 121) ≈ 3e-8, so the root is located to that (1e-7 here).
  const auto r = irr(V{100, -220, 121});
  REQUIRE(r.roots.size() == 1);
  CHECK_ABS(converged_rate(r), 0.1, 1e-7);
  CHECK(r.sign_changes == 2);
  // Times (2v - 1): a crossing root at r = 100% besides the touching one at 10%.
  const auto r2 = irr(V{-100, 420, -561, 242});
  REQUIRE(r2.roots.size() == 2);
  CHECK_ABS(r2.roots[0], 0.1, 1e-7);
  CHECK_REL(r2.roots[1], 1.0, 1e-12);
  CHECK_ABS(converged_rate(r2), 0.1, 1e-7);
  // (v - 1)^2: a double root at r = 0, found from both sides of it, reported once.
  const auto r0 = irr(V{1, -2, 1});
  REQUIRE(r0.roots.size() == 1);
  CHECK_ABS(r0.roots[0], 0.0, 1e-7);
}

TEST_CASE("irr does not depend on the flows' scale, sign, leading or trailing zeros, or the guess") {
  const V series[] = {{-100, 39, 59, 55, 20}, {-20, 81, -102, 40}, {-1678.87, 771.96, 1814.05, 3520.30, 3552.95, 3584.99, 4789.91, -1}};
  for (const auto& f : series) {
    const auto base = irr(f);
    REQUIRE(base.status == IrrStatus::Converged);
    // Multiplying NPV by a constant (1e-3, 1e12, -1) moves no root; the products round, so the
    // roots agree to a few ulps.
    for (double k : {1e-3, 1e12, -1.0, 7.0}) {
      INFO("scale ", k);
      const auto r = irr(scaled(f, k));
      REQUIRE(r.roots.size() == base.roots.size());
      for (std::size_t i = 0; i < r.roots.size(); ++i) CHECK_ABS(r.roots[i], base.roots[i], 1e-14 * (1 + std::abs(base.roots[i])));
    }
    // Leading zeros multiply NPV by (1+r)^-k and trailing zeros add nothing.
    V padded{0, 0, 0};
    padded.insert(padded.end(), f.begin(), f.end());
    padded.insert(padded.end(), {0.0, 0.0});
    const auto rp = irr(padded);
    REQUIRE(rp.roots.size() == base.roots.size());
    for (std::size_t i = 0; i < rp.roots.size(); ++i) CHECK_ABS(rp.roots[i], base.roots[i], 1e-14 * (1 + std::abs(base.roots[i])));
  }
  // A unique root does not move with the guess, however far the guess.
  const V f{-100, 39, 59, 55, 20};
  for (double g : {-0.9, -0.5, 0.0, 0.1, 1.0, 9.0, 1000.0}) {
    INFO("guess ", g);
    CHECK_REL(converged_rate(irr(f, IrrOptions{g})), converged_rate(irr(f)), 1e-14);
  }
}

TEST_CASE("a leading zero does not send irr to a huge rate (pyxirr#56 pattern)") {
  // 0, -100, 50, 60: NPV = v·(-100 + 50v + 60v^2). The only root in (0, inf) of the quadratic is
  // v = (-50 + sqrt(50^2 + 4·60·100)) / 120, and NPV -> 0 as r -> inf is not a root.
  const double v = (-50.0 + std::sqrt(2500.0 + 24000.0)) / 120.0;
  for (const V& f : {V{0, -100, 50, 60}, V{0, 0, -100, 50, 60, 0}}) {
    const auto r = irr(f);
    CHECK(r.roots.size() == 1);
    CHECK_REL(converged_rate(r), 1.0 / v - 1.0, 1e-13);
  }
}

TEST_CASE("irr of a 1,000-period series prices to zero and agrees with xirr on whole years") {
  // A long project: 5 years of outlay, then 995 years of slowly growing, cyclic inflows.
  V flows(1000);
  for (std::size_t t = 0; t < flows.size(); ++t)
    flows[t] = t < 5 ? -1000.0 - 37.0 * static_cast<double>(t)
                     : 40.0 + 0.01 * static_cast<double>(t) + 5.0 * std::sin(static_cast<double>(t));
  const auto r = irr(flows);
  CHECK(r.unique);
  check_prices_to_zero(flows, converged_rate(r));
  // On the 15th of January of successive years, 30/360 counts exactly one year between flows,
  // so xirr under 30/360 must give the periodic IRR.
  std::vector<DatedFlow> dated;
  const Date start = *parse_date("2001-01-15");
  for (std::size_t t = 0; t < 30; ++t) {
    const auto d = parse_date(std::to_string(2001 + t) + "-01-15");
    REQUIRE(d.has_value());
    dated.push_back({*d, flows[t] + (t == 29 ? 20000.0 : 0.0)});
  }
  V first30(flows.begin(), flows.begin() + 30);
  first30.back() += 20000.0;
  CHECK(dated.front().date == start);
  CHECK_REL(converged_rate(xirr(dated, DayCount::Thirty360)), converged_rate(irr(first30)), 1e-13);
  CHECK_REL(xnpv(dated, 0.07, DayCount::Thirty360), npv(first30, 0.07, Timing::AtStart), 1e-13);
}

TEST_CASE("npv under the three timings is one series discounted 0, 1 and 0.5 periods further") {
  // A level series of A for n periods at t0 = 0: A·(1 - v^n)/(1 - v), v = 1/(1+r). Moving every
  // flow by t0 multiplies by v^t0.
  const double A = 250.0, r = 0.06;
  const int n = 25;
  const V f(n, A);
  const double v = 1.0 / (1.0 + r);
  const double at_start = A * (1.0 - std::pow(v, n)) / (1.0 - v);
  CHECK_REL(npv(f, r, Timing::AtStart), at_start, 1e-13);
  CHECK_REL(npv(f, r, Timing::EndOfPeriod), at_start * v, 1e-13);
  CHECK_REL(npv(f, r, Timing::MidPeriod), at_start * std::sqrt(v), 1e-13);
  CHECK_REL(npv(f, 0.0, Timing::EndOfPeriod), A * n, 1e-15);
}

TEST_CASE("mirr closed forms: one outlay and one inflow; both rates at the IRR") {
  // -P at t=0 and F at t=n-1 only: nothing to discount or compound, MIRR = (F/P)^(1/(n-1)) - 1
  // whatever the two rates.
  const auto m = mirr(V{-1000, 0, 0, 0, 1800}, 0.07, 0.11);
  REQUIRE(m.value.has_value());
  CHECK_REL(*m.value, std::pow(1.8, 0.25) - 1.0, 1e-13);
  // With both rates equal to the IRR, PV(inflows) = PV(outflows) at that rate, so
  // MIRR = (PV_in·(1+irr)^(n-1) / PV_out)^(1/(n-1)) - 1 = irr.
  const V f{-100, 39, 59, 55, 20};
  const double i = converged_rate(irr(f));
  const auto mi = mirr(f, i, i);
  REQUIRE(mi.value.has_value());
  CHECK_REL(*mi.value, i, 1e-13);
  // A single flow: absent, with a reason.
  CHECK_FALSE(mirr(V{-100}, 0.1, 0.1).value.has_value());
}

TEST_CASE("capital recovery factor and equivalent annual value") {
  // CRF = r / (1 - (1+r)^-n); 1/n at r = 0. The EAV annuity's present value is the NPV back.
  CHECK_REL(capital_recovery_factor(0.1, 10), 0.1 / (1.0 - std::pow(1.1, -10)), 1e-14);
  CHECK_REL(capital_recovery_factor(0.0, 8), 0.125, 1e-15);
  const double eav = equivalent_annual_value(247'490.80, 0.035, 10);
  CHECK_REL(npv(V(10, eav), 0.035, Timing::EndOfPeriod), 247'490.80, 1e-13);
  CHECK_THROWS_AS((void)capital_recovery_factor(0.1, 0), std::domain_error);
}

// ------------------------------------------------------------------------- failure statuses

TEST_CASE("irr of flows of one sign has no rate, and says which sign") {
  for (const V& f : {V{100, 10, 5}, V{-100, -10, -0.0}}) {
    const auto r = irr(f);
    CHECK(r.status == IrrStatus::NoSignChange);
    CHECK_FALSE(r.rate.has_value());
    CHECK(r.roots.empty());
    CHECK(r.sign_changes == 0);
    CHECK(r.reason.en.find(f[0] > 0 ? "inflow" : "outflow") != std::string::npos);
  }
}

TEST_CASE("irr of no flows, or of zeros only, has no rate") {
  const auto empty = irr(V{});
  CHECK(empty.status == IrrStatus::NoSignChange);
  CHECK_FALSE(empty.rate.has_value());
  CHECK(empty.reason.en.find("no flows") != std::string::npos);
  const auto zeros = irr(V{0, 0, -0.0, 0});
  CHECK(zeros.status == IrrStatus::NoSignChange);
  CHECK_FALSE(zeros.rate.has_value());
  CHECK(zeros.reason.en.find("zero") != std::string::npos);
  CHECK(xirr(std::vector<DatedFlow>{}).reason.en.find("no flows") != std::string::npos);
}

TEST_CASE("irr of flows that change sign but never price to zero reports NoRoot") {
  // -1, 3, -3: NPV = -1 + 3v - 3v^2 = -3(v - 1/2)^2 - 1/4 < 0 for every v (discriminant
  // 9 - 12 < 0): two sign changes, no IRR.
  const auto r = irr(V{-1, 3, -3});
  CHECK(r.status == IrrStatus::NoRoot);
  CHECK_FALSE(r.rate.has_value());
  CHECK(r.roots.empty());
  CHECK(r.sign_changes == 2);
  CHECK(r.enumeration_complete);
  CHECK(r.reason.en.find("negative at every rate") != std::string::npos);
  for (double rate : {-0.99, -0.5, 0.0, 1.0, 100.0}) CHECK(npv(V{-1, 3, -3}, rate) < 0);
}

TEST_CASE("irr whose only root a double cannot hold reports NoRoot with the reason") {
  // -1 then 1e-30: 1+r = 1e-30, a rate that rounds to exactly -100%.
  const auto low = irr(V{-1, 1e-30});
  CHECK(low.status == IrrStatus::NoRoot);
  CHECK_FALSE(low.rate.has_value());
  CHECK(low.reason.en.find("-100%") != std::string::npos);
  // -1 on one day, 1e300 the next: (1+r)^(1/365) = 1e300, 1+r = 1e109500, beyond any double.
  const std::vector<DatedFlow> f{{*parse_date("2020-01-01"), -1.0}, {*parse_date("2020-01-02"), 1e300}};
  const auto high = xirr(f);
  CHECK(high.status == IrrStatus::NoRoot);
  CHECK_FALSE(high.rate.has_value());
  CHECK(high.reason.en.find("largest double") != std::string::npos);
  // A root 150 binades below (1+r = 1e-150) is found as such, not left at the iteration cap.
  const auto deep = irr(V{-1, 0, 1e-300});
  CHECK(deep.status == IrrStatus::NoRoot);
  CHECK(deep.reason.en.find("1e-150") != std::string::npos);
}

TEST_CASE("Norström's criterion: cumulative flows changing sign once mean one positive IRR") {
  // -100, 50, -10, 80 changes sign three times, but its running sums -100, -50, -60, 20 change
  // once and end non-zero: exactly one root is positive.
  const auto r = irr(V{-100, 50, -10, 80});
  CHECK(r.sign_changes == 3);
  CHECK(r.norstrom_unique_positive);
  CHECK(std::count_if(r.roots.begin(), r.roots.end(), [](double x) { return x > 0; }) == 1);
  // A conventional series: one change in the flows and in their sums.
  CHECK(irr(V{-100, 39, 59, 55, 20}).norstrom_unique_positive);
  // Sums -100, 130, -2 change twice.
  CHECK_FALSE(irr(V{-100, 230, -132}).norstrom_unique_positive);
  // One sign change but NPV(0) < 0: the root is negative, Norström does not apply.
  CHECK_FALSE(irr(V{-100, 0, 0, 74}).norstrom_unique_positive);
}

TEST_CASE("payback of a project that starts later in its period: empty years first are not a payback of 0") {
  // Two empty years, then the header's example {-200, 30 ×7}: 6.6667 years after its own start
  // (AtStart), so 2 + 6.6667 on the same clock; the cumulative is 0, not recovered, before.
  const auto late = payback(V{0, 0, -200, 30, 30, 30, 30, 30, 30, 30}, Timing::AtStart);
  REQUIRE(late.periods);
  CHECK(*late.periods == doctest::Approx(2 + 6 + 20.0 / 30).epsilon(1e-12));
  CHECK(late.recovered_in == 9);
  const auto dynamic = discounted_payback(V{0, -100, 60, 60}, 0.1, Timing::EndOfPeriod);
  // Discounted at the end of periods 1..4: -100/1.21, 60/1.331, 60/1.4641; the cumulative turns
  // positive in period 3: 3 + (-(-82.6446 + 45.0789)) / 40.9808 - 1 on the EndOfPeriod clock.
  REQUIRE(dynamic.periods);
  const double d1 = -100 / 1.21, d2 = 60 / 1.331, d3 = 60 / 1.4641;
  CHECK(*dynamic.periods == doctest::Approx(3 + (-(d1 + d2)) / d3).epsilon(1e-12));
  // An increment that is positive before the investment (the situation without the project
  // spends first): the outlay begins in period 1 (cumulative -40) and is recovered in period 2
  // (cumulative 10): 2 - 1 + 40 / 50 on the AtStart clock, not 0.
  const auto incremental = payback(V{60, -100, 50, 60}, Timing::AtStart);
  REQUIRE(incremental.periods);
  CHECK(*incremental.periods == doctest::Approx(1 + 40.0 / 50).epsilon(1e-12));
  CHECK(incremental.recovered_in == 2);
  // No outlay at all: 0, and why.
  const auto none = payback(V{0, 50, 50});
  REQUIRE(none.periods);
  CHECK(*none.periods == 0.0);
  CHECK(none.reason.en.find("no net outlay") != std::string::npos);
}

TEST_CASE("payback that is never reached, or that is undone later, says so") {
  const auto never = payback(V{-100, 10, 10, 10});
  CHECK_FALSE(never.periods.has_value());
  CHECK(never.reason.en.find("never") != std::string::npos);
  const auto undone = payback(V{-100, 60, 60, -50});
  REQUIRE(undone.periods.has_value());
  CHECK_REL(*undone.periods, 1.0 + 40.0 / 60.0, 1e-15);
  CHECK(undone.reason.en.find("negative again") != std::string::npos);
  // Counted from the start of construction (first flow at t = 1) it is one period later.
  const auto end = payback(V{-200, 30, 30, 30, 30, 30, 30, 30}, Timing::EndOfPeriod);
  REQUIRE(end.periods.has_value());
  CHECK_REL(*end.periods, 1.0 + 20.0 / 3.0, 1e-15);
  CHECK_FALSE(discounted_payback(V{-100, 60, 60}, 0.5).periods.has_value());  // 40 + 26.7 < 100
}

}  // TEST_SUITE
