#pragma once
/// Loading a programme file (format: docs/programme-format.md): the candidates with their models
/// (paths relative to the programme file, each optionally changed by a scenario), the exclusive
/// groups and dependencies, the limits by year and the debt portfolio to join. Every model, scenario
/// file and portfolio it names is loaded and checked with the loaders of those files, so their
/// problems are reported at their own lines. Every problem is collected with its location: unknown
/// and duplicate keys, a model that does not exist, a candidate named twice, an exclusive group
/// of one, a requirement on a candidate that does not exist or cannot be chosen with it, a limit
/// in a year outside every candidate's calculation period, units that differ. A programme is
/// returned only when there is no error.

#include <optional>
#include <string>
#include <string_view>

#include "appraise/core/diagnostics.hpp"
#include "appraise/programme/programme.hpp"

namespace appraise::io {

struct LoadedProgramme {
  std::optional<programme::Programme> programme;
  Diagnostics diagnostics;
  bool io_error = false;  // a file could not be read
  std::vector<std::string> inputs;  // every file read: the programme, its models, scenario files, portfolio
};

[[nodiscard]] LoadedProgramme load_programme(const std::string& path);
/// `name` stands for the file's path: model paths are relative to its folder.
[[nodiscard]] LoadedProgramme load_programme_from_string(std::string_view text, const std::string& name);

}  // namespace appraise::io
