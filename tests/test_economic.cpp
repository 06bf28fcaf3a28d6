// The economic cost-benefit analysis, cost-effectiveness and the fiscal view against numbers
// someone else computed: the worked figures EC-1…EC-8 of economic.md (shadow prices of traded
// goods, shadow wages, land opportunity cost, component conversion factors, ENPV and EBCR), and
// closed forms derived here for ENPV, EIRR and EBCR of a level annuity, for the fiscal outlays
// and for the value-for-money test on hand figures. Every figure goes through the loader and
// the evaluation a planner's model takes, except the pure price functions.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <string>
#include <vector>

#include "appraise/economic/prices.hpp"
#include "appraise/io/model_loader.hpp"
#include "appraise/project/evaluation.hpp"
#include "appraise/project/plan.hpp"
#include "appraise/report/risk_report.hpp"
#include "appraise/risk/sensitivity.hpp"
#include "appraise/risk/simulation.hpp"
#include "appraise/scenario/parameters.hpp"
#include "check_numbers.hpp"
#include "model_fixtures.hpp"

using namespace appraise;
using model_fixtures::load;

namespace {

// a(n, r): the present value at t = 0 of 1 at the end of each of n years.
double annuity(int n, double r) { return (1.0 - std::pow(1.0 + r, -n)) / r; }

const Adjustment& adjustment_named(const std::vector<Adjustment>& v, const std::string& name) {
  for (const auto& a : v)
    if (a.name == name) return a;
  FAIL("no adjustment named " << name);
  return v.front();
}

struct Located {
  int line = 0;
  std::string field, message;
};

std::vector<Located> errors_of(const std::string& yaml) {
  auto loaded = io::load_model_from_string(yaml, "inline.yaml");
  std::vector<Located> out;
  for (const auto& d : loaded.diagnostics)
    if (d.severity == Severity::Error) out.push_back({d.location ? d.location->line : 0, d.field, d.message.en});
  return out;
}

// One construction year (investment P_f = P / 0.9), 20 operating years with benefits of 1500 (a
// revenue of 400 at factor 0.5, and 130 hours saved at 10 each) and an operating cost of 300 at
// factor 0.8 (240 at shadow prices), and transfers the economic analysis must ignore: VAT and
// surcharges on the revenue, income tax, a subsidy.
std::string annuity_model(double financial_investment, const std::string& extra = "") {
  return fmt::format(R"yaml(
project:
  name: annuity
  first_year: 2026
  construction_years: 1
  operation_years: 20
  benchmark_rate: 6%
taxes:
  income_tax_rate: 25%
  vat_rate: 9%
  surcharge_rate: 12%
investment:
  - name: 工程费用
    amount: {:.17g}
revenue:
  - name: 通行费
    amounts: 400
subsidies:
  - name: 运营补贴
    amounts: 500
operating_costs:
  - name: 养护费
    amounts: 300
economic:
  residual_value: 0
  revenue:
    - name: 通行费
      conversion_factor: 0.5
  investment:
    - name: 工程费用
      conversion_factor: 0.9
  operating_costs:
    - name: 养护费
      conversion_factor: 0.8
  benefits:
    - name: 时间节约
      quantity: 130
      unit_value: 10
{})yaml",
                     financial_investment, extra);
}

}  // namespace

TEST_SUITE("economic") {

TEST_CASE("shadow prices of traded goods reproduce EC-1, EC-2 and EC-3") {
  // EC-1: 106 × 8.28 × 1.08 + 40 + 20; EC-2: the same at 6.5 元/USD.
  CHECK_REL(economic::imported_input_price(106, 8.28, economic::kShadowExchangeRateFactor, 60), 1007.8944, 1e-12);
  CHECK_REL(economic::imported_input_price(106, 6.5, 1.08, 60), 804.12, 1e-12);
  // EC-3: FOB 50 USD/t at a shadow rate of 6.56 元/USD, less 200 km × 0.05 元/(t·km) and 7% trade costs.
  CHECK_REL(economic::exported_output_price(50, 6.56, 1.0, 200 * 0.05 + 0.07 * 50 * 6.56), 295.04, 1e-12);
}

TEST_CASE("shadow wages reproduce EC-4 and EC-5") {
  CHECK_REL(economic::shadow_wage_cost(5, 0.3, 1.0, 0.3), 2.55, 1e-12);
  CHECK_REL(economic::shadow_wage_cost(8, 0.4, economic::kSkilledWageFactor, economic::kUnskilledWageFactor), 5.6, 1e-12);
}

TEST_CASE("the land opportunity cost reproduces EC-6 and refuses is = g") {
  const auto oc = economic::land_opportunity_cost(6000, 0.02, 0.08, 1, 20);
  REQUIRE(oc.value);
  CHECK_ABS(*oc.value, 70871.28, 0.005);
  // The closed form is the sum of the growing net benefits discounted at is.
  double sum = 0;
  for (int t = 1; t <= 20; ++t) sum += 6000 * std::pow(1.02, 1 + t) / std::pow(1.08, t);
  CHECK_REL(*oc.value, sum, 1e-12);
  const auto none = economic::land_opportunity_cost(6000, 0.08, 0.08, 1, 20);
  CHECK_FALSE(none.value);
  CHECK(none.reason.en.find("is − g") != std::string::npos);
}

TEST_CASE("component conversion factors reproduce EC-8, by hand and through a model") {
  const economic::ComponentShare construction[] = {{0.6, 1.0}, {0.25, 0.9}, {0.15, 0.5}};
  CHECK_REL(economic::conversion_factor(construction), 0.9, 1e-12);

  // material 1.0, labour 0.9, fuel 0.5, other 1.0 (EC-8), declared once under economic.factors.
  const auto m = load(R"yaml(
project: {name: EC-8, first_year: 2026, construction_years: 1, operation_years: 5, benchmark_rate: 6%}
investment:
  - {name: 建筑工程, amount: 1000}
  - {name: 监理费, amount: 100}
  - {name: 规划设计费, amount: 200}
operating_costs:
  - {name: 日常养护, amounts: 50}
economic:
  factors: {material: 1.0, labour: 0.9, fuel: 0.5, other: 1.0}
  investment:
    - {name: 建筑工程, components: {material: 60%, labour: 25%, fuel: 15%}}
    - {name: 监理费, components: {labour: 50%, fuel: 20%, other: 30%}}
    - {name: 规划设计费, components: {labour: 70%, fuel: 5%, other: 25%}}
  operating_costs:
    - {name: 日常养护, components: {material: 45%, labour: 35%, fuel: 20%}}
)yaml");
  const auto r = evaluate(m);
  REQUIRE(r.economic.computed);
  CHECK_REL(adjustment_named(r.economic.investment, "建筑工程").factor, 0.900, 1e-12);
  CHECK_REL(adjustment_named(r.economic.investment, "监理费").factor, 0.85, 1e-12);
  CHECK_REL(adjustment_named(r.economic.investment, "规划设计费").factor, 0.905, 1e-12);
  CHECK_REL(adjustment_named(r.economic.operating_costs, "日常养护").factor, 0.865, 1e-12);
  CHECK_REL(r.economic.flows.construction[0], 1000 * 0.9 + 100 * 0.85 + 200 * 0.905, 1e-12);
  CHECK_REL(r.economic.flows.operating[1], 50 * 0.865, 1e-12);
}

TEST_CASE("built-in components: traded goods at the shadow exchange-rate factor, unskilled labour at 0.5") {
  const auto m = load(R"yaml(
project: {name: built-ins, first_year: 2026, construction_years: 1, operation_years: 5, benchmark_rate: 6%}
investment:
  - {name: 设备, amount: 1000}
economic:
  shadow_exchange_rate_factor: 1.06
  investment:
    - {name: 设备, components: {imported: 30%, unskilled_labour: 20%, domestic: 50%}}
)yaml");
  const auto r = evaluate(m);
  CHECK_REL(r.economic.flows.construction[0], 1000 * (0.3 * 1.06 + 0.2 * 0.5 + 0.5 * 1.0), 1e-12);
}

TEST_CASE("land at its shadow price reproduces EC-6 per mu, times the area, plus new resource costs") {
  // Money in 元: NB₀ 6000 元/亩 in 2006, construction from 2007 (τ = 1), n = 20, is 8%, g 2%.
  const auto m = load(R"yaml(
project: {name: EC-6, unit: 元, first_year: 2007, construction_years: 2, operation_years: 18, benchmark_rate: 6%}
investment:
  - {name: 土地征用费, amount: 5000000, phasing: [60%, 40%], asset: intangible}
economic:
  investment:
    - name: 土地征用费
      land: {area: 50, net_benefit: 6000, growth: 2%, base_year: 2006, new_resource_cost: 300000}
)yaml");
  const auto r = evaluate(m);
  const double total = 70871.28 * 50 + 300000;
  CHECK_ABS(r.economic.flows.construction.sum(), total, 0.005 * 50);
  CHECK_ABS(r.economic.flows.construction[0], 0.6 * total, 0.005 * 50);
  CHECK_ABS(r.economic.flows.construction[1], 0.4 * total, 0.005 * 50);
}

TEST_CASE("an imported good at its shadow price reproduces EC-1") {
  const auto m = load(R"yaml(
project: {name: EC-1, first_year: 2026, construction_years: 1, operation_years: 5, benchmark_rate: 6%}
investment:
  - {name: 进口设备, amount: 1100}
economic:
  investment:
    - {name: 进口设备, imported: {cif: 106, exchange_rate: 8.28, domestic_costs: 60}}
)yaml");
  CHECK_REL(evaluate(m).economic.flows.construction[0], 1007.8944, 1e-12);
}

TEST_CASE("ENPV, EIRR and EBCR of a level annuity match their closed forms, whatever the transfers") {
  // Economic flows: −P in year 1, then A = 1500 − 240 = 1260 in years 2–21. Choose P so that
  // EIRR is exactly 10%: P = A · a(20, 10%).
  const double A = 1500 - 0.8 * 300;
  const double P = A * annuity(20, 0.10);
  const auto m = load(annuity_model(P / 0.9));
  const auto r = evaluate(m);
  const auto& ind = r.economic.indicators;
  // Year 1 is discounted once (end-of-year convention).
  const double enpv = (-P + A * annuity(20, 0.08)) / 1.08;
  CHECK_REL(ind.enpv, enpv, 1e-9);
  REQUIRE(ind.eirr.rate);
  CHECK_REL(*ind.eirr.rate, 0.10, 1e-9);
  const double pv_b = 1500 * annuity(20, 0.08) / 1.08, pv_c = (P + 240 * annuity(20, 0.08)) / 1.08;
  REQUIRE(ind.ebcr.value);
  CHECK_REL(*ind.ebcr.value, pv_b / pv_c, 1e-9);
  CHECK_REL(ind.pv_benefits, pv_b, 1e-9);
  CHECK_REL(ind.pv_costs, pv_c, 1e-9);
  // The transfers are there (a subsidy, VAT and surcharges, income tax) and left out.
  CHECK(r.subsidy.sum() > 0);
  CHECK(r.vat_payable.sum() > 0);
  CHECK(r.surcharges.sum() > 0);
  CHECK(r.financing.income_tax.sum() > 0);

  // The checks: ENPV ≥ 0, EIRR ≥ is, EBCR ≥ 1, all passed.
  int seen = 0;
  for (const auto& c : r.checks)
    if (c.name == "enpv" || c.name == "eirr" || c.name == "ebcr") {
      ++seen;
      CHECK(c.passed);
    }
  CHECK(seen == 3);
}

TEST_CASE("the residual value moves EBCR by the side it sits on, and ENPV not at all") {
  const double A = 1260, P = A * annuity(20, 0.10);
  std::string benefit = annuity_model(P / 0.9);
  std::string cost = benefit;
  const auto swap = [](std::string& s, const std::string& from, const std::string& to) { s.replace(s.find(from), from.size(), to); };
  swap(benefit, "residual_value: 0", "residual_value: 1000");
  swap(cost, "residual_value: 0", "residual_value: 1000\n  residual_value_side: cost");
  const auto rb = evaluate(load(benefit)).economic.indicators;
  const auto rc = evaluate(load(cost)).economic.indicators;
  const double pv_r = 1000 / std::pow(1.08, 21);
  const double pv_b = 1500 * annuity(20, 0.08) / 1.08, pv_c = (P + 240 * annuity(20, 0.08)) / 1.08;
  CHECK_REL(rb.enpv, pv_b + pv_r - pv_c, 1e-9);
  CHECK_REL(rc.enpv, rb.enpv, 1e-12);
  CHECK_REL(*rb.ebcr.value, (pv_b + pv_r) / pv_c, 1e-9);
  CHECK_REL(*rc.ebcr.value, pv_b / (pv_c - pv_r), 1e-9);
}

TEST_CASE("EC-7: ENPV −5,071.2 and EBCR 0.7055 from PV(B) 12,150.7 and PV(C) 15,290.0 + 1,931.9") {
  // At is = 0 the present values are the sums: one year of costs and benefits after construction.
  const auto m = load(R"yaml(
project: {name: EC-7, first_year: 2026, construction_years: 1, operation_years: 1, benchmark_rate: 6%}
investment:
  - {name: 投资, amount: 15290.0}
operating_costs:
  - {name: 运营费用, amounts: 1931.9}
economic:
  discount_rate: 0
  residual_value: 0
  benefits:
    - {name: 效益, amounts: 12150.7}
)yaml");
  const auto r = evaluate(m);
  CHECK_REL(r.economic.indicators.enpv, -5071.2, 1e-12);
  REQUIRE(r.economic.indicators.ebcr.value);
  CHECK_ABS(*r.economic.indicators.ebcr.value, 0.7055, 5e-5);
  bool failed = false;
  for (const auto& c : r.checks)
    if (c.name == "enpv") failed = !c.passed;
  CHECK(failed);
}

TEST_CASE("external lines count by their sign, and a price contingency is left out") {
  const auto m = load(R"yaml(
project: {name: signs, first_year: 2026, construction_years: 1, operation_years: 3, benchmark_rate: 6%}
investment:
  - {name: 工程, amount: 1000}
  - {name: 涨价预备费, amount: 80}
economic:
  investment:
    - {name: 涨价预备费, price_contingency: true}
  benefits:
    - {name: 时间节约, amounts: [100, -30, 50]}
  costs:
    - {name: 噪声, amounts: [20, 20, -5]}
)yaml");
  const auto r = evaluate(m);
  const auto& f = r.economic.flows;
  CHECK(f.construction[0] == 1000);
  CHECK(f.indirect_benefit[1] == 100);
  CHECK(f.indirect_benefit[3] == 55);
  CHECK(f.indirect_cost[1] == 20);
  CHECK(f.indirect_cost[2] == 50);
  CHECK(f.net[2] == -50);
}

TEST_CASE("working capital counts in its real-resource share, in 2.3 and in the recovery") {
  const auto m = load(R"yaml(
project: {name: wc, first_year: 2026, construction_years: 1, operation_years: 3, benchmark_rate: 6%}
investment:
  - {name: 工程, amount: 1000}
working_capital: {amounts: [200]}
depreciation: {salvage: 0, life: 3}
economic:
  working_capital_share: 40%
)yaml");
  const auto r = evaluate(m);
  CHECK_REL(r.economic.flows.working_capital[1], 80, 1e-12);
  CHECK_REL(r.economic.flows.residual[3], 80, 1e-12);
}

TEST_CASE("the fiscal view on hand figures, and value for money: PSC − PPP value") {
  const auto m = load(R"yaml(
project: {name: fiscal, first_year: 2026, construction_years: 1, operation_years: 5, benchmark_rate: 6%}
taxes: {income_tax_rate: 0, surcharge_rate: 5%}
investment:
  - {name: 工程, amount: 10000}
revenue:
  - {name: 收入, amounts: 1000}
subsidies:
  - {name: 可用性付费, amounts: 300}
fiscal:
  discount_rate: 3%
  government_equity_share: 50%
  tax_share: 40%
  other_outlays:
    - {name: 配套道路, amounts: [200]}
ppp:
  initial_psc: 8000
  competitive_neutrality: 300
  transferable_risk: 500
  retained_risk: 200
)yaml");
  const auto r = evaluate(m);
  const auto& f = r.fiscal;
  // Outlays: half the equity (10000) in 2026 plus the 200 of supporting works; 300 a year of
  // availability payments. Receipts: 40% of the surcharges, 5% × 1000 a year.
  CHECK_REL(f.outlays[0], 5200, 1e-12);
  CHECK_REL(f.outlays[3], 300, 1e-12);
  CHECK_REL(f.receipts[3], 20, 1e-12);
  double pv_out = 5200 / 1.03, pv_in = 0;
  for (int t = 2; t <= 6; ++t) {
    pv_out += 300 / std::pow(1.03, t);
    pv_in += 20 / std::pow(1.03, t);
  }
  CHECK_REL(f.pv_outlays, pv_out, 1e-12);
  CHECK_REL(f.cost_pv, pv_out - pv_in, 1e-12);
  // PSC = 8000 + 300 + 500 + 200; PPP value = PV of outlays + the retained risk.
  CHECK_REL(f.psc, 9000, 1e-12);
  CHECK_REL(f.ppp_value, pv_out + 200, 1e-12);
  CHECK_REL(f.vfm_amount, 9000 - (pv_out + 200), 1e-12);
  REQUIRE(f.vfm_index);
  CHECK_REL(*f.vfm_index, (9000 - (pv_out + 200)) / 9000, 1e-12);
}

TEST_CASE("special-bond service the project's cash does not cover is the government-fund budget's") {
  const auto bond_gap = [](const char* income) {
    return evaluate(load(std::string(R"yaml(
project: {name: bond gap, first_year: 2026, construction_years: 1, operation_years: 4, benchmark_rate: 6%}
taxes: {income_tax_rate: 0}
investment:
  - {name: 工程, amount: 1000}
revenue:
  - {name: 收入, amounts: )yaml") + income + R"yaml(}
financing:
  equity_share: 50%
  loans:
    - {name: 专项债, kind: special_bond, rate: 4%, maturity: 2030, repayment: bullet}
)yaml"));
  };
  // 500 at 4%: coupons of 20 a year from 2027 and 500 + 20 in 2030. With an income of 100 the
  // project keeps 80 a year (no tax, no dividends): 80, 160, 240 by 2029; in 2030 it has 100 of
  // its own against 520, so its cumulative surplus falls to 240 + 100 − 520 = −180: the budget
  // pays 180, not the 420 the year's income alone leaves. The construction-year coupon (mid-year,
  // 10) is paid from equity, which the fiscal view counts as equity already.
  const auto r = bond_gap("100");
  for (int t = 0; t < 4; ++t) CHECK(r.fiscal.bond_gap[t] == 0);
  CHECK_REL(r.financing.surplus[4], 240 + 100 - 520, 1e-12);
  CHECK_REL(r.fiscal.bond_gap[4], 180, 1e-12);
  CHECK_REL(r.fiscal.discount_rate, 0.04, 1e-15);  // the special bond's coupon, by default
  // With an income of 150 the project has saved 3 × 130 = 390 and pays 150 + 390 ≥ 520 itself.
  const auto saved = bond_gap("150");
  CHECK(saved.financing.surplus[4] >= 0);
  for (int t = 0; t < 5; ++t) CHECK(saved.fiscal.bond_gap[t] == 0);
  // With an income of 10 the coupons themselves outrun it: 10 short in each of 2027–2029 (the
  // surplus falls to −10, −20, −30, each a new low), and 510 in 2030, all within the service.
  const auto poor = bond_gap("10");
  for (int t = 1; t < 4; ++t) CHECK_REL(poor.fiscal.bond_gap[t], 10, 1e-12);
  CHECK_REL(poor.fiscal.bond_gap[4], 510, 1e-12);
}

TEST_CASE("the budget receives each tax at its share: by default the local shares in law") {
  const auto taxes = [](const std::string& fiscal) {
    const auto r = evaluate(load(R"yaml(
project: {name: taxes, first_year: 2026, construction_years: 1, operation_years: 3, benchmark_rate: 6%}
taxes: {income_tax_rate: 25%, vat_rate: 9%, surcharge_rate: 12%}
investment:
  - {name: 工程, amount: 1000}
revenue:
  - {name: 收入, amounts: 1000}
)yaml" + fiscal));
    REQUIRE(r.vat_payable[3] > 0);
    REQUIRE(r.financing.income_tax[3] > 0);
    return std::tuple{r.fiscal.taxes[3], r.vat_payable[3], r.financing.income_tax[3], r.surcharges[3]};
  };
  // No `fiscal:` section: VAT 50% (国发〔2016〕26号), income tax 40% (国发〔2001〕37号), surcharges 100%.
  {
    const auto [got, vat, income, surcharges] = taxes("");
    CHECK_REL(got, 0.5 * vat + 0.4 * income + surcharges, 1e-12);
  }
  {  // `tax_share` sets all three.
    const auto [got, vat, income, surcharges] = taxes("fiscal: {tax_share: 30%}\n");
    CHECK_REL(got, 0.3 * (vat + surcharges) + 0.3 * income, 1e-12);
  }
  {  // ... and a share named for one tax overrides it for that tax.
    const auto [got, vat, income, surcharges] = taxes("fiscal: {tax_share: 30%, vat_share: 25%}\n");
    CHECK_REL(got, 0.25 * vat + 0.3 * income + 0.3 * surcharges, 1e-12);
  }
}

TEST_CASE("an existing asset contributed in kind is equity but no budget outlay") {
  // The building (500) is part of the construction investment and of the equity, paid in kind.
  const auto r = evaluate(load(R"yaml(
project: {name: in kind, first_year: 2026, construction_years: 1, operation_years: 3, benchmark_rate: 6%}
investment:
  - {name: 工程, amount: 1000}
existing_assets:
  - {name: 旧楼, value: 500, in_kind: true}
revenue:
  - {name: 收入, amounts: 300}
financing:
  equity_share: 40%
  loans:
    - {name: 贷款, rate: 4%, term_years: 3}
fiscal: {government_equity_share: 100%}
)yaml"));
  REQUIRE(r.in_kind_investment[0] > 0);
  // 1.1 counts the cash the budget pays in: the equity less the building.
  CHECK_REL(r.fiscal.equity[0], r.financing.equity[0] - r.in_kind_investment[0], 1e-12);
  CHECK(r.fiscal.equity[0] < r.financing.equity[0]);
}

TEST_CASE("cost-effectiveness: levelised financial cost over the levelised effect, PV(C)/PV(E)") {
  const auto m = load(R"yaml(
project: {name: parking, first_year: 2026, construction_years: 1, operation_years: 10, benchmark_rate: 6%}
investment:
  - {name: 停车楼, amount: 3000}
operating_costs:
  - {name: 运营, amounts: 100}
effects:
  - {name: 新增停车泊位, unit: 个, amounts: 400}
)yaml");
  const auto r = evaluate(m);
  REQUIRE(r.cost_effectiveness.size() == 1);
  const auto& ce = r.cost_effectiveness[0];
  const double pv_c = (3000 + 100 * annuity(10, 0.08)) / 1.08;
  const double level = annuity(10, 0.08) / 1.08;  // PV of 1 in each operating year
  CHECK_FALSE(ce.economic_cost);
  CHECK_REL(ce.annual_effect, 400, 1e-12);
  CHECK_REL(ce.annual_cost, pv_c / level, 1e-12);
  REQUIRE(ce.ratio.value);
  CHECK_REL(*ce.ratio.value, pv_c / (400 * level), 1e-12);
}

TEST_CASE("a Monte Carlo draw's plan gives the ENPV that evaluate() gives the changed model") {
  const double P = 1260 * annuity(20, 0.10);
  ProjectModel m = load(annuity_model(P / 0.9));
  EvaluationPlan plan(m);
  EvaluationBuffers buffers;
  plan.model().economic->benefits[0].unit_value->scale = 1.3;
  plan.refresh(&*plan.model().economic->benefits[0].unit_value);
  evaluate_into(plan, buffers, Outputs::indicators(false));
  m.economic->benefits[0].unit_value->scale = 1.3;
  const auto full = evaluate(m);
  CHECK(buffers.result.economic.indicators.enpv == full.economic.indicators.enpv);
  CHECK(*buffers.result.economic.indicators.eirr.rate == *full.economic.indicators.eirr.rate);
}

TEST_CASE("an economic section that is wrong gets located errors") {
  const std::string head = R"yaml(
project: {name: bad, first_year: 2026, construction_years: 1, operation_years: 5, benchmark_rate: 6%}
investment:
  - {name: 工程, amount: 1000}
  - {name: 土地, amount: 100}
economic:
  factors: {fuel: 0}
  investment:
    - {name: 工程, components: {imported: 30%, domestic: 60%}}
    - {name: 土地, land: {area: 10, net_benefit: 0.5, growth: 8%, base_year: 2025}}
  operating_costs:
    - {name: 养护, components: {importd: 100%}}
)yaml";
  const auto errors = errors_of(head);
  auto has = [&](int line, const std::string& field, const std::string& words) {
    for (const auto& e : errors)
      if (e.line == line && e.field == field && e.message.find(words) != std::string::npos) return true;
    return false;
  };
  CHECK(has(7, "economic.factors.fuel", "not above"));
  CHECK(has(9, "economic.investment[0].components", "add up to 90%"));
  CHECK(has(10, "economic.investment[1].land.growth", "social discount rate"));
  // `养护` is not an operating cost line of the model; its unknown component is reported too.
  CHECK(has(12, "economic.operating_costs[0].name", "no line named"));
  CHECK(has(12, "economic.operating_costs[0].components.importd", "unknown component"));
}

}  // TEST_SUITE

TEST_SUITE("economic") {

TEST_CASE("scenario paths reach the economic inputs: a unit value scaled moves ENPV by its present value") {
  const double P = 1260 * annuity(20, 0.10);
  ProjectModel m = load(annuity_model(P / 0.9));
  const double base = evaluate(m).economic.indicators.enpv;
  REQUIRE(apply_change(m, {"economic.benefits.时间节约.unit_value", ChangeOp::Scale, 1.2, {}}).empty());
  // 130 × 10 a year, 20% more: 260 more a year over years 2–21.
  CHECK_REL(evaluate(m).economic.indicators.enpv, base + 260 * annuity(20, 0.08) / 1.08, 1e-9);
  REQUIRE(apply_change(m, {"economic.discount_rate", ChangeOp::Set, 0.06, {}}).empty());
  CHECK(evaluate(m).economic.indicators.discount_rate == 0.06);
  CHECK(apply_change(m, {"economic.investment.工程费用.conversion_factor", ChangeOp::Scale, 0.5, {}}).empty());
  CHECK_FALSE(match_parameters(m, "economic.operating_costs.养护费.conversion_factor").empty());
  CHECK_FALSE(match_parameters(m, "economic.revenue[通行费].conversion_factor").empty());
}

}  // TEST_SUITE

TEST_SUITE("economic") {

TEST_CASE("deductible input VAT on an investment item is a transfer: converted from the cost without it") {
  const auto m = load(R"yaml(
project: {name: vat, first_year: 2026, construction_years: 1, operation_years: 5, benchmark_rate: 6%}
investment:
  - {name: 设备, amount: 1130, input_vat_rate: 13%}
economic:
  investment:
    - {name: 设备, conversion_factor: 0.9}
)yaml");
  const auto r = evaluate(m);
  CHECK_REL(r.economic.flows.construction[0], 1000 * 0.9, 1e-12);
}

}  // TEST_SUITE

TEST_SUITE("economic") {

// The annuity model's external benefit: 130 hours × 10 a year over years 2–21, so a scale s of
// its unit value moves ENPV by (s − 1) · 1300 · a(20, 8%) / 1.08 and PV(benefits) by the same.
// The annuity model at EIRR 10% and its closed forms: ENPV, PV(B), PV(C), and the PV of the time
// savings line (1300 a year) that a scale of its unit value moves.
struct AnnuityCase {
  double A = 1260, P = 1260 * annuity(20, 0.10);
  ProjectModel m = load(annuity_model(P / 0.9));
  double pv_line = 1300 * annuity(20, 0.08) / 1.08;
  double enpv0 = (-P + A * annuity(20, 0.08)) / 1.08;
  double pv_b = 1500 * annuity(20, 0.08) / 1.08, pv_c = (P + 240 * annuity(20, 0.08)) / 1.08;
};

TEST_CASE("sensitivity: ENPV, EIRR and EBCR of a changed unit value, and the ENPV critical point, from their closed forms") {
  const AnnuityCase c;
  const auto& [A, P, m, pv_line, enpv0, pv_b, pv_c] = c;
  SensitivitySpec spec;
  spec.factors = {{"时间价值", {"economic.benefits.时间节约.unit_value"}, FactorOp::Scale, {-0.1, 0.1}}};
  const SensitivityResult res = run_sensitivity(m, spec);
  REQUIRE(res.base[SensIndicator::Enpv]);
  CHECK_REL(*res.base[SensIndicator::Enpv], enpv0, 1e-9);
  REQUIRE(res.base[SensIndicator::Eirr]);
  CHECK_REL(*res.base[SensIndicator::Eirr], 0.10, 1e-9);
  const FactorResult& f = res.factors.at(0);
  for (const auto& p : f.points) {
    REQUIRE(p.values[SensIndicator::Enpv]);
    CHECK_REL(*p.values[SensIndicator::Enpv], enpv0 + p.change * pv_line, 1e-9);
    REQUIRE(p.values[SensIndicator::Ebcr]);
    CHECK_REL(*p.values[SensIndicator::Ebcr], (pv_b + p.change * pv_line) / pv_c, 1e-9);
    // ENPV is linear in the unit value: every SAF is PV(line) / ENPV.
    REQUIRE(p.saf[static_cast<int>(SensIndicator::Enpv)]);
    CHECK_REL(*p.saf[static_cast<int>(SensIndicator::Enpv)], pv_line / enpv0, 1e-8);
    // The financial analysis does not see the benefit.
    CHECK(*p.values[SensIndicator::FnpvPostTax] == *res.base[SensIndicator::FnpvPostTax]);
  }
  // ENPV = 0 when the unit value falls by ENPV / PV(line); FNPV never turns.
  REQUIRE(f.critical_economic.status == CriticalPoint::Status::Found);
  CHECK_REL(*f.critical_economic.change, -enpv0 / pv_line, 1e-9);
  CHECK(std::abs(f.critical_economic.fnpv_at_change) < 1e-6);
  CHECK(f.critical_post_tax.status == CriticalPoint::Status::NotInRange);
  // No fiscal section: no fiscal cost among the indicators.
  CHECK_FALSE(res.base[SensIndicator::FiscalCostPv]);
  CHECK(res.base.reason[static_cast<int>(SensIndicator::FiscalCostPv)].en == "the model has no fiscal or ppp section");
  CHECK(res.base.reason[static_cast<int>(SensIndicator::FiscalCostPv)].zh == "模型没有 `fiscal` 或 `ppp` 部分");
}

TEST_CASE("sensitivity of a public project: ranked on EIRR, swings and tornado of ENPV, each from its closed form") {
  // A public project is decided on its economic analysis. Three factors, ±10%: the time-savings
  // unit value (1300 a year of benefit), the maintenance cost (240 a year at economic prices) and
  // the toll (200 a year of direct benefit). ENPV is linear in each: a change c moves it by
  // c · PV(line), PV(line) = line · a(20, 8%) / 1.08, so the swing between −10% and +10% is
  // 0.2 · PV(line). The financial view sees the toll most and the time savings not at all.
  const AnnuityCase c;
  const auto& [A, P, m, pv_line, enpv0, pv_b, pv_c] = c;
  SensitivitySpec spec;
  spec.factors = {{"通行费", {"revenue.*.amounts"}, FactorOp::Scale, {-0.1, 0.1}},
                  {"养护费", {"operating_costs.*.amounts"}, FactorOp::Scale, {-0.1, 0.1}},
                  {"时间价值", {"economic.benefits.时间节约.unit_value"}, FactorOp::Scale, {-0.1, 0.1}}};
  const SensitivityResult res = run_sensitivity(m, spec);
  CHECK(res.decisive == SensIndicator::Enpv);
  CHECK(res.ranked_by == SensIndicator::Eirr);
  REQUIRE(res.factors.size() == 3);
  const double a = annuity(20, 0.08) / 1.08;
  const std::vector<std::pair<std::string, double>> expected{{"时间价值", 1300 * a}, {"养护费", 240 * a}, {"通行费", 200 * a}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const FactorResult& f = res.factors[i];
    CAPTURE(f.factor.name);
    CHECK(f.factor.name == expected[i].first);  // by |SAF of EIRR|, widest PV(line) first
    CHECK(f.rank == static_cast<int>(i + 1));
    REQUIRE(f.swing);
    CHECK_REL(*f.swing, 0.2 * expected[i].second, 1e-9);
    REQUIRE(f.saf[static_cast<int>(SensIndicator::Enpv)]);
    CHECK_REL(std::abs(*f.saf[static_cast<int>(SensIndicator::Enpv)]), expected[i].second / enpv0, 1e-8);
  }
  // The tornado table is of ENPV: the time value's bar from ENPV at −10% to ENPV at +10%.
  const auto tables = sensitivity_tables(m, res, Lang::Zh);
  const auto tornado = std::find_if(tables.begin(), tables.end(), [](const report::Table& t) { return t.key == "tornado"; });
  REQUIRE(tornado != tables.end());
  CHECK(tornado->title_zh == "龙卷风图数据（经济净现值 ENPV，按摆幅排序）");
  REQUIRE(tornado->rows.size() == 3);
  const auto& bar = tornado->rows.front().values;
  REQUIRE(bar.size() == 3);
  REQUIRE(bar[0]);
  REQUIRE(bar[1]);
  CHECK_REL(*bar[0], enpv0 - 0.1 * 1300 * a, 1e-9);
  CHECK_REL(*bar[1], enpv0 + 0.1 * 1300 * a, 1e-9);

  // Without EIRR for some factor, ENPV's SAF ranks; a financial model keeps FIRR, else FNPV.
  std::vector<FactorResult> fs(2);
  fs[0].factor = {"small", {"x"}, FactorOp::Scale, {0.1}};
  fs[0].saf[static_cast<int>(SensIndicator::Enpv)] = 0.5;
  fs[0].saf[static_cast<int>(SensIndicator::Eirr)] = 0.9;
  fs[1].factor = {"large", {"y"}, FactorOp::Scale, {0.1}};
  fs[1].saf[static_cast<int>(SensIndicator::Enpv)] = -2.0;
  CHECK(rank_factors(fs, SensIndicator::Enpv) == SensIndicator::Enpv);
  CHECK(fs[0].factor.name == "large");
  CHECK(rank_factors(fs, SensIndicator::FnpvPostTax) == SensIndicator::FnpvPostTax);
}

TEST_CASE("simulate: every draw's ENPV and EBCR from the closed form, and P(ENPV < 0) = P(EIRR < is) = P(EBCR < 1) counted") {
  const AnnuityCase c;
  const auto& [A, P, m, pv_line, enpv0, pv_b, pv_c] = c;
  SimulationSpec spec;
  spec.inputs = {{"时间价值", {"economic.benefits.时间节约.unit_value"}, DrawOp::Scale, UniformDist{0.5, 1.5}}};
  spec.draws = 2000;
  spec.threads = 2;
  spec.keep_samples = true;
  const SimulationResult r = simulate(m, spec);
  const auto k_enpv = static_cast<std::size_t>(RiskIndicator::Enpv), k_eirr = static_cast<std::size_t>(RiskIndicator::Eirr),
             k_ebcr = static_cast<std::size_t>(RiskIndicator::Ebcr);
  REQUIRE(r.indicators[k_enpv].computed);
  REQUIRE(r.indicators[k_eirr].computed);
  REQUIRE(r.indicators[k_ebcr].computed);
  CHECK_FALSE(r.indicators[static_cast<std::size_t>(RiskIndicator::FiscalCostPv)].computed);
  CHECK(*r.indicators[k_enpv].threshold == 0.0);
  CHECK(*r.indicators[k_eirr].threshold == 0.08);
  CHECK(*r.indicators[k_ebcr].threshold == 1.0);
  CHECK_REL(*r.indicators[k_enpv].base, enpv0, 1e-9);
  std::int64_t below = 0;
  double sum = 0;
  for (std::int64_t i = 0; i < r.draws; ++i) {
    const double s = r.input_samples[static_cast<std::size_t>(i)];
    const double enpv = enpv0 + (s - 1) * pv_line;
    const double* v = &r.value_samples[static_cast<std::size_t>(i) * kRiskIndicators];
    CHECK_ABS(v[k_enpv], enpv, 1e-9 * std::abs(enpv0));
    CHECK_REL(v[k_ebcr], (pv_b + (s - 1) * pv_line) / pv_c, 1e-9);
    below += enpv < 0 ? 1 : 0;
    sum += enpv;
  }
  CHECK(r.indicators[k_enpv].below_count == below);
  CHECK(r.indicators[k_eirr].below_count == below);  // conventional flows: EIRR < is exactly when ENPV < 0
  CHECK(r.indicators[k_ebcr].below_count == below);
  CHECK_REL(*r.indicators[k_enpv].mean, sum / static_cast<double>(r.draws), 1e-9);
  // The draws reach both sides: the break-even scale 1 − ENPV/PV(line) ≈ 0.87 is inside [0.5, 1.5].
  CHECK(below > 0);
  CHECK(below < r.draws);
}

}  // TEST_SUITE
