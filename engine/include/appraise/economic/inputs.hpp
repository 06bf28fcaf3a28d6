#pragma once
/// What a project model states for the public view of a project: the economic cost-benefit
/// analysis (经济费用效益分析, the `economic:` section), the effects that cannot be priced
/// (费用效果分析, `effects:`), the government budget's view (财政支出责任, `fiscal:`) and the
/// PPP value-for-money test (物有所值, `ppp:`). Part of the project model (project/model.hpp);
/// read by io/economic_loader.cpp, evaluated by the economic steps of the evaluation
/// (engine/src/economic/), reported by report/economic_report.hpp. docs/model-format.md says
/// every key, its default and its source.
///
/// Lines that refer to a part of the model (an investment item, a revenue line, an operating
/// cost line) are kept index-aligned with it: `investment[k]` adjusts `ProjectModel::investment[k]`.

#include <optional>
#include <string>
#include <vector>

#include "appraise/core/series.hpp"

namespace appraise {

/// A conversion factor declared once and used by components (e.g. `unskilled_labour: 0.5`).
struct NamedFactor {
  std::string name;
  double value = 1.0;
  bool built_in = false;   // one of the components every model has (imported, skilled_labour, ...)
  bool follows_serf = false;  // imported, exported, traded: the shadow exchange-rate factor unless given
};

/// A share of an item's financial cost taken by one component.
struct Component {
  std::size_t factor = 0;  // index into EconomicAnalysis::factors
  double share = 0;
};

/// How a financial amount becomes an economic one: a factor, or shares of components.
struct Conversion {
  double factor = 1.0;                  // used when `components` is empty
  std::vector<Component> components;    // CF = Σ share × factor of the component
};

/// Land at its shadow price (土地影子价格 = 机会成本 + 新增资源消耗): an amount, or the
/// opportunity-cost formula per mu (economic.md §1) times the area, plus new resource costs.
struct LandShadowPrice {
  std::optional<double> opportunity_cost;  // an amount for the whole plot instead of the formula
  double area = 0;                         // mu (亩)
  double net_benefit = 0;                  // NB₀: net benefit per mu of the best alternative use, base year
  double growth = 0;                       // g
  int base_year = 0;                       // the year of NB₀; τ = first_year − base_year
  std::optional<int> years;                // n; default the calculation period
  double new_resource_cost = 0;            // relocation, resettlement (拆迁安置等新增资源消耗)
};

/// An imported good at its shadow price: CIF × exchange rate × SERF + domestic costs.
struct ImportedGood {
  double cif = 0;              // in foreign currency (e.g. 万美元 for a model in 万元)
  double exchange_rate = 0;    // official rate (e.g. 7.1 元/美元)
  double domestic_costs = 0;   // freight and trade costs to the site, in the model's unit
};

/// The economic treatment of one construction-investment item.
struct InvestmentConversion {
  enum class Kind { Convert, PriceContingency, Land, Imported, Amount };
  Kind kind = Kind::Convert;
  Conversion conversion;           // Convert
  LandShadowPrice land;            // Land
  ImportedGood imported;           // Imported
  double amount = 0;               // Amount: the economic cost, stated
};

/// Direct benefit (项目直接效益) of one revenue line: its revenue times a factor, or replaced
/// by the users' willingness to pay.
struct DirectBenefit {
  Conversion conversion;
  std::optional<Series> willingness_to_pay;
  bool transfer = false;  // a transfer (e.g. a toll whose benefit the time savings count): no direct benefit
};

/// An external (indirect) benefit or cost: quantity × unit value (both series), or amounts.
/// A negative amount counts on the other side (a benefit line that turns negative is a cost).
struct ExternalLine {
  std::string name;
  std::optional<Series> quantity;
  std::optional<Series> unit_value;
  std::optional<Series> amounts;
};

/// Where the residual value (资产余值回收) sits when EBCR is computed (economic.md §1: it changes
/// EBCR, not ENPV).
enum class ResidualSide {
  Benefit,  // a benefit in the last year (EU practice; the standard's statement row 1.2)
  Cost,     // a reduction of the costs (some Chinese texts)
};

struct EconomicAnalysis {
  double discount_rate = 0.08;                 // 社会折现率 is, the hurdle for EIRR too
  double shadow_exchange_rate_factor = 1.08;   // SERF, for imported, exported and traded components
  std::vector<NamedFactor> factors;            // built-ins first, then those the model declares
  std::vector<DirectBenefit> revenue;          // by revenue line (index-aligned)
  std::vector<InvestmentConversion> investment;  // by investment item (index-aligned)
  std::vector<Conversion> operating_costs;     // by operating cost line (index-aligned)
  Conversion sustaining;                       // 维持运营投资, every year alike
  double working_capital_share = 1.0;          // share of 流动资金 that is real resources (inventories)
  std::optional<double> residual_value;        // economic residual value, stated; default: converted
  ResidualSide residual_side = ResidualSide::Benefit;
  std::vector<ExternalLine> benefits;          // 项目间接效益
  std::vector<ExternalLine> costs;             // 项目间接费用
};

/// An effect that cannot be priced (费用效果分析): e.g. parking spaces provided, pupils served.
struct Effect {
  std::string name;
  std::string unit;    // e.g. 个泊位, 人
  Series amounts;      // the effect in each operating year
};

/// A fiscal outlay the model states beyond what the project's own flows show (配套投入, a
/// retained risk the budget carries), by year over the whole calculation period.
struct FiscalLine {
  std::string name;
  Series amounts;
};

/// The government budget's view (财政支出责任).
struct Fiscal {
  std::optional<double> discount_rate;       // default: the first special bond's rate, else 2.02%
  double government_equity_share = 1.0;      // share of 项目资本金 the government pays in
  // The share of each tax this budget receives. By default the local (地方) shares of the national
  // revenue-sharing rules: VAT 50% (国发〔2016〕26号), enterprise income tax 40% (所得税收入分享,
  // 国发〔2001〕37号), and all of the local taxes: 税金及附加 (城市维护建设税, 教育费附加, 地方教育附加)
  // and 土地增值税. A city that shares its local part with the province sets its own; `tax_share`
  // in a model sets all three.
  double vat_share = 0.5;
  double income_tax_share = 0.4;
  double local_tax_share = 1.0;
  std::vector<FiscalLine> other_outlays;
};

/// The PPP value-for-money test (物有所值, 财金〔2015〕167号): PSC against the PPP value.
struct Ppp {
  std::optional<double> initial_psc;         // 初始PSC; default: the model as the reference project
  double competitive_neutrality = 0;         // 竞争性中立调整值
  double transferable_risk = 0;              // 可转移风险
  double retained_risk = 0;                  // 自留风险 (in the PSC and in the PPP value)
};

/// Fiscal view's default discount rate without a special bond: the average rate of special
/// bonds issued January–November 2025 (average term 17.7 years; MOF, standards.md §2.2).
inline constexpr double kDefaultFiscalDiscountRate = 0.0202;

}  // namespace appraise
