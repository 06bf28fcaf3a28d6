// The fuzz harnesses: one per kind of input file, each doing with the bytes what the command that
// reads that file does (check/run, compare, sensitivity and simulate, debt, programme), through
// the engine's library API. See harness.hpp for what counts as a finding and docs/hardening.md
// for the caps on the work one input may ask for.
#include "harness.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>
#include <unistd.h>

#include "appraise/core/diagnostics.hpp"
#include "appraise/io/model_loader.hpp"
#include "appraise/io/portfolio_loader.hpp"
#include "appraise/io/programme_loader.hpp"
#include "appraise/io/scenario_loader.hpp"
#include "appraise/portfolio/plan.hpp"
#include "appraise/programme/candidates.hpp"
#include "appraise/programme/choice.hpp"
#include "appraise/programme/debt_join.hpp"
#include "appraise/project/breakeven.hpp"
#include "appraise/project/evaluation.hpp"
#include "appraise/report/economic_report.hpp"
#include "appraise/report/portfolio_report.hpp"
#include "appraise/report/programme_report.hpp"
#include "appraise/report/risk_report.hpp"
#include "appraise/report/statements.hpp"
#include "appraise/report/table.hpp"
#include "appraise/risk/sensitivity.hpp"
#include "appraise/risk/simulation.hpp"
#include "appraise/scenario/comparison.hpp"
#include "appraise/scenario/scenario.hpp"

#ifndef APPRAISE_SOURCE_DIR
#error "APPRAISE_SOURCE_DIR must name the source tree (the example models the harnesses read)"
#endif

namespace appraise::fuzz {
namespace {

namespace fs = std::filesystem;

// ---- findings ----

[[noreturn]] void finding(const char* harness, const std::string& what) {
  std::fprintf(stderr, "appraise-fuzz: %s: %s\n", harness, what.c_str());
  std::fflush(stderr);
  std::abort();
}

// Every error the CLI would print must say where it is (PROTOCOL.md: file, line, column and
// field): every error names a file, and an error about a key (one with a field) names its line.
// Only a problem of the file as a whole (empty, binary, too large: no field) has no line.
void require_located(const char* harness, const Diagnostics& ds, const std::string& subject) {
  for (const Diagnostic& d : ds) {
    if (d.severity != Severity::Error) continue;
    if (!d.location || d.location->file.empty() || (d.location->line <= 0 && !d.field.empty()))
      finding(harness, "an error without its place:\n" + render_all(ds, subject, Lang::En));
  }
}

// A loader that returns nothing must say why.
template <class Loaded>
void require_refusal_explained(const char* harness, const Loaded& loaded, bool produced, const std::string& subject) {
  if (!produced && !loaded.diagnostics.has_errors()) finding(harness, "the input was refused with no error:\n" + render_all(loaded.diagnostics, subject, Lang::En));
  if (produced && loaded.diagnostics.has_errors()) finding(harness, "a result was returned with errors:\n" + render_all(loaded.diagnostics, subject, Lang::En));
  require_located(harness, loaded.diagnostics, subject);
  // What the CLI prints, in both languages of the message catalogue.
  if (render_all(loaded.diagnostics, subject, Lang::Zh).empty() != loaded.diagnostics.empty() ||
      render_all(loaded.diagnostics, subject, Lang::En).empty() != loaded.diagnostics.empty())
    finding(harness, "diagnostics that render as nothing");
}

// ---- what is printed: no figure is NaN or infinite ----

// The words of `text` that are runs of ASCII letters, lower-cased: where a NaN or an infinity
// printed by fmt (nan, -nan, inf, -inf) or spelt out (NaN, Infinity) shows in an output.
std::vector<std::string> latin_words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ' ';
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      word += static_cast<char>(c | 0x20);
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  return out;
}

bool is_non_finite_word(const std::string& w) { return w == "nan" || w == "inf" || w == "infinity"; }

// The rendered outputs of one input, in the languages the command prints them in. A figure the
// reports print as nan or inf is a finding; a word the input itself holds is not (the reports
// quote the input's names, and a debt may well be called `inf`), so only such words as the input
// does not contain are looked for.
class Printed {
 public:
  Printed(const char* harness, std::string_view input) : harness_(harness) {
    for (const std::string& w : latin_words(input))
      if (is_non_finite_word(w)) quoted_.push_back(w);
  }
  void add(const std::string& rendered) {
    // Line by line, so that the finding shows the line it is on.
    for (std::size_t from = 0; from < rendered.size();) {
      std::size_t to = rendered.find('\n', from);
      if (to == std::string::npos) to = rendered.size();
      const std::string_view line = std::string_view(rendered).substr(from, to - from);
      for (const std::string& w : latin_words(line))
        if (is_non_finite_word(w) && std::find(quoted_.begin(), quoted_.end(), w) == quoted_.end())
          finding(harness_, "a figure printed as " + w + ":\n" + std::string(line));
      from = to + 1;
    }
  }
  // A JSON document: a number that is NaN or infinite would be printed as null, a value silently
  // lost (the documents write an absent value as null on purpose, never as a NaN number).
  void add(const report::JsonValue& j) {
    check_json(j, "");
    add(report::dump(j));
  }

 private:
  void check_json(const report::JsonValue& j, const std::string& path) {
    if (j.is_number_float() && !std::isfinite(j.get<double>())) finding(harness_, "a JSON number that is not finite at " + path);
    if (j.is_object())
      for (const auto& [k, v] : j.items()) check_json(v, path + "." + k);
    else if (j.is_array())
      for (std::size_t i = 0; i < j.size(); ++i) check_json(j[i], path + "[" + std::to_string(i) + "]");
  }
  const char* harness_;
  std::vector<std::string> quoted_;
};

// ---- the scratch folder: files the loaders read by name ----

struct Workspace {
  std::string source = APPRAISE_SOURCE_DIR;
  std::string dir;              // a fresh folder under $TMPDIR, removed at exit
  std::string scenario_file;    // <dir>/scenarios/input.yaml, beside <dir>/models -> the examples
  std::string default_model;    // the fixed model a scenario or risk file applies to
  std::string ledger_csv;       // <dir>/ledger/city-debt-ledger.csv
  std::string ledger_portfolio; // <dir>/ledger/city-debt-ledger.yaml (the example, naming the ledger)
  std::string ledger_portfolio_text;
  std::string model_name;       // what a model or portfolio read from bytes is called: beside the examples
  std::string programme_name;   // a programme read from bytes: beside the example programme

  Workspace() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/appraise-fuzz-XXXXXX";
    if (!mkdtemp(pattern.data())) {
      std::perror("appraise-fuzz: mkdtemp");
      std::abort();
    }
    dir = pattern;
    fs::create_directories(dir + "/scenarios");
    fs::create_directories(dir + "/ledger");
    // `model: ../models/toll-bridge.yaml` in a seed resolves as it does beside the examples.
    fs::create_directory_symlink(source + "/models", dir + "/models");
    scenario_file = dir + "/scenarios/input.yaml";
    default_model = dir + "/models/toll-bridge.yaml";
    ledger_csv = dir + "/ledger/city-debt-ledger.csv";
    ledger_portfolio = dir + "/ledger/city-debt-ledger.yaml";
    std::ifstream in(source + "/models/city-debt-ledger.yaml", std::ios::binary);
    ledger_portfolio_text.assign(std::istreambuf_iterator<char>(in), {});
    if (ledger_portfolio_text.empty()) {
      std::fprintf(stderr, "appraise-fuzz: cannot read %s/models/city-debt-ledger.yaml\n", source.c_str());
      std::abort();
    }
    model_name = source + "/models/fuzz-input.yaml";
    programme_name = source + "/scenarios/fuzz-input.yaml";
  }
  ~Workspace() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;
};

Workspace& workspace() {
  static Workspace w;
  return w;
}

void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "appraise-fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
}

// ---- what the commands do after loading ----

// `run` and `check`: evaluate, then every report of the result. An evaluation error is the CLI's
// exit 2 with the key it names (false: nothing more to do).
bool evaluate_and_report(const char* harness, const ProjectModel& m, const std::string& path, Printed& printed) {
  ProjectResult r;
  try {
    r = evaluate(m);
  } catch (const EvaluationError& e) {
    if (e.field.empty()) finding(harness, std::string("an evaluation error that names no key: ") + e.what());
    return false;
  }
  const std::string summary = report::render_text(indicator_summary(m, r), report::Lang::Zh);
  printed.add(summary);
  if (const auto pub = public_summary(m, r)) printed.add(report::render_text(*pub, report::Lang::En));
  printed.add(render_checks(r.checks, report::Lang::Zh));
  for (const auto& t : statement_tables(m, r)) printed.add(report::render_text(t, report::Lang::Zh) + report::render_csv(t, report::Lang::En));
  printed.add(run_document(m, r, {path, {}}));
  return !summary.empty();
}

Outcome run_model(std::string_view bytes) {
  constexpr const char* kName = "model";
  const Workspace& w = workspace();
  const auto loaded = io::load_model_from_string(bytes, w.model_name);
  require_refusal_explained(kName, loaded, loaded.model.has_value(), w.model_name);
  if (!loaded.model) return Outcome::Refused;
  Printed printed(kName, bytes);
  return evaluate_and_report(kName, *loaded.model, w.model_name, printed) ? Outcome::Computed : Outcome::Refused;
}

std::optional<ScenarioFile> load_scenario_bytes(const char* harness, std::string_view bytes) {
  const Workspace& w = workspace();
  write_file(w.scenario_file, bytes);
  auto loaded = io::load_scenarios(w.scenario_file, w.default_model);
  require_refusal_explained(harness, loaded, loaded.file.has_value(), w.scenario_file);
  return std::move(loaded.file);
}

// `compare` (and `run -s`, which evaluates the same cases).
Outcome run_scenario(std::string_view bytes) {
  constexpr const char* kName = "scenario";
  const auto file = load_scenario_bytes(kName, bytes);
  if (!file) return Outcome::Refused;
  if (file->scenarios.size() > kMaxScenarios) return Outcome::Computed;
  ComparisonSettings settings;
  settings.threads = 1;
  try {
    const ScenarioComparison c = compare_scenarios(*file, settings);
    if (c.cases.empty() && !file->models.empty()) finding(kName, "a comparison of no cases");
  } catch (const EvaluationError& e) {
    if (e.field.empty()) finding(kName, std::string("an evaluation error that names no key: ") + e.what());
    return Outcome::Refused;
  } catch (const std::invalid_argument&) {
    // Changes that cannot be applied together: the CLI's exit 2 naming the scenario file.
    return Outcome::Stopped;
  }
  return Outcome::Computed;
}

// `sensitivity` and `simulate` with the file as -s, for the model it names (or the fixed one).
Outcome run_risk(std::string_view bytes) {
  constexpr const char* kName = "risk";
  const auto file = load_scenario_bytes(kName, bytes);
  if (!file) return Outcome::Refused;
  if (file->models.empty()) return Outcome::Computed;
  const Workspace& w = workspace();
  std::string key = file->model_order.front();
  for (std::size_t i = 0; i < file->model_order.size(); ++i) {
    std::error_code ec;
    if (fs::equivalent(file->model_paths[i], w.default_model, ec)) key = file->model_order[i];
  }
  const ProjectModel& m = file->models.at(key);
  ProjectResult base;
  try {
    base = evaluate(m);
  } catch (const EvaluationError& e) {
    if (e.field.empty()) finding(kName, std::string("an evaluation error that names no key: ") + e.what());
    return Outcome::Refused;
  }

  Outcome outcome = Outcome::Computed;
  Printed printed(kName, bytes);
  if (file->sensitivity) try {
    SensitivitySpec spec = *file->sensitivity;
    if (spec.factors.size() > kMaxFactors) spec.factors.resize(kMaxFactors);
    for (auto& f : spec.factors)
      if (f.changes.size() > kMaxChanges) f.changes.resize(kMaxChanges);
    if (spec.default_changes.size() > kMaxChanges) spec.default_changes.resize(kMaxChanges);
    spec.max_delay = std::min(spec.max_delay, kMaxDelay);
    if (spec.factors.empty()) spec.factors = default_factors(m, spec.default_changes);
    if (spec.factors.size() > kMaxFactors) spec.factors.resize(kMaxFactors);
    const SensitivityResult s = run_sensitivity(m, spec);
    const BreakEvenResult be = break_even(m, base, spec.break_even_year);
    for (const auto& t : sensitivity_tables(m, s, report::Lang::Zh)) printed.add(report::render_text(t, report::Lang::Zh));
    printed.add(report::render_text(break_even_table(m, be, report::Lang::En), report::Lang::En));
    printed.add(sensitivity_document(m, s, be, {w.default_model, w.scenario_file, {}, false}));
  } catch (const std::invalid_argument&) {
    // A factor that cannot be applied to this model: the CLI's exit 2 naming the file.
    outcome = Outcome::Stopped;
  }

  if (!file->simulation) return outcome;
  SimulationSpec sim = *file->simulation;
  sim.draws = std::min(sim.draws, kMaxDraws);
  sim.threads = 1;
  try {
    const SimulationResult r = simulate(m, sim);
    for (const auto& t : simulation_tables(m, sim, r, report::Lang::Zh)) printed.add(report::render_text(t, report::Lang::Zh));
    printed.add(report::render_text(simulation_probabilities(m, r), report::Lang::En));
    for (const auto& t : simulation_distribution_tables(m, r, report::Lang::Zh)) printed.add(report::render_csv(t, report::Lang::Zh));
    printed.add(simulation_document(m, sim, r, {w.default_model, w.scenario_file, {}, false}));
  } catch (const std::invalid_argument&) {
    // Distributions that do not fit the model: the CLI's exit 2 naming the file.
    outcome = Outcome::Stopped;
  }
  return outcome;
}

// `debt`: the analysis, its text report and its JSON.
void analyse_portfolio(const portfolio::Portfolio& p, const std::string& path, Printed& printed) {
  if (p.debts.size() > kMaxDebts) return;
  const portfolio::PortfolioAnalysis a = portfolio::analyse(p);
  printed.add(portfolio::render_debt_report(p, a, {path}, report::Format::Table, report::Lang::Zh));
  printed.add(portfolio::render_debt_report(p, a, {path}, report::Format::Csv, report::Lang::En));
  printed.add(portfolio::debt_document(p, a, {path}));
  (void)portfolio::checks(p, a);
}

Outcome run_portfolio(std::string_view bytes) {
  constexpr const char* kName = "portfolio";
  const Workspace& w = workspace();
  const auto loaded = io::load_portfolio_from_string(bytes, w.model_name);
  require_refusal_explained(kName, loaded, loaded.portfolio.has_value(), w.model_name);
  if (!loaded.portfolio) return Outcome::Refused;
  Printed printed(kName, bytes);
  analyse_portfolio(*loaded.portfolio, w.model_name, printed);
  return Outcome::Computed;
}

// The bytes as the CSV ledger (债务台账) of the example portfolio that names one.
Outcome run_ledger(std::string_view bytes) {
  constexpr const char* kName = "ledger";
  const Workspace& w = workspace();
  write_file(w.ledger_csv, bytes);
  const auto loaded = io::load_portfolio_from_string(w.ledger_portfolio_text, w.ledger_portfolio);
  require_refusal_explained(kName, loaded, loaded.portfolio.has_value(), w.ledger_portfolio);
  if (!loaded.portfolio) return Outcome::Refused;
  Printed printed(kName, bytes);
  analyse_portfolio(*loaded.portfolio, w.ledger_portfolio, printed);
  return Outcome::Computed;
}

// `programme` (and `check` of a programme): every candidate evaluated, the choice, the debt join.
Outcome run_programme(std::string_view bytes) {
  constexpr const char* kName = "programme";
  const Workspace& w = workspace();
  const auto loaded = io::load_programme_from_string(bytes, w.programme_name);
  require_refusal_explained(kName, loaded, loaded.programme.has_value(), w.programme_name);
  if (!loaded.programme) return Outcome::Refused;
  const programme::Programme& p = *loaded.programme;
  std::vector<programme::CandidateEvaluation> ev;
  for (const auto& c : p.candidates) {
    try {
      ev.push_back(programme::evaluate_candidate(c));
    } catch (const EvaluationError& e) {
      if (e.field.empty()) finding(kName, std::string("an evaluation error that names no key: ") + e.what());
      return Outcome::Refused;  // the CLI reports every such candidate and stops
    }
  }
  if (p.candidates.size() > kMaxCandidates) return Outcome::Computed;
  const programme::Choice choice = programme::choose(p, ev);
  std::optional<programme::DebtJoin> debt;
  if (p.debt) debt = programme::join_debts(*p.debt, p, ev, choice);
  const programme::ProgrammeRun run{p, ev, choice, debt};
  Printed printed(kName, bytes);
  printed.add(programme::render_programme_report(run, {w.programme_name}, report::Format::Table, report::Lang::Zh));
  printed.add(programme::programme_document(run, {w.programme_name}));
  if (debt) (void)portfolio::checks(debt->joined, debt->after);
  return Outcome::Computed;
}

// Any exception that escapes a harness is what main() reports as an internal error (exit 4).
template <Outcome (*Run)(std::string_view)>
Outcome guarded(std::string_view bytes) {
  try {
    return Run(bytes);
  } catch (const std::exception& e) {
    finding("harness", std::string("an exception the CLI reports as an internal error: ") + e.what());
  }
}

constexpr Harness kHarnesses[] = {
    {"model", "a project model, as `check` and `run` read it", guarded<run_model>},
    {"scenario", "a scenario file applied to the example models, as `compare` reads it", guarded<run_scenario>},
    {"risk", "a risk file (sensitivity: and simulation:), as `sensitivity -s` and `simulate -s` read it", guarded<run_risk>},
    {"portfolio", "a debt portfolio in YAML, as `debt` reads it", guarded<run_portfolio>},
    {"ledger", "a CSV debt ledger named by the example portfolio, as `debt` reads it", guarded<run_ledger>},
    {"programme", "a programme file naming the example models, as `programme` reads it", guarded<run_programme>},
};

}  // namespace

std::span<const Harness> harnesses() { return kHarnesses; }

const Harness* find_harness(std::string_view name) {
  for (const Harness& h : kHarnesses)
    if (name == h.name) return &h;
  return nullptr;
}

}  // namespace appraise::fuzz
