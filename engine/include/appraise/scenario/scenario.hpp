#pragma once
/// Scenarios: named sets of changes to one or more project models ("traffic 30% lower",
/// "construction a year late", "rates one point higher"), read from a scenario file
/// (docs/scenario-format.md), and the models they produce.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "appraise/core/diagnostics.hpp"
#include "appraise/project/model.hpp"
#include "appraise/scenario/parameters.hpp"
#include "appraise/risk/simulation.hpp"
#include "appraise/risk/sensitivity.hpp"

namespace appraise {

struct Scenario {
  std::string name;
  std::string description;
  std::string model;                 // key of the model it changes
  std::optional<std::string> base;   // a scenario whose changes come first
  std::vector<Change> changes;
  // Where the file names it: its path (`scenarios[0]`) and the place of its `name:` value, for an
  // error about the scenario as a whole (a case that cannot be evaluated: compare, run -s, check).
  std::string field;
  SourceMap::Place place;
};

struct ScenarioFile {
  std::string path;
  std::map<std::string, ProjectModel> models;  // by key; loaded and validated
  std::vector<std::string> model_order;        // keys in file order
  std::vector<std::string> model_paths;        // resolved file paths, in the same order
  std::vector<Scenario> scenarios;             // in file order
  std::vector<std::string> options;            // mutually exclusive options: model keys or scenario names
  std::optional<SensitivitySpec> sensitivity;  // the `sensitivity:` section (docs/risk.md)
  std::optional<SimulationSpec> simulation;    // the `simulation:` section (docs/risk.md)
};

/// The model `scenario` describes: its model with the changes of its base chain, then its own.
/// Throws std::invalid_argument when a change cannot be applied (checked at load time, so this
/// means a bug or a change that only fails in combination, e.g. two scalings to a negative).
[[nodiscard]] ProjectModel scenario_model(const ScenarioFile& file, const Scenario& scenario);

/// What the base case of a single `model:` is called: its column in `compare` and its name among
/// the options (基准方案, "base case"). The file names it by its key, `model`.
[[nodiscard]] Message base_case_name();
/// The name of the base case of the model `key` in `lang`: base_case_name() for a single
/// `model:`, the key itself for each of `models:` (梁桥方案).
[[nodiscard]] std::string base_case_name(const std::string& key, Lang lang);

/// A scenario by name, or nullptr.
[[nodiscard]] const Scenario* find_scenario(const ScenarioFile& file, const std::string& name);

}  // namespace appraise
