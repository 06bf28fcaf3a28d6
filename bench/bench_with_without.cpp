// bench/bench_with_without.cpp: what one Monte Carlo draw of a with/without model costs, now
// that the without-project model (`without: model FILE`) is evaluated once per compiled plan.
//
//   build/bench/bench_with_without
//
// BM_Draw: a draw as risk/simulation.cpp makes it — the compiled plan of
// models/parking-garage-revitalisation.yaml evaluated for the indicators into reused buffers,
// its increments taken against the plan's one evaluation of parking-garage-as-is.yaml.
// BM_DrawReevaluatingWithout: the same draw plus a full evaluate() of the without model, which
// is what every draw paid before the plan kept it (with_without.cpp evaluated it inside the
// step). The difference is what the cache saves per draw.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "appraise/io/model_loader.hpp"
#include "appraise/project/plan.hpp"

namespace {

appraise::ProjectModel load(const std::string& name) {
  auto loaded = appraise::io::load_model(std::string(APPRAISE_SOURCE_DIR) + "/models/" + name);
  if (!loaded.model) {
    std::fprintf(stderr, "cannot load models/%s\n", name.c_str());
    std::exit(1);
  }
  return *loaded.model;
}

void BM_Draw(benchmark::State& state) {
  const appraise::ProjectModel m = load("parking-garage-revitalisation.yaml");
  const appraise::EvaluationPlan plan(m);
  appraise::EvaluationBuffers buffers;
  for (auto _ : state) {
    appraise::evaluate_into(plan, buffers, appraise::Outputs::indicators(true));
    benchmark::DoNotOptimize(buffers.result.incremental.fnpv_post_tax);
  }
}

void BM_DrawReevaluatingWithout(benchmark::State& state) {
  const appraise::ProjectModel m = load("parking-garage-revitalisation.yaml");
  const appraise::EvaluationPlan plan(m);
  appraise::EvaluationBuffers buffers;
  for (auto _ : state) {
    appraise::evaluate_into(plan, buffers, appraise::Outputs::indicators(true));
    benchmark::DoNotOptimize(appraise::evaluate(*m.without->model));
    benchmark::DoNotOptimize(buffers.result.incremental.fnpv_post_tax);
  }
}

BENCHMARK(BM_Draw)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DrawReevaluatingWithout)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
