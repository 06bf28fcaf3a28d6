// Break-even analysis for a normal year (breakeven.hpp).
#include "appraise/project/breakeven.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

#include "appraise/core/units.hpp"
#include "appraise/messages/project.hpp"

namespace appraise {

using namespace appraise::literals;

OptionalValue break_even_utilisation(double fixed_cost, double revenue, double variable_cost, double taxes) {
  const double margin = revenue - variable_cost - taxes;
  if (!(revenue > 0.0)) return {std::nullopt, msg(messages::Project::break_even_no_revenue)};
  if (!(margin > 0.0))
    return {std::nullopt, msg(messages::Project::break_even_no_margin, "revenue"_a = format_money(revenue),
                              "costs"_a = format_money(variable_cost + taxes))};
  return {fixed_cost / margin, {}};
}

int default_normal_year(const ProjectModel& model) {
  std::size_t ramp = 0;
  for (const auto& line : model.revenue)
    if (!line.amounts && line.volume && line.price) ramp = std::max(ramp, line.ramp_up.size());
  const int k = std::min(static_cast<int>(ramp), model.operation_years - 1);
  return model.first_operating_year() + std::max(0, k);
}

namespace {

BreakEvenCase one_case(const ProjectModel& m, const ProjectResult& r, int t, double fixed, double revenue, double variable,
                       double taxes) {
  BreakEvenCase c;
  c.fixed_cost = fixed;
  c.utilisation = break_even_utilisation(fixed, revenue, variable, taxes);
  const double margin = revenue - variable - taxes;
  for (std::size_t l = 0; l < m.revenue.size() && l < r.volumes.size(); ++l) {
    const auto& line = m.revenue[l];
    const double q = r.volumes[l].values[t];
    if (line.amounts || !line.volume || !line.price || !(q > 0.0)) continue;
    BreakEvenLine b;
    b.name = line.name;
    b.capacity = q;
    const double rl = r.revenue_lines[l].values[t];
    b.price = rl / q;
    const double share = revenue != 0.0 ? rl / revenue : 0.0;
    double vl = 0.0;
    for (std::size_t k = 0; k < m.operating_costs.size() && k < r.operating_cost_lines.size(); ++k) {
      const auto& cl = m.operating_costs[k];
      const double cost = r.operating_cost_lines[k].values[t];
      bool of_line = cl.of == line.name;
      if (cl.basis == OperatingCostLine::Basis::PerUnit && of_line) vl += cost;
      if (cl.basis == OperatingCostLine::Basis::ShareOfRevenue) {
        bool known = false;
        for (const auto& other : m.revenue) known = known || (!cl.of.empty() && other.name == cl.of);
        if (of_line) vl += cost;
        else if (!known) vl += cost * share;  // a share of all revenue: this line's part
      }
    }
    // The line's part of the surcharges. (Only volume × price lines get here: a sale line, which
    // alone bears cost of sales and 土地增值税, is in `others` below with the other lines.)
    const double tl = r.surcharges[t] * share;
    b.unit_variable_cost = vl / q;
    b.unit_taxes = tl / q;
    if (c.utilisation.value) b.output = {*c.utilisation.value * q, {}};
    else b.output = {std::nullopt, c.utilisation.reason};
    const double others = margin - (rl - vl - tl);  // what the other lines contribute
    b.price_break_even = {(fixed - others) / q + b.unit_variable_cost + b.unit_taxes, {}};
    c.lines.push_back(std::move(b));
  }
  return c;
}

}  // namespace

BreakEvenResult break_even(const ProjectModel& m, const ProjectResult& r, std::optional<int> year) {
  BreakEvenResult out;
  out.year = year.value_or(default_normal_year(m));
  out.year_reason = year ? "given" : "normal_year";  // 正常生产年份: the first operating year at full capacity
  const int t = out.year - m.first_year;
  if (t < m.construction_years || t >= m.years())
    throw std::invalid_argument(fmt::format("break-even year {} is not an operating year ({}–{})", out.year,
                                            m.first_operating_year(), m.last_year()));
  out.revenue = r.revenue[t];
  // What is sold costs in proportion to what is sold: the cost of sales (开发产品结转) is a
  // variable cost, and the 土地增值税 accrued on the sales a tax on them, as the profit statement
  // counts them (税金及附加 includes it). Leaving them out made a sale project's fixed and
  // variable costs fall short of its total cost, and its break-even point far too low.
  out.variable_operating_cost = r.variable_operating_cost[t];
  out.cost_of_sales = r.cost_of_sales[t];
  out.land_appreciation_tax = r.land_appreciation_tax[t];
  out.variable_cost = out.variable_operating_cost + out.cost_of_sales;
  out.taxes = r.surcharges[t] + out.land_appreciation_tax;
  out.fixed_operating_cost = r.fixed_operating_cost[t];
  out.depreciation = r.depreciation[t];
  out.amortisation = r.amortisation[t];
  out.interest = r.interest[t];
  out.sustaining_expensed = r.sustaining_expensed[t];
  const double fixed_without = out.fixed_operating_cost + out.depreciation + out.amortisation + out.sustaining_expensed;
  out.with_interest = one_case(m, r, t, fixed_without + out.interest, out.revenue, out.variable_cost, out.taxes);
  out.without_interest = one_case(m, r, t, fixed_without, out.revenue, out.variable_cost, out.taxes);
  if (r.subsidy[t] != 0.0)
    out.notes.push_back(msg(messages::Project::break_even_subsidy_left_out, "amount"_a = format_money(r.subsidy[t]),
                            "unit"_a = m.unit));
  if (out.cost_of_sales != 0.0)
    out.notes.push_back(msg(messages::Project::break_even_cost_of_sales, "amount"_a = format_money(out.cost_of_sales),
                            "unit"_a = m.unit));
  if (out.land_appreciation_tax != 0.0)
    out.notes.push_back(msg(messages::Project::break_even_land_appreciation_tax,
                            "amount"_a = format_money(out.land_appreciation_tax), "unit"_a = m.unit));
  if (r.vat_payable[t] != 0.0) out.notes.push_back(msg(messages::Project::break_even_net_of_vat));
  return out;
}

}  // namespace appraise
