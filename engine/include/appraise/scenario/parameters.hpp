#pragma once
/// Parameters: the places in a project model that scenarios, sensitivity analysis and Monte Carlo
/// may change, each addressed by a path such as
///     revenue[通行费收入].volume        financing.loans[国家开发银行贷款].rate
///     investment.*.amount              taxes.income_tax_rate
/// `[name]` selects a list element by its name (or `[0]` by position) and `*` every element.
/// Paths are resolved against a loaded model once, to typed targets; applying a change then
/// writes through them, so nothing is parsed again per run.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "appraise/core/message.hpp"
#include "appraise/project/model.hpp"
#include "appraise/project/validation.hpp"

namespace appraise {

/// What a parameter holds, which decides how it can be changed and checked.
enum class ParamKind {
  Money,   // an amount in the model's unit (>= 0)
  Rate,    // a rate (> -100%)
  Share,   // a share in [0, 1]
  Ratio,   // a coverage ratio or factor (>= 0)
  Years,   // a whole number of years (>= 0)
  Series,  // an amount by year (scaled or shifted as a whole)
  Word,    // a convention chosen by name (set only)
};

/// One addressable place in a model.
struct ParamTarget {
  std::string path;  // the concrete path, e.g. "revenue[通行费收入].volume"
  ParamKind kind = ParamKind::Money;
  double* number = nullptr;                 // Money, Rate, Share, Ratio
  std::optional<double>* maybe = nullptr;   // an optional number (e.g. a loan's amount)
  int* years = nullptr;                     // Years
  appraise::Series* series = nullptr;       // Series
  std::function<bool(const std::string&)> set_word;  // Word: returns false for an unknown word
  std::vector<std::string> words;           // Word: the accepted words
  std::vector<std::size_t> positions;       // index of each `[name]` segment in its list (for `[0]`)
  const Limit* limit = nullptr;             // the values it may hold (project/validation.hpp), for a series each
                                            // year's amount; none for words
};

/// Every parameter of `m`, with its concrete path. The pointers stay valid while `m` is neither
/// moved nor resized.
[[nodiscard]] std::vector<ParamTarget> parameter_targets(ProjectModel& m);

/// The targets a path pattern selects (`*` and `[name]`/`[index]` allowed); empty when none.
/// With `indices`, their positions in parameter_targets(m) as well (see Change::targets).
[[nodiscard]] std::vector<ParamTarget> match_parameters(ProjectModel& m, const std::string& pattern,
                                                        std::vector<std::size_t>* indices = nullptr);

/// The paths of the construction cost a default sensitivity factor or Monte Carlo input varies
/// (建设投资): `investment.*.amount`, or, when the model brings existing assets in
/// (existing_assets:), the amount of each item that is new construction. An existing asset's
/// value is its opportunity cost, not a cost estimate that can overrun. Empty when nothing is built.
[[nodiscard]] std::vector<std::string> construction_cost_paths(const ProjectModel& m);

/// A concrete path in a planner's words, for a sentence that shows a value an analysis changed:
/// `revenue[通行费收入].price` is 通行费收入的单价, `revenue[通行费收入].volume` 通行费收入的通行量
/// (the line's `volume_name`, or 业务量), `financing.loans[国开行贷款].rate` 国开行贷款利率. A path
/// with no such words (a rate of the taxes, a pattern) is given as it is written.
[[nodiscard]] Message parameter_words(const ProjectModel& m, const std::string& path);

/// The concrete path closest to `pattern`, for "did you mean" hints.
[[nodiscard]] std::optional<std::string> nearest_parameter(ProjectModel& m, const std::string& pattern);

/// The parameters of a model listed once, with their paths split once, for matching many paths
/// against it (a scenario file's changes): match_parameters for each path without listing the
/// model's parameters again. Positions are those of parameter_targets(m), and hold for every
/// copy of `m`. Holds pointers into `m`.
class ParameterIndex {
 public:
  explicit ParameterIndex(ProjectModel& m);
  /// The positions of the targets `pattern` selects; empty when none.
  [[nodiscard]] std::vector<std::size_t> match(const std::string& pattern) const;
  [[nodiscard]] const ParamTarget& target(std::size_t position) const { return all_[position]; }
  /// As nearest_parameter.
  [[nodiscard]] std::optional<std::string> nearest(const std::string& pattern) const;

 private:
  std::vector<ParamTarget> all_;
  std::vector<std::vector<std::string>> segments_;  // each target's path, split
};

/// How a change acts on a parameter.
enum class ChangeOp {
  Set,             // value (or word) replaces it; a series becomes that amount every year
  Scale,           // multiplied by value (a series: every year)
  Add,             // value added (a rate: percentage points; a series: every year it covers)
  DelayStart,      // the whole project starts `value` years later (path unused)
  DelayOperation,  // operation starts `value` years later; investment as planned (path unused)
};

struct Change {
  std::string path;
  ChangeOp op = ChangeOp::Set;
  double value = 0;
  std::string word;  // Set on a Word parameter
  /// The path resolved once, when the change was read against its model: the positions of the
  /// targets it selects in parameter_targets() of that model (and of every copy of it, whose
  /// parameters are the same list). Empty: the path is matched when the change is applied.
  std::vector<std::size_t> targets;
};

/// What is wrong with a change: the problem and, when the rule it breaks has one, the remedy
/// (said under the change as a model error's hint is said under its value).
struct ChangeProblem {
  Message problem;
  Message hint;
  ChangeProblem() = default;
  ChangeProblem(Message problem_, Message hint_ = {})  // NOLINT(google-explicit-constructor): a problem without a hint
      : problem(std::move(problem_)), hint(std::move(hint_)) {}
  [[nodiscard]] bool empty() const { return problem.empty(); }
};

/// Applies a change to the model; returns an empty Message, or what is wrong: the changed value
/// outside its limit (with the path and the value), or the changed model breaking a rule of
/// project/validation.hpp ("repayment runs past the end of the calculation period"), so that a
/// changed model is always one the loader would accept. Paths must already have been checked.
/// The problem only, for a caller that says it inside a sentence of its own (a sensitivity
/// point, a drawn value); ModelParameters::apply gives its hint too.
[[nodiscard]] Message apply_change(ProjectModel& m, const Change& change);

/// The parameters of one model, listed once, for applying many changes to it (a scenario and
/// its base chain): a change whose path was resolved (Change::targets) is applied without
/// matching its path again. Holds pointers into `m`: use it while `m` lives and is not moved.
class ModelParameters {
 public:
  explicit ModelParameters(ProjectModel& m) : m_(m) {}
  /// As apply_change, with the remedy of the problem when it has one.
  [[nodiscard]] ChangeProblem apply(const Change& change);

 private:
  ProjectModel& m_;
  std::vector<ParamTarget> all_;  // parameter_targets(m_), listed on first need
};

/// The value a target holds now, for reports (a series: its first-year amount is not meaningful,
/// so nullopt).
[[nodiscard]] std::optional<double> parameter_value(const ParamTarget& t);

}  // namespace appraise
