#include "scenario_input.hpp"

#include <fmt/format.h>

#include "appraise/io/scenario_loader.hpp"
#include "common.hpp"
#include "appraise/messages/cli.hpp"
#include "appraise/messages/scenario.hpp"
#include "model_input.hpp"

namespace appraise::cli {

using messages::Cli;
using namespace literals;

ScenarioFile load_scenarios_or_fail(const std::string& path, const std::string& default_model) {
  auto loaded = io::load_scenarios(path, default_model);
  if (!loaded.file) {
    std::fflush(stdout);
    throw CliError(loaded.io_error ? IoFailure : InvalidInput, render_all(loaded.diagnostics, path, ui_lang()));
  }
  print_diagnostics(loaded.diagnostics, path);
  note_input(path);
  for (const auto& model : loaded.file->model_paths) note_input(model);
  return std::move(*loaded.file);
}

Diagnostic scenario_evaluation_diagnostic(const Scenario& scenario, const ProjectModel& model, const EvaluationError& e) {
  Diagnostic d;
  d.location = scenario.place.location;
  d.source_line = scenario.place.source_line;
  d.field = scenario.field;
  d.message = msg(messages::Scenario::case_not_evaluated, "name"_a = scenario.name, "model"_a = model.source, "field"_a = e.field,
                  "why"_a = e.message);
  d.hint = e.hint;
  return d;
}

std::vector<Case> evaluate_cases(const ScenarioFile& file, bool with_base, const std::string& only) {
  if (!only.empty() && !find_scenario(file, only)) {
    std::vector<std::string> names;
    for (const auto& s : file.scenarios) names.push_back(s.name);
    const auto near = closest_match(only, names);
    usage_error("--only", msg(Cli::no_scenario_named, "file"_a = file.path, "name"_a = only),
                names.empty() ? msg(Cli::a_scenario_name) : msg(Cli::one_of, "names"_a = joined(names)),
                near ? msg(Cli::did_you_mean, "word"_a = *near) : Message());
  }
  std::vector<Case> cases;
  for (const auto& key : file.model_order) {
    if (with_base && only.empty()) {
      Case c;
      c.name = base_case_name(key, ui_lang());
      c.model_key = key;
      c.model = file.models.at(key);
      c.result = evaluate_or_fail(c.model);
      cases.push_back(std::move(c));
    }
    for (const auto& s : file.scenarios) {
      if (s.model != key || (!only.empty() && s.name != only)) continue;
      Case c;
      c.name = s.name;
      c.model_key = key;
      c.scenario = &s;
      try {
        c.model = scenario_model(file, s);
      } catch (const InputError& e) {  // a change that fails only in combination: with its remedy
        usage_error(file.path, e.message, {}, e.hint);
      } catch (const std::invalid_argument& e) {
        usage_error(file.path, message_of(e));
      }
      try {
        c.result = evaluate(c.model);
      } catch (const EvaluationError& e) {
        Diagnostics ds;
        ds.add(scenario_evaluation_diagnostic(s, c.model, e));
        std::fflush(stdout);
        throw CliError(InvalidInput, render_all(ds, file.path, ui_lang()));
      }
      cases.push_back(std::move(c));
    }
  }
  return cases;
}

}  // namespace appraise::cli
