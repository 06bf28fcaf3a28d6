#pragma once
/// The workbooks of the commands (report/xlsx.hpp lays them out): for a run, the indicator
/// summary with its formulas and the 判别 lines, the model's inputs, and every statement; for the
/// other commands, their report tables as sheets. And the run's HTML report (report/html.hpp).

#include <string>
#include <vector>

#include "appraise/messages/report.hpp"
#include "appraise/project/evaluation.hpp"
#include "appraise/project/model.hpp"
#include "appraise/report/html.hpp"
#include "appraise/report/xlsx.hpp"

namespace appraise {

/// One evaluated case of a run: the model as evaluated, its result, and its name (empty for the
/// model as written).
struct WorkbookCase {
  const ProjectModel* model = nullptr;
  const ProjectResult* result = nullptr;
  std::string name;
};

/// The workbook of `appraise run`: per case a summary sheet (indicators with live NPV, IRR,
/// payback and coverage formulas, the benchmark rate as a cell, the 判别 lines), an inputs sheet
/// and a sheet per statement. With several cases, each sheet name starts with the case's name.
[[nodiscard]] report::Workbook run_workbook(const std::vector<WorkbookCase>& cases, report::Lang lang);

/// The 判别 lines as a text block: result, message. For a project's checks (Check) and a debt
/// portfolio's (portfolio::Check) alike.
template <class CheckT>
[[nodiscard]] report::TextBlock checks_block(const std::vector<CheckT>& checks, report::Lang lang) {
  using messages::Report;
  report::TextBlock b{msg_in(lang, Report::checks_heading), {msg_in(lang, Report::checks_column_result), msg_in(lang, Report::checks_column_check)}, {}};
  for (const auto& c : checks)
    b.rows.push_back({msg_in(lang, c.passed ? Report::check_passed : Report::check_failed), lang == report::Lang::Zh ? c.message_zh : c.message_en});
  return b;
}

/// The HTML report of `appraise run` (report/html.hpp): the summaries, 判别 lines and statements
/// of every case, and `document`, the run's JSON document, for the charts.
[[nodiscard]] report::HtmlReport run_html(const std::vector<WorkbookCase>& cases, const report::JsonValue& document,
                                          report::Lang lang);

/// The model's assumptions as a text block: every parameter a scenario can address, with its
/// path (the one scenario files use), what it is and its value.
[[nodiscard]] report::TextBlock inputs_block(const ProjectModel& model, report::Lang lang);

/// A workbook of report tables: the summaries first, then a sheet per table, named by title.
[[nodiscard]] report::Workbook tables_workbook(const std::string& title, report::Lang lang,
                                               const std::vector<report::Summary>& summaries,
                                               const std::vector<report::Table>& tables);

/// The HTML report made of a workbook's sheets (summaries, text blocks, tables in their order) and
/// the command's JSON document for the charts: the same composition as the command's workbook.
[[nodiscard]] report::HtmlReport html_of(const report::Workbook& book, std::string command, report::JsonValue document,
                                         std::string subtitle = {});

}  // namespace appraise
