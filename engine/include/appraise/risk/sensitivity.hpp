#pragma once
/// Sensitivity analysis (敏感性分析, standards.md §1.11 and §3.2): one uncertain factor changed at a
/// time by given amounts (±10 %, ±20 % by default), its effect on FNPV, FIRR, equity IRR and the
/// minimum DSCR, the sensitivity coefficient (敏感度系数) SAF = (ΔA/A) / (ΔF/F), and the critical
/// point (临界点, the switching value): the change of the factor at which FNPV = 0, i.e.
/// FIRR = ic, solved exactly with a bracketing root finder, not interpolated between runs.
///
/// Every point is a full evaluate() of the changed model, so every path a scenario can change
/// (including delays and loan rates) can be a factor.
///
/// Example (ADB §7.11, standards.md SI/SV-1): a factor with SI = 13.34 whose NPV is linear in it
/// switches at SV = 1/13.34 = 7.5 %.

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/core/metrics.hpp"
#include "appraise/core/progress.hpp"
#include "appraise/project/model.hpp"
#include "appraise/scenario/parameters.hpp"
#include "appraise/project/evaluation.hpp"

namespace appraise {

/// How a sensitivity factor is changed.
enum class FactorOp {
  Scale,           // relative: a change c multiplies the value by (1 + c); SAF is defined
  Add,             // absolute: a change c is added (percentage points for a rate)
  DelayStart,      // the project starts c whole years later
  DelayOperation,  // construction takes c whole years longer
};

struct SensitivityFactor {
  std::string name;                 // e.g. "建设投资"
  std::vector<std::string> paths;   // empty for delays; every path gets the same change
  FactorOp op = FactorOp::Scale;
  std::vector<double> changes;      // Scale: -0.1 = -10 %; Add: the amount; delays: years
};

struct SensitivitySpec {
  std::vector<SensitivityFactor> factors;  // empty: default_factors(model, default_changes)
  std::vector<double> default_changes = {-0.2, -0.1, 0.1, 0.2};  // for factors changed by a percentage
  /// A factor's critical point is searched within these changes (Scale: relative, so -0.99 is a
  /// fall of 99 %, 10 a rise of 1000 %; Add: amounts; delays: years 1 … max_delay).
  double min_scale_change = -0.99, max_scale_change = 10.0;
  int max_delay = 10;
  std::optional<int> break_even_year;  // the normal year for break-even (breakeven.hpp)
};

/// The default factors for `model`, as the standard's 敏感性分析表 lists them: 建设投资,
/// 产品价格（营业收入）, 销售量 (when a revenue line has volume × price), 经营成本, 建设工期
/// (+1, +2 years), when the model has loans, 借款利率 (±1 percentage point), and, when it has
/// external benefits, 间接效益 (their quantities, or amounts where a line has no quantity).
[[nodiscard]] std::vector<SensitivityFactor> default_factors(const ProjectModel& model,
                                                             const std::vector<double>& changes = {-0.2, -0.1, 0.1, 0.2});

/// The indicators sensitivity reports, in this order: the public view's for a model that has
/// its section (ENPV, EIRR, EBCR with `economic:`; the PV of the net fiscal outlays with
/// `fiscal:` or `ppp:`), absent otherwise. The first four, and the critical points and
/// switching values, are the decision indicators (project/evaluation.hpp decision_indicators):
/// for a model with a without-project case, the incremental FNPV and FIRR (有无对比), named as
/// `run` names them.
enum class SensIndicator { FnpvPostTax, FnpvPreTax, FirrPostTax, FirrPreTax, EquityIrr, DscrMin, Enpv, Eirr, Ebcr, FiscalCostPv };
inline constexpr int kSensIndicators = 10;
/// "fnpv_post_tax", ...; with `incremental` (a with/without model) "fnpv_incremental_post_tax", ...
[[nodiscard]] std::string_view key_of(SensIndicator i, bool incremental = false);
/// Whether `model` has the part indicator `i` is computed from.
[[nodiscard]] bool has_indicator(const ProjectModel& model, SensIndicator i);

struct IndicatorSet {
  std::array<std::optional<double>, kSensIndicators> value;
  std::array<Message, kSensIndicators> reason;  // why a value is absent
  [[nodiscard]] const std::optional<double>& operator[](SensIndicator i) const { return value[static_cast<int>(i)]; }
};

/// The indicators of `r`, the evaluation of `model`.
[[nodiscard]] IndicatorSet indicator_set(const ProjectModel& model, const ProjectResult& r);

/// SAF = ((changed − base) / base) / relative_change; absent when base or relative_change is 0.
/// Example (standards.md SAF-1): sensitivity_coefficient(0.14, 0.10, 0.20) == -1.428571...
[[nodiscard]] std::optional<double> sensitivity_coefficient(double base, double changed, double relative_change);

struct SensitivityPoint {
  double change = 0;
  IndicatorSet values;
  std::array<std::optional<double>, kSensIndicators> saf;  // Scale factors only
  Message error;  // the changed model could not be built or evaluated (then values are absent)
};

/// The critical point of a factor for one indicator (FNPV post-tax or pre-tax = 0, or ENPV = 0).
struct CriticalPoint {
  enum class Status {
    Found,          // `change` solves FNPV(change) = 0
    NotInRange,     // FNPV keeps its sign over the whole search range
    NotApplicable,  // e.g. the base FNPV is already 0
    Failed,         // the solver did not converge (reported, not expected)
    NotEvaluated,   // a delay: not even a delay of 1 year gives a model that can be evaluated
  };
  Status status = Status::NotInRange;
  std::optional<double> change;   // Scale: relative; Add: amount; delays: whole years
  double fnpv_at_change = 0;      // FNPV (ENPV) recomputed at `change` (the check that it is a root)
  int evaluations = 0;
  int delays_searched = 0;        // a delay: the sign was followed for delays 1 … this, and
  std::optional<int> unevaluable_delay;  // the search stopped at this delay, whose model cannot be evaluated
  bool base_defined = true;       // NotApplicable: false when the base NPV is not a number (else it is 0)
  double searched_from = 0, searched_to = 0;  // NotInRange, not a delay: the changes searched (as `change`)
  std::optional<double> farther_change;  // Found: the NPV turns at this change too, on the other side, farther from 0
  // Why the point is absent, or how it was found, is said by the report from these facts
  // (report/risk_report.cpp critical_reason), in both languages.
  std::vector<std::pair<std::string, double>> values;  // each concrete path's value at the point
};

[[nodiscard]] std::string_view to_string(CriticalPoint::Status s);

struct FactorResult {
  SensitivityFactor factor;
  std::vector<SensitivityPoint> points;                       // in the order of factor.changes
  std::array<std::optional<double>, kSensIndicators> saf;     // arc SAF between the extreme changes
  std::optional<double> swing;    // |the decisive NPV at the highest − at the lowest change| (SensitivityResult::decisive)
  CriticalPoint critical_post_tax, critical_pre_tax;
  CriticalPoint critical_economic;  // ENPV = 0 (EIRR = is), for a model with an economic section
  std::vector<std::pair<std::string, double>> base_values;    // each concrete path's base value
  int rank = 0;                   // 1 = most sensitive
};

/// The net present value a project is decided on, whose swing the tornado shows and factors
/// without a SAF are ranked by: ENPV for a model with an `economic:` section (a public project's
/// decision indicator), post-tax FNPV otherwise (the increment's for a with/without model).
[[nodiscard]] SensIndicator decisive_npv(const ProjectModel& model);

struct SensitivityResult {
  bool incremental = false;           // FNPV/FIRR are the increments of a with/without model
  IndicatorSet base;
  SensIndicator decisive = SensIndicator::FnpvPostTax;  // decisive_npv(model): the swing's NPV
  SensIndicator ranked_by = SensIndicator::FirrPostTax;  // the SAF the factors are ranked by
  std::vector<FactorResult> factors;  // ranked (rank_factors): by |SAF of the decisive rate of
                                      // return|, else of the decisive NPV; factors without a SAF
                                      // (delays, additions) after them, by swing
};

/// Orders factors by sensitivity and numbers them (rank 1 = most sensitive), on the decisive
/// indicators: for a public project (`decisive` = Enpv) by |SAF| of EIRR (of ENPV when some factor
/// has no EIRR SAF), otherwise by |SAF| of post-tax FIRR (of post-tax FNPV when some factor has
/// no FIRR SAF), the standard's measure; then the others (delays, additions) by their swing.
/// Returns the indicator whose SAF ranked them.
SensIndicator rank_factors(std::vector<FactorResult>& factors, SensIndicator decisive = SensIndicator::FnpvPostTax);

/// The model with `factor` changed by `change`; an empty Message or what prevents it.
[[nodiscard]] Message apply_factor(ProjectModel& m, const SensitivityFactor& factor, double change);

/// Runs the analysis (the default factors when spec.factors is empty). Throws EvaluationError when the unchanged model cannot be evaluated and
/// std::invalid_argument when a factor's path matches nothing. `progress` counts factors.
[[nodiscard]] SensitivityResult run_sensitivity(const ProjectModel& model, const SensitivitySpec& spec,
                                                const ProgressCallback& progress = {});

/// The critical point of f on [lower, upper] around 0: the root of f nearest to 0 on either side,
/// bracketed by stepping outward (±0.01, ±0.02, ±0.05, ±0.1, ±0.2, … up to the limits) and then
/// solved by TOMS 748 to full double precision. f(0) is `f0`.
/// Example: critical_change([](double x){ return 100 - 1000 * x; }, 100, -1, 10) == 0.1
[[nodiscard]] CriticalPoint critical_change(const std::function<double(double)>& f, double f0, double lower,
                                            double upper);

}  // namespace appraise
