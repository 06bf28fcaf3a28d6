#pragma once
/// Loading a project model from YAML (format: docs/model-format.md). Every problem in the file
/// is collected (unknown and duplicate keys, wrong kinds, rates written as 6 for 6%, phasing
/// that does not add up, years outside the calculation period, dangling references) and
/// returned with its location; a model is returned only when there is no error.

#include <optional>
#include <string>
#include <string_view>

#include "appraise/core/diagnostics.hpp"
#include "appraise/io/document.hpp"
#include "appraise/project/model.hpp"

namespace appraise::io {

struct LoadedModel {
  std::optional<ProjectModel> model;
  Diagnostics diagnostics;
  bool io_error = false;  // the file could not be read
};

[[nodiscard]] LoadedModel load_model(const std::string& path);
[[nodiscard]] LoadedModel load_model_from_string(std::string_view text, const std::string& name);
[[nodiscard]] LoadedModel load_model_from_document(const Document& doc);

}  // namespace appraise::io
