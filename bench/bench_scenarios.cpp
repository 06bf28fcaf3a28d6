// Issue 6's speed target: 1,000 scenarios of one model (a generated file) loaded, checked against
// the model and evaluated in under 1 s of process time. The same file can be timed through the
// CLI: the program writes it and prints its path (`bench_scenarios --write-only`).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include "appraise/io/scenario_loader.hpp"
#include "appraise/project/evaluation.hpp"

namespace {

// 1,000 scenarios of the toll bridge, each with two or three changes of different kinds.
std::string write_file() {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "appraise-bench";
  fs::create_directories(dir);
  const fs::path path = dir / "thousand-scenarios.yaml";
  std::ofstream out(path);
  out << "model: " << (fs::path(APPRAISE_SOURCE_DIR) / "models" / "toll-bridge.yaml").string() << "\nscenarios:\n";
  std::mt19937_64 gen(20261127);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int i = 0; i < 1000; ++i) {
    out << fmt::format("  - name: case-{}\n    changes:\n", i);
    out << fmt::format("      - {{path: revenue.通行费收入.volume, scale: {:.4f}}}\n", 0.6 + 0.6 * u(gen));
    out << fmt::format("      - {{path: investment.*.amount, scale: {:.4f}}}\n", 0.9 + 0.4 * u(gen));
    if (i % 3 == 0) out << fmt::format("      - {{path: financing.loans.*.rate, add: {:.3f}%}}\n", 2.0 * u(gen) - 1.0);
    if (i % 7 == 0) out << "      - {delay_operation: 1}\n";
    if (i % 11 == 0) out << fmt::format("      - {{path: operating_costs.养护费.amounts, add: {:.1f}}}\n", 500 * u(gen));
  }
  return path.string();
}

void BM_ThousandScenarios(benchmark::State& state) {
  const std::string path = write_file();
  for (auto _ : state) {
    auto loaded = appraise::io::load_scenarios(path);
    if (!loaded.file) {
      state.SkipWithError("the generated scenario file did not load");
      return;
    }
    double sum = 0;
    for (const auto& s : loaded.file->scenarios) {
      const auto r = appraise::evaluate(appraise::scenario_model(*loaded.file, s));
      sum += r.indicators.fnpv_post_tax;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetLabel("load + check + evaluate 1,000 scenarios");
}
BENCHMARK(BM_ThousandScenarios)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

void BM_OneEvaluation(benchmark::State& state) {
  const std::string path = write_file();
  auto loaded = appraise::io::load_scenarios(path);
  const auto model = appraise::scenario_model(*loaded.file, loaded.file->scenarios.front());
  for (auto _ : state) benchmark::DoNotOptimize(appraise::evaluate(model).indicators.fnpv_post_tax);
}
BENCHMARK(BM_OneEvaluation)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--write-only") {
    std::cout << write_file() << "\n";
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
