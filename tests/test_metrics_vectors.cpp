// tests/test_metrics_vectors.cpp: NPV, XNPV, IRR, XIRR and MIRR against values someone else
// computed: every applicable vector of ../shared/references/peer-vectors.yaml (its id is in the
// test name or beside the check), and the worked examples of standards.md §5.3 (payback) and
// §5.4 (IRR-1, IRR-3, NPV-1). The annuity functions are in test_tvm.cpp; closed forms derived
// here and the failure statuses are in test_metrics.cpp.
//
// Tolerances. Every check states its own. Where the source prints enough digits (10 or more
// significant) the check is 1e-9 relative; where it prints fewer, or states a tolerance of its
// own (the Gnumeric workbook's 1e-4, a doc's rounded percentage), that tolerance is used and
// the comment says so. The checks use Rel/Abs below rather than doctest::Approx, whose bound is
// eps·(scale + max|a|,|b|) (neither relative nor absolute) and which prints six digits.
//
// Conventions: npv_convention t0 -> Timing::AtStart, t1 -> Timing::EndOfPeriod. Where a peer
// returns nan/None/#NUM!, the engine must return a status other than Converged with a reason.
// Where a series has several IRRs, the engine must list every root the vector lists and choose
// by its stated rule: the lowest non-negative root, else the highest negative one.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "appraise/core/metrics.hpp"
#include "check_numbers.hpp"

using namespace appraise;

namespace {

using V = std::vector<double>;

using test_numbers::digits;


// NPV of periodic flows at t = 0, 1, ..., in long double with powl: an evaluation independent
// of the engine's Horner loop, for the property checks.
long double npv_ld(const V& flows, double rate) {
  long double s = 0;
  for (std::size_t i = 0; i < flows.size(); ++i)
    s += static_cast<long double>(flows[i]) * powl(1.0L + static_cast<long double>(rate), -static_cast<long double>(i));
  return s;
}
// Σ |flow_i| (1+r)^-i: the scale NPV's rounding error is measured against.
long double abs_scale(const V& flows, double rate) {
  V a(flows.size());
  std::transform(flows.begin(), flows.end(), a.begin(), [](double x) { return std::abs(x); });
  return npv_ld(a, rate);
}

// Property: NPV at the returned rate is zero to within `tol` of Σ|flow_i·v^i|.
void check_prices_to_zero(const V& flows, double rate, double tol = 1e-12) {
  const long double n = npv_ld(flows, rate);
  const long double s = abs_scale(flows, rate);
  INFO("NPV at ", digits(rate), " is ", digits(static_cast<double>(n)), " against scale ", digits(static_cast<double>(s)));
  CHECK(std::abs(static_cast<double>(n / s)) <= tol);
}

std::vector<DatedFlow> dated(const std::vector<const char*>& dates, const V& amounts) {
  REQUIRE(dates.size() == amounts.size());
  std::vector<DatedFlow> out;
  for (std::size_t i = 0; i < dates.size(); ++i) {
    const auto d = parse_date(dates[i]);
    REQUIRE(d.has_value());
    out.push_back({*d, amounts[i]});
  }
  return out;
}

// XNPV in long double, discounted to the first listed date at days/365: independent of the
// engine's power-sum evaluation.
long double xnpv_ld(const std::vector<DatedFlow>& flows, double rate, long double basis = 365.0L) {
  long double s = 0;
  for (const auto& f : flows)
    s += static_cast<long double>(f.amount) *
         powl(1.0L + static_cast<long double>(rate), -static_cast<long double>(f.date.days - flows.front().date.days) / basis);
  return s;
}
long double xabs_scale(const std::vector<DatedFlow>& flows, double rate) {
  auto a = flows;
  for (auto& f : a) f.amount = std::abs(f.amount);
  return xnpv_ld(a, rate);
}

// The engine's stated choice among several roots: the lowest non-negative, else the highest.
double stated_choice(const std::vector<double>& roots) {
  for (double r : roots)
    if (r >= 0) return r;
  return roots.back();
}

bool has_root(const std::vector<double>& roots, double want, double tol) {
  return std::any_of(roots.begin(), roots.end(), [&](double r) { return std::abs(r - want) <= tol; });
}

void check_roots_include(const IrrResult& r, const V& wanted, double tol) {
  std::string listed;
  for (double x : r.roots) listed += digits(x) + " ";
  for (double w : wanted) {
    INFO("roots found: ", listed, "; wanted ", digits(w), " within ", tol);
    CHECK(has_root(r.roots, w, tol));
  }
}

void check_not_converged(const IrrResult& r, IrrStatus expected) {
  CHECK(r.status == expected);
  CHECK_FALSE(r.rate.has_value());
  CHECK_FALSE(r.reason.empty());
}

V repeated(double first, std::size_t n, double value) {
  V v{first};
  v.insert(v.end(), n, value);
  return v;
}

}  // namespace

TEST_SUITE("metrics vectors") {

// ------------------------------------------------------------------------------------------ NPV

TEST_CASE("npv at t0 and t1 matches pyxirr and numpy-financial (npv-001, npv-002, npv-003, npv-004)") {
  const V flows{-40000, 5000, 8000, 12000, 30000};
  CHECK_REL(npv(flows, 0.08, Timing::AtStart), 3065.222668179, 1e-12);      // npv-001, 13 digits printed
  CHECK_REL(npv(flows, 0.08, Timing::EndOfPeriod), 2838.169137203, 1e-12);  // npv-002
  CHECK_REL(npv(flows, 0.0, Timing::EndOfPeriod), 15000.0, 1e-15);          // npv-003: rate 0 is the sum
  // npv-004: numpy-financial's own check is rtol 1e-2 on 122.89 (2 decimals printed).
  CHECK_ABS(npv(V{-15000.0, 1500.0, 2500.0, 3500.0, 4500.0, 6000.0}, 0.05, Timing::AtStart), 122.89, 0.005);
}

TEST_CASE("npv refuses a rate of -100% instead of returning NaN (npv-005)") {
  // numpy-financial returns nan for rate == -1; the engine throws std::domain_error.
  CHECK_THROWS_AS((void)npv(V{0, 1, 2, 3, 4}, -1.0, Timing::AtStart), std::domain_error);
  CHECK_THROWS_AS((void)npv(V{0, 1, 2, 3, 4}, -1.5, Timing::AtStart), std::domain_error);
}

TEST_CASE("npv over a grid of rates matches the numpy-financial docstring table (npv-006)") {
  // Printed rounded to 2 decimals: tolerance 0.005.
  const double rates[] = {0.00, 0.05, 0.10};
  const V a{-4000, 500, 800}, b{-5000, 600, 900};
  const double want[3][2] = {{-2700.00, -3500.00}, {-2798.19, -3612.24}, {-2884.30, -3710.74}};
  for (int i = 0; i < 3; ++i) {
    INFO("rate ", rates[i]);
    CHECK_ABS(npv(a, rates[i], Timing::AtStart), want[i][0], 0.005);
    CHECK_ABS(npv(b, rates[i], Timing::AtStart), want[i][1], 0.005);
  }
}

TEST_CASE("spreadsheet NPV (t1) matches the Excel workbook and Adobe FormCalc (npv-007, npv-008)") {
  // npv-007: Excel-authored workbook (Gnumeric finfuns.xls), 16 digits; its own limit is 1e-4.
  const V base{-70000, 12000, 15000, 18000, 21000, 26000};
  CHECK_REL(npv(base, 0.08, Timing::EndOfPeriod), 1287.929431114819, 1e-9);
  V more = base;
  more.push_back(-4000);
  CHECK_REL(npv(more, 0.08, Timing::EndOfPeriod), -1046.0321499337165, 1e-9);
  more.back() = -2000;
  CHECK_REL(npv(more, 0.08, Timing::EndOfPeriod), 120.9486405905512, 1e-9);
  // npv-008: Adobe FormCalc NPV (Excel-style), no tolerance stated, 13+ digits printed.
  CHECK_REL(npv(V{500, 1500, 4000, 10000}, 0.10, Timing::EndOfPeriod), 11529.60863329007, 1e-9);
  CHECK_REL(npv(V{5000}, 0.065, Timing::EndOfPeriod), 4694.83568075117, 1e-9);
  CHECK_REL(npv(V{50, 60, 40, 100, 25}, 0.0275 / 12, Timing::EndOfPeriod), 273.14193838457, 1e-9);
}

// ----------------------------------------------------------------------------------------- XNPV

TEST_CASE("xnpv matches pyxirr's doc, Excel's doc and the Excel workbook (xnpv-001, xnpv-002, xnpv-003)") {
  // xnpv-001: pyxirr docs, 16 digits printed.
  const auto a = dated({"2020-01-01", "2020-03-01", "2020-10-30", "2021-02-15"}, {-10000, 5750, 4250, 3250});
  CHECK_REL(xnpv(a, 0.1), 2506.579458169746, 1e-9);
  // xnpv-002: Excel WorksheetFunction.Xnpv doc prints 2086.6476 (4 decimals): tolerance 5e-5.
  const auto b = dated({"2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"},
                       {-10000, 2750, 4250, 3250, 2750});
  CHECK_ABS(xnpv(b, 0.09), 2086.6476, 5e-5);
  // xnpv-003: Excel-authored workbook, 16 digits (its own limit 1e-4).
  const std::vector<const char*> d3{"1997-12-30", "1998-03-01", "1998-10-30", "1999-02-15", "1999-04-01"};
  const auto c = dated(d3, {-10000.0, 2750.0, 4250.0, 3250.0, 2750.0});
  CHECK_REL(xnpv(c, 0.09), 2083.794241777355, 1e-9);
  CHECK_REL(xnpv(c, 0.03), 2676.533624413462, 1e-9);
  CHECK_REL(xnpv(dated(d3, {-10000.0, 2720.0, 4250.0, 3250.0, 2750.0}), 0.09), 2054.2232142647504, 1e-9);
}

TEST_CASE("xnpv of unsorted dates discounts to the first listed date (xnpv-004)") {
  // The first row is also the earliest date, so Excel's and pyxirr's bases agree. abs 1e-9 stated.
  const auto f = dated({"2015-06-11", "2015-07-21", "2018-06-10", "2015-10-17"}, {-1000, -9000, 20000, -3000});
  CHECK_ABS(xnpv(f, 0.1), 2218.42566365675, 1e-9);
}

// ------------------------------------------------------------------------------------------ IRR

TEST_CASE("irr of one-sign-change series matches pyxirr's test_irr_works (irr-001 .. irr-010)") {
  struct Case {
    const char* id;
    V flows;
    double want;
  };
  // Expected values printed with 11+ decimals: checked to 1e-9 relative (pyxirr states 1e-9 abs).
  const Case cases[] = {
      {"irr-001", {-100, 39, 59, 55, 20}, 0.28094842116},
      {"irr-002", {-100, 0, 0, 74}, -0.09549583034},
      {"irr-004", {-100, 100, 0, 7}, 0.06205848562},
      {"irr-006", {-150000, 15000, 25000, 35000, 45000, 60000}, 0.05243288885},
      {"irr-007", {-40000, 5000, 8000, 12000, 30000}, 0.10582259840},
      {"irr-008", {-10, 2, 2, 2, 2}, -0.08364541746615073},
      {"irr-009", {-161445.03, 2113.73, 7626.73, 8619.84, 8612.92}, -0.43658134635},
      {"irr-010",
       {-5099701.25, -22503.796875, -22503.79296875, -22503.79296875, -20907.26171875, -17899.7421875,
        -17899.7421875, -17899.7421875, -14660.69140625, -12447.80078125, -12447.796875, -12018.1640625,
        -5991.81640625, -5991.81640625, -5991.81640625, -2885.875, 1653.125, 1653.125, 1653.125, 8307.328125,
        11110408.45703125},
       0.038039605693757084},
  };
  for (const auto& c : cases) {
    INFO(c.id);
    const auto r = irr(c.flows);
    REQUIRE(r.status == IrrStatus::Converged);
    CHECK(r.unique);
    CHECK(r.sign_changes == 1);
    CHECK(r.roots.size() == 1);
    CHECK_REL(*r.rate, c.want, 1e-9);
    check_prices_to_zero(c.flows, *r.rate);
  }
}

TEST_CASE("irr of several sign changes whose running or tail sums change sign once: one root, by Newton") {
  // Roots of z^3·NPV, z = 1 + r, by mpmath.polyroots at 40 digits (computed for this test): one
  // real root above -100% each, the other two complex. {-100, 60, -5, 80}: the running sums
  // -100, -40, -45, 35 change sign once (one root above 0, Norström) and the tail sums 80, 75,
  // 135, 35 never (none below 0). {10, -5, 1, -2}: the running sums never change sign, the tail
  // sums -2, -1, -6, 4 once: one root, below 0.
  struct Case {
    V flows;
    double want;
  };
  for (const auto& c : {Case{{-100, 60, -5, 80}, 0.15569942635064929664}, Case{{10, -5, 1, -2}, -0.26545982235745091021}}) {
    const auto r = irr(c.flows);
    REQUIRE(r.status == IrrStatus::Converged);
    CHECK(r.sign_changes == 3);
    CHECK(r.unique);
    CHECK(r.roots.size() == 1);
    CHECK(r.reason.empty());
    CHECK_REL(*r.rate, c.want, 1e-13);
    check_prices_to_zero(c.flows, *r.rate);
  }
  // A running sum of exactly zero proves nothing: {-100, 100, -100, 150} is enumerated (its
  // running sums -100, 0, -100, 50), and has one root all the same (mpmath: r = 0.204094636854992).
  const auto e = irr(V{-100, 100, -100, 150});
  REQUIRE(e.status == IrrStatus::Converged);
  CHECK_FALSE(e.unique);
  CHECK(e.roots.size() == 1);
  CHECK_REL(*e.rate, 0.204094636854992, 1e-12);
}

TEST_CASE("irr with two or three roots lists them all and picks by the stated rule (irr-003, irr-005)") {
  SUBCASE("irr-003: both roots negative, the highest is reported as pyxirr and numpy-financial do") {
    const V flows{-100, 100, 0, -7};
    const auto r = irr(flows);
    REQUIRE(r.status == IrrStatus::Converged);
    CHECK(r.sign_changes == 2);
    CHECK_FALSE(r.unique);
    CHECK(r.roots.size() == 2);
    check_roots_include(r, {-0.678894373632, -0.0832996661849}, 1e-11);  // *_computed_here, 12 digits
    CHECK_REL(*r.rate, -0.08329966618, 1e-9);
    CHECK(*r.rate == stated_choice(r.roots));
    CHECK_FALSE(r.reason.empty());
    for (double x : r.roots) check_prices_to_zero(flows, x);
  }
  SUBCASE("irr-005: three roots, the lowest non-negative is reported; trailing zeros change nothing") {
    const V flows{-5, 10.5, 1, -8, 1};
    for (const V& f : {flows, V{-5, 10.5, 1, -8, 1, 0, 0, 0}}) {
      const auto r = irr(f);
      REQUIRE(r.status == IrrStatus::Converged);
      CHECK(r.roots.size() == 3);
      check_roots_include(r, {-0.870201247485, 0.0885983385278, 0.709559527686}, 1e-11);
      CHECK_REL(*r.rate, 0.08859833852, 1e-9);
      CHECK(*r.rate == stated_choice(r.roots));
      for (double x : r.roots) check_prices_to_zero(f, x);
    }
  }
}

TEST_CASE("irr picks the economically meaningful root where numpy-financial failed (irr-011, irr-012, irr-014)") {
  struct Case {
    const char* id;
    V flows;
    double want;
    V roots;
  };
  const Case cases[] = {
      // numpy-financial 1.0.0 returned the near-total-loss root -0.99979 (npf#44).
      {"irr-011-gh44", {-1678.87, 771.96, 1814.05, 3520.30, 3552.95, 3584.99, 4789.91, -1}, 1.0042698487205577,
       {-0.999791260428, 1.00426984872}},
      {"irr-012-gh44b", {-1678.87, 771.96, 1814.05, 3520.30, 3552.95, 3584.99, -1.0}, 0.9688775470209261,
       {-0.999721136285, 0.968877547021}},
      // old numpy.irr returned about -76% (numpy#14977); Excel gives 185%.
      {"irr-014-numpy14977", {-50, -100, 600, 300, -100}, 1.8544178284461061, {-0.768895470681, 1.85441782846}},
  };
  for (const auto& c : cases) {
    INFO(c.id);
    const auto r = irr(c.flows);
    REQUIRE(r.status == IrrStatus::Converged);
    CHECK(r.roots.size() == c.roots.size());
    check_roots_include(r, c.roots, 1e-11);  // *_computed_here: 12 significant digits
    CHECK_REL(*r.rate, c.want, 1e-9);
    CHECK(*r.rate == stated_choice(r.roots));
    CHECK_FALSE(r.reason.empty());  // several IRRs: the reason says which and why
    check_prices_to_zero(c.flows, *r.rate);
  }
}

TEST_CASE("irr of a project with decommissioning costs reports both IRRs (irr-013-gh39)") {
  const V flows{-217500.0, -217500.0, 108466.80462450592, 101129.96439328062, 93793.12416205535,
                86456.28393083003, 79119.44369960476, 71782.60346837944, 64445.76323715414,
                57108.92300592884, 49772.08277470355, 42435.24254347826, 35098.40231225296,
                27761.56208102766, 20424.721849802358, 13087.88161857707, 5751.041387351768,
                -1585.7988438735192, -8922.639075098821, -16259.479306324123, -23596.31953754941,
                -30933.159768774713, -38270.0, -45606.8402312253, -52943.680462450604,
                -60280.520693675906, -67617.36092490121};
  const auto r = irr(flows);
  REQUIRE(r.status == IrrStatus::Converged);
  CHECK(r.sign_changes == 2);
  CHECK(r.roots.size() == 2);
  check_roots_include(r, {-0.018096786474, 0.12}, 1e-11);
  CHECK_REL(*r.rate, 0.12, 1e-9);  // the flows were built for 12% (numpy-financial: rtol 1e-7)
  check_prices_to_zero(flows, *r.rate);
}

TEST_CASE("irr ignores a leading zero instead of reporting a huge rate (irr-015-pyxirr56)") {
  // pyxirr 0.10.x reported 55915611079317.1: NPV -> 0 as r -> inf when the first flow is 0.
  const V flows{0.0, -54163.55222425675, -15411.724067521238, 11824.611799779348, 13831.220768857136,
                24713.445277451923, 42399.405170720645, 32779.24733697434, 29832.522397937253,
                21750.50072725094, 20140.886499523196, 18357.799360554745, 10074.662845544659};
  const auto r = irr(flows);
  REQUIRE(r.status == IrrStatus::Converged);
  CHECK(r.roots.size() == 1);
  CHECK_REL(*r.rate, 0.235461374465902, 1e-9);
  check_prices_to_zero(flows, *r.rate);
}

TEST_CASE("irr of large flows with a negative IRR prices to zero (irr-016, irr-017 pyxirr#46)") {
  const V a{-1.44852555e+08, 1.28859998e+06, 1.27305118e+06, 1.25407349e+06, 1.24199669e+06, 1.22647792e+06,
            1.21095552e+06, 1.19206955e+06, 1.17989821e+06, 1.16436524e+06, 1.14883185e+06, 1.12945217e+06,
            1.11780102e+06, 1.10228427e+06, 1.08671783e+06, 1.06755759e+06, 1.05502327e+06, 1.03885451e+06,
            1.02247003e+06, 1.00227444e+06, 9.88024873e+05};
  const V b{-1.44852555e+08, 1.41881733e+06, 1.40267049e+06, 1.38296290e+06, 1.37042160e+06, 1.35430596e+06,
            1.33818655e+06, 1.31857419e+06, 1.30593472e+06, 1.28980433e+06, 1.27367350e+06, 1.25354845e+06,
            1.24144917e+06, 1.22533563e+06, 1.20917048e+06, 1.18927331e+06, 1.17625690e+06, 1.15946627e+06,
            1.14245161e+06, 1.12147927e+06, 1.10668164e+06};
  struct Case {
    const char* id;
    const V& flows;
    double want;
  };
  for (const Case& c : {Case{"irr-016", a, -0.138541274008}, Case{"irr-017", b, -0.13209372260468}}) {
    const auto& [id, flows, want] = c;
    INFO(c.id);
    const auto r = irr(flows);
    REQUIRE(r.status == IrrStatus::Converged);
    CHECK_REL(*r.rate, want, 1e-9);
    // pyxirr also requires |npv(rate)| < 1e-6 (absolute, on flows of 1.4e8): evaluated here in
    // long double at the engine's rate.
    CHECK(std::abs(static_cast<double>(npv_ld(flows, *r.rate))) < 1e-6);
  }
}

TEST_CASE("irr of inflows first and an outflow last (irr-018, irr-019)") {
  const auto r18 = irr(V{87.17, 87.17, 87.17, 87.17, 87.17, -86.43});
  REQUIRE(r18.status == IrrStatus::Converged);
  CHECK_REL(*r18.rate, -0.49367042606, 1e-9);
  // irr-019 (pyxirr#20, pyxirr returned None): no tolerance stated; 16 digits printed.
  V f19(12, 87.17);
  f19.push_back(-86.43);
  const auto r19 = irr(f19);
  REQUIRE(r19.status == IrrStatus::Converged);
  CHECK_REL(*r19.rate, -0.5020732642263963, 1e-9);
  check_prices_to_zero(f19, *r19.rate);
  // "Same value for the sign-flipped series."
  for (double& x : f19) x = -x;
  const auto r19n = irr(f19);
  REQUIRE(r19n.status == IrrStatus::Converged);
  CHECK_REL(*r19n.rate, -0.5020732642263963, 1e-9);
}

TEST_CASE("irr of long level series: 181, 481 and 145 periods (irr-020, irr-021, irr-022)") {
  V f20(180, -87.17);
  f20.push_back(5809.3);
  const auto r20 = irr(f20);
  REQUIRE(r20.status == IrrStatus::Converged);
  CHECK_REL(*r20.rate, -0.01352676905, 1e-9);
  check_prices_to_zero(f20, *r20.rate);

  const V f21 = repeated(-172545.848122807, 480, 787.735232517999);
  const auto r21 = irr(f21);
  REQUIRE(r21.status == IrrStatus::Converged);
  CHECK_ABS(*r21.rate, 0.0038401048, 1e-9);  // 10 decimals printed; pyxirr states abs 1e-9
  check_prices_to_zero(f21, *r21.rate);

  // irr-022 (npf#131): numpy-financial's answer changed with the CPU. No tolerance stated; the
  // independently computed root 0.012581796355584651 is used.
  const V f22 = repeated(-37155, 144, 560);
  const auto r22 = irr(f22);
  REQUIRE(r22.status == IrrStatus::Converged);
  CHECK_REL(*r22.rate, 0.012581796355584651, 1e-9);
  CHECK_REL(*r22.rate, 0.01258179635558565, 1e-9);
  CHECK(r22.unique);
}

TEST_CASE("irr matches the Excel workbook and docs (irr-023, irr-024, irr-025)") {
  // irr-023: Excel-authored workbook; its limit is 1e-4 but it prints 15 digits and Excel's
  // stopping rule is 0.00001 percent (1e-7), so 1e-7 absolute is checked.
  const V f23{-70000, 12000, 15000, 18000, 21000, 26000};
  const auto r23 = irr(f23);
  REQUIRE(r23.status == IrrStatus::Converged);
  CHECK_ABS(*r23.rate, 0.0866309480363425, 1e-7);
  check_prices_to_zero(f23, *r23.rate);
  const auto r23b = irr(V{-70000, 12000, 15000, 18000, 21000});
  REQUIRE(r23b.status == IrrStatus::Converged);
  CHECK_ABS(*r23b.rate, -0.021244848273020495, 1e-7);
  // A far guess (400%) gives the same root: the root is unique, the guess only seeds Newton.
  const auto r23c = irr(f23, IrrOptions{4.0});
  REQUIRE(r23c.status == IrrStatus::Converged);
  CHECK_ABS(*r23c.rate, 0.0866309480363425, 1e-7);
  CHECK_REL(*r23c.rate, *r23.rate, 1e-14);

  // irr-024: the Excel doc needs guess -10% to reach -44.4%; the engine needs no guess. The doc
  // prints -44.4% (tolerance 0.0005); the computed root is -0.44350694133474045. Closed form:
  // -70000 + 12000 v + 15000 v^2 = 0 gives v = (-12000 + sqrt(12000^2 + 4·15000·70000)) / 30000
  // and r = 1/v - 1.
  const V f24{-70000, 12000, 15000};
  const double v24 = (-12000.0 + std::sqrt(12000.0 * 12000.0 + 4.0 * 15000.0 * 70000.0)) / 30000.0;
  for (const auto& opts : {IrrOptions{}, IrrOptions{-0.10}}) {
    const auto r = irr(f24, opts);
    REQUIRE(r.status == IrrStatus::Converged);
    CHECK_ABS(*r.rate, -0.444, 0.0005);
    CHECK_REL(*r.rate, -0.44350694133474045, 1e-9);
    CHECK_REL(*r.rate, 1.0 / v24 - 1.0, 1e-12);
  }

  // irr-025: LibreOffice help prints 11,33%; computed root 0.113321028236 (12 digits).
  const auto r25 = irr(V{-10000, 3500, 7600, 1000});
  REQUIRE(r25.status == IrrStatus::Converged);
  CHECK_ABS(*r25.rate, 0.1133, 0.00005);
  CHECK_REL(*r25.rate, 0.113321028236, 1e-10);
}

TEST_CASE("irr reports the absence of a rate with a status and a reason (irr-026, irr-027, irr-028)") {
  // irr-026: numpy nan, pyxirr InvalidPaymentsError, Excel #NUM!.
  check_not_converged(irr(V{1, 2, 3}), IrrStatus::NoSignChange);
  check_not_converged(irr(V{-1, -2, -3}), IrrStatus::NoSignChange);
  // irr-027: two sign changes, no real root above -100% (real_roots_above_minus_1_computed_here: []).
  const auto r27 = irr(V{10.0, 1.0, 2.0, -3.0, 4.0});
  check_not_converged(r27, IrrStatus::NoRoot);
  CHECK(r27.roots.empty());
  CHECK(r27.sign_changes == 2);
  // irr-028: every flow zero (pyxirr panicked before 0.10.7, issue #69).
  check_not_converged(irr(V{-0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0}), IrrStatus::NoSignChange);
}

TEST_CASE("irr of flows shrinking to subnormal finds the rate near -100% (irr-029 numpy gh-15)") {
  const V flows{-3000.0, 2.3926932267015667e-07, 4.1672087103345505e-16, 5.3965110036378706e-25,
                5.1962551071806174e-34, 3.7202955645436402e-43, 1.9804961711632469e-52,
                7.8393517651814181e-62, 2.3072565113911438e-71, 5.0491839233308912e-81,
                8.2159177668499263e-91, 9.9403244366963527e-101, 8.942410813633967e-111,
                5.9816122646481191e-121, 2.9750309031844241e-131, 1.1002067043497954e-141,
                3.0252876563518021e-152, 6.1854121948207909e-163, 9.4032980015353301e-174,
                1.0629218520017728e-184, 8.9337141847171845e-196, 5.5830607698467935e-207,
                2.5943122036622652e-218, 8.9635842466507006e-230, 2.3027710094332358e-241,
                4.3987510596745562e-253, 6.2476630372575209e-265, 6.598046841695288e-277,
                5.1811095266842017e-289, 3.0250999925830644e-301, 1.3133070599585015e-313};
  const auto r = irr(flows);
  REQUIRE(r.status == IrrStatus::Converged);
  CHECK_REL(*r.rate, -0.9999999990596069, 1e-9);  // numpy-financial: rtol 1e-9
  CHECK(std::isfinite(*r.rate));
}

// ----------------------------------------------------------------------------------------- XIRR

TEST_CASE("xirr matches Excel's and pyxirr's documented examples (xirr-001, xirr-002)") {
  // xirr-001: the Excel doc prints 0.373362535; Excel iterates to 0.000001 percent (1e-8).
  const auto a = dated({"2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"},
                       {-10000, 2750, 4250, 3250, 2750});
  const auto ra = xirr(a);
  REQUIRE(ra.status == IrrStatus::Converged);
  CHECK(ra.unique);
  CHECK_ABS(*ra.rate, 0.373362535, 1e-8);
  // xirr-002: pyxirr doc, 16 digits printed, no tolerance stated.
  const auto b = dated({"2020-01-01", "2020-03-01", "2020-10-30", "2021-02-15"}, {-10000, 5750, 4250, 3250});
  const auto rb = xirr(b);
  REQUIRE(rb.status == IrrStatus::Converged);
  CHECK_REL(*rb.rate, 0.6342972615260243, 1e-9);
  CHECK(std::abs(static_cast<double>(xnpv_ld(b, *rb.rate) / xabs_scale(b, *rb.rate))) <= 1e-12);
}

TEST_CASE("xirr of unordered dates matches the Excel workbook (xirr-003)") {
  // The workbook's Excel values stop at Excel's tolerance (limit 1e-4 stated; the notes give a
  // bisection root 0.4284583046525273, 1.4e-9 from Excel's), so: Excel's to 1e-4 and the
  // double-precision root to 1e-9 relative.
  const auto a = dated({"1998-01-01", "1998-01-03", "1998-10-30", "1999-02-15", "1999-01-04"},
                       {-10000.0, 2750.0, 4250.0, 3250.0, 2742.0});
  const auto ra = xirr(a);
  REQUIRE(ra.status == IrrStatus::Converged);
  CHECK_ABS(*ra.rate, 0.4284583032131196, 1e-4);
  CHECK_REL(*ra.rate, 0.4284583046525273, 1e-9);
  const std::vector<const char*> d{"1998-01-01", "1998-01-03", "1998-10-30", "1999-02-15", "1999-02-04"};
  const auto rb = xirr(dated(d, {-10000.0, 2750.0, 4250.0, 3250.0, 2742.0}), DayCount::Act365F, IrrOptions{0.01});
  REQUIRE(rb.status == IrrStatus::Converged);
  CHECK_ABS(*rb.rate, 0.41707635402679444, 1e-4);
  const auto rc = xirr(dated(d, {-10000.0, 2750.0, 4290.0, 3250.0, 2742.0}), DayCount::Act365F, IrrOptions{0.01});
  REQUIRE(rc.status == IrrStatus::Converged);
  CHECK_ABS(*rc.rate, 0.4230088663101197, 1e-4);
}

TEST_CASE("xirr under act/365F, act/360 and 30/360 matches MathWorks via pyxirr (xirr-004)") {
  // No date falls on the 31st, so the 30/360 variants (SIA, ISDA, 30E) all agree with US 30/360.
  const auto f = dated({"2007-01-12", "2008-02-14", "2008-03-03", "2008-06-14", "2008-12-01"},
                       {-10000, 2500, 2000, 3000, 4000});
  const std::pair<DayCount, double> cases[] = {{DayCount::Act365F, 0.10064378342638},
                                               {DayCount::Act360, 0.0991988898057063},
                                               {DayCount::Thirty360, 0.100675477282743}};
  for (const auto& [dc, want] : cases) {
    const auto day_count = to_string(dc);
    INFO(day_count);
    const auto r = xirr(f, dc);
    REQUIRE(r.status == IrrStatus::Converged);
    CHECK_ABS(*r.rate, want, 1e-9);  // stated abs 1e-9 (14-15 digits printed)
  }
}

TEST_CASE("xirr of two flows close together near -100% (xirr-005, xirr-006, xirr-020)") {
  // Closed form for two flows a at d0 and b at d1: (1+r)^((d1-d0)/365) = -b/a.
  struct Case {
    const char* id;
    const char* d0;
    const char* d1;
    double a, b, want;
  };
  const Case cases[] = {
      {"xirr-005", "2021-06-09", "2021-08-11", -134.09, 40.86, -0.9989769231734277},
      {"xirr-006", "2020-03-05", "2020-03-16", -18480.0, 13120.0, -0.9999884228170087},
      {"xirr-020", "2014-02-27", "2015-03-06", -4000.0, 2050.2, -0.480963152546673},
  };
  for (const auto& c : cases) {
    INFO(c.id);
    const auto f = dated({c.d0, c.d1}, {c.a, c.b});
    const auto r = xirr(f);
    REQUIRE(r.status == IrrStatus::Converged);
    CHECK(r.unique);
    CHECK_ABS(*r.rate, c.want, 1e-9);  // stated abs 1e-9 (xirr-020: the value computed in the vector)
    const double t = static_cast<double>(f[1].date.days - f[0].date.days) / 365.0;
    CHECK_ABS(*r.rate, std::pow(-c.b / c.a, 1.0 / t) - 1.0, 1e-12);
  }
}

TEST_CASE("xirr of a near-total loss with a second root further out (xirr-007)") {
  // Excel gives about -99.4% (pyxirr returned None). Two sign changes: NPV also vanishes
  // closer to -100% (about -99.96%), so both roots are negative and the highest is reported.
  const auto f = dated({"2021-06-08", "2022-06-29", "2023-06-08", "2023-06-30"}, {-1000000.0, 5000.0, -3.0, 0.0});
  const auto r = xirr(f);
  REQUIRE(r.status == IrrStatus::Converged);
  CHECK_ABS(*r.rate, -0.993785049929284, 1e-9);
  CHECK(*r.rate == stated_choice(r.roots));
  CHECK(r.roots.size() == 2);
}

TEST_CASE("xirr of unordered flows, zeros and many small outflows (xirr-008, xirr-009, xirr-010)") {
  const auto f8 = dated({"2015-06-11", "2015-07-21", "2018-06-10", "2015-10-17"}, {-1000, -9000, 20000, -3000});
  const auto r8 = xirr(f8);
  REQUIRE(r8.status == IrrStatus::Converged);
  CHECK_ABS(*r8.rate, 0.16353715844, 1e-9);

  const auto f9 = dated({"2021-12-31", "2022-12-31", "2023-12-31", "2024-12-31", "2025-12-31", "2026-12-31",
                         "2027-12-31", "2028-12-31", "2029-12-31", "2030-12-31", "2031-12-31", "2032-12-31",
                         "2033-12-31"},
                        {0, 0, -100, 10, 0, 10, 10, 10, 200, 0, 0, 0, 0});
  const auto r9 = xirr(f9);
  REQUIRE(r9.status == IrrStatus::Converged);
  CHECK_ABS(*r9.rate, 0.175680730580782, 1e-9);

  const auto f10 = dated(
      {"2015-05-04", "2015-05-07", "2015-05-15", "2015-05-04", "2015-05-06", "2015-05-14", "2015-05-19",
       "2015-05-26", "2015-05-27", "2015-06-01", "2015-06-05", "2015-06-18", "2015-06-22", "2015-06-22",
       "2015-06-22", "2015-06-30", "2015-07-06", "2015-07-13", "2015-07-16", "2015-07-31", "2015-08-10",
       "2015-08-17", "2015-09-14", "2015-09-16", "2015-09-28", "2015-10-01", "2015-10-02", "2015-10-29",
       "2015-11-02", "2015-11-06", "2015-12-29", "2015-12-31"},
      {-200.00, -75.00, -620.00, -0.01, -100.00, -299.99, -20.00, -100.00, -340.00, -500.00, -100.00,
       -1008.52, -65.00, -120.00, -450.00, -450.75, -80.00, -130.00, -1050.00, -1000.00, -65.00, -400.00,
       -100.00, -956.88, -117.00, -50.00, -1130.00, -70.00, -188, -250, -100, 9518.08});
  const auto r10 = xirr(f10);
  REQUIRE(r10.status == IrrStatus::Converged);
  CHECK_ABS(*r10.rate, -0.13423264098831872, 1e-9);
}

TEST_CASE("xirr of 53 unordered flows with many sign changes (xirr-011-1938)") {
  const auto f = dated(
      {"1937-07-02", "1937-07-03", "1937-07-04", "1938-07-29", "1938-08-11", "1938-08-12", "1938-04-22",
       "1938-05-22", "1938-06-22", "1938-10-22", "1938-08-28", "1938-09-09", "1938-09-10", "1938-09-11",
       "1938-11-10", "1938-11-12", "1938-12-11", "1939-01-07", "1939-02-10", "1939-03-11", "1939-08-17",
       "1939-10-17", "1939-04-04", "1939-04-09", "1939-04-12", "1939-06-18", "1939-05-11", "1939-05-12",
       "1939-06-11", "1939-08-02", "1939-08-10", "1939-08-12", "1939-08-26", "1939-09-08", "1939-09-10",
       "1939-11-01", "1939-11-12", "1939-12-10", "1939-12-13", "1940-01-10", "1940-02-09", "1940-02-10",
       "1940-03-11", "1940-04-11", "1940-05-11", "1940-08-11", "1941-01-10", "1941-09-12", "1940-11-30",
       "1941-08-01", "1941-08-11", "1941-11-10", "1942-02-10"},
      {-10, 10, 1338.17, 10147.5, -578133.57, -12559.95, 1519.64, 10147.5, -11500, 544.47, 701.78, -600.68,
       -601.95, -518.2, 36000, 22308.68, -753.37, -20.05, -43.15, -742.98, -11220, 1.27, 11220, -3846.05,
       1058.75, -2.94, -36000, -15016.3, -6.49, -36.72, -72.54, 15892.29, -88.71, -53.5, -260.09, -3.85,
       -289.11, -46.99, 63.32, 63.32, 621.47, -383.63, 63.32, 63.32, 419.94, -4.87, 1507.56, -14.49, -1.31,
       7064.85, -0.82, 3554.11, 16891.26});
  const auto r = xirr(f);
  REQUIRE(r.status == IrrStatus::Converged);
  check_roots_include(r, {-0.5945650822679239}, 1e-9);
  CHECK(*r.rate == stated_choice(r.roots));
  for (double x : r.roots) {
    INFO("root ", digits(x));
    CHECK(std::abs(static_cast<double>(xnpv_ld(f, x) / xabs_scale(f, x))) <= 1e-10);
  }
}

TEST_CASE("xirr lists both roots of pyxirr's two-root samples (xirr-012 .. xirr-015)") {
  struct Case {
    const char* id;
    std::vector<const char*> dates;
    V amounts;
    double pyxirr, other;
  };
  const Case cases[] = {
      {"xirr-012",
       {"2023-05-29", "2036-05-03", "2040-11-22", "2039-11-10", "2042-12-04", "2032-06-09", "2042-08-17",
        "2035-09-03", "2028-02-02", "2031-10-02", "2037-01-17", "2033-05-04", "2039-03-13", "2025-04-15",
        "2040-09-14", "2036-06-26", "2024-07-07", "2032-12-09", "2033-09-15", "2040-04-17", "2039-06-28",
        "2029-12-28", "2041-04-25", "2042-12-25", "2031-09-30", "2032-05-19", "2038-07-18", "2031-07-03",
        "2025-12-04", "2042-01-11"},
       {-1060.54818333979, 2959.26712504621, 1222.57618506468, -1123.53425617784, -1780.97829452609,
        -3212.62875390706, 1062.90497372753, 109.102478922819, -20.535038765884, 523.670290931378,
        1051.04044993527, -3301.70192621163, 2686.59062261943, -1371.27807590072, -3284.80444243792,
        1906.03107988512, 328.612266673726, -168.870311093353, -149.308893053607, 1000.37419962204,
        410.696251895955, 506.075743244442, 2190.13207152111, -398.199495063005, -548.336078273255,
        -692.999884262619, 3358.92237685657, -984.732660037331, -2049.69857843115, -1218.54793112691},
       -0.028668460065440993, -0.3154082674273421},
      {"xirr-013",
       {"2020-10-08", "2034-02-11", "2035-02-23", "2032-05-22", "2025-09-23", "2033-08-11", "2037-01-01",
        "2022-06-10", "2035-08-11", "2030-03-06", "2033-02-12", "2020-10-09", "2039-02-12", "2028-07-23",
        "2030-12-23", "2028-11-25", "2025-09-19", "2036-01-10", "2038-10-31", "2030-02-20", "2023-06-30",
        "2033-01-25", "2021-10-26", "2021-03-24", "2033-06-01", "2027-03-09", "2038-04-26", "2031-05-06",
        "2021-03-16", "2024-10-19"},
       {-320.409336468929, -1168.0309461329, -116.435806487608, 1082.82589946232, 1021.31187983928,
        330.693013409593, 357.608023904653, 4019.47530700281, -636.194921783809, 1797.12740657937,
        -1363.62400631159, 1643.85326162288, 380.183155427822, 86.989799456888, -1655.5145291891,
        282.738535669003, 1503.78463596763, -1641.59028688468, -318.274660250744, 257.569362953608,
        -1413.67502554896, 255.335845901369, -1576.27975587903, 318.335920888297, -3433.96218604721,
        -114.644608755237, -224.006933326095, 275.321216777982, 1327.43942336165, 1401.88316736762},
       -0.6590570693637554, -0.02910731236366771},
      {"xirr-014",
       {"2025-09-08", "2039-03-04", "2036-04-21", "2041-11-29", "2033-08-01", "2026-12-01", "2035-05-19",
        "2027-08-27", "2043-04-16", "2027-12-28", "2030-12-25", "2028-04-07", "2038-06-04", "2026-06-02",
        "2028-01-04", "2029-04-28", "2040-11-15", "2027-05-20", "2040-10-08", "2035-05-16", "2029-06-23",
        "2033-04-18", "2041-09-15", "2027-07-21", "2041-01-11", "2040-09-10", "2028-01-01", "2039-08-04",
        "2041-12-12", "2042-04-01"},
       {-0.943503436299, -4005.39190494337, 374.361152823838, 505.584128969318, -983.306696970207,
        617.314664482651, 2164.52035104806, -3456.42917112415, 3914.04884222812, -581.440108240025,
        387.335111813997, -1716.17324524635, -125.834554614621, 1812.83784732893, 822.339410905665,
        -2525.30339597722, -388.709310032226, -104.766391662072, 40.586046468536, -3410.39117941614,
        -758.223669241554, 128.860253525305, 1279.75107946094, 100.6035701568, -1116.70449459165,
        2605.61327558148, -528.95530661223, -96.796739553259, -4650.29377515385, 2607.25633665165},
       -0.10396735360664396, 1.1258287638216773},
      {"xirr-015",
       {"2029-02-23", "2039-12-03", "2031-02-18", "2030-02-28", "2048-01-18", "2036-05-16", "2031-08-22",
        "2046-05-15", "2034-11-09", "2032-07-08", "2029-11-07", "2032-08-11", "2039-11-25", "2043-05-28",
        "2037-10-21", "2031-02-23", "2036-10-03", "2034-06-13", "2038-05-04", "2044-09-19", "2042-05-04",
        "2039-06-05", "2040-09-22", "2031-10-01", "2037-04-12", "2034-03-17", "2045-09-18", "2040-03-21",
        "2046-07-07", "2043-03-10"},
       {-833.609136523079, 911.763674762491, -2415.2479158099, -5.26024226827, -396.510247384726,
        -495.419967270352, 1594.13186017225, -501.980847458042, 840.197989339582, -2228.35592531844,
        653.978807837339, 802.60136016655, -2054.37635401127, 151.139920540724, 837.548899649756,
        -213.167861971908, -1307.73571188087, 503.352859381649, 668.219419160759, -1848.90116798455,
        584.26579128562, 1062.66005462833, -3374.64060705128, -112.056276267287, -3285.46588926042,
        1821.94104962032, 1278.64162524391, 1733.71274343446, 2167.07815820599, -460.943535037123},
       -0.17219174455291367, -0.6519313380797903},
  };
  for (const auto& c : cases) {
    INFO(c.id);
    const auto f = dated(c.dates, c.amounts);
    const auto r = xirr(f);
    REQUIRE(r.status == IrrStatus::Converged);
    CHECK_FALSE(r.unique);
    check_roots_include(r, {c.pyxirr, c.other}, 1e-9);  // stated abs 1e-9
    CHECK(*r.rate == stated_choice(r.roots));
    CHECK_FALSE(r.reason.empty());
    for (double x : r.roots) {
      INFO("root ", digits(x));
      CHECK(std::abs(static_cast<double>(xnpv_ld(f, x) / xabs_scale(f, x))) <= 1e-10);
    }
  }
}

TEST_CASE("xirr finds the root pyxirr misses in its 'no solution' sample (xirr-016)") {
  // pyxirr returns None here (its test expects NaN) and the vector says "no solution"; but XNPV
  // does cross zero, near r = -89.7%. The check is self-contained: XNPV, evaluated in long double
  // independently of the engine, has opposite signs just below and just above the rate returned.
  const auto f = dated(
      {"2024-09-09", "2030-12-24", "2027-01-06", "2037-03-04", "2035-11-13", "2041-06-22", "2037-12-19",
       "2028-04-10", "2040-09-15", "2042-02-02", "2035-02-27", "2035-02-04", "2037-05-15", "2036-08-01",
       "2024-12-03", "2041-12-20", "2031-11-01", "2036-11-28", "2026-01-10", "2030-08-18", "2032-07-16",
       "2042-06-06", "2029-10-09", "2033-03-20", "2026-07-30", "2026-07-13", "2038-02-26", "2042-03-22",
       "2033-04-05", "2043-05-27"},
      {-203.365347602624, 1208.31894521971, 62.911729089493, 23.214035363974, -1797.01688426533,
       -2017.27457461588, 3997.91924991427, 1115.24111568803, -1915.56819372739, 1484.15862672955,
       1247.32460407966, -42.316649900985, 973.000278031422, 1169.69300353766, -24.233785734572,
       -1130.58496750037, -265.351566140742, 37.001024894264, 555.940111271138, -1794.45399928709,
       -1953.03088397946, -171.922891863423, -1910.9048070744, 343.762478283701, 2453.50647798804,
       -2607.11784778847, 2697.77682033517, -2529.313275386, 606.724921312875, 188.397614961121});
  const auto r = xirr(f);
  REQUIRE(r.status == IrrStatus::Converged);
  CHECK(r.enumeration_complete);
  REQUIRE(r.roots.size() == 1);
  const double x = *r.rate;
  CHECK(x > -0.8974);
  CHECK(x < -0.8971);
  const long double below = xnpv_ld(f, x * (1 + 1e-12)), above = xnpv_ld(f, x * (1 - 1e-12));
  INFO("XNPV at rate·(1+1e-12) = ", digits(static_cast<double>(below)), ", at rate·(1-1e-12) = ",
       digits(static_cast<double>(above)));
  CHECK(((below > 0 && above < 0) || (below < 0 && above > 0)));
}

TEST_CASE("xirr of two opposite flows on one day has no rate (xirr-019)") {
  // They net to nothing; LibreOffice and Google Sheets give an error, a Newton-based xirr 0.100055.
  check_not_converged(xirr(dated({"2000-06-09", "2000-06-09"}, {2500.0, -2500.0})), IrrStatus::NoSignChange);
}

TEST_CASE("xirr finds a root that peers call unrepresentable (xirr-017 pyxirr#61)") {
  // -100 on day 0, -100 on day 7, +100 on day 12. With y = (1+r)^(1/365) the NPV times y^12 is
  // 100·(1 - y^5 - y^12): the unique root is the y in (0, 1) with y^5 + y^12 = 1, and r = y^365 - 1.
  // y is found here by bisection (the function is increasing in y); pyxirr's maintainer places
  // the crossing between r = -0.9999999999999833 and -0.9999999999999832, which a double can hold.
  double lo = 0.5, hi = 1.0;
  for (int i = 0; i < 200; ++i) {
    const double m = 0.5 * (lo + hi);
    (std::pow(m, 5) + std::pow(m, 12) < 1.0 ? lo : hi) = m;
  }
  const double want = std::pow(lo, 365) - 1.0;
  const auto r = xirr(dated({"2024-11-21", "2024-11-28", "2024-12-03"}, {-100, -100, 100}));
  REQUIRE(r.status == IrrStatus::Converged);
  CHECK(r.unique);
  CHECK(*r.rate >= -0.9999999999999834);
  CHECK(*r.rate <= -0.9999999999999831);
  CHECK_ABS(*r.rate, want, 4e-16);  // 1+r ≈ 1.7e-14 is resolved to a few ulp of 1
}

TEST_CASE("xirr of same-day flows nets them, giving the exact two-flow rate (xirr-018 pyxirr#65)") {
  // Day 0 nets to 187.5 - 30 + 187.5 = 345, day 1 to 2·187.5 - 5·188 = -565. The only root:
  // 345 = 565·(1+r)^(-1/365), r = (565/345)^365 - 1 ≈ 1.56e78. pyxirr returns None (and 8.2e75 when
  // -30 becomes -25). An astronomically large rate is the right answer for these flows.
  const auto f = dated({"2020-05-27", "2020-05-27", "2020-05-27", "2020-05-28", "2020-05-28", "2020-05-28",
                        "2020-05-28", "2020-05-28", "2020-05-28", "2020-05-28"},
                       {187.5, -30, 187.5, 187.5, 187.5, -188, -188, -188, -188, -188});
  const auto r = xirr(f);
  REQUIRE(r.status == IrrStatus::Converged);
  CHECK(r.unique);
  CHECK(std::isfinite(*r.rate));
  CHECK_REL(*r.rate, std::pow(565.0 / 345.0, 365.0) - 1.0, 1e-11);
}

// ----------------------------------------------------------------------------------------- MIRR

TEST_CASE("mirr matches numpy-financial, pyxirr and the Excel workbook (mirr-001 .. mirr-003, mirr-006 .. mirr-009)") {
  auto value = [](const V& f, double fin, double re) {
    const auto m = mirr(f, fin, re);
    REQUIRE(m.value.has_value());
    return *m.value;
  };
  CHECK_ABS(value({-4500, -800, 800, 800, 600, 600, 800, 800, 700, 3000}, 0.08, 0.055), 0.0666, 1e-4);  // mirr-001
  CHECK_ABS(value({-120000, 39000, 30000, 21000, 37000, 46000}, 0.10, 0.12), 0.126094, 1e-6);             // mirr-002
  CHECK_ABS(value({100, 200, -50, 300, -200}, 0.05, 0.06), 0.3428, 1e-4);                                  // mirr-003
  CHECK_REL(value({-100, 50, -60, 70}, 0.10, 0.12), -0.03909366594356467, 1e-9);                           // mirr-006
  CHECK_REL(value({-1000, 100, 250, 500, 500}, 0.1, 0.1), 0.10401626745, 1e-9);                            // mirr-008
  // mirr-009: Excel-authored workbook, 16 digits (its own limit 1e-4).
  const V w{-70000, 12000, 15000, 18000, 21000, 26000};
  CHECK_REL(value(w, 0.1, 0.12), 0.09866910733715017, 1e-9);
  CHECK_REL(value(w, 0.2, 0.13), 0.1023079320299376, 1e-9);
  CHECK_REL(value(w, 0.12, 0.15), 0.10962733939313596, 1e-9);
}

TEST_CASE("mirr over flows x rate pairs matches Google Sheets (mirr-007)") {
  const V flows[] = {{-4500, -800, 800, 800, 600}, {-120000, 39000, 30000, 21000, 37000}, {100, 200, -50, 300, -200}};
  const double finance[] = {0.05, 0.08, 0.10}, reinvest[] = {0.08, 0.10, 0.12};
  const double want[3][3] = {{-0.1784449, -0.17328716, -0.1684366},
                             {0.04627293, 0.05437856, 0.06252201},
                             {0.35712458, 0.40628857, 0.44435295}};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      INFO("flows ", i, ", pair ", j);
      const auto m = mirr(flows[i], finance[j], reinvest[j]);
      REQUIRE(m.value.has_value());
      CHECK_REL(*m.value, want[i][j], 1e-7);  // assert_allclose default rtol; 7-8 digits printed
    }
}

TEST_CASE("mirr without both signs is absent with a reason (mirr-004, mirr-005)") {
  for (const V& f : {V{39000, 30000, 21000, 37000, 46000}, V{-100, -50, -60, -70}}) {
    const auto m = mirr(f, 0.10, 0.12);
    CHECK_FALSE(m.value.has_value());
    CHECK_FALSE(m.reason.empty());
  }
}

// ---------------------------------------------------- standards.md §5.3 and §5.4 worked examples

TEST_CASE("static payback PB-1 and PB-2 follow the Chinese method's interpolation") {
  // PB-1: t0 -200 then +30 a year. Cumulative -20 after six years, +10 after seven:
  // Pt = 7 - 1 + 20/30 = 6.67 (printed), 20/3 exactly.
  const auto p1 = payback(V{-200, 30, 30, 30, 30, 30, 30, 30, 30}, Timing::AtStart);
  REQUIRE(p1.periods.has_value());
  CHECK_REL(*p1.periods, 20.0 / 3.0, 1e-15);
  CHECK_ABS(*p1.periods, 6.67, 0.005);
  CHECK(p1.recovered_in == 7);
  // PB-2: cumulative -50 at year 4 and +50 at year 5 (flow 100): Pt = 4 + 50/100 = 4.5. The
  // source gives only the cumulative series; these flows reproduce it.
  const auto p2 = payback(V{-200, 40, 40, 40, 30, 100, 100}, Timing::AtStart);
  REQUIRE(p2.periods.has_value());
  CHECK_REL(*p2.periods, 4.5, 1e-15);
}

TEST_CASE("dynamic payback PB-3 and PB-4 at 10%") {
  // PB-3: t0 -1000, t1..8 +200. Cumulative discounted flow after 7 years is
  // -1000 + 200·(1 - 1.1^-7)/0.1 = -26.3, the year-8 discounted flow is 200·1.1^-8 = 93.3:
  // P't = 7 + 26.3/93.3 = 7.28 (printed), 7.2821 (recomputed).
  const double cum7 = -1000.0 + 200.0 * (1.0 - std::pow(1.1, -7)) / 0.1;
  const double d8 = 200.0 * std::pow(1.1, -8);
  const auto p3 = discounted_payback(V{-1000, 200, 200, 200, 200, 200, 200, 200, 200}, 0.10, Timing::AtStart);
  REQUIRE(p3.periods.has_value());
  CHECK_REL(*p3.periods, 7.0 + -cum7 / d8, 1e-12);
  CHECK_ABS(*p3.periods, 7.28, 0.005);
  CHECK_ABS(*p3.periods, 7.2821, 0.00005);
  // PB-4: t0 -25, t1 -20, t2..7 +12. Cumulative after year 6 is
  // -25 - 20/1.1 + 12·(1.1^-2 + ... + 1.1^-6) = -1.8209, year 7 adds 12·1.1^-7 = 6.1579:
  // P't = 6 + 1.83/6.16 = 6.3 (printed), 6.2968 (recomputed).
  double cum6 = -25.0 - 20.0 / 1.1;
  for (int t = 2; t <= 6; ++t) cum6 += 12.0 * std::pow(1.1, -t);
  const double d7 = 12.0 * std::pow(1.1, -7);
  const auto p4 = discounted_payback(V{-25, -20, 12, 12, 12, 12, 12, 12}, 0.10, Timing::AtStart);
  REQUIRE(p4.periods.has_value());
  CHECK_REL(*p4.periods, 6.0 + -cum6 / d7, 1e-12);
  CHECK_ABS(*p4.periods, 6.2968, 0.00005);
  CHECK_ABS(*p4.periods, 6.3, 0.05);
}

TEST_CASE("IRR-1: MathWorks' documented IRR of 0.1201") {
  const V flows{-100000, 10000, 20000, 30000, 40000, 50000};
  const auto r = irr(flows);
  REQUIRE(r.status == IrrStatus::Converged);
  CHECK(r.unique);
  CHECK_ABS(*r.rate, 0.1201, 0.00005);     // 4 decimals printed
  CHECK_ABS(*r.rate, 0.120058, 0.0000005);  // recomputed in standards.md, 6 decimals
  check_prices_to_zero(flows, *r.rate);
}

TEST_CASE("IRR-3: MathWorks' multiple-IRR example has three roots in closed form") {
  // In v = 1/(1+r): 5800 v^3 - 10900 v^2 + 6000 v - 1000 = 0. v = 1/2 is a root
  // (725 - 2725 + 3000 - 1000 = 0); dividing by (v - 1/2) leaves 5800 v^2 - 8000 v + 2000, i.e.
  // 29 v^2 - 40 v + 10 = 0, v = (40 ± sqrt(440)) / 58. So r = 1, 58/(40 + sqrt 440) - 1 (-4.881%)
  // and 58/(40 - sqrt 440) - 1 (204.88%). MATLAB reports the lowest positive, 100%; so do we.
  const V flows{-1000, 6000, -10900, 5800};
  const auto r = irr(flows);
  REQUIRE(r.status == IrrStatus::Converged);
  REQUIRE(r.roots.size() == 3);
  const double s = std::sqrt(440.0);
  CHECK_REL(r.roots[0], 58.0 / (40.0 + s) - 1.0, 1e-12);
  CHECK_REL(r.roots[1], 1.0, 1e-14);
  CHECK_REL(r.roots[2], 58.0 / (40.0 - s) - 1.0, 1e-12);
  CHECK_ABS(r.roots[0], -0.04881, 0.000005);  // printed -4.881%
  CHECK_ABS(r.roots[2], 2.0488, 0.00005);     // printed 204.88%
  CHECK(*r.rate == 1.0);
  CHECK(r.sign_changes == 3);
  CHECK_FALSE(r.reason.empty());
}

TEST_CASE("NPV-1: the UK Green Book switching-value box") {
  // Cost 1,000,000 at t0, then 150,000 (or 100,000) a year for 10 years at 3.5%. Closed form:
  // NPV = -1e6 + A·(1 - 1.035^-10)/0.035. The box prints about £247k and -£168k (to £1k);
  // standards.md recomputes 247,490.80 and -168,339.47.
  const double annuity = (1.0 - std::pow(1.035, -10)) / 0.035;
  const V a = repeated(-1'000'000, 10, 150'000), b = repeated(-1'000'000, 10, 100'000);
  CHECK_REL(npv(a, 0.035, Timing::AtStart), -1e6 + 150'000 * annuity, 1e-12);
  CHECK_REL(npv(b, 0.035, Timing::AtStart), -1e6 + 100'000 * annuity, 1e-12);
  CHECK_ABS(npv(a, 0.035, Timing::AtStart), 247'000, 500);
  CHECK_ABS(npv(b, 0.035, Timing::AtStart), -168'000, 500);
  CHECK_ABS(npv(a, 0.035, Timing::AtStart), 247'490.80, 0.005);
  CHECK_ABS(npv(b, 0.035, Timing::AtStart), -168'339.47, 0.005);
}

}  // TEST_SUITE
