#include "appraise/core/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <stdexcept>
#include <vector>

#include "appraise/core/units.hpp"
#include "appraise/messages/core.hpp"
#include "rate_roots.hpp"

namespace appraise {
namespace {

using namespace appraise::literals;

using detail::PowerSum;

std::string percent(double r) { return fmt::format("{:.6g}%", r * 100.0); }

// The rate for a root of the r >= 0 side, x = (1+r)^(-1/basis), and of the r < 0 side,
// y = (1+r)^(1/basis). For periodic flows (basis 1) r = (1-x)/x and r = y-1 directly: 1-x and
// y-1 are exact for x, y in [0.5, 1], so the rate carries one rounding instead of a log's and
// an expm1's. A root beyond what a double can hold comes back as +inf or as -1.
double rate_from_x(double x, double basis) {
  return basis == 1.0 ? (1.0 - x) / x : std::expm1(-basis * std::log(x));
}
double rate_from_y(double y, double basis) { return basis == 1.0 ? y - 1.0 : std::expm1(basis * std::log(y)); }
bool representable(double rate) { return std::isfinite(rate) && rate > -1.0; }

struct Sides {
  PowerSum pos;  // p(x), r >= 0
  PowerSum neg;  // q(y), r < 0
  double basis = 1;
  double total = 0;      // Σ flows = p(1) = q(1): NPV at r = 0
  double first = 0;      // p(0): the earliest flow
  double last = 0;       // q(0): the latest flow
};

// What one pass over the flows tells: the sign changes of the flows (Descartes' bound on the
// number of IRRs), NPV at r = 0, and the moments of the inflows and of the outflows in time,
// from which Newton's start is estimated. The sign changes of the running sums (Norström: one
// change with a non-zero final sum means exactly one positive IRR) are counted only when the
// flows change sign more than once: with a single change the running sum moves monotonically
// away from the first flow's sign and back, so it changes sign exactly when NPV(0) and the
// first flow differ in sign. Keeping that serial sum out of the common case halves the pass.
//
// The running sums also prove a root unique when the flows change sign several times (a
// project whose equity flow dips below zero in a heavy repayment year): write p(x) = Σ a_k x^k,
// S_k = a_0 + … + a_k. Then p(x) = (1 − x)·(S_0 + S_1 x + … + S_(N−1) x^(N−1) + S_N x^N/(1 − x)),
// and the power series in brackets has the coefficients S_0, …, S_N, S_N, …, so by Descartes'
// rule (which holds for a power series inside its radius of convergence, here 1) p has at most
// as many roots in x ∈ (0, 1) — rates above 0 — as the running sums change sign (Norström,
// 1972). The same on the reversed flows bounds the roots in y ∈ (0, 1), rates in (−100%, 0), by
// the sign changes of the tail sums T_k = a_k + … + a_N. One change in all, with NPV(0) ≠ 0,
// is exactly one root in (−100%, +inf), found as with one sign change in the flows. A sum whose
// sign its rounding could have flipped (|sum| within (k+1)·eps·Σ|a_j|, twice the bound on the
// error of recursive summation, Higham §4.2) proves nothing: the roots are then enumerated.
struct Scan {
  int sign_changes = 0;
  int cumulative_changes = 0;
  int tail_changes = 0;       // sign changes of the tail sums (periodic flows with several changes)
  bool sums_certain = false;  // every running and tail sum's sign is beyond its rounding
  double total = 0;
  double in = 0, in_t = 0, in_t2 = 0;     // Σ c, Σ t·c, Σ t²·c over the inflows (t in years)
  double out = 0, out_t = 0, out_t2 = 0;  // the same over the outflows' magnitudes
};

Scan scan(std::span<const double> a, std::span<const long> days, double basis) {
  Scan m;
  int last = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const double c = a[k];
    const double t = days.empty() ? static_cast<double>(k) : static_cast<double>(days[k]) / basis;
    if (c > 0) {
      m.in += c, m.in_t += t * c, m.in_t2 += t * t * c;
      m.sign_changes += last < 0;
      last = 1;
    } else if (c < 0) {
      m.out -= c, m.out_t -= t * c, m.out_t2 -= t * t * c;
      m.sign_changes += last > 0;
      last = -1;
    }
  }
  m.total = m.in - m.out;
  if (m.sign_changes == 1) {
    m.cumulative_changes = (m.total > 0) == (a.front() < 0) && m.total != 0.0 ? 1 : 0;
  } else if (m.sign_changes > 1) {
    constexpr double eps = std::numeric_limits<double>::epsilon();
    double cum = 0, size = 0;
    int last_cum = 0;
    m.sums_certain = days.empty();  // the argument above is for periodic flows
    for (std::size_t k = 0; k < a.size(); ++k) {
      cum += a[k];
      size += std::abs(a[k]);
      if (!(std::abs(cum) > static_cast<double>(k + 1) * eps * size)) m.sums_certain = false;
      const int sg = cum > 0 ? 1 : (cum < 0 ? -1 : 0);
      if (sg == 0) continue;
      m.cumulative_changes += last_cum != 0 && sg != last_cum;
      last_cum = sg;
    }
    if (m.sums_certain) {
      double tail = 0;
      size = 0;
      last_cum = 0;
      for (std::size_t k = a.size(), i = 1; k-- > 0; ++i) {
        tail += a[k];
        size += std::abs(a[k]);
        if (!(std::abs(tail) > static_cast<double>(i) * eps * size)) m.sums_certain = false;
        const int sg = tail > 0 ? 1 : -1;
        m.tail_changes += last_cum != 0 && sg != last_cum;
        last_cum = sg;
      }
    }
  }
  return m;
}

// Where Newton starts when the root is unique, as u = -log(1+r): the root of the second-order
// Taylor expansion at r = 0 of g(u) = log PV(inflows) - log PV(outflows), with PV at
// (1+r)^-t = e^(u·t). g(0) = log(I/O), g'(0) = D_in - D_out and g''(0) = V_in - V_out, the
// differences of the mean and of the variance of the flows' times weighted by amount. For two
// flows g is linear and this is the IRR itself; for a project's outlay-then-inflows series it is
// typically within 1e-3 of it, which leaves Newton three or four steps.
std::optional<double> moment_start(const Scan& m) {
  if (!(m.in > 0) || !(m.out > 0)) return std::nullopt;
  const double g0 = std::log(m.in / m.out);
  const double d_in = m.in_t / m.in, d_out = m.out_t / m.out;
  const double g1 = d_in - d_out;
  const double g2 = (m.in_t2 / m.in - d_in * d_in) - (m.out_t2 / m.out - d_out * d_out);
  if (g1 == 0.0) return std::nullopt;
  const double disc = g1 * g1 - 2.0 * g0 * g2;
  // The quadratic's root continuous with the linear one -g0/g1, in the form that does not cancel.
  const double u = disc >= 0 ? -2.0 * g0 / (g1 + std::copysign(std::sqrt(disc), g1)) : -g0 / g1;
  if (!std::isfinite(u)) return std::nullopt;
  return u;
}

// A root a double cannot hold, described by log10(1+r) from the variable it was found in:
// "1+r ≈ 1e-30, indistinguishable from -100%" or "1+r ≈ 1e400, above the largest double".
std::string beyond_range(double log10_one_plus_rate) {
  return fmt::format("1+r ≈ 1e{:.0f}, {}", log10_one_plus_rate,
                     log10_one_plus_rate < 0 ? "indistinguishable from -100%" : "above the largest double");
}

// For dated flows the root is found in x = (1+r)^(-1/basis), which for ordinary rates lies
// within 1e-3 of 1: x's last bit is worth `basis` times more in r, so r = expm1(-basis·log x)
// is good only to about 1e-13. One Newton step on NPV(r) = Σ a_k·(1+r)^(-t_k) in r itself
// (t_k in years) restores full precision: its error is the square of a step that small. It is
// taken only as a polish (a step below 1e-9 of 1+r) and where no power can overflow.
double polish_dated(const Sides& s, double rate) {
  if (s.basis == 1.0 || s.pos.e.empty() || !representable(rate)) return rate;
  const double l = std::log1p(rate);
  const double t_max = static_cast<double>(s.pos.e.back()) / s.basis;
  if (std::abs(l) * t_max > 600.0) return rate;
  double f = 0.0, df = 0.0;
  for (std::size_t k = 0; k < s.pos.size(); ++k) {
    const double t = static_cast<double>(s.pos.e[k]) / s.basis;
    const double term = s.pos.a[k] * std::exp(-t * l);
    f += term;
    df -= t * term;
  }
  df /= 1.0 + rate;
  if (df == 0.0 || !std::isfinite(f / df)) return rate;
  const double step = f / df;
  return std::abs(step) <= 1e-9 * (1.0 + rate) && representable(rate - step) ? rate - step : rate;
}

void choose(IrrResult& r) {
  if (r.roots.empty()) return;
  auto it = std::find_if(r.roots.begin(), r.roots.end(), [](double x) { return x >= 0.0; });
  r.rate = it != r.roots.end() ? *it : r.roots.back();
  r.status = IrrStatus::Converged;
  if (r.roots.size() > 1) {
    std::string list;
    for (double x : r.roots) list += (list.empty() ? "" : ", ") + percent(x);
    r.reason = msg(it != r.roots.end() ? messages::Core::irr_several : messages::Core::irr_several_all_negative,
                   "count"_a = r.roots.size(), "roots"_a = list, "rate"_a = percent(*r.rate));
  }
}

// The reason given when NPV's only zeros lie beyond the range of a double.
Message unrepresentable_reason(const std::vector<std::string>& where) {
  std::string list;
  for (const auto& w : where) list += (list.empty() ? "" : "; ") + w;
  return msg(where.size() == 1 ? messages::Core::irr_unrepresentable_one : messages::Core::irr_unrepresentable_many,
             "where"_a = list);
}

// Empties a result for reuse: every field as a new IrrResult has it, the roots' and reason's
// memory kept.
void clear(IrrResult& r) {
  // Field by field, keeping the memory of roots and reason (building a fresh IrrResult and
  // moving it in cost more than the rest of a typical solve's bookkeeping). Every field of
  // IrrResult is here: tests/test_metrics.cpp checks irr_into() on a used result against irr().
  r.status = IrrStatus::NoSignChange;
  r.rate.reset();
  r.roots.clear();
  r.sign_changes = 0;
  r.unique = false;
  r.norstrom_unique_positive = false;
  r.enumeration_complete = true;
  r.residual = 0;
  r.evaluations = 0;
  r.reason.en.clear();
  r.reason.zh.clear();
}

// |p(x)| relative to Σ|a_k x^k| at a unique root x, or NaN when the caller does not want it.
double residual_at(const PowerSum& p, double x, const IrrOptions& opts, int& evaluations) {
  if (!opts.residual) return std::numeric_limits<double>::quiet_NaN();
  const auto ev = detail::evaluate(p, x);
  ++evaluations;
  return ev.abs_sum > 0 ? std::abs(ev.p) / ev.abs_sum : 0.0;
}

void solve(const Sides& s, const Scan& m, const IrrOptions& opts, IrrResult& r) {
  clear(r);
  r.sign_changes = m.sign_changes;
  r.norstrom_unique_positive = m.cumulative_changes == 1 && m.total != 0.0;
  if (m.sign_changes == 0) {
    r.status = IrrStatus::NoSignChange;
    r.reason = msg(s.first > 0 ? messages::Core::irr_all_inflows : messages::Core::irr_all_outflows);
    return;
  }
  bool converged = true;
  const bool one_root = m.sign_changes == 1 || (m.sums_certain && m.total != 0.0 &&
                                                m.cumulative_changes + m.tail_changes == 1);
  if (one_root) {
    // Descartes (or the running sums, scan()): exactly one root. NPV(r) runs from the latest
    // flow's sign near r = -100% to the earliest flow's sign as r grows, so the sign of NPV(0)
    // tells the side.
    r.unique = true;
    // The start: an explicit guess is honoured; otherwise the moment estimate.
    const auto u = opts.guess ? std::optional<double>{} : moment_start(m);
    const double guess = opts.guess.value_or(0.10);
    double rate = 0.0;
    std::string beyond;
    if (s.total == 0.0) {
      rate = 0.0;
      r.residual = 0.0;
    } else if ((s.total > 0) != (s.first > 0)) {
      const double g = u && *u < 0 ? std::exp(*u / s.basis) : std::exp(-std::log1p(std::max(guess, 0.0)) / s.basis);
      const double x = detail::refine_root(s.pos, 0.0, 1.0, s.first, g, r.evaluations, converged);
      r.residual = residual_at(s.pos, x, opts, r.evaluations);
      rate = rate_from_x(x, s.basis);
      if (!representable(rate)) beyond = beyond_range(-s.basis * std::log10(x));
    } else {
      const double g = u && *u > 0                             ? std::exp(-*u / s.basis)
                       : (guess < 0 && guess > -1) ? std::exp(std::log1p(guess) / s.basis)
                                                             : 0.5;
      const double y = detail::refine_root(s.neg, 0.0, 1.0, s.last, g, r.evaluations, converged);
      r.residual = residual_at(s.neg, y, opts, r.evaluations);
      rate = std::min(rate_from_y(y, s.basis), -0.0);
      if (!representable(rate)) beyond = beyond_range(s.basis * std::log10(y));
    }
    if (!converged) {
      r.status = IrrStatus::NotConverged;
      r.reason = msg(messages::Core::irr_iteration_cap);
      return;
    }
    if (!beyond.empty()) {
      r.status = IrrStatus::NoRoot;
      r.residual = 0.0;
      r.reason = unrepresentable_reason({beyond});
      return;
    }
    rate = polish_dated(s, rate);
    r.roots.assign(1, rate);
    r.rate = rate;
    r.status = IrrStatus::Converged;
    return;
  }

  const auto pos = detail::roots_in_unit_interval(s.pos);
  const auto neg = detail::roots_in_unit_interval(s.neg);
  r.evaluations = pos.evaluations + neg.evaluations;
  r.enumeration_complete = pos.complete && neg.complete;
  std::vector<std::pair<double, double>> found;  // (rate, residual)
  std::vector<std::string> beyond;               // roots a double cannot hold
  for (const auto& u : pos.roots) {
    const double rate = rate_from_x(u.x, s.basis);
    if (representable(rate)) found.emplace_back(polish_dated(s, rate), u.residual);
    else beyond.push_back(beyond_range(-s.basis * std::log10(u.x)));
  }
  for (const auto& u : neg.roots) {
    if (!(u.x < 1.0)) continue;  // r = 0 is the positive side's x = 1
    const double rate = std::min(rate_from_y(u.x, s.basis), -0.0);
    if (representable(rate)) found.emplace_back(std::min(polish_dated(s, rate), -0.0), u.residual);
    else beyond.push_back(beyond_range(s.basis * std::log10(u.x)));
  }
  std::sort(found.begin(), found.end());
  // A multiple root at r = 0 is found on both sides, as the centres of two halves of the stretch
  // where NPV is within rounding of zero: when NPV(0) = Σ flows is itself within rounding of
  // zero, the two roots next to 0 are that one root.
  const double noise_at_zero = 64.0 * static_cast<double>(s.pos.size()) * std::numeric_limits<double>::epsilon() *
                               (m.in + m.out);
  for (std::size_t i = 0; i + 1 < found.size(); ++i)
    if (found[i].first < 0 && found[i + 1].first >= 0 && std::abs(m.total) <= noise_at_zero) {
      found[i].first = 0.5 * (found[i].first + found[i + 1].first);
      found.erase(found.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      break;
    }
  for (const auto& [rate, res] : found) r.roots.push_back(rate);
  if (!pos.converged || !neg.converged) {
    r.status = IrrStatus::NotConverged;
    r.reason = msg(messages::Core::irr_iteration_cap);
    return;
  }
  if (r.roots.empty()) {
    r.status = IrrStatus::NoRoot;
    r.reason = !beyond.empty()
                   ? unrepresentable_reason(beyond)
                   : msg(s.total > 0 ? messages::Core::irr_no_root_positive : messages::Core::irr_no_root_negative,
                         "changes"_a = m.sign_changes);
    return;
  }
  choose(r);
  for (const auto& [rate, res] : found)
    if (rate == *r.rate) r.residual = res;
  if (!beyond.empty()) {
    std::string list;
    for (const auto& w : beyond) list += (list.empty() ? "" : "; ") + w;
    if (!r.reason.empty()) r.reason += msg(messages::Core::clause_separator);
    r.reason += msg(messages::Core::irr_also_beyond, "where"_a = list);
  }
  if (!r.enumeration_complete) {
    if (!r.reason.empty()) r.reason += msg(messages::Core::clause_separator);
    r.reason += msg(messages::Core::irr_search_budget);
  }
}

// IRR does not change when every flow is multiplied by the same positive factor. Flows of
// extreme magnitude (1.7e308 twice overflows any sum) are brought near 1 by a power of two,
// which is exact, so the search never sees an infinite NPV; ordinary flows are left as they are.
// Returns the power of two to multiply by (0: none).
int rescaling_exponent(std::span<const double> flows) {
  double largest = 0;
  for (double x : flows) largest = std::max(largest, std::abs(x));
  if (!(largest > 0) || !std::isfinite(largest)) return 0;
  const int e = std::ilogb(largest);
  return e > 300 || e < -300 ? -e : 0;
}

}  // namespace

std::string_view to_string(IrrStatus s) {
  switch (s) {
    case IrrStatus::Converged: return "converged";
    case IrrStatus::NoSignChange: return "no_sign_change";
    case IrrStatus::NoRoot: return "no_root";
    case IrrStatus::NotConverged: return "not_converged";
  }
  return "not_converged";
}

double npv(std::span<const double> flows, double rate, Timing timing) {
  return present_value(flows, rate, first_flow_time(timing));
}

double xnpv(std::span<const DatedFlow> flows, double rate, DayCount day_count) {
  if (flows.empty()) return 0.0;
  std::vector<double> amounts, times;
  amounts.reserve(flows.size());
  times.reserve(flows.size());
  for (const auto& f : flows) {
    amounts.push_back(f.amount);
    times.push_back(year_fraction(day_count, flows.front().date, f.date));
  }
  return present_value(amounts, times, rate);
}

void irr_into(std::span<const double> flows, IrrResult& out, const IrrOptions& options) {
  // Leading zeros multiply NPV by a positive factor and trailing zeros add nothing: trim both.
  std::size_t lo = 0, hi = flows.size();
  while (lo < hi && flows[lo] == 0.0) ++lo;
  while (hi > lo && flows[hi - 1] == 0.0) --hi;
  if (lo == hi) {
    clear(out);
    out.reason = msg(flows.empty() ? messages::Core::no_flows : messages::Core::irr_all_zero);
    return;
  }
  auto f = flows.subspan(lo, hi - lo);
  std::vector<double> rescaled;
  if (const int e = rescaling_exponent(f); e != 0) {
    for (double x : f) rescaled.push_back(std::ldexp(x, e));
    f = rescaled;
  }
  Sides s;
  s.pos = PowerSum{f, {}, false};
  s.neg = PowerSum{f, {}, true};
  s.first = f.front();
  s.last = f.back();
  const Scan m = scan(f, {}, 1.0);
  s.total = m.total;
  solve(s, m, options, out);
}

IrrResult irr(std::span<const double> flows, const IrrOptions& options) {
  IrrResult r;
  irr_into(flows, r, options);
  return r;
}

IrrResult xirr(std::span<const DatedFlow> flows, DayCount day_count, const IrrOptions& options) {
  if (flows.empty()) {
    IrrResult r;
    r.reason = msg(messages::Core::no_flows);
    return r;
  }
  // Flows on the same day are one flow; order by day count from the earliest date (the roots
  // do not depend on the valuation date).
  Date earliest = flows.front().date;
  for (const auto& f : flows) earliest = std::min(earliest, f.date);
  std::vector<double> given;
  for (const auto& f : flows) given.push_back(f.amount);
  const int e = rescaling_exponent(given);
  std::map<long, double> by_day;
  for (const auto& f : flows) by_day[day_count_days(day_count, earliest, f.date)] += std::ldexp(f.amount, e);
  std::vector<long> days;
  std::vector<double> amounts;
  for (const auto& [d, a] : by_day)
    if (a != 0.0) {
      days.push_back(d);
      amounts.push_back(a);
    }
  if (amounts.empty()) {
    IrrResult r;
    r.reason = msg(messages::Core::irr_all_zero);
    return r;
  }
  const long e0 = days.front(), emax = days.back();
  std::vector<long> e_pos, e_neg;
  std::vector<double> a_neg(amounts.rbegin(), amounts.rend());
  for (long d : days) e_pos.push_back(d - e0);
  for (auto it = days.rbegin(); it != days.rend(); ++it) e_neg.push_back(emax - *it);
  Sides s;
  s.pos = PowerSum{amounts, e_pos, false};
  s.neg = PowerSum{a_neg, e_neg, false};
  s.basis = day_count_basis(day_count);
  s.first = amounts.front();
  s.last = amounts.back();
  const Scan m = scan(amounts, e_pos, s.basis);
  s.total = m.total;
  IrrResult r;
  solve(s, m, options, r);
  return r;
}

OptionalValue mirr(std::span<const double> flows, double finance_rate, double reinvest_rate) {
  std::vector<double> pos(flows.size(), 0.0), neg(flows.size(), 0.0);
  bool has_pos = false, has_neg = false;
  for (std::size_t i = 0; i < flows.size(); ++i) {
    if (flows[i] > 0) { pos[i] = flows[i]; has_pos = true; }
    if (flows[i] < 0) { neg[i] = flows[i]; has_neg = true; }
  }
  if (flows.size() < 2) return {std::nullopt, msg(messages::Core::mirr_two_flows)};
  if (!has_pos || !has_neg)
    return {std::nullopt, msg(messages::Core::mirr_both_signs)};
  const double n = static_cast<double>(flows.size());
  const double fv_pos = present_value(pos, reinvest_rate, 0.0) / discount_factor(reinvest_rate, n - 1.0);
  const double pv_neg = present_value(neg, finance_rate, 0.0);
  // expm1(log(q)/(n-1)) rather than pow(q, 1/(n-1)) - 1: the last step then rounds relative to
  // MIRR instead of to 1 + MIRR, which matters when MIRR is near 0.
  return {std::expm1(std::log(fv_pos / -pv_neg) / (n - 1.0)), {}};
}

namespace {

PaybackResult payback_of(std::span<const double> flows, Timing timing) {
  PaybackResult r;
  if (flows.empty()) {
    r.reason = msg(messages::Core::no_flows);
    return r;
  }
  // Period i spans [i + base, i + base + 1] on the clock the payback is counted on: with AtStart
  // flow 0 is the outlay at t = 0 and flow i arrives at the end of period i.
  const double base = timing == Timing::AtStart ? -1.0 : 0.0;
  // What is recovered is the net outlay, which begins where the cumulative flow first falls
  // below 0. Periods before it — empty years of a project that starts later in its calculation
  // period, or an increment that is positive before the investment (有无对比) — are not a
  // payback of 0: the clock still starts at period 0, and recovery is sought after the outlay.
  std::size_t i = 0;
  double cum = 0.0;
  while (i < flows.size() && cum + flows[i] >= 0.0) cum += flows[i++];
  if (i == flows.size()) {
    r.periods = 0.0;
    r.recovered_in = 0;
    r.reason = msg(messages::Core::payback_no_outlay);
    return r;
  }
  for (; i < flows.size(); ++i) {
    const double prev = cum;
    cum += flows[i];
    if (cum >= 0.0) {
      r.periods = static_cast<double>(i) + base + (-prev) / flows[i];
      r.recovered_in = static_cast<int>(i);
      double later = cum;
      for (std::size_t j = i + 1; j < flows.size(); ++j) {
        later += flows[j];
        if (later < 0.0) {
          r.reason = msg(messages::Core::payback_negative_again, "period"_a = j);
          break;
        }
      }
      return r;
    }
  }
  // As the statements write amounts (two decimals, thousands separated): the reason is read
  // beside them.
  r.reason = msg(messages::Core::payback_never, "cumulative"_a = format_money(cum));
  return r;
}

}  // namespace

PaybackResult payback(std::span<const double> flows, Timing timing) { return payback_of(flows, timing); }

PaybackResult discounted_payback(std::span<const double> flows, double rate, Timing timing) {
  std::vector<double> d(flows.size());
  discounted_flows(flows, rate, first_flow_time(timing), d);
  return payback_of(d, timing);
}

OptionalValue benefit_cost_ratio(std::span<const double> benefits, std::span<const double> costs, double rate,
                                 Timing timing) {
  const double pv_b = npv(benefits, rate, timing);
  const double pv_c = npv(costs, rate, timing);
  if (pv_c == 0.0) return {std::nullopt, msg(messages::Core::pv_costs_zero)};
  return {pv_b / pv_c, {}};
}

OptionalValue profitability_index(std::span<const double> flows, double rate, Timing timing) {
  std::vector<double> in(flows.size(), 0.0), out(flows.size(), 0.0);
  for (std::size_t i = 0; i < flows.size(); ++i) (flows[i] >= 0 ? in : out)[i] = flows[i];
  const double pv_out = npv(out, rate, timing);
  if (pv_out == 0.0) return {std::nullopt, msg(messages::Core::no_outflow)};
  return {npv(in, rate, timing) / -pv_out, {}};
}

double capital_recovery_factor(double rate, double periods) {
  if (periods <= 0) throw std::domain_error("capital recovery factor needs a positive number of periods");
  if (rate == 0.0) return 1.0 / periods;
  return rate / -std::expm1(-periods * std::log1p(rate));
}

double equivalent_annual_value(double npv_value, double rate, double periods) {
  return npv_value * capital_recovery_factor(rate, periods);
}

}  // namespace appraise
