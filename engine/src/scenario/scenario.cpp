#include "appraise/scenario/scenario.hpp"

#include <fmt/format.h>
#include <stdexcept>

#include "appraise/messages/scenario.hpp"

namespace appraise {

using namespace appraise::literals;

Message base_case_name() { return msg(messages::Scenario::base_case); }

std::string base_case_name(const std::string& key, Lang lang) {
  return key == "model" ? base_case_name().in(lang) : key;  // `model:` has no name of its own
}

const Scenario* find_scenario(const ScenarioFile& file, const std::string& name) {
  for (const auto& s : file.scenarios)
    if (s.name == name) return &s;
  return nullptr;
}

ProjectModel scenario_model(const ScenarioFile& file, const Scenario& scenario) {
  // The base chain, oldest first (the loader has refused cycles and unknown bases).
  std::vector<const Scenario*> chain{&scenario};
  while (chain.back()->base) {
    const Scenario* b = find_scenario(file, *chain.back()->base);
    if (!b || chain.size() > file.scenarios.size()) throw std::invalid_argument("scenario base chain is broken");
    chain.push_back(b);
  }
  ProjectModel m = file.models.at(scenario.model);
  // The model's parameters are listed once for the whole chain; paths were resolved when the file
  // was read, so none is matched again here.
  ModelParameters parameters(m);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    for (const auto& c : (*it)->changes)
      if (const auto why = parameters.apply(c); !why.empty())
        throw InputError(msg(messages::Scenario::scenario_change_refused, "name"_a = (*it)->name, "why"_a = why.problem), why.hint);
  return m;
}

}  // namespace appraise
