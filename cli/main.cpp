// appraise: investment-project appraisal from YAML models. This file only wires the
// subcommands together and maps failures to exit codes (see common.hpp).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "appraise/core/diagnostics.hpp"

int main(int argc, char** argv) {
  using namespace appraise::cli;
  // A reader that closes the pipe early (`| head -1`) makes writes fail with EPIPE, which
  // emit() ends quietly, instead of killing the process with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"appraise: investment-project appraisal (NPV, IRR, payback, debt service, statements)", "appraise"};
  app.footer(
      "exit codes: 0 computed and every stated target met; 1 computed but a stated target missed;\n"
      "            2 invalid model, scenario or command line; 3 a file cannot be read or written;\n"
      "            4 internal error (please report it with the version)");
  app.set_version_flag("--version", std::string("appraise ") + APPRAISE_VERSION);
  app.require_subcommand(1);
  Action action;
  setup_run(app, action);
  setup_check(app, action);
  setup_schedule(app, action);
  setup_compare(app, action);
  setup_sensitivity(app, action);
  setup_simulate(app, action);
  setup_calc(app, action);
  setup_debt(app, action);
  setup_programme(app, action);
  // A missing or misspelt command: name the commands (CLI11 only says one is required).
  std::vector<std::string> names;
  for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  if (argc < 2 || (argv[1][0] != '-' && std::find(names.begin(), names.end(), argv[1]) == names.end())) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    if (argc < 2) {
      std::cerr << "appraise: error: a command is required: " << list << "\n  = see `appraise --help`\n";
    } else {
      std::cerr << "appraise: error: `" << argv[1] << "` is not a command\n  = the commands are: " << list << "\n";
      if (const auto near = appraise::closest_match(argv[1], names)) std::cerr << "  = did you mean `" << *near << "`?\n";
    }
    return InvalidInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "appraise: error: " << e.what() << "\n  = see `appraise --help`\n";
    return InvalidInput;
  }
  try {
    return action ? action() : InvalidInput;
  } catch (const CliError& e) {
    std::fflush(stdout);
    std::cerr << e.what();
    return e.code;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::cerr << "appraise: internal error: " << e.what() << "\n  = this is a bug; please report it with `appraise "
              << APPRAISE_VERSION << "` and the input that caused it\n";
    return InternalError;
  }
}
