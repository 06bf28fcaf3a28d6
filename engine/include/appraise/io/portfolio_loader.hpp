#pragma once
/// Loading a debt portfolio from YAML (format: docs/portfolio-format.md). Every problem is
/// collected with its location: unknown and duplicate keys, negative balances, rates written
/// as 5 for 5%, maturities that have already passed, quotas with no eligible debt to replace,
/// references to rate paths that do not exist, debts that roll over with no market rate. A
/// portfolio is returned only when there is no error.
///
/// `debts:` may name a CSV ledger instead of listing the debts (债务台账: a header row, one debt
/// per row; io/ledger_reader.hpp). Its rows are read and checked by the same code as a YAML list,
/// and its problems are reported at the ledger's row and column. A ledger that cannot be read
/// sets io_error.

#include <optional>
#include <string>
#include <string_view>

#include "appraise/core/diagnostics.hpp"
#include "appraise/io/document.hpp"
#include "appraise/portfolio/portfolio.hpp"

namespace appraise::io {

struct LoadedPortfolio {
  std::optional<portfolio::Portfolio> portfolio;
  Diagnostics diagnostics;
  bool io_error = false;  // the file could not be read
};

[[nodiscard]] LoadedPortfolio load_portfolio(const std::string& path);
[[nodiscard]] LoadedPortfolio load_portfolio_from_string(std::string_view text, const std::string& name);
[[nodiscard]] LoadedPortfolio load_portfolio_from_document(const Document& doc);

}  // namespace appraise::io
