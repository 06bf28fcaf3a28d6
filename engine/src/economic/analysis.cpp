// Step 12 of the compiled evaluation (plan.hpp): the economic cost-benefit analysis
// (经济费用效益分析) at shadow prices, and the cost-effectiveness ratios (费用效果分析).
//
// From the financial rows of steps 1–8 to the economic flow statement (economic.md §1):
//   - transfer payments drop out by construction: VAT, 税金及附加, income tax, subsidies,
//     interest and loan principal never enter the economic rows (report/economic_report.cpp
//     lists what was removed);
//   - each investment item, operating cost line, sustaining investment and revenue line is
//     converted by its factor (stated, or Σ share × factor of its components); a price
//     contingency is left out; land takes its shadow price (opportunity cost + new resource
//     costs); an imported good its CIF at the shadow exchange rate plus domestic costs;
//   - working capital counts only in its real-resource share; the residual value is the
//     financial one (before financing) converted by the fixed assets' factor, unless stated;
//   - external benefits and costs are added, each by its sign.
#include <array>
#include <cmath>
#include <fmt/format.h>

#include "appraise/core/units.hpp"
#include "appraise/economic/prices.hpp"
#include "appraise/messages/project.hpp"
#include "steps.hpp"

namespace appraise::detail {
namespace {

using namespace appraise::literals;

void reset_lines(std::vector<EconomicFlows::Line>& lines, std::size_t count, int n, auto name_of) {
  lines.resize(count);
  for (std::size_t k = 0; k < count; ++k) {
    if (lines[k].name != name_of(k)) lines[k].name = name_of(k);
    reset_row(lines[k].values, n);
  }
}

// The value of a named factor: the imported, exported and traded components follow the shadow
// exchange-rate factor unless the model gives them a value of their own.
double factor_value(const EconomicAnalysis& e, const NamedFactor& f) {
  return f.follows_serf ? e.shadow_exchange_rate_factor : f.value;
}

// The factor of a conversion: stated, or from its components (economic::conversion_factor).
double factor_of(const EconomicAnalysis& e, const Conversion& c, std::vector<economic::ComponentShare>& scratch) {
  if (c.components.empty()) return c.factor;
  scratch.clear();
  for (const auto& k : c.components) scratch.push_back({k.share, factor_value(e, e.factors[k.factor])});
  return economic::conversion_factor(scratch);
}

Adjustment::Basis basis_of(const Conversion& c) {
  return c.components.empty() ? Adjustment::Basis::Factor : Adjustment::Basis::Components;
}

void set_adjustment(Adjustment& a, const std::string& name, Adjustment::Basis basis, double financial, double economic,
                    double stated_factor) {
  if (a.name != name) a.name = name;
  a.basis = basis;
  a.financial = financial;
  a.economic = economic;
  a.factor = financial != 0.0 ? economic / financial : stated_factor;
  a.note_zh.clear();
  a.note_en.clear();
}

// The total economic cost of an item whose economic cost is not a factor times its financial
// cost (land, an imported good, a stated amount); spread over the construction years by the
// item's phasing.
double item_total(const ProjectModel& m, std::size_t k, const InvestmentConversion& c, Adjustment* adj) {
  const EconomicAnalysis& e = *m.economic;
  switch (c.kind) {
    case InvestmentConversion::Kind::Land: {
      const LandShadowPrice& land = c.land;
      double opportunity = 0;
      if (land.opportunity_cost) {
        opportunity = *land.opportunity_cost;
      } else {
        const int tau = m.first_year - land.base_year;
        const int years = land.years.value_or(m.years());
        const auto per_mu = economic::land_opportunity_cost(land.net_benefit, land.growth, e.discount_rate, tau, years);
        if (!per_mu.value)
          throw EvaluationError(fmt::format("economic.investment[{}].land.growth", k),
                                msg(messages::Project::land_cost_unavailable, "name"_a = m.investment[k].name, "why"_a = per_mu.reason),
                                msg(messages::Project::land_cost_unavailable_hint));
        opportunity = *per_mu.value * land.area;
        if (adj) {
          adj->note_zh = fmt::format("{}：土地机会成本 {}{}/亩 × {:g} 亩（NB₀ {:g}，g {:g}%，τ {}，n {}）+ 新增资源消耗 {}{}",
                                     m.investment[k].name, format_money(*per_mu.value), m.unit, land.area, land.net_benefit,
                                     land.growth * 100, tau, years, format_money(land.new_resource_cost), m.unit);
          adj->note_en = fmt::format("{}: land opportunity cost {} {} per mu × {:g} mu (NB0 {:g}, g {:g}%, tau {}, n {}) "
                                     "+ new resource costs {} {}",
                                     m.investment[k].name, format_money(*per_mu.value), m.unit, land.area, land.net_benefit,
                                     land.growth * 100, tau, years, format_money(land.new_resource_cost), m.unit);
        }
      }
      if (adj && land.opportunity_cost) {
        adj->note_zh = fmt::format("{}：土地机会成本 {}{} + 新增资源消耗 {}{}", m.investment[k].name, format_money(opportunity),
                                   m.unit, format_money(land.new_resource_cost), m.unit);
        adj->note_en = fmt::format("{}: land opportunity cost {} {} + new resource costs {} {}", m.investment[k].name,
                                   format_money(opportunity), m.unit, format_money(land.new_resource_cost), m.unit);
      }
      return opportunity + land.new_resource_cost;
    }
    case InvestmentConversion::Kind::Imported: {
      const ImportedGood& g = c.imported;
      const double total = economic::imported_input_price(g.cif, g.exchange_rate, e.shadow_exchange_rate_factor, g.domestic_costs);
      if (adj) {
        // The CIF (in foreign currency), the domestic costs and the price are amounts: written as the
        // tables write amounts, never {:g}'s 1.23457e+06; the rate and the factor keep their digits.
        adj->note_zh = fmt::format("{}：到岸价 {} × 汇率 {:g} × 影子汇率换算系数 {:g} + 国内运杂费和贸易费用 {} = {}{}",
                                   m.investment[k].name, format_money(g.cif), g.exchange_rate, e.shadow_exchange_rate_factor,
                                   format_money(g.domestic_costs), format_money(total), m.unit);
        adj->note_en = fmt::format("{}: CIF {} × exchange rate {:g} × shadow exchange-rate factor {:g} + domestic "
                                   "freight and trade costs {} = {} {}",
                                   m.investment[k].name, format_money(g.cif), g.exchange_rate, e.shadow_exchange_rate_factor,
                                   format_money(g.domestic_costs), format_money(total), m.unit);
      }
      return total;
    }
    case InvestmentConversion::Kind::Amount: return c.amount;
    case InvestmentConversion::Kind::Convert:
    case InvestmentConversion::Kind::PriceContingency: break;
  }
  return 0.0;
}

// An external line's amounts by year: amounts, or quantity × unit value.
void external_values(const EvaluationPlan& plan, const EvaluationPlan::ExternalRef& ref, YearRow& out) {
  if (ref.amounts >= 0) out = plan.row(ref.amounts);
  else if (ref.quantity >= 0 && ref.unit_value >= 0) out = plan.row(ref.quantity) * plan.row(ref.unit_value);
  else out.setZero();
}

// A figure for a check's message, with enough decimals that it reads on the side of the threshold
// it is on: 0.99996 against 1 prints 0.99996, not 1.00 (core/units.hpp: format_apart).
std::string against(double v, double threshold) { return format_apart(std::array{v, threshold})[0]; }

void economic_checks(const ProjectModel& m, ProjectResult& r) {
  const auto& ind = r.economic.indicators;
  const std::string is = format_percent(ind.discount_rate);
  Check c;
  c.name = "enpv";
  c.value = ind.enpv;
  c.threshold = 0.0;
  c.passed = ind.enpv >= 0.0;
  say(c, msg(c.passed ? messages::Project::check_enpv_at_least : messages::Project::check_enpv_below,
             "amount"_a = group_thousands(against(ind.enpv, 0.0)), "unit"_a = m.unit, "rate"_a = is));
  r.checks.push_back(c);

  Check i;
  i.name = "eirr";
  i.threshold = ind.discount_rate;
  i.value = ind.eirr.rate;
  i.passed = ind.eirr.rate && *ind.eirr.rate >= ind.discount_rate;
  if (ind.eirr.rate) {
    const std::string v = against(*ind.eirr.rate * 100, ind.discount_rate * 100) + "%";
    say(i, msg(i.passed ? messages::Project::check_eirr_at_least : messages::Project::check_eirr_below, "value"_a = v, "rate"_a = is));
  } else {
    say(i, msg(messages::Project::check_eirr_none, "why"_a = ind.eirr.reason, "rate"_a = is));
  }
  r.checks.push_back(i);

  Check b;
  b.name = "ebcr";
  b.threshold = 1.0;
  b.value = ind.ebcr.value;
  b.passed = ind.ebcr.value && *ind.ebcr.value >= 1.0;
  if (ind.ebcr.value) {
    say(b, msg(b.passed ? messages::Project::check_ebcr_at_least : messages::Project::check_ebcr_below,
               "value"_a = against(*ind.ebcr.value, 1.0)));
  } else {
    say(b, msg(messages::Project::check_ebcr_none, "why"_a = ind.ebcr.reason));
  }
  r.checks.push_back(b);
}

void flows(const EvaluationPlan& plan, EvaluationBuffers& b, const Outputs& outputs) {
  const ProjectModel& m = plan.model();
  const EconomicAnalysis& e = *m.economic;
  ProjectResult& r = b.result;
  EconomicResult& er = r.economic;
  EconomicFlows& f = er.flows;
  const int n = plan.years();
  const bool detail = outputs.statements;
  auto& scratch = b.components;

  for (YearRow* row : {&f.direct_benefit, &f.residual, &f.indirect_benefit, &f.benefit, &f.construction, &f.sustaining,
                       &f.working_capital, &f.operating, &f.indirect_cost, &f.cost, &f.net})
    reset_row(*row, n);

  // 1.1 项目直接效益: revenue × factor, or the willingness to pay.
  reset_lines(f.direct_lines, m.revenue.size(), n, [&m](std::size_t k) -> const std::string& { return m.revenue[k].name; });
  if (detail) er.direct_benefits.resize(m.revenue.size());
  for (std::size_t k = 0; k < m.revenue.size(); ++k) {
    const DirectBenefit& d = e.revenue[k];
    const YearRow& financial = r.revenue_lines[k].values;
    YearRow& values = f.direct_lines[k].values;
    double factor = 1.0;
    if (plan.willingness_to_pay[k] >= 0) {
      values = plan.row(plan.willingness_to_pay[k]);
    } else if (d.transfer) {
      factor = 0.0;
      values.setZero();
    } else {
      factor = factor_of(e, d.conversion, scratch);
      values = financial * factor;
    }
    f.direct_benefit += values;
    if (detail)
      set_adjustment(er.direct_benefits[k], m.revenue[k].name,
                     plan.willingness_to_pay[k] >= 0 ? Adjustment::Basis::WillingnessToPay
                     : d.transfer                    ? Adjustment::Basis::Transfer
                                                     : basis_of(d.conversion),
                     financial.sum(), values.sum(), factor);
  }

  // 2.1 建设投资, item by item.
  reset_lines(f.construction_items, m.investment.size(), n,
              [&m](std::size_t k) -> const std::string& { return m.investment[k].name; });
  if (detail) er.investment.resize(m.investment.size());
  double fixed_financial = 0, fixed_economic = 0;
  for (std::size_t k = 0; k < m.investment.size(); ++k) {
    const InvestmentConversion& c = e.investment[k];
    const InvestmentItem& item = m.investment[k];
    const YearRow& financial = r.investment_items[k].values;
    YearRow& values = f.construction_items[k].values;
    Adjustment* adj = detail ? &er.investment[k] : nullptr;
    double stated = 1.0;
    Adjustment::Basis basis = Adjustment::Basis::Factor;
    switch (c.kind) {
      case InvestmentConversion::Kind::Convert:
        // From the cost without its deductible input VAT: VAT is a transfer.
        stated = factor_of(e, c.conversion, scratch);
        values = financial * (stated / (1.0 + item.input_vat_rate));
        basis = basis_of(c.conversion);
        break;
      case InvestmentConversion::Kind::PriceContingency:
        stated = 0.0;
        basis = Adjustment::Basis::PriceContingency;
        break;  // left out: the economic analysis is at constant prices
      default: {
        if (adj) adj->note_zh.clear(), adj->note_en.clear();
        const double total = item_total(m, k, c, adj);
        for (std::size_t y = 0; y < item.phasing.size() && static_cast<int>(y) < m.construction_years; ++y)
          values[static_cast<Eigen::Index>(y)] = total * item.phasing[y];
        basis = c.kind == InvestmentConversion::Kind::Land       ? Adjustment::Basis::Land
                : c.kind == InvestmentConversion::Kind::Imported ? Adjustment::Basis::Imported
                                                                 : Adjustment::Basis::Amount;
        break;
      }
    }
    f.construction += values;
    if (item.asset == AssetClass::Fixed) {
      fixed_financial += asset_cost(item);
      fixed_economic += values.sum();
    }
    if (adj) {
      std::string zh = std::move(adj->note_zh), en = std::move(adj->note_en);
      set_adjustment(*adj, item.name, basis, financial.sum(), values.sum(), stated);
      if (item.input_vat_rate > 0 && c.kind == InvestmentConversion::Kind::Convert) {
        const double vat = financial.sum() * item.input_vat_rate / (1.0 + item.input_vat_rate);
        zh += fmt::format("{}{}：进项税额 {}{} 为转移支付，不计入经济费用", zh.empty() ? "" : "；", item.name, format_money(vat), m.unit);
        en += fmt::format("{}{}: input VAT {} {} is a transfer, left out", en.empty() ? "" : "; ", item.name, format_money(vat), m.unit);
      }
      adj->note_zh = std::move(zh);
      adj->note_en = std::move(en);
    }
  }

  // 2.2 维持运营投资, 2.3 流动资金 (its real-resource share), 2.4 经营费用.
  const double sustaining_factor = factor_of(e, e.sustaining, scratch);
  f.sustaining = r.sustaining * sustaining_factor;
  f.working_capital = r.working_capital_increment * e.working_capital_share;
  reset_lines(f.operating_lines, m.operating_costs.size(), n,
              [&m](std::size_t k) -> const std::string& { return m.operating_costs[k].name; });
  if (detail) er.operating_costs.resize(m.operating_costs.size());
  for (std::size_t k = 0; k < m.operating_costs.size(); ++k) {
    const double factor = factor_of(e, e.operating_costs[k], scratch);
    const YearRow& financial = r.operating_cost_lines[k].values;
    f.operating_lines[k].values = financial * factor;
    f.operating += f.operating_lines[k].values;
    if (detail)
      set_adjustment(er.operating_costs[k], m.operating_costs[k].name, basis_of(e.operating_costs[k]), financial.sum(),
                     f.operating_lines[k].values.sum(), factor);
  }
  if (detail) {
    static const std::string sustaining_name = "维持运营投资", working_capital_name = "流动资金";
    set_adjustment(er.sustaining, sustaining_name, basis_of(e.sustaining), r.sustaining.sum(), f.sustaining.sum(),
                   sustaining_factor);
    set_adjustment(er.working_capital, working_capital_name, Adjustment::Basis::Share, r.working_capital_increment.sum(),
                   f.working_capital.sum(), e.working_capital_share);
  }

  // 1.2 资产余值回收: the fixed assets' residual value (before financing) at the fixed assets'
  // economic/financial ratio, unless stated; and the working capital's real share recovered.
  const double fixed_factor = fixed_financial > 0 ? fixed_economic / fixed_financial : 1.0;
  f.residual[n - 1] = e.residual_value.value_or(r.residual_value_pre_financing[n - 1] * fixed_factor) +
                      r.working_capital_level[n - 1] * e.working_capital_share;

  // 1.3 项目间接效益 and 2.5 项目间接费用, each line by its sign: the benefit lines first, then the
  // cost lines (which count as benefits in the years they are negative), and the other way round.
  const std::size_t nb = e.benefits.size(), nc = e.costs.size();
  reset_lines(f.indirect_benefit_lines, nb + nc, n,
              [&e, nb](std::size_t k) -> const std::string& { return k < nb ? e.benefits[k].name : e.costs[k - nb].name; });
  reset_lines(f.indirect_cost_lines, nc + nb, n,
              [&e, nc](std::size_t k) -> const std::string& { return k < nc ? e.costs[k].name : e.benefits[k - nc].name; });
  YearRow& signed_values = b.public_scratch_a;
  reset_row(signed_values, n);
  for (std::size_t k = 0; k < nb; ++k) {
    external_values(plan, plan.external_benefits[k], signed_values);
    f.indirect_benefit_lines[k].values = signed_values.max(0.0);
    f.indirect_cost_lines[nc + k].values = (-signed_values).max(0.0);
  }
  for (std::size_t k = 0; k < nc; ++k) {
    external_values(plan, plan.external_costs[k], signed_values);
    f.indirect_cost_lines[k].values = signed_values.max(0.0);
    f.indirect_benefit_lines[nb + k].values = (-signed_values).max(0.0);
  }
  for (const auto& l : f.indirect_benefit_lines) f.indirect_benefit += l.values;
  for (const auto& l : f.indirect_cost_lines) f.indirect_cost += l.values;

  f.benefit = f.direct_benefit + f.residual + f.indirect_benefit;
  f.cost = f.construction + f.sustaining + f.working_capital + f.operating + f.indirect_cost;
  f.net = f.benefit - f.cost;

  // ENPV, EIRR, EBCR. The residual value moves EBCR (not ENPV) by the side it sits on.
  EconomicIndicators& ind = er.indicators;
  ind.discount_rate = e.discount_rate;
  ind.enpv = npv(flows_of(f.net), e.discount_rate, m.timing);
  ind.eirr = irr(flows_of(f.net), {.residual = false});
  YearRow& benefits = b.public_scratch_a;
  YearRow& costs = b.public_scratch_b;
  if (e.residual_side == ResidualSide::Benefit) {
    benefits = f.benefit;
    costs = f.cost;
  } else {
    benefits = f.benefit - f.residual;
    costs = f.cost - f.residual;
  }
  ind.pv_benefits = npv(flows_of(benefits), e.discount_rate, m.timing);
  ind.pv_costs = npv(flows_of(costs), e.discount_rate, m.timing);
  ind.ebcr = benefit_cost_ratio(flows_of(benefits), flows_of(costs), e.discount_rate, m.timing);
  if (ind.ebcr.value && ind.pv_costs < 0) ind.ebcr = {std::nullopt, msg(messages::Project::absent_negative_cost_pv)};

  if (outputs.checks && m.targets.require_enpv) economic_checks(m, r);
}

// 费用效果分析: per effect, the annualised cost at is over the annualised effect, both levelised
// over the operating years (so the ratio is PV(costs) / PV(effect)). The cost is
// the economic cost flow (费用流量) when the model has an economic analysis, the financial
// outflows of the project investment cash flow (before tax) otherwise.
void cost_effectiveness(const EvaluationPlan& plan, EvaluationBuffers& b) {
  const ProjectModel& m = plan.model();
  ProjectResult& r = b.result;
  const int n = plan.years();
  r.cost_effectiveness.resize(m.effects.size());
  if (m.effects.empty()) return;
  const bool economic = m.economic.has_value();
  const double rate = economic ? m.economic->discount_rate : economic::kSocialDiscountRate;
  YearRow& cost = b.public_scratch_a;
  if (economic) cost = r.economic.flows.cost;
  else cost = -r.cash_flow.outflow;  // stored for this step by every evaluation (cost_effectiveness_reads_outflow)
  const double pv_cost = npv(flows_of(cost), rate, m.timing);
  // Levelised over the operating years, as the effects occur: a level effect E a year is E.
  YearRow& operating_years = b.public_scratch_b;
  reset_row(operating_years, n);
  operating_years.tail(m.operation_years).setOnes();
  const double annuity = npv(flows_of(operating_years), rate, m.timing);
  for (std::size_t k = 0; k < m.effects.size(); ++k) {
    CostEffectiveness& ce = r.cost_effectiveness[k];
    if (ce.effect != m.effects[k].name) ce.effect = m.effects[k].name;
    if (ce.unit != m.effects[k].unit) ce.unit = m.effects[k].unit;
    ce.economic_cost = economic;
    ce.discount_rate = rate;
    ce.pv_cost = pv_cost;
    ce.pv_effect = npv(flows_of(plan.row(plan.effects[k])), rate, m.timing);
    ce.annual_cost = pv_cost / annuity;
    ce.annual_effect = ce.pv_effect / annuity;
    if (ce.annual_effect > 0) ce.ratio = {ce.annual_cost / ce.annual_effect, {}};
    else ce.ratio = {std::nullopt, msg(messages::Project::effect_zero)};
  }
}

}  // namespace

void economic_analysis(const EvaluationPlan& plan, EvaluationBuffers& b, const Outputs& outputs) {
  b.result.economic.computed = plan.model().economic.has_value();
  if (b.result.economic.computed) flows(plan, b, outputs);
  cost_effectiveness(plan, b);
}

}  // namespace appraise::detail
