// bench/bench_evaluate.cpp: one full evaluate() of each example project model — every estimate
// table, statement, indicator and check, as `appraise run` computes them.
//
//   build/bench/bench_evaluate               Google Benchmark: one evaluate() per iteration
//
// The model with the most rows (the sewage plant: 2 construction + 25 operating years, a bank
// loan and a special bond) is the "largest example" of issue 10.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "appraise/io/model_loader.hpp"
#include "appraise/project/evaluation.hpp"

namespace {

appraise::ProjectModel load(const std::string& name) {
  auto loaded = appraise::io::load_model(std::string(APPRAISE_SOURCE_DIR) + "/models/" + name);
  if (!loaded.model) {
    std::fprintf(stderr, "cannot load models/%s\n", name.c_str());
    std::exit(1);
  }
  return *loaded.model;
}

void BM_Evaluate(benchmark::State& state, const char* name) {
  const appraise::ProjectModel m = load(name);
  for (auto _ : state) benchmark::DoNotOptimize(appraise::evaluate(m));
}

BENCHMARK_CAPTURE(BM_Evaluate, toll_bridge, "toll-bridge.yaml")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Evaluate, sewage_plant, "sewage-plant.yaml")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Evaluate, industrial_park, "industrial-park.yaml")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Evaluate, parking_revitalisation, "parking-revitalisation.yaml")->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
