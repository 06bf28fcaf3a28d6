#pragma once
// Loading a project model for a subcommand: diagnostics to stderr, and the right exit code
// (2 for an invalid model, 3 for an unreadable file) when it cannot be used.
#include <string>

#include "appraise/model.hpp"

namespace appraise::cli {

/// The model at `path`, with its warnings printed; throws CliError when it has errors.
[[nodiscard]] ProjectModel load_model_or_fail(const std::string& path);

}  // namespace appraise::cli
