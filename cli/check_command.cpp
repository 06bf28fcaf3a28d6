// `appraise check MODEL`: validate a model and report every problem, computing nothing.
#include <fmt/format.h>

#include "commands.hpp"
#include "common.hpp"
#include "model_input.hpp"

namespace appraise::cli {
namespace {

struct CheckOptions {
  std::string model;
};

int run_check(const CheckOptions& o) {
  const ProjectModel m = load_model_or_fail(o.model);
  // Some problems show only when the model is worked through (sources and uses that do not
  // match, sculpting with no cash to sculpt): check them too, printing nothing of the result.
  (void)evaluate_or_fail(m);
  emit(fmt::format("{}: valid: {}, {} construction + {} operating years ({}–{}), unit {}\n", o.model, m.name,
                   m.construction_years, m.operation_years, m.first_year, m.last_year(), m.unit),
       {});
  return Success;
}

}  // namespace

void setup_check(CLI::App& app, Action& action) {
  auto opts = std::make_shared<CheckOptions>();
  auto* sub = app.add_subcommand("check", "validate a model: every problem with file:line:column, no results printed");
  sub->add_option("model", opts->model, "the project model (YAML)")->required();
  sub->callback([opts, &action]() { action = [opts]() { return run_check(*opts); }; });
}

}  // namespace appraise::cli
