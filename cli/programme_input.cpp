#include "programme_input.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>

#include "appraise/io/programme_loader.hpp"
#include "appraise/messages/cli.hpp"
#include "model_input.hpp"

namespace appraise::cli {

using messages::Cli;
using namespace literals;

programme::Programme load_programme_or_fail(const std::string& path, std::vector<std::string>* inputs) {
  auto loaded = io::load_programme(path);
  for (const auto& in : loaded.inputs) note_input(in);
  if (inputs) *inputs = loaded.inputs;
  if (!loaded.programme) {
    std::fflush(stdout);
    throw CliError(loaded.io_error ? IoFailure : InvalidInput, render_all(loaded.diagnostics, path, ui_lang()));
  }
  print_diagnostics(loaded.diagnostics, path);
  return std::move(*loaded.programme);
}

std::vector<programme::CandidateEvaluation> evaluate_candidates_or_fail(const programme::Programme& p, std::size_t first,
                                                                        std::size_t end) {
  end = std::min(end, p.candidates.size());
  std::vector<programme::CandidateEvaluation> out;
  Diagnostics problems;
  for (std::size_t i = first; i < end; ++i) {
    const programme::Candidate& c = p.candidates[i];
    try {
      out.push_back(programme::evaluate_candidate(c));
    } catch (const EvaluationError& e) {
      problems.add(evaluation_diagnostic(c.model, e, msg(Cli::candidate_named, "name"_a = c.name)));
    }
  }
  if (problems.has_errors()) {
    std::fflush(stdout);
    throw CliError(InvalidInput, render_all(problems, p.source, ui_lang()));
  }
  return out;
}

}  // namespace appraise::cli
