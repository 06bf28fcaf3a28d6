#include "appraise/core/tvm.hpp"

#include <cmath>
#include <fmt/format.h>
#include <stdexcept>
#include <vector>

#include "appraise/messages/core.hpp"

namespace appraise {
namespace {

double type_of(PaymentTiming when) { return when == PaymentTiming::Begin ? 1.0 : 0.0; }

// (1+r)^n - 1 and (1+r)^n without losing the digits of small r.
double growth_minus_one(double r, double n) { return std::expm1(n * std::log1p(r)); }
double growth(double r, double n) { return std::exp(n * std::log1p(r)); }

void require_rate(double r) {
  if (!(r > -1.0) || !std::isfinite(r)) throw std::domain_error("rate must be above -100%");
}

}  // namespace

double pmt(double r, double n, double pv_, double fv_, PaymentTiming when) {
  require_rate(r);
  if (r == 0.0) return -(pv_ + fv_) / n;
  const double g1 = growth_minus_one(r, n);
  // So many periods that (1+r)^n overflows: the payment is the interest on pv alone (the
  // limit, which the formula above reaches long before the overflow; inf/inf would be NaN).
  if (std::isinf(g1)) return -pv_ * r / (1.0 + r * type_of(when));
  return -(pv_ * (g1 + 1.0) + fv_) * r / ((1.0 + r * type_of(when)) * g1);
}

double fv(double r, double n, double pmt_, double pv_, PaymentTiming when) {
  require_rate(r);
  if (r == 0.0) return -(pv_ + pmt_ * n);
  const double g1 = growth_minus_one(r, n);
  return -(pv_ * (g1 + 1.0) + pmt_ * (1.0 + r * type_of(when)) * g1 / r);
}

double pv(double r, double n, double pmt_, double fv_, PaymentTiming when) {
  require_rate(r);
  if (r == 0.0) return -(fv_ + pmt_ * n);
  const double g = growth(r, n);
  // (1+r)^n overflows: the value of a perpetuity (fv, discounted that far, is worth nothing).
  if (std::isinf(g)) return -pmt_ * (1.0 + r * type_of(when)) / r;
  return -(fv_ + pmt_ * (1.0 + r * type_of(when)) * std::expm1(n * std::log1p(r)) / r) / g;
}

namespace {

// ppmt from its two powers, (1+r)^(per-1) and (1+r)^n - 1 (ppmt and PpmtSchedule supply them).
double ppmt_from_powers(double r, double per, double n, double pv_, double fv_, PaymentTiming when, double growth_per,
                        double growth_n_minus_one) {
  if (r == 0.0) return -(pv_ + fv_) / n;
  if (when == PaymentTiming::Begin && per == 1) return pmt(r, n, pv_, fv_, when);
  // The balance falls by (pmt + r·pv)·(1+r)^(k-1) in payment k, and pmt + r·pv equals
  // -r·(pv+fv)/((1+r)^n - 1) exactly: no subtraction of nearly equal terms.
  double end = -r * (pv_ + fv_) * growth_per / growth_n_minus_one;
  // Both powers overflow for long high-rate loans: the same ratio as (1+r)^(per-1-n) / (1 - (1+r)^-n).
  if (std::isnan(end)) {
    const double l = std::log1p(r);
    end = -r * (pv_ + fv_) * std::exp((per - 1.0 - n) * l) / -std::expm1(-n * l);
  }
  return when == PaymentTiming::Begin ? end / (1.0 + r) : end;
}

}  // namespace

double ppmt(double r, double per, double n, double pv_, double fv_, PaymentTiming when) {
  require_rate(r);
  if (per < 1 || per > n) throw std::domain_error("period must be between 1 and the number of periods");
  if (r == 0.0) return -(pv_ + fv_) / n;
  return ppmt_from_powers(r, per, n, pv_, fv_, when, growth(r, per - 1.0), growth_minus_one(r, n));
}

double PpmtSchedule::operator()(double r, int per, int n, double pv_, double fv_, PaymentTiming when) {
  require_rate(r);
  if (per < 1 || per > n) throw std::domain_error("period must be between 1 and the number of periods");
  if (r == 0.0) return -(pv_ + fv_) / n;
  if (r != rate_ || n != nper_ || growth_.empty()) {
    // The powers ppmt computes, once for the schedule.
    growth_.resize(static_cast<std::size_t>(n));
    for (int k = 1; k <= n; ++k) growth_[static_cast<std::size_t>(k - 1)] = growth(r, k - 1.0);
    growth_minus_one_ = growth_minus_one(r, n);
    rate_ = r;
    nper_ = n;
  }
  return ppmt_from_powers(r, per, n, pv_, fv_, when, growth_[static_cast<std::size_t>(per - 1)], growth_minus_one_);
}

double ipmt(double r, double per, double n, double pv_, double fv_, PaymentTiming when) {
  require_rate(r);
  if (per < 1 || per > n) throw std::domain_error("period must be between 1 and the number of periods");
  if (when == PaymentTiming::Begin && per == 1) return 0.0;
  if (r == 0.0) return 0.0;
  // Interest on the balance after k = per-1 payments: r times the (negated) future value F_k.
  // Forward, F_k = -(pv·(1+r)^k + pmt·(1+r·type)·((1+r)^k - 1)/r), whose two terms grow like
  // (1+r)^k and cancel to a balance of ordinary size: at 14.79% over 300 periods they are 1e18
  // times the answer and the result is noise (numpy-financial #35). For r > 0 the same balance is
  // computed backward, as the value of what is still to be paid, using the annuity identity to
  // eliminate pv: F_k = fv·v^m + pmt·(1+r·type)·(1 - v^m)/r with v = 1/(1+r), m = n - k. Every
  // power there is at most 1. For r < 0 the forward powers are the small ones, so it is kept.
  const double p = pmt(r, n, pv_, fv_, when);
  const double k = per - 1.0;
  double balance = 0.0;
  if (r > 0.0) {
    const double lv = -(n - k) * std::log1p(r);  // log v^m
    balance = fv_ * std::exp(lv) + p * (1.0 + r * type_of(when)) * -std::expm1(lv) / r;
  } else {
    balance = fv(r, k, p, pv_, when);
  }
  const double interest = balance * r;
  return when == PaymentTiming::Begin ? interest / (1.0 + r) : interest;
}

OptionalValue nper(double r, double pmt_, double pv_, double fv_, PaymentTiming when) {
  require_rate(r);
  if (r == 0.0) {
    if (pmt_ == 0.0)
      return {std::nullopt, msg(pv_ + fv_ == 0.0 ? messages::Core::nper_any : messages::Core::nper_never_changes)};
    return {-(pv_ + fv_) / pmt_, {}};
  }
  const double z = pmt_ * (1.0 + r * type_of(when)) / r;
  const double num = z - fv_;
  const double den = z + pv_;
  if (den == 0.0 || num / den <= 0.0)
    return {std::nullopt, msg(messages::Core::nper_never)};
  return {std::log(num / den) / std::log1p(r), {}};
}

IrrResult rate(int n, double pmt_, double pv_, double fv_, PaymentTiming when, const IrrOptions& options) {
  if (n < 1) throw std::domain_error("rate needs at least one period");
  // The annuity as flows at t = 0..n: pv now, the payments at the end (or start) of each
  // period, fv at the end.
  std::vector<double> flows(static_cast<std::size_t>(n) + 1, 0.0);
  flows[0] = pv_;
  for (int k = 0; k < n; ++k) flows[static_cast<std::size_t>(when == PaymentTiming::Begin ? k : k + 1)] += pmt_;
  flows[static_cast<std::size_t>(n)] += fv_;
  return irr(flows, options);
}

}  // namespace appraise
