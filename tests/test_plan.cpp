// The compiled evaluation (project/plan.hpp): both ways the code allows — a Monte Carlo draw
// (DrawApplier writing into a compiled plan, evaluated for the indicators into reused buffers)
// and the full statements (apply_change on a copy of the model, then evaluate()) — give the
// same numbers to the last bit for random perturbations of every example model.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "appraise/project/plan.hpp"
#include "appraise/risk/simulation.hpp"
#include "appraise/scenario/parameters.hpp"
#include "model_fixtures.hpp"

using namespace appraise;
using model_fixtures::example;

namespace {

// Bit-for-bit equality (NaN equals NaN with the same bits).
bool same(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
bool same(const std::optional<double>& a, const std::optional<double>& b) {
  return a.has_value() == b.has_value() && (!a || same(*a, *b));
}
bool same(const YearRow& a, const YearRow& b) {
  // An empty row has no data (a null pointer, which memcmp must not be given even for 0 bytes).
  return a.size() == b.size() &&
         (a.size() == 0 || std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0);
}

// Every path kind the draws can change, where the model has it, with a draw in a valid range.
struct Probe {
  std::string path;
  DrawOp op;
  double lo, hi;
};
const std::vector<Probe> kProbes{
    {"revenue.*.volume", DrawOp::Scale, 0.6, 1.3},          {"revenue.*.price", DrawOp::Scale, 0.7, 1.2},
    {"revenue.*.amounts", DrawOp::Scale, 0.6, 1.3},         {"investment.*.amount", DrawOp::Scale, 0.9, 1.4},
    {"operating_costs.*.amounts", DrawOp::Scale, 0.8, 1.4}, {"operating_costs.*.per_unit", DrawOp::Add, -0.05, 0.05},
    {"operating_costs.*.share_of_revenue", DrawOp::Scale, 0.8, 1.2}, {"subsidies.*.amounts", DrawOp::Set, 0.0, 500.0},
    {"sustaining_investment.amounts", DrawOp::Scale, 0.5, 2.0},      {"working_capital.amounts", DrawOp::Scale, 0.5, 2.0},
    {"taxes.income_tax_rate", DrawOp::Set, 0.15, 0.25},     {"taxes.vat_rate", DrawOp::Scale, 0.8, 1.2},
    {"project.benchmark_rate", DrawOp::Add, -0.02, 0.02},   {"financing.loans.*.rate", DrawOp::Add, -0.01, 0.015},
    {"depreciation.salvage", DrawOp::Set, 0.0, 0.1},        {"targets.dscr", DrawOp::Set, 1.0, 1.5},
    // Sale projects, the economic analysis and the fiscal view (the models below).
    {"revenue.*.area", DrawOp::Scale, 0.8, 1.2},            {"taxes.land_appreciation_tax.prepay_rate", DrawOp::Set, 0.01, 0.03},
    {"economic.benefits.*.unit_value", DrawOp::Scale, 0.7, 1.3},
    {"economic.investment.*.conversion_factor", DrawOp::Scale, 0.8, 1.1},
    {"economic.discount_rate", DrawOp::Set, 0.06, 0.10},    {"fiscal.vat_share", DrawOp::Set, 0.3, 0.5}};

ChangeOp change_of(DrawOp op) { return op == DrawOp::Scale ? ChangeOp::Scale : op == DrawOp::Add ? ChangeOp::Add : ChangeOp::Set; }

// With and without the project (有无对比): an existing asset in kind, the without case as series
// (parking-garage-revitalisation has it as a model of its own).
const char* kWithWithoutModel = R"yaml(
project: {name: ww, first_year: 2026, construction_years: 1, operation_years: 8, benchmark_rate: 6%}
taxes: {income_tax_rate: 25%}
investment:
  - {name: works, amount: 1000}
existing_assets:
  - {name: building, value: 500}
depreciation: {life: 8, salvage: 5%}
revenue:
  - {name: parking, amounts: 600}
operating_costs:
  - {name: running, amounts: 200}
financing:
  equity_share: 50%
  loans:
    - {name: bank, rate: 4.9%, term_years: 6, repayment: equal_payment}
without:
  revenue: [0, 300, 300, 300, 300, 300, 300, 300, 300]
  operating_costs: [0, 100, 100, 100, 100, 100, 100, 100, 100]
)yaml";

// The economic analysis and the fiscal view of a financed project.
const char* kEconomicModel = R"yaml(
project: {name: economic, first_year: 2026, construction_years: 2, operation_years: 15, benchmark_rate: 6%}
taxes: {income_tax_rate: 25%, vat_rate: 9%, surcharge_rate: 12%}
investment:
  - {name: 工程费用, amount: 9000, phasing: [50%, 50%]}
revenue:
  - {name: 通行费, amounts: 900}
subsidies:
  - {name: 运营补贴, amounts: 200}
operating_costs:
  - {name: 养护费, amounts: 250}
financing:
  equity_share: 30%
  loans:
    - {name: 银行贷款, rate: 4.5%, term_years: 12, repayment: equal_payment}
economic:
  revenue:
    - {name: 通行费, conversion_factor: 0.5}
  investment:
    - {name: 工程费用, conversion_factor: 0.9}
  operating_costs:
    - {name: 养护费, conversion_factor: 0.8}
  benefits:
    - {name: 时间节约, quantity: 130, unit_value: 10}
fiscal:
  government_equity_share: 50%
  tax_share: 40%
)yaml";

// Evaluates random perturbations of `model` both ways the code allows — a draw (indicators only)
// and the full statements of apply_change + evaluate() — and requires them equal to the last bit;
// the same plan evaluated in full must give every statement row too.
void agree_both_ways(const ProjectModel& model, std::mt19937_64& gen, std::size_t min_inputs) {
  std::vector<UncertainInput> inputs;
  std::vector<Probe> used;
  ProjectModel probe = model;
  for (const auto& p : kProbes)
    if (!match_parameters(probe, p.path).empty()) {
      inputs.push_back({p.path, {p.path}, p.op, UniformDist{p.lo, p.hi}});
      used.push_back(p);
    }
  REQUIRE(inputs.size() >= min_inputs);
  EvaluationPlan plan(model);
  DrawApplier applier(plan, inputs);
  EvaluationBuffers draw, full_plan;  // reused across trials, as a worker reuses them
  int evaluated = 0;
  for (int trial = 0; trial < 40; ++trial) {
    CAPTURE(trial);
    std::vector<double> x;
    ProjectModel changed = model;
    Message why;
    for (const auto& p : used) {
      x.push_back(std::uniform_real_distribution<double>(p.lo, p.hi)(gen));
      if (why.empty()) why = apply_change(changed, {p.path, change_of(p.op), x.back(), {}});
    }
    REQUIRE(applier.apply(x).empty());
    if (!why.empty()) continue;  // a change the model refuses (both ways refuse it alike)
    std::optional<ProjectResult> expected;
    try {
      expected = evaluate(changed);
    } catch (const EvaluationError&) {
      CHECK_THROWS_AS(evaluate_into(plan, draw, Outputs::indicators(true)), EvaluationError);
      continue;
    }
    ++evaluated;
    // The draw: indicators only.
    evaluate_into(plan, draw, Outputs::indicators(true));
    const auto& a = draw.result.indicators;
    const auto& b = expected->indicators;
    CHECK(same(a.fnpv_pre_tax, b.fnpv_pre_tax));
    CHECK(same(a.fnpv_post_tax, b.fnpv_post_tax));
    CHECK(same(a.firr_pre_tax.rate, b.firr_pre_tax.rate));
    CHECK(same(a.firr_post_tax.rate, b.firr_post_tax.rate));
    CHECK(same(a.equity_irr.rate, b.equity_irr.rate));
    CHECK(same(a.dscr_min.value, b.dscr_min.value));
    CHECK(same(a.icr_min.value, b.icr_min.value));
    REQUIRE(a.bonds.size() == b.bonds.size());
    for (std::size_t k = 0; k < a.bonds.size(); ++k) CHECK(same(a.bonds[k].coverage, b.bonds[k].coverage));
    CHECK(same(draw.result.financing.dscr, expected->financing.dscr));
    CHECK(same(draw.result.cash_flow.post_tax, expected->cash_flow.post_tax));
    CHECK(same(draw.result.financing.eq_net, expected->financing.eq_net));
    // Sale projects: the land appreciation tax and the inventory released.
    CHECK(same(draw.result.land_appreciation_tax_paid, expected->land_appreciation_tax_paid));
    CHECK(same(draw.result.cost_of_sales, expected->cost_of_sales));
    // With and without: the increments and their decision indicators.
    const auto& xa = draw.result.incremental;
    const auto& xb = expected->incremental;
    REQUIRE(xa.present == xb.present);
    if (xb.present) {
      CHECK(same(xa.post_tax, xb.post_tax));
      CHECK(same(xa.firr_pre_tax.rate, xb.firr_pre_tax.rate));
      CHECK(same(xa.firr_post_tax.rate, xb.firr_post_tax.rate));
      CHECK(same(xa.fnpv_post_tax, xb.fnpv_post_tax));
      CHECK(same(xa.fnpv_pre_tax, xb.fnpv_pre_tax));
      CHECK(same(xa.pre_tax, xb.pre_tax));
    }
    // The decision indicators compare, sensitivity and simulate rank on (the increments of a
    // with/without model): read from the draw as simulate reads them.
    const DecisionIndicators da = decision_indicators(draw.result), db = decision_indicators(*expected);
    REQUIRE(da.incremental == db.incremental);
    CHECK(da.incremental == model.without.has_value());
    CHECK(same(da.fnpv_pre_tax, db.fnpv_pre_tax));
    CHECK(same(da.fnpv_post_tax, db.fnpv_post_tax));
    CHECK(same(da.firr_pre_tax.rate, db.firr_pre_tax.rate));
    CHECK(same(da.firr_post_tax.rate, db.firr_post_tax.rate));
    // The economic analysis.
    const auto& ea = draw.result.economic;
    const auto& eb = expected->economic;
    REQUIRE(ea.computed == eb.computed);
    if (eb.computed) {
      CHECK(same(ea.indicators.enpv, eb.indicators.enpv));
      CHECK(same(ea.indicators.eirr.rate, eb.indicators.eirr.rate));
      CHECK(same(ea.indicators.ebcr.value, eb.indicators.ebcr.value));
    }
    // Cost-effectiveness: with no economic analysis its cost is the project cash flow's
    // outflows, which a draw stores for it alone (cost_effectiveness_reads_outflow).
    REQUIRE(draw.result.cost_effectiveness.size() == expected->cost_effectiveness.size());
    for (std::size_t k = 0; k < expected->cost_effectiveness.size(); ++k) {
      CHECK(same(draw.result.cost_effectiveness[k].pv_cost, expected->cost_effectiveness[k].pv_cost));
      CHECK(same(draw.result.cost_effectiveness[k].annual_cost, expected->cost_effectiveness[k].annual_cost));
    }
    // The same plan evaluated in full: every statement row.
    evaluate_into(plan, full_plan, Outputs::all());
    const auto& r = full_plan.result;
    const auto& e = *expected;
    for (const auto& [x1, x2] : std::vector<std::pair<const YearRow*, const YearRow*>>{
             {&r.revenue, &e.revenue}, {&r.operating_cost, &e.operating_cost}, {&r.surcharges, &e.surcharges},
             {&r.depreciation, &e.depreciation}, {&r.total_cost, &e.total_cost}, {&r.cash_flow.pre_tax, &e.cash_flow.pre_tax},
             {&r.financing.income_tax, &e.financing.income_tax}, {&r.financing.net_profit, &e.financing.net_profit},
             {&r.financing.surplus, &e.financing.surplus}, {&r.financing.dividends, &e.financing.dividends},
             {&r.financing.total_assets, &e.financing.total_assets}, {&r.financing.owners_equity, &e.financing.owners_equity},
             {&r.financing.debt_to_asset, &e.financing.debt_to_asset}, {&r.financing.fin_net, &e.financing.fin_net},
             {&r.financing.icr, &e.financing.icr}, {&r.inventory, &e.inventory},
             {&r.incremental.post_tax, &e.incremental.post_tax}, {&r.fiscal.outlays, &e.fiscal.outlays},
             {&r.fiscal.receipts, &e.fiscal.receipts}})
      CHECK(same(*x1, *x2));
    CHECK(same(r.economic.indicators.enpv, e.economic.indicators.enpv));
    CHECK(same(r.indicators.dynamic_payback_post_tax.periods, e.indicators.dynamic_payback_post_tax.periods));
    // The ratios a draw does not collect (Outputs::ratios), and a bond's other coverages.
    CHECK(same(r.indicators.llcr.value, e.indicators.llcr.value));
    CHECK(same(r.indicators.plcr.value, e.indicators.plcr.value));
    CHECK(same(r.indicators.roe.value, e.indicators.roe.value));
    CHECK(same(r.indicators.dscr_avg.value, e.indicators.dscr_avg.value));
    REQUIRE(r.indicators.bonds.size() == e.indicators.bonds.size());
    for (std::size_t k = 0; k < r.indicators.bonds.size(); ++k) {
      CHECK(same(r.indicators.bonds[k].coverage_all_debt, e.indicators.bonds[k].coverage_all_debt));
      CHECK(same(r.indicators.bonds[k].pv_coverage, e.indicators.bonds[k].pv_coverage));
    }
    REQUIRE(r.checks.size() == e.checks.size());
    for (std::size_t k = 0; k < r.checks.size(); ++k) CHECK(r.checks[k].message_en == e.checks[k].message_en);
  }
  CHECK(evaluated >= 20);
}

}  // namespace

TEST_CASE("plan: a draw and the full statements agree to the last bit on random perturbations of every example") {
  std::mt19937_64 gen(20261130);
  for (const char* name : {"toll-bridge", "sewage-plant", "industrial-park", "parking-revitalisation", "stalled-building-sale",
                           "parking-garage-revitalisation", "land-redevelopment"}) {
    CAPTURE(name);
    agree_both_ways(example(name), gen, 8);
  }
}

TEST_CASE("plan: a draw and the full statements agree on a with/without model by series and an economic model") {
  std::mt19937_64 gen(20261201);
  SUBCASE("with and without") {
    const ProjectModel m = model_fixtures::load(kWithWithoutModel);
    REQUIRE(evaluate(m).incremental.present);
    agree_both_ways(m, gen, 5);
  }
  SUBCASE("cost-effectiveness without an economic analysis") {
    // The toll bridge with an effect: its cost is then the financial outflows.
    ProjectModel m = example("toll-bridge");
    REQUIRE_FALSE(m.economic);
    m.effects.push_back({});
    m.effects.back().name = "新增通行能力";
    m.effects.back().unit = "万车次";
    m.effects.back().amounts = Series::of(1150);
    const auto r = evaluate(m);
    REQUIRE(r.cost_effectiveness.size() == 1);
    REQUIRE_FALSE(r.cost_effectiveness[0].economic_cost);
    agree_both_ways(m, gen, 8);
  }
  SUBCASE("economic analysis and fiscal view") {
    const ProjectModel m = model_fixtures::load(kEconomicModel);
    REQUIRE(evaluate(m).economic.computed);
    agree_both_ways(m, gen, 8);
  }
}

TEST_CASE("plan: a plan recompiled after the operation period changes evaluates the new shape") {
  ProjectModel model = example("toll-bridge");
  EvaluationPlan plan(model);
  plan.model().operation_years = 20;
  plan.recompile();
  EvaluationBuffers b;
  evaluate_into(plan, b);
  model.operation_years = 20;
  const ProjectResult e = evaluate(model);
  CHECK(b.result.years == e.years);
  CHECK(same(b.result.cash_flow.post_tax, e.cash_flow.post_tax));
  CHECK(same(b.result.financing.surplus, e.financing.surplus));
}

TEST_CASE("plan: buffers reused across compiles and outputs carry the names of the model evaluated last") {
  // A worker's buffers keep their names from one draw to the next; a recompile, or outputs
  // that run other steps, must name them again.
  ProjectModel model = example("toll-bridge");
  EvaluationPlan plan(model);
  EvaluationBuffers b;
  evaluate_into(plan, b, Outputs::indicators(false));  // no financing step: no bond named yet
  evaluate_into(plan, b, Outputs::all());
  const ProjectResult e = evaluate(model);
  REQUIRE(b.result.indicators.bonds.size() == e.indicators.bonds.size());
  REQUIRE_FALSE(e.indicators.bonds.empty());
  CHECK(b.result.indicators.bonds.front().name == e.indicators.bonds.front().name);
  plan.model().investment.front().name = "引桥工程（改）";
  plan.model().financing->loans.front().name = "专项债（改）";
  plan.recompile();
  evaluate_into(plan, b, Outputs::all());
  CHECK(b.result.investment_items.front().name == "引桥工程（改）");
  CHECK(b.result.financing.loans.front().name == "专项债（改）");
  CHECK(b.result.indicators.bonds.front().name == "专项债（改）");
}
