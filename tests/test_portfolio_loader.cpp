// Reading portfolio files: the example model, defaults, and every kind of bad input reported
// with its place, what was expected, and all at once.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
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
  for (const auto& d : l.diagnostics) s += d.message.en + "\n";
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
  CHECK(e.message.en == "-1000 is negative");
  CHECK(e.expected.en == "an outstanding balance in 万元 (0 or more)");
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
  CHECK(e.message.en == "a rate of 5 would mean 500%");
  CHECK(e.hint.en.find("`5%`") != std::string::npos);
  // And a rate that parses but cannot be meant: 35%.
  const auto high = load_portfolio_from_string(with_debts(R"yaml(  - {name: A, kind: bank_loan, balance: 1000, rate: 35%, maturity: 2028}
)yaml"),
                                               "inline.yaml");
  REQUIRE_FALSE(high.portfolio);
  CHECK(high.diagnostics.front().message.en == "35% is above the largest allowed value, 30%");
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
  CHECK(e.message.en == "maturity 2023 is not after the base year 2025");
  CHECK(e.expected.en == "a year after 2025");
  CHECK(e.hint.en.find("no longer outstanding") != std::string::npos);
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
    CHECK(e.message.en == "the quota for 2026 has no eligible debt to replace: no debt is eligible");
    CHECK(e.hint.en.find("eligible: true") != std::string::npos);
  }
  SUBCASE("every eligible debt is repaid before the quota's year") {
    const auto l = load_portfolio_from_string(header + R"yaml(quotas:
  - {year: 2028, amount: 500, coupon: 2%, term: 10}
debts:
  - {name: A, kind: bank_loan, balance: 1000, rate: 6%, maturity: 2026, at_maturity: repay}
)yaml",
                                              "inline.yaml");
    REQUIRE_FALSE(l.portfolio);
    CHECK(l.diagnostics.front().message.en ==
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
  CHECK(l.diagnostics.front().message.en == "unknown key `prepayment_penalti` in `debts[0]`");
  CHECK(l.diagnostics.front().hint.en.find("did you mean `prepayment_penalty`?") == 0);
}

TEST_CASE("an empty horizon is an error, not the default") {
  const auto l = load_portfolio_from_string("portfolio: {base_year: 2025, horizon: }\ndebts:\n" + one_debt, "e.yaml");
  REQUIRE_FALSE(l.portfolio);
  REQUIRE(l.diagnostics.error_count() == 1);
  CHECK(l.diagnostics.front().message.en == "`horizon` is empty");
}

TEST_CASE("an empty file, a list at the top and no debts are errors") {
  CHECK(load_portfolio_from_string("", "e.yaml").diagnostics.front().message.en == "the file is empty");
  CHECK_FALSE(load_portfolio_from_string("- a\n- b\n", "e.yaml").portfolio);
  const auto none = load_portfolio_from_string(header + "debts: []\n", "e.yaml");
  REQUIRE_FALSE(none.portfolio);
  CHECK(none.diagnostics.front().message.en == "no debts are listed");
  const auto missing = load_portfolio_from_string(header, "e.yaml");
  REQUIRE_FALSE(missing.portfolio);
  CHECK(missing.diagnostics.front().message.en.find("no `debts` section") != std::string::npos);
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
  CHECK(l.diagnostics.front().message.en ==
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
  CHECK(l.diagnostics.front().message.en == "no reference rate is called `lpr5y`");
  CHECK(l.diagnostics.front().hint.en == "did you mean `lpr_5y`?");
}

TEST_CASE("a rate path must start by the first year that needs it") {
  const auto l = load_portfolio_from_string(header + R"yaml(reference_rates:
  lpr_5y: {2026: 3.5%}
debts:
  - {name: F, kind: bank_loan, balance: 100, rate: {reference: lpr_5y, spread: 0.5%}, maturity: 2028}
)yaml",
                                            "inline.yaml");
  REQUIRE_FALSE(l.portfolio);
  CHECK(l.diagnostics.front().message.en == "the rates start in 2026, but a rate is needed from 2025");
}

TEST_CASE("repayment schedules must not rise, run year by year and end") {
  SUBCASE("a rising balance") {
    const auto l = load_portfolio_from_string(with_debts(R"yaml(  - {name: S, kind: bank_loan, balance: 100, rate: 5%, repayment: schedule, balances: {2026: 80, 2027: 90, 2028: 0}}
)yaml"),
                                              "inline.yaml");
    REQUIRE_FALSE(l.portfolio);
    CHECK(l.diagnostics.front().message.en == "the balance rises from 80 to 90");
  }
  SUBCASE("a gap in the years") {
    const auto l = load_portfolio_from_string(with_debts(R"yaml(  - {name: S, kind: bank_loan, balance: 100, rate: 5%, repayment: schedule, balances: {2026: 80, 2028: 0}}
)yaml"),
                                              "inline.yaml");
    REQUIRE_FALSE(l.portfolio);
    CHECK(l.diagnostics.front().message.en == "year 2028 is out of order");
  }
  SUBCASE("a wrong balance holds its year's place: the years after it are in order") {
    // 2027's balance is refused; 2028 follows it and is not reported out of order.
    const auto l = load_portfolio_from_string(with_debts(R"yaml(  - {name: S, kind: bank_loan, balance: 100, rate: 5%, repayment: schedule, balances: {2026: 80, 2027: x, 2028: 0}}
)yaml"),
                                              "inline.yaml");
    REQUIRE_FALSE(l.portfolio);
    INFO(messages(l));
    REQUIRE(l.diagnostics.error_count() == 1);
    CHECK(l.diagnostics.front().message.en == "`x` is not a number");
    CHECK(l.diagnostics.front().field == "debts[0].balances.2027");
  }
  SUBCASE("something left with no maturity") {
    const auto l = load_portfolio_from_string(with_debts(R"yaml(  - {name: S, kind: bank_loan, balance: 100, rate: 5%, repayment: schedule, balances: {2026: 80}}
)yaml"),
                                              "inline.yaml");
    REQUIRE_FALSE(l.portfolio);
    CHECK(l.diagnostics.front().message.en == "80 is still owed after 2026, and no maturity says when it falls due");
  }
  SUBCASE("balances for a bullet") {
    const auto l = load_portfolio_from_string(with_debts(R"yaml(  - {name: S, kind: bank_loan, balance: 100, rate: 5%, maturity: 2028, balances: {2026: 80}}
)yaml"),
                                              "inline.yaml");
    REQUIRE_FALSE(l.portfolio);
    CHECK(l.diagnostics.front().message.en == "`balances` applies only to `repayment: schedule`");
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
  CHECK(l.diagnostics.front().message.en == "the debt_ratio threshold needs `fiscal.fiscal_capacity`");
  CHECK(l.diagnostics.front().location->line == 16);
}

TEST_CASE("a fiscal ratio threshold is refused as a ratio, with a ratio's example") {
  // 债务率 120% is a ratio, which may be written 1.2; before, `abc` was "not a rate" and the
  // expected form "a ratio such as 120% such as `6%` or `0.06`".
  const auto l = load_portfolio_from_string(with_debts(one_debt, R"yaml(fiscal:
  fiscal_capacity: 800
  thresholds: {debt_ratio: abc, interest_ratio: xyz}
)yaml"),
                                            "inline.yaml");
  REQUIRE(l.diagnostics.error_count() == 2);
  const auto& debt = l.diagnostics.items()[0];
  CHECK(debt.message.en == "`abc` is not a number");
  CHECK(debt.expected.en == "a ratio such as `120%`");
  CHECK(debt.expected.zh == "比率，如 `120%`");
  const auto& interest = l.diagnostics.items()[1];
  CHECK(interest.expected.en == "a ratio such as `10%`");
  const auto ok = load_portfolio_from_string(with_debts(one_debt, "fiscal:\n  fiscal_capacity: 800\n  thresholds: {debt_ratio: 1.2}\n"),
                                             "inline.yaml");
  INFO(messages(ok));
  REQUIRE(ok.portfolio);
  CHECK(ok.portfolio->fiscal.max_debt_ratio == 1.2);
}



// ---- debt ledgers (CSV) ----

namespace {

// A portfolio file `debts: ledger.csv` and its ledger, written to a folder of their own; the
// portfolio as loaded.
appraise::io::LoadedPortfolio with_ledger(const std::string& csv, const std::string& test) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("appraise-ledger-" + test);
  fs::create_directories(dir);
  std::ofstream(dir / "ledger.csv", std::ios::binary) << csv;
  std::ofstream(dir / "portfolio.yaml", std::ios::binary) << header << "debts: ledger.csv\n";
  return load_portfolio((dir / "portfolio.yaml").string());
}

}  // namespace

TEST_CASE("a （%） rate column holding fractions is refused; a concessional rate below 1% is not") {
  const char* head = "name,kind,balance,利率（%）,maturity\n";
  // A fraction beside percentages: its hundredfold lies within the others (2.35 to 4.9).
  auto l = with_ledger(std::string(head) + "A,bank_loan,100,0.0295,2030\nB,bank_loan,100,2.35,2030\nC,bank_loan,100,4.9,2030\n",
                       "fraction-row");
  REQUIRE_FALSE(l.portfolio);
  REQUIRE(l.diagnostics.error_count() == 1);
  CHECK(l.diagnostics.items()[0].location->line == 2);
  CHECK(l.diagnostics.items()[0].hint.en == "if you mean 2.95%, write `2.95`");
  // A column of fractions: one error at the header.
  l = with_ledger(std::string(head) + "A,bank_loan,100,0.0295,2030\nB,bank_loan,100,0.049,2030\nC,bank_loan,100,0,2030\n",
                  "fraction-column");
  REQUIRE_FALSE(l.portfolio);
  REQUIRE(l.diagnostics.error_count() == 1);
  CHECK(l.diagnostics.items()[0].location->line == 1);
  // A concessional 0.5% beside market rates, and a 0.2% loan alone, are rates as written.
  const std::vector<std::pair<std::string, double>> cases{{"A,bank_loan,100,0.5,2030\nB,bank_loan,100,4.9,2030\n", 0.005},
                                                          {"A,bank_loan,100,0.2,2030\n", 0.002}};
  for (const auto& [rows, rate] : cases) {
    l = with_ledger(std::string(head) + rows, "fraction-none");
    INFO(messages(l));
    REQUIRE(l.portfolio);
    CHECK(l.portfolio->debts[0].rate.fixed == doctest::Approx(rate).epsilon(1e-12));
  }
}

TEST_CASE("a ledger and a YAML list of the same debts load to the same portfolio") {
  // The ledger as Excel's "CSV UTF-8" writes it (byte-order mark, CRLF), Chinese column names
  // and words, percentages in `（%）` columns, a name in quotes holding a comma, a doubled quote
  // and a line break, a floating rate, a schedule and a flag.
  const std::string csv =
      "\xEF\xBB\xBF"
      "债务名称,债务类型,余额（万元）,利率（%）,基准利率,利差（%）,还款方式,到期年份,年末余额计划,可置换\r\n"
      "\"A, \"\"一期\"\"\r\n贷款\",银行贷款,1000,6,,,等额本金,2028,,\r\n"
      "B,城投债,500,,lpr,0.8,,2029,,否\r\n"
      "C,融资租赁,300,5.5,,,按计划还款,,2026: 200; 2027: 100; 2028: 0,\r\n";
  const std::string yaml_debts = R"yaml(  - {name: "A, \"一期\"\n贷款", kind: bank_loan, balance: 1000, rate: 6%, repayment: equal_principal, maturity: 2028}
  - {name: B, kind: platform_bond, balance: 500, rate: {reference: lpr, spread: 0.8%}, maturity: 2029, eligible: false}
  - {name: C, kind: finance_lease, balance: 300, rate: 5.5%, repayment: schedule, balances: {2026: 200, 2027: 100, 2028: 0}}
)yaml";
  const std::string rest = "reference_rates:\n  lpr: 3.5%\nmarket:\n  bank_loan: 4%\n  platform_bond: 4.5%\n  finance_lease: 6%\n";
  // The ledger's portfolio file has the same header and rate paths.
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "appraise-ledger-same";
  fs::create_directories(dir);
  std::ofstream(dir / "ledger.csv", std::ios::binary) << csv;
  const std::string head = "portfolio: {name: test, unit: 万元, base_year: 2025, horizon: 5}\n" + rest;
  std::ofstream(dir / "portfolio.yaml", std::ios::binary) << head << "debts: ledger.csv\n";
  const auto from_ledger = load_portfolio((dir / "portfolio.yaml").string());
  const auto from_yaml = load_portfolio_from_string(head + "debts:\n" + yaml_debts, "inline.yaml");
  INFO(messages(from_ledger), messages(from_yaml));
  REQUIRE(from_ledger.portfolio);
  REQUIRE(from_yaml.portfolio);
  const auto& a = from_ledger.portfolio->debts;
  const auto& b = from_yaml.portfolio->debts;
  REQUIRE(a.size() == 3);
  REQUIRE(b.size() == 3);
  CHECK(a[0].name == "A, \"一期\"\n贷款");
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(a[i].name == b[i].name);
    CHECK(a[i].kind == b[i].kind);
    CHECK(a[i].balance == b[i].balance);
    CHECK(a[i].rate.fixed == b[i].rate.fixed);
    CHECK(a[i].rate.reference == b[i].rate.reference);
    CHECK(a[i].rate.spread == b[i].rate.spread);
    CHECK(a[i].amortisation == b[i].amortisation);
    CHECK(a[i].maturity_year == b[i].maturity_year);
    CHECK(a[i].balances == b[i].balances);
    CHECK(a[i].eligible == b[i].eligible);
  }
  CHECK(a[0].rate.fixed == 0.06);
  CHECK(a[1].rate.spread == 0.008);
  CHECK_FALSE(a[1].eligible);
}

TEST_CASE("a ledger row gets every check a YAML debt gets, with the same words, at its row and column") {
  // Each bad value once in a YAML list and once in a ledger row: the messages, expected forms
  // and hints are the same (one implementation of each rule); only the place differs.
  struct Case {
    const char* yaml;  // the debt's keys after `name: A, kind: bank_loan, `
    const char* csv;   // the row after `A,bank_loan,`, under the header below
  };
  const char* csv_header = "name,kind,balance,rate,maturity,first_repayment,prepayment_penalty\n";
  const Case cases[] = {
      {"balance: -5, rate: 6%, maturity: 2028", "-5,6%,2028,,"},
      {"balance: 100, rate: 5, maturity: 2028", "100,5,2028,,"},
      {"balance: 100, rate: 6%, maturity: 2024", "100,6%,2024,,"},
      {"balance: 100, rate: 6%, maturity: 2028, first_repayment: 2027", "100,6%,2028,2027,"},
      {"balance: 100, rate: 6%, maturity: 2028, prepayment_penalty: 1.5", "100,6%,2028,,1.5"},
      {"balance: 1e20, rate: 6%, maturity: 2028", "1e20,6%,2028,,"},
      {"balance: '10,000', rate: 6%, maturity: 2028", "\"10,000\",6%,2028,,"},
  };
  int k = 0;
  for (const Case& c : cases) {
    CAPTURE(c.yaml);
    const auto yaml = load_portfolio_from_string(with_debts(std::string("  - {name: A, kind: bank_loan, ") + c.yaml + "}\n"),
                                                 "inline.yaml");
    const auto ledger = with_ledger(std::string(csv_header) + "A,bank_loan," + c.csv + "\n", "rule" + std::to_string(k++));
    REQUIRE(yaml.diagnostics.error_count() >= 1);
    REQUIRE(ledger.diagnostics.error_count() == yaml.diagnostics.error_count());
    for (std::size_t i = 0; i < yaml.diagnostics.items().size(); ++i) {
      const auto& y = yaml.diagnostics.items()[i];
      const auto& l = ledger.diagnostics.items()[i];
      CHECK(l.message == y.message);
      CHECK(l.expected == y.expected);
      CHECK(l.hint == y.hint);
      REQUIRE(l.location);
      CHECK(l.location->file.find("ledger.csv") != std::string::npos);
      CHECK(l.location->line == 2);
      // The field is the column as the header names it (here the YAML key), in both languages;
      // the row is the location's line.
      CHECK(l.field == y.field.substr(y.field.rfind('.') + 1));
    }
  }
}

TEST_CASE("a value a ledger row lacks is an empty cell of its column, or a column its header does not have") {
  // The rule is the YAML debt's (MapReader::require: `maturity` is missing in `debts[1]`); a
  // spreadsheet user reads it by the column, so the words are the ledger's, and the expected form
  // stays the rule's own.
  const auto yaml = load_portfolio_from_string(with_debts("  - {name: A, kind: bank_loan, balance: 500, rate: 6%}\n"), "inline.yaml");
  REQUIRE(yaml.diagnostics.error_count() == 1);
  const auto empty = with_ledger("债务名称,债务类型,余额,利率,到期年份\n开发贷款,银行贷款,200,6%,2030\n银行贷款,银行贷款,500,6%,\n", "empty-cell");
  REQUIRE(empty.diagnostics.error_count() == 1);
  const auto& e = empty.diagnostics.front();
  CHECK(e.message.zh == "第 3 行的“到期年份”为空");
  CHECK(e.message.en == "row 3: the 到期年份 cell is empty");
  CHECK(e.field == "到期年份");
  CHECK(e.expected == yaml.diagnostics.front().expected);
  REQUIRE(e.location);
  CHECK(e.location->line == 3);
  // The empty cell, after `银行贷款,银行贷款,500,6%,`: 17 characters (33 bytes), counted as an
  // editor counts them, as every other location is.
  CHECK(e.location->column == 18);
  // A header with a repayment schedule but no maturity column passes the header's check (a
  // scheduled debt needs no maturity); a row without a schedule then needs the column, and so
  // does every such row: one error, at the header, where the column is added.
  struct Absent {
    const char* rows;  // under the header, which has a schedule column and no maturity column
    const char* zh;
    const char* en;
  };
  const Absent cases[] = {
      {"开发贷款,银行贷款,200,6%,schedule,2026: 100; 2027: 0\n银行贷款,银行贷款,500,6%,,\n",
       "第 3 行需要填写“到期年份”（`maturity`），但表头中没有这一列",
       "row 3 needs a 到期年份 (`maturity`), but the header has no such column"},
      {"银行贷款,银行贷款,500,6%,,\n开发贷款,银行贷款,200,6%,schedule,2026: 100; 2027: 0\n信托贷款,信托,300,8%,,\n城投债,城投债,100,5%,,\n",
       "有 3 行需要填写“到期年份”（`maturity`）（第一处是第 2 行），但表头中没有这一列",
       "3 rows, the first of them row 2, need a 到期年份 (`maturity`), but the header has no such column"},
  };
  int k = 0;
  for (const Absent& c : cases) {
    const auto l = with_ledger(std::string("债务名称,债务类型,余额,利率,还款方式,年末余额计划\n") + c.rows, "absent-column" + std::to_string(k++));
    INFO(messages(l));
    REQUIRE(l.diagnostics.error_count() == 1);
    const auto& a = l.diagnostics.front();
    CHECK(a.message.zh == c.zh);
    CHECK(a.message.en == c.en);
    CHECK(a.field == "到期年份");
    CHECK(a.expected == yaml.diagnostics.front().expected);
    REQUIRE(a.location);
    CHECK(a.location->line == 1);  // the header's first cell
    CHECK(a.location->column == 1);
  }
}

TEST_CASE("a ledger's messages quote the planner's text as written, a `debts[0]` in it included") {
  // Only the field path a diagnostic carries is put in the ledger's words; a name or a kind that
  // happens to read like a path is the planner's text, quoted as it is.
  const auto l = with_ledger("债务名称,债务类型,余额,利率,到期年份\n\"贷款 debts[0] 甲\",银行贷款,200,8%,2040\n"
                             "\"贷款 debts[0] 甲\",银行贷款,500,6%,2040\n乙,debts[1],500,6%,2040\n",
                             "path-in-text");
  INFO(messages(l));
  REQUIRE(l.diagnostics.error_count() == 2);
  const auto& twice = l.diagnostics.items()[0];
  CHECK(twice.field == "债务名称");
  CHECK(twice.message.en.find("`贷款 debts[0] 甲`") != std::string::npos);
  CHECK(twice.message.zh.find("`贷款 debts[0] 甲`") != std::string::npos);
  const auto& kind = l.diagnostics.items()[1];
  CHECK(kind.field == "债务类型");
  CHECK(kind.message.en.find("debts[1]") != std::string::npos);
  CHECK(kind.message.zh.find("debts[1]") != std::string::npos);
}

TEST_CASE("a ledger schedule cell that cannot be read is one error, separators alone included") {
  // Before, the cell's own error was followed by the debt's check of a schedule of the wrong shape
  // ("expected year-end balances by year, got a mapping"), and a cell of separators alone (`；；`)
  // got only that second, misleading message. The other rows are still read and checked.
  const char* head = "债务名称,债务类型,余额,利率,还款方式,年末余额计划,到期年份\n";
  const char* other = "银行贷款,银行贷款,300,6%,,,2029\n银行贷款二,银行贷款,-1,6%,,,2029\n";
  struct Case {
    const char* cell;
    const char* zh;
  };
  const Case cases[] = {{"abc", "`abc` 不是“年份: 余额”"},
                        {"；；", "单元格中只有分隔符，没有“年份: 余额”"},
                        {"2026: 100; x; 2027: 0", "`x` 不是“年份: 余额”"}};
  int k = 0;
  for (const Case& c : cases) {
    CAPTURE(c.cell);
    const auto l = with_ledger(std::string(head) + "开发贷款,银行贷款,200,6%,schedule," + c.cell + ",2030\n" + other,
                               "schedule" + std::to_string(k++));
    REQUIRE(l.diagnostics.error_count() == 2);  // the schedule's, and row 4's negative balance
    const auto& d = l.diagnostics.items()[0];
    CHECK(d.message.zh == c.zh);
    CHECK(d.field == "年末余额计划");
    REQUIRE(d.location);
    CHECK(d.location->line == 2);
    REQUIRE(l.diagnostics.items()[1].location);
    CHECK(l.diagnostics.items()[1].location->line == 4);
  }
}

TEST_CASE("a ledger error names the file, the row, the column by its header and the character column") {
  const auto l = with_ledger("债务名称,债务类型,余额,利率,到期年份\n信托贷款,信托,200,8%,2040\n银行贷款,银行贷款,-500,6%,2040\n",
                             "place");
  REQUIRE(l.diagnostics.error_count() == 1);
  const auto& d = l.diagnostics.front();
  REQUIRE(d.location);
  CHECK(d.location->line == 3);
  CHECK(d.location->column == 11);  // `银行贷款,银行贷款,` is 10 characters
  CHECK(d.location->length == 4);
  CHECK(d.field == "余额");  // the row is the line: 3
  CHECK(d.message.en == "-500 is negative");
  // Row 3 is line 3: the number is said once, not as two that happen to be equal.
  CHECK(d.place.en == "row 3 in Excel or WPS and in a text editor alike");
  CHECK(d.place.zh == "在 Excel、WPS 和文本编辑器中都是第 3 行");
}

TEST_CASE("a ledger error says its row as Excel numbers it beside the file line its record starts on") {
  // Line by line (CRLF, as Excel writes): 1 the header; 2-3 row 2, a name in quotes holding a line
  // break; 4 row 3, blank (Excel shows an empty row); 5 row 4, a negative balance; 6-8 row 5, a
  // name holding two line breaks and a rate of 5.2 on line 8; 9 row 6, a negative balance.
  const auto l = with_ledger(
      "name,kind,balance,rate,maturity\r\n"
      "\"A\r\nsecond line\",bank_loan,100,6%,2030\r\n"
      "\r\n"
      "B,bank_loan,-1,6%,2030\r\n"
      "\"C\r\n\r\nthird\",bank_loan,100,5.2,2030\r\n"
      "D,bank_loan,-3,6%,2030\r\n",
      "rows");
  REQUIRE(l.diagnostics.error_count() == 3);
  std::vector<std::pair<int, std::string>> got;
  for (const auto& d : l.diagnostics) got.emplace_back(d.location ? d.location->line : 0, d.place.en);
  CHECK(got[0] == std::pair<int, std::string>{5, "row 4 in Excel or WPS; line 5 in the file, as a text editor counts"});
  CHECK(got[1] == std::pair<int, std::string>{
                      8, "row 5 in Excel or WPS; in the file, as a text editor counts, that row starts on line 6: a cell in quotes holds a line break"});
  CHECK(got[2] == std::pair<int, std::string>{9, "row 6 in Excel or WPS; line 9 in the file, as a text editor counts"});
  CHECK(l.diagnostics.items()[2].place.zh == "在 Excel 或 WPS 中是第 6 行；按文本编辑器的行号，是文件的第 9 行");
  // A message naming a row names the spreadsheet's row too: the rows of a duplicate name.
  const auto twice = with_ledger("name,kind,balance,rate,maturity\n\"A\nB\",bank_loan,100,6%,2030\n\"A\nB\",bank_loan,100,6%,2030\n",
                                 "rows-twice");
  REQUIRE(twice.diagnostics.error_count() >= 1);
  const auto& d = twice.diagnostics.front();
  INFO(messages(twice));
  REQUIRE(d.location);
  CHECK(d.location->line == 4);
  CHECK(d.place.en == "row 3 in Excel or WPS; in the file, as a text editor counts, that row starts on line 4: a cell in quotes holds a line break");
}

TEST_CASE("a quote never closed is placed at the row it opens") {
  const auto l = with_ledger("name,kind,balance,rate,maturity\n\n\"A,bank_loan,100,6%,2030\nB,bank_loan,1,6%,2030\n", "rows-quote");
  REQUIRE(l.diagnostics.error_count() >= 1);
  bool found = false;
  for (const auto& d : l.diagnostics)
    if (d.message.en == "a cell opens a quote (\") that is never closed") {
      found = true;
      CHECK(d.location->line == 3);
      CHECK(d.place.en == "row 3 in Excel or WPS; in the file, as a text editor counts, that row starts on line 3: a cell in quotes holds a line break");
    }
  CHECK(found);
}

TEST_CASE("what only a ledger can get wrong is reported at its place, every row checked") {
  const auto l = with_ledger(
      "name,kind,balance,rate,reference,spread,maturity\n"
      "A,bank_loan,100,6%,lpr,0.5%,2030\n"       // a fixed and a floating rate (and no path `lpr`)
      "B,bank_loan,100,6%,,0.5%,2030\n"          // a spread with no reference
      "C,bank_loan,100,6%,,,2030,extra\n"        // a value beyond the header
      "\"D\" x,bank_loan,100,6%,,,2030\n"        // text after a closing quote
      "合计,,400,,,,\n",                          // a total row
      "ledger-only");
  const std::string all = messages(l);
  INFO(all);
  CHECK(l.diagnostics.error_count() == 6);
  CHECK(all.find("no reference rate is called `lpr`") != std::string::npos);
  CHECK(all.find("the row gives both a fixed rate and a reference rate") != std::string::npos);
  CHECK(all.find("a spread is given without the reference rate") != std::string::npos);
  CHECK(all.find("row 4 has 8 cells, the header 7: its values are not under their columns") != std::string::npos);
  CHECK(all.find("text after the closing quote") != std::string::npos);
  CHECK(all.find("this row is a total (合计), not a debt") != std::string::npos);
  const std::vector<int> rows{2, 2, 3, 4, 5, 6};  // in row order
  REQUIRE(l.diagnostics.items().size() == rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) CHECK(l.diagnostics.items()[i].location->line == rows[i]);
}

TEST_CASE("a schedule cell may give one year a line, as Alt+Enter writes it in Excel or WPS") {
  // The same schedule three ways: `;` between the years, a line break after each `;`, and a line
  // break alone (CRLF, as Excel saves it).
  const char* head = "name,kind,balance,rate,repayment,balances\r\n";
  const std::vector<double> expected{200, 100, 0};  // the year-end balances of 2026, 2027 and 2028
  int k = 0;
  for (const char* cell : {"2026: 200; 2027: 100; 2028: 0", "\"2026: 200;\r\n2027: 100;\r\n2028: 0\"",
                           "\"2026: 200\r\n 2027: 100\r\n2028: 0\r\n\""}) {
    CAPTURE(cell);
    const auto l = with_ledger(std::string(head) + "A,bank_loan,300,6%,schedule," + cell + "\r\n", "lines" + std::to_string(k++));
    INFO(messages(l));
    REQUIRE(l.portfolio);
    REQUIRE(l.portfolio->debts.size() == 1);
    CHECK(l.portfolio->debts[0].balances == expected);
  }
  // A wrong value on the cell's third line is shown there: line 4 of the file, column 7.
  const auto bad = with_ledger(std::string(head) + "A,bank_loan,300,6%,schedule,\"2026: 200\r\n2027: 100\r\n2028: x\"\r\n", "lines-bad");
  REQUIRE(bad.diagnostics.error_count() == 1);
  const auto& d = bad.diagnostics.front();
  INFO(messages(bad));
  CHECK(d.message.en == "`x` is not a number");
  REQUIRE(d.location);
  CHECK(d.location->line == 4);
  CHECK(d.location->column == 7);  // `2028: ` is 6 characters
  CHECK(d.field == "balances");
}

TEST_CASE("a ledger's header is checked once, not row by row") {
  SUBCASE("misspelt and missing columns") {
    const auto l = with_ledger("name,kind,balanse,rate\nA,bank_loan,100,6%\nB,bank_loan,100,6%\n", "header");
    const std::string all = messages(l);
    INFO(all);
    CHECK(all.find("unknown column `balanse`") != std::string::npos);
    CHECK(l.diagnostics.items()[1].hint.en == "did you mean `balance`?");
    CHECK(all.find("the ledger has no `maturity` column") != std::string::npos);
    CHECK(all.find("no `balance` column") == std::string::npos);  // reported as misspelt instead
    CHECK(l.diagnostics.error_count() == 3);  // the portfolio's `debts:`, and the two above
  }
  SUBCASE("an unclosed quote") {
    const auto l = with_ledger("name,kind,balance,rate,maturity\n\"A,bank_loan,100,6%,2030\n", "quote");
    CHECK(messages(l).find("a cell opens a quote (\") that is never closed") != std::string::npos);
  }
  SUBCASE("a header with no rows") {
    const auto l = with_ledger("name,kind,balance,rate,maturity\n\n", "empty");
    CHECK(messages(l).find("the ledger lists no debts") != std::string::npos);
  }
  SUBCASE("percentages in a `(%)` column") {
    const auto l = with_ledger("name,kind,balance,rate (%),maturity\nA,bank_loan,100,6.5,2030\n", "percent");
    INFO(messages(l));
    REQUIRE(l.portfolio);
    CHECK(l.portfolio->debts[0].rate.fixed == 0.065);
  }
}

}  // TEST_SUITE
