// `appraise sensitivity MODEL [-s SCENARIO_FILE [--scenario NAME]] [--changes LIST] [--year Y]`:
// one factor at a time, sensitivity coefficients, critical points and break-even (docs/risk.md).
#include <fmt/format.h>
#include <sstream>
#include <stdexcept>

#include "appraise/core/units.hpp"
#include "appraise/project/breakeven.hpp"
#include "appraise/report/risk_report.hpp"
#include "appraise/report/workbooks.hpp"
#include "appraise/risk/sensitivity.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "appraise/io/reader.hpp"
#include "appraise/messages/cli.hpp"
#include "model_input.hpp"
#include "progress.hpp"
#include "risk_input.hpp"

namespace appraise::cli {

using messages::Cli;
using namespace literals;
namespace {

struct SensitivityOptions {
  std::string model;
  std::string scenarios;
  std::string scenario;
  std::string changes;
  std::string year;
  OutputOptions out;
};

std::vector<double> parse_changes(const std::string& text) {
  std::vector<double> out;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) {
    // A relative change, not a rate, read by the rule of a sensitivity file's `changes`: -100%
    // (the value falls to 0) is allowed, and a bare number past ±1 is a percentage without its sign.
    const io::RateRule rule = io::relative_change_rule();
    if (const auto bare = io::bare_percent(item, rule)) usage_error("--changes", bare->error, msg(Cli::changes_form), bare->hint);
    const auto p = parse_rate(item, Proportion::Factor);
    if (!p.value) usage_error("--changes", p.error, msg(Cli::changes_form), p.hint);
    const double v = *p.value;
    if (v == 0.0 || v < rule.min || v > rule.max)
      usage_error("--changes", v == 0.0 ? msg(Cli::change_is_zero, "text"_a = item) : msg(Cli::change_outside, "text"_a = item),
                  msg(Cli::changes_form));
    out.push_back(v);
  }
  if (out.empty()) usage_error("--changes", msg(Cli::no_change), msg(Cli::changes_form));
  return out;
}

int run_sensitivity_command(const SensitivityOptions& o) {
  const RiskInput in = load_risk_input(o.model, o.scenarios, o.scenario);
  const ProjectModel& m = in.model;
  SensitivitySpec spec = in.file && in.file->sensitivity ? *in.file->sensitivity : SensitivitySpec{};
  const bool defaults = spec.factors.empty();
  if (!o.changes.empty()) {
    spec.default_changes = parse_changes(o.changes);
    for (auto& f : spec.factors)
      if (f.op == FactorOp::Scale) f.changes = spec.default_changes;
    // Every step must leave the model valid (project/validation.hpp), as the file's steps must.
    for (const auto& f : spec.factors.empty() ? default_factors(m, spec.default_changes) : spec.factors)
      for (const double c : f.changes) {
        ProjectModel probe = m;
        if (const Message why = apply_factor(probe, f, c); !why.empty())
          usage_error("--changes", msg(Cli::change_cannot_be_taken, "change"_a = fmt::format("{:g}", c * 100), "factor"_a = f.name, "why"_a = why));
      }
  }
  if (!o.year.empty()) {
    const double y = parse_number_option("--year", o.year);
    if (y != std::floor(y) || y < m.first_operating_year() || y > m.last_year())
      usage_error("--year", msg(Cli::not_operating_year, "year"_a = o.year, "project"_a = m.name, "first"_a = m.first_operating_year(),
                                "last"_a = m.last_year()),
                  msg(Cli::normal_year));
    spec.break_even_year = static_cast<int>(y);
  }
  const ProjectResult base = evaluate_or_fail(m);
  SensitivityResult result;
  ProgressLine progress("sensitivity");
  try {
    result = run_sensitivity(m, spec, progress.callback());
  } catch (const std::invalid_argument& e) {
    progress.finish();
    usage_error(o.scenarios.empty() ? o.model : o.scenarios, message_of(e));
  }
  progress.finish();
  const BreakEvenResult be = break_even(m, base, spec.break_even_year);
  const RiskMeta meta{o.model, o.scenarios, in.scenario, defaults};

  std::string text;
  const auto lang = o.out.lang;
  switch (o.out.format) {
    case report::Format::Json: text = report::dump(sensitivity_document(m, result, be, meta)); break;
    case report::Format::Csv:
      for (const auto& t : sensitivity_tables(m, result, lang)) text += (text.empty() ? "" : "\n") + report::render_csv(t, lang, o.out.csv());
      text += "\n" + report::render_csv(break_even_table(m, be, lang), lang, o.out.csv());
      break;
    case report::Format::Xlsx:
    case report::Format::Html: {
      auto tables = sensitivity_tables(m, result, lang);
      tables.push_back(break_even_table(m, be, lang));
      const report::Workbook book = tables_workbook(m.name, lang, {}, tables);
      if (o.out.format == report::Format::Xlsx) emit_workbook(book, o.out);
      else emit(report::render_html(html_of(book, "sensitivity", sensitivity_document(m, result, be, meta))), o.out);
      return Success;
    }
    case report::Format::Table: {
      const std::string ic = format_percent(m.benchmark_rate);
      const std::string is = m.economic ? format_percent(m.economic->discount_rate) : std::string();
      const bool scenario = !in.scenario.empty();
      text = (m.economic ? (scenario ? msg_in(lang, Cli::sensitivity_heading_social_scenario, "name"_a = m.name, "ic"_a = ic, "is"_a = is,
                                              "scenario"_a = in.scenario)
                                     : msg_in(lang, Cli::sensitivity_heading_social, "name"_a = m.name, "ic"_a = ic, "is"_a = is))
                         : (scenario ? msg_in(lang, Cli::sensitivity_heading_scenario, "name"_a = m.name, "ic"_a = ic, "scenario"_a = in.scenario)
                                     : msg_in(lang, Cli::sensitivity_heading, "name"_a = m.name, "ic"_a = ic))) +
             "\n";
      if (defaults) {
        // The factors the default list gave this model (it takes only what the model has).
        std::vector<std::string> names;
        for (const auto& f : default_factors(m, spec.default_changes)) names.push_back(f.name);
        text += msg_in(lang, Cli::sensitivity_default_factors, "names"_a = joined(names)) + "\n";
      }
      for (const auto& t : sensitivity_tables(m, result, lang)) text += "\n" + report::render_text(t, lang, report::terminal_width());
      text += "\n" + report::render_text(break_even_table(m, be, lang), lang, report::terminal_width());
      break;
    }
  }
  emit(text, o.out);
  return Success;
}

}  // namespace

void setup_sensitivity(CLI::App& app, Action& action) {
  auto opts = std::make_shared<SensitivityOptions>();
  auto* sub = app.add_subcommand("sensitivity", help(Cli::help_sensitivity));
  sub->add_option("model", opts->model, help(Cli::help_model))->required();
  sub->add_option("-s,--scenarios", opts->scenarios, help(Cli::help_sensitivity_scenarios));
  sub->add_option("--scenario", opts->scenario, help(Cli::help_sensitivity_scenario));
  sub->add_option("--changes", opts->changes, help(Cli::help_sensitivity_changes));
  sub->add_option("--year", opts->year, help(Cli::help_sensitivity_year));
  add_output_options(*sub, opts->out);
  sub->callback([opts, &action]() { action = [opts]() { return run_sensitivity_command(*opts); }; });
}

}  // namespace appraise::cli
