#pragma once
// Loading a project model for a subcommand: diagnostics to stderr, and the right exit code
// (2 for an invalid model, 3 for an unreadable file) when it cannot be used.
#include <string>

#include "appraise/core/diagnostics.hpp"
#include "appraise/project/model.hpp"
#include "appraise/project/evaluation.hpp"

namespace appraise::cli {

/// The model at `path`, with its warnings printed; throws CliError when it has errors.
[[nodiscard]] ProjectModel load_model_or_fail(const std::string& path);

/// The diagnostic for a model that loads but cannot be evaluated: at its file, with the field and
/// the remedy the evaluation gives; `subject` (when given) opens the message, e.g. "candidate `A`".
[[nodiscard]] Diagnostic evaluation_diagnostic(const ProjectModel& model, const EvaluationError& e, const Message& subject = {});

/// The model evaluated; a model that loads but cannot be evaluated (sculpting with no cash,
/// sources and uses that do not match) ends the command with exit code 2 and the reason.
[[nodiscard]] ProjectResult evaluate_or_fail(const ProjectModel& model);

}  // namespace appraise::cli
