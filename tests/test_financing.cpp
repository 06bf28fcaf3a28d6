// A small financed project built by hand from the standard's formulas (standards.md §1.2–1.8),
// every statement row checked; a sculpted loan whose DSCR equals its target every year; and
// financing input that must be refused.
#include <doctest/doctest.h>

#include "model_fixtures.hpp"
#include "row_checks.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "appraise/core/units.hpp"
#include "appraise/io/model_loader.hpp"
#include "appraise/project/evaluation.hpp"
#include "appraise/report/statements.hpp"

using namespace appraise;
using V = std::vector<double>;

namespace {

using model_fixtures::load;

std::vector<std::string> errors_of(const std::string& yaml) {
  auto loaded = io::load_model_from_string(yaml, "inline.yaml");
  std::vector<std::string> out;
  for (const auto& d : loaded.diagnostics)
    if (d.severity == Severity::Error) out.push_back(d.field + ": " + d.message.en);
  return out;
}

using row_checks::check_row;

// One construction year (2026) and three operating years (2027–2029).
//   Investment 1200 (fixed asset, 3-year life, no salvage); a loan of 600 at 10% drawn in 2026,
//   construction interest rolled into the loan: q = (0 + 600/2)·10% = 30, balance 630.
//   Repaid in equal principal over 3 years: 210 a year; interest 63, 42, 21.
//   Revenue 1000 a year, operating cost 300, no taxes on revenue, income tax 25%.
//   Working capital 100 in 2027 paid by equity, recovered in 2029.
const char* kSmall = R"yaml(
project:
  name: small
  first_year: 2026
  construction_years: 1
  operation_years: 3
  benchmark_rate: 10%
taxes:
  income_tax_rate: 25%
investment:
  - name: works
    amount: 1200
depreciation:
  life: 3
  salvage: 0%
working_capital:
  amounts: [100]
revenue:
  - name: sales
    amounts: 1000
operating_costs:
  - name: running
    amounts: 300
financing:
  loans:
    - name: bank
      amount: 600
      rate: 10%
      term_years: 3
      repayment: equal_principal
)yaml";

// The fixture of the sculpting tests. With `dscr_tax: adjusted` CFADS does not depend on
// the financing: EBITDA = 1000 - 300 = 700, adjusted tax = (700 - 2000/4)·25% = 50, CFADS = 650 in
// each of 4 years. At DSCR 1.5 the debt service is 650/1.5 a year; at 8% the debt it carries is
// that times (1 - 1.08^-4)/0.08. Construction interest is paid by equity, so the loan owes its
// amount when repayment starts.
double sculpt_capacity() { return 650.0 / 1.5 * (1.0 - std::pow(1.08, -4)) / 0.08; }

std::string sculpt_model(double amount) {
  return R"yaml(
project: {name: sculpt, first_year: 2026, construction_years: 1, operation_years: 4, benchmark_rate: 8%}
taxes: {income_tax_rate: 25%}
investment: [{name: works, amount: 2000}]
depreciation: {life: 4, salvage: 0%}
revenue: [{name: sales, amounts: 1000}]
operating_costs: [{name: running, amounts: 300}]
targets: {dscr: 1.5, dscr_tax: adjusted}
financing:
  construction_interest: equity
  loans: [{name: senior, rate: 8%, term_years: 4, repayment: sculpted, target_dscr: 1.5, amount: )yaml" +
         fmt::format("{:.17g}", amount) + "}]\n";
}

}  // namespace

TEST_SUITE("financing") {

TEST_CASE("a small financed project reproduces every statement row derived by hand") {
  const ProjectModel m = load(kSmall);
  const ProjectResult r = evaluate(m);
  const auto& f = r.financing;

  // Fixed assets: 1200 + 30 capitalised interest = 1230, depreciated 410 a year; before
  // financing (for the adjusted income tax) 1200/3 = 400 a year.
  CHECK(r.fixed_assets_at_opening == doctest::Approx(1230.0).epsilon(1e-12));
  check_row(r.depreciation, {0, 410, 410, 410});
  check_row(r.depreciation_pre_financing, {0, 400, 400, 400});

  // Loan schedule.
  const auto& l = f.loans.at(0);
  check_row(l.draw, {600, 0, 0, 0});
  check_row(l.interest, {30, 63, 42, 21});
  check_row(l.principal, {0, 210, 210, 210});
  check_row(l.closing, {630, 420, 210, 0});

  // Total cost = 300 + 410 + interest; profit = 1000 - total cost; tax 25%.
  check_row(r.total_cost, {0, 773, 752, 731});
  check_row(f.profit_before_tax, {0, 227, 248, 269});
  check_row(f.income_tax, {0, 56.75, 62, 67.25});
  check_row(f.net_profit, {0, 170.25, 186, 201.75});
  check_row(f.statutory_reserve, {0, 17.025, 18.6, 20.175});
  check_row(f.ebit, {0, 290, 290, 290});
  check_row(f.ebitda, {0, 700, 700, 700});

  // Project investment cash flow: pre-tax [-1200, 1000-300-100, 700, 700+100]; adjusted tax
  // = (1000 - 300 - 400)·25% = 75 a year.
  check_row(r.cash_flow.pre_tax, {-1200, 600, 700, 800});
  check_row(r.cash_flow.adjusted_tax, {0, -75, -75, -75});
  check_row(r.cash_flow.post_tax, {-1200, 525, 625, 725});
  check_row(r.cash_flow.working_capital_recovery, {0, 0, 0, 100});

  // Equity cash flow: equity 600 in 2026 and 100 (working capital) in 2027; then revenue less
  // principal, interest, operating cost and actual income tax.
  check_row(f.eq_equity, {-600, -100, 0, 0});
  check_row(f.eq_net, {-600, 1000 - 100 - 210 - 63 - 300 - 56.75, 1000 - 210 - 42 - 300 - 62.0,
                       1000 + 100 - 210 - 21 - 300 - 67.25});

  // Financial plan: operating 1000 - 300 - tax; investing -1200 / -100; financing equity and
  // loan in, interest and principal out.
  check_row(f.op_net, {0, 643.25, 638, 632.75});
  check_row(f.inv_net, {-1200, -100, 0, 0});
  check_row(f.fin_net, {1200, 100 - 63 - 210, -42 - 210, -21 - 210});
  check_row(f.surplus, {0, 370.25, 756.25, 1158});

  // Balance sheet balances every year; at the end: cash 1158 + working capital 100 against
  // capital 700 + retained 558.
  check_row(f.total_assets, {1230, 1258 - 1158 + 370.25 + 820, 756.25 + 100 + 410, 1258});
  for (int t = 0; t < r.years; ++t) CHECK(std::abs(f.total_assets[t] - f.total_liabilities[t] - f.owners_equity[t]) < 1e-9);

  // Coverage: ICR = EBIT / interest; DSCR = (EBITDA - tax) / (principal + interest).
  CHECK(f.icr[1] == doctest::Approx(290.0 / 63).epsilon(1e-12));
  CHECK(f.icr[3] == doctest::Approx(290.0 / 21).epsilon(1e-12));
  CHECK(f.dscr[1] == doctest::Approx((700 - 56.75) / 273).epsilon(1e-12));
  CHECK(f.dscr[2] == doctest::Approx((700 - 62.0) / 252).epsilon(1e-12));
  CHECK(f.dscr[3] == doctest::Approx((700 - 67.25) / 231).epsilon(1e-12));
  CHECK(std::isnan(f.dscr[0]));

  const auto& ind = r.indicators;
  CHECK(*ind.dscr_min.value == doctest::Approx((700 - 56.75) / 273).epsilon(1e-12));
  CHECK(*ind.icr_min.value == doctest::Approx(290.0 / 63).epsilon(1e-12));
  // ROI = average EBIT / (investment + construction interest + working capital) = 290 / 1330.
  CHECK(*ind.roi.value == doctest::Approx(290.0 / 1330).epsilon(1e-12));
  // ROE = average net profit / equity = 186 / 700.
  CHECK(*ind.roe.value == doctest::Approx(186.0 / 700).epsilon(1e-12));
  // FNPV (year-end convention, year 1 discounted once) at 10%.
  const double fnpv = -1200 / 1.1 + 600 / std::pow(1.1, 2) + 700 / std::pow(1.1, 3) + 800 / std::pow(1.1, 4);
  CHECK(ind.fnpv_pre_tax == doctest::Approx(fnpv).epsilon(1e-12));
  // Equity IRR prices the equity flows to zero.
  REQUIRE(ind.equity_irr.rate);
  const double e = *ind.equity_irr.rate;
  const V eq{-600, 270.25, 386, 501.75};
  double pv = 0;
  for (std::size_t k = 0; k < eq.size(); ++k) pv += eq[k] / std::pow(1 + e, static_cast<double>(k));
  CHECK(std::abs(pv) < 1e-9 * 1600);
  CHECK_FALSE(ind.first_deficit_year);
}

TEST_CASE("construction interest paid from equity is not added to the loan but still to the assets") {
  std::string yaml = kSmall;
  yaml.replace(yaml.find("financing:\n"), 11, "financing:\n  construction_interest: equity\n");
  const ProjectResult r = evaluate(load(yaml));
  const auto& l = r.financing.loans.at(0);
  check_row(l.closing, {600, 400, 200, 0});
  check_row(r.financing.equity, {600 + 30, 100, 0, 0});
  CHECK(r.fixed_assets_at_opening == doctest::Approx(1230.0).epsilon(1e-12));
  for (int t = 0; t < r.years; ++t)
    CHECK(std::abs(r.financing.total_assets[t] - r.financing.total_liabilities[t] - r.financing.owners_equity[t]) < 1e-9);
}

TEST_CASE("equity given as amounts by construction year leaves the rest to the loan without an amount") {
  // Investment 1000 in 2026 and 1500 in 2027; equity 300 and 200; the bank draws 700 and 1300.
  // Construction interest at 5%, rolled into the loan: 700/2·5% = 17.5, then
  // (717.5 + 1300/2)·5% = 68.375.
  const ProjectResult r = evaluate(load(R"yaml(
project: {name: x, first_year: 2026, construction_years: 2, operation_years: 5, benchmark_rate: 6%}
investment: [{name: works, amount: 2500, phasing: [40%, 60%]}]
revenue: [{name: sales, amounts: 900}]
financing:
  equity_amounts: [300, 200]
  loans: [{name: bank, rate: 5%, term_years: 5}]
)yaml"));
  check_row(r.financing.loans[0].draw, {700, 1300, 0, 0, 0, 0, 0});
  check_row(r.financing.equity.head(2), {300, 200});
  check_row(r.financing.loans[0].interest.head(2), {17.5, 68.375});
}

TEST_CASE("a sculpted loan sized at its capacity has DSCR equal to the target in every repayment year") {
  // The capacity is the closed form above (sculpt_capacity).
  const double capacity = sculpt_capacity();
  const std::string yaml = sculpt_model(capacity);
  const ProjectResult r = evaluate(load(yaml));
  for (int t = 1; t <= 4; ++t) CHECK(r.financing.dscr[t] == doctest::Approx(1.5).epsilon(1e-6));
  CHECK(r.financing.loans[0].closing[4] == doctest::Approx(0.0).scale(1.0).epsilon(1e-6));
  CHECK(*r.financing.loans[0].sculpted_capacity == doctest::Approx(capacity).epsilon(1e-12));
}

TEST_CASE("the engine's DSCR reproduces DSCR-1 and its ROI reproduces ROI-1 (standards.md §5.5)") {
  SUBCASE("DSCR-1: EBIT 180, D&A 20, tax 37.5, principal 40, interest 30 -> 2.3214") {
    // Built so the first operating year has exactly those figures: a loan of 400 at 7.5%
    // (interest 30) repaid over 10 years (principal 40); construction interest 400/2 × 7.5% = 15
    // paid by equity; fixed assets 485 + 15 = 500 over 25 years (depreciation 20); EBITDA =
    // 300 - 100 = 200, EBIT = 180, profit 150, tax 25% = 37.5.
    const ProjectResult r = evaluate(load(R"yaml(
project: {name: dscr-1, first_year: 2026, construction_years: 1, operation_years: 10, benchmark_rate: 6%}
taxes: {income_tax_rate: 25%}
investment: [{name: works, amount: 485}]
depreciation: {life: 25, salvage: 0%}
revenue: [{name: sales, amounts: 300}]
operating_costs: [{name: running, amounts: 100}]
financing:
  construction_interest: equity
  loans: [{name: bank, amount: 400, rate: 7.5%, term_years: 10, repayment: equal_principal}]
)yaml"));
    CHECK(r.financing.ebit[1] == doctest::Approx(180).epsilon(1e-12));
    CHECK(r.financing.income_tax[1] == doctest::Approx(37.5).epsilon(1e-12));
    CHECK(r.financing.dscr[1] == doctest::Approx((180.0 + 20 - 37.5) / (40 + 30)).epsilon(1e-12));
    CHECK(std::abs(r.financing.dscr[1] - 2.32) < 0.005);  // as printed in the source
  }
  SUBCASE("ROI-1: (average profit 230 + average interest 20) / (2000 + 500) = 10%") {
    // A loan of 1000 at 10% drawn in the construction year: construction interest 1000/2 × 10%
    // = 50, so 建设投资 1950 + 建设期利息 50 = 2000; repaid in the first operating year: interest
    // 100 over 5 years, 20 on average. Depreciation 2000/5 = 400; EBITDA 1000 - 350 = 650, so
    // profits add up to 5 × 650 - 2000 - 100 = 1150, 230 on average. Working capital 500.
    const ProjectResult r = evaluate(load(R"yaml(
project: {name: roi-1, first_year: 2026, construction_years: 1, operation_years: 5, benchmark_rate: 6%}
taxes: {income_tax_rate: 25%}
investment: [{name: works, amount: 1950}]
depreciation: {life: 5, salvage: 0%}
working_capital: {amounts: [500]}
revenue: [{name: sales, amounts: 1000}]
operating_costs: [{name: running, amounts: 350}]
financing:
  construction_interest: equity
  loans: [{name: bank, amount: 1000, rate: 10%, term_years: 1}]
)yaml"));
    CHECK(r.financing.construction_interest.sum() == doctest::Approx(50).epsilon(1e-12));
    CHECK(r.financing.profit_before_tax.sum() == doctest::Approx(1150).epsilon(1e-12));
    CHECK(*r.indicators.roi.value == doctest::Approx(0.10).epsilon(1e-12));
  }
}

TEST_CASE("bad financing input is refused with a clear error") {
  const std::string head = R"yaml(
project: {name: x, first_year: 2026, construction_years: 2, operation_years: 10, benchmark_rate: 6%}
investment: [{name: works, amount: 1000, phasing: [50%, 50%]}]
revenue: [{name: sales, amounts: 300}]
)yaml";
  SUBCASE("equity and loan shares over 100%") {
    const auto e = errors_of(head + R"yaml(
financing:
  equity_share: 40%
  loans: [{name: bank, share: 70%, rate: 5%, term_years: 5}]
)yaml");
    REQUIRE(e.size() == 1);
    CHECK(e[0] == "financing: equity and loan shares add up to 110% of the construction investment");
  }
  SUBCASE("a loan repaid before it is drawn") {
    const auto e = errors_of(head + R"yaml(
financing:
  loans: [{name: bank, amount: 500, rate: 5%, maturity: 2027}]
)yaml");
    REQUIRE(e.size() == 1);
    CHECK(e[0].find("before repayment can start (2028") != std::string::npos);
  }
  SUBCASE("a term past the calculation period") {
    const auto e = errors_of(head + R"yaml(
financing:
  loans: [{name: bank, amount: 500, rate: 5%, grace_years: 2, term_years: 10}]
)yaml");
    REQUIRE(e.size() == 1);
    CHECK(e[0] == "financing.loans[0].term_years: repayment runs to 2039, past the end of the calculation period (2037)");
  }
  SUBCASE("a rate of 5 meaning 5%") {
    const auto e = errors_of(head + R"yaml(
financing:
  loans: [{name: bank, amount: 500, rate: 5, term_years: 5}]
)yaml");
    REQUIRE(e.size() == 1);
    CHECK(e[0] == "financing.loans[0].rate: a rate of 5 would mean 500%");
  }
  SUBCASE("sculpting with no positive cash flow is an evaluation error, not a crash") {
    const std::string yaml = R"yaml(
project: {name: x, first_year: 2026, construction_years: 1, operation_years: 5, benchmark_rate: 6%}
investment: [{name: works, amount: 1000}]
revenue: [{name: sales, amounts: 100}]
operating_costs: [{name: running, amounts: 400}]
financing:
  loans: [{name: bank, amount: 500, rate: 5%, term_years: 5, repayment: sculpted, target_dscr: 1.3}]
)yaml";
    const ProjectModel m = load(yaml);
    CHECK_THROWS_AS((void)evaluate(m), EvaluationError);
  }
}

}  // TEST_SUITE

TEST_CASE("the statutory surplus reserve stops at half the registered capital (公司法第二百一十条)") {
  // All equity, no taxes on revenue: depreciation 1000/4 = 250 a year, so profit before tax =
  // revenue − 250 − 250 and net profit 75% of it; the reserve is 10% of net profit until the
  // reserves reach half the registered capital.
  auto model = [](const std::string& revenue, const std::string& financing) {
    return R"yaml(
project: {name: reserve, first_year: 2026, construction_years: 1, operation_years: 4, benchmark_rate: 8%}
taxes: {income_tax_rate: 25%, vat_rate: 0%, surcharge_rate: 0%}
investment: [{name: works, amount: 1000}]
depreciation: {life: 4, salvage: 0%}
revenue: [{name: sales, amounts: )yaml" + revenue + R"yaml(}]
operating_costs: [{name: running, amounts: 250}]
financing: )yaml" + financing + "\n";
  };
  SUBCASE("registered capital given: 250, so the reserves stop at 125") {
    // Net profit (1500 − 500)·75% = 750, reserve due 75 a year: 75, then 125 − 75 = 50, then none.
    const ProjectModel m = load(model("1500", "{registered_capital: 250}"));
    const ProjectResult r = evaluate(m);
    check_row(r.financing.net_profit, {0, 750, 750, 750, 750});
    check_row(r.financing.statutory_reserve, {0, 75, 50, 0, 0});
    check_row(r.financing.reserves, {0, 75, 125, 125, 125});
    check_row(r.financing.distributable_to_investors, {0, 675, 1375, 2125, 2875});
    CHECK(r.financing.reserve_capped_from == 2);
    bool zh = false, en = false;
    for (const auto& t : statement_tables(m, r))
      for (const auto& n : t.notes)
        if (t.key == "profit_and_distribution") {
          zh = zh || n.zh.find("注册资本 250.00万元（`financing.registered_capital`）的 50%，即 125.00万元 后不再提取：2028年起") != std::string::npos;
          en = en || n.en.find("50% of the registered capital 250.00万元") != std::string::npos;
        }
    CHECK(zh);
    CHECK(en);
  }
  SUBCASE("not given: the project's equity, 1000, so the reserves stop at 500") {
    // Net profit (4500 − 500)·75% = 3000, reserve due 300 a year: 300, then 500 − 300 = 200.
    const ProjectModel m = load(model("4500", "{dividend_share: 0%}"));
    const ProjectResult r = evaluate(m);
    CHECK(r.financing.equity.sum() == doctest::Approx(1000).epsilon(1e-12));
    check_row(r.financing.statutory_reserve, {0, 300, 200, 0, 0});
    check_row(r.financing.reserves, {0, 300, 500, 500, 500});
    bool said = false;
    for (const auto& t : statement_tables(m, r))
      for (const auto& n : t.notes)
        said = said || (t.key == "profit_and_distribution" &&
                        n.zh.find("注册资本按项目资本金 1,000.00万元 计（未给出 `financing.registered_capital`），50% 即 500.00万元：2028年起") !=
                            std::string::npos);
    CHECK(said);
  }
  SUBCASE("a cap that does not bind: 10% a year and no note") {
    const ProjectModel m = load(model("1500", "{registered_capital: 100000}"));
    const ProjectResult r = evaluate(m);
    check_row(r.financing.statutory_reserve, {0, 75, 75, 75, 75});
    CHECK(r.financing.reserve_capped_from == -1);
  }
}

TEST_CASE("a sculpted loan's debt capacity is shown, and a loan above it is flagged") {
  // The capacity is the closed form of sculpt_capacity(); the loan owes its amount when
  // repayment starts.
  const double capacity = sculpt_capacity();
  auto check_of = [](const ProjectResult& r) -> const Check* {
    for (const auto& c : r.checks)
      if (c.name == "debt_capacity") return &c;
    return nullptr;
  };
  auto loan_note = [](const ProjectModel& m, const ProjectResult& r) {
    for (const auto& t : statement_tables(m, r))
      if (t.key == "loan_schedule")
        for (const auto& n : t.notes)
          if (n.zh.find("债务承载能力") != std::string::npos) return n;
    return Message{};
  };
  SUBCASE("above: 10% more than the capacity") {
    const double amount = 1.1 * capacity;
    const ProjectModel m = load(sculpt_model(amount));
    const ProjectResult r = evaluate(m);
    const Check* c = check_of(r);
    REQUIRE(c != nullptr);
    CHECK_FALSE(c->passed);
    CHECK(*c->value == doctest::Approx(amount).epsilon(1e-12));
    CHECK(c->threshold == doctest::Approx(capacity).epsilon(1e-12));
    const std::string excess = format_money(round_up_to_cent(amount - capacity));
    CHECK(c->message_zh.find(fmt::format("高于按目标偿债备付率 1.50 测算的债务承载能力 {}万元", format_money(capacity))) != std::string::npos);
    CHECK(c->message_zh.find("借款余额需减少 " + excess + "万元") != std::string::npos);
    CHECK(c->message_en.find("more than its debt capacity at the target DSCR 1.50") != std::string::npos);
    const Message note = loan_note(m, r);
    CHECK(note.zh.find(fmt::format("= {}万元；还款开始时借款余额 {}万元，超过承载能力 {}万元", format_money(capacity),
                                   format_money(amount), excess)) != std::string::npos);
    CHECK(note.en.find("its debt capacity") != std::string::npos);
    const auto j = indicators_json(m, r);
    REQUIRE(j["sculpted_loans"].size() == 1);
    CHECK(j["sculpted_loans"][0]["loan"] == "senior");
    CHECK(j["sculpted_loans"][0]["debt_capacity"].get<double>() == doctest::Approx(capacity).epsilon(1e-12));
    CHECK(j["sculpted_loans"][0]["balance_at_repayment_start"].get<double>() == doctest::Approx(amount).epsilon(1e-12));
  }
  SUBCASE("at the capacity: within it") {
    const ProjectModel m = load(sculpt_model(capacity));
    const ProjectResult r = evaluate(m);
    const Check* c = check_of(r);
    REQUIRE(c != nullptr);
    CHECK(c->passed);
    CHECK(loan_note(m, r).zh.find("超过承载能力") == std::string::npos);
  }
}
