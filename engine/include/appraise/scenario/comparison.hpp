#pragma once
/// Comparing mutually exclusive options (two bridge alignments, build or lease, a 20- or a
/// 30-year bond): rank by FNPV, by FIRR and, when lives differ, by equivalent annual value; and
/// the standard's incremental-investment IRR (差额投资内部收益率), which settles each pair: the
/// larger investment is worth its extra cost when the IRR of the difference of the flows is at
/// least the benchmark rate. The flows compared are the post-tax project investment cash flows
/// (融资前, 所得税后) — for an option with a without-project case its incremental flows (with −
/// without, decision_indicators) — aligned by calendar year. And a whole scenario file compared, case by
/// case, on several threads (compare_scenarios).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "appraise/core/metrics.hpp"
#include "appraise/core/progress.hpp"
#include "appraise/project/evaluation.hpp"
#include "appraise/scenario/scenario.hpp"

namespace appraise {

struct OptionInput {
  std::string name;
  const ProjectModel* model = nullptr;
  const ProjectResult* result = nullptr;
};

/// What options are ranked and recommended by (`compare --by`). Default: FNPV, or equivalent
/// annual value when the lives differ.
enum class Yardstick { Default, Fnpv, Firr, EquivalentAnnual, Enpv, FiscalCost };

struct OptionFigures {
  std::string name;
  bool incremental = false;      // judged on its increments over its without-project case (有无对比)
  double investment = 0;         // construction investment, for ordering the increments
  double fnpv = 0;               // at the common benchmark rate, to the earliest start year
  std::optional<double> firr;
  double equivalent_annual = 0;  // FNPV spread over the option's own calculation period
  int life = 0;                  // calculation period, years
  // The public view, aligned the same way: ENPV at the first option's is (with an `economic:`
  // section), the PV of the net fiscal outlays at the first option's fiscal rate, and the first
  // effect's levelised cost and effect (with `effects:`).
  std::optional<double> enpv, eirr;
  std::optional<double> fiscal_cost;
  std::optional<double> ce_annual_cost, ce_annual_effect, ce_ratio;
};

/// 增量费用效果比 between two options on their first effect: the extra levelised cost per unit
/// of extra effect of the option with more effect.
struct IncrementalCostEffectiveness {
  std::string smaller, larger;   // by levelised effect
  double delta_cost = 0, delta_effect = 0;
  std::optional<double> ratio;   // delta_cost / delta_effect; absent when the effects are equal
};

struct IncrementalStep {
  std::string smaller, larger;   // the incumbent and the challenger with more investment
  IrrResult delta_irr;           // IRR of (larger − smaller) flows
  double delta_npv = 0;          // NPV of the difference at the benchmark rate
  bool larger_wins = false;      // ΔIRR ≥ ic (or, when ΔIRR is absent or not unique, ΔNPV ≥ 0)
};

struct OptionComparison {
  double benchmark_rate = 0;
  std::vector<OptionFigures> options;   // in input order
  std::vector<std::string> by_npv, by_irr, by_eav;  // names, best first
  bool equal_lives = true;
  std::vector<IncrementalStep> increments;          // cheapest viable upward
  std::optional<std::string> recommended;
  std::string reason_zh, reason_en;
  bool npv_irr_conflict = false;        // FNPV and FIRR put different options first
  Yardstick yardstick = Yardstick::Default;
  std::vector<std::string> by_enpv, by_fiscal_cost;  // when every option has the figure; best first
  // The rates every option's ENPV and fiscal cost are discounted at (the first option's): set
  // with the figures, stated beside them.
  std::optional<double> social_discount_rate, fiscal_discount_rate;
  std::string effect, effect_unit;                   // the effect the ratios are of
  std::vector<IncrementalCostEffectiveness> ce_increments;  // by levelised effect, upward
  // Options with a without-project case are compared on their incremental flows (the standard
  // decides them on the increments); `mixed` when some are and some are not: the figures are
  // then on different footings, and the reasons say so.
  bool incremental = false;             // every option is judged on its increments
  bool mixed = false;
};

/// How many distinct tests a model fails, for tables that set projects or cases side by side
/// (compare, programme): one per test, not one per line of the check list. The check list says
/// a failed test in more than one line (review 8, #12): a run of years and the minimum of the
/// same ratio (`dscr`, `dscr_min`), and FNPV below 0 with FIRR below the benchmark rate on the
/// same flows (`fnpv_post_tax`, `firr_post_tax`: one fact). Example: the toll bridge with 30% less
/// traffic fails six lines and three tests (profitability, ICR, DSCR).
[[nodiscard]] int failed_tests(const std::vector<Check>& checks);

[[nodiscard]] std::string_view to_string(Yardstick y);  // "fnpv", "enpv", "fiscal_cost", ...

/// Why `by` cannot rank these options (an option without an `economic:` section for ENPV), or
/// an empty Message.
[[nodiscard]] Message yardstick_problem(const std::vector<OptionInput>& options, Yardstick by);

/// Compares options at `benchmark_rate` with `timing` (the first option's).
[[nodiscard]] OptionComparison compare_options(const std::vector<OptionInput>& options, double benchmark_rate,
                                               Timing timing, Yardstick by = Yardstick::Default);

// ---- a scenario file compared: `appraise compare` ----

/// What the comparison of one case keeps: its indicators as `compare` shows them. A case's model
/// and result (about 45 KB) are dropped as soon as these are taken, so that comparing 10,000
/// scenarios holds 10,000 of these, not 10,000 evaluations.
struct CaseFigures {
  std::string name;                    // the scenario's name, or a base case's (base_case_name)
  std::string model_key;
  const Scenario* scenario = nullptr;  // nullptr for a base case
  std::string unit;
  // The decision indicators (decision_indicators): for a model with a without-project case the
  // incremental FNPV/FIRR and payback (`incremental`), otherwise the project's own.
  bool incremental = false;
  double fnpv_post_tax = 0, fnpv_pre_tax = 0;
  std::optional<double> firr_post_tax, firr_pre_tax, equity_irr, payback_post_tax, dscr_min, icr_min, bond_coverage;
  // With `incremental`: the with-project figures, shown beside the increments and labelled so.
  double fnpv_with_project_post_tax = 0;
  std::optional<double> firr_with_project_post_tax;
  int checks_failed = 0;               // distinct tests failed (failed_tests)
  bool public_view = false;            // the model has a public section (has_public_view)
  std::optional<double> enpv, eirr, ebcr, fiscal_cost_pv;
  std::optional<double> social_discount_rate, fiscal_discount_rate;  // what ENPV and the fiscal PV are at
};

struct ScenarioComparison {
  std::vector<CaseFigures> cases;            // each model's base case, then its scenarios, in file order
  std::optional<OptionComparison> options;   // when the file lists mutually exclusive options
  Message yardstick_problem;                 // why the options cannot be ranked by settings.by (then no options)
};

/// Called once for every case with its model and result, from a worker thread, before they are
/// dropped: for what a caller prints beyond CaseFigures (compare's JSON indicators). Cases are
/// visited in no particular order; `index` is the case's place in ScenarioComparison::cases.
using CaseVisitor = std::function<void(std::size_t index, const ProjectModel& model, const ProjectResult& result)>;

struct ComparisonSettings {
  int threads = 1;            // cases are evaluated in parallel; the result is the same for any count
  ProgressCallback progress;  // cases done / cases, from the calling thread
  CaseVisitor visit;
  Yardstick by = Yardstick::Default;  // what the options are ranked and recommended by
  Lang lang = Lang::Zh;       // the language of a single model's base-case name (base_case_name)
};

/// A case that cannot be evaluated: the evaluation's error, with the case's scenario (nullptr for
/// a base case) and its model's key.
struct CaseEvaluationError : EvaluationError {
  CaseEvaluationError(const EvaluationError& e, const Scenario* scenario_, std::string model_key_)
      : EvaluationError(e), scenario(scenario_), model_key(std::move(model_key_)) {}
  const Scenario* scenario;
  std::string model_key;
};

/// Evaluates every case of `file` (each model unchanged, and every scenario) and the options it
/// lists. Throws std::invalid_argument when a scenario's changes cannot be applied together and
/// CaseEvaluationError when a case cannot be evaluated: for the first such case in file order,
/// whatever the number of threads.
[[nodiscard]] ScenarioComparison compare_scenarios(const ScenarioFile& file, const ComparisonSettings& settings = {});

}  // namespace appraise
