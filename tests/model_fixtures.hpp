#pragma once
// Loading project models in tests: inline YAML (a test fails with the loader's messages when it
// does not load) and the example models in models/.
#include <doctest/doctest.h>

#include <string>

#include "appraise/io/model_loader.hpp"

namespace model_fixtures {

inline appraise::ProjectModel load(const std::string& yaml) {
  auto loaded = appraise::io::load_model_from_string(yaml, "inline.yaml");
  if (!loaded.model) {
    std::string all;
    for (const auto& d : loaded.diagnostics) all += appraise::render(d, appraise::Lang::En);
    FAIL(all);
  }
  return *loaded.model;
}

inline appraise::ProjectModel example(const std::string& name) {
  auto loaded = appraise::io::load_model(std::string(APPRAISE_SOURCE_DIR) + "/models/" + name + ".yaml");
  REQUIRE(loaded.model);
  return *loaded.model;
}

}  // namespace model_fixtures
