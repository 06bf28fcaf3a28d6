// bench/bench_programme.cpp: `appraise programme` on a generated programme of 2,000 candidate
// projects, each a model of its own file, ranked, chosen and joined to the city's debt.
//
//   /usr/bin/time -v build/bench/bench_programme            2,000 candidates (the issue 15 figure)
//   build/bench/bench_programme 500                         another count
//   build/bench/bench_programme 2000 --keep DIR             also keep the generated files in DIR
//                                                           (then: appraise programme DIR/programme.yaml)
//
// A plain timed program, run once (Google Benchmark would load 2,000 files many times over). The
// data: candidate i is example model i mod 4 (toll bridge, sewage plant, parking, industrial park;
// 15 to 30 years, 10 to 20 lines each) with every `amount:` (investment, bonds, loans) scaled by
// a ∈ [0.6, 1.6] and every `base:` (volumes, prices, costs) by b ∈ [0.7, 1.4], both drawn from
// std::mt19937_64 with a fixed seed by a mapping written here, so the programme is the same
// everywhere. Every tenth candidate and the next are options of one project (an exclusive pair,
// 200 pairs). The limits, 2026–2030, are 30% of what all candidates together ask of each year's
// budget capital, bond quota and general budget (found by one untimed evaluation before the
// timed run), so the choice is a real multi-year knapsack; the debt is models/city-debt.yaml.
//
// What is timed: load (read and check the programme and its 2,000 model files: `io::load_programme`),
// evaluate (every candidate's one evaluation), choose (the integer programme and one more solve
// per limit for its shadow value, `programme::choose`, within the programme's default time limit
// of 60 s: at 2,000 candidates the search stops there and the optimality gap it proved is
// printed; at 200 the optimum is proved in seconds), join (the chosen projects' borrowing added to
// the portfolio and both analysed). It prints each phase's time, the MIP's share of the whole, the
// solves, the gap, and the peak resident memory (getrusage; run it under /usr/bin/time -v for the
// kernel's own figure).
#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "appraise/io/programme_loader.hpp"
#include "appraise/programme/candidates.hpp"
#include "appraise/programme/choice.hpp"
#include "appraise/programme/debt_join.hpp"

namespace {

namespace fs = std::filesystem;
namespace pg = appraise::programme;
using Clock = std::chrono::steady_clock;

constexpr int kFirstYear = 2026, kLastYear = 2030;
constexpr double kLimitShare = 0.30;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  if (!out) {
    std::fprintf(stderr, "bench_programme: cannot write %s\n", p.c_str());
    std::exit(3);
  }
}

// Every number after `key:` multiplied by `factor` (kept to two decimals, as a planner writes it).
std::string scale_key(const std::string& text, const std::string& key, double factor) {
  const std::regex number("(\\b" + key + ": *)([0-9]+(\\.[0-9]+)?)");
  std::string out;
  auto last = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), number), end; it != end; ++it) {
    const auto& m = *it;
    out.append(last, m[0].first);
    out += m[1].str() + fmt::format("{:.2f}", std::stod(m[2].str()) * factor);
    last = m[0].second;
  }
  out.append(last, text.cend());
  return out;
}

std::string years_map(const std::map<int, double>& amounts) {
  std::string s = "{";
  for (const auto& [year, amount] : amounts) s += fmt::format("{}{}: {:.0f}", s.size() > 1 ? ", " : "", year, amount);
  return s + "}";
}

// The programme file: the candidates, the pairs, and the limits when known.
std::string programme_text(int n, const fs::path& debt, const std::map<std::string, std::map<int, double>>& limits) {
  std::string s = fmt::format(
      "programme:\n  name: 生成的{}个候选项目计划\n  unit: 万元\n  objective: fnpv\n  debt: {}\n  shadow_step: 10000\n\ncandidates:\n", n,
      debt.string());
  for (int i = 0; i < n; ++i) s += fmt::format("  - name: 项目{:04d}\n    model: model-{:04d}.yaml\n", i, i);
  s += "\nexclusive:\n";
  for (int i = 0; i + 1 < n; i += 10) s += fmt::format("  - [项目{:04d}, 项目{:04d}]\n", i, i + 1);
  if (!limits.empty()) {
    s += "\nconstraints:\n";
    for (const auto& [kind, amounts] : limits) s += fmt::format("  {}: {}\n", kind, years_map(amounts));
  }
  return s;
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

appraise::io::LoadedProgramme load_or_die(const fs::path& file) {
  auto l = appraise::io::load_programme(file.string());
  if (!l.programme) {
    std::fprintf(stderr, "bench_programme: the generated programme does not load:\n");
    for (const auto& d : l.diagnostics.items()) std::fprintf(stderr, "  %s\n", d.message.en.c_str());
    std::exit(2);
  }
  return l;
}

}  // namespace

int main(int argc, char** argv) {
  int n = 2000;
  fs::path keep;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--keep" && a + 1 < argc) keep = argv[++a];
    else n = std::atoi(argv[a]);
  }
  if (n < 2) {
    std::fprintf(stderr, "usage: bench_programme [CANDIDATES (2000)] [--keep DIR]\n");
    return 2;
  }
  const fs::path source = APPRAISE_SOURCE_DIR;
  const fs::path dir = keep.empty() ? fs::temp_directory_path() / fmt::format("appraise-bench-programme-{}", ::getpid()) : keep;
  fs::create_directories(dir);

  // The models.
  const std::vector<std::string> bases{"toll-bridge", "sewage-plant", "parking-revitalisation", "industrial-park"};
  std::vector<std::string> texts;
  for (const auto& b : bases) texts.push_back(read_text(source / "models" / (b + ".yaml")));
  std::mt19937_64 rng(20261130);
  const auto uniform = [&] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  for (int i = 0; i < n; ++i) {
    const double a = 0.6 + 1.0 * uniform(), b = 0.7 + 0.7 * uniform();
    write_text(dir / fmt::format("model-{:04d}.yaml", i), scale_key(scale_key(texts[static_cast<std::size_t>(i % 4)], "amount", a), "base", b));
  }
  const fs::path debt = source / "models" / "city-debt.yaml";
  const fs::path file = dir / "programme.yaml";

  // The limits: 30% of what all candidates ask (one untimed evaluation).
  write_text(file, programme_text(n, debt, {}));
  {
    const auto l = load_or_die(file);
    std::map<std::string, std::map<int, double>> limits;
    for (const auto& c : l.programme->candidates) {
      const pg::CandidateEvaluation e = pg::evaluate_candidate(c);
      for (int y = kFirstYear; y <= kLastYear; ++y) {
        limits["budget_capital"][y] += kLimitShare * pg::use_of(e, pg::LimitKind::BudgetCapital, y);
        limits["bond_quota"][y] += kLimitShare * pg::use_of(e, pg::LimitKind::BondQuota, y);
        // The fiscal ceiling is 10% of the general budget: a budget ten times the draw allowed.
        limits["general_budget"][y] += 10.0 * kLimitShare * pg::use_of(e, pg::LimitKind::FiscalCeiling, y);
      }
    }
    write_text(file, programme_text(n, debt, limits));
  }

  // The timed run.
  const auto t0 = Clock::now();
  const auto loaded = load_or_die(file);
  const pg::Programme& p = *loaded.programme;
  const double load = seconds_since(t0);
  const auto t1 = Clock::now();
  std::vector<pg::CandidateEvaluation> ev;
  ev.reserve(p.candidates.size());
  for (const auto& c : p.candidates) ev.push_back(pg::evaluate_candidate(c));
  const double evaluate = seconds_since(t1);
  const auto t2 = Clock::now();
  const pg::Choice choice = pg::choose(p, ev);
  const double choose = seconds_since(t2);
  const auto t3 = Clock::now();
  const pg::DebtJoin join = pg::join_debts(*p.debt, p, ev, choice);
  const double join_time = seconds_since(t3);
  const double total = load + evaluate + choose + join_time;

  std::size_t binding = 0;
  for (const auto& l : choice.limits) binding += l.binding();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  fmt::print("bench_programme: {} candidates ({} model files, {} exclusive pairs), {} limits over {}–{}\n", n, n, (n + 8) / 10,
             choice.limits.size(), kFirstYear, kLastYear);
  fmt::print("  load      {:8.3f} s  {:5.1f} %   the programme and its model files read and checked\n", load, 100 * load / total);
  fmt::print("  evaluate  {:8.3f} s  {:5.1f} %   every candidate's one evaluation\n", evaluate, 100 * evaluate / total);
  fmt::print("  choose    {:8.3f} s  {:5.1f} %   the MIP: {} solves (the optimum and one per limit), {} chosen, {} limits binding\n",
             choose, 100 * choose / total, choice.solves, choice.chosen_count(), binding);
  fmt::print("                               {} (time limit {:g} s): objective {:.2f}, bound {:.2f}, gap {:.4g} %\n",
             choice.proved ? "optimum proved" : "stopped at the time limit", p.time_limit, choice.objective, choice.bound,
             100 * choice.mip_gap);
  fmt::print("  join      {:8.3f} s  {:5.1f} %   {} new debts joined to the portfolio, both analysed\n", join_time, 100 * join_time / total,
             join.joined.debts.size() - join.first_new);
  fmt::print("  total     {:8.3f} s            peak resident memory {:.1f} MB (getrusage)\n", total,
             static_cast<double>(usage.ru_maxrss) / 1024.0);
  if (keep.empty()) fs::remove_all(dir);
  else fmt::print("  the files are in {}: appraise programme {}\n", dir.string(), file.string());
  return 0;
}
