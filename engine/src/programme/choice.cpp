// The choice of projects (programme/choice.hpp): the 0-1 programme built from the candidates'
// figures, solved (programme/mip.cpp), checked, priced limit by limit, and explained.
#include "appraise/programme/choice.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "mip.hpp"

namespace appraise::programme {
namespace {

// Relative tolerance of the checks in the programme's own numbers.
constexpr double kTolerance = 1e-9;

double tolerance_of(double amount) { return kTolerance * std::max(1.0, std::abs(amount)); }

const YearAmounts& amounts_of(const Constraints& c, LimitKind kind) {
  switch (kind) {
    case LimitKind::BudgetCapital: return c.budget_capital;
    case LimitKind::BondQuota: return c.bond_quota;
    case LimitKind::FiscalCeiling: return c.general_budget;
    case LimitKind::NewDebtCap: return c.new_debt_cap;
  }
  return c.budget_capital;
}

// The limits the programme states, by kind then year, at nothing used.
std::vector<Limit> stated_limits(const Constraints& c) {
  std::vector<Limit> out;
  for (LimitKind kind : {LimitKind::BudgetCapital, LimitKind::BondQuota, LimitKind::FiscalCeiling, LimitKind::NewDebtCap})
    for (const auto& [year, amount] : amounts_of(c, kind)) {
      Limit l;
      l.kind = kind;
      l.year = year;
      if (kind == LimitKind::FiscalCeiling) {
        const auto x = c.existing_commitments.find(year);
        const double existing = x == c.existing_commitments.end() ? 0.0 : x->second;
        l.available = std::max(0.0, c.fiscal_ceiling * amount - existing);
        l.available_government_pay = l.available - (c.fiscal_ceiling - c.government_pay_ceiling) * amount;
      } else {
        l.available = amount;
      }
      out.push_back(l);
    }
  return out;
}

// The 5% rule's term in a fiscal-ceiling row: s·E_y, the room a government-pay project takes away.
double government_pay_term(const Limit& l) {
  return l.available_government_pay ? l.available - *l.available_government_pay : 0.0;
}

struct Model {
  std::size_t n = 0;                 // candidates; column n is z
  std::vector<double> values;        // objective coefficient by candidate
  std::vector<std::vector<double>> use;  // use[k][i]: what candidate i asks of limit k
  detail::MipProblem problem;
};

Model build(const Programme& p, const std::vector<CandidateEvaluation>& ev, const std::vector<Limit>& limits) {
  Model m;
  m.n = p.candidates.size();
  const std::size_t z = m.n;
  m.problem.columns = m.n + 1;
  m.problem.objective.assign(m.n + 1, 0.0);
  m.problem.fixed_zero.assign(m.n + 1, 0);
  for (std::size_t i = 0; i < m.n; ++i) {
    const OptionalValue v = objective_value(p, i, ev[i]);
    if (!v.value)
      throw std::invalid_argument("candidate `" + p.candidates[i].name + "` has no objective value: " + v.reason.en);
    m.values.push_back(*v.value);
    m.problem.objective[i] = *v.value;
    if (p.require_pass && !ev[i].passed) m.problem.fixed_zero[i] = 1;
  }
  for (const Limit& l : limits) {
    detail::MipRow row;
    row.upper = l.available;
    std::vector<double> use(m.n, 0.0);
    for (std::size_t i = 0; i < m.n; ++i) {
      use[i] = use_of(ev[i], l.kind, l.year);
      if (use[i] != 0.0) row.terms.emplace_back(i, use[i]);
    }
    if (const double s = government_pay_term(l); s != 0.0) row.terms.emplace_back(z, s);
    m.use.push_back(std::move(use));
    m.problem.rows.push_back(std::move(row));
  }
  for (const auto& group : p.exclusive) {
    detail::MipRow row;
    row.upper = 1.0;
    for (std::size_t i : group) row.terms.emplace_back(i, 1.0);
    m.problem.rows.push_back(std::move(row));
  }
  for (std::size_t i = 0; i < m.n; ++i) {
    for (std::size_t j : p.candidates[i].needs) m.problem.rows.push_back({{{i, 1.0}, {j, -1.0}}, 0.0});
    if (ev[i].government_pay) m.problem.rows.push_back({{{i, 1.0}, {z, -1.0}}, 0.0});
  }
  return m;
}

double objective_of(const Model& m, const std::vector<char>& x) {
  double s = 0;
  for (std::size_t i = 0; i < m.n; ++i)
    if (x[i]) s += m.values[i];
  return s;
}

bool any_government_pay(const std::vector<CandidateEvaluation>& ev, const std::vector<char>& x) {
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (x[i] && ev[i].government_pay) return true;
  return false;
}

// The solver's set checked against every row in the programme's own numbers.
void check(const Programme& p, const std::vector<CandidateEvaluation>& ev, const Model& m, const std::vector<Limit>& limits,
           const std::vector<char>& x) {
  const bool gov = any_government_pay(ev, x);
  for (std::size_t k = 0; k < limits.size(); ++k) {
    double used = 0;
    for (std::size_t i = 0; i < m.n; ++i)
      if (x[i]) used += m.use[k][i];
    const Limit& l = limits[k];
    const double capacity = gov && l.available_government_pay ? *l.available_government_pay : l.available;
    if (capacity - used < -tolerance_of(l.available))
      throw std::runtime_error("the solver's choice exceeds the " + std::string(to_string(limits[k].kind)) + " limit of " +
                               std::to_string(limits[k].year));
  }
  for (const auto& group : p.exclusive) {
    int chosen = 0;
    for (std::size_t i : group) chosen += x[i];
    if (chosen > 1) throw std::runtime_error("the solver's choice takes two options of an exclusive group");
  }
  for (std::size_t i = 0; i < m.n; ++i) {
    for (std::size_t j : p.candidates[i].needs)
      if (x[i] && !x[j]) throw std::runtime_error("the solver's choice breaks a `requires`");
    if (x[i] && m.problem.fixed_zero[i]) throw std::runtime_error("the solver's choice takes a candidate that fails its checks");
  }
}

// The chosen option of candidate i's exclusive group, if another one is chosen.
std::optional<std::size_t> rival_of(const Programme& p, const std::vector<char>& x, std::size_t i) {
  for (const auto& group : p.exclusive)
    if (std::find(group.begin(), group.end(), i) != group.end())
      for (std::size_t j : group)
        if (j != i && x[j]) return j;
  return std::nullopt;
}

// A requirement of candidate i that is not chosen.
std::optional<std::size_t> missing_requirement(const Programme& p, const std::vector<char>& x, std::size_t i) {
  for (std::size_t j : p.candidates[i].needs)
    if (!x[j]) return j;
  return std::nullopt;
}

// The limits that adding candidate i to the chosen set would exceed, and by how much (the fiscal
// ceiling at the 5% rule when a government-pay project would then be chosen).
std::vector<Decision::Excess> excesses(const Choice& c, const Model& m, const std::vector<CandidateEvaluation>& ev, std::size_t i) {
  std::vector<Decision::Excess> out;
  const bool gov = c.government_pay_chosen || ev[i].government_pay;
  for (std::size_t k = 0; k < c.limits.size(); ++k) {
    const double room = c.limits[k].room(gov) - m.use[k][i];
    if (room < -tolerance_of(c.limits[k].available)) out.push_back({k, -room});
  }
  return out;
}

// The limits candidate i exceeds on its own, with nothing else chosen (empty when it fits alone).
std::vector<Decision::Excess> excesses_alone(const Choice& c, const Model& m, const std::vector<CandidateEvaluation>& ev,
                                             std::size_t i) {
  std::vector<Decision::Excess> out;
  for (std::size_t k = 0; k < c.limits.size(); ++k) {
    const Limit& l = c.limits[k];
    const double capacity = ev[i].government_pay && l.available_government_pay ? *l.available_government_pay : l.available;
    const double room = capacity - m.use[k][i];
    if (room < -tolerance_of(l.available)) out.push_back({k, -room});
  }
  return out;
}

// The set found when the search stopped early, completed: every candidate that still fits and
// adds value is added, highest value first (ties in the file's order). A proved optimum has none.
void complete(const Programme& p, const std::vector<CandidateEvaluation>& ev, const Model& m, Choice& c, std::vector<char>& x) {
  std::vector<std::size_t> order(m.n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return m.values[a] > m.values[b]; });
  for (std::size_t i : order) {
    if (x[i] || m.problem.fixed_zero[i] || !(m.values[i] > tolerance_of(c.objective))) continue;
    if (rival_of(p, x, i) || missing_requirement(p, x, i) || !excesses(c, m, ev, i).empty()) continue;
    x[i] = 1;
    c.objective += m.values[i];
    c.government_pay_chosen = c.government_pay_chosen || ev[i].government_pay;
    for (std::size_t k = 0; k < c.limits.size(); ++k) c.limits[k].used += m.use[k][i];
  }
}

// GLPK's relative gap: |bound − objective| / (|objective| + ε); +∞ when there is no bound.
double relative_gap(double objective, double bound) {
  if (!std::isfinite(bound)) return std::numeric_limits<double>::infinity();
  const double gap = std::abs(bound - objective) / (std::abs(objective) + std::numeric_limits<double>::epsilon());
  return gap;
}

}  // namespace

std::string_view to_string(LimitKind k) {
  switch (k) {
    case LimitKind::BudgetCapital: return "budget_capital";
    case LimitKind::BondQuota: return "bond_quota";
    case LimitKind::FiscalCeiling: return "fiscal_ceiling";
    case LimitKind::NewDebtCap: return "new_debt_cap";
  }
  return "budget_capital";
}

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::Chosen: return "chosen";
    case Verdict::FailsChecks: return "fails_checks";
    case Verdict::NotPositive: return "not_positive";
    case Verdict::Excluded: return "excluded";
    case Verdict::Dependency: return "dependency";
    case Verdict::Limits: return "limits";
  }
  return "chosen";
}

double use_of(const CandidateEvaluation& e, LimitKind kind, int year) {
  switch (kind) {
    case LimitKind::BudgetCapital: return e.in_year(e.budget_capital, year);
    case LimitKind::BondQuota: return e.in_year(e.bond_issue, year);
    // The 财政承受能力 ceilings govern PPP projects' fiscal responsibilities only.
    case LimitKind::FiscalCeiling: return e.ppp ? e.in_year(e.budget_draw, year) : 0.0;
    case LimitKind::NewDebtCap: return e.in_year(e.new_debt, year);
  }
  return 0.0;
}

std::size_t Choice::chosen_count() const {
  return static_cast<std::size_t>(
      std::count_if(decisions.begin(), decisions.end(), [](const Decision& d) { return d.verdict == Verdict::Chosen; }));
}

Choice choose(const Programme& p, const std::vector<CandidateEvaluation>& ev) {
  if (ev.size() != p.candidates.size()) throw std::invalid_argument("one evaluation per candidate is needed");
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto seconds_left = [&] {
    return std::max(0.0, p.time_limit - std::chrono::duration<double>(Clock::now() - start).count());
  };
  Choice c;
  c.limits = stated_limits(p.constraints);
  const Model m = build(p, ev, c.limits);
  detail::Mip mip(m.problem);
  // The optimum may take half the time when there are shadow values to find, all of it when not.
  const detail::MipSolution best = mip.solve(c.limits.empty() ? p.time_limit : p.time_limit / 2);
  ++c.solves;
  // Choosing nothing always fits (every limit's room is at least 0), so an infeasible answer is a bug.
  if (!best.feasible) throw std::runtime_error("the integer programme solver (GLPK) found no feasible choice");
  check(p, ev, m, c.limits, best.x);
  std::vector<char> x = best.x;
  c.objective = objective_of(m, x);
  c.government_pay_chosen = any_government_pay(ev, x);
  for (std::size_t k = 0; k < c.limits.size(); ++k)
    for (std::size_t i = 0; i < m.n; ++i)
      if (x[i]) c.limits[k].used += m.use[k][i];
  if (!best.proved) {
    complete(p, ev, m, c, x);
    check(p, ev, m, c.limits, x);
  }
  c.proved = best.proved;
  c.bound = best.proved ? c.objective : std::max(best.bound, c.objective);
  c.mip_gap = best.proved ? 0.0 : relative_gap(c.objective, c.bound);

  // Shadow values: each limit relaxed by one step, alone, and the programme solved again, each
  // solve with an equal share of the time left. The chosen set still fits the relaxed programme,
  // so a re-solve that stops early is worth at least the choice.
  for (std::size_t k = 0; k < c.limits.size(); ++k) {
    mip.set_upper(k, c.limits[k].available + p.shadow_step);
    const detail::MipSolution relaxed = mip.solve(seconds_left() / static_cast<double>(c.limits.size() - k));
    ++c.solves;
    mip.set_upper(k, c.limits[k].available);
    if (!relaxed.feasible) throw std::runtime_error("the integer programme solver (GLPK) found no feasible choice");
    const double found = std::max(objective_of(m, relaxed.x), c.objective);
    const double bound = relaxed.proved ? found : std::max(relaxed.bound, found);
    const auto positive = [&](double gain) { return gain > tolerance_of(c.objective) ? gain : 0.0; };
    Limit& l = c.limits[k];
    l.shadow = positive(found - c.objective);
    if (l.shadow > 0)
      for (std::size_t i = 0; i < m.n; ++i) {
        if (relaxed.x[i] && !x[i]) l.added.push_back(i);
        if (!relaxed.x[i] && x[i]) l.dropped.push_back(i);
      }
    // Between what the two sets prove and what the two bounds allow; one value when both are proved.
    l.shadow_low = best.proved && relaxed.proved ? l.shadow : positive(found - c.bound);
    l.shadow_high = best.proved && relaxed.proved ? l.shadow : std::max(l.shadow, positive(bound - c.objective));
  }

  // Why each candidate left out was left out.
  c.decisions.resize(m.n);
  for (std::size_t i = 0; i < m.n; ++i) {
    Decision& d = c.decisions[i];
    d.value = m.values[i];
    if (x[i]) continue;
    if (m.problem.fixed_zero[i]) {
      d.verdict = Verdict::FailsChecks;
      continue;
    }
    if (!(d.value > 0)) {
      d.verdict = Verdict::NotPositive;
      continue;
    }
    d.because = rival_of(p, x, i);
    if (d.because) {
      d.verdict = Verdict::Excluded;
      continue;
    }
    d.because = missing_requirement(p, x, i);
    if (d.because) {
      d.verdict = Verdict::Dependency;
      continue;
    }
    d.exceeds = excesses_alone(c, m, ev, i);
    d.alone = !d.exceeds.empty();
    if (!d.alone) d.exceeds = excesses(c, m, ev, i);
    if (!d.exceeds.empty()) {
      d.verdict = Verdict::Limits;
      continue;
    }
    // Nothing keeps it out, so it can only add less than the solver's tolerance.
    if (d.value <= tolerance_of(c.objective)) {
      d.verdict = Verdict::NotPositive;
      continue;
    }
    throw std::runtime_error("candidate `" + p.candidates[i].name + "` fits and adds to the objective, but was not chosen");
  }
  return c;
}

}  // namespace appraise::programme
