// Debt rules against the worked examples of the Chinese method (../shared/references/standards.md
// §5.1 construction interest CI-1..CI-7, §5.2 repayment schedules RP-1..RP-4) and against the
// spreadsheet functions IPMT/PPMT.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "appraise/project/debt.hpp"
#include "appraise/core/tvm.hpp"

using namespace appraise;
using V = std::vector<double>;

namespace {

// Runs a predetermined repayment rule over n years from `initial`, as the financing loop does:
// interest on the opening balance, then the rule's principal.
struct Schedule {
  V interest, principal;
};

Schedule run(Repayment rule, double rate, double initial, int n, const V& shares = {}) {
  Schedule s;
  double balance = initial;
  for (int k = 1; k <= n; ++k) {
    s.interest.push_back(balance * rate);
    const double p = scheduled_principal(rule, rate, initial, balance, k, n, shares);
    s.principal.push_back(p);
    balance -= p;
  }
  return s;
}

}  // namespace

TEST_SUITE("debt") {

TEST_CASE("construction interest follows the mid-year draw rule (CI-1..CI-7)") {
  // Each expected value is printed in standards.md §5.1; where the source rounds to 0.01 the
  // tolerance is 0.005 absolute, where the recomputed value (C) is given to 4 decimals 5e-5.
  SUBCASE("CI-1: 400, 800, 500 at 5% -> 10, 40.5, 75.025 (total 125.525)") {
    const auto q = construction_interest(V{400, 800, 500}, 0.05, true);
    CHECK(q[0] == doctest::Approx(10.0).epsilon(1e-12));
    CHECK(q[1] == doctest::Approx(40.5).epsilon(1e-12));
    CHECK(q[2] == doctest::Approx(75.025).epsilon(1e-12));
  }
  SUBCASE("CI-2: 300, 600, 400 at 12% -> 18, 74.16, 143.0592") {
    const auto q = construction_interest(V{300, 600, 400}, 0.12, true);
    CHECK(q[0] == doctest::Approx(18.0).epsilon(1e-12));
    CHECK(q[1] == doctest::Approx(74.16).epsilon(1e-12));
    CHECK(q[2] == doctest::Approx(143.0592).epsilon(1e-12));
  }
  SUBCASE("CI-3: 300, 400, 300 at 5.6% -> 8.4, 28.4704, 49.6647; balance 1086.5351") {
    const auto q = construction_interest(V{300, 400, 300}, 0.056, true);
    CHECK(q[0] == doctest::Approx(8.4).epsilon(1e-12));
    CHECK(q[1] == doctest::Approx(28.4704).epsilon(1e-12));
    CHECK(std::abs(q[2] - 49.6647) < 5e-5);
    CHECK(std::abs(1000 + q[0] + q[1] + q[2] - 1086.5351) < 5e-5);
  }
  SUBCASE("CI-4: 5000, 5000 at 6% -> 150, 459") {
    const auto q = construction_interest(V{5000, 5000}, 0.06, true);
    CHECK(q[0] == doctest::Approx(150.0).epsilon(1e-12));
    CHECK(q[1] == doctest::Approx(459.0).epsilon(1e-12));
  }
  SUBCASE("CI-5: 500, 500 at 6% -> 15, 45.9") {
    const auto q = construction_interest(V{500, 500}, 0.06, true);
    CHECK(q[0] == doctest::Approx(15.0).epsilon(1e-12));
    CHECK(q[1] == doctest::Approx(45.9).epsilon(1e-12));
  }
  SUBCASE("CI-6: 2600, 3900 at 7% -> 91, 324.87") {
    const auto q = construction_interest(V{2600, 3900}, 0.07, true);
    CHECK(q[0] == doctest::Approx(91.0).epsilon(1e-12));
    CHECK(q[1] == doctest::Approx(324.87).epsilon(1e-12));
  }
  SUBCASE("CI-7: 1500, 1500 at 10% -> 75, 232.5; P = 3307.5") {
    const auto q = construction_interest(V{1500, 1500}, 0.10, true);
    CHECK(q[0] == doctest::Approx(75.0).epsilon(1e-12));
    CHECK(q[1] == doctest::Approx(232.5).epsilon(1e-12));
  }
  SUBCASE("interest paid from equity does not compound: q2 = (1500 + 750)·10% = 225") {
    const auto q = construction_interest(V{1500, 1500}, 0.10, false);
    CHECK(q[1] == doctest::Approx(225.0).epsilon(1e-12));
  }
}

TEST_CASE("equal instalments reproduce RP-1 (P = 1060.9, 6%, 3 years)") {
  CHECK(level_debt_service(1060.9, 0.06, 3) == doctest::Approx(396.8931).epsilon(1e-7));
  const auto s = run(Repayment::EqualPayment, 0.06, 1060.9, 3);
  const V interest{63.6540, 43.6597, 22.4656}, principal{333.2391, 353.2334, 374.4275};
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(std::abs(s.interest[k] - interest[k]) < 5e-5);
    CHECK(std::abs(s.principal[k] - principal[k]) < 5e-5);
    CHECK(s.interest[k] + s.principal[k] == doctest::Approx(396.8931).epsilon(1e-7));
  }
}

TEST_CASE("equal instalments reproduce RP-2 (P = 3182.7, 6%, 5 years)") {
  const auto s = run(Repayment::EqualPayment, 0.06, 3182.7, 5);
  const V interest{190.962, 157.086, 121.1775, 83.1145, 42.7676};
  const V principal{564.5995, 598.4755, 634.384, 672.4471, 712.7939};
  for (std::size_t k = 0; k < 5; ++k) {
    CHECK(std::abs(s.interest[k] - interest[k]) < 5e-4);
    CHECK(std::abs(s.principal[k] - principal[k]) < 5e-4);
  }
}

TEST_CASE("equal principal reproduces RP-3 and RP-4") {
  const auto a = run(Repayment::EqualPrincipal, 0.10, 3307.5, 5);
  const V ia{330.75, 264.6, 198.45, 132.3, 66.15};
  for (std::size_t k = 0; k < 5; ++k) {
    CHECK(a.principal[k] == doctest::Approx(661.5).epsilon(1e-12));
    CHECK(a.interest[k] == doctest::Approx(ia[k]).epsilon(1e-12));
  }
  const auto b = run(Repayment::EqualPrincipal, 0.07, 10415.87, 4);
  CHECK(std::abs(b.principal[0] - 2603.97) < 0.005);  // printed to 0.01
  CHECK(std::abs(b.interest[2] - 364.56) < 0.005);     // the 3rd repayment year's interest [V]
  const V ib{729.1109, 546.8332, 364.5555, 182.2777};
  for (std::size_t k = 0; k < 4; ++k) CHECK(std::abs(b.interest[k] - ib[k]) < 5e-5);
}

TEST_CASE("an equal-payment schedule agrees with the spreadsheet IPMT and PPMT every year") {
  const double P = 86205.62, i = 0.039;
  const int n = 18;
  const auto s = run(Repayment::EqualPayment, i, P, n);
  for (int k = 1; k <= n; ++k) {
    CHECK(s.interest[k - 1] == doctest::Approx(-ipmt(i, k, n, P)).epsilon(1e-10));
    CHECK(s.principal[k - 1] == doctest::Approx(-ppmt(i, k, n, P)).epsilon(1e-10));
  }
}

TEST_CASE("bullet and custom schedules repay what they say, and the last year clears the balance") {
  const auto bullet = run(Repayment::Bullet, 0.03, 1000, 5);
  CHECK(bullet.principal == V{0, 0, 0, 0, 1000});
  const auto custom = run(Repayment::Custom, 0.03, 1000, 4, V{0.1, 0.2, 0.3, 0.4});
  CHECK(custom.principal[0] == doctest::Approx(100).epsilon(1e-12));
  CHECK(custom.principal[1] == doctest::Approx(200).epsilon(1e-12));
  CHECK(custom.principal[2] == doctest::Approx(300).epsilon(1e-12));
  CHECK(custom.principal[3] == doctest::Approx(400).epsilon(1e-12));
}

TEST_CASE("sculpted debt capacity is the present value of CFADS over the target DSCR") {
  // CFADS 130 for 3 years at DSCR 1.3 -> debt service 100 a year; at 5% the PV is
  // 100·(1 - 1.05^-3)/0.05 = 272.3248...
  const double cap = sculpted_debt_capacity(V{130, 130, 130}, 0.05, 1.3);
  CHECK(cap == doctest::Approx(100.0 * (1.0 - std::pow(1.05, -3)) / 0.05).epsilon(1e-12));
}

}  // TEST_SUITE
