// Shadow prices and conversion factors (prices.hpp).
#include "appraise/economic/prices.hpp"

#include <cmath>

#include "appraise/messages/project.hpp"

namespace appraise::economic {

double imported_input_price(double cif, double exchange_rate, double serf, double domestic_costs) {
  return cif * exchange_rate * serf + domestic_costs;
}

double exported_output_price(double fob, double exchange_rate, double serf, double domestic_costs) {
  return fob * exchange_rate * serf - domestic_costs;
}

double shadow_wage_cost(double financial_wage_cost, double skilled_share, double skilled_factor, double unskilled_factor) {
  return financial_wage_cost * (skilled_share * skilled_factor + (1.0 - skilled_share) * unskilled_factor);
}

double conversion_factor(std::span<const ComponentShare> components) {
  double cf = 0.0;
  for (const auto& c : components) cf += c.share * c.factor;
  return cf;
}

LandCost land_opportunity_cost(double net_benefit, double growth, double social_rate, int years_to_start, int years) {
  // The formula is the sum Σ_{t=1..n} NB₀(1+g)^(τ+t) (1+is)^−t in closed form; at is = g it
  // divides by zero (the sum is then NB₀(1+g)^τ · n, but the standard states the closed form,
  // and a planner who writes g = is has usually mistyped one of them).
  if (std::abs(social_rate - growth) < 1e-12)
    return {std::nullopt, msg(messages::Project::absent_land_growth_equals_rate)};
  const double q = (1.0 + growth) / (1.0 + social_rate);
  const double value = net_benefit * std::pow(1.0 + growth, years_to_start + 1) * (1.0 - std::pow(q, years)) /
                       (social_rate - growth);
  return {value, {}};
}

}  // namespace appraise::economic
