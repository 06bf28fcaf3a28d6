// `appraise merge PART...`: the part files of a sharded run (`simulate --shard K/N`,
// `programme --shard K/N`) made into the result the unsplit run prints, byte for byte, in any
// --format (parts.hpp). The parts are checked to be one run's, every shard once, made from the
// input files as they are now.
#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "parts.hpp"

namespace appraise::cli {
using namespace literals;
namespace {

struct MergeOptions {
  std::vector<std::string> parts;
  OutputOptions out;
};

int run_merge(const MergeOptions& o) {
  const std::vector<Part> parts = read_parts(o.parts);
  const std::string& command = parts.front().command;
  if (command == "simulate") return merge_simulation(parts, o.out);
  if (command == "programme") return merge_programme(parts, o.out);
  usage_error(parts.front().file, msg(messages::Cli::merge_unknown_part, "command"_a = command), msg(messages::Cli::merge_parts_expected));
}

}  // namespace

void setup_merge(CLI::App& app, Action& action) {
  auto opts = std::make_shared<MergeOptions>();
  auto* sub = app.add_subcommand("merge", help(messages::Cli::help_merge));
  sub->add_option("parts", opts->parts, help(messages::Cli::help_merge_parts))->required();
  add_output_options(*sub, opts->out);
  sub->callback([opts, &action]() { action = [opts]() { return run_merge(*opts); }; });
}

}  // namespace appraise::cli
