// `appraise schedule MODEL [--loan NAME]`: the repayment schedule (借款还本付息计划表) on its own.
#include <fmt/format.h>

#include "appraise/report/statements.hpp"
#include "appraise/report/workbooks.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "appraise/messages/cli.hpp"
#include "model_input.hpp"

namespace appraise::cli {

using messages::Cli;
using namespace literals;
namespace {

struct ScheduleOptions {
  std::string model;
  std::string loan;
  OutputOptions out;
};

int run_schedule(const ScheduleOptions& o) {
  const ProjectModel m = load_model_or_fail(o.model);
  const ProjectResult r = evaluate_or_fail(m);
  std::vector<std::string> names;
  for (const auto& l : r.financing.loans) names.push_back(l.name);
  if (names.empty())
    throw CliError(InvalidInput, render_all([&] {
                     Diagnostics ds;
                     ds.add({Severity::Error, SourceLocation{o.model, 0, 0, 1}, "financing.loans",
                             msg(Cli::no_loans), {}, msg(Cli::add_loans), {}});
                     return ds;
                   }(), o.model, ui_lang()));
  if (!o.loan.empty() && std::find(names.begin(), names.end(), o.loan) == names.end()) {
    const auto near = closest_match(o.loan, names);
    usage_error("--loan", msg(Cli::no_loan_named, "name"_a = o.loan), msg(Cli::one_of, "names"_a = joined(names)),
                near ? msg(Cli::did_you_mean, "word"_a = *near) : Message());
  }
  const report::Table t = loan_schedule_table(m, r, o.loan);
  report::JsonValue doc;
  doc["meta"] = {{"model", o.model}, {"unit", m.unit}, {"rates", "fraction"}, {"engine_version", APPRAISE_VERSION}};
  doc["loan_schedule"] = report::to_json(t);
  switch (o.out.format) {
    case report::Format::Json: emit(report::dump(doc), o.out); break;
    case report::Format::Html:
      emit(report::render_html(html_of(tables_workbook(m.name, o.out.lang, {}, {t}), "schedule", doc)), o.out);
      break;
    case report::Format::Csv: emit(report::render_csv(t, o.out.lang, o.out.csv()), o.out); break;
    case report::Format::Table: emit(report::render_text(t, o.out.lang, report::terminal_width()), o.out); break;
    case report::Format::Xlsx: emit_workbook(tables_workbook(m.name, o.out.lang, {}, {t}), o.out); break;
  }
  return Success;
}

}  // namespace

void setup_schedule(CLI::App& app, Action& action) {
  auto opts = std::make_shared<ScheduleOptions>();
  auto* sub = app.add_subcommand("schedule", help(Cli::help_schedule));
  sub->add_option("model", opts->model, help(Cli::help_model))->required();
  sub->add_option("--loan", opts->loan, help(Cli::help_schedule_loan));
  add_output_options(*sub, opts->out);
  sub->callback([opts, &action]() { action = [opts]() { return run_schedule(*opts); }; });
}

}  // namespace appraise::cli
