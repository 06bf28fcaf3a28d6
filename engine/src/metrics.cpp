#include "appraise/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <stdexcept>

#include "rate_roots.hpp"

namespace appraise {
namespace {

using detail::PowerSum;

std::string percent(double r) { return fmt::format("{:.6g}%", r * 100.0); }

// The rate for a root of the r >= 0 side, x = (1+r)^(-1/basis), and of the r < 0 side,
// y = (1+r)^(1/basis).
double rate_from_x(double x, double basis) { return std::expm1(-basis * std::log(x)); }
double rate_from_y(double y, double basis) { return std::expm1(basis * std::log(y)); }

struct Sides {
  PowerSum pos;  // p(x), r >= 0
  PowerSum neg;  // q(y), r < 0
  double basis = 1;
  double total = 0;      // Σ flows = p(1) = q(1): NPV at r = 0
  double first = 0;      // p(0): the earliest flow
  double last = 0;       // q(0): the latest flow
};

// Counts the sign changes of the cumulative flows and applies Norström's criterion: one change
// with a non-zero final cumulative means exactly one positive IRR.
bool norstrom(std::span<const double> flows) {
  double cum = 0;
  std::vector<double> c;
  c.reserve(flows.size());
  for (double f : flows) c.push_back(cum += f);
  return detail::sign_changes(c) == 1 && c.back() != 0.0;
}

void choose(IrrResult& r) {
  if (r.roots.empty()) return;
  auto it = std::find_if(r.roots.begin(), r.roots.end(), [](double x) { return x >= 0.0; });
  r.rate = it != r.roots.end() ? *it : r.roots.back();
  r.status = IrrStatus::Converged;
  if (r.roots.size() > 1) {
    std::string list;
    for (double x : r.roots) list += (list.empty() ? "" : ", ") + percent(x);
    r.reason = fmt::format(
        "{} rates make NPV zero ({}); reported: {}, the lowest non-negative one{}. With several IRRs the "
        "IRR rule cannot rank the project: decide by NPV at the benchmark rate, or by MIRR",
        r.roots.size(), list, percent(*r.rate), it != r.roots.end() ? "" : " (all are negative: the highest)");
  }
}

IrrResult solve(const Sides& s, int sign_changes, bool norstrom_unique, const IrrOptions& opts) {
  IrrResult r;
  r.sign_changes = sign_changes;
  r.norstrom_unique_positive = norstrom_unique;
  if (sign_changes == 0) {
    r.status = IrrStatus::NoSignChange;
    r.reason = s.first > 0 ? "every flow is an inflow: NPV is positive at every rate, so there is no IRR"
                           : "every flow is an outflow: NPV is negative at every rate, so there is no IRR";
    return r;
  }
  bool converged = true;
  if (sign_changes == 1) {
    // Descartes: exactly one root. NPV(r) runs from the latest flow's sign near r = -100% to
    // the earliest flow's sign as r grows, so the sign of NPV(0) tells the side.
    r.unique = true;
    double rate = 0.0;
    if (s.total == 0.0) {
      rate = 0.0;
      r.residual = 0.0;
    } else if ((s.total > 0) != (s.first > 0)) {
      const double g = opts.guess >= 0 ? std::exp(-std::log1p(opts.guess) / s.basis) : 0.5;
      const double x = detail::refine_root(s.pos, 0.0, 1.0, s.first, g, r.evaluations, converged);
      const auto ev = detail::evaluate(s.pos, x);
      r.residual = ev.abs_sum > 0 ? std::abs(ev.p) / ev.abs_sum : 0.0;
      rate = rate_from_x(x, s.basis);
    } else {
      const double g = (opts.guess < 0 && opts.guess > -1) ? std::exp(std::log1p(opts.guess) / s.basis) : 0.5;
      const double y = detail::refine_root(s.neg, 0.0, 1.0, s.last, g, r.evaluations, converged);
      const auto ev = detail::evaluate(s.neg, y);
      r.residual = ev.abs_sum > 0 ? std::abs(ev.p) / ev.abs_sum : 0.0;
      rate = std::min(rate_from_y(y, s.basis), -0.0);
    }
    if (!converged) {
      r.status = IrrStatus::NotConverged;
      r.reason = "the root-finder reached its iteration cap";
      return r;
    }
    r.roots = {rate};
    r.rate = rate;
    r.status = IrrStatus::Converged;
    return r;
  }

  const auto pos = detail::roots_in_unit_interval(s.pos);
  const auto neg = detail::roots_in_unit_interval(s.neg);
  r.evaluations = pos.evaluations + neg.evaluations;
  r.enumeration_complete = pos.complete && neg.complete;
  std::vector<std::pair<double, double>> found;  // (rate, residual)
  for (const auto& u : pos.roots) found.emplace_back(rate_from_x(u.x, s.basis), u.residual);
  for (const auto& u : neg.roots)
    if (u.x < 1.0) found.emplace_back(std::min(rate_from_y(u.x, s.basis), -0.0), u.residual);
  std::sort(found.begin(), found.end());
  for (const auto& [rate, res] : found) r.roots.push_back(rate);
  if (!pos.converged || !neg.converged) {
    r.status = IrrStatus::NotConverged;
    r.reason = "the root-finder reached its iteration cap";
    return r;
  }
  if (r.roots.empty()) {
    r.status = IrrStatus::NoRoot;
    r.reason = fmt::format(
        "the flows change sign {} times, but no rate in (-100%, +inf) makes NPV zero: NPV is {} at every rate",
        sign_changes, s.total > 0 ? "positive" : "negative");
    return r;
  }
  choose(r);
  for (const auto& [rate, res] : found)
    if (rate == *r.rate) r.residual = res;
  if (!r.enumeration_complete)
    r.reason += (r.reason.empty() ? "" : "; ") +
                std::string("the search for further roots stopped at its budget, so others may exist");
  return r;
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

IrrResult irr(std::span<const double> flows, const IrrOptions& options) {
  // Leading zeros multiply NPV by a positive factor and trailing zeros add nothing: trim both.
  std::size_t lo = 0, hi = flows.size();
  while (lo < hi && flows[lo] == 0.0) ++lo;
  while (hi > lo && flows[hi - 1] == 0.0) --hi;
  if (lo == hi) {
    IrrResult r;
    r.reason = flows.empty() ? "no flows were given" : "every flow is zero, so every rate gives NPV 0: there is no IRR";
    return r;
  }
  const auto f = flows.subspan(lo, hi - lo);
  Sides s;
  s.pos = PowerSum{f, {}, false};
  s.neg = PowerSum{f, {}, true};
  s.first = f.front();
  s.last = f.back();
  for (double v : f) s.total += v;
  return solve(s, detail::sign_changes(f), norstrom(f), options);
}

IrrResult xirr(std::span<const DatedFlow> flows, DayCount day_count, const IrrOptions& options) {
  if (flows.empty()) {
    IrrResult r;
    r.reason = "no flows were given";
    return r;
  }
  // Flows on the same day are one flow; order by day count from the earliest date (the roots
  // do not depend on the valuation date).
  Date earliest = flows.front().date;
  for (const auto& f : flows) earliest = std::min(earliest, f.date);
  std::map<long, double> by_day;
  for (const auto& f : flows) by_day[day_count_days(day_count, earliest, f.date)] += f.amount;
  std::vector<long> days;
  std::vector<double> amounts;
  for (const auto& [d, a] : by_day)
    if (a != 0.0) {
      days.push_back(d);
      amounts.push_back(a);
    }
  if (amounts.empty()) {
    IrrResult r;
    r.reason = "every flow is zero, so every rate gives NPV 0: there is no IRR";
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
  for (double v : amounts) s.total += v;
  return solve(s, detail::sign_changes(amounts), norstrom(amounts), options);
}

OptionalValue mirr(std::span<const double> flows, double finance_rate, double reinvest_rate) {
  std::vector<double> pos(flows.size(), 0.0), neg(flows.size(), 0.0);
  bool has_pos = false, has_neg = false;
  for (std::size_t i = 0; i < flows.size(); ++i) {
    if (flows[i] > 0) { pos[i] = flows[i]; has_pos = true; }
    if (flows[i] < 0) { neg[i] = flows[i]; has_neg = true; }
  }
  if (flows.size() < 2) return {std::nullopt, "MIRR needs at least two flows"};
  if (!has_pos || !has_neg)
    return {std::nullopt, "MIRR needs at least one inflow and one outflow"};
  const double n = static_cast<double>(flows.size());
  const double fv_pos = present_value(pos, reinvest_rate, 0.0) / discount_factor(reinvest_rate, n - 1.0);
  const double pv_neg = present_value(neg, finance_rate, 0.0);
  return {std::pow(fv_pos / -pv_neg, 1.0 / (n - 1.0)) - 1.0, {}};
}

namespace {

PaybackResult payback_of(std::span<const double> flows, Timing timing) {
  PaybackResult r;
  if (flows.empty()) {
    r.reason = "no flows were given";
    return r;
  }
  // Period i spans [i + base, i + base + 1] on the clock the payback is counted on: with AtStart
  // flow 0 is the outlay at t = 0 and flow i arrives at the end of period i.
  const double base = timing == Timing::AtStart ? -1.0 : 0.0;
  double cum = 0.0;
  for (std::size_t i = 0; i < flows.size(); ++i) {
    const double prev = cum;
    cum += flows[i];
    if (cum >= 0.0 && (i > 0 || flows[0] >= 0.0)) {
      if (prev >= 0.0) {
        r.periods = std::max(0.0, static_cast<double>(i) + base);
        r.reason = "there is no net outlay to recover: the first flow is not negative";
      } else {
        r.periods = static_cast<double>(i) + base + (-prev) / flows[i];
      }
      r.recovered_in = static_cast<int>(i);
      double later = cum;
      for (std::size_t j = i + 1; j < flows.size(); ++j) {
        later += flows[j];
        if (later < 0.0) {
          r.reason = fmt::format("the cumulative flow turns negative again in period {}, after payback", j);
          break;
        }
      }
      return r;
    }
  }
  r.reason = fmt::format("never reached: the cumulative flow is still {:.6g} at the end", cum);
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
  if (pv_c == 0.0) return {std::nullopt, "the present value of costs is zero"};
  return {pv_b / pv_c, {}};
}

OptionalValue profitability_index(std::span<const double> flows, double rate, Timing timing) {
  std::vector<double> in(flows.size(), 0.0), out(flows.size(), 0.0);
  for (std::size_t i = 0; i < flows.size(); ++i) (flows[i] >= 0 ? in : out)[i] = flows[i];
  const double pv_out = npv(out, rate, timing);
  if (pv_out == 0.0) return {std::nullopt, "there is no outflow to divide by"};
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
