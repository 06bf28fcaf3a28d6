#pragma once
// Loading and evaluating a programme for `programme` and `merge`: diagnostics to stderr and the
// right exit code (2 for an invalid programme or model, 3 for an unreadable file).
#include <string>
#include <vector>

#include "appraise/programme/candidates.hpp"
#include "appraise/programme/programme.hpp"
#include "common.hpp"

namespace appraise::cli {

/// The programme at `path` with every model it names, its warnings printed; throws CliError
/// when it has errors. Every file it reads is noted as an input (so that -o never replaces it).
/// `inputs`, when given, receives every file read.
[[nodiscard]] programme::Programme load_programme_or_fail(const std::string& path, std::vector<std::string>* inputs = nullptr);

/// Each candidate evaluated (candidates [first, end) when given); a model that loads but cannot
/// be evaluated ends the command with exit code 2 and the reason, every such model at once.
[[nodiscard]] std::vector<programme::CandidateEvaluation> evaluate_candidates_or_fail(const programme::Programme& p,
                                                                                      std::size_t first = 0,
                                                                                      std::size_t end = static_cast<std::size_t>(-1));

/// Chooses, joins the debt, prints the report as `out` says; returns the exit code.
int report_programme(const programme::Programme& p, const std::vector<programme::CandidateEvaluation>& ev,
                     const std::string& path, const OutputOptions& out);

}  // namespace appraise::cli
