#pragma once
// What every subcommand shares: the output options, the error type that carries an exit code,
// the atomic writer, and the parsing of numbers and rates given on the command line.
#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/core/diagnostics.hpp"
#include "appraise/report/table.hpp"
#include "appraise/report/xlsx.hpp"

namespace appraise::cli {

/// Exit codes (README, `appraise --help`).
enum ExitCode : int {
  Success = 0,        // computed, and every target the input states is met
  TargetMissed = 1,   // computed, but a stated target is missed
  InvalidInput = 2,   // model, scenario or command line invalid: nothing computed or written
  IoFailure = 3,      // a file cannot be read or written
  InternalError = 4,  // a bug: please report
};

/// An error that ends the command with `code` after its diagnostics are printed to stderr.
struct CliError : std::runtime_error {
  CliError(int exit_code, std::string text) : std::runtime_error(std::move(text)), code(exit_code) {}
  int code;
};

/// The language of the run's messages: APPRAISE_LANG, overridden by `--lang` (main() reads both
/// before anything is said). Chinese unless either says otherwise.
[[nodiscard]] Lang ui_lang();
void set_ui_lang(Lang lang);

/// Throws an InvalidInput error about a command-line value.
[[noreturn]] void usage_error(const std::string& option, const Message& message, const Message& expected = {},
                              const Message& hint = {});

struct OutputOptions {
  report::Format format = report::Format::Table;  // --format, else from -o's extension, else table
  report::Lang lang = ui_lang();
  std::string path;  // empty: stdout
  std::optional<bool> bom;      // --bom / --no-bom; unset: on when -o names a .csv file
  bool full_precision = false;  // --full-precision: CSV numbers with every digit
  bool format_given = false;
  bool json_lines = false;          // --format jsonl: one compact JSON record per line (format is Json)
  bool json_lines_allowed = false;  // set before add_output_options by a command that writes records (run)
  std::string unwritten_extension;  // -o's extension when no format has it (refuse_extension)

  [[nodiscard]] report::CsvStyle csv() const { return {full_precision}; }
  /// Whether CSV output starts with the UTF-8 byte-order mark.
  [[nodiscard]] bool with_bom() const;
};

/// Refuses (exit 2) -o's extension that no format has, options.unwritten_extension, with the
/// extensions that are written.
[[noreturn]] void refuse_extension(const OutputOptions& options);

/// Adds --lang (zh|en), which sets `*lang` (when given) and the language of the run's messages.
void add_lang_option(CLI::App& app, Lang* lang);

/// Adds --format, --lang, -o/--output, --bom/--no-bom and --full-precision to a subcommand.
/// Without --format, -o's extension (.csv, .json, .xlsx, .html) picks the format; xlsx needs -o.
/// With options.json_lines_allowed, `--format jsonl` (or -o FILE.jsonl) is JSON Lines: one record a line. `rounded_csv` false: the
/// command's CSV always carries every digit (calc), so there is no --full-precision.
void add_output_options(CLI::App& app, OutputOptions& options, bool with_lang = true, bool rounded_csv = true);

/// Writes `bytes` (text, CSV, JSON) to stdout, or whole to `options.path`; CSV starts with the
/// byte-order mark when options.with_bom(). The file is written through an exclusive temporary
/// file renamed into place, so a failed run leaves no partial file (output.cpp). Refuses
/// (exit 2) to replace an input of the run, and (exit 3) a folder, a link, a device or a
/// read-only file; a failed write is exit 3 with the reason, a closed pipe exit 3 without a word.
void emit(std::string_view bytes, const OutputOptions& options);

/// Writes a file whole or not at all, as emit() does, for writers that need a file name (the
/// XLSX workbook): `write` fills the temporary file whose path it is given (it throws or
/// returns false on failure), which is then renamed onto `path`. The same refusals as emit().
/// Throws CliError on failure; the temporary file is removed.
void write_output_file(const std::string& path, const std::function<bool(const std::string& temp_path)>& write);

/// Records a file the run reads, so that `-o` never replaces it. The loaders' wrappers call it
/// for every file they read (a model, a scenario file and the models it names, a portfolio).
void note_input(const std::string& path);

/// Writes a workbook whole to options.path (report/xlsx.hpp). Throws CliError(IoFailure).
void emit_workbook(const report::Workbook& book, const OutputOptions& options);

/// Command-line values, parsed as the model files parse them.
[[nodiscard]] double parse_rate_option(const std::string& option, const std::string& text);
[[nodiscard]] double parse_number_option(const std::string& option, const std::string& text);

/// Prints diagnostics to stderr; returns true when any is an error.
bool print_diagnostics(const Diagnostics& ds, const std::string& subject);

}  // namespace appraise::cli
