#pragma once
// The model that `appraise sensitivity` and `appraise simulate` analyse: the model file as
// written, or, with -s, as the scenario file names it (and, with --scenario, as one of its
// scenarios changes it), together with the file's `sensitivity:` and `simulation:` settings.
#include <optional>
#include <string>

#include "appraise/project/model.hpp"
#include "appraise/scenario/scenario.hpp"

namespace appraise::cli {

struct RiskInput {
  ProjectModel model;
  std::optional<ScenarioFile> file;  // with -s
  std::string scenario;              // with --scenario
};

/// Loads MODEL (and the scenario file); throws CliError with exit code 2 or 3 when they cannot
/// be used, and usage errors for a scenario file that does not name MODEL or an unknown scenario.
[[nodiscard]] RiskInput load_risk_input(const std::string& model_path, const std::string& scenario_file,
                                        const std::string& scenario);

}  // namespace appraise::cli
