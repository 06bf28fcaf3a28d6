#pragma once
/// Report: an Excel workbook (XLSX) made of the report tables every other format is made of —
/// one sheet per table or summary, with live formulas wherever the tables say how a figure
/// follows from others (report::Derivation on a row, report::ItemFormula on a summary item).
/// Every formula is written with the engine's figure as its cached result, so a viewer that does
/// not recalculate shows the right number, and a spreadsheet that does reproduces it.
///
/// What a sheet looks like: the title and unit in the first row; a header row (序号, 项目, 合计,
/// the years); then a row per table row, its number and label as text; numbers with thousands
/// separators and two decimals (rates as percentages); the header row and the label columns
/// frozen; column widths computed from the text (a CJK character counts two). Text cells are
/// always written as strings, never as formulas, whatever they start with, so a name such as
/// `=1+1` cannot run in the spreadsheet. The only formulas are the ones built here.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "appraise/core/discounting.hpp"
#include "appraise/report/table.hpp"

namespace appraise::report {

/// Lines of text in a sheet: a heading, then rows of cells (the 判别 lines, the model's inputs).
struct TextBlock {
  std::string heading;
  std::vector<std::string> columns;  // a header row; may be empty
  std::vector<std::vector<std::string>> rows;
};

/// A summary (indicators with their formulas) and the text blocks under it.
struct SummarySheet {
  Summary summary;
  std::vector<TextBlock> blocks;
  /// The rate of the sheet's rate cell when it is not its group's benchmark rate (the social
  /// discount rate of the economic indicators), with the cell's label and note.
  struct Rate {
    double value = 0;
    std::string label, note;
  };
  std::optional<Rate> rate;
};

/// A sheet of text blocks alone, e.g. the inputs.
struct TextSheet {
  std::string title;
  std::vector<TextBlock> blocks;
};

struct Sheet {
  std::string name;  // the sheet's tab; shortened to 31 characters and made unique when written
  std::variant<Table, SummarySheet, TextSheet> content;
  int group = 0;  // formulas refer to tables of the same group only (one group per scenario)
};

/// What the workbook needs beyond its sheets: the discount rate and timing that NPV formulas
/// use (written as a cell on the first summary sheet of each group, so a reader can change it).
struct WorkbookContext {
  std::optional<double> discount_rate;
  Timing timing = Timing::EndOfPeriod;
};

struct Workbook {
  std::string title;  // the document title (file properties)
  Lang lang = Lang::Zh;
  std::vector<Sheet> sheets;
  std::vector<WorkbookContext> groups{WorkbookContext{}};  // indexed by Sheet::group
};

/// Writes `book` to `path`. Returns an empty string, or what went wrong (the file could not be
/// written). The creation time in the file's properties is $SOURCE_DATE_EPOCH when set, so a
/// workbook can be made byte for byte again.
[[nodiscard]] std::string write_xlsx(const Workbook& book, const std::string& path);

/// A sheet name Excel accepts: at most 31 characters (counted as characters, not bytes), none of
/// : \ / ? * [ ], not starting or ending with an apostrophe.
[[nodiscard]] std::string sheet_name(const std::string& wanted);

}  // namespace appraise::report
