#include "rate_roots.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace appraise::detail {
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

struct Cell {
  double a, b, pa, pb;
};

}  // namespace

PowerEval evaluate(const PowerSum& s, double x) {
  PowerEval r;
  const std::size_t n = s.size();
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
  double x = (x0 > lo && x0 < hi) ? x0 : 0.5 * (lo + hi);
  double last_width = hi - lo;
  for (int it = 0; it < kRefineCap; ++it) {
    const PowerEval ev = evaluate(s, x);
    ++evaluations;
    if (ev.p == 0.0 || std::abs(ev.p) <= noise(s, ev.abs_sum)) return x;
    if (opposite(ev.p, p_lo)) {
      hi = x;
    } else {
      lo = x;
      p_lo = ev.p;
    }
    double next = ev.dp != 0.0 ? x - ev.p / ev.dp : lo;
    // Newton is trusted only while it stays inside the bracket and the bracket keeps halving;
    // otherwise bisect, which guarantees progress.
    const double width = hi - lo;
    if (!(next > lo && next < hi) || width > 0.5 * last_width) next = 0.5 * (lo + hi);
    last_width = width;
    if (std::abs(next - x) <= 2.0 * kEps * std::abs(x) || width <= 4.0 * kEps * std::abs(x)) return next;
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
    return evaluate(s, x).p;
  };
  // Records a root and returns the half-width of the interval around it on which p is monotone
  // (|p'(x)| > max|p''| · h), so that interval cannot hold a second root.
  auto settle = [&](double x, double cell_end, bool touching) {
    const PowerEval ev = evaluate(s, x);
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
      const double x = refine_root(s, c.a, c.b, c.pa, guess, out.evaluations, ok);
      out.converged = out.converged && ok;
      const double h = settle(x, c.b, false);
      push(c.a, x - h);
      push(x + h, c.b);
      continue;
    }
    // Same sign at both ends: prove the cell empty, or split it.
    const double m = 0.5 * (c.a + c.b);
    const double half = 0.5 * (c.b - c.a);
    const PowerEval em = evaluate(s, m);
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
  // A touching candidate next to a crossing root, or several candidates along one flat stretch,
  // are the same root.
  std::vector<UnitRoot> merged;
  for (const auto& r : out.roots) {
    if (!merged.empty() && std::abs(r.x - merged.back().x) <= 1e-9 * std::max(r.x, 1e-300)) {
      if (merged.back().touching && !r.touching) merged.back() = r;
      continue;
    }
    merged.push_back(r);
  }
  out.roots = std::move(merged);
  return out;
}

int sign_changes(std::span<const double> values) {
  int changes = 0;
  int last = 0;
  for (double v : values) {
    const int sgn = v > 0 ? 1 : (v < 0 ? -1 : 0);
    if (sgn == 0) continue;
    if (last != 0 && sgn != last) ++changes;
    last = sgn;
  }
  return changes;
}

}  // namespace appraise::detail
