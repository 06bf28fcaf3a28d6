// Loading a debt portfolio file for a subcommand (portfolio_input.hpp).
#include "portfolio_input.hpp"

#include <cstdio>

#include "appraise/io/portfolio_loader.hpp"
#include "common.hpp"

namespace appraise::cli {

portfolio::Portfolio load_portfolio_or_fail(const std::string& path) {
  note_input(path);
  auto loaded = io::load_portfolio(path);
  if (!loaded.portfolio) {
    std::fflush(stdout);
    throw CliError(loaded.io_error ? IoFailure : InvalidInput, render_all(loaded.diagnostics, path, ui_lang()));
  }
  print_diagnostics(loaded.diagnostics, path);
  return std::move(*loaded.portfolio);
}

}  // namespace appraise::cli
