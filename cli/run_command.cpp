// `appraise run MODEL [-s SCENARIO_FILE [--only NAME]]`: evaluate a project (or its scenarios) and
// print indicators, checks and statements. `appraise run MODEL... | FOLDER` evaluates several
// models in one run; `--format jsonl` writes one JSON record (the run document) per line.
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>

#include "appraise/io/document.hpp"
#include "appraise/io/model_loader.hpp"
#include "appraise/project/evaluation.hpp"
#include "appraise/report/economic_report.hpp"
#include "appraise/report/statements.hpp"
#include "appraise/report/workbooks.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "appraise/messages/cli.hpp"
#include "model_input.hpp"
#include "scenario_input.hpp"

namespace appraise::cli {

using messages::Cli;
using namespace literals;
namespace {

struct RunOptions {
  std::vector<std::string> models;
  std::string model;  // the one model of a run with -s, or of a single-model run
  std::string scenarios;
  std::string only;
  OutputOptions out;
};

std::string render_text(const ProjectModel& m, const ProjectResult& r, const OutputOptions& out, const std::string& heading) {
  std::string s = heading + "\n\n" + report::render_text(indicator_summary(m, r), out.lang);
  if (const auto pub = public_summary(m, r)) s += "\n" + report::render_text(*pub, out.lang);
  const std::string checks = render_checks(r.checks, out.lang);
  if (!checks.empty()) s += "\n" + checks;
  for (const auto& t : statement_tables(m, r)) s += "\n" + report::render_text(t, out.lang, report::terminal_width());
  return s;
}

std::string render_csv(const ProjectModel& m, const ProjectResult& r, const OutputOptions& out) {
  std::string s = report::render_csv(indicator_summary(m, r), out.lang, out.csv());
  if (const auto pub = public_summary(m, r)) s += "\n" + report::render_csv(*pub, out.lang, out.csv());
  for (const auto& t : statement_tables(m, r)) s += "\n" + report::render_csv(t, out.lang, out.csv());
  return s;
}

bool all_passed(const ProjectResult& r) {
  for (const auto& c : r.checks)
    if (!c.passed) return false;
  return true;
}

// A JSON Lines record: the document on one line.
std::string record(const report::JsonValue& doc) { return doc.dump() + "\n"; }

int run_model(const RunOptions& o) {
  const ProjectModel m = load_model_or_fail(o.model);
  const ProjectResult r = evaluate_or_fail(m);
  switch (o.out.format) {
    case report::Format::Json:
      if (o.out.json_lines) emit(record(run_document(m, r, {o.model, {}})), o.out);
      else emit(report::dump(run_document(m, r, {o.model, {}})), o.out);
      break;
    case report::Format::Csv: emit(render_csv(m, r, o.out), o.out); break;
    case report::Format::Table: emit(render_text(m, r, o.out, m.name), o.out); break;
    case report::Format::Xlsx: emit_workbook(run_workbook({{&m, &r, {}}}, o.out.lang), o.out); break;
    case report::Format::Html:
      emit(report::render_html(run_html({{&m, &r, {}}}, run_document(m, r, {o.model, {}}), o.out.lang)), o.out);
      break;
  }
  return all_passed(r) ? Success : TargetMissed;
}

// The scenarios of the file that change this model.
int run_scenarios(const RunOptions& o) {
  const ScenarioFile file = load_scenarios_or_fail(o.scenarios, o.model);
  std::string key;
  namespace fs = std::filesystem;
  for (std::size_t i = 0; i < file.model_order.size(); ++i) {
    std::error_code ec;
    if (fs::equivalent(file.model_paths[i], o.model, ec)) key = file.model_order[i];
  }
  if (key.empty())
    usage_error("--scenarios", msg(Cli::no_scenarios_for, "file"_a = o.scenarios, "model"_a = o.model),
                msg(Cli::models_named, "models"_a = joined(file.model_paths)));
  std::vector<Case> cases;
  for (auto& c : evaluate_cases(file, false, o.only))
    if (c.model_key == key) cases.push_back(std::move(c));
  if (cases.empty()) usage_error("--scenarios", msg(Cli::no_scenarios_for, "file"_a = o.scenarios, "model"_a = o.model));
  bool passed = true;
  for (const auto& c : cases) passed = passed && all_passed(c.result);
  std::string text;
  if (o.out.format == report::Format::Xlsx) {
    std::vector<WorkbookCase> books;
    for (const auto& c : cases) books.push_back({&c.model, &c.result, c.name});
    emit_workbook(run_workbook(books, o.out.lang), o.out);
    return passed ? Success : TargetMissed;
  }
  if (o.out.json_lines) {
    for (const auto& c : cases) text += record(run_document(c.model, c.result, {o.model, c.name}));
    emit(text, o.out);
    return passed ? Success : TargetMissed;
  }
  if (o.out.format == report::Format::Json || o.out.format == report::Format::Html) {
    report::JsonValue doc;
    if (cases.size() == 1) {
      doc = run_document(cases[0].model, cases[0].result, {o.model, cases[0].name});
    } else {
      doc["meta"] = {{"model", o.model}, {"scenario_file", o.scenarios}, {"engine_version", APPRAISE_VERSION}};
      doc["runs"] = report::JsonValue::array();
      for (const auto& c : cases) doc["runs"].push_back(run_document(c.model, c.result, {o.model, c.name}));
    }
    if (o.out.format == report::Format::Json) {
      text = report::dump(doc);
    } else {
      std::vector<WorkbookCase> pages;
      for (const auto& c : cases) pages.push_back({&c.model, &c.result, c.name});
      text = report::render_html(run_html(pages, doc, o.out.lang));
    }
  } else {
    for (const auto& c : cases) {
      const std::string heading =
          c.scenario->description.empty()
              ? msg_in(o.out.lang, Cli::run_scenario_heading, "model"_a = c.model.name, "name"_a = c.name)
              : msg_in(o.out.lang, Cli::run_scenario_heading_described, "model"_a = c.model.name, "name"_a = c.name,
                       "description"_a = c.scenario->description);
      if (!text.empty()) text += "\n";
      // CSV has no comments: the scenario is a row of its own before its tables.
      const std::string csv_heading = fmt::format("{},{},{}\n", msg_in(o.out.lang, Cli::run_csv_scenario),
                                                  report::csv_escape(c.name), report::csv_escape(c.scenario->description));
      text += o.out.format == report::Format::Csv ? csv_heading + render_csv(c.model, c.result, o.out)
                                                  : render_text(c.model, c.result, o.out, heading);
    }
  }
  emit(text, o.out);
  return passed ? Success : TargetMissed;
}

// What a YAML file in a folder holds when it is not a project model, from its first section; empty
// for a model (or a file whose problems the model loader will report).
Message other_document(const std::string& path) {
  const auto parsed = io::parse_yaml_file(path);
  if (!parsed.document) return {};
  switch (io::kind_of(parsed.document->root).value_or(io::DocumentKind::Model)) {
    case io::DocumentKind::Portfolio: return msg(Cli::document_portfolio);
    case io::DocumentKind::Programme: return msg(Cli::document_programme);
    case io::DocumentKind::Scenarios: return msg(Cli::document_scenarios);
    case io::DocumentKind::Model:
    case io::DocumentKind::Ledger: return {};
  }
  return {};
}

// The models a run names: files as given; a folder's .yaml and .yml files in name order, without
// those that are another kind of file (each left out with a note).
std::vector<std::string> model_files(const std::vector<std::string>& args) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const std::string& a : args) {
    std::error_code ec;
    if (!fs::is_directory(a, ec)) {
      out.push_back(a);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(a, ec)) {
      const auto ext = entry.path().extension();
      if ((ext == ".yaml" || ext == ".yml") && entry.is_regular_file(ec)) found.push_back(entry.path().string());
    }
    std::sort(found.begin(), found.end());
    std::size_t taken = 0;
    for (const auto& f : found) {
      if (const Message other = other_document(f); !other.empty()) {
        Diagnostic note;
        note.severity = Severity::Note;
        note.location = SourceLocation{f};
        note.message = msg(Cli::folder_left_out, "what"_a = other);
        std::cerr << render(note, ui_lang());
        continue;
      }
      out.push_back(f);
      ++taken;
    }
    if (taken == 0)
      usage_error(a, msg(Cli::folder_no_model), msg(Cli::folder_expected));
  }
  return out;
}

// Several models in one run: every model loaded and evaluated first (all their problems reported
// at once, nothing written when there is one), then one report per model in the chosen format.
int run_batch(const RunOptions& o, const std::vector<std::string>& files) {
  std::vector<ProjectModel> models;
  Diagnostics problems;
  bool io_error = false;
  for (const auto& f : files) {
    note_input(f);
    auto loaded = io::load_model(f);
    problems.append(loaded.diagnostics);
    io_error = io_error || loaded.io_error;
    if (loaded.model) models.push_back(std::move(*loaded.model));
  }
  const std::string subject = fmt::format("{}", fmt::join(o.models, " "));
  if (problems.has_errors()) throw CliError(io_error ? IoFailure : InvalidInput, render_all(problems, subject, ui_lang()));
  print_diagnostics(problems, subject);
  std::vector<ProjectResult> results;
  for (const auto& m : models) {
    try {
      results.push_back(evaluate(m));
    } catch (const EvaluationError& e) {
      problems.add(evaluation_diagnostic(m, e));
    }
  }
  if (problems.has_errors()) throw CliError(InvalidInput, render_all(problems, subject, ui_lang()));
  bool passed = true;
  for (const auto& r : results) passed = passed && all_passed(r);
  const auto n = models.size();
  std::vector<WorkbookCase> cases;
  for (std::size_t i = 0; i < n; ++i) cases.push_back({&models[i], &results[i], models[i].name});
  std::string text;
  switch (o.out.format) {
    case report::Format::Xlsx: emit_workbook(run_workbook(cases, o.out.lang), o.out); return passed ? Success : TargetMissed;
    case report::Format::Json:
    case report::Format::Html: {
      if (o.out.json_lines) {
        for (std::size_t i = 0; i < n; ++i) text += record(run_document(models[i], results[i], {files[i], {}}));
        break;
      }
      report::JsonValue doc;
      doc["meta"] = {{"models", files}, {"engine_version", APPRAISE_VERSION}};
      doc["runs"] = report::JsonValue::array();
      for (std::size_t i = 0; i < n; ++i) doc["runs"].push_back(run_document(models[i], results[i], {files[i], {}}));
      text = o.out.format == report::Format::Json ? report::dump(doc) : report::render_html(run_html(cases, doc, o.out.lang));
      break;
    }
    case report::Format::Csv:
      for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) text += "\n";
        // CSV has no comments: the model is a row of its own before its tables.
        text += fmt::format("{},{},{}\n", msg_in(o.out.lang, Cli::run_csv_model), report::csv_escape(files[i]),
                            report::csv_escape(models[i].name));
        text += render_csv(models[i], results[i], o.out);
      }
      break;
    case report::Format::Table:
      for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) text += "\n";
        text += render_text(models[i], results[i], o.out, msg_in(o.out.lang, Cli::run_folder_heading, "name"_a = models[i].name, "file"_a = files[i]));
      }
      break;
  }
  emit(text, o.out);
  return passed ? Success : TargetMissed;
}

}  // namespace

void setup_run(CLI::App& app, Action& action) {
  auto opts = std::make_shared<RunOptions>();
  auto* sub = app.add_subcommand("run", help(Cli::help_run));
  sub->add_option("model", opts->models, help(Cli::help_run_model))
      ->required();
  sub->add_option("-s,--scenarios", opts->scenarios, help(Cli::help_run_scenarios));
  sub->add_option("--only", opts->only, help(Cli::help_run_only));
  opts->out.json_lines_allowed = true;
  add_output_options(*sub, opts->out);
  sub->callback([opts, &action]() {
    action = [opts]() {
      if (!opts->only.empty() && opts->scenarios.empty()) usage_error("--only", msg(Cli::needs_scenario_file));
      std::error_code ec;
      const bool one = opts->models.size() == 1 && !std::filesystem::is_directory(opts->models.front(), ec);
      if (!opts->scenarios.empty() && !one)
        usage_error("--scenarios", msg(Cli::scenario_file_one_model), msg(Cli::run_model_with_file));
      if (one) {
        opts->model = opts->models.front();
        return opts->scenarios.empty() ? run_model(*opts) : run_scenarios(*opts);
      }
      return run_batch(*opts, model_files(opts->models));
    };
  });
}

}  // namespace appraise::cli
