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
  std::vector<char> x;  // 0 or 1 by column
};

/// A problem held by the solver, so that a row's bound can be changed and the problem solved
/// again (the shadow values).
class Mip {
 public:
  explicit Mip(const MipProblem& problem);
  ~Mip();
  Mip(const Mip&) = delete;
  Mip& operator=(const Mip&) = delete;

  /// Solves to proven optimality (relative gap 0). Throws std::runtime_error when the solver fails.
  [[nodiscard]] MipSolution solve();
  /// Changes the upper bound of row `row` (in the problem's units).
  void set_upper(std::size_t row, double upper);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace appraise::programme::detail
