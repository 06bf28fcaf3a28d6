// bench/bench_portfolio.cpp: `appraise debt` on a generated municipal portfolio.
//
// The data: N debts (10,000 by default; 1,000 for scaling) over a 10-year horizon (2026–2035),
// drawn from std::mt19937_64 with a fixed seed and a uniform mapping written here, so the file
// is the same everywhere. The mix follows the example city: about 40% legal bonds (not
// eligible) and 60% hidden debt (bank loans, platform bonds, trusts, leases) at 3.5%–9%, a
// third amortising by equal principal, half with a prepayment penalty, a fifth with a
// guarantee fee; floating loans on an LPR path; market rollover rates by kind. Quotas: three
// years (2026–2028) of 4–5% of the balance each at about 2%, or one every year of the horizon
// (the `_10q` runs). The target is set between today's cost in 2027 and the lowest cost the
// quotas can reach (so it is met) or below that lowest cost (`_unreachable`: the shortfall
// analysis runs too: the extra quota and a bisection on the coupon, about 30 more LPs).
//
// The portfolio is written as YAML (flow style, one debt a line: about 1.1 MB for 10,000
// debts, inside the reader's 2 MB limit) and every run reads that file, as the CLI does.
//
// What is timed, per run:
//   debt_command       load the YAML + analyse + render the text report: `appraise debt` less
//                      process start-up
//   analyse            the engine only (cost paths, the LPs, the fiscal ratios)
//   load               parsing and validating the file only
//
//   bench_portfolio                     every benchmark
//   bench_portfolio --benchmark_filter=debt_command/10000   the figure the issue asks for
//   bench_portfolio --write FILE [N]    write the generated portfolio (for timing the CLI)
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>

#include "appraise/io/portfolio_loader.hpp"
#include "appraise/portfolio/plan.hpp"
#include "appraise/report/portfolio_report.hpp"

namespace pf = appraise::portfolio;

namespace {

struct Uniform {
  std::mt19937_64 g;
  double operator()() { return static_cast<double>(g() >> 11) * 0x1.0p-53; }
  double in(double lo, double hi) { return lo + (hi - lo) * (*this)(); }
  int pick(int n) { return static_cast<int>((*this)() * n); }
};

enum class Target { Reachable, Unreachable };

// The portfolio as YAML; `ceiling` empty: no target line.
std::string portfolio_yaml(int debts, bool every_year_quota, const std::string& ceiling) {
  Uniform u{std::mt19937_64(20251231)};
  std::string y;
  y += "portfolio: {name: generated, unit: 万元, base_year: 2025, horizon: 10}\n";
  if (!ceiling.empty()) y += "target: {ceiling: " + ceiling + ", by: 2027}\n";
  y += "reference_rates: {lpr_5y: {2025: 3.5%, 2026: 3.4%, 2027: 3.3%}}\n";
  y += "market: {bank_loan: 4.3%, platform_bond: {2026: 4.6%, 2028: 4.3%}, non_standard: 7.5%, finance_lease: 6%, "
       "general_bond: 1.9%, special_bond: 2.0%, refinancing_bond: 2.0%}\n";
  // The balance drawn below averages 10,000 a debt.
  const double total = 10000.0 * debts;
  y += "quotas:\n";
  const int quota_years = every_year_quota ? 10 : 3;
  for (int k = 0; k < quota_years; ++k) {
    const double share = every_year_quota ? 0.015 : (k < 2 ? 0.05 : 0.04);
    char line[160];
    std::snprintf(line, sizeof line, "  - {year: %d, amount: %.0f, coupon: %.2f%%, term: 10, issuance_cost: 0.05%%}\n",
                  2026 + k, share * total, 2.05 - 0.03 * k);
    y += line;
  }
  y += "debts:\n";
  static const char* const kinds[] = {"general_bond", "special_bond", "bank_loan", "bank_loan",
                                      "platform_bond", "non_standard", "finance_lease"};
  for (int i = 0; i < debts; ++i) {
    const int k = u.pick(10) < 4 ? u.pick(2) : 2 + u.pick(5);
    const std::string kind = kinds[k];
    const double balance = std::round(u.in(500, 19500));
    const double base = k < 2 ? 2.3 : kind == "non_standard" ? 6.5 : kind == "finance_lease" ? 5.5 : 3.5;
    const int maturity = 2026 + u.pick(15);
    char line[320];
    std::string rate;
    if (kind == "bank_loan" && u() < 0.3) {
      std::snprintf(line, sizeof line, "{reference: lpr_5y, spread: %.2f%%}", u.in(0.2, 1.5));
      rate = line;
    } else {
      std::snprintf(line, sizeof line, "%.2f%%", base + u.in(0.0, 2.5));
      rate = line;
    }
    std::string extra;
    if (k >= 2 && u() < 0.33) extra += ", repayment: equal_principal";
    if (k >= 2 && u() < 0.5) {
      std::snprintf(line, sizeof line, ", prepayment_penalty: %.1f%%", u.in(0.0, 3.0));
      extra += line;
    }
    if (k >= 2 && u() < 0.2) extra += ", guarantee: 1%";
    std::snprintf(line, sizeof line, "  - {name: d%05d, kind: %s, balance: %.0f, rate: %s, maturity: %d%s}\n", i,
                  kind.c_str(), balance, rate.c_str(), maturity, extra.c_str());
    y += line;
  }
  return y;
}

pf::Portfolio load_or_throw(const std::string& path) {
  auto l = appraise::io::load_portfolio(path);
  if (!l.portfolio) throw std::runtime_error(appraise::render_all(l.diagnostics, path));
  return std::move(*l.portfolio);
}

std::string write(const std::string& name, const std::string& text) {
  const auto path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// Writes the portfolio with a target the quotas reach (halfway from the lowest reachable cost
// to today's cost in 2027) or one they cannot (a quarter point below the lowest reachable).
std::string generated_file(int debts, bool every_year_quota, Target target) {
  const std::string tag = std::to_string(debts) + (every_year_quota ? "_10q" : "") +
                          (target == Target::Unreachable ? "_unreachable" : "");
  const std::string probe = write("appraise_bench_portfolio_probe.yaml", portfolio_yaml(debts, every_year_quota, "3%"));
  pf::Portfolio p = load_or_throw(probe);
  const double now = *pf::cost_path(p).cost[2];
  const double best = pf::best_reachable_cost(p);
  const double ceiling = target == Target::Reachable ? 0.5 * (best + now) : best - 0.0025;
  char c[32];
  std::snprintf(c, sizeof c, "%.4f%%", ceiling * 100);
  return write("appraise_bench_portfolio_" + tag + ".yaml", portfolio_yaml(debts, every_year_quota, c));
}

void debt_command(benchmark::State& state, bool every_year_quota, Target target) {
  const std::string path = generated_file(static_cast<int>(state.range(0)), every_year_quota, target);
  std::size_t bytes = 0;
  for (auto _ : state) {
    const pf::Portfolio p = load_or_throw(path);
    const pf::PortfolioAnalysis a = pf::analyse(p);
    const std::string text = pf::render_debt_report(p, a, {path}, appraise::report::Format::Table,
                                                    appraise::report::Lang::Zh);
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
    state.counters["met"] = a.status == pf::TargetStatus::Unreachable ? 0 : 1;
    state.counters["plan_lines"] = static_cast<double>(a.plan.replacements.size());
  }
  state.counters["report_bytes"] = static_cast<double>(bytes);
}

void analyse(benchmark::State& state) {
  const pf::Portfolio p = load_or_throw(generated_file(static_cast<int>(state.range(0)), false, Target::Reachable));
  for (auto _ : state) {
    auto a = pf::analyse(p);
    benchmark::DoNotOptimize(a.plan.replacements.data());
  }
}

void load(benchmark::State& state) {
  const std::string path = generated_file(static_cast<int>(state.range(0)), false, Target::Reachable);
  for (auto _ : state) {
    auto p = load_or_throw(path);
    benchmark::DoNotOptimize(p.debts.data());
  }
}

}  // namespace

BENCHMARK_CAPTURE(debt_command, reachable, false, Target::Reachable)
    ->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(debt_command, unreachable, false, Target::Unreachable)
    ->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(debt_command, reachable_10q, true, Target::Reachable)
    ->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(analyse)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(load)->Arg(10000)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
  if (argc >= 3 && std::string(argv[1]) == "--write") {
    const int n = argc >= 4 ? std::stoi(argv[3]) : 10000;
    const std::string generated = generated_file(n, false, Target::Reachable);
    std::filesystem::copy_file(generated, argv[2], std::filesystem::copy_options::overwrite_existing);
    std::printf("wrote %s (%d debts)\n", argv[2], n);
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
