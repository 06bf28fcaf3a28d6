#pragma once
/// The rows and indicators of the public view of a project, part of ProjectResult
/// (project/evaluation.hpp): the economic flow statement (项目投资经济费用效益流量表) with ENPV,
/// EIRR and EBCR, the adjustments from financial to economic amounts line by line, the
/// cost-effectiveness ratios, and the fiscal outlays with the PPP value-for-money test.
///
/// Signs: the economic flow statement holds benefits and costs as positive amounts (the standard
/// prints them so) and the net benefit flow signed; fiscal outlays are positive when the budget
/// pays, receipts positive in their own rows.

#include <Eigen/Core>
#include <optional>
#include <string>
#include <vector>

#include "appraise/core/metrics.hpp"

namespace appraise {

/// One line of an adjustment table (调整表): its financial amount over the calculation period,
/// the factor and the economic amount.
struct Adjustment {
  std::string name;
  enum class Basis { Factor, Components, PriceContingency, Land, Imported, Amount, Share, WillingnessToPay, Transfer };
  Basis basis = Basis::Factor;
  double financial = 0;
  double factor = 1;          // economic / financial (the stated factor when the amount is 0)
  double economic = 0;
  std::string note_zh, note_en;  // how the economic amount was found (land, imported goods)
};

struct EconomicFlows {
  using Row = Eigen::ArrayXd;
  struct Line {
    std::string name;
    Row values;
  };
  // 1 效益流量
  Row direct_benefit;              // 1.1 项目直接效益
  std::vector<Line> direct_lines;  //     by revenue line
  Row residual;                    // 1.2 资产余值回收 (fixed assets and working capital)
  Row indirect_benefit;            // 1.3 项目间接效益
  std::vector<Line> indirect_benefit_lines;
  Row benefit;                     // 1
  // 2 费用流量
  Row construction;                // 2.1 建设投资
  std::vector<Line> construction_items;
  Row sustaining;                  // 2.2 维持运营投资
  Row working_capital;             // 2.3 流动资金
  Row operating;                   // 2.4 经营费用
  std::vector<Line> operating_lines;
  Row indirect_cost;               // 2.5 项目间接费用
  std::vector<Line> indirect_cost_lines;
  Row cost;                        // 2
  Row net;                         // 3 净效益流量
};

struct EconomicIndicators {
  double discount_rate = 0;
  double enpv = 0;                 // Σ (B − C)ₜ (1+is)^−t
  IrrResult eirr;
  OptionalValue ebcr;              // PV(B) / PV(C), the residual value on its documented side
  double pv_benefits = 0, pv_costs = 0;  // as EBCR counts them
};

struct EconomicResult {
  bool computed = false;           // the model has an `economic:` section
  EconomicFlows flows;
  EconomicIndicators indicators;
  std::vector<Adjustment> investment;   // by investment item
  Adjustment working_capital, sustaining;
  std::vector<Adjustment> operating_costs;  // by operating cost line
  std::vector<Adjustment> direct_benefits;  // by revenue line
};

/// 费用效果分析 of one effect: the annualised cost at is against the annualised effect.
struct CostEffectiveness {
  std::string effect, unit;
  bool economic_cost = true;       // economic costs (费用流量), or the financial outflows
  double discount_rate = 0;
  double pv_cost = 0, pv_effect = 0;
  double annual_cost = 0;          // PV(costs) / PV(1 in every operating year): levelised over operation
  double annual_effect = 0;        // PV(effect) / the same annuity (a level effect E gives E)
  OptionalValue ratio;             // annual_cost / annual_effect: cost per unit of effect
};

struct FiscalResult {
  using Row = Eigen::ArrayXd;
  bool computed = false;
  double discount_rate = 0;
  // Outlays (budget pays)
  Row equity;                      // 1.1 政府股权投资
  Row subsidies;                   // 1.2 运营补贴
  std::vector<EconomicFlows::Line> subsidy_lines;
  Row bond_gap;                    // 1.3 专项债券还本付息缺口 (borne by the government-fund budget)
  Row other;                       // 1.4 其他财政支出
  std::vector<EconomicFlows::Line> other_lines;
  Row outlays;                     // 1
  // Receipts
  Row taxes;                       // 2.1 项目缴纳税费 (× the budget's share)
  Row dividends;                   // 2.2 政府股权分红
  Row receipts;                    // 2
  Row net;                         // 3 财政净支出
  double pv_outlays = 0, pv_receipts = 0;
  double cost_pv = 0;              // PV of the net outlays: fiscal_cost_pv
  // PPP value for money, when the model has `ppp:`
  bool ppp = false;
  double initial_psc = 0;
  bool initial_psc_from_model = false;
  double psc = 0;
  double ppp_value = 0;
  double vfm_amount = 0;
  std::optional<double> vfm_index;
};

}  // namespace appraise
