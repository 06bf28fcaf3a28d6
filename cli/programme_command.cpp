// `appraise programme FILE`: every candidate's indicators from its model, the set that maximises
// the objective within each year's limits (an integer programme), what each binding limit is worth,
// why each project left out was left out, and what the chosen projects' borrowing does to the
// city's debt cost (docs/programme-format.md). Exit code 1 when the debt portfolio, with the
// programme's borrowing, misses its cost target or a fiscal threshold.
#include <fmt/format.h>

#include "appraise/report/html.hpp"
#include "appraise/report/portfolio_report.hpp"
#include "appraise/report/programme_report.hpp"
#include "appraise/report/workbooks.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "programme_input.hpp"

namespace appraise::cli {
namespace {

struct ProgrammeOptions {
  std::string file;
  OutputOptions out;
};

int run_programme(const ProgrammeOptions& o) {
  const programme::Programme p = load_programme_or_fail(o.file);
  const std::vector<programme::CandidateEvaluation> ev = evaluate_candidates_or_fail(p);
  return report_programme(p, ev, o.file, o.out);
}

}  // namespace

int report_programme(const programme::Programme& p, const std::vector<programme::CandidateEvaluation>& ev,
                     const std::string& path, const OutputOptions& out) {
  const programme::Choice choice = programme::choose(p, ev);
  std::optional<programme::DebtJoin> debt;
  if (p.debt) debt = programme::join_debts(*p.debt, p, ev, choice);
  const programme::ProgrammeRun run{p, ev, choice, debt};
  if (out.format == report::Format::Xlsx)
    emit_workbook(programme::programme_workbook(run, out.lang), out);
  else if (out.format == report::Format::Html)
    emit(report::render_html(html_of(programme::programme_workbook(run, out.lang), "programme",
                                     programme::programme_document(run, {path}))),
         out);
  else
    emit(programme::render_programme_report(run, {path}, out.format, out.lang, report::terminal_width(), out.csv()), out);
  if (debt)
    for (const auto& c : portfolio::checks(debt->joined, debt->after))
      if (!c.passed) return TargetMissed;
  return Success;
}

void setup_programme(CLI::App& app, Action& action) {
  auto opts = std::make_shared<ProgrammeOptions>();
  auto* sub = app.add_subcommand(
      "programme", "choose the projects of a programme within each year's budget, bond quota and fiscal ceiling, and "
                   "join their borrowing to the debt portfolio (exit 1 if its cost target is then missed)");
  sub->add_option("file", opts->file, "the programme file (YAML, see docs/programme-format.md)")->required();
  add_output_options(*sub, opts->out);
  sub->callback([opts, &action]() { action = [opts]() { return run_programme(*opts); }; });
}

}  // namespace appraise::cli
