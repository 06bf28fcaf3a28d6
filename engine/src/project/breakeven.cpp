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
    const double tl = taxes * share;
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
  out.year_reason = year ? "given" : "the first operating year at full capacity (正常生产年份)";
  const int t = out.year - m.first_year;
  if (t < m.construction_years || t >= m.years())
    throw std::invalid_argument(fmt::format("break-even year {} is not an operating year ({}–{})", out.year,
                                            m.first_operating_year(), m.last_year()));
  out.revenue = r.revenue[t];
  out.variable_cost = r.variable_operating_cost[t];
  out.taxes = r.surcharges[t];
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
  if (r.vat_payable[t] != 0.0) out.notes.push_back(msg(messages::Project::break_even_net_of_vat));
  return out;
}

}  // namespace appraise
