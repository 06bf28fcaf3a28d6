#pragma once
// `--help` in the run's language: every description the commands give CLI11 is a cli.def message
// said in ui_lang() (which main() reads from `--lang` and APPRAISE_LANG before the commands are
// set up), and CLI11's own words (Usage, Options, REQUIRED, TEXT …) are too.
#include <CLI/CLI.hpp>

#include <string>

#include "appraise/messages/cli.hpp"

namespace appraise::cli {

/// The text of `id` in the run's language, for a command's or an option's description.
[[nodiscard]] std::string help(messages::Cli id);

/// Gives `app` (before its commands are added, which share its formatter) a formatter that
/// speaks the run's language: CLI11's labels, the help and version flags, and each positional
/// argument by its name in that language (`model` is 模型文件), aligned by display width.
void localise_help(CLI::App& app);
/// After the commands are added: their help flags under the same heading as their options.
void localise_help_flags(CLI::App& app);

}  // namespace appraise::cli
