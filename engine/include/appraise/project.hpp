#pragma once
/// Evaluating a project model: the yearly numbers of the Chinese method's estimate tables and
/// statements, and the indicators computed from them. Every row is an Eigen array over the
/// calculation period (index 0 = year 1 = the first construction year).
///
/// Signs: the estimate tables (revenue, costs, depreciation) hold amounts as positive numbers;
/// the cash-flow statements hold signed flows, outflows negative.

#include <Eigen/Core>
#include <optional>
#include <string>
#include <vector>

#include "appraise/metrics.hpp"
#include "appraise/model.hpp"

namespace appraise {

using YearRow = Eigen::ArrayXd;

struct NamedRow {
  std::string name;
  YearRow values;
};

/// The 项目投资现金流量表 (project investment cash flow, before financing).
struct ProjectCashFlow {
  YearRow revenue, subsidy, residual_value, working_capital_recovery;                  // inflows (+)
  YearRow construction_investment, working_capital, operating_cost, surcharges, sustaining;  // outflows (-)
  YearRow inflow, outflow, pre_tax, cumulative_pre_tax;
  YearRow adjusted_ebit;     // 息税前利润 before financing (depreciation without capitalised interest)
  YearRow adjusted_tax;      // 调整所得税 (-): max(EBIT, 0) × income tax rate
  YearRow post_tax, cumulative_post_tax;
};

/// A pass/fail check against a threshold the model states.
struct Check {
  std::string name;               // e.g. "dscr"
  std::optional<int> year;        // calendar year, when the check is per year
  std::optional<double> value;
  double threshold = 0;
  bool passed = true;
  std::string message_zh;         // e.g. "2029年偿债备付率 1.08，低于 1.30"
  std::string message_en;
};

struct ProjectIndicators {
  IrrResult firr_pre_tax, firr_post_tax;
  double fnpv_pre_tax = 0, fnpv_post_tax = 0;
  PaybackResult payback_pre_tax, payback_post_tax;
  PaybackResult dynamic_payback_pre_tax, dynamic_payback_post_tax;
};

struct ProjectResult {
  int first_year = 0;
  int construction_years = 0;
  int years = 0;                          // calculation period n
  std::vector<int> calendar;              // calendar year of each column
  std::string unit;

  // 建设投资 by item and in total, 维持运营投资, 流动资金.
  std::vector<NamedRow> investment_items;
  YearRow construction_investment;
  YearRow sustaining;                     // spent, expensed or capitalised
  YearRow sustaining_expensed;
  YearRow working_capital_level;          // balance at year end
  YearRow working_capital_increment;

  // 营业收入、税金及附加和增值税估算表.
  std::vector<NamedRow> revenue_lines;
  std::vector<NamedRow> volumes;          // units sold, per volume × price line (empty rows otherwise)
  YearRow revenue;
  YearRow output_vat, input_vat, vat_payable, surcharges;
  std::vector<NamedRow> subsidy_lines;
  YearRow subsidy, subsidy_taxable;

  // 总成本费用估算表 (before interest; financing adds interest).
  std::vector<NamedRow> operating_cost_lines;
  YearRow operating_cost, fixed_operating_cost, variable_operating_cost;
  YearRow depreciation;                   // including capitalised construction interest
  YearRow depreciation_pre_financing;     // excluding it (for the adjusted income tax)
  YearRow amortisation;
  YearRow interest;                       // interest charged to total cost (operation years)
  YearRow total_cost;                     // 经营成本 + 折旧 + 摊销 + 利息 + 维持运营投资(费用化)
  YearRow fixed_asset_cost;               // cost of fixed assets entering service (year they open)
  YearRow fixed_asset_net;                // book value at year end
  YearRow intangible_net;                 // intangible and other assets' book value at year end
  YearRow residual_value;                 // 回收固定资产余值 (last year)
  double fixed_assets_at_opening = 0;     // 固定资产原值 incl. capitalised interest
  double fixed_assets_pre_financing = 0;  // the same without capitalised interest

  ProjectCashFlow cash_flow;
  ProjectIndicators indicators;
  std::vector<Check> checks;

  /// The calendar-year index of `year` (0-based), or -1.
  [[nodiscard]] int index_of(int year) const { return year - first_year; }
};

/// Evaluates a validated model. Deterministic and allocation-light: Monte Carlo calls it per draw.
[[nodiscard]] ProjectResult evaluate(const ProjectModel& model);

}  // namespace appraise
