#pragma once
/// Break-even analysis (盈亏平衡分析) for a normal year, standards.md §1.11:
///     BEP(生产能力利用率) = 年固定总成本 / (年营业收入 − 年可变成本 − 年税金及附加) × 100 %
///     BEP(产量)           = BEP(%) × 设计生产能力
///     BEP(价格)           = 年固定总成本 / 设计生产能力 + 单位可变成本 + 单位税金及附加
/// Fixed cost = total cost (总成本费用) − variable cost, with and without the year's interest
/// (the fixed cost includes interest while loans are repaid). A sale project's cost of sales
/// (开发产品结转) is variable, and the 土地增值税 on its sales is among the taxes, as the profit
/// statement has them: so fixed + variable = total cost, and profit is 0 at the break-even point.
///
/// Example (standards.md BEP-1): fixed 360, revenue 6000, variable 2100, taxes 900, capacity 6
/// → BEP 12 %, output 0.72, price 560.

#include <optional>
#include <string>
#include <vector>

#include "appraise/core/metrics.hpp"
#include "appraise/project/model.hpp"
#include "appraise/project/evaluation.hpp"

namespace appraise {

/// The standard's formula on plain numbers: F / (R − V − T); absent when R − V − T ≤ 0 (every
/// unit sold loses money: no break-even exists).
/// Example: break_even_utilisation(3000, 10000, 3000, 174 + 1453) == 0.558347... (BEP-2, VAT-inclusive revenue)
[[nodiscard]] OptionalValue break_even_utilisation(double fixed_cost, double revenue, double variable_cost, double taxes);

/// Break-even of one revenue line sold by volume × price.
struct BreakEvenLine {
  std::string name;
  double capacity = 0;         // volume in the year (设计生产能力 at full ramp-up)
  double price = 0;            // average price in the year (revenue / volume)
  double unit_variable_cost = 0;  // variable cost of the line per unit
  double unit_taxes = 0;       // 税金及附加 per unit (the year's taxes allocated by revenue)
  OptionalValue output;                 // BEP% × capacity (every line at the same utilisation)
  OptionalValue price_break_even;       // the price at which profit is 0, other lines as they are
};

struct BreakEvenCase {
  double fixed_cost = 0;       // 年固定总成本
  OptionalValue utilisation;   // BEP(%)
  std::vector<BreakEvenLine> lines;
};

struct BreakEvenResult {
  int year = 0;                // calendar year
  std::string year_reason;     // why this year: "normal_year" (正常生产年份, the first at full capacity) or "given"
  double revenue = 0;
  double variable_cost = 0;            // variable operating cost + cost of sales
  double taxes = 0;                    // 税金及附加, 土地增值税 included
  double variable_operating_cost = 0, cost_of_sales = 0, land_appreciation_tax = 0;  // their parts
  double fixed_operating_cost = 0, depreciation = 0, amortisation = 0, interest = 0, sustaining_expensed = 0;
  BreakEvenCase with_interest, without_interest;
  std::vector<Message> notes;  // what the figures leave out (subsidies, VAT)
};

/// The first operating year in which every volume × price line is past its ramp-up (a normal
/// year, 正常生产年份), or the first operating year when no line ramps up.
[[nodiscard]] int default_normal_year(const ProjectModel& model);

/// Break-even for `year` (calendar; default: default_normal_year). Throws std::invalid_argument
/// when the year is not an operating year of the model.
[[nodiscard]] BreakEvenResult break_even(const ProjectModel& model, const ProjectResult& result,
                                         std::optional<int> year = std::nullopt);

}  // namespace appraise
