// Reading portfolio files: the example model, defaults, and every kind of bad input reported
// with its place, what was expected, and all at once.
#include <doctest/doctest.h>

#include <string>

#include "appraise/io/portfolio_loader.hpp"

namespace pf = appraise::portfolio;
using appraise::io::load_portfolio;
using appraise::io::load_portfolio_from_string;
using doctest::Approx;

namespace {

// A valid portfolio; each test changes one part.
const std::string header = R"yaml(portfolio:
  name: test
  unit: 万元
  base_year: 2025
  horizon: 5
market:
  bank_loan: 4%
)yaml";

std::string with_debts(const std::string& debts, const std::string& rest = "") {
  return header + "debts:\n" + debts + rest;
}

const std::string one_debt = R"yaml(  - name: A
    kind: bank_loan
    balance: 1000
    rate: 6%
    maturity: 2028
)yaml";

// The messages of all errors, one per line, for readable failures.
std::string messages(const appraise::io::LoadedPortfolio& l) {
  std::string s;
  for (const auto& d : l.diagnostics) s += d.message + "\n";
  return s;
}

}  // namespace

TEST_SUITE("portfolio loader") {

TEST_CASE("the example portfolio loads with its quotas, target and rate paths") {
  const auto l = load_portfolio(std::string(APPRAISE_SOURCE_DIR) + "/models/city-debt.yaml");
  INFO(messages(l));
  REQUIRE(l.portfolio);
  const pf::Portfolio& p = *l.portfolio;
  CHECK(p.base_year == 2025);
  CHECK(p.horizon == 10);
  CHECK(p.debts.size() == 13);
  REQUIRE(p.quotas.size() == 3);
  CHECK(p.quotas[0].year == 2026);
  CHECK(p.quotas[0].coupon == Approx(0.0205).epsilon(1e-15));
  CHECK(p.quotas[0].issuance_cost == Approx(0.0005).epsilon(1e-15));
  REQUIRE(p.target);
  CHECK(p.target->ceiling == Approx(0.035).epsilon(1e-15));
  CHECK(p.target->year == 2027);
  // lpr_5y {2025: 3.5%, 2026: 3.4%, 2027: 3.3%}: 2030 keeps 3.3%.
  const auto& lpr = p.reference_rates.at("lpr_5y");
  CHECK(lpr[0] == Approx(0.035).epsilon(1e-15));
  CHECK(lpr[1] == Approx(0.034).epsilon(1e-15));
  CHECK(lpr[5] == Approx(0.033).epsilon(1e-15));
  // platform_bond {2026: 4.6%, 2028: 4.3%}: 2025 is not needed; 2027 keeps 4.6%.
  const auto& platform = *p.rollover_rates[static_cast<std::size_t>(pf::DebtKind::PlatformBond)];
  CHECK(platform[2] == Approx(0.046).epsilon(1e-15));
  CHECK(platform[3] == Approx(0.043).epsilon(1e-15));
  // Legal bonds are not eligible by default; hidden debt is.
  CHECK_FALSE(p.debts[0].eligible);
  CHECK(p.debts[3].eligible);
  CHECK(p.debts[3].rate.reference == "lpr_5y");
  CHECK(p.debts[3].rate.spread == Approx(0.0045).epsilon(1e-15));
  // The schedule that reaches 0 in 2028 matures then.
  CHECK(p.debts[9].amortisation == pf::Amortisation::Schedule);
  CHECK(p.debts[9].maturity_year == 2028);
  CHECK(p.debts.back().at_maturity == pf::AtMaturity::Repay);
}

TEST_CASE("defaults: bullet repayment, no fees, rolled over, nominal year-end cost") {
  const auto l = load_portfolio_from_string(with_debts(one_debt), "inline.yaml");
  INFO(messages(l));
  REQUIRE(l.portfolio);
  const auto& d = l.portfolio->debts[0];
  CHECK(d.amortisation == pf::Amortisation::Bullet);
  CHECK(d.fee_rate == 0.0);
  CHECK(d.prepayment_penalty == 0.0);
  CHECK(d.at_maturity == pf::AtMaturity::RollOver);
  CHECK(d.eligible);
  CHECK(l.portfolio->cost.measure == pf::CostMeasure::Nominal);
  CHECK(l.portfolio->cost.basis == pf::BalanceBasis::YearEnd);
  CHECK_FALSE(l.portfolio->target);
}

TEST_CASE("a negative balance is an error at its value") {
  const auto l = load_portfolio_from_string(with_debts(R"yaml(  - name: A
    kind: bank_loan
    balance: -1000
    rate: 6%
    maturity: 2028
)yaml"),
                                            "inline.yaml");
  REQUIRE_FALSE(l.portfolio);
  REQUIRE(l.diagnostics.error_count() == 1);
  const auto& e = l.diagnostics.front();
  CHECK(e.location->line == 11);
  CHECK(e.location->column == 14);
  CHECK(e.field == "debts[0].balance");
  CHECK(e.message == "-1000 is negative");
  CHECK(e.expected == "an outstanding balance in 万元 (0 or more)");
}

TEST_CASE("a rate of 5 is refused with the hint to write 5%") {
  const auto l = load_portfolio_from_string(with_debts(R"yaml(  - name: A
    kind: bank_loan
    balance: 1000
    rate: 5
    maturity: 2028
)yaml"),
                                            "inline.yaml");
  REQUIRE_FALSE(l.portfolio);
  REQUIRE(l.diagnostics.error_count() == 1);
  const auto& e = l.diagnostics.front();
  CHECK(e.location->line == 12);
  CHECK(e.field == "debts[0].rate");
  CHECK(e.message == "a rate of 5 would mean 500%");
  CHECK(e.hint.find("`5%`") != std::string::npos);
  // And a rate that parses but cannot be meant: 35%.
  const auto high = load_portfolio_from_string(with_debts(R"yaml(  - {name: A, kind: bank_loan, balance: 1000, rate: 35%, maturity: 2028}
)yaml"),
                                               "inline.yaml");
  REQUIRE_FALSE(high.portfolio);
  CHECK(high.diagnostics.front().message == "35% is above the largest allowed value, 30%");
}

TEST_CASE("a maturity in the past is an error that says why") {
  const auto l = load_portfolio_from_string(with_debts(R"yaml(  - name: A
    kind: bank_loan
    balance: 1000
    rate: 6%
    maturity: 2023
)yaml"),
                                            "inline.yaml");
  REQUIRE_FALSE(l.portfolio);
  REQUIRE(l.diagnostics.error_count() == 1);
  const auto& e = l.diagnostics.front();
  CHECK(e.location->line == 13);
  CHECK(e.message == "maturity 2023 is not after the base year 2025");
  CHECK(e.expected == "a year after 2025");
  CHECK(e.hint.find("no longer outstanding") != std::string::npos);
}

TEST_CASE("a quota with no eligible debt to replace is an error at the quota") {
  SUBCASE("no debt is eligible") {
    const auto l = load_portfolio_from_string(header + R"yaml(quotas:
  - {year: 2026, amount: 500, coupon: 2%, term: 10}
debts:
  - {name: G, kind: general_bond, balance: 1000, rate: 3%, maturity: 2040}
)yaml",
                                              "inline.yaml");
    REQUIRE_FALSE(l.portfolio);
    REQUIRE(l.diagnostics.error_count() == 1);
    const auto& e = l.diagnostics.front();
    CHECK(e.location->line == 9);
    CHECK(e.message == "the quota for 2026 has no eligible debt to replace: no debt is eligible");
    CHECK(e.hint.find("eligible: true") != std::string::npos);
  }
  SUBCASE("every eligible debt is repaid before the quota's year") {
    const auto l = load_portfolio_from_string(header + R"yaml(quotas:
  - {year: 2028, amount: 500, coupon: 2%, term: 10}
debts:
  - {name: A, kind: bank_loan, balance: 1000, rate: 6%, maturity: 2026, at_maturity: repay}
)yaml",
                                              "inline.yaml");
    REQUIRE_FALSE(l.portfolio);
    CHECK(l.diagnostics.front().message ==
          "the quota for 2028 has no eligible debt to replace: every eligible debt is repaid by then");
  }
}

TEST_CASE("unknown keys are errors with the closest known key") {
  const auto l = load_portfolio_from_string(with_debts(R"yaml(  - name: A
    kind: bank_loan
    balance: 1000
    rate: 6%
    maturity: 2028
    prepayment_penalti: 2%
)yaml"),
                                            "inline.yaml");
  REQUIRE_FALSE(l.portfolio);
  REQUIRE(l.diagnostics.error_count() == 1);
  CHECK(l.diagnostics.front().location->line == 14);
  CHECK(l.diagnostics.front().message == "unknown key `prepayment_penalti` in `debts[0]`");
  CHECK(l.diagnostics.front().hint.find("did you mean `prepayment_penalty`?") == 0);
}

TEST_CASE("an empty horizon is an error, not the default") {
  const auto l = load_portfolio_from_string("portfolio: {base_year: 2025, horizon: }\ndebts:\n" + one_debt, "e.yaml");
  REQUIRE_FALSE(l.portfolio);
  REQUIRE(l.diagnostics.error_count() == 1);
  CHECK(l.diagnostics.front().message == "`horizon` is empty");
}

TEST_CASE("an empty file, a list at the top and no debts are errors") {
  CHECK(load_portfolio_from_string("", "e.yaml").diagnostics.front().message == "the file is empty");
  CHECK_FALSE(load_portfolio_from_string("- a\n- b\n", "e.yaml").portfolio);
  const auto none = load_portfolio_from_string(header + "debts: []\n", "e.yaml");
  REQUIRE_FALSE(none.portfolio);
  CHECK(none.diagnostics.front().message == "no debts are listed");
  const auto missing = load_portfolio_from_string(header, "e.yaml");
  REQUIRE_FALSE(missing.portfolio);
  CHECK(missing.diagnostics.front().message.find("no `debts` section") != std::string::npos);
}

TEST_CASE("every problem is reported in one pass") {
  const auto l = load_portfolio_from_string(with_debts(R"yaml(  - {name: A, kind: bank_loan, balance: -5, rate: 6%, maturity: 2028}
  - {name: B, kind: bank_laon, balance: 100, rate: 7, maturity: 2020}
  - {name: A, kind: trust, balance: 100, rate: 7%, maturity: 2029}
)yaml",
                                                       "target: {ceiling: 3.5%, by: 2040}\n"),
                                            "inline.yaml");
  REQUIRE_FALSE(l.portfolio);
  const std::string m = messages(l);
  INFO(m);
  // Seven: the third debt is a trust (non-standard) maturing within the horizon with no market
  // rate to roll over at, which is reported too.
  CHECK(l.diagnostics.error_count() == 7);
  CHECK(m.find("-5 is negative") != std::string::npos);
  CHECK(m.find("`bank_laon` is not one of the accepted values") != std::string::npos);
  CHECK(m.find("a rate of 7 would mean 700%") != std::string::npos);
  CHECK(m.find("maturity 2020 is not after the base year 2025") != std::string::npos);
  CHECK(m.find("debt name `A` is given twice (first on line 9)") != std::string::npos);
  CHECK(m.find("2040 is outside the horizon") != std::string::npos);
  CHECK(m.find("`market` gives no rate for non_standard") != std::string::npos);
}

TEST_CASE("a debt that rolls over needs a market rate for its kind") {
  const auto l = load_portfolio_from_string(with_debts(R"yaml(  - {name: T, kind: non_standard, balance: 100, rate: 8%, maturity: 2027}
  - {name: U, kind: non_standard, balance: 100, rate: 8%, maturity: 2028}
  - {name: R, kind: non_standard, balance: 100, rate: 8%, maturity: 2027, at_maturity: repay}
  - {name: L, kind: non_standard, balance: 100, rate: 8%, maturity: 2035}
)yaml"),
                                            "inline.yaml");
  REQUIRE_FALSE(l.portfolio);
  // Once per kind, at the first debt that needs it.
  REQUIRE(l.diagnostics.error_count() == 1);
  CHECK(l.diagnostics.front().location->line == 9);
  CHECK(l.diagnostics.front().message ==
        "debt `T` (non_standard) has principal falling due by 2030 that rolls over, but `market` gives no rate for "
        "non_standard");
}

TEST_CASE("a floating rate must name a reference path that exists") {
  const auto l = load_portfolio_from_string(header + R"yaml(reference_rates:
  lpr_5y: {2025: 3.5%, 2027: 3.3%}
debts:
  - name: F
    kind: bank_loan
    balance: 100
    rate: {reference: lpr5y, spread: 0.5%}
    maturity: 2028
)yaml",
                                            "inline.yaml");
  REQUIRE_FALSE(l.portfolio);
  REQUIRE(l.diagnostics.error_count() == 1);
  CHECK(l.diagnostics.front().message == "no reference rate is called `lpr5y`");
  CHECK(l.diagnostics.front().hint == "did you mean `lpr_5y`?");
}

TEST_CASE("a rate path must start by the first year that needs it") {
  const auto l = load_portfolio_from_string(header + R"yaml(reference_rates:
  lpr_5y: {2026: 3.5%}
debts:
  - {name: F, kind: bank_loan, balance: 100, rate: {reference: lpr_5y, spread: 0.5%}, maturity: 2028}
)yaml",
                                            "inline.yaml");
  REQUIRE_FALSE(l.portfolio);
  CHECK(l.diagnostics.front().message == "the rates start in 2026, but a rate is needed from 2025");
}

TEST_CASE("repayment schedules must not rise, run year by year and end") {
  SUBCASE("a rising balance") {
    const auto l = load_portfolio_from_string(with_debts(R"yaml(  - {name: S, kind: bank_loan, balance: 100, rate: 5%, repayment: schedule, balances: {2026: 80, 2027: 90, 2028: 0}}
)yaml"),
                                              "inline.yaml");
    REQUIRE_FALSE(l.portfolio);
    CHECK(l.diagnostics.front().message == "the balance rises from 80 to 90");
  }
  SUBCASE("a gap in the years") {
    const auto l = load_portfolio_from_string(with_debts(R"yaml(  - {name: S, kind: bank_loan, balance: 100, rate: 5%, repayment: schedule, balances: {2026: 80, 2028: 0}}
)yaml"),
                                              "inline.yaml");
    REQUIRE_FALSE(l.portfolio);
    CHECK(l.diagnostics.front().message == "year 2028 is out of order");
  }
  SUBCASE("something left with no maturity") {
    const auto l = load_portfolio_from_string(with_debts(R"yaml(  - {name: S, kind: bank_loan, balance: 100, rate: 5%, repayment: schedule, balances: {2026: 80}}
)yaml"),
                                              "inline.yaml");
    REQUIRE_FALSE(l.portfolio);
    CHECK(l.diagnostics.front().message == "80 is still owed after 2026, and no maturity says when it falls due");
  }
  SUBCASE("balances for a bullet") {
    const auto l = load_portfolio_from_string(with_debts(R"yaml(  - {name: S, kind: bank_loan, balance: 100, rate: 5%, maturity: 2028, balances: {2026: 80}}
)yaml"),
                                              "inline.yaml");
    REQUIRE_FALSE(l.portfolio);
    CHECK(l.diagnostics.front().message == "`balances` applies only to `repayment: schedule`");
  }
}

TEST_CASE("quota and target years must lie within the horizon, one quota a year") {
  const auto l = load_portfolio_from_string(with_debts(one_debt, R"yaml(quotas:
  - {year: 2025, amount: 100, coupon: 2%, term: 10}
  - {year: 2027, amount: 100, coupon: 2%, term: 10}
  - {year: 2027, amount: 100, coupon: 2%, term: 0}
target: {ceiling: 3.5, by: 2026}
)yaml"),
                                            "inline.yaml");
  REQUIRE_FALSE(l.portfolio);
  const std::string m = messages(l);
  INFO(m);
  CHECK(m.find("2025 is outside the horizon") != std::string::npos);
  CHECK(m.find("a quota for 2027 is already given on line 16") != std::string::npos);
  CHECK(m.find("0 is below the smallest allowed value, 1") != std::string::npos);
  CHECK(m.find("a rate of 3.5 would mean 350%") != std::string::npos);
}

TEST_CASE("a fiscal threshold needs the figure its ratio is computed from") {
  const auto l = load_portfolio_from_string(with_debts(one_debt, R"yaml(fiscal:
  budget_revenue: 500
  thresholds: {repayment_coverage: 1.0, debt_ratio: 120%}
)yaml"),
                                            "inline.yaml");
  REQUIRE_FALSE(l.portfolio);
  REQUIRE(l.diagnostics.error_count() == 1);
  CHECK(l.diagnostics.front().message == "the debt_ratio threshold needs `fiscal.fiscal_capacity`");
  CHECK(l.diagnostics.front().location->line == 16);
}

}  // TEST_SUITE
