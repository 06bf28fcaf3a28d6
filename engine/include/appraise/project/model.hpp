#pragma once
/// The project model: everything a feasibility study states about a proposed project, typed,
/// validated and in the model's money unit. Built by the loader (io/model_loader.hpp) from a
/// YAML file, varied by scenarios, evaluated by project/evaluation.hpp. Rates are fractions; years are
/// calendar years unless a name says otherwise.
///
/// The calculation period (计算期) is construction_years + operation_years years; year 1 is the
/// first construction year (calendar year `first_year`). All flows sit at year ends.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "appraise/core/diagnostics.hpp"
#include "appraise/core/discounting.hpp"
#include "appraise/core/series.hpp"
#include "appraise/economic/inputs.hpp"

namespace appraise {

/// Which asset a construction-investment item becomes when the project opens.
enum class AssetClass {
  Fixed,       // 固定资产: depreciated; its book value is recovered in the last year
  Intangible,  // 无形资产 (e.g. land-use rights): amortised
  Other,       // 其他资产 (e.g. preparatory costs): amortised
  Inventory,   // 开发产品: built for sale; its cost is released as 销售成本 as it is sold, never depreciated
};

struct InvestmentItem {
  std::string name;
  double amount = 0;               // total, in the model's unit
  std::vector<double> phasing;     // share of `amount` in each construction year (sums to 1)
  AssetClass asset = AssetClass::Fixed;
  std::optional<int> life;         // depreciation or amortisation years, overriding the model's
  // Deductible input VAT (进项税额) included in `amount`: amount × rate / (1 + rate) is kept out of
  // the asset's cost and offsets output VAT in the operating years (carried forward, 留抵).
  double input_vat_rate = 0;
  // An inventory item that is the land price (土地价款): deducted from sales for VAT (general
  // method) and counted as land cost (取得土地使用权所支付的金额) for 土地增值税.
  bool land = false;
  // An existing asset brought into the project (existing_assets:), valued at its opportunity
  // cost and counted as investment in year 1; in kind (in_kind), it is 资本金 that no one pays in
  // cash.
  bool existing = false;
  bool in_kind = false;
};

/// Money already spent before the decision (沉没成本): listed in the report, never a flow.
struct SunkCost {
  std::string name;
  double amount = 0;
};

struct ProjectModel;

/// The situation without the project (有无对比): as series over the calculation period, or as a
/// model of its own (same years), whose project cash flow is taken whole.
struct WithoutProject {
  std::optional<Series> revenue, operating_cost, investment, depreciation;
  double residual_value = 0;                     // recovered in the last year
  std::string model_path;                        // `without: model FILE`, as resolved
  std::shared_ptr<const ProjectModel> model;     // loaded and validated like the project's
};

/// 维持运营投资: reinvestment during operation (equipment renewal, major repairs).
struct SustainingInvestment {
  Series amounts;                  // calendar-year amounts within the operation period
  bool capitalise = false;         // false: expensed in total cost the year it is spent;
                                   // true: a fixed asset depreciated over `life` from the next year
  int life = 10;
};

/// 流动资金: working capital built up in the first operating years, recovered in the last year.
struct WorkingCapital {
  Series increments;               // by operating year (a list), or calendar ranges
  std::optional<double> share_of_operating_cost;  // alternative: a level kept at this share of 经营成本
};

/// What a revenue line is: operating revenue, sales of what the project built (商品房销售: VAT,
/// 土地增值税, income tax), or land-sale revenue of a land-reserve project (土地出让收入: neither
/// VAT nor income tax; the repayment source of a land-reserve special bond).
enum class RevenueKind { Operating, Sale, LandSale };

/// A share of a sale line sold in a calendar year (presales in construction years allowed).
struct SaleShare {
  int year = 0;
  double share = 0;
};

struct RevenueLine {
  std::string name;
  RevenueKind kind = RevenueKind::Operating;
  // Sale and LandSale: area (or units) × price, sold by the schedule (shares adding up to 100%).
  double area = 0;                 // m² (or units) for sale
  double unit_price = 0;           // money per m² (or unit), net of VAT
  std::vector<SaleShare> sales;
  // Either volume × price (with a ramp-up towards capacity), or amounts by year.
  std::optional<Series> volume;    // units per year at full capacity
  std::optional<Series> price;     // money per unit (volume × price in the model's unit)
  std::string volume_unit;         // the volume's unit as the report labels it (万车次); empty: not given
  std::string volume_name;         // what the volume is called (通行量, 污水处理量); empty: 业务量
  std::vector<double> ramp_up;     // share of capacity reached in operating years 1, 2, ... (then 100%)
  std::optional<Series> amounts;   // revenue by year
};

struct SubsidyLine {
  std::string name;
  Series amounts;
  bool taxable = true;             // counted in taxable income (most operating subsidies are)
};

struct OperatingCostLine {
  std::string name;
  enum class Basis { Fixed, PerUnit, ShareOfRevenue };
  Basis basis = Basis::Fixed;
  Series amounts;                  // Fixed: money by year; PerUnit: money per unit of `of`'s volume
  double share = 0;                // ShareOfRevenue: fraction of `of`'s revenue (or of all revenue)
  std::string of;                  // the revenue line it follows; empty = all revenue
};

/// 税金及附加 (taxes and surcharges on revenue).
struct TaxesAndSurcharges {
  enum class Base { Revenue, Vat };
  Base base = Base::Revenue;
  double rate = 0;                 // on revenue, or on VAT payable (e.g. 12% = 7% + 3% + 2%)
  double vat_rate = 0;             // output VAT on revenue (revenue is stated net of VAT)
  double input_vat_rate = 0;       // input VAT on operating costs
  // The base of the adjusted income tax (调整所得税) and of the residual value in the project
  // investment cash flow: FinancingNeutral takes depreciation and book value without the
  // capitalised construction interest (the standard's "in principle"), ProfitStatement takes
  // them from the profit statement, as many textbook cases do (standards.md §1.8).
  enum class AdjustedTaxBase { FinancingNeutral, ProfitStatement };
  AdjustedTaxBase adjusted_tax_base = AdjustedTaxBase::FinancingNeutral;

  // Sales (revenue lines of kind `sale`).
  enum class SaleVat { General, Simple };
  SaleVat sale_vat = SaleVat::General;  // General: vat_rate on sales less the land price sold;
                                        // Simple: simple_vat_rate on sales, no input VAT credit
  double simple_vat_rate = 0.05;
  // 土地增值税.
  double lat_prepay_rate = 0.02;        // prepaid on sales revenue in each sales year
  bool lat_interest_allocable = true;   // development expenses = interest + rate × (land + development cost);
                                        // false: rate × (land + development cost)
  std::optional<double> lat_expense_rate;  // default and limit 5% (allocable interest) or 10%
  bool lat_developer_extra = true;      // the extra 20% of land and development cost (房地产开发企业)
};

struct Depreciation {
  int life = 20;                   // years, straight line, from the first operating year
  double salvage = 0.05;           // residual share of the original cost
  int intangible_life = 10;
  int other_life = 5;
};

// ---- financing ----

enum class Repayment {
  EqualPayment,    // 等额还本付息: level annuity
  EqualPrincipal,  // 等额还本、利息照付
  Bullet,          // 到期一次还本
  Custom,          // principal shares by repayment year
  MaxCapacity,     // 最大能力还款: every yuan available after operations repays principal
  Sculpted,        // debt service = CFADS / target DSCR each year
};

enum class DebtKind {
  Loan,            // 建设投资借款
  Bond,            // 企业债券 / other bonds
  SpecialBond,     // 专项债
  WorkingCapital,  // 流动资金借款: interest only, principal repaid in the last year
};

/// When in a construction year a draw is made, for the interest during construction:
/// mid-year (the standard, q = (B + A/2)·i), at the start (a full year's interest, e.g. a bond
/// issued in January) or at the end (no interest in the year of the draw).
enum class DrawTiming { MidYear, Start, End };

struct Loan {
  std::string name;
  DebtKind kind = DebtKind::Loan;
  std::optional<double> amount;        // principal drawn in total (before capitalised interest)
  std::optional<double> share;         // or a share of construction investment (of working capital for WC loans)
  std::vector<double> draw;            // share drawn in each construction year (default: with investment)
  DrawTiming draw_timing = DrawTiming::MidYear;
  double rate = 0;                     // annual nominal rate
  int coupons_per_year = 1;            // bonds: 2 = semi-annual (interest in the year is the same; noted)
  double upfront_fee = 0;              // share of the amount, paid when drawn (financing cost)
  double annual_fee = 0;               // share of the opening balance each year (e.g. guarantee fee)
  int grace_years = 0;                 // years after construction with interest only
  int term_years = 0;                  // repayment years after the grace period
  std::optional<int> maturity_year;    // or the calendar year of the last repayment (bonds)
  Repayment repayment = Repayment::EqualPayment;
  std::vector<double> custom_shares;   // Custom: share of principal repaid in each repayment year
  double target_dscr = 1.3;            // Sculpted
};

struct Financing {
  // 项目资本金: by default the balancing item (construction investment not covered by loans);
  // with a share (or amounts by construction year), equity pays that part of each year's
  // construction investment and a loan without an amount takes the rest.
  std::optional<double> equity_share;
  std::vector<double> equity_amounts;        // or amounts by construction year (empty: not given)
  bool capitalise_construction_interest = true;  // loans roll it into their balance; false: equity pays it
                                                 // (bonds always pay coupons in cash; either way it joins the fixed assets)
  std::vector<Loan> loans;
  bool short_term_loans = false;             // borrow to keep the cumulative surplus non-negative
  double short_term_rate = 0.0435;
  double dividend_share = 0.0;               // 应付利润: share of distributable profit paid out
  double statutory_reserve = 0.10;           // 法定盈余公积金: share of net profit
  // 注册资本: the statutory reserve stops once it has reached half of it (公司法 2023 第二百一十条,
  // formerly 第一百六十六条). Not given: the project's equity (项目资本金 paid in, in kind included).
  std::optional<double> registered_capital;
  int loss_carry_forward_years = 5;
};

/// Thresholds the run checks; a missed one makes the run exit with code 1.
struct Targets {
  double icr = 1.0;                          // 利息备付率 floor (the standard: > 1)
  double dscr = 1.0;                         // 偿债备付率 floor (the standard: > 1)
  std::optional<double> llcr;
  std::optional<double> bond_coverage;       // 本息覆盖倍数 floor for special bonds (e.g. 1.1)
  std::optional<double> total_debt_coverage; // all-debt coverage floor (e.g. 1.2)
  std::optional<double> equity_irr;          // 资本金 minimum acceptable return
  bool dscr_uses_adjusted_tax = false;       // false: actual income tax (the standard); true: adjusted tax
  bool dscr_deducts_sustaining = false;      // true: capitalised 维持运营投资 is taken from CFADS too
                                             // (a practice the standard may prescribe; unconfirmed)
  bool require_fnpv = true;                  // FNPV ≥ 0 and FIRR ≥ ic are checked
  bool require_survival = true;              // cumulative surplus never negative (财务生存能力)
  bool require_enpv = true;                  // with an `economic:` section: ENPV ≥ 0, EIRR ≥ is, EBCR ≥ 1
  bool require_vfm = true;                   // with a `ppp:` section: the value-for-money amount > 0
};

struct ProjectModel {
  std::string source;          // file the model was read from
  std::string name;
  std::string unit = "万元";
  int first_year = 2026;
  int construction_years = 1;
  int operation_years = 20;
  double benchmark_rate = 0.06;   // ic, 财务基准收益率
  Timing timing = Timing::EndOfPeriod;
  double income_tax_rate = 0.25;

  std::vector<InvestmentItem> investment;
  std::vector<SustainingInvestment> sustaining;
  WorkingCapital working_capital;
  std::vector<RevenueLine> revenue;
  std::vector<SubsidyLine> subsidies;
  std::vector<OperatingCostLine> operating_costs;
  TaxesAndSurcharges taxes;
  Depreciation depreciation;
  std::optional<double> residual_value;  // 回收固定资产余值 override; default: book value
  std::optional<Financing> financing;
  Targets targets;
  std::vector<SunkCost> sunk_costs;
  std::optional<WithoutProject> without;
  // Where each value was written (set by the loader; empty for a model built in code), so that
  // a problem found when the model is evaluated is reported at its key.
  std::shared_ptr<const SourceMap> places;

  // The public view (economic/inputs.hpp): optional sections.
  std::optional<EconomicAnalysis> economic;
  std::vector<Effect> effects;
  std::optional<Fiscal> fiscal;
  std::optional<Ppp> ppp;

  [[nodiscard]] int years() const { return construction_years + operation_years; }
  [[nodiscard]] int first_operating_year() const { return first_year + construction_years; }
  [[nodiscard]] int last_year() const { return first_year + years() - 1; }
};

/// True when the model has a section of the public view (economic/inputs.hpp): `economic:`,
/// `effects:`, `fiscal:` or `ppp:`. Its reports then show the public view.
[[nodiscard]] inline bool has_public_view(const ProjectModel& m) {
  return m.economic.has_value() || !m.effects.empty() || m.fiscal.has_value() || m.ppp.has_value();
}

/// True when sensitivity and simulation report the PV of the net fiscal outlays as an indicator:
/// the model has a `fiscal:` or `ppp:` section (every model has a fiscal view, but only these
/// ask what the budget carries).
[[nodiscard]] inline bool reports_fiscal_cost(const ProjectModel& m) { return m.fiscal.has_value() || m.ppp.has_value(); }

}  // namespace appraise
