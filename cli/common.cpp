#include "common.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include "appraise/core/units.hpp"

namespace appraise::cli {

void usage_error(const std::string& option, const std::string& message, const std::string& expected,
                 const std::string& hint) {
  Diagnostic d;
  d.field = option;
  d.message = message;
  d.expected = expected;
  d.hint = hint;
  throw CliError(InvalidInput, render(d));
}

void add_output_options(CLI::App& app, OutputOptions& options, bool with_lang) {
  app.add_option_function<std::string>(
         "--format,-f",
         [&options](const std::string& v) {
           if (v == "table") options.format = report::Format::Table;
           else if (v == "csv") options.format = report::Format::Csv;
           else if (v == "json") options.format = report::Format::Json;
           else throw CLI::ValidationError("--format", "`" + v + "` is not an output format: use table, csv or json");
         },
         "output format: table (for people), csv or json")
      ->option_text("table|csv|json (default: table)");
  if (with_lang) {
    app.add_option_function<std::string>(
           "--lang",
           [&options](const std::string& v) {
             if (v == "zh") options.lang = report::Lang::Zh;
             else if (v == "en") options.lang = report::Lang::En;
             else throw CLI::ValidationError("--lang", "`" + v + "` is not a language: use zh or en");
           },
           "row labels: zh (the standard's Chinese labels) or en")
        ->option_text("zh|en (default: zh)");
  }
  app.add_option("-o,--output", options.path, "write the result to FILE (whole, or not at all) instead of stdout");
}

void emit(const std::string& text, const OutputOptions& options) {
  if (options.path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return;
  }
  namespace fs = std::filesystem;
  const fs::path target(options.path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const fs::path tmp = dir / ("." + target.filename().string() + ".tmp" + std::to_string(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw CliError(IoFailure, "appraise: error: cannot write " + options.path + ": the folder does not exist or is not writable\n");
    out << text;
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw CliError(IoFailure, "appraise: error: writing " + options.path + " failed\n");
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw CliError(IoFailure, "appraise: error: cannot write " + options.path + ": " + ec.message() + "\n");
  }
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
  std::cerr << render_all(ds, subject);
  return ds.has_errors();
}

}  // namespace appraise::cli
