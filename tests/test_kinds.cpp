// The totals and conventions of issue 12: 项目总投资使用计划与资金筹措表 adding up, the base of
// the adjusted income tax, draw timing; each expected value derived by hand in the test.
#include <doctest/doctest.h>

#include "model_fixtures.hpp"
#include "row_checks.hpp"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "appraise/project/breakeven.hpp"
#include "appraise/project/debt.hpp"
#include "appraise/io/model_loader.hpp"
#include "appraise/project/evaluation.hpp"
#include "appraise/project/plan.hpp"
#include "appraise/report/risk_report.hpp"
#include "appraise/report/statements.hpp"
#include "appraise/risk/sensitivity.hpp"
#include "appraise/scenario/parameters.hpp"

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

namespace {

// Internal rate of return by bisection on [-50%, 100%]: an oracle independent of the engine's
// root finder, for flows with one sign change.
double irr_by_bisection(const V& flows) {
  auto npv_at = [&flows](double r) {
    double s = 0;
    for (std::size_t k = 0; k < flows.size(); ++k) s += flows[k] / std::pow(1 + r, static_cast<double>(k + 1));
    return s;
  };
  double lo = -0.5, hi = 1.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    (npv_at(lo) * npv_at(mid) <= 0 ? hi : lo) = mid;
  }
  return (lo + hi) / 2;
}

// A completion-and-sale project, all equity: land 3000 (2026) and works 5000 (40% / 60%) built
// for sale; 10000 m² at 1.2 sold 30% in 2027 (presale), 50% in 2028, 20% in 2029.
const char* kSale = R"yaml(
project:
  name: sale
  first_year: 2026
  construction_years: 2
  operation_years: 2
  benchmark_rate: 8%
taxes:
  income_tax_rate: 25%
  vat_rate: 9%
  surcharge_rate: 12%
  sale_vat: general
  land_appreciation_tax:
    prepay_rate: 2%
investment:
  - name: land
    amount: 3000
    phasing: [100%, 0%]
    asset: inventory
    land: true
  - name: works
    amount: 5000
    phasing: [40%, 60%]
    asset: inventory
revenue:
  - name: flats
    kind: sale
    area: 10000
    price: 1.2
    sales: [{year: 2027, share: 30%}, {year: 2028, share: 50%}, {year: 2029, share: 20%}]
)yaml";

}  // namespace

TEST_SUITE("kinds") {

TEST_CASE("land appreciation tax in each of its four brackets, worked by hand") {
  // Bracket 1 (ratio ≤ 50%): the sale project below. D = 3000 + 5000 + 5%·8000 + 97.2 + 20%·8000
  // = 10097.2; A = 12000 − D = 1902.8; tax = 30% · A = 570.84.
  LandAppreciationTaxInput a{.income = 12000, .land = 3000, .development = 5000, .interest = 0, .taxes = 97.2};
  auto t = land_appreciation_tax(a);
  CHECK(t.deductions == doctest::Approx(10097.2).epsilon(1e-12));
  CHECK(t.rate == 0.30);
  CHECK(t.tax == doctest::Approx(570.84).epsilon(1e-12));
  // Bracket 2: income 10000, land 2000, development 3000, interest 200 + 5% · 5000 = 450, taxes
  // 60, extra 1000: D = 6510, A = 3490 (53.6%): 3490 · 40% − 6510 · 5% = 1070.5.
  LandAppreciationTaxInput b{.income = 10000, .land = 2000, .development = 3000, .interest = 200, .taxes = 60};
  t = land_appreciation_tax(b);
  CHECK(t.expenses == doctest::Approx(450.0).epsilon(1e-12));
  CHECK(t.deductions == doctest::Approx(6510.0).epsilon(1e-12));
  CHECK(t.rate == 0.40);
  CHECK(t.tax == doctest::Approx(1070.5).epsilon(1e-12));
  // Bracket 3: no allocable interest, expenses 10% · 5000 = 500, taxes 100, extra 1000: D = 6600;
  // income 18000: A = 11400 (172.7%): 11400 · 50% − 6600 · 15% = 4710.
  LandAppreciationTaxInput c{.income = 18000, .land = 2000, .development = 3000, .interest = 999,
                             .interest_allocable = false, .expense_rate = 0.10, .taxes = 100};
  t = land_appreciation_tax(c);
  CHECK(t.deductions == doctest::Approx(6600.0).epsilon(1e-12));
  CHECK(t.rate == 0.50);
  CHECK(t.tax == doctest::Approx(4710.0).epsilon(1e-12));
  // Bracket 4: the same deductions, income 25000: A = 18400 (278.8%): 18400 · 60% − 6600 · 35% = 8730.
  c.income = 25000;
  t = land_appreciation_tax(c);
  CHECK(t.rate == 0.60);
  CHECK(t.tax == doctest::Approx(8730.0).epsilon(1e-12));
  // No appreciation, no tax; without the developer's extra 20% the deductions are 1000 lower.
  c.income = 6000;
  CHECK(land_appreciation_tax(c).tax == 0.0);
  c.income = 18000;
  c.developer = false;
  t = land_appreciation_tax(c);
  // D = 5600, A = 12400, ratio 221%: the top bracket, 12400 · 60% − 5600 · 35% = 5480.
  CHECK(t.deductions == doctest::Approx(5600.0).epsilon(1e-12));
  CHECK(t.rate == 0.60);
  CHECK(t.tax == doctest::Approx(5480.0).epsilon(1e-12));
}

TEST_CASE("a sale project: inventory released with sales, VAT less the land price, LAT prepaid and settled") {
  const ProjectModel m = load(kSale);
  const ProjectResult r = evaluate(m);
  check_row(r.sale_revenue, {0, 3600, 6000, 2400});
  // 开发产品 8000 released as sold; never depreciated.
  check_row(r.cost_of_sales, {0, 2400, 4000, 1600});
  check_row(r.inventory, {5000, 5600, 1600, 0});
  check_row(r.depreciation, {0, 0, 0, 0});
  check_row(r.residual_value, {0, 0, 0, 0});
  // VAT, general method: 9% × (sales − land price sold); surcharges 12% of it.
  check_row(r.vat_payable, {0, 243, 405, 162});
  check_row(r.surcharges, {0, 29.16, 48.6, 19.44});
  // LAT 570.84 (bracket 1, above): accrued with sales, prepaid 2%, settled in 2029.
  CHECK(r.lat.tax == doctest::Approx(570.84).epsilon(1e-12));
  check_row(r.land_appreciation_tax, {0, 171.252, 285.42, 114.168});
  check_row(r.land_appreciation_tax_paid, {0, 72, 120, 378.84});
  // Income tax on the actual profit: sales − surcharges − LAT − cost of sales.
  const V profit{0, 3600 - 29.16 - 171.252 - 2400, 6000 - 48.6 - 285.42 - 4000, 2400 - 19.44 - 114.168 - 1600};
  check_row(r.financing.profit_before_tax, profit);
  check_row(r.financing.income_tax, {0, 0.25 * profit[1], 0.25 * profit[2], 0.25 * profit[3]});
  const auto& f = r.financing;
  for (int t = 0; t < r.years; ++t) CHECK(std::abs(f.total_assets[t] - f.total_liabilities[t] - f.owners_equity[t]) < 1e-9);
}

TEST_CASE("a sale project's break-even counts the cost of sales as variable and the LAT among the taxes") {
  // The sale project above with a fixed upkeep of 200 a year. In 2028 (figures of the test above):
  // sales 6000, cost of sales 4000, surcharges 48.6, LAT accrued 285.42; no depreciation, no
  // interest, no input VAT on the upkeep. Profit = 0 when 200 = u · (6000 − 4000 − 48.6 − 285.42).
  const ProjectModel m = load(std::string(kSale) + "operating_costs:\n  - name: upkeep\n    amounts: {base: 200}\n");
  const ProjectResult r = evaluate(m);
  const BreakEvenResult b = break_even(m, r, 2028);
  CHECK(b.variable_cost == doctest::Approx(4000).epsilon(1e-12));
  CHECK(b.taxes == doctest::Approx(48.6 + 285.42).epsilon(1e-12));
  REQUIRE(b.with_interest.utilisation.value);
  CHECK(*b.with_interest.utilisation.value == doctest::Approx(200 / (6000 - 4000 - 48.6 - 285.42)).epsilon(1e-12));
  CHECK(b.notes.size() >= 2);  // the cost of sales and the LAT are said to be in
  // The total-cost table's fixed and variable parts add up to the total, every year.
  bool seen = false;
  for (const auto& t : statement_tables(m, r)) {
    if (t.key != "total_cost") continue;
    const report::Row *total = nullptr, *fixed = nullptr, *variable = nullptr;
    for (const auto& row : t.rows) {
      if (row.key == "total_cost") total = &row;
      if (row.key == "fixed_cost") fixed = &row;
      if (row.key == "variable_cost") variable = &row;
    }
    REQUIRE((total && fixed && variable));
    for (std::size_t k = 0; k < total->values.size(); ++k)
      CHECK(std::abs(*fixed->values[k] + *variable->values[k] - *total->values[k]) <= 1e-9 * std::max(1.0, std::abs(*total->values[k])));
    CHECK(*variable->values[2] == doctest::Approx(4000).epsilon(1e-12));
    CHECK(*fixed->values[2] == doctest::Approx(200).epsilon(1e-12));
    seen = true;
  }
  CHECK(seen);
}

TEST_CASE("a sale project's post-tax FIRR is below its pre-tax FIRR by the income tax on its profit alone") {
  const ProjectResult r = evaluate(load(kSale));
  // Pre-tax flows by hand: investment, sales, surcharges and LAT as paid.
  const V pre{-5000, -3000 + 3600 - 29.16 - 72, 6000 - 48.6 - 120, 2400 - 19.44 - 378.84};
  check_row(r.cash_flow.pre_tax, pre);
  // After tax: less 25% of the profit (no financing: EBIT is the profit).
  const V tax{0, 0.25 * (3600 - 29.16 - 171.252 - 2400), 0.25 * (6000 - 48.6 - 285.42 - 4000), 0.25 * (2400 - 19.44 - 114.168 - 1600)};
  V post = pre;
  for (std::size_t k = 0; k < post.size(); ++k) post[k] -= tax[k];
  check_row(r.cash_flow.post_tax, post);
  // The income tax over the life is 25% of the profit 12000 − 8000 − 570.84 − 97.2 = 3331.96:
  // 832.99, not 25% of the gross sales (3000) as when the flats were fixed assets.
  CHECK(tax[1] + tax[2] + tax[3] == doctest::Approx(832.99).epsilon(1e-12));
  REQUIRE(r.indicators.firr_pre_tax.rate);
  REQUIRE(r.indicators.firr_post_tax.rate);
  const double pre_irr = irr_by_bisection(pre), post_irr = irr_by_bisection(post);
  CHECK(*r.indicators.firr_pre_tax.rate == doctest::Approx(pre_irr).epsilon(1e-9));
  CHECK(*r.indicators.firr_post_tax.rate == doctest::Approx(post_irr).epsilon(1e-9));
  // The gap is what the income tax explains: 6.50 points here (26.83% before, 20.33% after).
  CHECK(*r.indicators.firr_pre_tax.rate - *r.indicators.firr_post_tax.rate == doctest::Approx(pre_irr - post_irr).epsilon(1e-9));
  CHECK(pre_irr == doctest::Approx(0.268257139105).epsilon(1e-9));
  CHECK(post_irr == doctest::Approx(0.203290655483).epsilon(1e-9));
}

TEST_CASE("a sale project's project investment cash flow does not move with the loan rate: LAT and cost of sales before financing") {
  // The sale project above financed 60% by a loan whose construction interest is capitalised into
  // the inventory. The profit statement deducts that interest (in the cost of sales and in the
  // LAT's development expenses); the project investment cash flow (融资前) must not: its flows
  // are those of the same project without the loan, to the bit, whatever the rate.
  const ProjectResult unfinanced = evaluate(load(kSale));
  const auto financed = [](const char* rate) {
    return evaluate(load(std::string(kSale) + "financing:\n  equity_share: 40%\n  construction_interest: capitalise\n"
                                              "  loans:\n    - name: development loan\n      rate: " + rate +
                        "\n      term_years: 2\n"));
  };
  for (const char* rate : {"3%", "12%"}) {
    CAPTURE(rate);
    const ProjectResult r = financed(rate);
    const double interest = r.financing.construction_interest.sum();
    REQUIRE(interest > 0);
    for (int t = 0; t < r.years; ++t) {
      CHECK(r.cash_flow.pre_tax[t] == unfinanced.cash_flow.pre_tax[t]);
      CHECK(r.cash_flow.post_tax[t] == unfinanced.cash_flow.post_tax[t]);
    }
    // Before financing: the hand figure of the bracket test (D = 10097.2, A = 1902.8, 30%).
    CHECK(r.sales_pre_financing.lat.tax == doctest::Approx(570.84).epsilon(1e-12));
    // The statements' LAT deducts the interest the inventory carries (all of it: no fixed assets):
    // D = 10097.2 + I, tax = 30% × (12000 − D) while the ratio stays within 50%.
    const double d = 10097.2 + interest;
    REQUIRE((12000 - d) / d <= 0.5);
    CHECK(r.lat.tax == doctest::Approx(0.3 * (12000 - d)).epsilon(1e-12));
    // And the cost of sales with that interest, released with the sales (30%, 50%, 20%).
    check_row(r.cost_of_sales, {0, 0.3 * (8000 + interest), 0.5 * (8000 + interest), 0.2 * (8000 + interest)});
    check_row(r.sales_pre_financing.cost_of_sales, {0, 2400, 4000, 1600});
  }
  CHECK(*financed("3%").indicators.firr_post_tax.rate == *financed("12%").indicators.firr_post_tax.rate);
}

TEST_CASE("sale lines: shares not adding up, and land outside inventory, are located errors") {
  std::string yaml = kSale;
  yaml.replace(yaml.find("share: 20%"), 10, "share: 10%");
  auto loaded = io::load_model_from_string(yaml, "inline.yaml");
  REQUIRE_FALSE(loaded.model);
  bool found = false;
  for (const auto& d : loaded.diagnostics)
    if (d.field == "revenue[0].sales" && d.message.en.find("90%, not 100%") != std::string::npos) found = d.location.has_value();
  CHECK(found);
}

}  // TEST_SUITE

TEST_SUITE("kinds") {

TEST_CASE("a sale repays its loan from the sale: the cost of sales is added back to the cash for debt service") {
  // Works 1000 (2026) for sale, a loan of 600 at 10% drawn mid-2026: interest 30 rolled in, so
  // the inventory costs 1030 and the loan stands at 630. All sold in 2027 for 1500 (land-sale:
  // no VAT, no LAT, no income tax); the loan repaid then with 63 of interest. The cash the sale
  // brings is 1500: EBITDA 1500 − 1030 = 470 plus the 1030 paid during construction. DSCR =
  // 1500 / 693, where EBITDA alone would give 470 / 693 < 1 for a sale that clears its debt
  // twice over.
  const ProjectModel m = load(R"yaml(
project:
  name: sale repays
  first_year: 2026
  construction_years: 1
  operation_years: 1
  benchmark_rate: 6%
taxes:
  income_tax_rate: 25%
investment:
  - name: works
    amount: 1000
    asset: inventory
revenue:
  - name: plots
    kind: land_sale
    area: 10
    price: 150
    sales: [{year: 2027, share: 100%}]
financing:
  loans:
    - name: bank
      amount: 600
      rate: 10%
      term_years: 1
      repayment: equal_principal
)yaml");
  const ProjectResult r = evaluate(m);
  const auto& f = r.financing;
  CHECK(r.cost_of_sales[1] == doctest::Approx(1030.0).epsilon(1e-12));
  CHECK(f.ebitda[1] == doctest::Approx(470.0).epsilon(1e-12));
  CHECK(f.cfads[1] == doctest::Approx(1500.0).epsilon(1e-12));
  CHECK(f.debt_service[1] == doctest::Approx(693.0).epsilon(1e-12));
  CHECK(f.dscr[1] == doctest::Approx(1500.0 / 693.0).epsilon(1e-12));
}

TEST_CASE("land-sale revenue is not income-taxed and repays the land-reserve special bond") {
  // Land development 10000 (2026–2027) for sale; a special bond pays 80% (8000, drawn with the
  // investment, bullet in 2030); land sold for 15000: 9000 in 2028, 6000 in 2029.
  const ProjectModel m = load(R"yaml(
project:
  name: land
  first_year: 2026
  construction_years: 2
  operation_years: 3
  benchmark_rate: 6%
taxes:
  income_tax_rate: 25%
investment:
  - name: 土地整理
    amount: 10000
    phasing: [50%, 50%]
    asset: inventory
revenue:
  - name: 土地出让收入
    kind: land_sale
    area: 100
    price: 150
    sales: [{year: 2028, share: 60%}, {year: 2029, share: 40%}]
financing:
  equity_share: 20%
  loans:
    - name: 土地储备专项债券
      kind: special_bond
      rate: 3%
      maturity: 2030
)yaml");
  const ProjectResult r = evaluate(m);
  check_row(r.land_sale_revenue, {0, 0, 9000, 6000, 0});
  // Coupons: 4000 · ½ · 3% = 60 in 2026, (4000 + 2000) · 3% = 180 in 2027, then 240 a year;
  // the inventory carries the construction coupons: 10240, released 60% / 40%.
  check_row(r.cost_of_sales, {0, 0, 6144, 4096, 0});
  // Not income-taxed: the margin on land sold is left out of taxable income.
  check_row(r.financing.income_tax, {0, 0, 0, 0, 0});
  // Coverage over the bond's term 2026–2030: land-sale revenue 15000 against 60 + 180 + 3 · 240 + 8000.
  REQUIRE(r.indicators.bonds.size() == 1);
  CHECK(r.indicators.bonds[0].income == doctest::Approx(15000.0).epsilon(1e-12));
  CHECK(r.indicators.bonds[0].bond_service == doctest::Approx(8960.0).epsilon(1e-12));
  CHECK(r.indicators.bonds[0].coverage == doctest::Approx(15000.0 / 8960.0).epsilon(1e-12));
  const auto& f = r.financing;
  for (int t = 0; t < r.years; ++t) CHECK(std::abs(f.total_assets[t] - f.total_liabilities[t] - f.owners_equity[t]) < 1e-9);
}

}  // TEST_SUITE


namespace {

// The notes of the 建设投资估算表 that say how a with/without model counts its existing assets.
bool investment_note_has(const ProjectModel& m, const ProjectResult& r, const std::string& text) {
  for (const auto& t : statement_tables(m, r))
    if (t.key == "construction_investment")
      for (const auto& n : t.notes)
        if (n.zh.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_SUITE("kinds") {

TEST_CASE("with and without: the incremental IRR is the IRR of the hand-differenced flows") {
  // With: new works 1000 and an existing building valued at 500 (opportunity cost, in kind),
  // depreciated together over 3 years (500 a year); revenue 1200, cost 200, tax 25%.
  // Without: 300 of revenue and 100 of cost a year. (The mechanics of the differencing: which
  // flows a without case holds, so that a building is not counted twice, is the next tests'.)
  const ProjectModel m = load(R"yaml(
project:
  name: ww
  first_year: 2026
  construction_years: 1
  operation_years: 3
  benchmark_rate: 6%
taxes:
  income_tax_rate: 25%
investment:
  - name: works
    amount: 1000
existing_assets:
  - name: building
    value: 500
sunk_costs:
  - name: spent in 2019
    amount: 2600
depreciation:
  life: 3
  salvage: 0%
revenue:
  - name: parking
    amounts: 1200
operating_costs:
  - name: running
    amounts: 200
without:
  revenue: [0, 300, 300, 300]
  operating_costs: [0, 100, 100, 100]
)yaml");
  const ProjectResult r = evaluate(m);
  const auto& x = r.incremental;
  REQUIRE(x.present);
  // With: [-1500, 1000 ×3], tax (1200 - 200 - 500)·25% = 125. Without: 200 a year, tax 50.
  check_row(r.cash_flow.pre_tax, {-1500, 1000, 1000, 1000});
  check_row(x.without_pre_tax, {0, 200, 200, 200});
  check_row(x.without_post_tax, {0, 150, 150, 150});
  const V pre{-1500, 800, 800, 800}, post{-1500, 725, 725, 725};
  check_row(x.pre_tax, pre);
  check_row(x.post_tax, post);
  REQUIRE(x.firr_pre_tax.rate);
  REQUIRE(x.firr_post_tax.rate);
  CHECK(*x.firr_pre_tax.rate == doctest::Approx(irr_by_bisection(pre)).epsilon(1e-9));
  CHECK(*x.firr_post_tax.rate == doctest::Approx(irr_by_bisection(post)).epsilon(1e-9));
  CHECK(x.fnpv_post_tax == doctest::Approx(-1500 / 1.06 + 725 / std::pow(1.06, 2) + 725 / std::pow(1.06, 3) + 725 / std::pow(1.06, 4))
                               .epsilon(1e-12));
  // The sunk cost is in no flow; the building in kind is equity without cash.
  const auto& f = r.financing;
  CHECK(f.equity[0] == doctest::Approx(1500.0).epsilon(1e-12));
  CHECK(f.fin_inflow[0] == doctest::Approx(1000.0).epsilon(1e-12));
  CHECK(f.inv_outflow[0] == doctest::Approx(-1000.0).epsilon(1e-12));
  for (int t = 0; t < r.years; ++t) CHECK(std::abs(f.total_assets[t] - f.total_liabilities[t] - f.owners_equity[t]) < 1e-9);
  // The decision checks are the increments'.
  bool incremental_checked = false, with_checked = false;
  for (const auto& c : r.checks) {
    incremental_checked = incremental_checked || c.name == "fnpv_incremental_post_tax";
    with_checked = with_checked || c.name == "fnpv_post_tax";
  }
  CHECK(incremental_checked);
  CHECK_FALSE(with_checked);  // The without case is series: the report says what they must hold if the building is used as it is.
  CHECK(investment_note_has(m, r, "building：增量按其价值计为放弃的转让或出租收入"));
}

}  // TEST_SUITE

namespace {

// The project of the with/without test above, its without case a model of its own: the site as it
// is (the mechanics; a without case that uses the building holds it too, as a test below does),
// with its own maintenance spend of 90 in 2026 (life 3, salvage 0: 30 a year), revenue
// 300, costs 100, and its own income tax rate of 20% (the series form would take the project's).
const char* kAsIs = R"yaml(
project:
  name: as it is
  first_year: 2026
  construction_years: 1
  operation_years: 3
  benchmark_rate: 6%
taxes:
  income_tax_rate: 20%
investment:
  - name: upkeep
    amount: 90
depreciation:
  life: 3
  salvage: 0%
revenue:
  - name: ground-floor parking
    amounts: 300
operating_costs:
  - name: watchman
    amounts: 100
)yaml";

const char* kWithModel = R"yaml(
project:
  name: ww-model
  first_year: 2026
  construction_years: 1
  operation_years: 3
  benchmark_rate: 6%
taxes:
  income_tax_rate: 25%
investment:
  - name: works
    amount: 1000
existing_assets:
  - name: building
    value: 500
depreciation:
  life: 3
  salvage: 0%
revenue:
  - name: parking
    amounts: 1200
operating_costs:
  - name: running
    amounts: 200
without: model as-is.yaml
)yaml";

// Writes the two models into a folder of their own (ctest runs cases as processes, maybe at
// once) and loads the project, which names the other by a path relative to itself.
ProjectModel load_with_without_model(const char* as_is = kAsIs) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("appraise-kinds-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "as-is.yaml") << as_is;
  std::ofstream(dir / "project.yaml") << kWithModel;
  auto loaded = io::load_model((dir / "project.yaml").string());
  fs::remove_all(dir);
  if (!loaded.model) {
    std::string all;
    for (const auto& d : loaded.diagnostics) all += render(d, Lang::En);
    FAIL(all);
  }
  return *loaded.model;
}

}  // namespace

TEST_SUITE("kinds") {

TEST_CASE("with and without: `without: model FILE` takes that model's project cash flow whole") {
  const ProjectModel m = load_with_without_model();
  REQUIRE(m.without);
  REQUIRE(m.without->model);
  const ProjectResult r = evaluate(m);
  const auto& x = r.incremental;
  REQUIRE(x.present);
  // Without: [-90, 200 ×3]; its own tax (300 - 100 - 30) · 20% = 34.
  check_row(x.without_revenue, {0, 300, 300, 300});
  check_row(x.without_investment, {90, 0, 0, 0});
  check_row(x.without_pre_tax, {-90, 200, 200, 200});
  check_row(x.without_adjusted_tax, {0, -34, -34, -34});
  check_row(x.without_post_tax, {-90, 166, 166, 166});
  // With: [-1500, 1000 ×3], tax (1200 - 200 - 500) · 25% = 125.
  const V pre{-1410, 800, 800, 800}, post{-1410, 709, 709, 709};
  check_row(x.pre_tax, pre);
  check_row(x.post_tax, post);
  REQUIRE(x.firr_post_tax.rate);
  CHECK(*x.firr_pre_tax.rate == doctest::Approx(irr_by_bisection(pre)).epsilon(1e-9));
  CHECK(*x.firr_post_tax.rate == doctest::Approx(irr_by_bisection(post)).epsilon(1e-9));
  CHECK(x.fnpv_post_tax == doctest::Approx(-1410 / 1.06 + 709 / std::pow(1.06, 2) + 709 / std::pow(1.06, 3) + 709 / std::pow(1.06, 4))
                               .epsilon(1e-12));
}

TEST_CASE("with and without: a building used in both situations is held by both and cancels, so it is counted once") {
  // The standard's 改扩建项目: 有项目建设投资 = 原有资产 + 新增投资, 无项目建设投资 = 原有资产 +
  // 无项目追加投资, so the increment is the new works less the without case's own spending, and
  // what the building earns as it is is what the project gives up. The building (500, in kind,
  // life 3, salvage 0) is in both models; were it in the project's only, the increment would
  // charge its value as well as its as-is earnings: the same building twice.
  const std::string as_is = std::string(kAsIs) + R"yaml(
existing_assets:
  - name: building
    value: 500
)yaml";
  const ProjectModel m = load_with_without_model(as_is.c_str());
  const ProjectResult r = evaluate(m);
  const auto& x = r.incremental;
  REQUIRE(x.present);
  // Without: investment 90 + 500 in 2026, revenue 300, cost 100; depreciation (90 + 500)/3 a
  // year, its tax (300 − 100 − 590/3) · 20% = 2/3; nothing left at the end (salvage 0).
  check_row(x.without_investment, {590, 0, 0, 0});
  check_row(x.without_pre_tax, {-590, 200, 200, 200});
  const double tax = (300.0 - 100.0 - 590.0 / 3.0) * 0.20;
  check_row(x.without_post_tax, {-590, 200 - tax, 200 - tax, 200 - tax});
  // With: [-1500, 1000 ×3], tax 125. The increment: the works (1000) less the upkeep (90) in
  // 2026, then 1000 − 200 = 800 before tax; the building is in neither.
  const V pre{-910, 800, 800, 800}, post{-910, 875 - (200 - tax), 875 - (200 - tax), 875 - (200 - tax)};
  check_row(x.pre_tax, pre);
  check_row(x.post_tax, post);
  REQUIRE(x.firr_pre_tax.rate);
  CHECK(*x.firr_pre_tax.rate == doctest::Approx(irr_by_bisection(pre)).epsilon(1e-9));
  CHECK(x.fnpv_pre_tax == doctest::Approx(-910 / 1.06 + 800 / std::pow(1.06, 2) + 800 / std::pow(1.06, 3) + 800 / std::pow(1.06, 4))
                              .epsilon(1e-12));
  // The with-project (total) figures still count the building: its investment is 1500.
  check_row(r.cash_flow.pre_tax, {-1500, 1000, 1000, 1000});  // And the report says it is counted once; without it in the as-is model, it says it may be twice.
  CHECK(investment_note_has(m, r, "building：无项目模型同样持有这项资产"));
  const ProjectModel twice = load_with_without_model();
  CHECK(investment_note_has(twice, evaluate(twice), "building：无项目模型中没有这项资产"));
}

TEST_CASE("with and without: the without model is evaluated once per compiled plan, again after a change of period") {
  const ProjectModel m = load_with_without_model();
  EvaluationPlan plan(m);
  REQUIRE(plan.without_cash_flow());
  // Compiled once: a change of the project's own values (what a draw or a scenario case makes)
  // leaves the without case as its model has it; the increments follow the project alone.
  const ProjectCashFlow* cached = &*plan.without_cash_flow();
  REQUIRE(apply_change(plan.model(), {"revenue.parking.amounts", ChangeOp::Scale, 0.5, {}}).empty());
  for (const auto& s : plan.model().revenue)
    if (s.amounts) plan.refresh(&*s.amounts);
  EvaluationBuffers b;
  evaluate_into(plan, b, Outputs::indicators(false));
  CHECK(&*plan.without_cash_flow() == cached);
  check_row(b.result.incremental.without_post_tax, {-90, 166, 166, 166});
  // With revenue 600: pre [-1500, 400 ×3], tax (600 - 200 - 500)⁺ · 25% = 0.
  check_row(b.result.incremental.post_tax, {-1410, 234, 234, 234});

  // A delay of two years lengthens the project's period; the situation without it runs on in the
  // same calendar years (its operation ends in the project's last year), so the plan evaluates
  // it again when it recompiles: [-90, 200 ×5], tax 34 while its upkeep depreciates (3 years),
  // then 200 · 20% = 40.
  REQUIRE(apply_change(plan.model(), {"", ChangeOp::DelayStart, 2, {}}).empty());
  plan.recompile();
  evaluate_into(plan, b, Outputs::all());
  const auto& x = b.result.incremental;
  check_row(x.without_pre_tax, {-90, 200, 200, 200, 200, 200});
  check_row(x.without_post_tax, {-90, 166, 166, 166, 160, 160});
  check_row(b.result.cash_flow.pre_tax, {0, 0, -1500, 400, 400, 400});
  check_row(x.pre_tax, {90, -200, -1700, 200, 200, 200});
  // And the same numbers as a fresh evaluation of the changed model.
  const ProjectResult e = evaluate(plan.model());
  check_row(x.post_tax, std::vector<double>(e.incremental.post_tax.data(), e.incremental.post_tax.data() + e.incremental.post_tax.size()), 0);
}

TEST_CASE("with and without: no year costs more than without the project, so no incremental FIRR and no hurdle missed") {
  // The project spends what the situation without it spends, and earns more every year.
  const ProjectModel m = load(R"yaml(
project:
  name: never-negative
  first_year: 2026
  construction_years: 1
  operation_years: 3
  benchmark_rate: 6%
taxes:
  income_tax_rate: 0%
investment:
  - name: works
    amount: 300
depreciation:
  life: 3
  salvage: 0%
revenue:
  - name: parking
    amounts: 500
without:
  revenue: [0, 300, 300, 300]
  investment: [300, 0, 0, 0]
)yaml");
  const ProjectResult r = evaluate(m);
  check_row(r.incremental.post_tax, {0, 200, 200, 200});
  CHECK_FALSE(r.incremental.firr_post_tax.rate);
  bool found = false;
  for (const auto& c : r.checks)
    if (c.name == "firr_incremental_post_tax") {
      found = true;
      CHECK(c.passed);
      CHECK(c.message_en.find("no incremental FIRR") != std::string::npos);
    }
  CHECK(found);
}

TEST_CASE("with and without: a delay past the end of a without-project list is an error at the delay, not years of nothing") {
  // The list covers 2026–2029 as loaded; a delay of a year runs the period to 2030, where the
  // list has no value. Read as 0, the increments would credit the project with the situation's
  // whole revenue in 2030. So the delay is refused, as every change that leaves the model
  // invalid is (issue 16: at the change that caused it). A growth series runs on.
  const char* yaml = R"yaml(
project:
  name: delayed
  first_year: 2026
  construction_years: 1
  operation_years: 3
  benchmark_rate: 6%
taxes:
  income_tax_rate: 25%
investment:
  - name: works
    amount: 1000
depreciation:
  life: 3
  salvage: 0%
revenue:
  - name: parking
    amounts: 1200
without:
  revenue: REVENUE
)yaml";
  const auto with_revenue = [&](const std::string& revenue) {
    std::string text = yaml;
    text.replace(text.find("REVENUE"), 7, revenue);
    return load(text);
  };
  ProjectModel listed = with_revenue("[0, 300, 300, 300]");
  for (const ChangeOp op : {ChangeOp::DelayStart, ChangeOp::DelayOperation}) {
    ProjectModel m = listed;
    const Message why = apply_change(m, {"", op, 1, {}});
    CHECK(why.en == "the changed model breaks a rule at `without.revenue`: the without-project `revenue` lists 2026–2029, but the "
                    "calculation period now runs to 2030 (a delay or a longer operation period)");
    CHECK(why.zh == "改变后的模型在 `without.revenue` 处不满足规则：无项目情况的 `revenue` 只列出 2026–2029 年，而计算期现已延至 "
                    "2030 年（工期推迟或运营期延长）");
  }
  {
    ProjectModel longer = listed;
    CHECK(apply_change(longer, {"project.operation_years", ChangeOp::Add, 2, {}}).en.find("lists 2026–2029, but the calculation "
                                                                                         "period now runs to 2031") != std::string::npos);
    ProjectModel shorter = listed;  // a shorter period leaves the list's last years unread
    CHECK(apply_change(shorter, {"project.operation_years", ChangeOp::Set, 2, {}}).empty());
  }
  // A model changed by hand, never validated: evaluation refuses it with the same words.
  listed.construction_years += 1;
  CHECK_THROWS_WITH_AS((void)evaluate(listed), doctest::Contains("the without-project `revenue` lists 2026–2029"), EvaluationError);
  ProjectModel grown = with_revenue("{base: 300, growth: 0%}");
  REQUIRE(apply_change(grown, {"", ChangeOp::DelayStart, 1, {}}).empty());
  check_row(evaluate(grown).incremental.without_revenue, {300, 300, 300, 300, 300});

  // Sensitivity with the default factors (no scenario file, nothing checked at load): the
  // 建设工期 points are absent, and their reason is said in the report's language.
  const ProjectModel as_loaded = with_revenue("[0, 300, 300, 300]");
  SensitivitySpec spec;
  spec.factors = {{"建设工期", {}, FactorOp::DelayOperation, {1}}};
  const SensitivityResult res = run_sensitivity(as_loaded, spec);
  REQUIRE(res.factors.size() == 1);
  const SensitivityPoint& point = res.factors[0].points.at(0);
  CHECK_FALSE(point.values[SensIndicator::FnpvPostTax]);
  CHECK(point.error.zh == "改变后的模型在 `without.revenue` 处不满足规则：无项目情况的 `revenue` 只列出 2026–2029 年，而计算期现已延至 "
                          "2030 年（工期推迟或运营期延长）");
  bool noted = false;
  for (const auto& t : sensitivity_tables(as_loaded, res, Lang::Zh))
    for (const auto& note : t.notes)
      if (note.zh.rfind("建设工期 推迟1年：", 0) == 0) {
        noted = true;
        CHECK(note.zh == "建设工期 推迟1年：" + point.error.zh);
        CHECK(note.en.rfind("建设工期 ", 0) == 0);
        CHECK(note.en.find(": the changed model breaks a rule at `without.revenue`") != std::string::npos);
      }
  CHECK(noted);
  // No delay can be evaluated, so its critical point is not "FNPV keeps its sign for delays up
  // to 10 years": the search says it could not look.
  const CriticalPoint& cp = res.factors[0].critical_post_tax;
  CHECK(cp.status == CriticalPoint::Status::NotEvaluated);
  CHECK(cp.unevaluable_delay == 1);
  bool critical_noted = false;
  for (const auto& t : sensitivity_tables(as_loaded, res, Lang::Zh))
    for (const auto& note : t.notes)
      if (note.in(Lang::Zh).rfind("建设工期：", 0) == 0) {
        critical_noted = true;
        CHECK(note.in(Lang::Zh) == "建设工期：无（推迟 1 年的模型即无法计算）");
      }
  CHECK(critical_noted);
}

TEST_CASE("with and without: a shorter period that ends before the without model's construction is refused at the change") {
  // The as-is model builds for 2 years; the project's period cut to 2026–2027 would leave it no
  // operation year to stop in.
  std::string as_is = kAsIs;
  const auto at = as_is.find("construction_years: 1");
  REQUIRE(at != std::string::npos);
  as_is.replace(at, 21, "construction_years: 2");
  const auto op = as_is.find("operation_years: 3");
  REQUIRE(op != std::string::npos);
  as_is.replace(op, 18, "operation_years: 2");
  const auto upkeep = as_is.find("    amount: 90");
  REQUIRE(upkeep != std::string::npos);
  as_is.insert(upkeep + 14, "\n    phasing: [50%, 50%]");
  ProjectModel m = load_with_without_model(as_is.c_str());
  const Message why = apply_change(m, {"project.operation_years", ChangeOp::Set, 1, {}});
  CHECK(why.en == "the changed model breaks a rule at `without.model`: the without-project model `" + m.without->model_path +
                      "` cannot cover the project's calculation period 2026–2027: its construction runs to 2027");
  CHECK(why.zh.find("其建设期延续到 2027 年") != std::string::npos);
}

}  // TEST_SUITE
