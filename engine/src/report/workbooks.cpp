// The commands' workbooks (report/workbooks.hpp).
#include "appraise/report/workbooks.hpp"

#include <fmt/format.h>

#include "appraise/report/statements.hpp"
#include "appraise/scenario/parameters.hpp"

namespace appraise {
namespace {

using report::Kind;
using report::Lang;

const char* tr(Lang lang, const char* zh, const char* en) { return lang == Lang::Zh ? zh : en; }

std::string amount(double v) { return report::format_value(v, Kind::Money); }

// A series as a planner reads it: "每年 500.00", "2029–2033年 1,200.00；…", "基数 …，年增长 3.00 %".
std::string describe(const Series& s, Lang lang) {
  const bool zh = lang == Lang::Zh;
  std::string out;
  switch (s.form) {
    case Series::Form::Constant: out = fmt::format(fmt::runtime(zh ? "每年 {}" : "{} a year"), amount(s.constant)); break;
    case Series::Form::List: {
      std::vector<std::string> vs;
      for (const double v : s.values) vs.push_back(amount(v));
      out = fmt::format(fmt::runtime(zh ? "逐年：{}" : "by year: {}"), fmt::join(vs, zh ? "，" : ", "));
      break;
    }
    case Series::Form::Growth:
      out = fmt::format(fmt::runtime(zh ? "基数 {}，年增长 {}" : "{} growing {} a year"), amount(s.base),
                        report::format_value(s.growth, Kind::Rate));
      if (s.from_year || s.to_year)
        out += fmt::format("（{}–{}）", s.from_year ? std::to_string(*s.from_year) : "", s.to_year ? std::to_string(*s.to_year) : "");
      break;
    case Series::Form::Ranges: {
      std::vector<std::string> rs;
      for (const auto& r : s.ranges) rs.push_back(fmt::format(fmt::runtime(zh ? "{}–{}年 {}" : "{}–{}: {}"), r.from, r.to, amount(r.amount)));
      out = fmt::format("{}", fmt::join(rs, zh ? "；" : "; "));
      break;
    }
  }
  if (s.scale != 1.0) out += fmt::format(fmt::runtime(zh ? "，乘以 {}" : ", times {}"), report::format_value(s.scale, Kind::Ratio));
  if (s.offset != 0.0) out += fmt::format(fmt::runtime(zh ? "，加 {}" : ", plus {}"), amount(s.offset));
  return out;
}

std::string kind_text(ParamKind k, const std::string& unit, Lang lang) {
  switch (k) {
    case ParamKind::Money: return unit;
    case ParamKind::Rate: return tr(lang, "比率", "rate");
    case ParamKind::Share: return tr(lang, "比例", "share");
    case ParamKind::Ratio: return tr(lang, "倍数", "ratio");
    case ParamKind::Years: return tr(lang, "年", "years");
    case ParamKind::Series: return lang == Lang::Zh ? unit + "/年" : unit + " a year";
    case ParamKind::Word: return tr(lang, "选项", "choice");
  }
  return {};
}

std::string value_text(const ParamTarget& t, Lang lang) {
  if (t.series) return describe(*t.series, lang);
  if (t.kind == ParamKind::Word) return fmt::format("{}", fmt::join(t.words, " | "));
  const auto v = parameter_value(t);
  if (!v) return tr(lang, "（未给出）", "(not given)");
  switch (t.kind) {
    case ParamKind::Rate:
    case ParamKind::Share: return report::format_value(*v, Kind::Rate);
    case ParamKind::Ratio: return report::format_value(*v, Kind::Ratio);
    case ParamKind::Years: return report::format_value(*v, Kind::Count);
    default: return amount(*v);
  }
}

}  // namespace

report::TextBlock checks_block(const std::vector<Check>& checks, Lang lang) {
  report::TextBlock b{tr(lang, "判别", "Checks"), {tr(lang, "结果", "result"), tr(lang, "判别", "check")}, {}};
  for (const auto& c : checks)
    b.rows.push_back({c.passed ? tr(lang, "通过", "pass") : tr(lang, "未通过", "FAIL"), lang == Lang::Zh ? c.message_zh : c.message_en});
  return b;
}

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
  h.subtitle = fmt::format(fmt::runtime(lang == Lang::Zh ? "{}年起，建设期 {} 年，运营期 {} 年；基准收益率 {}；金额单位：{}"
                                                         : "from {}, {} construction and {} operation years; benchmark rate {}; amounts in {}"),
                           m.first_year, m.construction_years, m.operation_years, report::format_value(m.benchmark_rate, Kind::Rate), m.unit);
  return h;
}

report::TextBlock inputs_block(const ProjectModel& model, Lang lang) {
  report::TextBlock b;
  b.heading = fmt::format(fmt::runtime(tr(lang, "{}：{}年起，建设期 {} 年，运营期 {} 年，金额单位 {}",
                                           "{}: from {}, {} construction and {} operation years, amounts in {}")),
                          model.name, model.first_year, model.construction_years, model.operation_years, model.unit);
  b.columns = {tr(lang, "参数（情景文件中的路径）", "parameter (its path in scenario files)"), tr(lang, "单位", "unit"), tr(lang, "取值", "value")};
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
    book.sheets.push_back({prefix + tr(lang, "财务指标汇总", "Indicators"), std::move(summary), group});
    book.sheets.push_back(
        {prefix + tr(lang, "输入参数", "Inputs"), report::TextSheet{tr(lang, "输入参数", "Inputs"), {inputs_block(m, lang)}}, group});
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
