#pragma once
// The replacement LP of portfolio/plan.hpp, solved with GLPK (see lp.cpp for how). This file
// knows nothing of debts or years: it sees a debts × years grid of columns with their
// coefficients, already scaled to the order of 1 so the simplex tolerances mean something.
// The only file that includes glpk.h is portfolio/lp.cpp.
#include <cstddef>
#include <vector>

namespace appraise::portfolio::detail {

/// Column j = debt · years + year. A column exists when use[j] > 0.
struct LpColumns {
  std::size_t debts = 0;
  std::size_t years = 0;
  std::vector<double> use;   // quota used by replacing the whole debt that year (scaled money)
  std::vector<double> cost;  // change in total cost per unit share (scaled money)
  std::vector<double> gap;   // change in N_T − r*·D_T per unit share (scaled: a rate)
};

enum class LpObjective {
  Cost,    // Σ cost·f
  Volume,  // Σ use·f: the quota spent
  Gap,     // Σ gap·f: how far below the target the plan takes the cost
  Extra,   // Σ z: quota needed beyond the given quotas
};

struct LpRequest {
  LpObjective objective = LpObjective::Cost;
  std::vector<double> quota;       // by year, scaled; infinity: no limit
  std::vector<char> year_allowed;  // by year: its columns may be used
  bool target = false;             // impose Σ gap·f <= target_rhs
  double target_rhs = 0;
  std::vector<char> extra;         // by year: the quota may be extended by z_y >= 0 (Extra only)
  bool feasibility_only = false;   // with `target`: stop once it is known whether it can be met
  bool whole = false;              // every debt in the master from the start: GLPK on the whole LP,
                                   // no decomposition (tests compare the two)
};

struct LpShare {
  std::size_t debt = 0;
  std::size_t year = 0;
  double share = 0;
};

struct LpOutcome {
  bool feasible = false;
  double objective = 0;  // Σ objective coefficient · value at the optimum (scaled)
  double gap = 0;        // Σ gap·f at the solution (when infeasible: the target rhs + the least slack found)
  std::vector<LpShare> shares;  // non-zero shares, by debt then year
  std::vector<double> extra;    // z by year (scaled)
  std::size_t master_debts = 0; // how many debts (or units of alike debts) the restricted LP held
};

/// Solves the LP to optimality. Infeasible only when `target` is set and no plan meets it.
[[nodiscard]] LpOutcome solve_replacement_lp(const LpColumns& cols, const LpRequest& request);

}  // namespace appraise::portfolio::detail
