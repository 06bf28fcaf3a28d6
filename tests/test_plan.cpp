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
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0;
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
    {"depreciation.salvage", DrawOp::Set, 0.0, 0.1},        {"targets.dscr", DrawOp::Set, 1.0, 1.5}};

ChangeOp change_of(DrawOp op) { return op == DrawOp::Scale ? ChangeOp::Scale : op == DrawOp::Add ? ChangeOp::Add : ChangeOp::Set; }

}  // namespace

TEST_CASE("plan: a draw and the full statements agree to the last bit on random perturbations of every example") {
  std::mt19937_64 gen(20261130);
  for (const char* name : {"toll-bridge", "sewage-plant", "industrial-park", "parking-revitalisation", "stalled-building-sale",
                           "parking-garage-revitalisation", "land-redevelopment"}) {
    CAPTURE(name);
    const ProjectModel model = example(name);
    std::vector<UncertainInput> inputs;
    std::vector<Probe> used;
    ProjectModel probe = model;
    for (const auto& p : kProbes)
      if (!match_parameters(probe, p.path).empty()) {
        inputs.push_back({p.path, {p.path}, p.op, UniformDist{p.lo, p.hi}});
        used.push_back(p);
      }
    REQUIRE(inputs.size() >= 8);
    EvaluationPlan plan(model);
    DrawApplier applier(plan, inputs);
    EvaluationBuffers draw, full_plan;  // reused across trials, as a worker reuses them
    int evaluated = 0;
    for (int trial = 0; trial < 40; ++trial) {
      CAPTURE(trial);
      std::vector<double> x;
      ProjectModel changed = model;
      std::string why;
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
      CHECK(same(a.llcr.value, b.llcr.value));
      CHECK(same(a.roe.value, b.roe.value));
      REQUIRE(a.bonds.size() == b.bonds.size());
      for (std::size_t k = 0; k < a.bonds.size(); ++k) CHECK(same(a.bonds[k].coverage, b.bonds[k].coverage));
      CHECK(same(draw.result.financing.dscr, expected->financing.dscr));
      CHECK(same(draw.result.cash_flow.post_tax, expected->cash_flow.post_tax));
      CHECK(same(draw.result.financing.eq_net, expected->financing.eq_net));
      // With a without-project model: the increments from the plan's one evaluation of it.
      CHECK(same(draw.result.incremental.post_tax, expected->incremental.post_tax));
      CHECK(same(draw.result.incremental.firr_post_tax.rate, expected->incremental.firr_post_tax.rate));
      // The same plan evaluated in full: every statement row.
      evaluate_into(plan, full_plan, Outputs::all());
      const auto& r = full_plan.result;
      const auto& e = *expected;
      for (const auto& [x1, x2] : std::vector<std::pair<const YearRow*, const YearRow*>>{
               {&r.revenue, &e.revenue}, {&r.operating_cost, &e.operating_cost}, {&r.surcharges, &e.surcharges},
               {&r.depreciation, &e.depreciation}, {&r.total_cost, &e.total_cost}, {&r.cash_flow.pre_tax, &e.cash_flow.pre_tax},
               {&r.financing.income_tax, &e.financing.income_tax}, {&r.financing.net_profit, &e.financing.net_profit},
               {&r.financing.surplus, &e.financing.surplus}, {&r.financing.total_assets, &e.financing.total_assets},
               {&r.financing.owners_equity, &e.financing.owners_equity}, {&r.financing.debt_to_asset, &e.financing.debt_to_asset},
               {&r.financing.fin_net, &e.financing.fin_net}, {&r.financing.icr, &e.financing.icr}})
        CHECK(same(*x1, *x2));
      CHECK(same(r.indicators.dynamic_payback_post_tax.periods, e.indicators.dynamic_payback_post_tax.periods));
      REQUIRE(r.checks.size() == e.checks.size());
      for (std::size_t k = 0; k < r.checks.size(); ++k) CHECK(r.checks[k].message_en == e.checks[k].message_en);
    }
    CHECK(evaluated >= 20);
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
