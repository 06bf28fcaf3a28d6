#include "common.hpp"
#include "help.hpp"

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
           if (!l) usage_error("--lang", msg(Cli::not_a_lang, "value"_a = v), {}, msg(Cli::lang_values));
           if (lang) *lang = *l;
           set_ui_lang(*l);
         },
         help(Cli::help_lang))
      ->option_text(help(Cli::help_lang_values));
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
         help(Cli::help_format))
      ->option_text(help(options.json_lines_allowed ? Cli::help_format_values_jsonl : Cli::help_format_values));
  if (with_lang) add_lang_option(app, &options.lang);
  app.add_option("-o,--output", options.path, help(Cli::help_output));
  app.add_flag_callback("--bom", [&options]() { options.bom = true; }, help(Cli::help_bom));
  app.add_flag_callback("--no-bom", [&options]() { options.bom = false; }, help(Cli::help_no_bom));
  if (rounded_csv)
    app.add_flag("--full-precision", options.full_precision, help(Cli::help_full_precision));
  app.parse_complete_callback([&options]() {
    if (!options.format_given && !options.path.empty()) {
      std::string ext = std::filesystem::path(options.path).extension().string();
      for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (const auto f = format_of_path(options.path)) options.format = *f;
      else if (options.json_lines_allowed && ext == ".jsonl") options.format = report::Format::Json, options.json_lines = true;
      // The text table goes to a file without an extension or a .txt; any other extension names a
      // format we do not write (report.xls, 报告.docx), and writing the text table under it would
      // give a file that name says it is not, which Excel or Word then cannot open. Refused now,
      // before anything is computed; but a file that exists may be an input of the run (`-o
      // model.yaml`), which emit() refuses in those words first, so there it waits for emit().
      else if (!ext.empty() && ext != ".txt") {
        options.unwritten_extension = ext;
        std::error_code ec;
        if (!std::filesystem::exists(std::filesystem::symlink_status(options.path, ec))) refuse_extension(options);
      }
    }
    if (options.format == report::Format::Xlsx && options.path.empty())
      usage_error("--format", msg(Cli::workbook_needs_file));
  });
}

void refuse_extension(const OutputOptions& options) {
  const std::string& ext = options.unwritten_extension;
  usage_error("-o", msg(Cli::output_extension_unknown, "ext"_a = ext),
              msg(options.json_lines_allowed ? Cli::output_extensions_jsonl : Cli::output_extensions),
              ext == ".xls" || ext == ".et" || ext == ".xlsm" || ext == ".ods" ? msg(Cli::output_workbook_is_xlsx) : Message{});
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
