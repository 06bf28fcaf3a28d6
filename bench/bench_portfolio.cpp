// bench/bench_portfolio.cpp: `appraise debt` on a generated municipal portfolio.
//
// The data: N debts (1,000, 10,000 or 100,000) over a 10-year horizon (2026–2035), drawn from
// std::mt19937_64 with a fixed seed and a uniform mapping written here, so the portfolio is the
// same everywhere. The mix follows the example city: about 40% legal bonds (not eligible) and
// 60% hidden debt (bank loans, platform bonds, trusts, leases) at 3.5%–9%, a third amortising by
// equal principal, half with a prepayment penalty, a fifth with a guarantee fee; floating loans
// on an LPR path; market rollover rates by kind. Quotas: three years (2026–2028) of 4–5% of the
// balance each at about 2%, or one every year of the horizon (the `_10q` runs). The target is
// set between today's cost in 2027 and the lowest cost the quotas can reach (so it is met) or
// below that lowest cost (`_unreachable`: the shortfall analysis runs too: the extra quota and
// a bisection on the coupon, about 30 more LPs).
//
// What is timed, per run:
//   analyse/N          the engine only (cost paths, the LPs, the fiscal ratios) on the portfolio
//                      in memory: the figure issue 10 asks for (10,000 and 100,000 debts)
//   debt_command/N     load the files (the portfolio YAML and its CSV ledger of N debts) +
//                      analyse + render the text report: `appraise debt` less process start-up
//   load/N             reading and validating the files only
//
//   bench_portfolio                                              every benchmark
//   bench_portfolio --benchmark_filter='analyse/(10000|100000)'  the figures issue 10 asks for
//   bench_portfolio --write FILE.yaml [N]  write the generated portfolio and its ledger FILE.csv
//                                          (for timing the CLI: appraise debt FILE.yaml)
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <stdexcept>
#include <tuple>
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

enum class Target { None, Reachable, Unreachable };

// A rate drawn as a percentage with two decimals, as a ledger would list it: 3.57% -> 0.0357.
double percent2(double pct) { return std::round(pct * 100.0) / 10000.0; }

pf::RatePath path(int horizon, std::map<int, double> by_year) {
  pf::RatePath out;
  for (int t = 0; t <= horizon; ++t) {
    auto it = by_year.upper_bound(2025 + t);
    out.push_back(it == by_year.begin() ? it->second : std::prev(it)->second);
  }
  return out;
}

// The portfolio without a target.
pf::Portfolio generate(int debts, bool every_year_quota) {
  Uniform u{std::mt19937_64(20251231)};
  pf::Portfolio p;
  p.name = "generated";
  p.unit = "万元";
  p.base_year = 2025;
  p.horizon = 10;
  p.reference_rates["lpr_5y"] = path(p.horizon, {{2025, 0.035}, {2026, 0.034}, {2027, 0.033}});
  auto market = [&](pf::DebtKind k, std::map<int, double> by_year) {
    p.rollover_rates[static_cast<std::size_t>(k)] = path(p.horizon, std::move(by_year));
  };
  market(pf::DebtKind::BankLoan, {{2026, 0.043}});
  market(pf::DebtKind::PlatformBond, {{2026, 0.046}, {2028, 0.043}});
  market(pf::DebtKind::NonStandard, {{2026, 0.075}});
  market(pf::DebtKind::FinanceLease, {{2026, 0.06}});
  market(pf::DebtKind::GeneralBond, {{2026, 0.019}});
  market(pf::DebtKind::SpecialBond, {{2026, 0.02}});
  market(pf::DebtKind::RefinancingBond, {{2026, 0.02}});
  // The balance drawn below averages 10,000 a debt.
  const double total = 10000.0 * debts;
  const int quota_years = every_year_quota ? 10 : 3;
  for (int k = 0; k < quota_years; ++k) {
    const double share = every_year_quota ? 0.015 : (k < 2 ? 0.05 : 0.04);
    p.quotas.push_back({2026 + k, std::round(share * total), percent2(2.05 - 0.03 * k), 10, 0.0005});
  }
  static const pf::DebtKind kinds[] = {pf::DebtKind::GeneralBond, pf::DebtKind::SpecialBond,  pf::DebtKind::BankLoan,
                                       pf::DebtKind::BankLoan,    pf::DebtKind::PlatformBond, pf::DebtKind::NonStandard,
                                       pf::DebtKind::FinanceLease};
  char name[16];
  for (int i = 0; i < debts; ++i) {
    const int k = u.pick(10) < 4 ? u.pick(2) : 2 + u.pick(5);
    pf::Debt d;
    std::snprintf(name, sizeof name, "d%06d", i);
    d.name = name;
    d.kind = kinds[k];
    d.eligible = pf::eligible_by_default(d.kind);
    d.balance = std::round(u.in(500, 19500));
    const double base = k < 2 ? 2.3 : d.kind == pf::DebtKind::NonStandard ? 6.5 : d.kind == pf::DebtKind::FinanceLease ? 5.5 : 3.5;
    d.maturity_year = 2026 + u.pick(15);
    if (d.kind == pf::DebtKind::BankLoan && u() < 0.3) {
      d.rate.reference = "lpr_5y";
      d.rate.spread = percent2(u.in(0.2, 1.5));
    } else {
      d.rate.fixed = percent2(base + u.in(0.0, 2.5));
    }
    if (k >= 2 && u() < 0.33) d.amortisation = pf::Amortisation::EqualPrincipal;
    if (k >= 2 && u() < 0.5) d.prepayment_penalty = std::round(u.in(0.0, 3.0) * 10.0) / 1000.0;
    if (k >= 2 && u() < 0.2) d.guarantee_rate = 0.01;
    p.debts.push_back(std::move(d));
  }
  return p;
}

// With a target the quotas reach (halfway from the lowest reachable cost to today's cost in
// 2027) or one they cannot (a quarter point below the lowest reachable). Generated once per size.
const pf::Portfolio& generated(int debts, bool every_year_quota, Target target) {
  static std::map<std::tuple<int, bool, Target>, pf::Portfolio> cache;
  const auto key = std::make_tuple(debts, every_year_quota, target);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  pf::Portfolio p = generate(debts, every_year_quota);
  if (target != Target::None) {
    p.target = pf::Target{0.03, 2027};
    const double now = *pf::cost_path(p).cost[2];
    const double best = pf::best_reachable_cost(p);
    const double ceiling = target == Target::Reachable ? 0.5 * (best + now) : best - 0.0025;
    p.target->ceiling = std::round(ceiling * 1e6) / 1e6;  // 3.1234%: four decimals of a percent
  }
  return cache.emplace(key, std::move(p)).first->second;
}

// ---- writing the portfolio as the CLI reads it ----

std::string rate_text(double r) { return fmt::format("{}", r); }

std::string path_text(const pf::RatePath& path) {
  // A path written year by year: exact, and as long as the horizon.
  std::string s = "{";
  for (std::size_t t = 0; t < path.size(); ++t) s += fmt::format("{}{}: {}", t ? ", " : "", 2025 + t, path[t]);
  return s + "}";
}

// The portfolio file; its debts are the rows of `ledger`, a CSV file beside it.
std::string portfolio_yaml(const pf::Portfolio& p, const std::string& ledger) {
  std::string y;
  y += fmt::format("portfolio: {{name: {}, unit: {}, base_year: {}, horizon: {}}}\n", p.name, p.unit, p.base_year, p.horizon);
  if (p.target) y += fmt::format("target: {{ceiling: {}, by: {}}}\n", rate_text(p.target->ceiling), p.target->year);
  y += "reference_rates:\n";
  for (const auto& [name, rates] : p.reference_rates) y += fmt::format("  {}: {}\n", name, path_text(rates));
  y += "market:\n";
  for (pf::DebtKind k : pf::all_debt_kinds)
    if (const auto& r = p.rollover_rates[static_cast<std::size_t>(k)]) y += fmt::format("  {}: {}\n", pf::to_string(k), path_text(*r));
  y += "quotas:\n";
  for (const auto& q : p.quotas)
    y += fmt::format("  - {{year: {}, amount: {}, coupon: {}, term: {}, issuance_cost: {}}}\n", q.year, q.amount,
                     rate_text(q.coupon), q.term_years, rate_text(q.issuance_cost));
  y += "debts: " + ledger + "\n";
  return y;
}

// The debts as a ledger: one row each (about 80 bytes: 8 MB for 100,000 debts).
std::string ledger_csv(const pf::Portfolio& p) {
  std::string c = "name,kind,balance,rate,reference,spread,repayment,maturity,prepayment_penalty,guarantee\n";
  for (const auto& d : p.debts) {
    const bool floating = !d.rate.reference.empty();
    c += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", d.name, pf::to_string(d.kind), d.balance,
                     floating ? std::string() : rate_text(d.rate.fixed), d.rate.reference,
                     floating ? rate_text(d.rate.spread) : std::string(),
                     d.amortisation == pf::Amortisation::EqualPrincipal ? "equal_principal" : "", d.maturity_year,
                     d.prepayment_penalty > 0 ? rate_text(d.prepayment_penalty) : std::string(),
                     d.guarantee_rate > 0 ? rate_text(d.guarantee_rate) : std::string());
  }
  return c;
}

std::string write(const std::string& name, const std::string& text) {
  const auto file = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

std::string tag(int debts, bool every_year_quota, Target target) {
  return std::to_string(debts) + (every_year_quota ? "_10q" : "") + (target == Target::Unreachable ? "_unreachable" : "");
}

// The files of a generated portfolio; returns the path `appraise debt` is given.
std::string generated_files(int debts, bool every_year_quota, Target target) {
  const pf::Portfolio& p = generated(debts, every_year_quota, target);
  const std::string name = "appraise_bench_portfolio_" + tag(debts, every_year_quota, target);
  write(name + ".csv", ledger_csv(p));
  return write(name + ".yaml", portfolio_yaml(p, name + ".csv"));
}

pf::Portfolio load_or_throw(const std::string& file) {
  auto l = appraise::io::load_portfolio(file);
  if (!l.portfolio) throw std::runtime_error(appraise::render_all(l.diagnostics, file, appraise::Lang::En));
  return std::move(*l.portfolio);
}

void debt_command(benchmark::State& state, bool every_year_quota, Target target) {
  const std::string file = generated_files(static_cast<int>(state.range(0)), every_year_quota, target);
  std::size_t bytes = 0;
  for (auto _ : state) {
    const pf::Portfolio p = load_or_throw(file);
    const pf::PortfolioAnalysis a = pf::analyse(p);
    const std::string text = pf::render_debt_report(p, a, {file}, appraise::report::Format::Table,
                                                    appraise::report::Lang::Zh);
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
    state.counters["met"] = a.status == pf::TargetStatus::Unreachable ? 0 : 1;
    state.counters["plan_lines"] = static_cast<double>(a.plan.replacements.size());
  }
  state.counters["report_bytes"] = static_cast<double>(bytes);
}

void analyse(benchmark::State& state, bool every_year_quota, Target target) {
  const pf::Portfolio& p = generated(static_cast<int>(state.range(0)), every_year_quota, target);
  for (auto _ : state) {
    auto a = pf::analyse(p);
    benchmark::DoNotOptimize(a.plan.replacements.data());
    state.counters["plan_lines"] = static_cast<double>(a.plan.replacements.size());
  }
}

void load(benchmark::State& state) {
  const std::string file = generated_files(static_cast<int>(state.range(0)), false, Target::Reachable);
  for (auto _ : state) {
    auto p = load_or_throw(file);
    benchmark::DoNotOptimize(p.debts.data());
  }
}

}  // namespace

BENCHMARK_CAPTURE(analyse, reachable, false, Target::Reachable)
    ->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(analyse, unreachable, false, Target::Unreachable)
    ->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(analyse, reachable_10q, true, Target::Reachable)
    ->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(debt_command, reachable, false, Target::Reachable)
    ->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(load)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char** argv) {
  if (argc >= 3 && std::string(argv[1]) == "--write") {
    // FILE.yaml and its ledger FILE.csv beside it.
    const int n = argc >= 4 ? std::stoi(argv[3]) : 10000;
    const pf::Portfolio& p = generated(n, false, Target::Reachable);
    const std::filesystem::path yaml(argv[2]);
    const std::filesystem::path csv = std::filesystem::path(yaml).replace_extension(".csv");
    std::ofstream(csv, std::ios::binary) << ledger_csv(p);
    std::ofstream(yaml, std::ios::binary) << portfolio_yaml(p, csv.filename().string());
    std::printf("wrote %s and %s (%d debts)\n", yaml.string().c_str(), csv.string().c_str(), n);
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
