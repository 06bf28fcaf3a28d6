// `appraise simulate MODEL [-s SCENARIO_FILE [--scenario NAME]] [--draws N] [--seed S]
// [--threads N] [--bins N] [--draws-out FILE.csv]`: Monte Carlo risk analysis (docs/risk.md).
// A progress line goes to stderr when it is a terminal and the run is expected to take over a second.
// With --shard K/N it computes the K-th share of the draws and writes a part file; `appraise merge`
// of all N parts prints what the unsplit run prints (parts.hpp).
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

#include "appraise/io/parts.hpp"
#include "appraise/risk/simulation.hpp"
#include "appraise/report/risk_report.hpp"
#include "appraise/report/workbooks.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "appraise/messages/cli.hpp"
#include "model_input.hpp"
#include "parts.hpp"
#include "progress.hpp"
#include "risk_input.hpp"

namespace appraise::cli {

using messages::Cli;
using namespace literals;
namespace {

struct SimulateOptions {
  std::string model;
  std::string scenarios;
  std::string scenario;
  std::string draws, seed, threads, bins;
  std::string draws_out;
  std::string shard;
  OutputOptions out;
};

double whole_number(const std::string& option, const std::string& text, double lo, double hi) {
  const double v = parse_number_option(option, text);
  if (v != std::floor(v) || v < lo || v > hi)
    usage_error(option, msg(Cli::not_whole_in_range, "text"_a = text),
                msg(Cli::whole_range, "lo"_a = fmt::format("{:.0f}", lo), "hi"_a = fmt::format("{:.0f}", hi)));
  return v;
}

// Without a `simulation:` section: the inputs appraise assumes for a first look, each only where
// the model has the value. Overruns and shortfalls are likelier than the reverse, so the ranges
// lean that way. They are illustrative and say so in the output.
SimulationSpec default_spec(const ProjectModel& model) {
  SimulationSpec spec;
  ProjectModel m = model;
  auto add = [&](std::string name, std::vector<std::string> paths, Distribution d) {
    std::vector<std::string> found;
    for (auto& p : paths)
      if (!match_parameters(m, p).empty()) found.push_back(std::move(p));
    if (!found.empty()) spec.inputs.push_back({std::move(name), std::move(found), DrawOp::Scale, std::move(d)});
  };
  add("建设投资", construction_cost_paths(m), TriangularDist{0.95, 1.0, 1.2});  // not an existing asset's value
  add("销售量", {"revenue.*.volume"}, PertDist{0.8, 1.0, 1.1});
  add("产品价格（营业收入）", {"revenue.*.price", "revenue.*.amounts"}, TriangularDist{0.9, 1.0, 1.05});
  add("经营成本", {"operating_costs.*.amounts", "operating_costs.*.per_unit", "operating_costs.*.share_of_revenue"},
      TriangularDist{0.95, 1.0, 1.15});
  // A public project's external benefits: their quantities (the traffic whose time is saved) are
  // as uncertain as a sales volume.
  add("间接效益", {"economic.benefits.*.quantity", "economic.benefits.*.amounts"}, PertDist{0.8, 1.0, 1.1});
  return spec;
}

// Every draw as a CSV row: its number, the inputs as applied (after clamping to the valid
// range) and the indicators, an empty field where a draw has none. Numbers are written in
// full (shortest round-trip form), so the file reproduces the statistics exactly.
// The public view's indicators have columns only when the model has their section.
std::string draws_csv(const ProjectModel& m, const SimulationSpec& spec, const SimulationResult& r) {
  std::string out = "draw";
  for (const auto& in : spec.inputs) out += "," + report::csv_escape(in.name);
  for (int k = 0; k < kRiskIndicators; ++k)
    if (has_indicator(m, static_cast<RiskIndicator>(k))) out += fmt::format(",{}", key_of(static_cast<RiskIndicator>(k), r.incremental));
  out += "\n";
  const std::size_t J = spec.inputs.size();
  fmt::memory_buffer line;
  for (std::int64_t i = 0; i < r.draws; ++i) {
    line.clear();
    fmt::format_to(std::back_inserter(line), "{}", i + 1);
    for (std::size_t j = 0; j < J; ++j) fmt::format_to(std::back_inserter(line), ",{}", r.input_samples[static_cast<std::size_t>(i) * J + j]);
    for (int k = 0; k < kRiskIndicators; ++k) {
      if (!has_indicator(m, static_cast<RiskIndicator>(k))) continue;
      const double v = r.value_samples[static_cast<std::size_t>(i) * kRiskIndicators + static_cast<std::size_t>(k)];
      if (std::isfinite(v)) fmt::format_to(std::back_inserter(line), ",{}", v);
      else line.push_back(',');
    }
    line.push_back('\n');
    out.append(line.data(), line.size());
  }
  return out;
}

// The model and the simulation the options describe, checked.
struct PreparedSimulation {
  RiskInput in;
  SimulationSpec spec;
  bool from_file = false;
};

PreparedSimulation prepare(const SimulateOptions& o) {
  PreparedSimulation p{load_risk_input(o.model, o.scenarios, o.scenario), {}, false};
  const ProjectModel& m = p.in.model;
  p.from_file = p.in.file && p.in.file->simulation;
  SimulationSpec& spec = p.spec;
  spec = p.from_file ? *p.in.file->simulation : default_spec(m);
  if (!o.draws.empty())
    spec.draws = static_cast<std::int64_t>(whole_number("--draws", o.draws, 1, static_cast<double>(kMaxDraws)));
  if (!o.seed.empty()) spec.seed = static_cast<std::uint64_t>(whole_number("--seed", o.seed, 0, 9007199254740991.0));
  if (!o.threads.empty()) spec.threads = static_cast<int>(whole_number("--threads", o.threads, 1, kMaxThreads));
  if (!o.bins.empty()) spec.histogram_bins = static_cast<int>(whole_number("--bins", o.bins, 1, 1000));
  spec.keep_samples = !o.draws_out.empty();
  if (spec.inputs.empty()) usage_error(o.model, msg(Cli::no_default_inputs), msg(Cli::simulation_section));
  (void)evaluate_or_fail(m);  // an unevaluable model is reported as such, not as a failed simulation
  return p;
}

// What the run prints for its result, in the format the options ask for (a merged run prints it too).
int report_simulation(const SimulateOptions& o, const PreparedSimulation& p, const SimulationResult& result) {
  const RiskInput& in = p.in;
  const ProjectModel& m = in.model;
  const SimulationSpec& spec = p.spec;
  const bool from_file = p.from_file;
  const RiskMeta meta{o.model, o.scenarios, in.scenario, !from_file};
  const auto lang = o.out.lang;
  std::string text;
  switch (o.out.format) {
    case report::Format::Json: text = report::dump(simulation_document(m, spec, result, meta)); break;
    case report::Format::Csv: {
      for (const auto& t : simulation_tables(m, spec, result, lang)) text += (text.empty() ? "" : "\n") + report::render_csv(t, lang, o.out.csv());
      text += "\n" + report::render_csv(simulation_probabilities(m, result), lang, o.out.csv());
      for (const auto& t : simulation_distribution_tables(m, result, lang)) text += "\n" + report::render_csv(t, lang, o.out.csv());
      break;
    }
    case report::Format::Xlsx:
    case report::Format::Html: {
      auto tables = simulation_tables(m, spec, result, lang);
      for (auto& t : simulation_distribution_tables(m, result, lang)) tables.push_back(std::move(t));
      const report::Workbook book = tables_workbook(m.name, lang, {simulation_probabilities(m, result)}, tables);
      if (o.out.format == report::Format::Xlsx) emit_workbook(book, o.out);
      else
        emit(report::render_html(html_of(book, "simulate", simulation_document(m, spec, result, meta),
                                         msg_in(lang, Cli::simulate_draws_seed, "draws"_a = result.draws, "seed"_a = result.seed))),
             o.out);
      return Success;
    }
    case report::Format::Table: {
      text = (in.scenario.empty() ? msg_in(lang, Cli::simulate_heading, "name"_a = m.name)
                                  : msg_in(lang, Cli::simulate_heading_scenario, "name"_a = m.name, "scenario"_a = in.scenario)) +
             "\n";
      text += msg_in(lang, Cli::simulate_draws, "draws"_a = result.draws, "seed"_a = result.seed, "threads"_a = result.threads) + "\n";
      if (!from_file) text += msg_in(lang, Cli::simulate_default_inputs) + "\n";
      const auto tables = simulation_tables(m, spec, result, lang);
      for (const auto& t : tables) text += "\n" + report::render_text(t, lang, report::terminal_width());
      text += "\n" + report::render_text(simulation_probabilities(m, result), lang);
      for (const RiskIndicator k : {RiskIndicator::FnpvPostTax, RiskIndicator::FirrPostTax, RiskIndicator::Enpv})
        if (const auto h = render_histogram(m, result, k, lang); !h.empty()) text += "\n" + h;
      break;
    }
  }
  if (!o.draws_out.empty()) emit(draws_csv(m, spec, result), OutputOptions{report::Format::Csv, lang, o.draws_out});
  emit(text, o.out);
  return Success;
}

// The files a run reads: the model, and the scenario file with the models it names.
std::vector<std::string> input_files(const SimulateOptions& o, const PreparedSimulation& p) {
  std::vector<std::string> files{o.model};
  if (p.in.file) {
    files.push_back(o.scenarios);
    for (const auto& f : p.in.file->model_paths) files.push_back(f);
  }
  return files;
}

report::JsonValue part_options(const SimulateOptions& o) {
  return {{"model", o.model}, {"scenarios", o.scenarios}, {"scenario", o.scenario}, {"draws", o.draws},
          {"seed", o.seed},   {"threads", o.threads},     {"bins", o.bins}};
}

int run_simulate(const SimulateOptions& o) {
  std::optional<ShardOption> shard;
  if (!o.shard.empty()) {
    shard = parse_shard(o.shard);
    check_part_output(o.out);
    if (!o.draws_out.empty())
      usage_error("--draws-out", msg(Cli::shard_no_draws_out), {}, msg(Cli::shard_no_draws_out_hint));
  }
  PreparedSimulation p = prepare(o);
  const ProjectModel& m = p.in.model;
  const SimulationSpec& spec = p.spec;
  ProgressLine progress("simulate");
  SimulationResult result;
  try {
    if (shard) {
      const SimulationShard part = simulate_shard(m, spec, shard->index - 1, shard->count, progress.callback());
      progress.finish();
      emit_part("simulate", *shard, part_options(o), input_files(o, p), io::to_json(part), o.out);
      return Success;
    }
    result = simulate(m, spec, progress.callback());
  } catch (const std::invalid_argument& e) {
    progress.finish();
    usage_error(o.scenarios.empty() ? o.model : o.scenarios, message_of(e));
  }
  progress.finish();

  return report_simulation(o, p, result);
}

}  // namespace

void setup_simulate(CLI::App& app, Action& action) {
  auto opts = std::make_shared<SimulateOptions>();
  auto* sub = app.add_subcommand("simulate", help(Cli::help_simulate));
  sub->add_option("model", opts->model, help(Cli::help_model))->required();
  sub->add_option("-s,--scenarios", opts->scenarios, help(Cli::help_simulate_scenarios));
  sub->add_option("--scenario", opts->scenario, help(Cli::help_simulate_scenario));
  sub->add_option("--draws", opts->draws, help(Cli::help_simulate_draws));
  sub->add_option("--seed", opts->seed, help(Cli::help_simulate_seed));
  sub->add_option("--threads", opts->threads, help(Cli::help_simulate_threads));
  sub->add_option("--bins", opts->bins, help(Cli::help_simulate_bins));
  sub->add_option("--draws-out", opts->draws_out, help(Cli::help_simulate_draws_out));
  add_shard_option(*sub, opts->shard);
  add_output_options(*sub, opts->out);
  sub->callback([opts, &action]() { action = [opts]() { return run_simulate(*opts); }; });
}

int merge_simulation(const std::vector<Part>& parts, const OutputOptions& out) {
  SimulateOptions o;
  const report::JsonValue& opts = parts.front().options;
  const auto text = [&](const char* key) { return opts.contains(key) && opts[key].is_string() ? opts[key].get<std::string>() : std::string(); };
  o.model = text("model");
  o.scenarios = text("scenarios");
  o.scenario = text("scenario");
  o.draws = text("draws");
  o.seed = text("seed");
  o.threads = text("threads");
  o.bins = text("bins");
  o.out = out;
  const PreparedSimulation p = prepare(o);
  std::vector<SimulationShard> shards;
  Diagnostics problems;
  for (const Part& part : parts) {
    try {
      shards.push_back(io::simulation_shard_from_json(part.data));
    } catch (const io::PartDataError& e) {
      Diagnostic d;
      d.location = SourceLocation{part.file, 0, 0, 1};
      d.field = "data";
      d.message = msg(Cli::part_data_not_simulate, "what"_a = e.message);
      problems.add(d);
    }
  }
  if (problems.has_errors()) throw CliError(InvalidInput, render_all(problems, msg(Cli::the_parts).in(ui_lang()), ui_lang()));
  SimulationResult result;
  try {
    result = combine_shards(p.in.model, p.spec, std::move(shards));
  } catch (const std::invalid_argument& e) {
    usage_error("merge", msg(Cli::parts_not_this_simulation, "what"_a = std::string(e.what())), msg(Cli::merge_simulate_parts));
  }
  return report_simulation(o, p, result);
}

}  // namespace appraise::cli
