// The root enumeration as it was before the sign certificates (engine/src/core/rate_roots.cpp
// up to commit 4097113), kept unchanged as a test-only oracle: tests/test_rate_roots.cpp checks
// that the engine's enumeration finds the same roots, to the last bit, with the same flags, on
// many series with several sign changes. Not part of the engine; do not call it from there.
#include "rate_roots_oracle.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace appraise::oracle {

using detail::PowerEval;
using detail::PowerSum;
using detail::UnitRoot;
using detail::UnitRoots;
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr int kRefineCap = 200;      // bisection alone reaches machine precision in ~60 steps
constexpr int kCellBudget = 400000;  // cells examined before enumeration reports incomplete
constexpr double kMinWidth = 1e-13;  // cells narrower than this are not split further

// Rounding-error scale of an evaluation: each of the n terms contributes a few ulps of its
// magnitude (Horner's rule: at most 2n roundings, Higham, Accuracy and Stability, §5.1).
double noise(const PowerSum& s, double abs_sum) {
  return 4.0 * static_cast<double>(s.size()) * kEps * abs_sum;
}

// Bounds on |p'| (order 1) and |p''| (order 2) over [0, b], b <= 1: the derivative of Σ|a_k| x^e_k,
// which is increasing in x, evaluated at b.
double derivative_bound(const PowerSum& s, double b, int order) {
  const std::size_t n = s.size();
  double acc = 0.0;
  if (s.e.empty()) {
    // Horner on k(k-1)..(k-order+1)|a_k| b^(k-order).
    for (std::size_t k = n; k-- > static_cast<std::size_t>(order);) {
      const double kk = static_cast<double>(k);
      const double factor = order == 1 ? kk : kk * (kk - 1.0);
      acc = acc * b + factor * std::abs(s.coefficient(k));
    }
    return acc;
  }
  for (std::size_t k = 0; k < n; ++k) {
    const double e = static_cast<double>(s.e[k]);
    if (e < order) continue;
    const double factor = order == 1 ? e : e * (e - 1.0);
    acc += factor * std::abs(s.a[k]) * std::pow(b, e - order);
  }
  return acc;
}

bool opposite(double u, double w) { return (u < 0.0 && w > 0.0) || (u > 0.0 && w < 0.0); }

// A dense power sum by Horner's rule on four interleaved strands, p(x) = Σ_j x^j·P_j(x^4) with
// P_j(z) = Σ_m a_(4m+j) z^m, so four short dependency chains run side by side instead of one
// long one (an evaluation is latency-bound: this makes it about three times faster for a 30-year
// series). p'(x) = Σ_j [j·x^(j-1)·P_j(z) + 4x^3·x^j·P_j'(z)], with P_j' by Horner's derivative
// recurrence. The rounding error stays within the bound noise() assumes (each strand is a
// quarter as long; z = x^4 adds 3 roundings per power of z).
template <bool Reversed>
PowerEval strands(std::span<const double> a, double x) {
  const std::size_t n = a.size();
  auto coef = [&](std::size_t k) { return Reversed ? a[n - 1 - k] : a[k]; };
  const double x2 = x * x, z = x2 * x2;
  double p0 = 0, p1 = 0, p2 = 0, p3 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
  std::size_t m = (n - 1) / 4;  // the top block may be partial: its missing coefficients are 0
  {
    const std::size_t k = 4 * m;
    const double c0 = coef(k), c1 = k + 1 < n ? coef(k + 1) : 0.0, c2 = k + 2 < n ? coef(k + 2) : 0.0,
                 c3 = k + 3 < n ? coef(k + 3) : 0.0;
    p0 = c0, p1 = c1, p2 = c2, p3 = c3;
    b0 = std::abs(c0), b1 = std::abs(c1), b2 = std::abs(c2), b3 = std::abs(c3);
  }
  while (m-- > 0) {
    const std::size_t k = 4 * m;
    const double c0 = coef(k), c1 = coef(k + 1), c2 = coef(k + 2), c3 = coef(k + 3);
    d0 = d0 * z + p0, d1 = d1 * z + p1, d2 = d2 * z + p2, d3 = d3 * z + p3;
    p0 = p0 * z + c0, p1 = p1 * z + c1, p2 = p2 * z + c2, p3 = p3 * z + c3;
    b0 = b0 * z + std::abs(c0), b1 = b1 * z + std::abs(c1), b2 = b2 * z + std::abs(c2), b3 = b3 * z + std::abs(c3);
  }
  PowerEval r;
  r.p = p0 + x * (p1 + x * (p2 + x * p3));
  r.dp = p1 + x * (2.0 * p2 + 3.0 * x * p3) + 4.0 * x2 * x * (d0 + x * (d1 + x * (d2 + x * d3)));
  r.abs_sum = b0 + x * (b1 + x * (b2 + x * b3));
  return r;
}

PowerEval evaluate_strands(const PowerSum& s, double x) {
  return s.reversed ? strands<true>(s.a, x) : strands<false>(s.a, x);
}

struct Cell {
  double a, b, pa, pb;
};

}  // namespace

PowerEval evaluate(const PowerSum& s, double x) {
  PowerEval r;
  const std::size_t n = s.size();
  if (s.e.empty() && n >= 8) return evaluate_strands(s, x);
  if (s.e.empty()) {
    double p = 0.0, dp = 0.0, ab = 0.0;
    if (s.reversed) {
      for (std::size_t i = 0; i < n; ++i) {  // coefficient k = n-1-i, highest power first
        dp = dp * x + p;
        p = p * x + s.a[i];
        ab = ab * x + std::abs(s.a[i]);
      }
    } else {
      for (std::size_t k = n; k-- > 0;) {
        dp = dp * x + p;
        p = p * x + s.a[k];
        ab = ab * x + std::abs(s.a[k]);
      }
    }
    r.p = p;
    r.dp = dp;
    r.abs_sum = ab;
    return r;
  }
  for (std::size_t k = 0; k < n; ++k) {
    const double e = static_cast<double>(s.e[k]);
    if (e == 0.0) {
      r.p += s.a[k];
      r.abs_sum += std::abs(s.a[k]);
      continue;
    }
    const double xe1 = std::pow(x, e - 1.0);
    r.p += s.a[k] * xe1 * x;
    r.dp += s.a[k] * e * xe1;
    r.abs_sum += std::abs(s.a[k]) * xe1 * x;
  }
  return r;
}

double refine_root(const PowerSum& s, double lo, double hi, double p_lo, double x0, int& evaluations,
                   bool& converged) {
  // Safeguarded Newton (Numerical Recipes' rtsafe): a Newton step is taken when it stays inside
  // the bracket and at least halves the step before last; otherwise the bracket is split. Split
  // points are geometric when the bracket spans binades (a root can sit at 1e-150 in (0, 1]:
  // halving would need 500 steps), arithmetic otherwise.
  double x = (x0 > lo && x0 < hi) ? x0 : 0.5 * (lo + hi);
  double step_before = hi - lo, step = step_before;
  double last_newton = 0.0;  // size of the previous step when it was a Newton step, else 0
  int gallop = 0;
  auto split = [&] {
    if (lo == 0.0) {
      const int shift = std::min(1 << std::min(gallop++, 11), 1100);  // hi/2, hi/4, hi/16, hi/256, ...
      return std::max(std::ldexp(hi, -shift), std::numeric_limits<double>::denorm_min());
    }
    return hi > 4.0 * lo ? std::sqrt(lo) * std::sqrt(hi) : 0.5 * (lo + hi);
  };
  for (int it = 0; it < kRefineCap; ++it) {
    const PowerEval ev = oracle::evaluate(s, x);
    ++evaluations;
    if (ev.p == 0.0) return x;
    if (opposite(ev.p, p_lo)) {
      hi = x;
    } else {
      lo = x;
      p_lo = ev.p;
    }
    const double newton = ev.dp != 0.0 ? x - ev.p / ev.dp : x;
    const bool newton_ok = ev.dp != 0.0 && newton > lo && newton < hi;
    // |p| within its own rounding error: p's sign no longer says which side the root is on. One
    // last Newton step (it moves by about the rounding error over p') polishes x.
    if (std::abs(ev.p) <= noise(s, ev.abs_sum)) return newton_ok ? newton : x;
    double next = newton;
    if (!newton_ok || std::abs(2.0 * ev.p) > std::abs(step_before * ev.dp)) {
      next = split();
      step_before = step;
      step = hi - lo;
      last_newton = 0.0;
    } else {
      step_before = step;
      step = x - newton;
      // Newton converges quadratically, e_(k+1) ≈ C·e_k², and near the root each step is about
      // the error it removes: C ≈ |step_k| / step_(k-1)². When two successive Newton steps show
      // that contraction and predict this step leaves an error below a quarter ulp, the new
      // iterate is the root to machine precision: evaluating it again would only confirm it.
      const double d = std::abs(step);
      if (last_newton > 0.0 && d <= 1e-2 * last_newton &&
          (d / (last_newton * last_newton)) * d * d <= 0.25 * kEps * std::abs(newton))
        return newton;
      last_newton = d;
    }
    if (!(next > lo && next < hi)) return x;  // no double left strictly inside the bracket
    if (std::abs(next - x) <= 2.0 * kEps * std::abs(x) || hi - lo <= 4.0 * kEps * std::abs(x)) return next;
    x = next;
  }
  converged = false;
  return x;
}

UnitRoots roots_in_unit_interval(const PowerSum& s) {
  UnitRoots out;
  std::vector<Cell> stack;
  auto value = [&](double x) {
    ++out.evaluations;
    return oracle::evaluate(s, x).p;
  };
  // Records a root and returns the half-width of the interval around it on which p is monotone
  // (|p'(x)| > max|p''| · h), so that interval cannot hold a second root.
  auto settle = [&](double x, double cell_end, bool touching) {
    const PowerEval ev = oracle::evaluate(s, x);
    ++out.evaluations;
    out.roots.push_back({x, ev.abs_sum > 0 ? std::abs(ev.p) / ev.abs_sum : 0.0, touching});
    const double m2 = derivative_bound(s, std::min(1.0, cell_end), 2);
    double h = m2 > 0 ? std::abs(ev.dp) / m2 : 1.0;
    return std::max(h, 8.0 * kEps * std::max(x, 1e-300));
  };
  auto push = [&](double a, double b) {
    if (b - a > 0) stack.push_back({a, b, value(a), value(b)});
  };

  constexpr int kGrid = 16;
  std::vector<double> grid(kGrid + 1), pg(kGrid + 1);
  for (int i = 0; i <= kGrid; ++i) {
    grid[i] = static_cast<double>(i) / kGrid;
    pg[i] = value(grid[i]);
  }
  // Exact zeros on the grid are roots; the cells next to them start just past their
  // monotone neighbourhood.
  std::vector<double> lo_adj(kGrid + 1, 0.0), hi_adj(kGrid + 1, 0.0);
  for (int i = 1; i <= kGrid; ++i) {
    if (pg[i] == 0.0) {
      const double h = settle(grid[i], 1.0, false);
      lo_adj[i] = h;
      hi_adj[i] = h;
    }
  }
  for (int i = kGrid; i-- > 0;) {
    const double a = grid[i] + hi_adj[i];
    const double b = grid[i + 1] - lo_adj[i + 1];
    if (b <= a) continue;
    if (hi_adj[i] == 0.0 && lo_adj[i + 1] == 0.0)
      stack.push_back({a, b, pg[i], pg[i + 1]});
    else
      push(a, b);
  }

  int cells = 0;
  while (!stack.empty()) {
    const Cell c = stack.back();
    stack.pop_back();
    if (++cells > kCellBudget) {
      out.complete = false;
      break;
    }
    if (c.pb == 0.0 || c.pa == 0.0) {
      // A root exactly at a cell end found by an earlier split: settle it and shrink the cell.
      const double x = c.pa == 0.0 ? c.a : c.b;
      const double h = settle(x, c.b, false);
      if (c.pa == 0.0) push(c.a + h, c.b);
      else push(c.a, c.b - h);
      continue;
    }
    if (opposite(c.pa, c.pb)) {
      const double guess = c.a - c.pa * (c.b - c.a) / (c.pb - c.pa);  // false position
      bool ok = true;
      const double x = oracle::refine_root(s, c.a, c.b, c.pa, guess, out.evaluations, ok);
      out.converged = out.converged && ok;
      const double h = settle(x, c.b, false);
      push(c.a, x - h);
      push(x + h, c.b);
      continue;
    }
    // Same sign at both ends: prove the cell empty, or split it.
    const double m = 0.5 * (c.a + c.b);
    const double half = 0.5 * (c.b - c.a);
    const PowerEval em = oracle::evaluate(s, m);
    ++out.evaluations;
    if (opposite(em.p, c.pa) || em.p == 0.0) {
      stack.push_back({c.a, m, c.pa, em.p});
      stack.push_back({m, c.b, em.p, c.pb});
      continue;
    }
    const double tol = noise(s, em.abs_sum);
    const double d1 = derivative_bound(s, c.b, 1);
    const double d2 = derivative_bound(s, c.b, 2);
    const bool lipschitz_clear = std::abs(c.pa) + std::abs(c.pb) - 2.0 * tol > d1 * (c.b - c.a);
    const bool taylor_clear = std::abs(em.p) - tol > std::abs(em.dp) * half + 0.5 * d2 * half * half;
    const bool monotone = std::abs(em.dp) > d2 * half;  // ends of one sign and monotone: no root
    if (lipschitz_clear || taylor_clear || monotone) continue;
    if (c.b - c.a < kMinWidth * std::max(1.0, c.b)) {
      // Too narrow to split: p is within rounding of zero here without crossing it.
      if (std::abs(em.p) <= 16.0 * tol) out.roots.push_back({m, std::abs(em.p) / em.abs_sum, true});
      continue;
    }
    stack.push_back({c.a, m, c.pa, em.p});
    stack.push_back({m, c.b, em.p, c.pb});
  }

  std::sort(out.roots.begin(), out.roots.end(), [](const UnitRoot& l, const UnitRoot& r) { return l.x < r.x; });
  // Near a multiple root p stays within its rounding error over a stretch of about
  // sqrt(noise / p'') (1e-8 relative for a double root), and rounding makes it cross zero there
  // many times: every candidate along one such stretch is the same root. Two neighbouring
  // candidates belong to one stretch when p is within rounding of zero halfway between them;
  // the stretch is reported at its centre, which for a double root is within a small fraction
  // of the stretch of the true root.
  struct Stretch {
    double first, last;
    bool touching;
  };
  std::vector<Stretch> stretches;
  for (const auto& r : out.roots) {
    if (!stretches.empty()) {
      auto& cur = stretches.back();
      const PowerEval em = oracle::evaluate(s, 0.5 * (cur.last + r.x));
      ++out.evaluations;
      if (r.x - cur.last <= 1e-9 * std::max(r.x, 1e-300) || std::abs(em.p) <= 16.0 * noise(s, em.abs_sum)) {
        cur.last = r.x;
        cur.touching = cur.touching && r.touching;
        continue;
      }
    }
    stretches.push_back({r.x, r.x, r.touching});
  }
  std::vector<UnitRoot> merged;
  for (const auto& st : stretches) {
    const double x = st.first == st.last ? st.first : 0.5 * (st.first + st.last);
    const PowerEval ev = oracle::evaluate(s, x);
    ++out.evaluations;
    merged.push_back({x, ev.abs_sum > 0 ? std::abs(ev.p) / ev.abs_sum : 0.0, st.touching});
  }
  out.roots = std::move(merged);
  return out;
}

}  // namespace appraise::oracle
