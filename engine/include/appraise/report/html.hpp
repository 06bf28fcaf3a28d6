#pragma once
/// Report: one self-contained HTML page that opens offline — the report tables (laid out here,
/// numbers formatted as in the text tables, each cell carrying its exact value) and the charts,
/// drawn in the browser by Apache ECharts from the command's own JSON document, which the page
/// embeds whole. So every number a chart shows is a number of the JSON output. ECharts and the
/// page's script (web/report.js) are embedded into the binary at build time; nothing is fetched.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "appraise/report/table.hpp"
#include "appraise/report/xlsx.hpp"

namespace appraise::report {

struct HtmlReport {
  std::string command;   // run, schedule, compare, sensitivity, simulate, debt: which charts
  std::string title;     // the page's heading
  std::string subtitle;  // a line under it (model, scenario, seed)
  Lang lang = Lang::Zh;
  JsonValue document;    // the command's --format json document
  std::vector<Summary> summaries;
  std::vector<TextBlock> blocks;  // the 判别 lines
  std::vector<Table> tables;
};

/// The page. Example: render_html({"run", "江滨大桥", "", Lang::Zh, doc, {summary}, {checks}, tables}).
[[nodiscard]] std::string render_html(const HtmlReport& report);

/// Text made safe for HTML: & < > " escaped.
[[nodiscard]] std::string html_escape(const std::string& s);

}  // namespace appraise::report
