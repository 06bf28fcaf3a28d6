// bench/bench_risk.cpp: Monte Carlo throughput — every indicator by the compiled evaluation,
// against the bare arithmetic of an NPV loop over the same series. A plain timed program (the
// runs are long; each figure is the best of two, the machine being shared).
//
//   build/bench/bench_risk            all figures below (about 10 s of CPU on an idle machine)
//
// 1. The toll bridge (models/toll-bridge.yaml) run for 27 operating years, so that its
//    calculation period is 30 years. Three uncertain inputs: traffic volume ~ normal(1, 0.1),
//    construction investment ~ triangular(0.95, 1, 1.3), upkeep ~ lognormal(mean 1.05, sd 0.1),
//    seed 20260101. Every draw computes every indicator: FNPV and FIRR before and after tax,
//    equity IRR, minimum DSCR and ICR, DSCR by year; then the statistics and drivers.
//    1,000,000 draws on 2 threads and on 1: wall and process CPU time.
// 2. The plain loop of the same series, one thread: the same uniforms and quantiles, the
//    post-tax flows as base + Σ (x_j − 1)·component_j (each input's effect on the 30 flows,
//    from the compiled evaluation at x_j = 2, taken as linear) and one present_value per draw.
//    No IRR, no tax, no financing, no statistics. And the same without sampling.
// 3. The risk file scenarios/toll-bridge-risk.yaml as written (PERT traffic, discrete toll,
//    triangular investment, lognormal upkeep, a correlation): 1,000,000 draws, 2 threads.
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

// Best of two runs by wall time (the machine is shared), with that run's CPU time.
template <class F>
std::pair<double, double> best(F f) {
  double wall = 1e300, cpu = 1e300;
  for (int r = 0; r < 2; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_seconds();
    f();
    const double c1 = cpu_seconds();
    const double w = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (w < wall) wall = w, cpu = c1 - c0;
  }
  return {wall, cpu};
}

}  // namespace

int main() {
  const ProjectModel m = bridge30();
  const SimulationSpec s2 = spec(1'000'000, 2), s1 = spec(1'000'000, 1);
  SimulationResult r;
  const auto [w2, c2] = best([&] { r = simulate(m, s2); });
  const auto [w1, c1] = best([&] { r = simulate(m, s1); });
  const Plain p = plain_model(m, s1);
  double sink = 0;
  const auto [wp, cp] = best([&] { sink += plain_loop(p, s1, true, {}); });
  std::vector<double> xs(3'000'000);
  for (std::int64_t i = 0; i < 1'000'000; ++i)
    for (std::size_t j = 0; j < 3; ++j)
      xs[static_cast<std::size_t>(i) * 3 + j] = distribution_quantile(
          s1.inputs[j].distribution, uniform_from_bits(splitmix64_at(s1.seed, static_cast<std::uint64_t>(i) * 3 + j)));
  const auto [wq, cq] = best([&] { sink += plain_loop(p, s1, false, xs); });
  std::printf("1,000,000 draws of the toll bridge (%d years), 3 inputs, every indicator (FNPV, FIRR pre/post tax, equity IRR, "
              "min DSCR, min ICR, DSCR by year) and the drivers\n",
              m.years());
  std::printf("  simulate, 2 threads:        %.3f s wall, %.3f s CPU (%.0f ns of CPU per draw)\n", w2, c2, c2 * 1e3);
  std::printf("  simulate, 1 thread:         %.3f s wall, %.3f s CPU\n", w1, c1);
  std::printf("  plain NPV loop, 1 thread:   %.3f s (sampling included), %.3f s (NPV alone)\n", wp, wq);
  std::printf("  ratio per draw (CPU):       %.1f x the plain loop with sampling, %.1f x the NPV alone\n", c2 / cp, c2 / cq);
  std::printf("  P(FNPV < 0) = %.4f, P(min DSCR < %.2f) = %.4f, mean equity IRR = %.6f  (checksum %.6g)\n",
              *r.indicators[static_cast<int>(RiskIndicator::FnpvPostTax)].below, *r.dscr_target,
              *r.indicators[static_cast<int>(RiskIndicator::DscrMin)].below,
              *r.indicators[static_cast<int>(RiskIndicator::EquityIrr)].mean, sink);

  auto loaded = io::load_scenarios(std::string(APPRAISE_SOURCE_DIR) + "/scenarios/toll-bridge-risk.yaml");
  if (!loaded.file || !loaded.file->simulation) {
    std::fprintf(stderr, "cannot load scenarios/toll-bridge-risk.yaml\n");
    return 1;
  }
  SimulationSpec risk = *loaded.file->simulation;
  risk.draws = 1'000'000;
  risk.threads = 2;
  const ProjectModel& bridge = loaded.file->models.begin()->second;
  const auto [wr, cr] = best([&] { r = simulate(bridge, risk); });
  std::printf("1,000,000 draws of scenarios/toll-bridge-risk.yaml (PERT, discrete, triangular, lognormal, correlated), "
              "every indicator, 2 threads\n");
  std::printf("  simulate, 2 threads:        %.3f s wall, %.3f s CPU (%.0f ns of CPU per draw)\n", wr, cr, cr * 1e3);
  return 0;
}
