#include "risk_input.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <stdexcept>

#include "common.hpp"
#include "appraise/messages/cli.hpp"
#include "model_input.hpp"
#include "scenario_input.hpp"

namespace appraise::cli {

using messages::Cli;
using namespace literals;

RiskInput load_risk_input(const std::string& model_path, const std::string& scenario_file, const std::string& scenario) {
  RiskInput in;
  if (scenario_file.empty()) {
    if (!scenario.empty()) usage_error("--scenario", msg(Cli::needs_scenario_file));
    in.model = load_model_or_fail(model_path);
    return in;
  }
  in.file = load_scenarios_or_fail(scenario_file, model_path);
  const ScenarioFile& file = *in.file;
  std::string key;
  namespace fs = std::filesystem;
  for (std::size_t i = 0; i < file.model_order.size(); ++i) {
    std::error_code ec;
    if (fs::equivalent(file.model_paths[i], model_path, ec)) key = file.model_order[i];
  }
  if (key.empty())
    usage_error("--scenarios", msg(Cli::file_does_not_name, "file"_a = scenario_file, "model"_a = model_path),
                msg(Cli::models_named, "models"_a = joined(file.model_paths)));
  in.model = file.models.at(key);
  if (!scenario.empty()) {
    const Scenario* s = find_scenario(file, scenario);
    if (!s || s->model != key) {
      std::vector<std::string> names;
      for (const auto& x : file.scenarios)
        if (x.model == key) names.push_back(x.name);
      const auto near = closest_match(scenario, names);
      usage_error("--scenario", msg(Cli::no_scenario_for, "file"_a = scenario_file, "name"_a = scenario, "model"_a = model_path),
                  names.empty() ? msg(Cli::a_scenario_name) : msg(Cli::one_of, "names"_a = joined(names)),
                  near ? msg(Cli::did_you_mean, "word"_a = *near) : Message());
    }
    try {
      in.model = scenario_model(file, *s);
    } catch (const std::invalid_argument& e) {
      usage_error(scenario_file, message_of(e));
    }
    in.scenario = scenario;
  }
  return in;
}

}  // namespace appraise::cli
