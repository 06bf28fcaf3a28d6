// Metrics against independent reference values: the peers' documented results
// (../shared/references/peer-vectors.yaml, ids quoted) and the worked examples of the Chinese
// method (../shared/references/standards.md §5). Tolerances are stated per check.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "appraise/metrics.hpp"

using namespace appraise;
using V = std::vector<double>;

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

}  // TEST_SUITE
