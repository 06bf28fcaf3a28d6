#include "rate_roots.hpp"

#include <algorithm>
#include <array>
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

// A dense power sum by Horner's rule on four interleaved strands, p(x) = Σ_j x^j·P_j(x^4) with
// P_j(z) = Σ_m a_(4m+j) z^m, so four short dependency chains run side by side instead of one
// long one (an evaluation is latency-bound: this makes it about three times faster for a 30-year
// series). p'(x) = Σ_j [j·x^(j-1)·P_j(z) + 4x^3·x^j·P_j'(z)], with P_j' by Horner's derivative
// recurrence. The rounding error stays within the bound noise() assumes (each strand is a
// quarter as long; z = x^4 adds 3 roundings per power of z).
// Two strands side by side in one 128-bit register (SSE2 on x86-64, NEON on ARM64), by the
// vector extension GCC and Clang share. Each lane does the scalar arithmetic of its strand —
// the same multiplications and additions in the same order, each rounded alone — so the result
// is the same bits as four scalar strands, in half the instructions.
typedef double Lanes __attribute__((vector_size(16)));
typedef long long LaneBits __attribute__((vector_size(16)));

Lanes lanes_abs(Lanes v) { return reinterpret_cast<Lanes>(reinterpret_cast<LaneBits>(v) & LaneBits{~0LL ^ (1LL << 63), ~0LL ^ (1LL << 63)}); }

template <bool Reversed>
PowerEval strands(std::span<const double> a, double x) {
  const std::size_t n = a.size();
  auto coef = [&](std::size_t k) { return Reversed ? a[n - 1 - k] : a[k]; };
  const double x2 = x * x, z = x2 * x2;
  const Lanes zz = {z, z};
  Lanes p01, p23, d01 = {0, 0}, d23 = {0, 0}, b01, b23;
  std::size_t m = (n - 1) / 4;  // the top block may be partial: its missing coefficients are 0
  {
    const std::size_t k = 4 * m;
    p01 = Lanes{coef(k), k + 1 < n ? coef(k + 1) : 0.0};
    p23 = Lanes{k + 2 < n ? coef(k + 2) : 0.0, k + 3 < n ? coef(k + 3) : 0.0};
    b01 = lanes_abs(p01);
    b23 = lanes_abs(p23);
  }
  while (m-- > 0) {
    const std::size_t k = 4 * m;
    const Lanes c01 = {coef(k), coef(k + 1)}, c23 = {coef(k + 2), coef(k + 3)};
    d01 = d01 * zz + p01, d23 = d23 * zz + p23;
    p01 = p01 * zz + c01, p23 = p23 * zz + c23;
    b01 = b01 * zz + lanes_abs(c01), b23 = b23 * zz + lanes_abs(c23);
  }
  const double p0 = p01[0], p1 = p01[1], p2 = p23[0], p3 = p23[1];
  const double d0 = d01[0], d1 = d01[1], d2 = d23[0], d3 = d23[1];
  PowerEval r;
  r.p = p0 + x * (p1 + x * (p2 + x * p3));
  r.dp = p1 + x * (2.0 * p2 + 3.0 * x * p3) + 4.0 * x2 * x * (d0 + x * (d1 + x * (d2 + x * d3)));
  r.abs_sum = b01[0] + x * (b01[1] + x * (b23[0] + x * b23[1]));
  return r;
}

PowerEval evaluate_strands(const PowerSum& s, double x) {
  return s.reversed ? strands<true>(s.a, x) : strands<false>(s.a, x);
}

// The sign certificate
// --------------------
// Write p = P − N, P the sum of the terms with a positive coefficient and N the magnitudes of
// the others: both are sums of non-negative multiples of powers of x, so both are
// non-decreasing on x ≥ 0, and on a cell [a, b]
//     P(a) − N(b) ≤ p(x) ≤ P(b) − N(a).
// So P(a) − N(b) > 0 proves p positive on the whole cell, and N(a) − P(b) > 0 proves it
// negative, from four numbers that two passes over the coefficients give. Unlike the Lipschitz
// bound, which charges every term's slope against |p|, this charges only the slope of the
// terms of the other sign, and it clears wide cells: for a project's flows (outlays first, then
// inflows) most of [0, 1] is cleared by the first few dyadic blocks of the grid.
//
// Why a cleared cell loses nothing: the search below is the Lipschitz branch-and-bound it always
// was, and a certificate only skips a cell on which that search would have found nothing. The
// certificate asks for a margin, |p| > kCertificateMargin · n · eps · (P + N)(b) on the whole
// cell, after allowing for the rounding of P and N themselves (relative error at most about
// n·eps for these sums of non-negative terms, Higham §5.1; the strands' error is within that).
// Every evaluation of p the search could make inside the cell errs by at most about 2·n·eps
// times (P + N)(x) ≤ (P + N)(b) (the bound noise() allows for is 4·n·eps), so each one has the
// sign of p and is farther from zero than the 16·noise below which the search records a
// touching root: no sign change, no zero and no touching root can be seen there, and every
// cell the search would have made inside it would have been excluded or split again with the
// same outcome. The roots the search finds, and the brackets and starting points it refines
// them from, are therefore exactly those of the search without certificates (the test-only
// oracle in tests/oracle/ is that search; tests/test_rate_roots.cpp compares the two bit for
// bit). Only the cell budget counts fewer cells, so a search that would have run out of budget
// may now finish.
constexpr double kCertificateMargin = 128.0;

struct SignSplit {
  double pos = 0, neg = 0;  // P(x) and N(x)
};

// P(x) and N(x) of a dense power sum on four interleaved strands (as strands() above: the
// evaluation is latency-bound), coefficient k being a[k], or a[n − 1 − k] when reversed.
template <bool Reversed>
SignSplit split_strands(std::span<const double> a, double x) {
  const std::size_t n = a.size();
  auto coef = [&](std::size_t k) { return Reversed ? a[n - 1 - k] : a[k]; };
  const Lanes zero = {0, 0};
  // c's positive part and the magnitude of its negative part.
  auto positive = [&](Lanes c) { return reinterpret_cast<Lanes>(reinterpret_cast<LaneBits>(c > zero) & reinterpret_cast<LaneBits>(c)); };
  auto negative = [&](Lanes c) { return reinterpret_cast<Lanes>(reinterpret_cast<LaneBits>(c < zero) & reinterpret_cast<LaneBits>(-c)); };
  const double z = (x * x) * (x * x);
  const Lanes zz = {z, z};
  std::size_t m = (n - 1) / 4;
  const std::size_t top = 4 * m;
  const Lanes t01 = {coef(top), top + 1 < n ? coef(top + 1) : 0.0};
  const Lanes t23 = {top + 2 < n ? coef(top + 2) : 0.0, top + 3 < n ? coef(top + 3) : 0.0};
  Lanes p01 = positive(t01), p23 = positive(t23), q01 = negative(t01), q23 = negative(t23);
  while (m-- > 0) {
    const std::size_t k = 4 * m;
    const Lanes c01 = {coef(k), coef(k + 1)}, c23 = {coef(k + 2), coef(k + 3)};
    p01 = p01 * zz + positive(c01), p23 = p23 * zz + positive(c23);
    q01 = q01 * zz + negative(c01), q23 = q23 * zz + negative(c23);
  }
  return {p01[0] + x * (p01[1] + x * (p23[0] + x * p23[1])), q01[0] + x * (q01[1] + x * (q23[0] + x * q23[1]))};
}

SignSplit split_at(const PowerSum& s, double x) {
  if (s.e.empty()) return s.reversed ? split_strands<true>(s.a, x) : split_strands<false>(s.a, x);
  SignSplit r;
  for (std::size_t k = 0; k < s.size(); ++k) {
    const double term = s.e[k] == 0 ? s.a[k] : s.a[k] * std::pow(x, static_cast<double>(s.e[k]));
    (term > 0 ? r.pos : r.neg) += std::abs(term);
  }
  return r;
}

// +1 or −1 when the certificate proves p of that sign on [a, b] (with the margin above), given
// P and N at a and b; 0 when it cannot.
int certified_sign(const PowerSum& s, const SignSplit& at_a, const SignSplit& at_b) {
  const double margin = (kCertificateMargin * static_cast<double>(s.size()) + 64.0) * kEps * (at_b.pos + at_b.neg);
  if (at_a.pos > at_b.neg + margin) return 1;
  if (at_a.neg > at_b.pos + margin) return -1;
  return 0;
}

// A cell of the search: its ends, p there, and P and N there once computed.
struct Cell {
  double a, b, pa, pb;
  bool tried = false;  // the certificate was tried on exactly this cell, or cannot clear it
  bool split_a = false, split_b = false;
  SignSplit sa{}, sb{};
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
    const PowerEval ev = evaluate(s, x);
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
  // The cells still to search, and the stretches of roots below: memory kept by the thread, as
  // a Monte Carlo worker enumerates the roots of millions of series.
  thread_local std::vector<Cell> stack;
  stack.clear();
  auto value = [&](double x) {
    ++out.evaluations;
    return evaluate(s, x).p;
  };
  auto split = [&](double x) {
    ++out.evaluations;
    return split_at(s, x);
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

  // The grid of 16 cells. Blocks of 16, 8, 4 and 2 cells and then single cells are offered to
  // the certificate first (P and N at the block ends, each grid point computed once); only the
  // cells it cannot clear are searched, and only their ends are evaluated.
  constexpr int kGrid = 16;
  std::array<double, kGrid + 1> grid{}, pg{};
  std::array<SignSplit, kGrid + 1> sg{};
  std::array<bool, kGrid + 1> have_sg{}, have_pg{};
  std::array<bool, kGrid> open{};
  for (int i = 0; i <= kGrid; ++i) grid[i] = static_cast<double>(i) / kGrid;
  auto split_grid = [&](int i) -> const SignSplit& {
    if (!have_sg[i]) sg[i] = split(grid[i]), have_sg[i] = true;
    return sg[i];
  };
  auto offer = [&](auto&& self, int lo, int hi) -> void {
    if (certified_sign(s, split_grid(lo), split_grid(hi)) != 0) return;
    if (hi - lo == 1) {
      open[lo] = true;
      return;
    }
    self(self, lo, (lo + hi) / 2);
    self(self, (lo + hi) / 2, hi);
  };
  offer(offer, 0, kGrid);
  for (int i = 0; i < kGrid; ++i)
    if (open[i])
      for (int k : {i, i + 1})
        if (!have_pg[k]) pg[k] = value(grid[k]), have_pg[k] = true;
  // Exact zeros on the grid are roots; the cells next to them start just past their
  // monotone neighbourhood. (A grid point next to a cleared cell is not a zero: the certificate
  // keeps p away from zero there.)
  std::array<double, kGrid + 1> lo_adj{}, hi_adj{};
  for (int i = 1; i <= kGrid; ++i) {
    if (have_pg[i] && pg[i] == 0.0) {
      const double h = settle(grid[i], 1.0, false);
      lo_adj[i] = h;
      hi_adj[i] = h;
    }
  }
  for (int i = kGrid; i-- > 0;) {
    if (!open[i]) continue;
    const double a = grid[i] + hi_adj[i];
    const double b = grid[i + 1] - lo_adj[i + 1];
    if (b <= a) continue;
    if (hi_adj[i] == 0.0 && lo_adj[i + 1] == 0.0)
      stack.push_back({a, b, pg[i], pg[i + 1], true, true, true, sg[i], sg[i + 1]});
    else
      push(a, b);
  }

  int cells = 0;
  while (!stack.empty()) {
    Cell c = stack.back();
    stack.pop_back();
    if (++cells > kCellBudget) {
      out.complete = false;
      break;
    }
    if (!c.tried) {
      if (!c.split_a) c.sa = split(c.a), c.split_a = true;
      if (!c.split_b) c.sb = split(c.b), c.split_b = true;
      if (certified_sign(s, c.sa, c.sb) != 0) continue;
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
      if (x - h > c.a) stack.back().split_a = c.split_a, stack.back().sa = c.sa;
      push(x + h, c.b);
      if (c.b > x + h) stack.back().split_b = c.split_b, stack.back().sb = c.sb;
      continue;
    }
    // Same sign at both ends: prove the cell empty, or split it.
    const double m = 0.5 * (c.a + c.b);
    const double half = 0.5 * (c.b - c.a);
    const PowerEval em = evaluate(s, m);
    ++out.evaluations;
    if (opposite(em.p, c.pa) || em.p == 0.0) {
      // Both halves have ends of opposite sign or a zero end: no certificate can clear them.
      stack.push_back({c.a, m, c.pa, em.p, true});
      stack.push_back({m, c.b, em.p, c.pb, true});
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
    const SignSplit sm = split(m);
    stack.push_back({c.a, m, c.pa, em.p, false, c.split_a, true, c.sa, sm});
    stack.push_back({m, c.b, em.p, c.pb, false, true, c.split_b, sm, c.sb});
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
  thread_local std::vector<Stretch> stretches;
  stretches.clear();
  for (const auto& r : out.roots) {
    if (!stretches.empty()) {
      auto& cur = stretches.back();
      const PowerEval em = evaluate(s, 0.5 * (cur.last + r.x));
      ++out.evaluations;
      if (r.x - cur.last <= 1e-9 * std::max(r.x, 1e-300) || std::abs(em.p) <= 16.0 * noise(s, em.abs_sum)) {
        cur.last = r.x;
        cur.touching = cur.touching && r.touching;
        continue;
      }
    }
    stretches.push_back({r.x, r.x, r.touching});
  }
  out.roots.clear();
  for (const auto& st : stretches) {
    const double x = st.first == st.last ? st.first : 0.5 * (st.first + st.last);
    const PowerEval ev = evaluate(s, x);
    ++out.evaluations;
    out.roots.push_back({x, ev.abs_sum > 0 ? std::abs(ev.p) / ev.abs_sum : 0.0, st.touching});
  }
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
