#include "model_input.hpp"

#include <iostream>

#include "appraise/io/model_loader.hpp"
#include "common.hpp"
#include "appraise/messages/cli.hpp"

namespace appraise::cli {

using messages::Cli;
using namespace literals;

ProjectModel load_model_or_fail(const std::string& path) {
  note_input(path);
  auto loaded = io::load_model(path);
  if (!loaded.model) {
    std::fflush(stdout);
    throw CliError(loaded.io_error ? IoFailure : InvalidInput, render_all(loaded.diagnostics, path, ui_lang()));
  }
  print_diagnostics(loaded.diagnostics, path);
  return std::move(*loaded.model);
}

Diagnostic evaluation_diagnostic(const ProjectModel& model, const EvaluationError& e, const Message& subject) {
  Diagnostic d;
  d.location = SourceLocation{model.source, 0, 0, 1};
  // At the key the error is about, when the loader recorded it (issue 16, item 6).
  if (const auto* at = model.places ? model.places->find(e.field) : nullptr) {
    d.location = at->location;
    d.source_line = at->source_line;
  }
  d.field = e.field;
  d.message = subject.empty() ? e.message : msg(Cli::cannot_be_evaluated, "subject"_a = subject, "what"_a = e.message);
  d.hint = e.hint;
  return d;
}

ProjectResult evaluate_or_fail(const ProjectModel& model) {
  try {
    return evaluate(model);
  } catch (const EvaluationError& e) {
    Diagnostics ds;
    ds.add(evaluation_diagnostic(model, e));
    throw CliError(InvalidInput, render_all(ds, model.source, ui_lang()));
  }
}

}  // namespace appraise::cli
