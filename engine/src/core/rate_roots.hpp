#pragma once
// Private to the engine: finding every rate r in (-100%, +inf) at which a stream of flows has
// zero present value. irr, xirr and the spreadsheet RATE all solve this one problem.
//
// The present value Σ c_k (1+r)^-t_k is written as a sum of integer powers of a bounded variable
// so that nothing overflows however long the series or extreme the rate:
//   r >= 0:  x = (1+r)^(-1/b) in (0, 1],  p(x) = Σ c_k x^(e_k)          (e_k = t_k·b)
//   r <  0:  y = (1+r)^( 1/b) in (0, 1),  q(y) = Σ c_k y^(E - e_k)      (E = max e_k)
// p and q have the sign of the present value (q is it times a positive factor). b = 1 for
// periodic flows (exponents are period numbers) and the day-count basis for dated flows
// (exponents are days).
//
// Roots are enumerated deterministically with a Lipschitz branch-and-bound on [0, 1]: a cell
// [a, b] holds no root when |p(a)| + |p(b)| > max|p'| · (b - a), with max|p'| bounded by
// Σ e_k |c_k| b^(e_k - 1). Cells that cannot be excluded are split; cells whose ends differ in
// sign are solved by safeguarded Newton (Newton inside a shrinking bracket, bisection when a
// step leaves it). No eigenvalues, no random starts: the same input gives the same bits.
// Before a cell is searched, a sign certificate (p = P − N, both monotone) may prove p of one
// sign on it with a margin; such a cell is skipped, which changes no root the search finds
// (rate_roots.cpp says why) and spares most of the evaluations: the grid's cells are offered
// to it in dyadic blocks, so a project's flows are mostly cleared by a handful of passes.

#include <cstddef>
#include <span>
#include <vector>

namespace appraise::detail {

/// A power sum Σ a_k x^(e_k) with e_0 = 0 < e_1 < ... and a_0 != 0. A view: it borrows the
/// caller's arrays, so the periodic fast path allocates nothing.
struct PowerSum {
  std::span<const double> a;
  std::span<const long> e;  // empty: dense, e_k = k, evaluated by Horner's rule
  bool reversed = false;    // dense only: coefficient k is a[size - 1 - k]
  [[nodiscard]] std::size_t size() const { return a.size(); }
  [[nodiscard]] double coefficient(std::size_t k) const { return reversed ? a[a.size() - 1 - k] : a[k]; }
  [[nodiscard]] double exponent(std::size_t k) const { return e.empty() ? static_cast<double>(k) : static_cast<double>(e[k]); }
};

/// Value, derivative and Σ|a_k| x^(e_k) (the scale that bounds rounding error) at x.
struct PowerEval {
  double p = 0, dp = 0, abs_sum = 0;
};

[[nodiscard]] PowerEval evaluate(const PowerSum& s, double x);

struct UnitRoot {
  double x = 0;
  double residual = 0;   // |p(x)| / Σ|a_k| x^(e_k)
  bool touching = false; // p touches zero without changing sign (a root of even multiplicity)
};

struct UnitRoots {
  std::vector<UnitRoot> roots;  // ascending in x
  int evaluations = 0;
  bool complete = true;         // false if the cell budget ran out before every cell was settled
  bool converged = true;        // false if a bracketed refinement hit its iteration cap
};

/// Every root of s in (0, 1]. s.a[0] != 0 so x = 0 is never a root.
[[nodiscard]] UnitRoots roots_in_unit_interval(const PowerSum& s);

/// The root of s in the bracket (lo, hi), where p(lo) and p(hi) differ in sign, starting from
/// x0. Adds to `evaluations`; sets `converged` false on hitting the iteration cap.
[[nodiscard]] double refine_root(const PowerSum& s, double lo, double hi, double p_lo, double x0,
                                 int& evaluations, bool& converged);

/// Number of sign changes in `values`, zeros skipped (Descartes' rule of signs bounds the
/// number of positive roots by it).
[[nodiscard]] int sign_changes(std::span<const double> values);

}  // namespace appraise::detail
