#pragma once
/// Shadow prices (影子价格) and conversion factors (换算系数) of the economic cost-benefit
/// analysis (经济费用效益分析), as the third edition of the Chinese method states them
/// (economic.md §1; standards.md §1.10): pure functions of their inputs, used by the economic
/// analysis of a project model (economic/analysis.hpp) and open for checking a figure by hand.
///
/// Not here: which items of a model take which factor (that is the model's `economic:`
/// section), and the flows and indicators (the economic step of the evaluation).

#include <optional>
#include <span>
#include <string>

#include "appraise/core/message.hpp"

namespace appraise::economic {

/// 影子汇率换算系数 (shadow exchange-rate factor, SERF) of the third edition: 1.08 [V].
inline constexpr double kShadowExchangeRateFactor = 1.08;
/// 社会折现率 is of the third edition: 8% [V].
inline constexpr double kSocialDiscountRate = 0.08;
/// 影子工资换算系数: skilled labour 1; unskilled 0.25–0.8, 0.5 in between [V].
inline constexpr double kSkilledWageFactor = 1.0;
inline constexpr double kUnskilledWageFactor = 0.5;

/// Shadow price of an imported input at the plant gate (进口投入物到厂价):
/// CIF (in foreign currency) × official exchange rate × SERF + domestic freight and trade costs.
/// Example (economic.md EC-1): imported_input_price(106, 8.28, 1.08, 60) == 1007.8944
[[nodiscard]] double imported_input_price(double cif, double exchange_rate, double serf, double domestic_costs);

/// Shadow price of an exported output at the plant gate (出口产出物出厂价):
/// FOB (in foreign currency) × official exchange rate × SERF − domestic freight and trade costs.
/// Example (EC-3, shadow exchange rate 6.56 given whole): exported_output_price(50, 6.56, 1, 32.96) == 295.04
[[nodiscard]] double exported_output_price(double fob, double exchange_rate, double serf, double domestic_costs);

/// Shadow cost of labour (影子工资): the skilled share at `skilled_factor`, the rest at
/// `unskilled_factor`. Example (EC-4): shadow_wage_cost(5, 0.3, 1, 0.3) == 2.55
[[nodiscard]] double shadow_wage_cost(double financial_wage_cost, double skilled_share, double skilled_factor,
                                      double unskilled_factor);

/// One component of an item's cost and the factor that converts it.
struct ComponentShare {
  double share = 0;   // of the item's financial cost
  double factor = 1;  // the component's conversion factor
};

/// Conversion factor of an item from its components: CF = Σ shareₖ × CFₖ (EU practice,
/// economic.md §1 [V]). The shares should add up to 1; the model loader insists on it.
/// Example (EC-8, construction 0.6 material, 0.25 labour, 0.15 fuel at 1.0/0.9/0.5): 0.9
[[nodiscard]] double conversion_factor(std::span<const ComponentShare> components);

/// Opportunity cost of a unit of land (土地机会成本, per mu), the present value at the start of
/// construction of the net benefit its best alternative use would have given over the
/// calculation period (economic.md §1 [V]):
///     OC = NB₀ · (1+g)^(τ+1) · [1 − ((1+g)/(1+is))^n] / (is − g)
/// NB₀ the net benefit per mu in the base year, g its yearly growth, τ the years from the base
/// year to the start of construction, n the calculation period, is the social discount rate.
/// Absent (with the reason) when is = g, where the formula divides by zero.
/// Example (EC-6): land_opportunity_cost(6000, 0.02, 0.08, 1, 20) == 70871.28…
struct LandCost {
  std::optional<double> value;
  Message reason;
};
[[nodiscard]] LandCost land_opportunity_cost(double net_benefit, double growth, double social_rate, int years_to_start,
                                             int years);

}  // namespace appraise::economic
