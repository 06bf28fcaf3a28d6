// `appraise check FILE`: validate a model (or a programme and every model it names) and report
// every problem, computing nothing.
#include <fmt/format.h>

#include "appraise/io/document.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "appraise/messages/cli.hpp"
#include "model_input.hpp"
#include "programme_input.hpp"

namespace appraise::cli {

using messages::Cli;
using namespace literals;
namespace {

struct CheckOptions {
  std::string model;
};

// A file that starts with `programme:` is a programme; anything else is read as a model (whose
// loader says what is wrong with a file that is neither).
bool is_programme(const std::string& path) {
  const auto parsed = io::parse_yaml_file(path, io::DocumentKind::Programme);
  return parsed.document && parsed.document->root.is_map() && parsed.document->root.find("programme");
}

int check_programme(const CheckOptions& o) {
  const programme::Programme p = load_programme_or_fail(o.model);
  (void)evaluate_candidates_or_fail(p);
  emit((p.debt ? msg_in(ui_lang(), Cli::programme_valid_with_debt, "file"_a = o.model, "name"_a = p.name,
                        "candidates"_a = p.candidates.size(), "groups"_a = p.exclusive.size(), "debt"_a = p.debt_path)
              : msg_in(ui_lang(), Cli::programme_valid, "file"_a = o.model, "name"_a = p.name,
                        "candidates"_a = p.candidates.size(), "groups"_a = p.exclusive.size())) +
           "\n",
       {});
  return Success;
}

int run_check(const CheckOptions& o) {
  if (is_programme(o.model)) return check_programme(o);
  const ProjectModel m = load_model_or_fail(o.model);
  // Some problems show only when the model is worked through (sources and uses that do not
  // match, sculpting with no cash to sculpt): check them too, printing nothing of the result.
  (void)evaluate_or_fail(m);
  emit(msg_in(ui_lang(), Cli::model_valid, "file"_a = o.model, "name"_a = m.name, "construction"_a = m.construction_years,
              "operation"_a = m.operation_years, "first"_a = m.first_year, "last"_a = m.last_year(), "unit"_a = m.unit) +
           "\n",
       {});
  return Success;
}

}  // namespace

void setup_check(CLI::App& app, Action& action) {
  auto opts = std::make_shared<CheckOptions>();
  auto* sub = app.add_subcommand(
      "check", "validate a model or a programme: every problem with file:line:column, no results printed");
  sub->add_option("model", opts->model, "the project model or programme file (YAML)")->required();
  add_lang_option(*sub, nullptr);
  sub->callback([opts, &action]() { action = [opts]() { return run_check(*opts); }; });
}

}  // namespace appraise::cli
