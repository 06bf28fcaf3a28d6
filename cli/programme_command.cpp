// `appraise programme FILE`: every candidate's indicators from its model, the set that maximises
// the objective within each year's limits (an integer programme), what each binding limit is worth,
// why each project left out was left out, and what the chosen projects' borrowing does to the
// city's debt cost (docs/programme-format.md). Exit code 1 when the debt portfolio, with the
// programme's borrowing, misses its cost target or a fiscal threshold. With --shard K/N it
// evaluates the K-th share of the candidates and writes a part file; `appraise merge` of all N
// parts prints what the unsplit run prints (parts.hpp).
#include <fmt/format.h>

#include "appraise/io/parts.hpp"
#include "appraise/messages/cli.hpp"
#include "appraise/report/html.hpp"
#include "appraise/report/portfolio_report.hpp"
#include "appraise/report/programme_report.hpp"
#include "appraise/report/workbooks.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "parts.hpp"
#include "programme_input.hpp"

namespace appraise::cli {
namespace {

using messages::Cli;
using namespace appraise::literals;

struct ProgrammeOptions {
  std::string file;
  std::string shard;
  OutputOptions out;
};

// The candidates shard K of N evaluates: an even share, in file order.
std::pair<std::size_t, std::size_t> shard_range(std::size_t candidates, const ShardOption& s) {
  const auto k = static_cast<std::size_t>(s.index - 1), n = static_cast<std::size_t>(s.count);
  return {candidates * k / n, candidates * (k + 1) / n};
}

int run_programme(const ProgrammeOptions& o) {
  if (!o.shard.empty()) {
    const ShardOption shard = parse_shard(o.shard);
    check_part_output(o.out);
    std::vector<std::string> inputs;
    const programme::Programme p = load_programme_or_fail(o.file, &inputs);
    const auto [first, end] = shard_range(p.candidates.size(), shard);
    const auto ev = evaluate_candidates_or_fail(p, first, end);
    emit_part("programme", shard, {{"file", o.file}}, inputs,
              {{"first", first}, {"end", end}, {"candidates", io::to_json(ev)}}, o.out);
    return Success;
  }
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
  auto* sub = app.add_subcommand("programme", help(Cli::help_programme));
  sub->add_option("file", opts->file, help(Cli::help_programme_file))->required();
  add_shard_option(*sub, opts->shard);
  add_output_options(*sub, opts->out);
  sub->callback([opts, &action]() { action = [opts]() { return run_programme(*opts); }; });
}

int merge_programme(const std::vector<Part>& parts, const OutputOptions& out) {
  const report::JsonValue& opts = parts.front().options;
  const std::string file = opts.contains("file") && opts["file"].is_string() ? opts["file"].get<std::string>() : std::string();
  const programme::Programme p = load_programme_or_fail(file);
  std::vector<programme::CandidateEvaluation> ev;
  Diagnostics problems;
  for (const Part& part : parts) {
    const auto [first, end] = shard_range(p.candidates.size(), part.shard);
    Message what;
    try {
      const auto& d = part.data;
      if (!d.is_object() || !d.contains("first") || !d.contains("end") || !d.contains("candidates") || d["first"] != first ||
          d["end"] != end) {
        what = msg(Cli::part_other_candidates, "index"_a = part.shard.index, "count"_a = part.shard.count, "from"_a = first + 1,
                   "to"_a = end);
      } else {
        auto these = io::candidate_evaluations_from_json(d["candidates"]);
        if (these.size() != end - first)
          what = msg(Cli::part_candidate_count, "held"_a = these.size(), "index"_a = part.shard.index, "count"_a = part.shard.count,
                     "expected"_a = end - first);
        for (auto& e : these) ev.push_back(std::move(e));
      }
    } catch (const io::PartDataError& e) {
      what = e.message;
    }
    if (!what.empty()) {
      Diagnostic d;
      d.location = SourceLocation{part.file, 0, 0, 1};
      d.field = "data";
      d.message = msg(Cli::part_data_not_programme, "what"_a = what);
      problems.add(d);
    }
  }
  if (problems.has_errors()) throw CliError(InvalidInput, render_all(problems, msg(Cli::the_parts).in(ui_lang()), ui_lang()));
  return report_programme(p, ev, file, out);
}

}  // namespace appraise::cli
