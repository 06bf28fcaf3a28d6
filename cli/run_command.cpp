// `appraise run MODEL [-s SCENARIO_FILE [--only NAME]]`: evaluate a project (or its scenarios) and
// print indicators, checks and statements.
#include <filesystem>
#include <fmt/format.h>

#include "appraise/project/evaluation.hpp"
#include "appraise/report/economic_report.hpp"
#include "appraise/report/statements.hpp"
#include "appraise/report/workbooks.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "model_input.hpp"
#include "scenario_input.hpp"

namespace appraise::cli {
namespace {

struct RunOptions {
  std::string model;
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

int run_model(const RunOptions& o) {
  const ProjectModel m = load_model_or_fail(o.model);
  const ProjectResult r = evaluate_or_fail(m);
  switch (o.out.format) {
    case report::Format::Json: emit(report::dump(run_document(m, r, {o.model, {}})), o.out); break;
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
    usage_error("--scenarios", fmt::format("{} has no scenarios for {}", o.scenarios, o.model),
                fmt::format("a model the file names: {}", fmt::join(file.model_paths, ", ")));
  std::vector<Case> cases;
  for (auto& c : evaluate_cases(file, false, o.only))
    if (c.model_key == key) cases.push_back(std::move(c));
  if (cases.empty()) usage_error("--scenarios", fmt::format("{} has no scenarios for {}", o.scenarios, o.model));
  bool passed = true;
  for (const auto& c : cases) passed = passed && all_passed(c.result);
  std::string text;
  if (o.out.format == report::Format::Xlsx) {
    std::vector<WorkbookCase> books;
    for (const auto& c : cases) books.push_back({&c.model, &c.result, c.name});
    emit_workbook(run_workbook(books, o.out.lang), o.out);
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
      const std::string heading = fmt::format("{} — {}：{}{}", c.model.name, o.out.lang == report::Lang::Zh ? "情景" : "scenario",
                                              c.name, c.scenario->description.empty() ? "" : "（" + c.scenario->description + "）");
      if (!text.empty()) text += "\n";
      // CSV has no comments: the scenario is a row of its own before its tables.
      const std::string csv_heading = fmt::format("{},{},{}\n", o.out.lang == report::Lang::Zh ? "情景" : "scenario",
                                                  report::csv_escape(c.name), report::csv_escape(c.scenario->description));
      text += o.out.format == report::Format::Csv ? csv_heading + render_csv(c.model, c.result, o.out)
                                                  : render_text(c.model, c.result, o.out, heading);
    }
  }
  emit(text, o.out);
  return passed ? Success : TargetMissed;
}

}  // namespace

void setup_run(CLI::App& app, Action& action) {
  auto opts = std::make_shared<RunOptions>();
  auto* sub = app.add_subcommand("run", "appraise a project: indicators, checks and the standard statements");
  sub->add_option("model", opts->model, "the project model (YAML)")->required();
  sub->add_option("-s,--scenarios", opts->scenarios, "a scenario file: run the model under each of its scenarios");
  sub->add_option("--only", opts->only, "with -s: only this scenario");
  add_output_options(*sub, opts->out);
  sub->callback([opts, &action]() {
    action = [opts]() {
      if (!opts->only.empty() && opts->scenarios.empty()) usage_error("--only", "needs a scenario file (-s FILE)");
      return opts->scenarios.empty() ? run_model(*opts) : run_scenarios(*opts);
    };
  });
}

}  // namespace appraise::cli
