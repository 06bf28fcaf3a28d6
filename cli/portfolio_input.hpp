#pragma once
// Loading a debt portfolio file (YAML, or YAML naming a CSV ledger) for a subcommand.
#include <string>

#include "appraise/portfolio/portfolio.hpp"

namespace appraise::cli {

/// The portfolio at `path`, its warnings printed; throws CliError (exit 2, or 3 when the file
/// cannot be read) with the diagnostics when it cannot be used.
[[nodiscard]] portfolio::Portfolio load_portfolio_or_fail(const std::string& path);

}  // namespace appraise::cli
