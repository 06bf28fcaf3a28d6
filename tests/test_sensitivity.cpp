// Sensitivity analysis and break-even: SAF and critical points against the worked examples of
// standards.md §5.5 (SAF-1, SAF-2, SI/SV-1, BEP-1, BEP-2) and against closed forms derived here,
// and switching values that, fed back into a full model, make FNPV zero.
#include <doctest/doctest.h>

#include "model_fixtures.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include "appraise/project/breakeven.hpp"
#include "appraise/io/model_loader.hpp"
#include "appraise/project/evaluation.hpp"
#include "appraise/risk/sensitivity.hpp"

using namespace appraise;

namespace {

using model_fixtures::example;
using model_fixtures::load;

// Exact decimal text of a double for YAML (17 significant digits read back exactly).
std::string fmt_double(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// Level annuity that repays 1000 over 10 years at r: 1000·r / (1 − (1+r)^−10).
double annuity(double r) { return 1000.0 * r / (1.0 - std::pow(1.0 + r, -10.0)); }
// Present value of 1 a year for 10 years at r: (1 − (1+r)^−10) / r.
double annuity_factor(double r) { return (1.0 - std::pow(1.0 + r, -10.0)) / r; }

// One construction year (investment 1000 at t = 1), ten operating years (t = 2..11), no taxes,
// no residual value (salvage 0, life 10), no working capital. With R − C a year,
//   FNPV(r) = (1+r)^−1 · [−1000 + (R − C)·a(10, r)],   so FIRR = r exactly when R − C = annuity(r).
std::string level_model(double revenue, double cost, double ic, double tax = 0.0) {
  return "project: {name: level, first_year: 2026, construction_years: 1, operation_years: 10, benchmark_rate: " +
         std::to_string(ic) + "}\n" + "taxes: {income_tax_rate: " + std::to_string(tax) + "}\n" +
         "investment:\n  - {name: plant, amount: 1000}\n" + "depreciation: {life: 10, salvage: 0}\n" +
         "revenue:\n  - {name: sales, amounts: " + fmt_double(revenue) + "}\n" +
         "operating_costs:\n  - {name: materials, amounts: " + fmt_double(cost) + "}\n";
}

}  // namespace

TEST_SUITE("sensitivity") {

TEST_CASE("SAF-1: FIRR 14% falls to 10% when material prices rise 20%, SAF -1.43, critical point +20%") {
  // standards.md §5.5 SAF-1: SAF = ((10 − 14)/14) / 20% = −1.4286; with ic = 10% the critical
  // point is +20%. Built so: R − C0 = annuity(14%) and R − 1.2·C0 = annuity(10%), hence
  // C0 = 5·(annuity(14%) − annuity(10%)) and R = annuity(14%) + C0.
  CHECK(*sensitivity_coefficient(0.14, 0.10, 0.20) == doctest::Approx(-1.4285714285714286).epsilon(1e-15));
  const double c0 = 5.0 * (annuity(0.14) - annuity(0.10));
  const double r = annuity(0.14) + c0;
  const ProjectModel m = load(level_model(r, c0, 0.10));
  SensitivitySpec spec;
  spec.factors = {{"原材料价格", {"operating_costs.materials.amounts"}, FactorOp::Scale, {0.20}}};
  const auto res = run_sensitivity(m, spec);
  REQUIRE(res.base[SensIndicator::FirrPostTax]);
  CHECK(*res.base[SensIndicator::FirrPostTax] == doctest::Approx(0.14).epsilon(1e-12));
  const auto& f = res.factors.at(0);
  REQUIRE(f.points.at(0).values[SensIndicator::FirrPostTax]);
  CHECK(*f.points[0].values[SensIndicator::FirrPostTax] == doctest::Approx(0.10).epsilon(1e-12));
  CHECK(*f.points[0].saf[static_cast<int>(SensIndicator::FirrPostTax)] == doctest::Approx(-1.4285714285714286).epsilon(1e-10));
  REQUIRE(f.critical_post_tax.status == CriticalPoint::Status::Found);
  CHECK(*f.critical_post_tax.change == doctest::Approx(0.20).epsilon(1e-12));
  CHECK(std::abs(f.critical_post_tax.fnpv_at_change) < 1e-9);
  // Without tax the pre-tax and post-tax critical points coincide.
  CHECK(*f.critical_pre_tax.change == doctest::Approx(0.20).epsilon(1e-12));
}

TEST_CASE("SAF-2: price is the most sensitive factor, then investment, material and wages") {
  // standards.md §5.5 SAF-2: price −10% moves IRR by −55% (|SAF| 5.5), material +10% by −39%
  // (3.9), investment +10% by −50% (5), wage +10% by −30% (3).
  auto factor = [](std::string name, double change, double irr_ratio) {
    FactorResult f;
    f.factor = {std::move(name), {"x"}, FactorOp::Scale, {change}};
    f.saf[static_cast<int>(SensIndicator::FirrPostTax)] = sensitivity_coefficient(1.0, irr_ratio, change);
    f.saf[static_cast<int>(SensIndicator::FnpvPostTax)] = 0.0;
    return f;
  };
  std::vector<FactorResult> fs{factor("material", 0.10, 0.61), factor("wage", 0.10, 0.70), factor("price", -0.10, 0.45),
                               factor("investment", 0.10, 0.50)};
  CHECK(*fs[2].saf[static_cast<int>(SensIndicator::FirrPostTax)] == doctest::Approx(5.5).epsilon(1e-12));
  CHECK(*fs[0].saf[static_cast<int>(SensIndicator::FirrPostTax)] == doctest::Approx(-3.9).epsilon(1e-12));
  rank_factors(fs);
  CHECK(fs[0].factor.name == "price");
  CHECK(fs[1].factor.name == "investment");
  CHECK(fs[2].factor.name == "material");
  CHECK(fs[3].factor.name == "wage");
  CHECK(fs[0].rank == 1);
  CHECK(fs[3].rank == 4);
}

TEST_CASE("SI/SV-1: with SI = 13.34 and NPV linear in the investment, the switching value is 7.5%") {
  // ADB §7.11 (standards.md §5.5 SI/SV-1): SV = 100/SI % = 7.496 %. Without tax and residual
  // value FNPV(x) = v·[−1000(1 + x) + B·a], so SI = −1000·v / FNPV0. B is chosen so that
  // FNPV0 = 1000·v / 13.34, i.e. B = 1000·(1 + 1/13.34) / a(10, 10%).
  const double ic = 0.10;
  const double b = 1000.0 * (1.0 + 1.0 / 13.34) / annuity_factor(ic);
  const ProjectModel m = load(level_model(b, 0.0, ic));
  SensitivitySpec spec;
  spec.factors = {{"建设投资", {"investment.*.amount"}, FactorOp::Scale, {-0.1, 0.1}}};
  const auto res = run_sensitivity(m, spec);
  const auto& f = res.factors.at(0);
  CHECK(*f.points[1].saf[static_cast<int>(SensIndicator::FnpvPostTax)] == doctest::Approx(-13.34).epsilon(1e-9));
  CHECK(*f.saf[static_cast<int>(SensIndicator::FnpvPostTax)] == doctest::Approx(-13.34).epsilon(1e-9));
  REQUIRE(f.critical_post_tax.status == CriticalPoint::Status::Found);
  CHECK(*f.critical_post_tax.change == doctest::Approx(1.0 / 13.34).epsilon(1e-12));
  CHECK(*f.critical_post_tax.change == doctest::Approx(0.075).epsilon(1e-3));  // "SV = 7.5%"
  // The critical value of the single item: 1000 × (1 + SV).
  REQUIRE(f.critical_post_tax.values.size() == 1);
  CHECK(f.critical_post_tax.values[0].second == doctest::Approx(1000.0 * (1.0 + 1.0 / 13.34)).epsilon(1e-12));
}

TEST_CASE("revenue's critical point with income tax matches the closed form") {
  // Investment 1000, revenue R = 400, cost C = 100, depreciation D = 100, tax τ = 25%, ic = 8%.
  // While EBIT = R(1+x) − C − D > 0 the adjusted tax is τ·EBIT, so
  //   FNPV_post(x) = v·[−1000 + ((R(1+x) − C)(1 − τ) + τ·D)·a],  linear in x with slope v(1−τ)R·a;
  //   FNPV_pre(x)  = v·[−1000 + (R(1+x) − C)·a],                  slope v·R·a.
  const double ic = 0.08, R = 400, C = 100, D = 100, tau = 0.25;
  const double v = 1.0 / (1.0 + ic), a = annuity_factor(ic);
  const double post0 = v * (-1000.0 + ((R - C) * (1 - tau) + tau * D) * a);
  const double pre0 = v * (-1000.0 + (R - C) * a);
  const double x_post = -post0 / (v * (1 - tau) * R * a), x_pre = -pre0 / (v * R * a);
  REQUIRE(R * (1 + x_post) - C - D > 0);  // EBIT stays positive: the formula holds at the root
  const ProjectModel m = load(level_model(R, C, ic, tau));
  SensitivitySpec spec;
  spec.factors = {{"营业收入", {"revenue.*.amounts"}, FactorOp::Scale, {-0.2, -0.1, 0.1, 0.2}}};
  const auto res = run_sensitivity(m, spec);
  CHECK(*res.base[SensIndicator::FnpvPostTax] == doctest::Approx(post0).epsilon(1e-12));
  const auto& f = res.factors.at(0);
  CHECK(*f.critical_post_tax.change == doctest::Approx(x_post).epsilon(1e-11));
  CHECK(*f.critical_pre_tax.change == doctest::Approx(x_pre).epsilon(1e-11));
  // Linear: every point's SAF of FNPV equals the slope over FNPV0.
  const double saf = v * (1 - tau) * R * a / post0;
  for (const auto& p : f.points) CHECK(*p.saf[static_cast<int>(SensIndicator::FnpvPostTax)] == doctest::Approx(saf).epsilon(1e-9));
  CHECK(*f.saf[static_cast<int>(SensIndicator::FnpvPostTax)] == doctest::Approx(saf).epsilon(1e-9));
  // Swing: FNPV at +20% minus at −20% = slope × 0.4.
  CHECK(*f.swing == doctest::Approx(v * (1 - tau) * R * a * 0.4).epsilon(1e-10));
}

TEST_CASE("switching values fed back into the toll bridge make its FNPV zero to 1e-6") {
  const ProjectModel m = example("toll-bridge");
  SensitivitySpec spec;
  spec.factors = {{"建设投资", {"investment.*.amount"}, FactorOp::Scale, {-0.1, 0.1}},
                  {"交通量", {"revenue.通行费收入.volume"}, FactorOp::Scale, {-0.1, 0.1}},
                  {"收费标准", {"revenue.通行费收入.price"}, FactorOp::Scale, {-0.1, 0.1}},
                  {"经营成本", {"operating_costs.*.amounts", "operating_costs.*.per_unit", "operating_costs.*.share_of_revenue"},
                   FactorOp::Scale, {-0.1, 0.1}}};
  const auto res = run_sensitivity(m, spec);
  int found = 0;
  for (const auto& f : res.factors)
    for (const bool post : {true, false}) {
      const auto& cp = post ? f.critical_post_tax : f.critical_pre_tax;
      if (cp.status != CriticalPoint::Status::Found) continue;
      ++found;
      ProjectModel changed = m;
      REQUIRE(apply_factor(changed, f.factor, *cp.change).empty());
      const auto r = evaluate(changed);
      CAPTURE(f.factor.name);
      CAPTURE(post);
      CHECK(std::abs(post ? r.indicators.fnpv_post_tax : r.indicators.fnpv_pre_tax) < 1e-6);
      // FNPV = 0 is FIRR = ic for these conventional flows.
      const auto& irr = post ? r.indicators.firr_post_tax : r.indicators.firr_pre_tax;
      REQUIRE(irr.rate);
      CHECK(*irr.rate == doctest::Approx(m.benchmark_rate).epsilon(1e-9));
    }
  CHECK(found >= 6);
}

TEST_CASE("a loan-rate factor is changed in percentage points and moves equity IRR, not FIRR") {
  const ProjectModel m = example("toll-bridge");
  SensitivitySpec spec;
  spec.factors = {{"借款利率", {"financing.loans.*.rate"}, FactorOp::Add, {-0.01, 0.01}}};
  const auto res = run_sensitivity(m, spec);
  const auto& f = res.factors.at(0);
  // The project investment cash flow is before financing: FIRR cannot move.
  for (const auto& p : f.points) {
    CHECK(*p.values[SensIndicator::FirrPostTax] == doctest::Approx(*res.base[SensIndicator::FirrPostTax]).epsilon(1e-15));
    CHECK_FALSE(p.saf[static_cast<int>(SensIndicator::FirrPostTax)]);  // additions have no SAF
  }
  CHECK(*f.points[0].values[SensIndicator::EquityIrr] > *res.base[SensIndicator::EquityIrr]);
  CHECK(*f.points[1].values[SensIndicator::EquityIrr] < *res.base[SensIndicator::EquityIrr]);
  CHECK(f.critical_post_tax.status == CriticalPoint::Status::NotInRange);
}

TEST_CASE("a construction delay is searched in whole years") {
  const ProjectModel m = example("toll-bridge");
  SensitivitySpec spec;
  spec.factors = {{"建设工期", {}, FactorOp::DelayOperation, {1, 2}}};
  spec.max_delay = 4;
  const auto res = run_sensitivity(m, spec);
  const auto& f = res.factors.at(0);
  REQUIRE(f.points.size() == 2);
  CHECK(*f.points[0].values[SensIndicator::FnpvPostTax] < *res.base[SensIndicator::FnpvPostTax]);
  CHECK(*f.points[1].values[SensIndicator::FnpvPostTax] < *f.points[0].values[SensIndicator::FnpvPostTax]);
  const auto& cp = f.critical_post_tax;
  if (cp.status == CriticalPoint::Status::Found) CHECK(*cp.change == std::floor(*cp.change));
  else CHECK(cp.status == CriticalPoint::Status::NotInRange);
}

TEST_CASE("the default factors follow the standard's list and exist in the model") {
  ProjectModel m = example("toll-bridge");
  const auto fs = default_factors(m);
  std::vector<std::string> names;
  for (const auto& f : fs) names.push_back(f.name);
  CHECK(names == std::vector<std::string>{"建设投资", "产品价格（营业收入）", "销售量", "经营成本", "建设工期", "借款利率"});
  for (const auto& f : fs)
    for (const auto& p : f.paths) CHECK_FALSE(match_parameters(m, p).empty());
  CHECK(fs[0].changes == std::vector<double>{-0.2, -0.1, 0.1, 0.2});
}

TEST_CASE("critical_change finds the nearest root exactly, or says why there is none") {
  SUBCASE("a linear function with its root at +10%") {
    const auto cp = critical_change([](double x) { return 100.0 - 1000.0 * x; }, 100.0, -0.99, 10.0);
    REQUIRE(cp.status == CriticalPoint::Status::Found);
    CHECK(*cp.change == doctest::Approx(0.1).epsilon(1e-15));
  }
  SUBCASE("a root on the negative side, between two ladder steps") {
    const auto cp = critical_change([](double x) { return 50.0 + 137.0 * x; }, 50.0, -0.99, 10.0);
    CHECK(*cp.change == doctest::Approx(-50.0 / 137.0).epsilon(1e-15));
  }
  SUBCASE("roots on both sides: the nearer one, and the other named") {
    const auto cp = critical_change([](double x) { return 1.0 - (x - 0.1) * (x - 0.1) / 0.09; }, 1.0 - 0.01 / 0.09, -0.99, 10.0);
    // roots at 0.1 ± 0.3: −0.2 and +0.4
    CHECK(*cp.change == doctest::Approx(-0.2).epsilon(1e-12));
    REQUIRE(cp.farther_change);
    CHECK(*cp.farther_change == doctest::Approx(0.4).epsilon(1e-12));
  }
  SUBCASE("no sign change in range") {
    const auto cp = critical_change([](double x) { return 5.0 + x * x; }, 5.0, -0.99, 10.0);
    CHECK(cp.status == CriticalPoint::Status::NotInRange);
    CHECK_FALSE(cp.change);
  }
  SUBCASE("already zero") {
    CHECK(critical_change([](double x) { return x; }, 0.0, -0.99, 10.0).status == CriticalPoint::Status::NotApplicable);
  }
  SUBCASE("a change the model refuses (NaN) stops the search on that side") {
    const auto cp = critical_change([](double x) { return x < -0.3 ? std::nan("") : 10.0 + 20.0 * x; }, 10.0, -0.99, 10.0);
    CHECK(cp.status == CriticalPoint::Status::NotInRange);
  }
}

}  // TEST_SUITE

TEST_SUITE("break-even") {

TEST_CASE("BEP-1: fixed 360, capacity 6, price 1000, unit variable cost 350, unit tax 150 give 12%") {
  // standards.md §5.5 BEP-1: 360 / (6000 − 2100 − 900) = 12 %; output 12 % × 6 = 0.72;
  // price 360/6 + 350 + 150 = 560.
  const auto u = break_even_utilisation(360, 6000, 2100, 900);
  CHECK(*u.value == doctest::Approx(0.12).epsilon(1e-15));
  // The same through a model: fixed operating cost 260 + depreciation 1000/10 = 360; variable
  // cost 350 a unit; 税金及附加 15% of revenue = 150 a unit; no loans.
  const ProjectModel m = load(R"yaml(
project: {name: bep, first_year: 2026, construction_years: 1, operation_years: 10, benchmark_rate: 8%}
taxes: {income_tax_rate: 25%, surcharge_base: revenue, surcharge_rate: 15%}
investment: [{name: plant, amount: 1000}]
depreciation: {life: 10, salvage: 0}
revenue: [{name: product, volume: 6, price: 1000}]
operating_costs:
  - {name: overheads, amounts: 260}
  - {name: materials, per_unit: 350, of: product}
)yaml");
  const auto b = break_even(m, evaluate(m));
  CHECK(b.year == 2027);
  CHECK(b.without_interest.fixed_cost == doctest::Approx(360).epsilon(1e-12));
  CHECK(*b.without_interest.utilisation.value == doctest::Approx(0.12).epsilon(1e-12));
  REQUIRE(b.without_interest.lines.size() == 1);
  const auto& l = b.without_interest.lines[0];
  CHECK(*l.output.value == doctest::Approx(0.72).epsilon(1e-12));
  CHECK(*l.price_break_even.value == doctest::Approx(560).epsilon(1e-12));
  CHECK(l.unit_variable_cost == doctest::Approx(350).epsilon(1e-12));
  CHECK(l.unit_taxes == doctest::Approx(150).epsilon(1e-12));
}

TEST_CASE("BEP-2: VAT-inclusive revenue 10000, fixed 3000, variable 3000, VAT 1453, surtax 174 give 55.83%") {
  // standards.md §5.5 BEP-2: 3000 / (10000 − 3000 − 174 − 1453) = 55.83 %.
  const auto u = break_even_utilisation(3000, 10000, 3000, 174 + 1453);
  CHECK(*u.value == doctest::Approx(3000.0 / 5373.0).epsilon(1e-15));
  CHECK(*u.value == doctest::Approx(0.5583).epsilon(1e-4));
}

TEST_CASE("interest joins the fixed cost while a loan is outstanding") {
  // A bullet loan of 500 drawn in the construction year accrues q = 500/2 × 6% = 15 there (the
  // mid-year rule, standards.md §1.6), paid by equity and added to the fixed assets: depreciation
  // (1000 + 15)/10 = 101.5, fixed cost without interest 260 + 101.5 = 361.5. In operation the loan
  // pays 500 × 6% = 30 a year: fixed cost with interest 391.5.
  // BEP = 391.5/3000 = 13.05 % and 361.5/3000 = 12.05 %; price 391.5/6 + 350 + 150 = 565.25.
  const ProjectModel m = load(R"yaml(
project: {name: bep, first_year: 2026, construction_years: 1, operation_years: 10, benchmark_rate: 8%}
taxes: {income_tax_rate: 25%, surcharge_base: revenue, surcharge_rate: 15%}
investment: [{name: plant, amount: 1000}]
depreciation: {life: 10, salvage: 0}
revenue: [{name: product, volume: 6, price: 1000}]
operating_costs:
  - {name: overheads, amounts: 260}
  - {name: materials, per_unit: 350, of: product}
financing:
  construction_interest: equity
  loans: [{name: bank, amount: 500, rate: 6%, term_years: 10, repayment: bullet}]
)yaml");
  const auto b = break_even(m, evaluate(m), 2030);
  CHECK(b.interest == doctest::Approx(30).epsilon(1e-12));
  CHECK(b.depreciation == doctest::Approx(101.5).epsilon(1e-12));
  CHECK(*b.with_interest.utilisation.value == doctest::Approx(0.1305).epsilon(1e-12));
  CHECK(*b.without_interest.utilisation.value == doctest::Approx(0.1205).epsilon(1e-12));
  CHECK(*b.with_interest.lines.at(0).price_break_even.value == doctest::Approx(565.25).epsilon(1e-12));
}

TEST_CASE("no break-even when variable cost and taxes exceed revenue, and a year outside operation is refused") {
  const auto u = break_even_utilisation(100, 1000, 900, 200);
  CHECK_FALSE(u.value);
  CHECK(u.reason.en.find("no break-even") != std::string::npos);
  const ProjectModel m = example("toll-bridge");
  CHECK_THROWS_AS((void)break_even(m, evaluate(m), 2027), std::invalid_argument);
  // The toll bridge ramps up over three years: its normal year is the fourth operating year.
  CHECK(default_normal_year(m) == 2032);
}

}  // TEST_SUITE

#include "appraise/risk/simulation.hpp"

TEST_SUITE("sensitivity") {

TEST_CASE("with and without: switching value and a degenerate simulation are the incremental FNPV's (有无对比)") {
  // The level model (one construction year, 1000 invested, ten years of R − C, no tax, no
  // residual) whose situation without the project earns W a year. By hand, at ic = r:
  //   incremental FNPV = (1+r)^−1 · [−1000 + (R − C − W)·a(10, r)]
  //   with-project FNPV = (1+r)^−1 · [−1000 + (R − C)·a(10, r)]
  // so revenue's switching value is x* = (1000/a + C + W)/R − 1 on the increments, and
  // (1000/a + C)/R − 1 on the with-project flows (which must not be what is reported).
  const double R = 400, C = 100, W = 80, r = 0.08;
  std::string text = level_model(R, C, r) + "without:\n  revenue: [0";
  for (int t = 0; t < 10; ++t) text += ", " + fmt_double(W);
  text += "]\n";
  const ProjectModel m = load(text);
  const double a = annuity_factor(r);
  const double inc_fnpv = (-1000 + (R - C - W) * a) / (1 + r);
  const double with_fnpv = (-1000 + (R - C) * a) / (1 + r);

  SensitivitySpec spec;
  spec.factors = {{"营业收入", {"revenue.sales.amounts"}, FactorOp::Scale, {-0.1, 0.1}}};
  const auto res = run_sensitivity(m, spec);
  CHECK(res.incremental);
  CHECK(key_of(SensIndicator::FnpvPostTax, res.incremental) == "fnpv_incremental_post_tax");
  REQUIRE(res.base[SensIndicator::FnpvPostTax]);
  CHECK(*res.base[SensIndicator::FnpvPostTax] == doctest::Approx(inc_fnpv).epsilon(1e-12));
  CHECK(*res.base[SensIndicator::FnpvPostTax] != doctest::Approx(with_fnpv).epsilon(1e-6));
  const auto& f = res.factors.at(0);
  REQUIRE(f.critical_post_tax.status == CriticalPoint::Status::Found);
  CHECK(*f.critical_post_tax.change == doctest::Approx((1000 / a + C + W) / R - 1).epsilon(1e-10));
  CHECK(*f.critical_pre_tax.change == doctest::Approx((1000 / a + C + W) / R - 1).epsilon(1e-10));
  // −10% revenue: the incremental FNPV falls by 0.1·R·a/(1+r).
  REQUIRE(f.points.at(0).values[SensIndicator::FnpvPostTax]);
  CHECK(*f.points[0].values[SensIndicator::FnpvPostTax] ==
        doctest::Approx(inc_fnpv - 0.1 * R * a / (1 + r)).epsilon(1e-12));

  // A degenerate distribution (revenue × 0.8 with probability 1): every draw is that case.
  SimulationSpec sim;
  sim.inputs = {{"营业收入", {"revenue.sales.amounts"}, DrawOp::Scale, DiscreteDist{{0.8}, {1.0}}}};
  sim.draws = 50;
  sim.threads = 1;
  sim.keep_samples = true;
  const SimulationResult s = simulate(m, sim);
  CHECK(s.incremental);
  CHECK(key_of(RiskIndicator::FnpvPostTax, s.incremental) == "fnpv_incremental_post_tax");
  CHECK(key_of(RiskIndicator::FirrPreTax, s.incremental) == "firr_incremental_pre_tax");
  const double drawn = (-1000 + (0.8 * R - C - W) * a) / (1 + r);
  const auto& st = s.indicators[static_cast<std::size_t>(RiskIndicator::FnpvPostTax)];
  REQUIRE(st.mean);
  CHECK(*st.mean == doctest::Approx(drawn).epsilon(1e-12));
  REQUIRE(st.base);
  CHECK(*st.base == doctest::Approx(inc_fnpv).epsilon(1e-12));
  // x* ≈ −17.7% here: at 0.8·R the incremental FNPV is below 0 (the with-project one is not), so
  // every draw misses the hurdle.
  REQUIRE(drawn < 0);
  REQUIRE((-1000 + (0.8 * R - C) * a) / (1 + r) > 0);
  REQUIRE(st.below);
  CHECK(*st.below == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(s.value_samples.at(static_cast<std::size_t>(RiskIndicator::FnpvPostTax)) == doctest::Approx(drawn).epsilon(1e-12));
}

}  // TEST_SUITE

TEST_CASE("the default 建设投资 factor scales the new works, not an existing asset brought in at its opportunity cost") {
  // New works 1000 and a building valued at 500 (in kind), life 3, salvage 0, revenue 1200, cost
  // 200, no tax, end-of-year discounting at 6%. +10% on 建设投资 is +100 of works: the building's
  // value is what it would fetch, not an estimate that can overrun.
  const ProjectModel m = load(R"yaml(
project:
  name: existing asset
  first_year: 2026
  construction_years: 1
  operation_years: 3
  benchmark_rate: 6%
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
)yaml");
  const auto factors = default_factors(m, {0.1});
  REQUIRE_FALSE(factors.empty());
  CHECK(factors.front().name == "建设投资");
  CHECK(factors.front().paths == std::vector<std::string>{"investment[works].amount"});
  SensitivitySpec spec;
  spec.factors = {factors.front()};
  const SensitivityResult res = run_sensitivity(m, spec);
  REQUIRE(res.factors.size() == 1);
  const auto& f = res.factors.front();
  REQUIRE(f.base_values.size() == 1);
  CHECK(f.base_values.front().second == doctest::Approx(1000.0).epsilon(1e-12));
  // Pre-tax flows [-1500, 1000, 1000, 1000]; +10% of the works takes 100 more in year 1 only.
  const double base = -1500 / 1.06 + 1000 / std::pow(1.06, 2) + 1000 / std::pow(1.06, 3) + 1000 / std::pow(1.06, 4);
  REQUIRE(res.base[SensIndicator::FnpvPreTax]);
  CHECK(*res.base[SensIndicator::FnpvPreTax] == doctest::Approx(base).epsilon(1e-12));
  REQUIRE(f.points.size() == 1);
  REQUIRE(f.points.front().values[SensIndicator::FnpvPreTax]);
  CHECK(*f.points.front().values[SensIndicator::FnpvPreTax] == doctest::Approx(base - 100 / 1.06).epsilon(1e-12));
  // Its critical point: the works may rise until FNPV is 0, i.e. by base·1.06 of money, which is
  // base·1.06 / 1000 of the works.
  REQUIRE(f.critical_pre_tax.change);
  CHECK(*f.critical_pre_tax.change == doctest::Approx(base * 1.06 / 1000).epsilon(1e-9));
  // Without an existing asset the factor stays the whole of the investment, as the standard lists it.
  CHECK(default_factors(example("toll-bridge")).front().paths == std::vector<std::string>{"investment.*.amount"});
}

#include "appraise/report/risk_report.hpp"
#include "latin_words.hpp"

TEST_SUITE("sensitivity") {

TEST_CASE("every critical point's reason is said in Chinese under --lang zh: the notes and the JSON reason_zh") {
  // Each way a critical point can end, on factors of each kind (a percentage, a rate's addition,
  // a delay), including those the example models never reach (a solver failure, a base NPV that
  // is not defined): the Chinese note and reason_zh carry no English, the English ones say it in
  // English, and JSON keeps `reason` in English beside `reason_zh`.
  const ProjectModel m = example("toll-bridge");
  SensitivitySpec spec;
  spec.factors = {{"建设投资", {"investment.*.amount"}, FactorOp::Scale, {-0.1, 0.1}},
                  {"贷款利率", {"financing.loans.国家开发银行贷款.rate"}, FactorOp::Add, {-0.01, 0.01}},
                  {"建设工期", {}, FactorOp::DelayOperation, {1}}};
  const SensitivityResult computed = run_sensitivity(m, spec);
  REQUIRE(computed.factors.size() == 3);
  using S = CriticalPoint::Status;
  struct Case {
    int factor;  // 0 scale, 1 addition, 2 delay
    CriticalPoint cp;
    const char* zh;  // the Chinese reason
  };
  const auto point = [](S s, auto&& set) {
    CriticalPoint cp;
    cp.status = s;
    set(cp);
    return cp;
  };
  const std::vector<Case> cases{
      {0, point(S::Found, [](CriticalPoint& c) { c.change = -0.2, c.farther_change = 0.4; }),
       "精确求解（TOMS 748）；变化 +40.00% 时财务净现值也变号（离 0 更远）"},
      {2, point(S::Found, [](CriticalPoint& c) { c.change = 3, c.delays_searched = 3; }), "推迟按整年计：推迟 3 年时财务净现值首次变号"},
      {0, point(S::NotInRange, [](CriticalPoint& c) { c.searched_from = -0.99, c.searched_to = 10; }),
       "在模型允许的变化范围（-99% 至 +1000%）内财务净现值不变号"},
      {1, point(S::NotInRange, [](CriticalPoint& c) { c.searched_from = -1, c.searched_to = 1; }),
       "在模型允许的增减范围（-100 至 +100 个百分点）内财务净现值不变号"},
      {2, point(S::NotInRange, [](CriticalPoint& c) { c.delays_searched = 2, c.unevaluable_delay = 3; }),
       "推迟 2 年以内财务净现值不变号；推迟 3 年的模型无法计算"},
      {0, point(S::NotApplicable, [](CriticalPoint& c) { c.base_defined = false; }), "基本方案的财务净现值无定义，无从求临界点"},
      {2, point(S::NotApplicable, [](CriticalPoint&) {}), "基本方案的财务净现值已为 0"},
      {0, point(S::Failed, [](CriticalPoint& c) { c.evaluations = 212; }), "求根算法（TOMS 748）计算 212 次仍未求得临界点"},
      {2, point(S::NotEvaluated, [](CriticalPoint&) {}), "推迟 1 年的模型即无法计算"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.zh);
    static const char* const names[] = {"建设投资", "贷款利率", "建设工期"};
    SensitivityResult res = computed;  // its factors are in rank order
    std::size_t at = 0;
    while (at < res.factors.size() && res.factors[at].factor.name != names[c.factor]) ++at;
    REQUIRE(at < res.factors.size());
    FactorResult& fr = res.factors[at];
    fr.critical_post_tax = c.cp;
    const std::string prefix = fr.factor.name + "：";
    std::vector<Message> lines;
    for (const auto& t : sensitivity_tables(m, res, Lang::Zh))
      if (t.key == "sensitivity_ranking")
        for (const auto& note : t.notes)
          if (note.zh.rfind(prefix, 0) == 0) lines.push_back(note);
    REQUIRE(lines.size() == 1);
    const Message& line = lines.front();
    CHECK(latin_words::offending(line.zh).empty());
    if (!c.cp.change) {
      CHECK(line.zh == prefix + "无（" + c.zh + "）");
      CHECK(line.en.rfind(fr.factor.name + ": none (", 0) == 0);
    }
    const report::JsonValue doc = sensitivity_document(m, res, BreakEvenResult{}, RiskMeta{});
    const report::JsonValue& j = doc["factors"][at]["critical_post_tax"];
    REQUIRE(doc["factors"][at]["name"] == fr.factor.name);
    CHECK(j["reason_zh"].get<std::string>() == c.zh);
    CHECK(latin_words::offending(j["reason_zh"].get<std::string>()).empty());
    // The English reason is English: it has Latin words the rule would refuse in Chinese.
    CHECK_FALSE(latin_words::offending(j["reason"].get<std::string>()).empty());
  }
}

}  // TEST_SUITE
