// The totals and conventions of issue 12: 项目总投资使用计划与资金筹措表 adding up, the base of
// the adjusted income tax, draw timing; each expected value derived by hand in the test.
#include <doctest/doctest.h>

#include "model_fixtures.hpp"
#include "row_checks.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "appraise/project/debt.hpp"
#include "appraise/project/evaluation.hpp"
#include "appraise/report/statements.hpp"

using namespace appraise;
using V = std::vector<double>;

namespace {

using model_fixtures::load;

using row_checks::check_row;

// One construction year (2026), three operating years. Investment 1200, salvage 10%, life 3.
// Loan 600 at 10% drawn mid-2026, interest rolled in: q = 600/2 · 10% = 30. A working-capital
// loan of 70 (70% of the working capital of 100), repaid at the end.
const char* kTotals = R"yaml(
project:
  name: totals
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
  salvage: 10%
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
    - name: wc
      kind: working_capital
      share: 70%
      rate: 5%
)yaml";

const report::Table& table_named(const std::vector<report::Table>& tables, const std::string& key) {
  for (const auto& t : tables)
    if (t.key == key) return t;
  FAIL("no table " << key);
  return tables.front();
}

const report::Row& row_named(const report::Table& t, const std::string& key) {
  for (const auto& r : t.rows)
    if (r.key == key) return r;
  FAIL("no row " << key);
  return t.rows.front();
}

}  // namespace

TEST_SUITE("kinds") {

TEST_CASE("the total-investment table adds up to investment, construction interest and working capital") {
  const ProjectModel m = load(kTotals);
  const ProjectResult r = evaluate(m);
  // 总投资 = 1200 + 30 + 100 = 1330.
  CHECK(r.indicators.total_investment == doctest::Approx(1330.0).epsilon(1e-12));
  CHECK(r.indicators.construction_interest_total == doctest::Approx(30.0).epsilon(1e-12));
  CHECK(r.indicators.working_capital_total == doctest::Approx(100.0).epsilon(1e-12));
  const auto tables = statement_tables(m, r);
  const auto& plan = table_named(tables, "investment_plan");
  // Uses by year: 2026 = 1200 + 30, 2027 = 100; sources: equity 600 + 30 (working capital 30
  // from equity in 2027), bank 600 + 30 rolled in, working-capital loan 70.
  const V uses{1230, 100, 0, 0};
  const V equity{600, 30, 0, 0}, bank{630, 0, 0, 0}, wc{0, 70, 0, 0};
  const auto& total = row_named(plan, "total_investment");
  const auto& sources = row_named(plan, "sources");
  for (std::size_t t = 0; t < 4; ++t) {
    CHECK(*total.values[t] == doctest::Approx(uses[t]).epsilon(1e-12));
    CHECK(*sources.values[t] == doctest::Approx(uses[t]).epsilon(1e-12));
    CHECK(*row_named(plan, "equity").values[t] == doctest::Approx(equity[t]).epsilon(1e-12));
    CHECK(*row_named(plan, "source_loan_1").values[t] == doctest::Approx(bank[t]).epsilon(1e-12));
    CHECK(*row_named(plan, "source_loan_2").values[t] == doctest::Approx(wc[t]).epsilon(1e-12));
  }
  CHECK(*total.total == doctest::Approx(1330.0).epsilon(1e-12));
  // ROI is taken on the same total: EBIT 1000 - 300 - depreciation (1230·0.9/3 = 369) = 331.
  CHECK(*r.indicators.roi.value == doctest::Approx(331.0 / 1330.0).epsilon(1e-12));
}

TEST_CASE("the balance sheet shows the working-capital loan apart from the long-term debt") {
  const ProjectModel m = load(kTotals);
  const ProjectResult r = evaluate(m);
  const auto& f = r.financing;
  check_row(f.working_capital_debt, {0, 70, 70, 0});
  check_row(f.term_debt, {630, 420, 210, 0});
  for (int t = 0; t < r.years; ++t) {
    CHECK(f.total_liabilities[t] == doctest::Approx(f.term_debt[t] + f.working_capital_debt[t] + f.short_term_balance[t]).epsilon(1e-12));
    CHECK(std::abs(f.total_assets[t] - f.total_liabilities[t] - f.owners_equity[t]) < 1e-9);
  }
  // The highest 资产负债率 is the largest of the year's liabilities over assets.
  double highest = 0;
  int year = 0;
  for (int t = 0; t < r.years; ++t)
    if (f.total_liabilities[t] / f.total_assets[t] > highest) {
      highest = f.total_liabilities[t] / f.total_assets[t];
      year = 2026 + t;
    }
  REQUIRE(r.indicators.debt_to_asset_max.value);
  CHECK(*r.indicators.debt_to_asset_max.value == doctest::Approx(highest).epsilon(1e-12));
  CHECK(r.indicators.debt_to_asset_max_year == year);
  // In 2026 the only asset is the work in progress 1230 and the only debt the loan 630.
  CHECK(year == 2026);
  CHECK(highest == doctest::Approx(630.0 / 1230.0).epsilon(1e-12));
}

TEST_CASE("the operating-year averages of the indicator summary") {
  const ProjectModel m = load(kTotals);
  const ProjectResult r = evaluate(m);
  // Interest: bank 63, 42, 21 on 630, 420, 210; working-capital loan 0, 3.5, 3.5 (drawn in
  // 2027, interest from 2028 on the opening balance). Depreciation 369 a year.
  const double interest = 63 + 42 + 21 + 3.5 + 3.5;
  const double total_cost = 3 * (300 + 369) + interest;
  CHECK(r.indicators.avg_revenue == doctest::Approx(1000.0).epsilon(1e-12));
  CHECK(r.indicators.avg_total_cost == doctest::Approx(total_cost / 3).epsilon(1e-12));
  CHECK(r.indicators.avg_profit_before_tax == doctest::Approx((3000 - total_cost) / 3).epsilon(1e-12));
  CHECK(r.indicators.avg_income_tax == doctest::Approx(0.25 * (3000 - total_cost) / 3).epsilon(1e-12));
  // Break-even utilisation in the normal year 2027: all costs fixed, F / R = (300 + 369 + 63) / 1000.
  REQUIRE(r.indicators.break_even_utilisation.value);
  CHECK(r.indicators.break_even_year == 2027);
  CHECK(*r.indicators.break_even_utilisation.value == doctest::Approx(732.0 / 1000).epsilon(1e-12));
}

TEST_CASE("the adjusted income tax and residual value follow taxes.adjusted_tax_base") {
  std::string yaml = kTotals;
  const ProjectResult neutral = evaluate(load(yaml));
  // Financing neutral: depreciation 1200·0.9/3 = 360, EBIT 340, tax 85; residual 120.
  check_row(neutral.cash_flow.adjusted_tax, {0, -85, -85, -85});
  check_row(neutral.cash_flow.residual_value, {0, 0, 0, 120});
  yaml.replace(yaml.find("taxes:\n"), 7, "taxes:\n  adjusted_tax_base: profit_statement\n");
  const ProjectResult ps = evaluate(load(yaml));
  // From the profit statement: depreciation 1230·0.9/3 = 369, EBIT 331, tax 82.75; residual 123.
  check_row(ps.cash_flow.adjusted_tax, {0, -82.75, -82.75, -82.75});
  check_row(ps.cash_flow.residual_value, {0, 0, 0, 123});
}

TEST_CASE("draw timing moves the interest during construction") {
  // Start of year: q = (B + A)·i: 400·5% = 20; (420 + 800)·5% = 61; (1281 + 500)·5% = 89.05.
  const auto start = construction_interest(V{400, 800, 500}, 0.05, true, DrawTiming::Start);
  CHECK(start[0] == doctest::Approx(20.0).epsilon(1e-12));
  CHECK(start[1] == doctest::Approx(61.0).epsilon(1e-12));
  CHECK(start[2] == doctest::Approx(89.05).epsilon(1e-12));
  // End of year: q = B·i: 0; 400·5% = 20; 1220·5% = 61.
  const auto end = construction_interest(V{400, 800, 500}, 0.05, true, DrawTiming::End);
  CHECK(end[0] == 0.0);
  CHECK(end[1] == doctest::Approx(20.0).epsilon(1e-12));
  CHECK(end[2] == doctest::Approx(61.0).epsilon(1e-12));

  // A bond issued at the start of the single construction year carries a full year's coupon.
  std::string yaml = kTotals;
  yaml.replace(yaml.find("    - name: bank\n"), 17,
               "    - name: bank\n      kind: bond\n      draw_timing: start\n");
  const ProjectResult r = evaluate(load(yaml));
  CHECK(r.indicators.construction_interest_total == doctest::Approx(60.0).epsilon(1e-12));
  // The coupon is paid in cash by the equity holders: equity 600 + 60 in 2026.
  CHECK(r.financing.equity[0] == doctest::Approx(660.0).epsilon(1e-12));
}

}  // TEST_SUITE

TEST_SUITE("kinds") {

TEST_CASE("input VAT on investment is kept out of the assets and carried forward against output VAT") {
  // Investment 1090 including 9% VAT: 1090·9/109 = 90 deductible, asset cost 1000 (5 years, no
  // salvage: 200 a year). Revenue 400 with 9% output VAT (36 a year), no input VAT on costs.
  // Credit 90: deducted 36, 36, 18; VAT payable 0, 0, 18, 36; surcharges 12% of that.
  const ProjectModel m = load(R"yaml(
project:
  name: vat
  first_year: 2026
  construction_years: 1
  operation_years: 4
  benchmark_rate: 6%
taxes:
  income_tax_rate: 25%
  vat_rate: 9%
  surcharge_rate: 12%
investment:
  - name: works
    amount: 1090
    input_vat_rate: 9%
depreciation:
  life: 5
  salvage: 0%
revenue:
  - name: sales
    amounts: 400
operating_costs:
  - name: running
    amounts: 100
financing:
  loans:
    - name: bank
      amount: 500
      rate: 5%
      term_years: 4
)yaml");
  const ProjectResult r = evaluate(m);
  check_row(r.investment_input_vat, {90, 0, 0, 0, 0});
  check_row(r.input_vat_deducted, {0, 36, 36, 18, 0});
  check_row(r.input_vat_credit, {90, 54, 18, 0, 0});
  check_row(r.vat_payable, {0, 0, 0, 18, 36});
  check_row(r.surcharges, {0, 0, 0, 2.16, 4.32});
  check_row(r.depreciation_pre_financing, {0, 200, 200, 200, 200});
  // The recovered VAT is an inflow of the project cash flow; the investment outflow keeps the VAT.
  check_row(r.cash_flow.pre_tax, {-1090, 336, 336, 318 - 2.16, 300 - 4.32 + 200});
  // The balance sheet balances with the credit as an asset.
  const auto& f = r.financing;
  for (int t = 0; t < r.years; ++t) CHECK(std::abs(f.total_assets[t] - f.total_liabilities[t] - f.owners_equity[t]) < 1e-9);
}

}  // TEST_SUITE
