#pragma once
/// Report: results laid out as tables that can be rendered for people (aligned text that fits
/// a terminal, Chinese or English row labels), for spreadsheets (CSV) and for programs (JSON).
/// The engine's result structs are turned into these by the report builders (report/statements.hpp,
/// report/portfolio_report.hpp, ...); nothing here computes.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "appraise/core/message.hpp"

namespace appraise::report {

/// JSON documents keep their keys in the order written (meta first), not sorted.
using JsonValue = nlohmann::ordered_json;

/// Table: aligned text for people; Csv: blocks for spreadsheets; Json: one document for
/// programs; Xlsx: a workbook with live formulas (report/xlsx.hpp); Html: a page with charts
/// that opens offline (report/html.hpp).
enum class Format { Table, Csv, Json, Xlsx, Html };
using appraise::Lang;  // core/message.hpp

/// How a value is shown: money with two decimals in the table's unit, a rate as a percentage
/// in text (a fraction in CSV/JSON), a ratio with two decimals, years with two decimals, a
/// conversion factor with up to four decimals (0.865, 1.08).
/// `Text`: a word or a name (a debt, an action), not a number: the cell is the row's `texts`
/// entry for the column, left-aligned.
enum class Kind { Money, Rate, Ratio, Years, Count, Factor, Text };

/// One term of a derived row: `factor` times the row `ref` in the same column. `ref` names a row
/// of the same table by key ("revenue") or a row of another table of the same report by
/// "table_key.row_key" ("profit_and_distribution.ebit").
struct Term {
  std::string ref;
  double factor = 1.0;
};

/// How a row follows from other rows, so that a spreadsheet can recompute it: the XLSX writer
/// (report/xlsx.hpp) writes each of its cells as a formula with the engine's value as the
/// cached result, and the workbook tests recalculate every one against the engine. Describe a
/// row only by what it is exactly.
struct Derivation {
  enum class Op {
    None,        // a value of its own
    Sum,         // Σ factor · term
    Cumulative,  // the previous column of this row + Σ factor · term (the first column: Σ alone)
    Ratio,       // Σ terms / Σ denominator
  };
  Op op = Op::None;
  std::vector<Term> terms;
  std::vector<Term> denominator;
};
[[nodiscard]] Derivation sum_of(std::vector<Term> terms);
[[nodiscard]] Derivation cumulative_of(std::vector<Term> terms);
[[nodiscard]] Derivation ratio_of(std::vector<Term> numerator, std::vector<Term> denominator);

struct Row {
  std::string key;       // stable snake_case name, e.g. "revenue"
  std::string number;    // the standard's row number, e.g. "1.1"; may be empty
  std::string label_zh;  // e.g. "营业收入"
  std::string label_en;  // e.g. "Revenue"
  std::vector<std::optional<double>> values;  // one per column; empty optional prints blank
  std::optional<double> total;                // the 合计 column, when the table has one
  Kind kind = Kind::Money;
  int level = 0;  // indentation: 0 for a heading row, 1 for its items
  Derivation derivation;  // how it follows from other rows (the total, when shown, is the sum)
  /// How the 合计 cell follows when it is not the sum of the row: a ratio of other rows' totals
  /// (a conversion factor's total is the economic total over the financial one, not Σ factors).
  std::optional<Derivation> total_derivation;
  std::vector<std::string> texts;  // the cells of Text columns, by column (others unused)
};

/// A statement or any table with a fixed set of columns (usually years).
struct Table {
  std::string key;       // e.g. "project_investment_cash_flow"
  std::string title_zh;  // e.g. "项目投资现金流量表"
  std::string title_en;  // e.g. "Project investment cash flow"
  std::string unit;      // money unit, e.g. "万元"; empty when no money is shown
  std::string column_label_zh = "年份";
  std::string column_label_en = "year";
  std::string row_label_zh = "项目";  // the heading over the row labels
  std::string row_label_en = "item";
  std::vector<std::string> columns;  // e.g. {"2026", "2027", ...}
  /// A column whose values have their own kind whatever the row's (a histogram's counts and
  /// shares beside its bounds); empty, or one entry per column.
  std::vector<std::optional<Kind>> column_kinds;
  bool has_total = false;
  std::vector<Row> rows;
  /// Printed under the text table and carried in JSON, in the run's language. A note built
  /// without knowing the language is a Message from the catalogue (both languages); one built
  /// for a language may be a plain string.
  std::vector<Message> notes;
};

/// How a summary item follows from a statement row, so that a spreadsheet can recompute it:
/// NPV at the report's discount rate and timing, IRR, the static payback interpolated on a
/// cumulative row, or the smallest value of a row. Rows are named "table_key.row_key".
struct ItemFormula {
  enum class Fn { None, Npv, Irr, Payback, Min };
  Fn fn = Fn::None;
  std::string row;         // the flows (Npv, Irr, Payback) or the values (Min)
  std::string cumulative;  // Payback: the cumulative row of `row`
};

/// A list of named values (an indicator summary, a calc result).
struct Item {
  std::string key;
  std::string label_zh;
  std::string label_en;
  std::optional<double> value;
  Kind kind = Kind::Money;
  std::string text;    // shown instead of (or after) the value in text output
  Message reason;      // why the value is absent (both languages; see core/message.hpp)
  std::string text_en; // `text` in English, when it differs
  ItemFormula formula;  // how a spreadsheet recomputes it, when it can
};

struct Summary {
  std::string key;
  std::string title_zh;
  std::string title_en;
  std::string unit;
  std::vector<Item> items;
};

[[nodiscard]] const std::string& label(const Row& r, Lang lang);
[[nodiscard]] const std::string& title(const Table& t, Lang lang);

/// What follows a title when its figures have a unit: "（单位：万元）", " (unit: 万元)"; nothing
/// without one. The text, HTML and workbook renderers all write it so.
[[nodiscard]] std::string unit_suffix(const std::string& unit, Lang lang);

/// A value as text for people: money "1,234.56", rate "6.12 %", ratio "1.35", years "6.67".
[[nodiscard]] std::string format_value(double v, Kind kind);

/// The decimals (2 to 6) it takes to show `v × scale` as it was given: 3.5 % → 2, 3.81875 % → 5.
[[nodiscard]] int decimals_as_given(double v, double scale);

/// A value for CSV: the shortest text that reads back as the same double (rates as fractions).
[[nodiscard]] std::string format_exact(double v);

/// How CSV writes numbers: rounded to the precision the text tables show (money, ratios and
/// years to 0.01, rates as fractions to 0.0001, i.e. 0.01 %), or every digit of the double.
struct CsvStyle {
  bool full_precision = false;
};

/// A value for CSV, without thousands separators: "1234.56", a rate "0.0612" (or format_exact
/// with full precision). Example: format_csv(270.40000000000003, Kind::Money, {}) == "270.40".
[[nodiscard]] std::string format_csv(double v, Kind kind, const CsvStyle& style);

/// The kind a cell of `t` is shown with: its column's when the table gives one, else its row's.
[[nodiscard]] Kind cell_kind(const Table& t, const Row& r, std::size_t column);

/// The text of a cell in a Text column (empty when the row gives none); nullptr for a number.
[[nodiscard]] const std::string* cell_text(const Table& t, const Row& r, std::size_t column);

/// A CSV cell that Excel must keep as text although it reads like a number, such as the row
/// number "1.10" (which Excel would show as 1.1): written as the formula ="1.10", which Excel
/// and WPS show as the text 1.10. Only for text appraise itself makes (row numbers), never for a
/// user's text.
[[nodiscard]] std::string csv_literal_text(const std::string& s);

/// Renders a table as aligned text. Columns that do not fit in `width` display columns are
/// carried over to further blocks, each repeating the row labels.
[[nodiscard]] std::string render_text(const Table& t, Lang lang, std::size_t width = 120);
[[nodiscard]] std::string render_text(const Summary& s, Lang lang);

/// A CSV text field: quoted (quotes doubled) when it holds a comma, a quote or a line break.
/// Text a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return, unless it is a plain number) gets a leading `'`, so that Excel and WPS
/// show it as text instead of running it (CSV injection). Every user-given text goes through it.
[[nodiscard]] std::string csv_escape(const std::string& s);

/// Renders a table as one CSV block: a title line, a header row of columns, a line per row.
[[nodiscard]] std::string render_csv(const Table& t, Lang lang, const CsvStyle& style = {});
[[nodiscard]] std::string render_csv(const Summary& s, Lang lang, const CsvStyle& style = {});

/// The UTF-8 byte-order mark that Excel needs to read a CSV file's Chinese text.
inline constexpr const char* kUtf8Bom = "\xEF\xBB\xBF";

/// JSON: {key, title_zh, title_en, unit, years: [...], rows: [{key, number, label_zh, label_en,
/// values: [...], total}], notes: [...], notes_zh: [...]} and for a summary {key: value,
/// key_reason: "...", key_reason_zh: "..."}: prose in English under the plain key (JSON is read by
/// programs) and in Chinese under the key with `_zh`, like title_en and title_zh.
[[nodiscard]] JsonValue to_json(const Table& t);
[[nodiscard]] JsonValue to_json(const Summary& s);

/// Serialises JSON with two-space indentation; numbers in the shortest form that reads back
/// exactly.
[[nodiscard]] std::string dump(const JsonValue& j);

/// The terminal width to lay text tables out for: $COLUMNS when set, otherwise 120.
[[nodiscard]] std::size_t terminal_width();

}  // namespace appraise::report
