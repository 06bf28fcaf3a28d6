// bench/bench_risk.cpp: Monte Carlo throughput — every indicator by the compiled evaluation,
// against the bare arithmetic of an NPV loop over the same series. A plain timed program; each
// figure is one run (the lead re-runs it on an idle machine, so state the load with a figure).
//
//   build/bench/bench_risk                  all four figures below, 1,000,000 draws each
//   build/bench/bench_risk bridge           1. only
//   build/bench/bench_risk plain            2. only
//   build/bench/bench_risk risk             3. only
//   build/bench/bench_risk sewage           4. only
//   build/bench/bench_risk --draws N --threads T bridge|risk|sewage   another size (e.g. for callgrind)
//
// 1. bridge: the toll bridge (models/toll-bridge.yaml) run for 27 operating years, so that its
//    calculation period is 30 years. Three uncertain inputs: traffic volume ~ normal(1, 0.1),
//    construction investment ~ triangular(0.95, 1, 1.3), upkeep ~ lognormal(mean 1.05, sd 0.1),
//    seed 20260101. Every draw computes every indicator: FNPV and FIRR before and after tax,
//    equity IRR, minimum DSCR and ICR, bond coverage, DSCR by year; then the statistics and
//    drivers. 1,000,000 draws on 2 threads: wall and process CPU time, and how they split between
//    the draws (simulate_shard) and the statistics and drivers (combine_shards).
// 2. plain: the plain loop of the same series, one thread: the same uniforms and quantiles, the
//    post-tax flows as base + Σ (x_j − 1)·component_j (each input's effect on the 30 flows, from
//    the compiled evaluation at x_j = 2, taken as linear) and one present_value per draw. No
//    IRR, no tax, no financing, no statistics. And the same without sampling. With `bridge`
//    run too (the default), the ratio of the two per draw.
// 3. risk: the risk file scenarios/toll-bridge-risk.yaml as written (PERT traffic, discrete
//    toll, triangular investment, lognormal upkeep, a correlation): 1,000,000 draws, 2 threads.
// 4. sewage: the risk file scenarios/sewage-plant-risk.yaml as written (the largest example: 27
//    years, a special bond, a bank loan whose rate is drawn, a working-capital loan): every
//    indicator, 1,000,000 draws, 2 threads.
//
// Instructions per draw, which do not depend on the machine's load (the figure to decide by on
// a shared machine): bench/callgrind_per_draw.sh runs `bridge`, `risk` and `sewage` under
// `valgrind --tool=callgrind` at 20,000 and 40,000 draws on one thread and prints the
// difference divided by 20,000.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "appraise/core/discounting.hpp"
#include "appraise/io/model_loader.hpp"
#include "appraise/io/scenario_loader.hpp"
#include "appraise/project/plan.hpp"
#include "appraise/risk/simulation.hpp"

namespace {

using namespace appraise;

ProjectModel bridge30() {
  auto loaded = io::load_model(std::string(APPRAISE_SOURCE_DIR) + "/models/toll-bridge.yaml");
  if (!loaded.model) {
    std::fprintf(stderr, "cannot load models/toll-bridge.yaml\n");
    std::exit(1);
  }
  ProjectModel m = *loaded.model;
  m.operation_years = 27;  // 3 construction + 27 operating years = 30
  return m;
}

SimulationSpec spec(std::int64_t draws, int threads) {
  SimulationSpec s;
  const double m = 1.05, sd = 0.1, s2 = std::log1p((sd / m) * (sd / m));
  s.inputs = {{"交通量", {"revenue.通行费收入.volume"}, DrawOp::Scale, NormalDist{1.0, 0.1}},
              {"建设投资", {"investment.*.amount"}, DrawOp::Scale, TriangularDist{0.95, 1.0, 1.3}},
              {"养护费", {"operating_costs.养护费.amounts"}, DrawOp::Scale, LognormalDist{std::log(m) - s2 / 2, std::sqrt(s2)}}};
  s.draws = draws;
  s.threads = threads;
  s.seed = 20260101;
  return s;
}

// The bare arithmetic: each input's effect on the post-tax flows, taken as linear.
struct Plain {
  std::vector<double> base;
  std::vector<std::vector<double>> components;
  double rate = 0;
};

Plain plain_model(const ProjectModel& m, const SimulationSpec& s) {
  EvaluationPlan plan(m);
  DrawApplier applier(plan, s.inputs);
  EvaluationBuffers b;
  const auto flows = [&](const std::vector<double>& x) {
    (void)applier.apply(x);
    evaluate_into(plan, b, Outputs::indicators(false));
    return std::vector<double>(b.result.cash_flow.post_tax.data(), b.result.cash_flow.post_tax.data() + b.result.years);
  };
  Plain p;
  std::vector<double> x(s.inputs.size(), 1.0);
  p.base = flows(x);
  p.rate = m.benchmark_rate;
  for (std::size_t j = 0; j < s.inputs.size(); ++j) {
    x.assign(s.inputs.size(), 1.0);
    x[j] = 2.0;
    const auto f = flows(x);
    std::vector<double> c(p.base.size());
    for (std::size_t t = 0; t < c.size(); ++t) c[t] = f[t] - p.base[t];
    p.components.push_back(std::move(c));
  }
  return p;
}

double plain_loop(const Plain& p, const SimulationSpec& s, bool sample, const std::vector<double>& presampled) {
  const std::size_t J = s.inputs.size(), n = p.base.size();
  std::vector<double> flows(n), x(J);
  double acc = 0;
  for (std::int64_t i = 0; i < s.draws; ++i) {
    for (std::size_t j = 0; j < J; ++j)
      x[j] = sample ? distribution_quantile(s.inputs[j].distribution,
                                            uniform_from_bits(splitmix64_at(s.seed, static_cast<std::uint64_t>(i) * J + j)))
                    : presampled[static_cast<std::size_t>(i) * J + j];
    for (std::size_t t = 0; t < n; ++t) {
      double f = p.base[t];
      for (std::size_t j = 0; j < J; ++j) f += (x[j] - 1.0) * p.components[j][t];
      flows[t] = f;
    }
    acc += present_value(flows, p.rate, 1.0);
  }
  return acc;
}

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// One run: wall and process CPU time.
template <class F>
std::pair<double, double> timed(F f) {
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpu_seconds();
  f();
  const double c1 = cpu_seconds();
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), c1 - c0};
}

// A risk file of scenarios/ as written, at `draws` draws on `threads` threads.
bool risk_file(const char* name, const char* what, std::int64_t draws, int threads) {
  auto loaded = io::load_scenarios(std::string(APPRAISE_SOURCE_DIR) + "/scenarios/" + name);
  if (!loaded.file || !loaded.file->simulation) {
    std::fprintf(stderr, "cannot load scenarios/%s\n", name);
    return false;
  }
  SimulationSpec spec = *loaded.file->simulation;
  spec.draws = draws;
  spec.threads = threads;
  const ProjectModel& model = loaded.file->models.begin()->second;
  SimulationResult r;
  const auto [w, c] = timed([&] { r = simulate(model, spec); });
  std::printf("%lld draws of scenarios/%s (%s), every indicator\n", static_cast<long long>(draws), name, what);
  std::printf("  simulate, %d thread(s):     %.3f s wall, %.3f s CPU (%.0f ns of CPU per draw)\n", threads, w, c,
              c * 1e9 / static_cast<double>(draws));
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t draws = 1'000'000;
  int threads = 2;
  bool run_bridge = false, run_plain = false, run_risk = false, run_sewage = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--draws" && i + 1 < argc) draws = std::stoll(argv[++i]);
    else if (a == "--threads" && i + 1 < argc) threads = std::stoi(argv[++i]);
    else if (a == "bridge") run_bridge = true;
    else if (a == "plain") run_plain = true;
    else if (a == "risk") run_risk = true;
    else if (a == "sewage") run_sewage = true;
    else {
      std::fprintf(stderr, "usage: bench_risk [--draws N] [--threads T] [bridge] [plain] [risk] [sewage]\n");
      return 2;
    }
  }
  if (!run_bridge && !run_plain && !run_risk && !run_sewage) run_bridge = run_plain = run_risk = run_sewage = true;

  const ProjectModel m = bridge30();
  SimulationResult r;
  double bridge_cpu = 0;
  if (run_bridge) {
    const SimulationSpec s = spec(draws, threads);
    // simulate() is these two calls (simulation.hpp): the draws, then the statistics and drivers.
    SimulationShard shard;
    const auto [wd, cd] = timed([&] { shard = simulate_shard(m, s, 0, 1); });
    std::vector<SimulationShard> shards;
    shards.push_back(std::move(shard));
    const auto [ws, cs] = timed([&] { r = combine_shards(m, s, std::move(shards)); });
    const double w = wd + ws, c = cd + cs;
    bridge_cpu = c;
    std::printf("%lld draws of the toll bridge (%d years), 3 inputs, every indicator (FNPV, FIRR pre/post tax, equity IRR, "
                "min DSCR, min ICR, bond coverage, DSCR by year) and the drivers\n",
                static_cast<long long>(draws), m.years());
    std::printf("  simulate, %d thread(s):     %.3f s wall, %.3f s CPU (%.0f ns of CPU per draw)\n", threads, w, c,
                c * 1e9 / static_cast<double>(draws));
    std::printf("    of which the draws:       %.3f s wall, %.3f s CPU; statistics and drivers: %.3f s wall, %.3f s CPU\n",
                wd, cd, ws, cs);
    std::printf("  P(FNPV < 0) = %.4f, P(min DSCR < %.2f) = %.4f, mean equity IRR = %.6f\n",
                *r.indicators[static_cast<int>(RiskIndicator::FnpvPostTax)].below, *r.dscr_target,
                *r.indicators[static_cast<int>(RiskIndicator::DscrMin)].below,
                *r.indicators[static_cast<int>(RiskIndicator::EquityIrr)].mean);
  }
  if (run_plain) {
    const SimulationSpec s1 = spec(draws, 1);
    const Plain p = plain_model(m, s1);
    double sink = 0;
    const auto [wp, cp] = timed([&] { sink += plain_loop(p, s1, true, {}); });
    const auto J = s1.inputs.size();
    std::vector<double> xs(static_cast<std::size_t>(draws) * J);
    for (std::int64_t i = 0; i < draws; ++i)
      for (std::size_t j = 0; j < J; ++j)
        xs[static_cast<std::size_t>(i) * J + j] = distribution_quantile(
            s1.inputs[j].distribution, uniform_from_bits(splitmix64_at(s1.seed, static_cast<std::uint64_t>(i) * J + j)));
    const auto [wq, cq] = timed([&] { sink += plain_loop(p, s1, false, xs); });
    std::printf("plain NPV loop of the same series, %lld draws, 1 thread: %.3f s CPU (sampling included), %.3f s CPU "
                "(NPV alone)  (checksum %.6g)\n",
                static_cast<long long>(draws), cp, cq, sink);
    if (run_bridge)
      std::printf("  ratio per draw (CPU):       %.1f x the plain loop with sampling, %.1f x the NPV alone\n",
                  bridge_cpu / cp, bridge_cpu / cq);
  }
  if (run_risk && !risk_file("toll-bridge-risk.yaml", "PERT, discrete, triangular, lognormal, correlated", draws, threads))
    return 1;
  if (run_sewage && !risk_file("sewage-plant-risk.yaml", "PERT volume, uniform tariff, triangular investment, bank rate",
                               draws, threads))
    return 1;
  return 0;
}
