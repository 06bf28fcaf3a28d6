#pragma once
// The subcommands. Each lives in its own file with an options struct, a setup_x(app, action)
// that declares its flags, and a run_x(options) that calls the engine and prints. Parsing only
// records which command to run in `action`; main runs it, so exit codes stay in one place.
#include <CLI/CLI.hpp>

#include <functional>

namespace appraise::cli {

using Action = std::function<int()>;

void setup_calc(CLI::App& app, Action& action);
void setup_debt(CLI::App& app, Action& action);
void setup_check(CLI::App& app, Action& action);
void setup_run(CLI::App& app, Action& action);
void setup_schedule(CLI::App& app, Action& action);
void setup_compare(CLI::App& app, Action& action);
void setup_sensitivity(CLI::App& app, Action& action);
void setup_simulate(CLI::App& app, Action& action);
void setup_programme(CLI::App& app, Action& action);
void setup_merge(CLI::App& app, Action& action);

}  // namespace appraise::cli
