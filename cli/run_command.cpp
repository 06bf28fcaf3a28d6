// `appraise run MODEL`: evaluate a project and print its indicators, checks and statements.
#include "appraise/project.hpp"
#include "appraise/statements.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "model_input.hpp"

namespace appraise::cli {
namespace {

struct RunOptions {
  std::string model;
  OutputOptions out;
};

std::string render(const ProjectModel& m, const ProjectResult& r, const OutputOptions& out, const RunMeta& meta) {
  switch (out.format) {
    case report::Format::Json: return report::dump(run_document(m, r, meta));
    case report::Format::Csv: {
      std::string s = report::render_csv(indicator_summary(m, r), out.lang);
      for (const auto& t : statement_tables(m, r)) s += "\n" + report::render_csv(t, out.lang);
      return s;
    }
    case report::Format::Table: break;
  }
  std::string s = m.name + "\n\n" + report::render_text(indicator_summary(m, r), out.lang);
  const std::string checks = render_checks(r.checks, out.lang);
  if (!checks.empty()) s += "\n" + checks;
  for (const auto& t : statement_tables(m, r)) s += "\n" + report::render_text(t, out.lang, report::terminal_width());
  return s;
}

int run_run(const RunOptions& o) {
  const ProjectModel m = load_model_or_fail(o.model);
  const ProjectResult r = evaluate_or_fail(m);
  emit(render(m, r, o.out, {o.model, {}}), o.out);
  for (const auto& c : r.checks)
    if (!c.passed) return TargetMissed;
  return Success;
}

}  // namespace

void setup_run(CLI::App& app, Action& action) {
  auto opts = std::make_shared<RunOptions>();
  auto* sub = app.add_subcommand("run", "appraise a project: indicators, checks and the standard statements");
  sub->add_option("model", opts->model, "the project model (YAML)")->required();
  add_output_options(*sub, opts->out);
  sub->callback([opts, &action]() { action = [opts]() { return run_run(*opts); }; });
}

}  // namespace appraise::cli
