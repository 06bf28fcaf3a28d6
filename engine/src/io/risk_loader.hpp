#pragma once
// Private to the loader: reading the `sensitivity:` and `simulation:` sections of a scenario
// file (docs/risk.md). Called by scenario_loader.cpp once the file's models are loaded, so that
// every path, every value and every distribution is checked against each model, at its line.
#include "appraise/io/reader.hpp"
#include "appraise/scenario/scenario.hpp"

namespace appraise::io::detail {

/// Reads both sections from the top-level mapping `top` into `file` (when present).
void read_risk_sections(Reader& r, MapReader& top, ScenarioFile& file);

}  // namespace appraise::io::detail
