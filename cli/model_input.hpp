#pragma once
// Loading a project model for a subcommand: diagnostics to stderr, and the right exit code
// (2 for an invalid model, 3 for an unreadable file) when it cannot be used.
#include <string>

#include "appraise/project/model.hpp"
#include "appraise/project/evaluation.hpp"

namespace appraise::cli {

/// The model at `path`, with its warnings printed; throws CliError when it has errors.
[[nodiscard]] ProjectModel load_model_or_fail(const std::string& path);

/// The model evaluated; a model that loads but cannot be evaluated (sculpting with no cash,
/// sources and uses that do not match) ends the command with exit code 2 and the reason.
[[nodiscard]] ProjectResult evaluate_or_fail(const ProjectModel& model);

}  // namespace appraise::cli
