// The root enumeration with sign certificates (engine/src/core/rate_roots.cpp) against the
// enumeration as it was before them (tests/oracle/rate_roots_oracle.cpp, a test-only copy of the
// old code): on many series with several sign changes — random cash flows of the shapes that have
// several IRRs, polynomials built from chosen roots (simple, double, and pairs 1e-3 to 1e-11
// apart), exact zeros on the search grid, dated flows — both sides of r = 0 (as irr() and xirr()
// call them) must give the same roots to the last bit, with the same residuals and the same
// flags (touching, complete, converged). Everything irr() reports (status, rate, roots, reason)
// is computed from these, so equal enumerations give equal IRR results.
//
// The comparison alone could pass with both searches broken the same way, so each built series
// also checks that its known roots are found (within 1e-9 relative for simple roots, 1e-6 for
// double ones), and the counters at the end check that the cases the certificates must not
// change really occurred: several roots, touching roots, zeros on the grid.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <random>
#include <vector>

#include "../engine/src/core/rate_roots.hpp"
#include "oracle/rate_roots_oracle.hpp"

using namespace appraise;

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// A series as text, every digit, for the failure message.
std::string text(const std::vector<double>& v) {
  std::string s;
  char buf[32];
  for (const double x : v) {
    std::snprintf(buf, sizeof buf, "%.17g", x);
    s += (s.empty() ? "" : " ") + std::string(buf);
  }
  return s;
}

struct Tally {
  int series = 0, several_roots = 0, touching = 0, grid_zeros = 0, dated = 0;
};

// Uniform numbers in [0, 1) from a fixed seed.
struct Uniform {
  std::mt19937_64 gen;
  std::uniform_real_distribution<double> u{0.0, 1.0};
  explicit Uniform(std::uint64_t seed) : gen(seed) {}
  double operator()() { return u(gen); }
};

// Both enumerations on one side; fails the test case on any difference.
detail::UnitRoots compare(const detail::PowerSum& s, Tally& tally) {
  const detail::UnitRoots now = detail::roots_in_unit_interval(s);
  const detail::UnitRoots before = oracle::roots_in_unit_interval(s);
  REQUIRE(now.roots.size() == before.roots.size());
  CHECK(now.complete == before.complete);
  CHECK(now.converged == before.converged);
  for (std::size_t k = 0; k < now.roots.size(); ++k) {
    CAPTURE(k);
    CHECK(same_bits(now.roots[k].x, before.roots[k].x));
    CHECK(same_bits(now.roots[k].residual, before.roots[k].residual));
    CHECK(now.roots[k].touching == before.roots[k].touching);
    tally.touching += now.roots[k].touching ? 1 : 0;
  }
  tally.several_roots += now.roots.size() > 1 ? 1 : 0;
  return now;
}

// Both sides of r = 0 of periodic flows, as irr() searches them.
void compare_periodic(const std::vector<double>& flows, Tally& tally) {
  INFO("flows ", text(flows));
  ++tally.series;
  for (const bool reversed : {false, true}) {
    CAPTURE(reversed);
    const detail::PowerSum s{flows, {}, reversed};
    for (int i = 1; i <= 16; ++i)
      if (detail::evaluate(s, i / 16.0).p == 0.0) ++tally.grid_zeros;
    (void)compare(s, tally);
  }
}

// Coefficients of c · Π (x − x_i), lowest power first.
std::vector<double> from_roots(double c, const std::vector<double>& roots) {
  std::vector<double> p{c};
  for (const double r : roots) {
    std::vector<double> q(p.size() + 1, 0.0);
    for (std::size_t k = 0; k < p.size(); ++k) {
      q[k] -= r * p[k];
      q[k + 1] += p[k];
    }
    p = q;
  }
  return p;
}

// Multiplies by a polynomial with positive coefficients (no positive roots), so the series is
// longer and its coefficients less regular while its roots in x > 0 stay the same.
std::vector<double> times_positive(const std::vector<double>& p, const std::vector<double>& q) {
  std::vector<double> out(p.size() + q.size() - 1, 0.0);
  for (std::size_t i = 0; i < p.size(); ++i)
    for (std::size_t j = 0; j < q.size(); ++j) out[i + j] += p[i] * q[j];
  return out;
}

}  // namespace

TEST_SUITE("metrics") {

TEST_CASE("root enumeration: the sign certificates change no root of random cash flows with several sign changes") {
  Uniform u(20260517);
  Tally tally;
  for (int trial = 0; trial < 3000; ++trial) {
    CAPTURE(trial);
    const int n = 4 + static_cast<int>(u() * 57);  // 4 to 60 periods
    std::vector<double> f(static_cast<std::size_t>(n));
    const int shape = trial % 4;
    const int build = 1 + static_cast<int>(u() * 3);
    for (int t = 0; t < n; ++t) {
      double v = 0;
      if (t < build) v = -(50.0 + 100.0 * u());  // construction outlays
      else v = 5.0 + 20.0 * u();                 // operating inflows
      f[static_cast<std::size_t>(t)] = v;
    }
    if (shape == 0) {
      // A major repair: one or two operating years with a large outlay.
      for (int k = 0; k < 2; ++k) f[static_cast<std::size_t>(build + static_cast<int>(u() * (n - build)))] = -(20.0 + 200.0 * u());
    } else if (shape == 1) {
      // Decommissioning at the end: the classic two-IRR series.
      f.back() = -(100.0 + 600.0 * u());
    } else if (shape == 2) {
      // Equity flows: debt service that exceeds the early inflows, a repair, the final recovery.
      for (int t = build; t < std::min(n, build + 4); ++t) f[static_cast<std::size_t>(t)] -= 25.0 * u();
      f[static_cast<std::size_t>(build + (n - build) / 2)] -= 40.0 * u();
      f.back() += 300.0 * u();
    } else {
      // Random signs and magnitudes over six orders of magnitude.
      for (double& v : f) v = (u() < 0.5 ? -1.0 : 1.0) * std::pow(10.0, 6.0 * u() - 3.0);
    }
    if (detail::sign_changes(f) < 2) continue;
    compare_periodic(f, tally);
  }
  CHECK(tally.series >= 2000);
  CHECK(tally.several_roots >= 200);
}

TEST_CASE("root enumeration: the sign certificates change no root of series built from their roots, double and near-double roots included") {
  Uniform u(20260518);
  Tally tally;
  // Gaps between two roots: from well apart to beyond what a double can separate, and 0 (a
  // double root, which the search reports as one touching root or as a root found twice and
  // merged).
  const std::vector<double> gaps{1e-1, 1e-3, 1e-5, 1e-7, 1e-9, 1e-11, 0.0};
  for (int trial = 0; trial < 700; ++trial) {
    CAPTURE(trial);
    // Roots in x = 1/(1+r): in (0, 1) for r > 0 and above 1 for r < 0.
    const double x1 = 0.3 + 1.2 * u();
    const double gap = gaps[static_cast<std::size_t>(trial) % gaps.size()];
    std::vector<double> roots{x1, x1 + gap * x1};
    if (trial % 3 == 0) roots.push_back(0.2 + 1.6 * u());  // a third, simple root
    std::vector<double> p = from_roots(trial % 2 == 0 ? -1.0 : 1.0, roots);
    if (trial % 5 == 0) {
      std::vector<double> q(static_cast<std::size_t>(2 + static_cast<int>(u() * 20)));
      for (double& c : q) c = 0.1 + u();
      p = times_positive(p, q);
    }
    INFO("roots ", text(roots));
    compare_periodic(p, tally);
    // The known roots in (0, 1] are found (the positive side's search).
    const detail::UnitRoots found = detail::roots_in_unit_interval({p, {}, false});
    for (const double r : roots) {
      if (r > 1.0) continue;
      const double tolerance = gap < 1e-3 ? 1e-6 : 1e-9;  // a double root is found to about sqrt(eps)
      bool near = false;
      for (const auto& f : found.roots) near = near || std::abs(f.x - r) <= tolerance * r + (gap < 1e-3 ? gap * r : 0.0);
      CHECK_MESSAGE(near, "root ", r, " not found");
    }
  }
  CHECK(tally.touching >= 1);
  CHECK(tally.several_roots >= 200);
}

TEST_CASE("root enumeration: the sign certificates change no root where NPV touches zero within rounding without crossing") {
  // (x − x0)² + d with d from 1e-10 down to below the rounding of p: a pair of complex roots
  // next to the real axis. p stays positive, but within a few ulps of zero near x0 the search
  // sees rounding cross zero, or records a touching root; no certificate may clear a cell it
  // would have found one in.
  Uniform u(20260520);
  Tally tally;
  for (int trial = 0; trial < 400; ++trial) {
    CAPTURE(trial);
    const double x0 = 0.4 + 1.2 * u();
    const double d = std::pow(10.0, -10.0 - 8.0 * u()) * x0 * x0;
    std::vector<double> p{x0 * x0 + d, -2.0 * x0, 1.0};
    std::vector<double> q(static_cast<std::size_t>(1 + static_cast<int>(u() * 25)));
    for (double& c : q) c = 0.1 + u();
    p = times_positive(p, q);
    if (trial % 2 == 1)
      for (double& c : p) c = -c;
    compare_periodic(p, tally);
  }
  CHECK(tally.touching + tally.several_roots >= 20);
}

TEST_CASE("root enumeration: the sign certificates change no root when roots sit exactly on the search grid") {
  // Dyadic roots on the grid i/16 give series whose value there is exactly 0 (every product and
  // sum of these short dyadic coefficients is exact): the search settles them as grid zeros.
  Tally tally;
  const std::vector<std::vector<double>> root_sets{{0.5, 0.75},          {0.25, 0.5, 1.0},   {0.5, 0.5},
                                                   {0.625, 1.25},        {0.1875, 0.8125},   {1.0, 1.0, 0.75},
                                                   {0.5, 2.0},           {0.9375, 0.96875},  {0.0625, 0.125, 0.5}};
  for (const auto& roots : root_sets) {
    INFO("roots ", text(roots));
    for (const double c : {1.0, -3.0}) compare_periodic(from_roots(c, roots), tally);
  }
  CHECK(tally.grid_zeros >= 10);
}

TEST_CASE("root enumeration: the sign certificates change no root of dated flows (xirr's sparse powers)") {
  Uniform u(20260519);
  Tally tally;
  for (int trial = 0; trial < 300; ++trial) {
    CAPTURE(trial);
    const int n = 3 + static_cast<int>(u() * 20);
    std::vector<long> days;
    std::vector<double> amounts;
    long day = 0;
    for (int k = 0; k < n; ++k) {
      days.push_back(day);
      day += 30 + static_cast<long>(u() * 400);
      amounts.push_back(k == 0 ? -100.0 : (u() < 0.3 ? -1.0 : 1.0) * (5.0 + 60.0 * u()));
    }
    if (detail::sign_changes(amounts) < 2) continue;
    ++tally.dated;
    // As xirr() builds them: exponents in days from the first flow, and from the last one reversed.
    std::vector<long> e_pos, e_neg;
    std::vector<double> a_neg(amounts.rbegin(), amounts.rend());
    for (const long d : days) e_pos.push_back(d);
    for (auto it = days.rbegin(); it != days.rend(); ++it) e_neg.push_back(days.back() - *it);
    INFO("amounts ", text(amounts));
    (void)compare({amounts, e_pos, false}, tally);
    (void)compare({a_neg, e_neg, false}, tally);
  }
  CHECK(tally.dated >= 150);
}

}  // TEST_SUITE
