// Scenarios and option comparison: what each kind of change does to a model, path checking at
// load time, and the incremental-investment IRR and NPV-versus-IRR conflict computed by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <unistd.h>
#include <string>
#include <vector>

#include "appraise/scenario/comparison.hpp"
#include "appraise/io/model_loader.hpp"
#include "appraise/io/scenario_loader.hpp"
#include "appraise/scenario/parameters.hpp"
#include "appraise/messages/project.hpp"
#include "appraise/project/evaluation.hpp"
#include "model_fixtures.hpp"

using namespace appraise;

namespace {

// An option's result with only what compare_options reads: -outlay in 2026, +inflow in 2027.
ProjectResult two_year_option(double outlay, double inflow) {
  ProjectResult r;
  r.first_year = 2026;
  r.years = 2;
  r.construction_investment = YearRow::Zero(2);
  r.construction_investment[0] = outlay;
  r.cash_flow.post_tax = YearRow::Zero(2);
  r.cash_flow.post_tax[0] = -outlay;
  r.cash_flow.post_tax[1] = inflow;
  return r;
}

// Two construction years (2026–2027), five operating years (2028–2032).
const char* kModel = R"yaml(
project: {name: base, first_year: 2026, construction_years: 2, operation_years: 5, benchmark_rate: 8%}
taxes: {income_tax_rate: 25%}
investment:
  - {name: works, amount: 1000, phasing: [40%, 60%]}
  - {name: equipment, amount: 200, phasing: [0%, 100%], life: 5}
depreciation: {life: 10, salvage: 0%}
revenue:
  - {name: tolls, volume: 100, price: {base: 5, growth: 10%}}
  - {name: ads, amounts: [10, 20, 30]}
subsidies:
  - {name: grant, amounts: [{year: 2029, amount: 50}]}
operating_costs:
  - {name: upkeep, amounts: 100}
financing:
  loans:
    - {name: bank, amount: 600, rate: 5%, term_years: 5}
)yaml";

ProjectModel model() {
  auto loaded = io::load_model_from_string(kModel, "inline.yaml");
  REQUIRE(loaded.model);
  return *loaded.model;
}

double revenue_in(const ProjectModel& m, int year) {
  const auto r = evaluate(m);
  return r.revenue[year - r.first_year];
}

Change change(std::string path, ChangeOp op, double v, std::string word = {}) { return {std::move(path), op, v, std::move(word)}; }

// Writes `text` to a temporary scenario file next to a copy of the model, loads it.
io::LoadedScenarios load_file(const std::string& text) {
  namespace fs = std::filesystem;
  // One folder per process: ctest runs test cases as separate processes, possibly at once.
  const fs::path dir = fs::temp_directory_path() / ("appraise-scenario-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "model.yaml") << kModel;
  std::ofstream(dir / "cases.yaml") << text;
  return io::load_scenarios((dir / "cases.yaml").string());
}

}  // namespace

TEST_SUITE("scenarios") {

TEST_CASE("scale, set and add act on a series every year it covers") {
  // Tolls in 2028: 100 × 5 = 500; ads 10.
  ProjectModel m = model();
  CHECK(revenue_in(m, 2028) == doctest::Approx(510).epsilon(1e-12));
  SUBCASE("scale volume by 0.7: tolls 350") {
    REQUIRE(apply_change(m, change("revenue[tolls].volume", ChangeOp::Scale, 0.7)).empty());
    CHECK(revenue_in(m, 2028) == doctest::Approx(360).epsilon(1e-12));
    CHECK(revenue_in(m, 2029) == doctest::Approx(0.7 * 100 * 5.5 + 20).epsilon(1e-12));
  }
  SUBCASE("set price to 4 every year: the growth is gone") {
    REQUIRE(apply_change(m, change("revenue.tolls.price", ChangeOp::Set, 4)).empty());
    CHECK(revenue_in(m, 2030) == doctest::Approx(400 + 30).epsilon(1e-12));
  }
  SUBCASE("add 5 to the ads list only in the years the list covers") {
    REQUIRE(apply_change(m, change("revenue[ads].amounts", ChangeOp::Add, 5)).empty());
    CHECK(revenue_in(m, 2030) == doctest::Approx(500 * 1.21 + 35).epsilon(1e-12));
    CHECK(revenue_in(m, 2031) == doctest::Approx(500 * 1.331).epsilon(1e-12));  // the list has ended
  }
}

TEST_CASE("operating lines given as lists start in the first operating year") {
  // subsidies and sustaining investment as lists: 2028 is the first operating year.
  std::string yaml = kModel;
  const std::string grant = "amounts: [{year: 2029, amount: 50}]";
  yaml.replace(yaml.find(grant), grant.size(), "amounts: [7, 8]");
  auto loaded = io::load_model_from_string(yaml + "sustaining_investment: {amounts: [0, 0, 30]}\n", "inline.yaml");
  REQUIRE(loaded.model);
  const auto r = evaluate(*loaded.model);
  CHECK(r.subsidy[0] == 0.0);
  CHECK(r.subsidy[2] == doctest::Approx(7).epsilon(1e-15));
  CHECK(r.subsidy[3] == doctest::Approx(8).epsilon(1e-15));
  CHECK(r.sustaining[4] == doctest::Approx(30).epsilon(1e-15));
  CHECK(r.sustaining.sum() == doctest::Approx(30).epsilon(1e-15));
}

TEST_CASE("selectors: [name], .name., [index] and * address the same list elements") {
  ProjectModel m = model();
  CHECK(match_parameters(m, "investment[works].amount").size() == 1);
  CHECK(match_parameters(m, "investment.works.amount").size() == 1);
  CHECK(match_parameters(m, "investment[1].amount").front().path == "investment[equipment].amount");
  CHECK(match_parameters(m, "investment.*.amount").size() == 2);
  CHECK(match_parameters(m, "financing.loans.*.rate").size() == 1);
  CHECK(match_parameters(m, "revenue[toll].volume").empty());
  CHECK(*nearest_parameter(m, "revenue[toll].volume") == "revenue[tolls].volume");
  REQUIRE(apply_change(m, change("investment.*.amount", ChangeOp::Scale, 1.2)).empty());
  CHECK(m.investment[0].amount == doctest::Approx(1200).epsilon(1e-12));
  CHECK(m.investment[1].amount == doctest::Approx(240).epsilon(1e-12));
}

TEST_CASE("rates take percentage points, conventions take words") {
  ProjectModel m = model();
  REQUIRE(apply_change(m, change("financing.loans[bank].rate", ChangeOp::Add, 0.01)).empty());
  CHECK(m.financing->loans[0].rate == doctest::Approx(0.06).epsilon(1e-12));
  REQUIRE(apply_change(m, change("project.timing", ChangeOp::Set, 0, "mid-year")).empty());
  CHECK(m.timing == Timing::MidPeriod);
  CHECK_FALSE(apply_change(m, change("project.timing", ChangeOp::Set, 0, "midyear")).empty());
  CHECK_FALSE(apply_change(m, change("project.timing", ChangeOp::Scale, 2)).empty());
  CHECK_FALSE(apply_change(m, change("financing.loans[bank].rate", ChangeOp::Add, -2.0)).empty());
}

TEST_CASE("delaying the start moves every flow; delaying operation keeps the investment where it was") {
  const ProjectModel base = model();
  const auto r0 = evaluate(base);
  SUBCASE("delay_start 1: the whole project a year later, the calendar years of ranges too") {
    ProjectModel m = base;
    REQUIRE(apply_change(m, change({}, ChangeOp::DelayStart, 1)).empty());
    const auto r = evaluate(m);
    REQUIRE(r.years == r0.years + 1);
    for (int t = 0; t < r0.years; ++t) CHECK(r.cash_flow.pre_tax[t + 1] == doctest::Approx(r0.cash_flow.pre_tax[t]).epsilon(1e-12));
    CHECK(r.cash_flow.pre_tax[0] == 0.0);
    CHECK(r.subsidy[2030 - 2026] == doctest::Approx(50).epsilon(1e-12));  // the 2029 grant moved to 2030
    // One year later at 8%: the project NPV is the base NPV discounted once more.
    CHECK(r.indicators.fnpv_pre_tax == doctest::Approx(r0.indicators.fnpv_pre_tax / 1.08).epsilon(1e-12));
  }
  SUBCASE("delay_operation 1: investment in 2026–2027 as planned, revenue from 2029") {
    ProjectModel m = base;
    REQUIRE(apply_change(m, change({}, ChangeOp::DelayOperation, 1)).empty());
    const auto r = evaluate(m);
    CHECK(r.construction_investment[0] == doctest::Approx(400).epsilon(1e-12));
    CHECK(r.construction_investment[1] == doctest::Approx(800).epsilon(1e-12));
    CHECK(r.construction_investment[2] == 0.0);
    CHECK(r.revenue[2] == 0.0);
    CHECK(r.revenue[3] == doctest::Approx(510).epsilon(1e-12));
    // The loan keeps accruing interest through the extra construction year.
    CHECK(r.financing.loans[0].interest[2] > 0.0);
  }
}

TEST_CASE("the project's FIRR and FNPV do not move with the financing") {
  ProjectModel m = model();
  const auto r0 = evaluate(m);
  REQUIRE(apply_change(m, change("financing.loans.*.rate", ChangeOp::Add, 0.03)).empty());
  const auto r1 = evaluate(m);
  CHECK(r1.indicators.fnpv_post_tax == doctest::Approx(r0.indicators.fnpv_post_tax).epsilon(1e-14));
  CHECK(*r1.indicators.firr_post_tax.rate == doctest::Approx(*r0.indicators.firr_post_tax.rate).epsilon(1e-14));
  CHECK(r1.fixed_assets_at_opening > r0.fixed_assets_at_opening);  // more capitalised interest
}

TEST_CASE("a change that cannot apply says why") {
  ProjectModel m = model();
  const Message negative = apply_change(m, change("investment[works].amount", ChangeOp::Add, -5000));
  CHECK(negative.en == "`investment[works].amount` would be -4000, but it must be 0 or more");
  CHECK(negative.zh == "`investment[works].amount` 将变为 -4000，但它必须是不小于 0 的数");
  const Message nothing = apply_change(m, change("revenue[nothing].amounts", ChangeOp::Scale, 2));
  CHECK(nothing.en == "`revenue[nothing].amounts` matches nothing in the model");
  CHECK(nothing.zh == "模型中没有与 `revenue[nothing].amounts` 对应的参数");
}

TEST_CASE("a change that breaks a rule of the model gives the rule's remedy with the problem") {
  // A delay runs the period past a without-project list: the rule's hint (give the series as
  // {base, growth}, or the case as a model) comes with the refusal, at the change when the file
  // is read and from scenario_model when a scenario reaches it otherwise.
  auto loaded = io::load_model(std::string(APPRAISE_SOURCE_DIR) + "/tests/errors/models/parking-without-list.yaml");
  REQUIRE(loaded.model);
  const Message remedy = msg(messages::Project::without_list_outrun_hint);
  REQUIRE_FALSE(remedy.zh.empty());
  ProjectModel m = *loaded.model;
  const ChangeProblem why = ModelParameters(m).apply(change("", ChangeOp::DelayStart, 1));
  CHECK(why.problem.en.rfind("the changed model breaks a rule at `without.revenue`", 0) == 0);
  CHECK(why.hint == remedy);
  ScenarioFile file;
  file.models.emplace("model", *loaded.model);
  file.model_order = {"model"};
  file.scenarios.push_back({"推迟一年开工", "", "model", std::nullopt, {change("", ChangeOp::DelayStart, 1)}});
  try {
    (void)scenario_model(file, file.scenarios.front());
    FAIL("the delay was applied");
  } catch (const InputError& e) {
    CHECK(e.message.zh.rfind("情景 `推迟一年开工`：改变后的模型在 `without.revenue` 处不满足规则", 0) == 0);
    CHECK(e.hint == remedy);
  }
}

TEST_CASE("the base case of a single model is called by one name, in either language, and written `model` in options") {
  CHECK(base_case_name().zh == "基准方案");
  CHECK(base_case_name().en == "base case");
  CHECK(base_case_name("model", Lang::Zh) == "基准方案");
  CHECK(base_case_name("model", Lang::En) == "base case");
  CHECK(base_case_name("梁桥方案", Lang::En) == "梁桥方案");  // a key of `models:` is its own name
  // The name compare prints, in either language, written among the options: the hint says `model`.
  for (const char* name : {"基准方案", "base case"}) {
    CAPTURE(name);
    const auto l = load_file(std::string("model: model.yaml\nscenarios:\n  - name: 高\n    changes: [{path: project.benchmark_rate, set: 7%}]\n"
                                         "options: [") + name + ", 高]\n");
    REQUIRE(l.diagnostics.items().size() == 1);
    const Diagnostic& d = l.diagnostics.items().front();
    CHECK(d.field == "options[0]");
    CHECK(d.hint.en.find("write `options: [model, 高]`") != std::string::npos);
    CHECK(d.hint.zh.find(std::string("（“") + name + "”是 `compare` 输出时对它的称呼）") != std::string::npos);
  }
}

TEST_CASE("a scenario file is checked against its model when it is loaded") {
  SUBCASE("a path that matches nothing is an error at its line with the nearest valid path") {
    const auto l = load_file(R"yaml(model: model.yaml
scenarios:
  - name: low
    changes:
      - path: revenue[toll].volume
        scale: 0.7
)yaml");
    REQUIRE_FALSE(l.file);
    const auto& d = l.diagnostics.front();
    CHECK(d.location->line == 5);
    CHECK(d.location->column == 15);
    CHECK(d.message.en.find("`revenue[toll].volume` matches nothing") == 0);
    CHECK(d.hint.en == "did you mean `revenue[tolls].volume`?");
  }
  SUBCASE("a base builds the scenario on another; the values go through the same rate rules") {
    const auto l = load_file(R"yaml(model: model.yaml
scenarios:
  - name: low
    changes: [{path: revenue.tolls.volume, scale: 70%}]
  - name: low-and-dear
    base: low
    changes: [{path: financing.loans.*.rate, add: 1%}]
)yaml");
    REQUIRE(l.file);
    const ProjectModel m = scenario_model(*l.file, l.file->scenarios[1]);
    CHECK(m.revenue[0].volume->scale == doctest::Approx(0.7).epsilon(1e-15));
    CHECK(m.financing->loans[0].rate == doctest::Approx(0.06).epsilon(1e-15));
  }
  SUBCASE("an unknown base, a rate of 1 meaning 1%, and two operations in one change are all reported") {
    const auto l = load_file(R"yaml(model: model.yaml
scenarios:
  - name: a
    base: nope
    changes:
      - {path: financing.loans.*.rate, add: 1}
      - {path: revenue.tolls.volume, scale: 0.7, add: 3}
)yaml");
    REQUIRE_FALSE(l.file);
    CHECK(l.diagnostics.error_count() == 3);
  }
}

TEST_CASE("the incremental-investment IRR settles a pair of options, computed by hand") {
  // Year-end flows at ic = 10%. A: -1000 then +1300 (IRR 30%, NPV -909.09 + 1074.38 = 165.29).
  // B: -5000 then +6000 (IRR 20%, NPV -4545.45 + 4958.68 = 413.22). IRR ranks A first, NPV B:
  // the classic scale conflict. B - A = -4000 then +4700: incremental IRR = 4700/4000 - 1 = 17.5%
  // >= 10%, so the extra investment of B earns its keep and B is recommended, by NPV.
  const auto make = two_year_option;
  const ProjectResult a = make(1000, 1300), b = make(5000, 6000);
  const ProjectModel dummy;
  const auto c = compare_options({{"A", &dummy, &a}, {"B", &dummy, &b}}, 0.10, Timing::EndOfPeriod);
  CHECK(c.options[0].fnpv == doctest::Approx(-1000 / 1.1 + 1300 / 1.21).epsilon(1e-12));
  CHECK(c.options[1].fnpv == doctest::Approx(-5000 / 1.1 + 6000 / 1.21).epsilon(1e-12));
  CHECK(*c.options[0].firr == doctest::Approx(0.30).epsilon(1e-12));
  CHECK(*c.options[1].firr == doctest::Approx(0.20).epsilon(1e-12));
  CHECK(c.by_irr.front() == "A");
  CHECK(c.by_npv.front() == "B");
  CHECK(c.npv_irr_conflict);
  REQUIRE(c.increments.size() == 1);
  CHECK(*c.increments[0].delta_irr.rate == doctest::Approx(0.175).epsilon(1e-12));
  CHECK(c.increments[0].larger_wins);
  REQUIRE(c.recommended);
  CHECK(*c.recommended == "B");
  CHECK(c.reason_en.find("IRR ignores the scale of investment") != std::string::npos);

  SUBCASE("when the extra investment earns less than ic the smaller option wins") {
    // C: -5000 then +5600 (NPV -4545.45 + 4628.10 = 82.64); C - A = -4000 then +4300: 7.5% < 10%.
    const ProjectResult cc = make(5000, 5600);
    const auto d = compare_options({{"A", &dummy, &a}, {"C", &dummy, &cc}}, 0.10, Timing::EndOfPeriod);
    CHECK(*d.increments[0].delta_irr.rate == doctest::Approx(0.075).epsilon(1e-12));
    CHECK_FALSE(d.increments[0].larger_wins);
    CHECK(*d.recommended == "A");
  }
}

TEST_CASE("options with a without-project case are compared on their increments; a mixed pair says so") {
  // W: with the project -5000 then +6000, without it 0 then +800: increments -5000, +5200
  // (NPV -4545.45 + 4297.52 = -247.93 at 10%, IRR 4%). Its with-project NPV (413.22) would rank
  // it first against A (-1000, +1300: NPV 165.29); on the increments A wins.
  auto make = [](double outlay, double inflow, std::optional<double> without) {
    ProjectResult r = two_year_option(outlay, inflow);
    if (without) {
      r.incremental.present = true;
      r.incremental.post_tax = r.cash_flow.post_tax;
      r.incremental.post_tax[1] -= *without;
    }
    return r;
  };
  const ProjectResult a = make(1000, 1300, std::nullopt), w = make(5000, 6000, 800.0), v = make(4000, 5000, 200.0);
  const ProjectModel dummy;
  const auto c = compare_options({{"A", &dummy, &a}, {"W", &dummy, &w}}, 0.10, Timing::EndOfPeriod);
  CHECK(c.options[1].incremental);
  CHECK(c.options[1].fnpv == doctest::Approx(-5000 / 1.1 + 5200 / 1.21).epsilon(1e-12));
  CHECK(*c.options[1].firr == doctest::Approx(0.04).epsilon(1e-12));
  CHECK(c.by_npv.front() == "A");
  CHECK(c.mixed);
  CHECK_FALSE(c.incremental);
  REQUIRE(c.recommended);
  CHECK(*c.recommended == "A");
  CHECK(c.reason_zh.find("W 有无项目情形") != std::string::npos);
  CHECK(c.reason_en.find("W has a without-project case") != std::string::npos);

  // Two options judged on increments over one situation without them: the reason names the
  // incremental yardstick and warns of nothing. V: increments -4000, +4800 (NPV 330.58); W's
  // NPV is negative, so V is the only viable option and recommended.
  const auto d = compare_options({{"V", &dummy, &v}, {"W", &dummy, &w}}, 0.10, Timing::EndOfPeriod);
  CHECK(d.incremental);
  CHECK_FALSE(d.mixed);
  CHECK(d.options[0].fnpv == doctest::Approx(-4000 / 1.1 + 4800 / 1.21).epsilon(1e-12));
  REQUIRE(d.recommended);
  CHECK(*d.recommended == "V");
  CHECK(d.reason_zh.find("增量财务净现值（有无对比）最大") != std::string::npos);
  CHECK(d.reason_zh.find("注意") == std::string::npos);
}

TEST_CASE("options with unequal lives are ranked by equivalent annual value") {
  // A: -1000, then +600 for 2 years; B: -1000, then +400 for 4 years; ic 10%, year-end flows.
  // NPV_A = -909.09 + 600/1.21 + 600/1.331 = 38.32; NPV_B = -909.09 + 400(1.1^-2..1.1^-5) = 243.56.
  // EAV = NPV · 0.1/(1 - 1.1^-n) with n = 3 and 5 years.
  auto make = [](std::vector<double> flows) {
    ProjectResult r;
    r.first_year = 2026;
    r.years = static_cast<int>(flows.size());
    r.construction_investment = YearRow::Zero(r.years);
    r.construction_investment[0] = -flows[0];
    r.cash_flow.post_tax = Eigen::Map<YearRow>(flows.data(), r.years);
    return r;
  };
  const ProjectResult a = make({-1000, 600, 600}), b = make({-1000, 400, 400, 400, 400});
  const ProjectModel dummy;
  const auto c = compare_options({{"A", &dummy, &a}, {"B", &dummy, &b}}, 0.10, Timing::EndOfPeriod);
  CHECK_FALSE(c.equal_lives);
  const double npv_a = -1000 / 1.1 + 600 / 1.21 + 600 / 1.331;
  const double npv_b = -1000 / 1.1 + 400 * (std::pow(1.1, -2) + std::pow(1.1, -3) + std::pow(1.1, -4) + std::pow(1.1, -5));
  CHECK(c.options[0].equivalent_annual == doctest::Approx(npv_a * 0.1 / (1 - std::pow(1.1, -3))).epsilon(1e-12));
  CHECK(c.options[1].equivalent_annual == doctest::Approx(npv_b * 0.1 / (1 - std::pow(1.1, -5))).epsilon(1e-12));
  CHECK(*c.recommended == "B");
}

TEST_CASE("a path is resolved once, when the file is read, and applied by position") {
  const auto l = load_file(R"yaml(model: model.yaml
scenarios:
  - name: dear
    changes:
      - {path: investment.*.amount, scale: 1.2}
      - {path: financing.loans.bank.rate, add: 1%}
)yaml");
  REQUIRE(l.file);
  const auto& changes = l.file->scenarios[0].changes;
  REQUIRE(changes.size() == 2);
  // Resolved to the positions match_parameters finds, in a fresh copy of the model too.
  ProjectModel copy = l.file->models.at("model");
  for (const auto& c : changes) {
    std::vector<std::size_t> positions;
    (void)match_parameters(copy, c.path, &positions);
    CHECK(c.targets == positions);
    CHECK_FALSE(c.targets.empty());
  }
  // Applied by position, the scenario's model is what matching each path gives.
  ProjectModel by_path = l.file->models.at("model");
  for (Change c : changes) {
    c.targets.clear();
    REQUIRE(apply_change(by_path, c).empty());
  }
  const ProjectModel by_position = scenario_model(*l.file, l.file->scenarios[0]);
  CHECK(evaluate(by_position).indicators.fnpv_post_tax == evaluate(by_path).indicators.fnpv_post_tax);
  CHECK(by_position.financing->loans[0].rate == by_path.financing->loans[0].rate);
}

TEST_CASE("comparing a scenario file gives the same figures on any number of threads") {
  auto loaded = io::load_scenarios(std::string(APPRAISE_SOURCE_DIR) + "/scenarios/toll-bridge-cases.yaml");
  REQUIRE(loaded.file);
  const auto one = compare_scenarios(*loaded.file, {.threads = 1});
  for (int threads : {2, 3, 8}) {
    CAPTURE(threads);
    std::vector<std::size_t> visited(one.cases.size(), 0);
    ComparisonSettings settings{.threads = threads};
    std::mutex m;
    settings.visit = [&](std::size_t k, const ProjectModel&, const ProjectResult&) {
      const std::lock_guard<std::mutex> lock(m);
      ++visited[k];
    };
    const auto many = compare_scenarios(*loaded.file, settings);
    REQUIRE(many.cases.size() == one.cases.size());
    for (std::size_t k = 0; k < one.cases.size(); ++k) {
      CAPTURE(k);
      CHECK(many.cases[k].name == one.cases[k].name);
      CHECK(many.cases[k].fnpv_post_tax == one.cases[k].fnpv_post_tax);  // to the last bit
      CHECK(many.cases[k].firr_post_tax == one.cases[k].firr_post_tax);
      CHECK(many.cases[k].dscr_min == one.cases[k].dscr_min);
      CHECK(many.cases[k].checks_failed == one.cases[k].checks_failed);
      CHECK(visited[k] == 1);  // every case visited once
    }
  }
  // The base case first, each scenario's figures its own evaluation's.
  CHECK(one.cases.front().scenario == nullptr);
  const ProjectResult low = evaluate(scenario_model(*loaded.file, loaded.file->scenarios.front()));
  CHECK(one.cases[1].fnpv_post_tax == low.indicators.fnpv_post_tax);
}

TEST_CASE("a case that cannot be evaluated is reported for the first such case, whatever the threads") {
  auto loaded = io::load_scenarios(std::string(APPRAISE_SOURCE_DIR) + "/scenarios/toll-bridge-cases.yaml");
  REQUIRE(loaded.file);
  ScenarioFile& file = *loaded.file;
  // Two scenarios whose changes cannot be applied together (checked case by case at load time,
  // they fail only when applied): the first of them in file order is the one reported.
  Scenario bad_a;
  bad_a.name = "bad-a";
  bad_a.model = file.model_order.front();
  bad_a.changes.push_back({"investment.*.amount", ChangeOp::Add, -1e12, {}, {}});
  Scenario bad_b = bad_a;
  bad_b.name = "bad-b";
  file.scenarios.insert(file.scenarios.begin() + 2, bad_a);
  file.scenarios.push_back(bad_b);
  for (int threads : {1, 2, 4}) {
    CAPTURE(threads);
    try {
      (void)compare_scenarios(file, {.threads = threads});
      FAIL("expected the bad scenario to be reported");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()).find("scenario `bad-a`") == 0);
    }
  }
}

TEST_CASE("a parameter's path is said in a planner's words where a value of it is shown") {
  const ProjectModel m = model_fixtures::example("toll-bridge");
  CHECK(parameter_words(m, "revenue[通行费收入].price").zh == "通行费收入的单价");
  CHECK(parameter_words(m, "revenue[通行费收入].price").en == "通行费收入 price");
  CHECK(parameter_words(m, "revenue[通行费收入].volume").zh == "通行费收入的通行量");  // its volume_name
  CHECK(parameter_words(m, "revenue[广告及服务设施租赁收入].amounts").zh == "广告及服务设施租赁收入金额");
  CHECK(parameter_words(m, "operating_costs[收费运营费].per_unit").zh == "收费运营费的单位成本");
  CHECK(parameter_words(m, "operating_costs[管理费用].share_of_revenue").zh == "管理费用占营业收入的比例");
  CHECK(parameter_words(m, "financing.loans[国家开发银行贷款].rate").zh == "国家开发银行贷款利率");
  CHECK(parameter_words(m, "investment[建筑安装工程费].amount").zh == "建筑安装工程费投资额");
  // No words for it: the path as written, in both languages.
  CHECK(parameter_words(m, "taxes.income_tax_rate").zh == "taxes.income_tax_rate");
}

}  // TEST_SUITE

TEST_CASE("compare states the rates of ENPV and of the fiscal PV, and the options' fiscal PV is theirs at that rate") {
  // The public bridge, free or tolled: each option's fiscal PV is its net fiscal outlays by year
  // discounted, end of year, at the fiscal rate the comparison states (the model's: 2.3%); ENPV's
  // rate is the social discount rate (8%).
  auto loaded = io::load_scenarios(std::string(APPRAISE_SOURCE_DIR) + "/scenarios/river-bridge-options.yaml");
  REQUIRE(loaded.file);
  const auto sc = compare_scenarios(*loaded.file, {.threads = 1});
  REQUIRE(sc.options);
  const auto& oc = *sc.options;
  REQUIRE(oc.fiscal_discount_rate);
  CHECK(*oc.fiscal_discount_rate == 0.023);
  REQUIRE(oc.social_discount_rate);
  CHECK(*oc.social_discount_rate == 0.08);
  for (std::size_t k = 0; k < sc.cases.size(); ++k) {
    const auto& c = sc.cases[k];
    CAPTURE(c.name);
    REQUIRE(c.fiscal_discount_rate);
    CHECK(*c.fiscal_discount_rate == 0.023);
    REQUIRE(c.social_discount_rate);
    CHECK(*c.social_discount_rate == 0.08);
    const ProjectModel m = c.scenario ? scenario_model(*loaded.file, *c.scenario) : loaded.file->models.at(c.model_key);
    const ProjectResult r = evaluate(m);
    REQUIRE(r.fiscal.computed);
    CHECK(m.timing == Timing::EndOfPeriod);
    double pv = 0;
    for (Eigen::Index t = 0; t < r.fiscal.net.size(); ++t) pv += r.fiscal.net[t] / std::pow(1.023, static_cast<double>(t + 1));
    REQUIRE(c.fiscal_cost_pv);
    CHECK(*c.fiscal_cost_pv == doctest::Approx(pv).epsilon(1e-12));
    REQUIRE(oc.options[k].fiscal_cost);
    CHECK(*oc.options[k].fiscal_cost == doctest::Approx(pv).epsilon(1e-12));
  }
}
