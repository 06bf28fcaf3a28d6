#pragma once
// A debt ledger (债务台账) in CSV, the form a finance bureau keeps its debts in: a header row
// naming the columns (English keys or their Chinese names, docs/portfolio-format.md), then one
// debt per row. The reader turns it into the same tree a portfolio file's `debts:` list is, with
// every cell's place, so the portfolio loader reads and checks ledger rows with the very code
// that reads YAML debts (portfolio_loader.cpp), and its messages point at row and column. What
// only a ledger can get wrong is checked here: the header, quoting, cells beyond the header, a
// total row.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/core/diagnostics.hpp"
#include "appraise/io/document.hpp"

namespace appraise::io {

struct Ledger {
  /// The lines for excerpts; the root is a list with one mapping per debt, keyed by the YAML
  /// keys of a debt (`name`, `kind`, `balance`, `rate: {reference, spread}`, ...).
  Document doc;
  std::vector<int> rows;                       // by debt: its row as a spreadsheet numbers it
  std::vector<std::map<std::string, Mark>> empty_cells;  // by debt: where each empty cell of a known column is, by key
  std::map<std::string, std::string> columns;  // by key: the column's name as the header writes it
  std::string balance_unit;                    // the unit the balance column names (`余额（万元）`), if any
  Mark balance_header;                         // where the balance column's name is
  Node header;                                 // the header's first cell: where a message about the header points
};

/// The file lines one record of a ledger takes, first to last: more than one when a cell in quotes
/// holds a line break, so that the record's row in a spreadsheet is not its line in the file.
struct RecordSpan {
  int first = 0;
  int last = 0;
};

struct ParsedLedger {
  /// Absent when the file or its header cannot be used. A ledger with mistakes in some rows is
  /// returned without them (and with their diagnostics), so that the other rows are checked too.
  std::optional<Ledger> ledger;
  Diagnostics diagnostics;
  bool io_error = false;
  /// By spreadsheet row (rows[0] is row 1): the lines it takes; as far as the file could be read
  /// into records (up to a quote never closed), empty when it could not be read as text.
  std::vector<RecordSpan> rows;
};

[[nodiscard]] ParsedLedger read_ledger_file(const std::string& path);
[[nodiscard]] ParsedLedger read_ledger_text(std::string_view text, const std::string& name);

/// A diagnostic at a line of the ledger, told where that is in Excel or WPS as well: the row
/// the spreadsheet shows (a record's number, blank lines counted, as Excel numbers them) beside the
/// line of the file the record starts on (which the location's `file:line:col` counts). Unchanged
/// when it has no line or `rows` does not reach it.
[[nodiscard]] Diagnostic with_spreadsheet_row(const std::vector<RecordSpan>& rows, Diagnostic d);

/// The portfolio loader's diagnostics about a ledger's debts, in the ledger's words: a field
/// `debts[3].balance` becomes the column as the header names it (`余额`; the row is the location's
/// line), and a value a row lacks is an empty cell (at the cell) or a column the header lacks (one
/// error at the header, however many rows need the column). A message's text is not searched for
/// paths: what it quotes is the planner's (a name may read `debts[0]`).
[[nodiscard]] std::vector<Diagnostic> in_ledger_words(const Ledger& ledger, std::vector<Diagnostic> ds);

}  // namespace appraise::io
