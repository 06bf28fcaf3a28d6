// appraise: investment-project appraisal from YAML models. This file only wires the
// subcommands together and maps failures to exit codes (see common.hpp).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <exception>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "appraise/core/diagnostics.hpp"
#include "appraise/messages/cli.hpp"

namespace {

using appraise::Lang;
using appraise::messages::Cli;
using namespace appraise::literals;

// The language to speak before the command line is parsed: `--lang` when given (its last
// value, as CLI11 keeps it), else APPRAISE_LANG, else Chinese. An unknown value is reported
// once the language to report it in is known.
struct LangChoice {
  Lang lang = Lang::Zh;
  std::string bad_env;  // APPRAISE_LANG's value when it is neither zh nor en
};

LangChoice choose_lang(int argc, char** argv) {
  LangChoice c;
  if (const char* env = std::getenv("APPRAISE_LANG"); env && *env) {
    if (const auto l = appraise::parse_lang(env)) c.lang = *l;
    else c.bad_env = env;
  }
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--") == 0) break;
    std::string_view value;
    if (std::strcmp(argv[i], "--lang") == 0 && i + 1 < argc) value = argv[i + 1];
    else if (std::strncmp(argv[i], "--lang=", 7) == 0) value = argv[i] + 7;
    else continue;
    if (const auto l = appraise::parse_lang(value)) c.lang = *l;
  }
  return c;
}

// CLI11's own words for a command line it cannot parse, said in the run's language: the kind
// of error from its type, the option and value from its text.
appraise::Diagnostic usage(appraise::Message message, appraise::Message hint = {}) {
  appraise::Diagnostic d;
  d.message = std::move(message);
  d.hint = std::move(hint);
  return d;
}

std::string parse_error_text(const CLI::ParseError& e, Lang ui) {
  const std::string what = e.what();
  const auto after = [&](const std::string& marker) {
    const auto at = what.find(marker);
    return at == std::string::npos ? std::string() : what.substr(at + marker.size());
  };
  appraise::Message line;
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
    std::string args = after("expected: ");
    line = appraise::msg(Cli::unexpected_arguments, "args"_a = args.empty() ? what : args);
  } else if (dynamic_cast<const CLI::RequiredError*>(&e) && what.size() > 12 &&
             what.compare(what.size() - 12, 12, " is required") == 0) {
    const std::string name = what.substr(0, what.size() - 12);
    if (name == "model") line = appraise::msg(Cli::model_required);
    else if (name == "scenario_file") line = appraise::msg(Cli::scenario_file_required);
    else if (name == "portfolio") line = appraise::msg(Cli::portfolio_required);
    else line = appraise::msg(Cli::option_required, "option"_a = name);
  } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
    std::string option = what.substr(0, what.find(':'));
    if (const auto to = what.find(" arguments to "); to != std::string::npos)
      option = what.substr(to + 14, what.find(',', to) - to - 14);
    line = appraise::msg(Cli::value_missing, "option"_a = option);
  } else if (dynamic_cast<const CLI::ConversionError*>(&e)) {
    std::string rest = after("Could not convert: ");
    const auto eq = rest.find(" = ");
    if (eq != std::string::npos)
      line = appraise::msg(Cli::value_not_understood, "option"_a = rest.substr(0, eq), "value"_a = rest.substr(eq + 3));
    else
      line = appraise::msg(Cli::command_line_error, "what"_a = what);
  } else {
    line = appraise::msg(Cli::command_line_error, "what"_a = what);
  }
  return appraise::render(usage(line, appraise::msg(Cli::see_help)), ui);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace appraise::cli;
  // A reader that closes the pipe early (`| head -1`) makes writes fail with EPIPE, which
  // emit() ends quietly, instead of killing the process with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  const LangChoice lang = choose_lang(argc, argv);
  set_ui_lang(lang.lang);
  const Lang ui = lang.lang;
  if (!lang.bad_env.empty()) {
    std::cerr << appraise::render(usage(appraise::msg(Cli::bad_lang_env, "value"_a = lang.bad_env), appraise::msg(Cli::lang_values)), ui);
    return InvalidInput;
  }
  CLI::App app{help(Cli::help_program), "appraise"};
  localise_help(app);
  app.footer(help(Cli::help_exit_codes));
  app.set_version_flag("--version", std::string("appraise ") + APPRAISE_VERSION, help(Cli::help_version));
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
  setup_merge(app, action);
  localise_help_flags(app);
  // A missing or misspelt command: name the commands (CLI11 only says one is required).
  std::vector<std::string> names;
  for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  if (argc < 2 || (argv[1][0] != '-' && std::find(names.begin(), names.end(), argv[1]) == names.end())) {
    std::vector<std::string> quoted;  // the commands are code: in backticks, as the docs write them
    for (const auto& n : names) quoted.push_back("`" + n + "`");
    const appraise::Message list = appraise::joined(quoted);
    if (argc < 2) {
      std::cerr << appraise::render(usage(appraise::msg(Cli::command_required, "commands"_a = list), appraise::msg(Cli::see_help)), ui);
    } else {
      auto d = usage(appraise::msg(Cli::not_a_command, "word"_a = std::string(argv[1])), appraise::msg(Cli::the_commands_are, "commands"_a = list));
      std::cerr << appraise::render(d, ui);
      if (const auto near = appraise::closest_match(argv[1], names))
        std::cerr << "  = " << appraise::msg_in(ui, Cli::did_you_mean, "word"_a = *near) << "\n";
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
    std::cerr << parse_error_text(e, ui);
    return InvalidInput;
  } catch (const CliError& e) {  // a value an option's callback refused (common.cpp)
    std::cerr << e.what();
    return e.code;
  }
  try {
    return action ? action() : InvalidInput;
  } catch (const CliError& e) {
    std::fflush(stdout);
    std::cerr << e.what();
    return e.code;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    auto d = usage(appraise::msg(Cli::internal_error, "what"_a = std::string(e.what())),
                   appraise::msg(Cli::please_report, "version"_a = std::string(APPRAISE_VERSION)));
    std::cerr << appraise::render(d, ui);
    return InternalError;
  }
}
