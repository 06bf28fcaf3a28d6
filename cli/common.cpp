#include "common.hpp"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "appraise/core/units.hpp"
#include "appraise/messages/cli.hpp"

namespace appraise::cli {

using messages::Cli;
using namespace literals;

namespace {
Lang& current_lang() {
  static Lang lang = Lang::Zh;
  return lang;
}
}  // namespace

Lang ui_lang() { return current_lang(); }
void set_ui_lang(Lang lang) { current_lang() = lang; }

void usage_error(const std::string& option, const Message& message, const Message& expected, const Message& hint) {
  Diagnostic d;
  d.field = option;
  d.message = message;
  d.expected = expected;
  d.hint = hint;
  throw CliError(InvalidInput, render(d, ui_lang()));
}

namespace {

// The format an output file's name asks for: data.csv, data.json, book.xlsx, report.html.
std::optional<report::Format> format_of_path(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".csv") return report::Format::Csv;
  if (ext == ".json") return report::Format::Json;
  if (ext == ".xlsx") return report::Format::Xlsx;
  if (ext == ".html" || ext == ".htm") return report::Format::Html;
  return std::nullopt;
}

}  // namespace

bool OutputOptions::with_bom() const {
  if (bom) return *bom;
  return format_of_path(path) == report::Format::Csv;
}

void add_lang_option(CLI::App& app, Lang* lang) {
  app.add_option_function<std::string>(
         "--lang",
         [lang](const std::string& v) {
           const auto l = parse_lang(v);
           if (!l) usage_error("--lang", msg(Cli::not_a_lang, "value"_a = v), msg(Cli::lang_values));
           if (lang) *lang = *l;
           set_ui_lang(*l);
         },
         "language of the labels and messages: zh (the standard's Chinese) or en; APPRAISE_LANG sets the default")
      ->option_text("zh|en (default: zh, or APPRAISE_LANG)");
}

void add_output_options(CLI::App& app, OutputOptions& options, bool with_lang, bool rounded_csv) {
  app.add_option_function<std::string>(
         "--format,-f",
         [&options](const std::string& v) {
           if (v == "table") options.format = report::Format::Table;
           else if (v == "csv") options.format = report::Format::Csv;
           else if (v == "json") options.format = report::Format::Json;
           else if (v == "xlsx") options.format = report::Format::Xlsx;
           else if (v == "html") options.format = report::Format::Html;
           else if (v == "jsonl" && options.json_lines_allowed) options.format = report::Format::Json, options.json_lines = true;
           else if (v == "jsonl")
             usage_error("--format", msg(Cli::jsonl_only_for_run));
           else usage_error("--format", msg(Cli::not_a_format, "value"_a = v), msg(Cli::formats));
           options.format_given = true;
         },
         "output format: table (for people), csv (for Excel), json (for programs), xlsx (a workbook with live "
         "formulas; needs -o FILE) or html (a report with charts that opens offline)")
      ->option_text(options.json_lines_allowed ? "table|csv|json|jsonl|xlsx|html (default: table, or what -o's extension names)"
                                               : "table|csv|json|xlsx|html (default: table, or what -o's extension names)");
  if (with_lang) add_lang_option(app, &options.lang);
  app.add_option("-o,--output", options.path,
                 "write the result to FILE (whole, or not at all) instead of stdout; without --format the extension "
                 "picks it: .csv, .json, .xlsx or .html");
  app.add_flag_callback("--bom", [&options]() { options.bom = true; },
                        "start CSV with the UTF-8 byte-order mark, so that Excel reads its Chinese text (the default "
                        "when -o names a .csv file)");
  app.add_flag_callback("--no-bom", [&options]() { options.bom = false; }, "CSV without the byte-order mark");
  if (rounded_csv)
    app.add_flag("--full-precision", options.full_precision,
                 "CSV numbers with every digit of the computed value (default: rounded as the tables show them, "
                 "money to 0.01, rates as fractions to 0.0001)");
  app.parse_complete_callback([&options]() {
    if (!options.format_given && !options.path.empty()) {
      if (const auto f = format_of_path(options.path)) options.format = *f;
      if (options.json_lines_allowed && std::filesystem::path(options.path).extension() == ".jsonl")
        options.format = report::Format::Json, options.json_lines = true;
    }
    if (options.format == report::Format::Xlsx && options.path.empty())
      usage_error("--format", msg(Cli::workbook_needs_file));
  });
}

void emit_workbook(const report::Workbook& book, const OutputOptions& options) {
  std::string error;
  write_output_file(options.path, [&](const std::string& tmp) {
    error = report::write_xlsx(book, tmp);
    return error.empty();
  });
}

double parse_rate_option(const std::string& option, const std::string& text) {
  const auto p = parse_rate(text);
  if (!p.value) usage_error(option, p.error, p.expected, p.hint);
  return *p.value;
}

double parse_number_option(const std::string& option, const std::string& text) {
  const auto p = parse_number(text);
  if (!p.value) usage_error(option, p.error, p.expected, p.hint);
  return *p.value;
}

bool print_diagnostics(const Diagnostics& ds, const std::string& subject) {
  if (ds.empty()) return false;
  std::fflush(stdout);
  std::cerr << render_all(ds, subject, ui_lang());
  return ds.has_errors();
}

}  // namespace appraise::cli
