// The `sensitivity:` and `simulation:` sections of a scenario file: what they read into, and the
// located errors bad settings get (docs/risk.md).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "appraise/io/scenario_loader.hpp"

using namespace appraise;

namespace {

const char* kModel = R"yaml(
project: {name: base, first_year: 2026, construction_years: 2, operation_years: 10, benchmark_rate: 8%}
taxes: {income_tax_rate: 25%}
investment:
  - {name: works, amount: 1000, phasing: [40%, 60%]}
  - {name: equipment, amount: 200, phasing: [0%, 100%], life: 5}
depreciation: {life: 10, salvage: 0%}
revenue:
  - {name: tolls, volume: 100, price: {base: 5, growth: 2%}}
operating_costs:
  - {name: upkeep, amounts: 100}
financing:
  loans:
    - {name: bank, amount: 600, rate: 5%, term_years: 5}
)yaml";

io::LoadedScenarios load_file(const std::string& text) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("appraise-risk-loader-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "model.yaml") << kModel;
  std::ofstream(dir / "risk.yaml") << text;
  return io::load_scenarios((dir / "risk.yaml").string());
}

// The first error, for checks on its message and place.
const Diagnostic& first_error(const io::LoadedScenarios& l) {
  for (const auto& d : l.diagnostics)
    if (d.severity == Severity::Error) return d;
  FAIL("no error");
  return l.diagnostics.front();
}

bool has_error(const io::LoadedScenarios& l, const std::string& text, int line) {
  for (const auto& d : l.diagnostics)
    if (d.severity == Severity::Error && d.message.en.find(text) != std::string::npos && d.location && d.location->line == line)
      return true;
  return false;
}

}  // namespace

TEST_SUITE("risk loader") {

TEST_CASE("both sections read into typed settings") {
  const auto l = load_file(R"yaml(model: model.yaml
sensitivity:
  changes: [-15%, 15%]
  factors:
    - {name: 投资, path: investment.*.amount}
    - {name: 价格, path: revenue.tolls.price, changes: [-10%, 10%]}
    - {name: 工期, delay: operation, years: [1, 3]}
    - {name: 利率, path: financing.loans.bank.rate, add: [-0.5%, 1%]}
    - {name: 成本, paths: [operating_costs.upkeep.amounts], add: [-20, 20]}
  break_even_year: 2030
simulation:
  draws: 5000
  seed: 7
  threads: 1
  financing: no
  bins: 10
  dscr_target: 1.3
  inputs:
    - {name: 交通量, path: revenue.tolls.volume, distribution: pert, min: 70%, mode: 100%, max: 1.1}
    - {name: 价格, path: revenue.tolls.price, apply: set, distribution: discrete, values: [4, 5, 6], probabilities: [25%, 50%, 25%]}
    - {name: 利率, path: financing.loans.bank.rate, apply: add, distribution: uniform, min: -0.5%, max: 1%}
    - {name: 成本, path: operating_costs.upkeep.amounts, distribution: lognormal, mean: 105%, sd: 10%}
    - {name: 投资, path: investment.*.amount, distribution: normal, mean: 1, sd: 5%}
  correlation:
    inputs: [价格, 交通量]
    matrix: [[1, -0.3], [-0.3, 1]]
)yaml");
  REQUIRE_MESSAGE(l.file, render_all(l.diagnostics, "risk.yaml", appraise::Lang::En));
  const auto& s = *l.file->sensitivity;
  CHECK(s.default_changes == std::vector<double>{-0.15, 0.15});
  REQUIRE(s.factors.size() == 5);
  CHECK(s.factors[0].op == FactorOp::Scale);
  CHECK(s.factors[0].changes == std::vector<double>{-0.15, 0.15});
  CHECK(s.factors[1].changes == std::vector<double>{-0.10, 0.10});
  CHECK(s.factors[2].op == FactorOp::DelayOperation);
  CHECK(s.factors[2].changes == std::vector<double>{1, 3});
  CHECK(s.factors[3].op == FactorOp::Add);
  CHECK(s.factors[3].changes == std::vector<double>{-0.005, 0.01});
  CHECK(s.factors[4].changes == std::vector<double>{-20, 20});
  CHECK(*s.break_even_year == 2030);
  const auto& m = *l.file->simulation;
  CHECK(m.draws == 5000);
  CHECK(m.seed == 7);
  CHECK(m.threads == 1);
  // `financing:` is left from when a draw could skip the financing: a warning says to remove it.
  bool warned = false;
  for (const auto& d : l.diagnostics) warned = warned || render(d, appraise::Lang::En).find("no longer needed") != std::string::npos;
  CHECK(warned);
  CHECK(m.histogram_bins == 10);
  CHECK(*m.dscr_target == 1.3);
  REQUIRE(m.inputs.size() == 5);
  const auto& pert = std::get<PertDist>(m.inputs[0].distribution);
  CHECK(pert.min == doctest::Approx(0.7).epsilon(1e-15));
  CHECK(pert.max == doctest::Approx(1.1).epsilon(1e-15));
  CHECK(m.inputs[1].op == DrawOp::Set);
  CHECK(std::get<DiscreteDist>(m.inputs[1].distribution).values == std::vector<double>{4, 5, 6});
  CHECK(std::get<UniformDist>(m.inputs[2].distribution).min == doctest::Approx(-0.005).epsilon(1e-15));
  // Lognormal given by its mean m and sd s: sigma² = ln(1 + s²/m²), mu = ln m − sigma²/2, so the
  // distribution's own mean and sd come back.
  CHECK(distribution_mean(m.inputs[3].distribution) == doctest::Approx(1.05).epsilon(1e-14));
  CHECK(distribution_sd(m.inputs[3].distribution) == doctest::Approx(0.10).epsilon(1e-14));
  // The matrix names a subset, in its own order: placed into the full 5×5, identity elsewhere.
  REQUIRE(m.correlation.rows() == 5);
  CHECK(m.correlation(0, 1) == -0.3);
  CHECK(m.correlation(1, 0) == -0.3);
  CHECK(m.correlation(0, 2) == 0.0);
  CHECK(m.correlation(4, 4) == 1.0);
}

TEST_CASE("a zero standard deviation is an error at its sd, with the reason") {
  const auto l = load_file(R"yaml(model: model.yaml
simulation:
  inputs:
    - name: 交通量
      path: revenue.tolls.volume
      distribution: normal
      mean: 1
      sd: 0
)yaml");
  REQUIRE_FALSE(l.file);
  CHECK(has_error(l, "the standard deviation must be above 0", 8));  // line 8: `sd: 0`
  CHECK(first_error(l).field == "simulation.inputs[0].sd");
}

TEST_CASE("a lognormal whose sd is too wide against its mean is refused at the sd, in the words of the file") {
  // (sd / mean)^2 overflows: the conversion to mu and sigma cannot be made. The error is about the
  // mean and sd written, not about a mu and sigma the file does not have.
  const auto l = load_file(R"yaml(model: model.yaml
simulation:
  inputs:
    - name: 投资
      path: investment.*.amount
      apply: set
      distribution: lognormal
      mean: 1e-200
      sd: 1e15
)yaml");
  REQUIRE_FALSE(l.file);
  REQUIRE(l.diagnostics.error_count() == 1);
  const Diagnostic& d = first_error(l);
  CHECK(d.message.en == "a standard deviation of 1e15 against a mean of 1e-200 is too wide for a lognormal: the spread of its logarithm overflows");
  CHECK(d.message.zh == "标准差 1e15 相对于均值 1e-200 过大，无法作为对数正态分布抽样：其对数的标准差溢出");
  CHECK(d.field == "simulation.inputs[0].sd");
  REQUIRE(d.location);
  CHECK(d.location->line == 9);
}

TEST_CASE("min above mode, a path that matches nothing, and draws of 0 are all reported at once") {
  const auto l = load_file(R"yaml(model: model.yaml
simulation:
  draws: 0
  inputs:
    - {name: a, path: investment.*.amount, distribution: triangular, min: 1.2, mode: 1, max: 1.3}
    - {name: b, path: revenue.tolls.volum, distribution: normal, mean: 1, sd: 0.1}
)yaml");
  REQUIRE_FALSE(l.file);
  CHECK(has_error(l, "is below the smallest allowed value", 3));
  CHECK(has_error(l, "min 1.2 is above mode 1", 5));
  CHECK(has_error(l, "`revenue.tolls.volum` matches nothing", 6));
  bool hint = false;
  for (const auto& d : l.diagnostics) hint = hint || d.hint.en.find("revenue[tolls].volume") != std::string::npos;
  CHECK(hint);
}

TEST_CASE("a correlation matrix that is not positive semi-definite is refused at the matrix") {
  const auto l = load_file(R"yaml(model: model.yaml
simulation:
  inputs:
    - {name: a, path: revenue.tolls.volume, distribution: normal, mean: 1, sd: 0.1}
    - {name: b, path: revenue.tolls.price, distribution: normal, mean: 1, sd: 0.1}
    - {name: c, path: investment.*.amount, distribution: normal, mean: 1, sd: 0.1}
  correlation:
    inputs: [a, b, c]
    matrix:
      - [1, 0.9, -0.9]
      - [0.9, 1, 0.9]
      - [-0.9, 0.9, 1]
)yaml");
  REQUIRE_FALSE(l.file);
  CHECK(has_error(l, "not positive semi-definite", 10));
}

TEST_CASE("an asymmetric matrix and an unknown input name are refused with a hint") {
  const auto l1 = load_file(R"yaml(model: model.yaml
simulation:
  inputs:
    - {name: traffic, path: revenue.tolls.volume, distribution: normal, mean: 1, sd: 0.1}
    - {name: price, path: revenue.tolls.price, distribution: normal, mean: 1, sd: 0.1}
  correlation:
    inputs: [traffic, price]
    matrix: [[1, 0.3], [0.2, 1]]
)yaml");
  REQUIRE_FALSE(l1.file);
  CHECK(first_error(l1).message.en.find("symmetric") != std::string::npos);
  const auto l2 = load_file(R"yaml(model: model.yaml
simulation:
  inputs:
    - {name: traffic, path: revenue.tolls.volume, distribution: normal, mean: 1, sd: 0.1}
    - {name: price, path: revenue.tolls.price, distribution: normal, mean: 1, sd: 0.1}
  correlation:
    inputs: [trafic, price]
    matrix: [[1, 0.3], [0.3, 1]]
)yaml");
  REQUIRE_FALSE(l2.file);
  CHECK(has_error(l2, "no input is named `trafic`", 7));
  CHECK(first_error(l2).hint.en == "did you mean `traffic`?");
}

TEST_CASE("a spread that makes a factor negative too often, and `add: 1` to a rate, are refused") {
  const auto l = load_file(R"yaml(model: model.yaml
sensitivity:
  factors:
    - {name: rate, path: financing.loans.bank.rate, add: [1]}
simulation:
  inputs:
    - {name: cost, path: operating_costs.upkeep.amounts, distribution: normal, mean: 1, sd: 60%}
)yaml");
  REQUIRE_FALSE(l.file);
  CHECK(has_error(l, "adding 1 to a rate would raise it by 100 percentage points", 4));
  CHECK(has_error(l, "falls outside the allowed range (at least 0) with probability 4.78%", 7));
}

TEST_CASE("a bare -2 added to a rate is refused as 2 points down, with the same words as a bare 2") {
  // Before, the rate's own reading refused -2 as "a rate of -2 is not above -100%": a change is not
  // a rate, and the way out (`-2%`) went unsaid. Both signs, in a sensitivity and a simulation.
  const auto l = load_file(R"yaml(model: model.yaml
sensitivity:
  factors:
    - {name: rate, path: financing.loans.bank.rate, add: [-2, 2]}
simulation:
  inputs:
    - {name: rate, path: financing.loans.bank.rate, apply: add, distribution: uniform, min: -1, max: 1}
)yaml");
  REQUIRE_FALSE(l.file);
  CHECK(l.diagnostics.error_count() == 4);
  CHECK(has_error(l, "adding -2 to a rate would lower it by 200 percentage points", 4));
  CHECK(has_error(l, "adding 2 to a rate would raise it by 200 percentage points", 4));
  CHECK(has_error(l, "adding -1 to a rate would lower it by 100 percentage points", 7));
  CHECK(has_error(l, "adding 1 to a rate would raise it by 100 percentage points", 7));
  for (const auto& d : l.diagnostics) {
    CHECK(d.message.en.find("not above") == std::string::npos);
    CHECK(d.hint.en.find("percentage point(s)") != std::string::npos);
  }
}

TEST_CASE("a bare number added to a rate gets one message, in a scenario and in a sensitivity factor alike") {
  // One rule (io::read_rate_change), one message from the catalogue. Before, a scenario's `add: 2`
  // was "a rate of 2 would mean 200%" (with `add: 1` "adding 1 to a rate would add 100 percentage
  // points") and a sensitivity's "2 added to a rate would add 200 percentage points".
  const auto l = load_file(R"yaml(model: model.yaml
scenarios:
  - name: up
    changes:
      - {path: financing.loans.bank.rate, add: 2}
  - name: down
    changes:
      - {path: financing.loans.bank.rate, add: -2}
sensitivity:
  factors:
    - {name: rate, path: financing.loans.bank.rate, add: [2, -2]}
)yaml");
  REQUIRE_FALSE(l.file);
  INFO(l.diagnostics.items().size());
  REQUIRE(l.diagnostics.error_count() == 4);
  const auto& items = l.diagnostics.items();
  // In file order: the scenarios' 2 and -2, then the factor's 2 and -2.
  const Diagnostic* by_value[2][2] = {{&items[0], &items[2]}, {&items[1], &items[3]}};
  const char* en[2] = {"adding 2 to a rate would raise it by 200 percentage points",
                       "adding -2 to a rate would lower it by 200 percentage points"};
  const char* zh[2] = {"给利率加上 2，将使利率提高 200 个百分点", "给利率加上 -2，将使利率降低 200 个百分点"};
  for (int v = 0; v < 2; ++v) {
    for (const Diagnostic* d : by_value[v]) {
      CHECK(d->message.en == en[v]);
      CHECK(d->message.zh == zh[v]);
      CHECK(d->expected.en == "a change in rate such as `1%` or `0.01`");
      CHECK(d->hint.zh == (v == 0 ? "若指 2 个百分点，请写作 `2%`" : "若指 -2 个百分点，请写作 `-2%`"));
    }
    CHECK(by_value[v][0]->hint == by_value[v][1]->hint);
  }
}

TEST_CASE("a scale factor, a ratio or a change is refused in its own words, never as a rate") {
  // core's parse_rate spoke of a rate whatever it read: a simulated scale `min: -10` was "a rate
  // of -10 is not above -100%" with the example `6%`, a scenario's `scale: abc` "`abc` is not a
  // rate" with "a factor such as 0.7 or 120% such as `6%` or `0.06`".
  const auto l = load_file(R"yaml(model: model.yaml
scenarios:
  - name: a
    changes:
      - {path: investment.works.amount, scale: abc}
  - name: b
    changes:
      - {path: investment.works.amount, scale: -2}
sensitivity:
  changes: [-1.5, xyz]
simulation:
  inputs:
    - {name: cost, path: operating_costs.upkeep.amounts, distribution: uniform, min: -10, max: 1.2}
    - {name: works, path: investment.works.amount, distribution: uniform, min: abc, max: 1.2}
)yaml");
  REQUIRE_FALSE(l.file);
  std::string all;
  for (const auto& d : l.diagnostics) {
    all += d.message.en + " | " + d.expected.en + "\n";
    CHECK(d.message.en.find("rate") == std::string::npos);
    CHECK(d.message.zh.find("比率") == std::string::npos);
    CHECK(d.expected.en.find("`6%`") == std::string::npos);
  }
  INFO(all);
  CHECK(has_error(l, "`abc` is not a number", 5));
  CHECK(has_error(l, "-2 is below the smallest allowed value, 0%", 8));
  CHECK(has_error(l, "`xyz` is not a number", 10));
  CHECK(has_error(l, "`abc` is not a number", 14));
  for (const auto& d : l.diagnostics) {
    if (!d.location) continue;
    if (d.location->line == 5) CHECK(d.expected.en == "a factor such as 0.7 or 120%");
    if (d.location->line == 8) CHECK(d.expected.en == "a factor from 0% to 10000%");
    if (d.location->line == 10) CHECK(d.expected.zh == "变化幅度，如 `-10%` 或 `20%`");
    if (d.location->line == 14) CHECK(d.expected.zh == "系数或百分比，如 `0.9` 或 `110%`");
  }
}

TEST_CASE("a percentage without its sign is refused past the documented limits, in one message, and a multiple up to them is read as written") {
  // docs/scenario-format.md and docs/risk.md: a bare factor up to 10 is a multiple (scale 2
  // doubles), a bare spread up to 1 and a bare change up to 1 either way are read as written.
  const auto ok = load_file(R"yaml(model: model.yaml
scenarios:
  - name: a
    changes:
      - {path: investment.works.amount, scale: 10}
sensitivity:
  changes: [-1, 1]
simulation:
  inputs:
    - {name: cost, path: operating_costs.upkeep.amounts, distribution: lognormal, mean: 2, sd: 1}
    - {name: works, path: investment.works.amount, distribution: triangular, min: 0.9, mode: 1, max: 10}
)yaml");
  INFO((ok.diagnostics.items().empty() ? std::string() : ok.diagnostics.items().front().message.en));
  REQUIRE(ok.file);
  CHECK(ok.file->scenarios[0].changes[0].value == doctest::Approx(10.0).epsilon(1e-12));
  CHECK(ok.file->sensitivity->default_changes == std::vector<double>{-1.0, 1.0});
  // Just past each limit (the same sections, in another order).
  const auto l = load_file(R"yaml(model: model.yaml
sensitivity: {changes: [-1.5, 10]}
simulation: {inputs: [{name: cost, path: operating_costs.upkeep.amounts, distribution: lognormal, mean: 105, sd: 1.5}]}
scenarios: [{name: a, changes: [{path: investment.works.amount, scale: 10.5}]}]
)yaml");
  REQUIRE_FALSE(l.file);
  CHECK(has_error(l, "10.5 without % would mean 1050%", 4));
  CHECK(has_error(l, "-1.5 without % would mean -150%", 2));
  CHECK(has_error(l, "10 without % would mean 1000%", 2));
  CHECK(has_error(l, "105 without % would mean 10500%", 3));
  CHECK(has_error(l, "1.5 without % would mean 150%", 3));
  CHECK(l.diagnostics.error_count() == 5);
  for (const auto& d : l.diagnostics) {
    CHECK(d.message.zh.rfind("写作 ", 0) == 0);
    // -150% is no change a sensitivity may take: only the 1.5% meaning is offered.
    if (d.message.en.rfind("-1.5", 0) == 0) CHECK(d.hint.zh == "若指 -1.5%，请写 `-1.5%`");
    if (d.message.en.rfind("10.5", 0) == 0) CHECK(d.hint.zh == "若指 10.5%，请写 `10.5%`（如确为 1050%，请照此写明）");
  }
}

TEST_CASE("unknown keys in the sections get a did-you-mean, and a break-even year must be an operating year") {
  const auto l = load_file(R"yaml(model: model.yaml
sensitivity:
  factors:
    - {name: x, path: investment.*.amount, chnages: [-10%]}
  break_even_year: 2027
simulation:
  draw: 100
  inputs:
    - {name: a, path: revenue.tolls.volume, distribution: uniform, min: 0.9, max: 1.1, mode: 1}
)yaml");
  REQUIRE_FALSE(l.file);
  bool changes = false, draws = false, mode = false;
  for (const auto& d : l.diagnostics) {
    changes = changes || d.hint.en.find("`changes`") != std::string::npos;
    draws = draws || d.hint.en.find("`draws`") != std::string::npos;
    mode = mode || d.message.en.find("`mode`") != std::string::npos;
  }
  CHECK(changes);
  CHECK(draws);
  CHECK(mode);
  CHECK(has_error(l, "2027 is not an operating year", 5));
}

}  // TEST_SUITE
