#include "help.hpp"

#include <map>
#include <utility>
#include <memory>

#include "common.hpp"

namespace appraise::cli {

using messages::Cli;

std::string help(Cli id) { return msg_in(ui_lang(), id); }

namespace {

// Columns a terminal gives `s`: a CJK character (3 bytes in UTF-8) takes two, an ASCII one one.
std::size_t display_width(const std::string& s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    w += len >= 3 ? 2 : 1;
    i += len;
  }
  return w;
}

class Formatter : public CLI::Formatter {
 public:
  // A positional argument's name as help shows it; the command line gives it by position, and
  // CLI11's errors by its name (main.cpp maps those to catalogue messages).
  std::string make_option_name(const CLI::Option* opt, bool is_positional) const override {
    if (!is_positional) return CLI::Formatter::make_option_name(opt, is_positional);
    static const std::map<std::string, Cli> names{{"model", Cli::help_arg_model},       {"files", Cli::help_arg_files},
                                                  {"scenario_file", Cli::help_arg_scenario_file},
                                                  {"portfolio", Cli::help_arg_portfolio}, {"file", Cli::help_arg_file},
                                                  {"parts", Cli::help_arg_parts},       {"flows", Cli::help_arg_flows}};
    const auto it = names.find(opt->get_name());
    return it == names.end() ? opt->get_name() : help(it->second);
  }

  // As CLI11's, but padded by display width, so that a Chinese name or label keeps the
  // descriptions in one column.
  std::string make_option(const CLI::Option* opt, bool is_positional) const override {
    const std::string name = "  " + make_option_name(opt, is_positional) + make_option_opts(opt);
    const std::string desc = make_option_desc(opt);
    const std::size_t width = display_width(name);
    std::string out = name;
    if (!desc.empty()) {
      if (width >= column_width_) out += "\n" + std::string(column_width_, ' ');
      else out += std::string(column_width_ - width, ' ');
      for (const char c : desc) {
        out += c;
        if (c == '\n') out += std::string(column_width_, ' ');
      }
    }
    return out + "\n";
  }
};

}  // namespace

void localise_help(CLI::App& app) {
  auto f = std::make_shared<Formatter>();
  // CLI11's words, by the keys its formatter looks them up by.
  static const std::pair<const char*, Cli> labels[] = {
      {"Usage", Cli::help_usage},         {"OPTIONS", Cli::help_options_badge}, {"Options", Cli::help_options},
      {"Positionals", Cli::help_positionals}, {"Subcommands", Cli::help_subcommands_heading},
      {"SUBCOMMAND", Cli::help_subcommand_badge}, {"SUBCOMMANDS", Cli::help_subcommand_badge},
      {"REQUIRED", Cli::help_required},   {"TEXT", Cli::help_text_type},        {"INT", Cli::help_int_type},
      {"UINT", Cli::help_uint_type},      {"FLOAT", Cli::help_float_type}};
  for (const auto& [key, id] : labels) f->label(key, help(id));
  app.formatter(f);
  app.option_defaults()->group(help(Cli::help_options));  // the heading of the options (commands inherit it)
  app.group(help(Cli::help_subcommands_heading));         // the commands' heading
  app.set_help_flag("-h,--help", help(Cli::help_help));
}

void localise_help_flags(CLI::App& app) {
  // A command's help flag is made before it inherits the option defaults: put it with the others.
  for (CLI::App* sub : app.get_subcommands({})) {
    if (CLI::Option* h = sub->get_help_ptr()) h->group(help(Cli::help_options));
    localise_help_flags(*sub);
  }
}

}  // namespace appraise::cli
