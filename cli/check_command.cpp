// `appraise check FILE...`: validate models, scenario or risk files (with the models they name, and
// every scenario applied and evaluated), debt portfolios and programmes (and every model they
// name), and report every problem, printing no result. Every file is checked, whatever the ones
// before it said, so that one run over a folder of models lists all that need work.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "appraise/io/document.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "appraise/messages/cli.hpp"
#include "model_input.hpp"
#include "portfolio_input.hpp"
#include "programme_input.hpp"
#include "scenario_input.hpp"

namespace appraise::cli {

using messages::Cli;
using namespace literals;
namespace {

struct CheckOptions {
  std::vector<std::string> files;
};

// What a file is, from its top-level sections (io::kind_of); a file that says none is read as a
// model, whose loader says what is wrong with it.
io::DocumentKind kind_of(const std::string& path) {
  const auto parsed = io::parse_yaml_file(path, io::DocumentKind::Model);
  if (!parsed.document) return io::DocumentKind::Model;
  return io::kind_of(parsed.document->root).value_or(io::DocumentKind::Model);
}

int check_scenarios(const std::string& path) {
  const ScenarioFile file = load_scenarios_or_fail(path);
  (void)evaluate_cases(file, true);
  const auto section = [](bool present) { return msg_in(ui_lang(), present ? Cli::section_present : Cli::section_absent); };
  emit(msg_in(ui_lang(), Cli::scenario_file_valid, "file"_a = path, "models"_a = file.models.size(),
              "scenarios"_a = file.scenarios.size(), "options"_a = file.options.size(),
              "sensitivity"_a = section(file.sensitivity.has_value()), "simulation"_a = section(file.simulation.has_value())) +
           "\n",
       {});
  return Success;
}

int check_portfolio(const std::string& path) {
  const portfolio::Portfolio p = load_portfolio_or_fail(path);
  emit(msg_in(ui_lang(), Cli::portfolio_valid, "file"_a = path, "name"_a = p.name, "debts"_a = p.debts.size()) + "\n", {});
  return Success;
}

int check_programme(const std::string& path) {
  const programme::Programme p = load_programme_or_fail(path);
  (void)evaluate_candidates_or_fail(p);
  emit((p.debt ? msg_in(ui_lang(), Cli::programme_valid_with_debt, "file"_a = path, "name"_a = p.name,
                        "candidates"_a = p.candidates.size(), "groups"_a = p.exclusive.size(), "debt"_a = p.debt_path)
              : msg_in(ui_lang(), Cli::programme_valid, "file"_a = path, "name"_a = p.name,
                        "candidates"_a = p.candidates.size(), "groups"_a = p.exclusive.size())) +
           "\n",
       {});
  return Success;
}

int check_file(const std::string& path) {
  switch (kind_of(path)) {
    case io::DocumentKind::Programme: return check_programme(path);
    case io::DocumentKind::Scenarios: return check_scenarios(path);
    case io::DocumentKind::Portfolio: return check_portfolio(path);
    case io::DocumentKind::Model:
    case io::DocumentKind::Ledger: break;
  }
  const ProjectModel m = load_model_or_fail(path);
  // Some problems show only when the model is worked through (sources and uses that do not
  // match, sculpting with no cash to sculpt): check them too, printing nothing of the result.
  (void)evaluate_or_fail(m);
  emit(msg_in(ui_lang(), Cli::model_valid, "file"_a = path, "name"_a = m.name, "construction"_a = m.construction_years,
              "operation"_a = m.operation_years, "first"_a = m.first_year, "last"_a = m.last_year(), "unit"_a = m.unit) +
           "\n",
       {});
  return Success;
}

int run_check(const CheckOptions& o) {
  if (o.files.size() == 1) return check_file(o.files.front());
  // Several files: each one's problems as if it were checked alone, then a count. The exit code
  // is the worst of them (3, a file that cannot be read, over 2, an invalid one).
  int worst = Success;
  std::size_t failed = 0;
  for (const auto& path : o.files) {
    try {
      (void)check_file(path);
    } catch (const CliError& e) {
      std::fflush(stdout);
      std::fputs(e.what(), stderr);
      worst = std::max(worst, e.code);
      ++failed;
    }
  }
  std::fflush(stdout);
  const std::string summary = failed == 0 ? msg_in(ui_lang(), Cli::checked_files_valid, "files"_a = o.files.size())
                                          : msg_in(ui_lang(), Cli::checked_files_failed, "files"_a = o.files.size(), "failed"_a = failed);
  std::fputs(("\n" + summary + "\n").c_str(), failed == 0 ? stdout : stderr);
  return worst;
}

}  // namespace

void setup_check(CLI::App& app, Action& action) {
  auto opts = std::make_shared<CheckOptions>();
  auto* sub = app.add_subcommand("check", help(Cli::help_check));
  sub->add_option("files", opts->files, help(Cli::help_check_files))->required();
  add_lang_option(*sub, nullptr);
  sub->callback([opts, &action]() { action = [opts]() { return run_check(*opts); }; });
}

}  // namespace appraise::cli
