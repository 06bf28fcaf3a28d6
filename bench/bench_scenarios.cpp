// Scenario files at scale: N scenarios of the toll bridge (a generated file), each with two to
// five changes of different kinds, loaded, checked against the model and compared as
// `appraise compare` does. Issue 10 asks for 10,000 scenarios compared in under 2 s on 2
// threads, with memory that does not grow with the count beyond what is printed.
//
//   bench_scenarios                                         every benchmark
//   bench_scenarios --benchmark_filter=compare/10000/2      the figure issue 10 asks for
//   bench_scenarios --write-only N                          write the N-scenario file, print its path
//                                                           (for timing the CLI and its memory:
//                                                            /usr/bin/time -v appraise compare FILE)
//
// What is timed:
//   load/N             reading the file and checking every change against the model
//   compare/N/T        load + every case evaluated on T threads + the comparison table rendered
//   one_evaluation     evaluate() of the toll bridge, for scale
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include "appraise/io/scenario_loader.hpp"
#include "appraise/project/evaluation.hpp"
#include "appraise/scenario/comparison.hpp"

namespace {

struct Uniform {
  std::mt19937_64 g;
  double operator()() { return static_cast<double>(g() >> 11) * 0x1.0p-53; }
};

// N scenarios of the toll bridge (about 230 bytes each: 2.3 MB for 10,000).
std::string write_file(int n) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "appraise-bench";
  fs::create_directories(dir);
  const fs::path path = dir / fmt::format("scenarios-{}.yaml", n);
  if (fs::exists(path)) return path.string();
  std::ofstream out(path);
  out << "model: " << (fs::path(APPRAISE_SOURCE_DIR) / "models" / "toll-bridge.yaml").string() << "\nscenarios:\n";
  Uniform u{std::mt19937_64(20261127)};
  for (int i = 0; i < n; ++i) {
    out << fmt::format("  - name: case-{}\n    changes:\n", i);
    out << fmt::format("      - {{path: revenue.通行费收入.volume, scale: {:.4f}}}\n", 0.6 + 0.6 * u());
    out << fmt::format("      - {{path: investment.*.amount, scale: {:.4f}}}\n", 0.9 + 0.4 * u());
    if (i % 3 == 0) out << fmt::format("      - {{path: financing.loans.*.rate, add: {:.3f}%}}\n", 2.0 * u() - 1.0);
    if (i % 7 == 0) out << "      - {delay_operation: 1}\n";
    if (i % 11 == 0) out << fmt::format("      - {{path: operating_costs.养护费.amounts, add: {:.1f}}}\n", 500 * u());
  }
  return path.string();
}

appraise::ScenarioFile load_or_skip(benchmark::State& state, const std::string& path) {
  auto loaded = appraise::io::load_scenarios(path);
  if (!loaded.file) state.SkipWithError("the generated scenario file did not load");
  return loaded.file ? std::move(*loaded.file) : appraise::ScenarioFile{};
}

void load(benchmark::State& state) {
  const std::string path = write_file(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto file = load_or_skip(state, path);
    benchmark::DoNotOptimize(file.scenarios.data());
  }
}
BENCHMARK(load)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

void compare(benchmark::State& state) {
  const std::string path = write_file(static_cast<int>(state.range(0)));
  const int threads = static_cast<int>(state.range(1));
  std::size_t rows = 0;
  for (auto _ : state) {
    const auto file = load_or_skip(state, path);
    const auto cases = appraise::compare_scenarios(file, {.threads = threads});
    rows = cases.cases.size();
    benchmark::DoNotOptimize(cases.cases.data());
  }
  state.counters["cases"] = static_cast<double>(rows);
}
BENCHMARK(compare)->Args({1000, 2})->Args({10000, 1})->Args({10000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

void one_evaluation(benchmark::State& state) {
  const std::string path = write_file(1000);
  auto file = load_or_skip(state, path);
  const auto model = appraise::scenario_model(file, file.scenarios.front());
  for (auto _ : state) benchmark::DoNotOptimize(appraise::evaluate(model).indicators.fnpv_post_tax);
}
BENCHMARK(one_evaluation)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--write-only") {
    std::cout << write_file(argc > 2 ? std::atoi(argv[2]) : 1000) << "\n";
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
