#pragma once
// The 0-1 programme of programme/choice.hpp, solved with GLPK's branch and bound. This file knows
// nothing of projects or years: binary columns, rows Σ a·x ≤ upper, an objective to maximise.
// The only file of the programme domain that includes glpk.h is programme/mip.cpp.
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace appraise::programme::detail {

struct MipRow {
  std::vector<std::pair<std::size_t, double>> terms;  // (column, coefficient)
  double upper = 0;
};

struct MipProblem {
  std::size_t columns = 0;
  std::vector<double> objective;  // by column; maximised
  std::vector<char> fixed_zero;   // by column: the column is 0
  std::vector<MipRow> rows;
};

struct MipSolution {
  bool feasible = false;
  bool proved = false;  // the optimum is proved (the search ran to its end within the time)
  /// An upper bound on the optimum's objective (in the problem's units): the best bound of the
  /// search tree's open nodes when the time ran out, the objective itself when proved, +∞ when the
  /// time ran out before the first bound.
  double bound = 0;
  std::vector<char> x;  // 0 or 1 by column: the best set found (all 0 when the time ran out first)
};

/// A problem held by the solver, so that a row's bound can be changed and the problem solved
/// again (the shadow values).
class Mip {
 public:
  explicit Mip(const MipProblem& problem);
  ~Mip();
  Mip(const Mip&) = delete;
  Mip& operator=(const Mip&) = delete;

  /// Solves to proven optimality (relative gap 0) or until `seconds` have passed, whichever comes
  /// first; then the best set found and the best bound. Throws std::runtime_error when the solver fails.
  [[nodiscard]] MipSolution solve(double seconds);
  /// Changes the upper bound of row `row` (in the problem's units).
  void set_upper(std::size_t row, double upper);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace appraise::programme::detail
