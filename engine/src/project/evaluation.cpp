// The steps of evaluating a compiled plan that come before financing (plan.hpp, steps 1–5 and
// 7–9), evaluate_into() which runs every step in order, and evaluate().
#include "appraise/project/evaluation.hpp"

#include "appraise/core/units.hpp"
#include "appraise/project/plan.hpp"
#include "appraise/messages/project.hpp"
#include "project_parts.hpp"
#include "../economic/steps.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>

namespace appraise {

using namespace appraise::literals;
namespace {

// Sizes `row` to n (first use or a change of shape) and zeroes it.
void reset(YearRow& row, int n) {
  if (row.size() != n) row.resize(n);
  row.setZero();
}

void reset_named(std::vector<NamedRow>& rows, std::size_t count, int n, bool named, auto name_of) {
  rows.resize(count);
  for (std::size_t k = 0; k < count; ++k) {
    if (!named && rows[k].name != name_of(k)) rows[k].name = name_of(k);
    reset(rows[k].values, n);
  }
}

// Shapes the result for the plan: sizes, names and calendar, set again only when they differ.
void prepare(const EvaluationPlan& plan, EvaluationBuffers& b, const Outputs& outputs) {
  const ProjectModel& m = plan.model();
  ProjectResult& r = b.result;
  const int n = plan.years();
  b.named = b.named_for == plan.compile_id() && b.named_outputs == outputs;
  const bool named = b.named;
  r.first_year = m.first_year;
  r.construction_years = m.construction_years;
  r.years = n;
  if (!named && r.unit != m.unit) r.unit = m.unit;
  if (static_cast<int>(r.calendar.size()) != n || (n > 0 && r.calendar.front() != m.first_year)) {
    r.calendar.clear();
    for (int i = 0; i < n; ++i) r.calendar.push_back(m.first_year + i);
  }
  reset_named(r.investment_items, m.investment.size(), n, named, [&m](std::size_t k) -> const std::string& { return m.investment[k].name; });
  reset_named(r.revenue_lines, m.revenue.size(), n, named, [&m](std::size_t k) -> const std::string& { return m.revenue[k].name; });
  reset_named(r.volumes, m.revenue.size(), n, named, [&m](std::size_t k) -> const std::string& { return m.revenue[k].name; });
  reset_named(r.subsidy_lines, m.subsidies.size(), n, named, [&m](std::size_t k) -> const std::string& { return m.subsidies[k].name; });
  reset_named(r.operating_cost_lines, m.operating_costs.size(), n, named,
              [&m](std::size_t k) -> const std::string& { return m.operating_costs[k].name; });
  for (YearRow* row : {&b.capitalised, &b.scratch_net, &b.fixed_draws, &b.equity_part, &b.draws, &b.term_dscr, &b.cash_investment})
    reset(*row, n);
  r.checks.clear();
  r.indicators.first_deficit_year.reset();
  r.indicators.short_term_years.clear();
}

// 1. 建设投资 by item and in total; 维持运营投资, spent and expensed.
void compute_investment(const EvaluationPlan& plan, ProjectResult& r) {
  const ProjectModel& m = plan.model();
  const int n = plan.years();
  reset(r.construction_investment, n);
  reset(r.in_kind_investment, n);
  for (std::size_t i = 0; i < m.investment.size(); ++i) {
    const auto& item = m.investment[i];
    YearRow& values = r.investment_items[i].values;
    // Only the phased years hold an amount (the rest stay 0): the totals add them as they are
    // written, rather than re-reading the row (a row-wide add right after single-value stores
    // cannot take them from the store buffer, and stalled).
    for (std::size_t k = 0; k < item.phasing.size() && static_cast<int>(k) < m.construction_years; ++k) {
      const auto t = static_cast<Eigen::Index>(k);
      values[t] = item.amount * item.phasing[k];
      r.construction_investment[t] += values[t];
      if (item.in_kind) r.in_kind_investment[t] += values[t];
    }
  }
  reset(r.sustaining, n);
  reset(r.sustaining_expensed, n);
  for (std::size_t i = 0; i < m.sustaining.size(); ++i) {
    const YearRow& spent = plan.row(plan.sustaining[i]);
    r.sustaining += spent;
    if (!m.sustaining[i].capitalise) r.sustaining_expensed += spent;
  }
}

// 2. 营业收入 by line and subsidies.
void compute_revenue(const EvaluationPlan& plan, ProjectResult& r) {
  const ProjectModel& m = plan.model();
  const int n = plan.years();
  reset(r.revenue, n);
  for (std::size_t i = 0; i < m.revenue.size(); ++i) {
    const auto& line = m.revenue[i];
    const auto& ref = plan.revenue[i];
    YearRow& values = r.revenue_lines[i].values;
    YearRow& volume = r.volumes[i].values;
    if (ref.amounts >= 0) {
      values = plan.row(ref.amounts);
    } else if (ref.volume >= 0) {
      volume = plan.row(ref.volume);
      for (int k = 0; k < m.operation_years; ++k) {
        const double ramp = static_cast<std::size_t>(k) < line.ramp_up.size() ? line.ramp_up[static_cast<std::size_t>(k)] : 1.0;
        volume[m.construction_years + k] *= ramp;
      }
      values = volume * plan.row(ref.price);
    }
    r.revenue += values;
  }
  reset(r.subsidy, n);
  reset(r.subsidy_taxable, n);
  for (std::size_t i = 0; i < m.subsidies.size(); ++i) {
    YearRow& values = r.subsidy_lines[i].values;
    values = plan.row(plan.subsidies[i]);
    r.subsidy += values;
    if (m.subsidies[i].taxable) r.subsidy_taxable += values;
  }
}

// 3. 经营成本: fixed, per unit of a revenue line's volume, or a share of revenue.
void compute_operating_costs(const EvaluationPlan& plan, ProjectResult& r) {
  const ProjectModel& m = plan.model();
  const int n = plan.years();
  reset(r.operating_cost, n);
  reset(r.fixed_operating_cost, n);
  reset(r.variable_operating_cost, n);
  for (std::size_t i = 0; i < m.operating_costs.size(); ++i) {
    const auto& c = m.operating_costs[i];
    const auto& ref = plan.costs[i];
    YearRow& values = r.operating_cost_lines[i].values;
    switch (c.basis) {
      case OperatingCostLine::Basis::Fixed:
        values = plan.row(ref.amounts);
        r.fixed_operating_cost += values;
        break;
      case OperatingCostLine::Basis::PerUnit:
        if (ref.line >= 0) values = r.volumes[static_cast<std::size_t>(ref.line)].values * plan.row(ref.amounts);
        r.variable_operating_cost += values;
        break;
      case OperatingCostLine::Basis::ShareOfRevenue:
        if (ref.line >= 0) values = c.share * r.revenue_lines[static_cast<std::size_t>(ref.line)].values;
        else values = c.share * r.revenue;
        r.variable_operating_cost += values;
        break;
    }
    r.operating_cost += values;
  }
}

// 5. 流动资金: increments as given, or a level kept at a share of 经营成本.
void compute_working_capital(const EvaluationPlan& plan, ProjectResult& r) {
  const ProjectModel& m = plan.model();
  const int n = plan.years();
  if (m.working_capital.share_of_operating_cost) {
    // Keep a level of share × 经营成本; only increases are funded (decreases stay in the project
    // until the final recovery), as the standard's 流动资金估算表 books increments.
    reset(r.working_capital_increment, n);
    double level = 0.0;
    for (int i = m.construction_years; i < n; ++i) {
      const double want = *m.working_capital.share_of_operating_cost * r.operating_cost[i];
      if (want > level) {
        r.working_capital_increment[i] = want - level;
        level = want;
      }
    }
  } else {
    r.working_capital_increment = plan.row(plan.working_capital);
  }
  reset(r.working_capital_level, n);
  double level = 0.0;
  for (int i = 0; i < n; ++i) r.working_capital_level[i] = (level += r.working_capital_increment[i]);
}

// Straight-line depreciation of `cost` entering service at the end of year index `start - 1`,
// i.e. depreciated from year index `start`: (cost·(1-salvage))/life a year for `life` years,
// cut off at the end of the period. Adds the charge to `charge` and the book value to `net`.
// N assets with the same start and life go through the years together, each in its own lane
// with its own rows: the book value of each is a chain of subtractions, and running two chains
// side by side hides the latency of one (the arithmetic of each lane is that of one asset alone).
template <std::size_t N>
void straight_line(const std::array<double, N>& cost, int start, int life, double salvage, const std::array<YearRow*, N>& charge,
                   const std::array<YearRow*, N>& net) {
  const int n = static_cast<int>(charge[0]->size());
  if (start >= n) return;
  if constexpr (N > 1) {
    // An asset of no cost writes nothing (not even +0 over a −0): the others go one by one.
    if (std::any_of(cost.begin(), cost.end(), [](double c) { return c == 0.0; })) {
      for (std::size_t k = 0; k < N; ++k)
        if (cost[k] != 0.0) straight_line<1>({cost[k]}, start, life, salvage, {charge[k]}, {net[k]});
      return;
    }
  } else if (cost[0] == 0.0) {
    return;
  }
  std::array<double, N> annual{}, book{};
  for (std::size_t k = 0; k < N; ++k) {
    annual[k] = life > 0 ? cost[k] * (1.0 - salvage) / life : 0.0;
    book[k] = cost[k];
  }
  // The life's years, then the years after it (the book value stays at the salvage): two loops
  // without a test per year, the same additions in the same order.
  const int end = life > 0 ? start + std::min(life, n - start) : start;
  for (int t = start; t < end; ++t)
    for (std::size_t k = 0; k < N; ++k) {
      (*charge[k])[t] += annual[k];
      book[k] -= annual[k];
      (*net[k])[t] += book[k];
    }
  for (int t = end; t < n; ++t)
    for (std::size_t k = 0; k < N; ++k) (*net[k])[t] += book[k];
  // Before it enters service the asset is construction in progress, not yet depreciable.
}

// A fixed asset: depreciated with its share of the capitalised interest (the profit statement)
// and without it (the project cash flow's adjusted tax and residual value), in two lanes.
void depreciate_fixed(double with_interest, double without_interest, int start, int life, double salvage, ProjectResult& r,
                      YearRow& scratch_net) {
  straight_line<2>({with_interest, without_interest}, start, life, salvage, {&r.depreciation, &r.depreciation_pre_financing},
                   {&r.fixed_asset_net, &scratch_net});
}

// 7. Depreciation, amortisation and asset values, with the capitalised construction interest
// and fees (b.capitalised, by year) added to the fixed assets in proportion to their cost.
void compute_assets(const EvaluationPlan& plan, EvaluationBuffers& b) {
  const ProjectModel& m = plan.model();
  ProjectResult& r = b.result;
  const int n = plan.years();
  const int open = m.construction_years;  // first operating year index
  for (YearRow* row : {&r.depreciation, &r.depreciation_pre_financing, &r.amortisation, &r.fixed_asset_net,
                       &r.intangible_net, &r.fixed_asset_cost, &b.scratch_net})
    reset(*row, n);

  double fixed_total = 0.0, inventory_total = 0.0;
  for (const auto& item : m.investment) {
    if (item.asset == AssetClass::Fixed) fixed_total += detail::asset_cost(item);
    if (item.asset == AssetClass::Inventory) inventory_total += detail::asset_cost(item);
  }
  // Capitalised interest joins the fixed assets and the inventory (开发产品) in proportion to cost.
  const double interest_total =
      b.capitalised.sum() * (fixed_total + inventory_total > 0 ? fixed_total / (fixed_total + inventory_total) : 1.0);
  r.fixed_assets_pre_financing = fixed_total;
  r.fixed_assets_at_opening = fixed_total + interest_total;

  for (const auto& item : m.investment) {
    switch (item.asset) {
      case AssetClass::Fixed: {
        const int life = item.life.value_or(m.depreciation.life);
        const double share = fixed_total > 0 ? detail::asset_cost(item) / fixed_total : 0.0;
        const double cost = detail::asset_cost(item) + share * interest_total;
        depreciate_fixed(cost, detail::asset_cost(item), open, life, m.depreciation.salvage, r, b.scratch_net);
        break;
      }
      case AssetClass::Inventory: break;  // sold, not depreciated: inventory_and_land_tax()
      case AssetClass::Intangible:
      case AssetClass::Other: {
        const int life = item.life.value_or(item.asset == AssetClass::Intangible ? m.depreciation.intangible_life
                                                                                 : m.depreciation.other_life);
        straight_line<1>({detail::asset_cost(item)}, open, life, 0.0, {&r.amortisation}, {&r.intangible_net});
        break;
      }
    }
  }
  if (open < n) r.fixed_asset_cost[open] = r.fixed_assets_at_opening;
  // Capitalised sustaining investment: a fixed asset from the year after it is spent.
  for (std::size_t k = 0; k < m.sustaining.size(); ++k) {
    const auto& s = m.sustaining[k];
    if (!s.capitalise) continue;
    const YearRow& spent = plan.row(plan.sustaining[k]);
    for (int i = 0; i < n; ++i) {
      if (spent[i] == 0.0) continue;
      depreciate_fixed(spent[i], spent[i], i + 1, s.life, m.depreciation.salvage, r, b.scratch_net);
      // Spent in year i, in service from i+1: its book value at the end of year i is its cost.
      r.fixed_asset_net[i] += spent[i];
      r.fixed_asset_cost[i] += spent[i];
    }
  }
  // 回收固定资产余值: the book value at the end. The project investment cash flow takes it before
  // financing (without capitalised interest), like its depreciation, so that the financing plan
  // cannot move FIRR; the equity cash flow takes the actual book value.
  reset(r.residual_value, n);
  r.residual_value[n - 1] = m.residual_value.value_or(r.fixed_asset_net[n - 1]);
  reset(r.residual_value_pre_financing, n);
  r.residual_value_pre_financing[n - 1] = m.residual_value.value_or(b.scratch_net[n - 1]);
}

// 8. 项目投资现金流量表. Its inflows and outflows are written once, as expressions over the result's
// rows: pre_tax adds them without storing them, and the statement's rows (with each outflow's
// sign) are stored only when a report shows them (outputs.statements) or the cost-effectiveness
// step reads the outflows. A negated row added is the same bits as the row subtracted, so each
// row holds exactly what it held when every row was stored.
void compute_project_cash_flow(const EvaluationPlan& plan, ProjectResult& r, const Outputs& outputs) {
  const ProjectModel& m = plan.model();
  const int n = plan.years();
  auto& cf = r.cash_flow;
  // The base of the adjusted tax and of the residual value (taxes.adjusted_tax_base): before
  // financing by default, or as the profit statement has them.
  const bool from_profit_statement = m.taxes.adjusted_tax_base == TaxesAndSurcharges::AdjustedTaxBase::ProfitStatement;
  const YearRow& residual_value = from_profit_statement ? r.residual_value : r.residual_value_pre_financing;
  // A sale project's cost of sales and land appreciation tax, likewise (sales.cpp).
  const auto& pre = r.sales_pre_financing;
  const YearRow& cost_of_sales = from_profit_statement ? r.cost_of_sales : pre.cost_of_sales;
  const YearRow& non_taxable_margin = from_profit_statement ? r.non_taxable_margin : pre.non_taxable_margin;
  const YearRow& lat_accrued = from_profit_statement ? r.land_appreciation_tax : pre.land_appreciation_tax;
  const YearRow& lat_paid = from_profit_statement ? r.land_appreciation_tax_paid : pre.land_appreciation_tax_paid;
  reset(cf.working_capital_recovery, n);
  cf.working_capital_recovery[n - 1] = r.working_capital_level[n - 1];
  const auto inflow = [&] {
    return r.revenue + r.subsidy + r.input_vat_deducted + residual_value + cf.working_capital_recovery;
  };
  const auto outflow = [&] {
    return -r.construction_investment - r.working_capital_increment - r.operating_cost - r.surcharges - r.sustaining - lat_paid;
  };
  cf.pre_tax = inflow() + outflow();
  // 调整所得税 = 息税前利润 × 税率, with EBIT before financing: depreciation on assets without
  // capitalised interest, so the financing plan cannot change the project's FIRR (standards.md §1.8).
  cf.adjusted_ebit = r.revenue + r.subsidy_taxable - r.surcharges - r.operating_cost -
                     (from_profit_statement ? r.depreciation : r.depreciation_pre_financing) - r.amortisation -
                     r.sustaining_expensed - cost_of_sales - lat_accrued - non_taxable_margin;
  cf.adjusted_tax = -(cf.adjusted_ebit.max(0.0) * m.income_tax_rate);
  cf.post_tax = cf.pre_tax + cf.adjusted_tax;
  if (outputs.statements || detail::cost_effectiveness_reads_outflow(m)) cf.outflow = outflow();
  if (!outputs.statements) return;  // the rest is the statement's alone
  cf.revenue = r.revenue;
  cf.subsidy = r.subsidy;
  cf.input_vat_deducted = r.input_vat_deducted;
  cf.residual_value = residual_value;
  cf.inflow = inflow();
  cf.construction_investment = -r.construction_investment;
  cf.working_capital = -r.working_capital_increment;
  cf.operating_cost = -r.operating_cost;
  cf.surcharges = -r.surcharges;
  cf.sustaining = -r.sustaining;
  cf.land_appreciation_tax = -lat_paid;
  reset(cf.cumulative_pre_tax, n);
  reset(cf.cumulative_post_tax, n);
  double a = 0, c = 0;
  for (int i = 0; i < n; ++i) {
    cf.cumulative_pre_tax[i] = (a += cf.pre_tax[i]);
    cf.cumulative_post_tax[i] = (c += cf.post_tax[i]);
  }
}

std::span<const double> span_of(const YearRow& row) { return {row.data(), static_cast<std::size_t>(row.size())}; }

// 9. FNPV and FIRR before and after tax; paybacks and the checks when asked for.
void compute_indicators(const EvaluationPlan& plan, ProjectResult& r, const Outputs& outputs) {
  const ProjectModel& m = plan.model();
  auto& ind = r.indicators;
  const auto pre = span_of(r.cash_flow.pre_tax);
  const auto post = span_of(r.cash_flow.post_tax);
  // The indicators show the rate, not its residual (IrrOptions::residual).
  irr_into(pre, ind.firr_pre_tax, {.residual = false});
  irr_into(post, ind.firr_post_tax, {.residual = false});
  ind.fnpv_pre_tax = npv(pre, m.benchmark_rate, m.timing);
  ind.fnpv_post_tax = npv(post, m.benchmark_rate, m.timing);
  if (outputs.paybacks) {
    ind.payback_pre_tax = payback(pre, m.timing);
    ind.payback_post_tax = payback(post, m.timing);
    ind.dynamic_payback_pre_tax = discounted_payback(pre, m.benchmark_rate, m.timing);
    ind.dynamic_payback_post_tax = discounted_payback(post, m.benchmark_rate, m.timing);
  }

  // With a without-project case the increments decide (with_without.cpp checks them).
  if (outputs.checks && m.targets.require_fnpv && !m.without) {
    Check c;
    c.name = "fnpv_post_tax";
    c.value = ind.fnpv_post_tax;
    c.threshold = 0.0;
    c.passed = ind.fnpv_post_tax >= 0.0;
    say(c, msg(c.passed ? messages::Project::check_fnpv_at_least : messages::Project::check_fnpv_below,
                       "amount"_a = format_money(ind.fnpv_post_tax), "unit"_a = m.unit));
    r.checks.push_back(c);
    Check f;
    f.name = "firr_post_tax";
    f.threshold = m.benchmark_rate;
    f.value = ind.firr_post_tax.rate;
    f.passed = ind.firr_post_tax.rate && *ind.firr_post_tax.rate >= m.benchmark_rate;
    say(f, msg(f.passed ? messages::Project::check_firr_at_least : messages::Project::check_firr_below,
                       "value"_a = detail::rate_or_none(ind.firr_post_tax.rate),
                       "threshold"_a = fmt::format("{:.2f}%", m.benchmark_rate * 100)));
    r.checks.push_back(f);
  }
}

}  // namespace

void evaluate_into(const EvaluationPlan& plan, EvaluationBuffers& b, const Outputs& outputs) {
  ProjectResult& r = b.result;
  prepare(plan, b, outputs);
  compute_investment(plan, r);
  compute_revenue(plan, r);
  detail::sales_revenue(plan, r);
  compute_operating_costs(plan, r);
  detail::value_added_tax(plan, r);
  compute_working_capital(plan, r);
  detail::construction_financing(plan, b);
  detail::investment_totals(plan, b);
  compute_assets(plan, b);
  detail::inventory_and_land_tax(plan, b);
  compute_project_cash_flow(plan, r, outputs);
  compute_indicators(plan, r, outputs);
  detail::with_and_without(plan, r, outputs);
  if (outputs.financing) {
    detail::operation_financing(plan, b, outputs);
    detail::financing_indicators(plan, b, outputs);
    detail::summary_figures(plan, b, outputs);
  }
  if (outputs.economic) detail::economic_analysis(plan, b, outputs);
  if (outputs.financing && outputs.fiscal) detail::fiscal_view(plan, b, outputs);
  b.named_for = plan.compile_id();
  b.named_outputs = outputs;
}

ProjectResult evaluate(const ProjectModel& model) {
  const EvaluationPlan plan(model);
  EvaluationBuffers buffers;
  evaluate_into(plan, buffers, Outputs::all());
  return std::move(buffers.result);
}

}  // namespace appraise
