// The one validation (project/validation.hpp): the loader, a scenario change, a sensitivity step
// and a Monte Carlo draw all refuse the same values, each where the value came from.
#include <doctest/doctest.h>

#include <limits>

#include "appraise/io/scenario_loader.hpp"
#include "appraise/project/plan.hpp"
#include "appraise/project/validation.hpp"
#include "appraise/risk/simulation.hpp"
#include "appraise/scenario/parameters.hpp"
#include "model_fixtures.hpp"

using namespace appraise;
using model_fixtures::example;

namespace {

Change set(std::string path, double v) { return {std::move(path), ChangeOp::Set, v, {}}; }
Change add(std::string path, double v) { return {std::move(path), ChangeOp::Add, v, {}}; }

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

TEST_CASE("within: the edges of a limit, NaN and whole numbers") {
  CHECK(within(limits::operation_years, 1));
  CHECK(within(limits::operation_years, 100));
  CHECK_FALSE(within(limits::operation_years, 0));
  CHECK_FALSE(within(limits::operation_years, 101));
  CHECK_FALSE(within(limits::operation_years, 2.5));
  CHECK_FALSE(within(limits::operation_years, 1e15));
  CHECK_FALSE(within(limits::operation_years, std::numeric_limits<double>::quiet_NaN()));
  CHECK_FALSE(within(limits::target_dscr, 0.0));  // above 0, not 0
  CHECK(within(limits::target_dscr, 1e-9));
  CHECK(within(limits::amount, 1e15));
  CHECK_FALSE(within(limits::amount, 1.0000001e15));
  CHECK_FALSE(within(limits::amount, -0.01));
}

TEST_CASE("every example model is valid, as the loader guarantees") {
  for (const char* name : {"toll-bridge", "sewage-plant", "industrial-park", "parking-revitalisation"}) {
    CAPTURE(name);
    CHECK(validate(example(name)).empty());
  }
}

TEST_CASE("validate names the rule, the path and the value") {
  ProjectModel m = example("toll-bridge");
  m.operation_years = 5;  // the loans are repaid long after 2033
  const auto v = validate(m);
  REQUIRE_FALSE(v.empty());
  CHECK(v.front().path == "sustaining_investment.amounts[0].from");
  CHECK(v.front().problem.message == "2039 is outside the years this line covers, 2029–2033");
  bool repayment = false;
  for (const auto& x : v)
    repayment = repayment || (x.path == "financing.loans[0].maturity" &&
                              x.problem.message == "repayment runs to 2046, past the end of the calculation period (2033)");
  CHECK(repayment);
}

TEST_CASE("a scenario change out of range is refused with the path and the value (once a crash or a hang)") {
  const ProjectModel base = example("toll-bridge");
  SUBCASE("operation years of 1e15, 1e6 and 0") {
    for (const double v : {1e15, 1e6, 0.0}) {
      ProjectModel m = base;
      const std::string why = apply_change(m, set("project.operation_years", v));
      CAPTURE(why);
      CHECK(starts_with(why, "`project.operation_years` would be "));
      CHECK(why.find("but it must be a whole number from 1 to 100") != std::string::npos);
    }
    ProjectModel m = base;
    CHECK(apply_change(m, add("project.operation_years", 1e15)) ==
          "`project.operation_years` would be 1e+15, but it must be a whole number from 1 to 100");
  }
  SUBCASE("a loan's term of 0 years") {
    ProjectModel m = base;
    CHECK(apply_change(m, set("financing.loans[国家开发银行贷款].term_years", 0)) ==
          "`financing.loans[国家开发银行贷款].term_years` would be 0, but it must be a whole number from 1 to 100");
  }
  SUBCASE("a loan's rate above 50%") {
    ProjectModel m = base;
    CHECK(apply_change(m, add("financing.loans.*.rate", 0.6)) ==
          "`financing.loans[地方政府专项债券].rate` would be 62.6%, but it must be a value from 0% to 50%");
  }
  SUBCASE("a relation: grace years that push repayment past the period") {
    ProjectModel m = base;
    CHECK(apply_change(m, add("financing.loans[国家开发银行贷款].grace_years", 30)) ==
          "the changed model breaks a rule at `financing.loans[1].term_years`: repayment runs to 2078, past the end of "
          "the calculation period (2053)");
  }
  SUBCASE("an amount by year that would turn negative") {
    ProjectModel m = base;
    CHECK(starts_with(apply_change(m, add("revenue[通行费收入].volume", -1e9)),
                      "`revenue[通行费收入].volume`: an amount would become negative"));
  }
  SUBCASE("a delay of 1e15 years (once cast to int unchecked)") {
    ProjectModel m = base;
    CHECK(apply_change(m, {"", ChangeOp::DelayStart, 1e15, {}}) ==
          "a delay of 1e+15 years: a delay must be a whole number from 0 to 20");
  }
}

TEST_CASE("a delay keeps equity amounts by construction year in step with the investment") {
  ProjectModel m = example("toll-bridge");
  m.financing->equity_share.reset();
  m.financing->equity_amounts = {20000, 25000, 20000};
  REQUIRE(validate(m).empty());
  REQUIRE(apply_change(m, {"", ChangeOp::DelayStart, 2, {}}).empty());
  CHECK(m.financing->equity_amounts == std::vector<double>{0, 0, 20000, 25000, 20000});
  CHECK(validate(m).empty());
}

TEST_CASE("a draw that breaks a relation is rejected, never evaluated") {
  const ProjectModel model = example("toll-bridge");
  std::vector<UncertainInput> inputs{{"宽限", {"financing.loans[国家开发银行贷款].grace_years"}, DrawOp::Set, DiscreteDist{{2, 30}, {0.5, 0.5}}}};
  EvaluationPlan plan(model);
  DrawApplier applier(plan, inputs);
  CHECK(applier.apply(std::vector<double>{2}).empty());
  // Repayment would start in 2029 + 30 = 2059 and run 18 years, to 2076.
  CHECK(applier.apply(std::vector<double>{30}) ==
        "the drawn model breaks a rule at `financing.loans[1].term_years`: repayment runs to 2076, past the end of the "
        "calculation period (2053)");
  CHECK(applier.apply(std::vector<double>{2.5}) ==
        "`financing.loans[国家开发银行贷款].grace_years` would be 2.5, but it must be a whole number from 0 to 100");
  // ... and the discrete value that would break it is refused when the risk file is read.
  const std::string why = check_input(model, inputs.front());
  CHECK(starts_with(why, "with the value 30: the changed model breaks a rule"));
}
