// The commands' workbooks (report/workbooks.hpp).
#include "appraise/report/workbooks.hpp"

#include <fmt/format.h>

#include "appraise/messages/report.hpp"
#include "appraise/core/units.hpp"
#include "appraise/report/economic_report.hpp"
#include "appraise/report/statements.hpp"
#include "appraise/scenario/parameters.hpp"

namespace appraise {
namespace {

using report::Kind;
using report::Lang;

using messages::Report;
using namespace appraise::literals;

std::string amount(double v) { return report::format_value(v, Kind::Money); }

// A series as a planner reads it: "每年 500.00", "2029–2033年 1,200.00；…", "基数 …，年增长 3.00 %".
std::string describe(const Series& s, Lang lang) {
  std::string out;
  switch (s.form) {
    case Series::Form::Constant: out = msg_in(lang, Report::series_constant, "amount"_a = amount(s.constant)); break;
    case Series::Form::List: {
      std::vector<std::string> vs;
      for (const double v : s.values) vs.push_back(amount(v));
      const std::string amounts = fmt::format("{}", fmt::join(vs, msg_in(lang, Report::series_separator)));
      out = msg_in(lang, Report::series_by_year, "amounts"_a = amounts);
      break;
    }
    case Series::Form::Growth:
      out = msg_in(lang, Report::series_growth, "base"_a = amount(s.base), "growth"_a = report::format_value(s.growth, Kind::Rate));
      if (s.from_year || s.to_year)
        out += msg_in(lang, Report::series_growth_years, "from"_a = s.from_year ? std::to_string(*s.from_year) : std::string(),
                      "to"_a = s.to_year ? std::to_string(*s.to_year) : std::string());
      break;
    case Series::Form::Ranges: {
      std::vector<std::string> rs;
      for (const auto& r : s.ranges) rs.push_back(msg_in(lang, Report::series_range, "from"_a = r.from, "to"_a = r.to, "amount"_a = amount(r.amount)));
      out = fmt::format("{}", fmt::join(rs, msg_in(lang, Report::series_ranges_separator)));
      break;
    }
  }
  if (s.scale != 1.0) out += msg_in(lang, Report::series_times, "factor"_a = report::format_value(s.scale, Kind::Ratio));
  if (s.offset != 0.0) out += msg_in(lang, Report::series_plus, "amount"_a = amount(s.offset));
  return out;
}

std::string kind_text(ParamKind k, const std::string& unit, Lang lang) {
  switch (k) {
    case ParamKind::Money: return unit;
    case ParamKind::Rate: return msg_in(lang, Report::input_kind_rate);
    case ParamKind::Share: return msg_in(lang, Report::input_kind_share);
    case ParamKind::Ratio: return msg_in(lang, Report::input_kind_ratio);
    case ParamKind::Years: return msg_in(lang, Report::input_kind_years);
    case ParamKind::Series: return msg_in(lang, Report::input_kind_per_year, "unit"_a = unit);
    case ParamKind::Word: return msg_in(lang, Report::input_kind_choice);
  }
  return {};
}

std::string value_text(const ParamTarget& t, Lang lang) {
  if (t.series) return describe(*t.series, lang);
  if (t.kind == ParamKind::Word) return fmt::format("{}", fmt::join(t.words, " | "));
  const auto v = parameter_value(t);
  if (!v) return msg_in(lang, Report::input_not_given);
  switch (t.kind) {
    case ParamKind::Rate:
    case ParamKind::Share: return report::format_value(*v, Kind::Rate);
    case ParamKind::Ratio: return report::format_value(*v, Kind::Ratio);
    case ParamKind::Years: return report::format_value(*v, Kind::Count);
    default: return amount(*v);
  }
}

}  // namespace

report::HtmlReport run_html(const std::vector<WorkbookCase>& cases, const report::JsonValue& document, Lang lang) {
  report::HtmlReport h;
  h.command = "run";
  h.lang = lang;
  h.document = document;
  for (const auto& c : cases) {
    const ProjectModel& m = *c.model;
    const ProjectResult& r = *c.result;
    if (h.title.empty()) h.title = m.name;
    const std::string prefix = cases.size() > 1 ? (c.name.empty() ? m.name : c.name) + (lang == Lang::Zh ? "：" : ": ") : std::string();
    report::Summary s = indicator_summary(m, r);
    s.title_zh = prefix + s.title_zh;
    s.title_en = prefix + s.title_en;
    h.summaries.push_back(std::move(s));
    if (auto pub = public_summary(m, r)) {
      pub->title_zh = prefix + pub->title_zh;
      pub->title_en = prefix + pub->title_en;
      h.summaries.push_back(std::move(*pub));
    }
    if (!r.checks.empty()) {
      auto b = checks_block(r.checks, lang);
      b.heading = prefix + b.heading;
      h.blocks.push_back(std::move(b));
    }
    for (auto& t : statement_tables(m, r)) {
      t.title_zh = prefix + t.title_zh;
      t.title_en = prefix + t.title_en;
      h.tables.push_back(std::move(t));
    }
  }
  const ProjectModel& m = *cases.front().model;
  h.subtitle = msg_in(lang, Report::run_html_subtitle, "first"_a = m.first_year, "construction"_a = m.construction_years,
                      "operation"_a = m.operation_years, "rate"_a = report::format_value(m.benchmark_rate, Kind::Rate), "unit"_a = m.unit);
  return h;
}

report::TextBlock inputs_block(const ProjectModel& model, Lang lang) {
  report::TextBlock b;
  b.heading = msg_in(lang, Report::inputs_heading, "name"_a = model.name, "first"_a = model.first_year,
                     "construction"_a = model.construction_years, "operation"_a = model.operation_years, "unit"_a = model.unit);
  b.columns = {msg_in(lang, Report::inputs_column_parameter), msg_in(lang, Report::inputs_column_unit),
               msg_in(lang, Report::inputs_column_value)};
  ProjectModel m = model;  // parameter_targets points into the model it is given
  for (const auto& t : parameter_targets(m)) b.rows.push_back({t.path, kind_text(t.kind, m.unit, lang), value_text(t, lang)});
  return b;
}

report::Workbook run_workbook(const std::vector<WorkbookCase>& cases, Lang lang) {
  report::Workbook book;
  book.lang = lang;
  book.groups.clear();
  for (std::size_t g = 0; g < cases.size(); ++g) {
    const ProjectModel& m = *cases[g].model;
    const ProjectResult& r = *cases[g].result;
    if (book.title.empty()) book.title = m.name;
    const int group = static_cast<int>(g);
    book.groups.push_back({m.benchmark_rate, m.timing});
    const std::string prefix = cases.size() > 1 ? (cases[g].name.empty() ? m.name : cases[g].name) + " " : std::string();
    report::SummarySheet summary{indicator_summary(m, r), {}};
    if (!r.checks.empty()) summary.blocks.push_back(checks_block(r.checks, lang));
    book.sheets.push_back({prefix + msg_in(lang, Report::indicators_sheet), std::move(summary), group});
    // The public view's decisive figures (ENPV, EIRR, EBCR, 财政净支出现值), beside the financial
    // ones, with the social discount rate as the cell their formulas read.
    if (auto pub = public_summary(m, r)) {
      report::SummarySheet sheet{std::move(*pub), {}, {}};
      if (r.economic.computed) {
        const double is = r.economic.indicators.discount_rate;
        sheet.rate = report::SummarySheet::Rate{is, msg_in(lang, Report::economic_rate_cell),
                                                msg_in(lang, Report::economic_rate_cell_note, "rate"_a = format_percent(is))};
      }
      std::string name = prefix + (lang == Lang::Zh ? sheet.summary.title_zh : sheet.summary.title_en);
      book.sheets.push_back({std::move(name), std::move(sheet), group});
    }
    book.sheets.push_back({prefix + msg_in(lang, Report::inputs_sheet),
                           report::TextSheet{msg_in(lang, Report::inputs_sheet), {inputs_block(m, lang)}}, group});
    for (auto& t : statement_tables(m, r)) {
      std::string name = prefix + report::title(t, lang);
      book.sheets.push_back({std::move(name), std::move(t), group});
    }
  }
  return book;
}

report::HtmlReport html_of(const report::Workbook& book, std::string command, report::JsonValue document, std::string subtitle) {
  report::HtmlReport h;
  h.command = std::move(command);
  h.title = book.title;
  h.subtitle = std::move(subtitle);
  h.lang = book.lang;
  h.document = std::move(document);
  for (const auto& s : book.sheets) {
    if (const auto* t = std::get_if<report::Table>(&s.content)) {
      h.tables.push_back(*t);
    } else if (const auto* m = std::get_if<report::SummarySheet>(&s.content)) {
      h.summaries.push_back(m->summary);
      for (const auto& b : m->blocks) h.blocks.push_back(b);
    } else {
      for (const auto& b : std::get<report::TextSheet>(s.content).blocks) h.blocks.push_back(b);
    }
  }
  return h;
}

report::Workbook tables_workbook(const std::string& title, Lang lang, const std::vector<report::Summary>& summaries,
                                 const std::vector<report::Table>& tables) {
  report::Workbook book;
  book.title = title;
  book.lang = lang;
  for (const auto& s : summaries)
    book.sheets.push_back({lang == Lang::Zh ? s.title_zh : s.title_en, report::SummarySheet{s, {}}, 0});
  for (const auto& t : tables) book.sheets.push_back({report::title(t, lang), t, 0});
  return book;
}

}  // namespace appraise
