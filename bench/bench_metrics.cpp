// bench/bench_metrics.cpp: NPV and IRR per project cash-flow series, appraise against QuantLib.
//
// The data: 100,000 random 30-year projects (flows at t = 0..30), each an outlay over its first
// 1-3 years followed by 28-30 years of inflows, drawn from std::mt19937_64 with a fixed seed and
// a uniform mapping written here (so the series are the same on every platform). Their IRRs
// spread from about -5% to about +25%.
//
// What is timed, per series (each benchmark walks the whole set, a whole number of times):
//   appraise_npv     appraise::npv at 8%, first flow at t = 0
//   appraise_irr     appraise::irr (default options)
//   quantlib_npv     QuantLib CashFlows::npv of a Leg of SimpleCashFlow on yearly dates,
//                    Thirty360 (exact whole years), Compounded Annual, t = 0 flow included
//   quantlib_yield   QuantLib CashFlows::yield<Brent> on the same Leg (not the default Newton
//                    overload, whose derivative is wrong up to QuantLib 1.42: QuantLib #2587),
//                    at its default accuracy of 1e-10
//
// After the timings the program prints the two ratios the engine is held to (IRR at least 100x
// faster than QuantLib's Brent yield; IRR at most 12x one NPV of the same series) and an
// accuracy check over the whole set: max |NPV at appraise's IRR| / Σ|flows| and
// max |appraise IRR - QuantLib Brent IRR| (Brent run to 1e-14 for the comparison), which must
// be at most 1e-9.
//
//   bench_metrics                 accuracy check, then the timings and the ratios
//   bench_metrics --check         the accuracy check only
//   bench_metrics --no-check ...  the timings only (Google Benchmark flags are passed through)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "appraise/core/metrics.hpp"

#ifdef APPRAISE_HAVE_QUANTLIB
#include <ql/cashflows/cashflows.hpp>
#include <ql/cashflows/simplecashflow.hpp>
#include <ql/math/solvers1d/brent.hpp>
#include <ql/settings.hpp>
#include <ql/time/daycounters/thirty360.hpp>
#endif

namespace {

constexpr std::size_t kSeries = 100'000;
constexpr std::size_t kFlows = 31;  // t = 0..30
constexpr double kNpvRate = 0.08;
constexpr std::uint64_t kSeed = 20240611;

// A uniform double in [0, 1) from the top 53 bits of one draw: exactly specified, unlike
// std::uniform_real_distribution, whose algorithm is left to the implementation.
double unit(std::mt19937_64& g) { return static_cast<double>(g() >> 11) * 0x1.0p-53; }
double uniform(std::mt19937_64& g, double lo, double hi) { return lo + (hi - lo) * unit(g); }

struct Dataset {
  std::vector<double> flows;  // kSeries rows of kFlows
  [[nodiscard]] std::span<const double> series(std::size_t i) const { return {flows.data() + i * kFlows, kFlows}; }
};

const Dataset& dataset() {
  static const Dataset d = [] {
    Dataset out;
    out.flows.resize(kSeries * kFlows);
    std::mt19937_64 g(kSeed);
    for (std::size_t i = 0; i < kSeries; ++i) {
      double* f = out.flows.data() + i * kFlows;
      const auto build_years = std::min<std::size_t>(3, 1 + static_cast<std::size_t>(unit(g) * 3.0));
      double outlay = 0;
      for (std::size_t t = 0; t < build_years; ++t) {
        f[t] = -uniform(g, 500.0, 1500.0);
        outlay -= f[t];
      }
      // A yearly yield on the outlay between 2% and 20%, each year within ±30% of it.
      const double level = uniform(g, 0.02, 0.20);
      for (std::size_t t = build_years; t < kFlows; ++t) f[t] = outlay * level * uniform(g, 0.7, 1.3);
    }
    return out;
  }();
  return d;
}

#ifdef APPRAISE_HAVE_QUANTLIB
namespace ql = QuantLib;

// Yearly dates on the 15th of January: Thirty360 gives exact whole years between them, so
// QuantLib discounts flow t by (1+y)^-t as appraise does.
const ql::Date& base_date() {
  static const ql::Date d(15, ql::January, 2001);
  return d;
}
const ql::DayCounter& day_counter() {
  static const ql::DayCounter dc = ql::Thirty360(ql::Thirty360::BondBasis);
  return dc;
}

const std::vector<ql::Leg>& legs() {
  static const std::vector<ql::Leg> out = [] {
    ql::Settings::instance().evaluationDate() = base_date();
    std::vector<ql::Date> dates;
    for (std::size_t t = 0; t < kFlows; ++t) dates.push_back(base_date() + ql::Period(static_cast<ql::Integer>(t), ql::Years));
    std::vector<ql::Leg> legs(kSeries);
    for (std::size_t i = 0; i < kSeries; ++i) {
      const auto s = dataset().series(i);
      legs[i].reserve(kFlows);
      for (std::size_t t = 0; t < kFlows; ++t) legs[i].push_back(ql::ext::make_shared<ql::SimpleCashFlow>(s[t], dates[t]));
    }
    return legs;
  }();
  return out;
}

double ql_npv(const ql::Leg& leg, double rate) {
  return ql::CashFlows::npv(leg, rate, day_counter(), ql::Compounded, ql::Annual, true, base_date(), base_date());
}

double ql_yield(const ql::Leg& leg, double accuracy) {
  return ql::CashFlows::yield(ql::Brent(), leg, 0.0, day_counter(), ql::Compounded, ql::Annual, true, base_date(),
                              base_date(), accuracy);
}
#endif

// ------------------------------------------------------------------------------------ timings

void appraise_npv(benchmark::State& state) {
  const auto& d = dataset();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(appraise::npv(d.series(i), kNpvRate, appraise::Timing::AtStart));
    if (++i == kSeries) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

void appraise_irr(benchmark::State& state) {
  const auto& d = dataset();
  std::size_t i = 0;
  for (auto _ : state) {
    auto r = appraise::irr(d.series(i));
    benchmark::DoNotOptimize(r);
    if (++i == kSeries) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

#ifdef APPRAISE_HAVE_QUANTLIB
void quantlib_npv(benchmark::State& state) {
  const auto& l = legs();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ql_npv(l[i], kNpvRate));
    if (++i == kSeries) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

void quantlib_yield(benchmark::State& state) {
  const auto& l = legs();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ql_yield(l[i], 1e-10));
    if (++i == kSeries) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
#endif

// Each benchmark covers the whole set a whole number of times, so every series counts equally.
BENCHMARK(appraise_npv)->Unit(benchmark::kNanosecond)->Iterations(20 * kSeries);
BENCHMARK(appraise_irr)->Unit(benchmark::kNanosecond)->Iterations(5 * kSeries);
#ifdef APPRAISE_HAVE_QUANTLIB
BENCHMARK(quantlib_npv)->Unit(benchmark::kNanosecond)->Iterations(5 * kSeries);
BENCHMARK(quantlib_yield)->Unit(benchmark::kNanosecond)->Iterations(kSeries);
#endif

// Records the CPU time per iteration of each benchmark, in ns (the fastest repetition with
// --benchmark_repetitions=N), for the ratios. CPU time rather than wall time: on a shared
// machine wall time also counts the time other processes hold the core.
class RecordingReporter : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, double> ns;
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs) {
      if (r.run_type != Run::RT_Iteration || r.error_occurred) continue;
      const std::string name = r.run_name.function_name;
      const double t = r.GetAdjustedCPUTime();  // in the benchmark's unit: ns
      auto it = ns.find(name);
      if (it == ns.end() || t < it->second) ns[name] = t;
    }
  }
};

// ----------------------------------------------------------------------------- accuracy check

int accuracy_check() {
  const auto& d = dataset();
  double max_rel_npv = 0, max_diff = 0, min_rate = 1e9, max_rate = -1e9;
  std::size_t worst_npv = 0, worst_diff = 0, not_converged = 0, ql_failed = 0, evaluations = 0;
  std::vector<double> rates(kSeries, 0.0);
  for (std::size_t i = 0; i < kSeries; ++i) {
    const auto s = d.series(i);
    const auto r = appraise::irr(s);
    evaluations += static_cast<std::size_t>(r.evaluations);
    if (r.status != appraise::IrrStatus::Converged || !r.unique) {
      ++not_converged;
      continue;
    }
    rates[i] = *r.rate;
    min_rate = std::min(min_rate, *r.rate);
    max_rate = std::max(max_rate, *r.rate);
    // NPV at the IRR in long double, relative to Σ|flows|.
    long double npv = 0, scale = 0;
    for (std::size_t t = 0; t < kFlows; ++t) {
      const long double v = powl(1.0L + static_cast<long double>(*r.rate), -static_cast<long double>(t));
      npv += static_cast<long double>(s[t]) * v;
      scale += std::abs(static_cast<long double>(s[t]));
    }
    const double rel = static_cast<double>(std::abs(npv) / scale);
    if (rel > max_rel_npv) {
      max_rel_npv = rel;
      worst_npv = i;
    }
  }
  std::printf("accuracy over %zu series (seed %llu):\n", kSeries, static_cast<unsigned long long>(kSeed));
  std::printf("  appraise irr: %zu not converged or not unique; IRRs from %.4f%% to %.4f%%; %.1f NPV evaluations per series\n",
              not_converged, min_rate * 100, max_rate * 100, static_cast<double>(evaluations) / kSeries);
  std::printf("  max |NPV(appraise IRR)| / sum|flows| = %.3g (series %zu)\n", max_rel_npv, worst_npv);
  bool ok = not_converged == 0;
#ifdef APPRAISE_HAVE_QUANTLIB
  const auto& l = legs();
  for (std::size_t i = 0; i < kSeries; ++i) {
    double y = 0;
    try {
      y = ql_yield(l[i], 1e-14);
    } catch (const std::exception&) {
      ++ql_failed;
      continue;
    }
    const double diff = std::abs(y - rates[i]);
    if (diff > max_diff) {
      max_diff = diff;
      worst_diff = i;
    }
  }
  std::printf("  max |appraise IRR - QuantLib Brent IRR| = %.3g (series %zu; QuantLib failed on %zu)  [target <= 1e-9]\n",
              max_diff, worst_diff, ql_failed);
  ok = ok && ql_failed == 0 && max_diff <= 1e-9;
#else
  std::printf("  QuantLib not available: the comparison with CashFlows::yield<Brent> is skipped\n");
#endif
  std::printf("  %s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  bool check = true, only_check = false;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--check") only_check = true;
    else if (a == "--no-check") check = false;
    else args.push_back(argv[i]);
  }
  int rc = 0;
  if (check || only_check) rc = accuracy_check();
  if (only_check) return rc;

  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  if (benchmark::ReportUnrecognizedArguments(n, args.data())) return 2;
  // The data are built outside the timed loops: the series here, QuantLib's legs on first use.
  (void)dataset();
  RecordingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  const auto& t = reporter.ns;
  auto get = [&](const char* name) {
    const auto it = t.find(name);
    return it == t.end() ? 0.0 : it->second;
  };
  const double npv = get("appraise_npv"), irr = get("appraise_irr");
  std::printf("\nper series (CPU time): appraise npv %.1f ns, appraise irr %.1f ns", npv, irr);
#ifdef APPRAISE_HAVE_QUANTLIB
  const double qnpv = get("quantlib_npv"), qyield = get("quantlib_yield");
  std::printf(", QuantLib npv %.1f ns, QuantLib Brent yield %.1f ns\n", qnpv, qyield);
  if (qyield > 0 && irr > 0) {
    const double speedup = qyield / irr;
    std::printf("QuantLib Brent yield / appraise irr = %.1fx  [target >= 100x] %s\n", speedup,
                speedup >= 100 ? "met" : "MISSED");
  }
#else
  std::printf("\n");
#endif
  if (npv > 0 && irr > 0) {
    const double ratio = irr / npv;
    std::printf("appraise irr / appraise npv = %.2fx  [target <= 12x] %s\n", ratio, ratio <= 12 ? "met" : "MISSED");
  }
  return rc;
}
