#pragma once
/// Loading a scenario file (format: docs/scenario-format.md). The models it names are loaded
/// too, and every change's path is checked against its model at load time: a path that matches
/// nothing is an error at its line and column with the nearest valid path.

#include <optional>
#include <string>

#include "appraise/core/diagnostics.hpp"
#include "appraise/scenario/scenario.hpp"

namespace appraise::io {

struct LoadedScenarios {
  std::optional<ScenarioFile> file;
  Diagnostics diagnostics;
  bool io_error = false;
};

/// Loads `path`. When the file names no model, its scenarios apply to `default_model` (the
/// model given on the command line); without one, that is an error.
[[nodiscard]] LoadedScenarios load_scenarios(const std::string& path, const std::string& default_model = {});

}  // namespace appraise::io
