#pragma once
// Loading a scenario file for a subcommand, and evaluating its cases: every model's base case
// and every scenario, each with its model and result.
#include <string>
#include <vector>

#include "appraise/project/evaluation.hpp"
#include "appraise/scenario/scenario.hpp"

namespace appraise::cli {

/// The scenario file at `path` (its scenarios apply to `default_model` when it names none);
/// throws CliError with the diagnostics when it cannot be used.
[[nodiscard]] ScenarioFile load_scenarios_or_fail(const std::string& path, const std::string& default_model = {});

struct Case {
  std::string name;          // the scenario's name, or the model's key for a base case
  std::string model_key;
  const Scenario* scenario = nullptr;  // nullptr for a base case
  ProjectModel model;
  ProjectResult result;
};

/// The error of a scenario that cannot be evaluated with its changes, at the scenario's name in
/// the scenario file: it names the scenario, the model's file and value where evaluation stopped.
[[nodiscard]] Diagnostic scenario_evaluation_diagnostic(const Scenario& scenario, const ProjectModel& model, const EvaluationError& e);

/// Evaluates the base case of every model and every scenario (or only `only`, when given).
[[nodiscard]] std::vector<Case> evaluate_cases(const ScenarioFile& file, bool with_base, const std::string& only = {});

}  // namespace appraise::cli
