#include "appraise/core/discounting.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace appraise {
namespace {

void require_rate(double rate) {
  if (!(rate > -1.0) || !std::isfinite(rate))
    throw std::domain_error("discount rate must be a finite number above -100%, got " + std::to_string(rate));
}

}  // namespace

std::string_view to_string(Timing timing) {
  switch (timing) {
    case Timing::AtStart: return "at-start";
    case Timing::EndOfPeriod: return "end-of-period";
    case Timing::MidPeriod: return "mid-period";
  }
  return "at-start";
}

double discount_factor(double rate, double t) {
  require_rate(rate);
  // exp(-t·log1p(r)) keeps full precision for small rates where pow(1+r, -t) loses digits in 1+r.
  return std::exp(-t * std::log1p(rate));
}

double present_value(std::span<const double> flows, double rate, double t0) {
  require_rate(rate);
  if (flows.empty()) return 0.0;
  const double v = 1.0 / (1.0 + rate);
  double s = 0.0;
  for (std::size_t i = flows.size(); i-- > 0;) s = s * v + flows[i];
  return t0 == 0.0 ? s : s * discount_factor(rate, t0);
}

double present_value(std::span<const double> flows, std::span<const double> times, double rate) {
  require_rate(rate);
  if (flows.size() != times.size()) throw std::invalid_argument("present_value: flows and times differ in length");
  const double lg = std::log1p(rate);
  double s = 0.0;
  for (std::size_t i = 0; i < flows.size(); ++i) s += flows[i] * std::exp(-times[i] * lg);
  return s;
}

void discounted_flows(std::span<const double> flows, double rate, double t0, std::span<double> out) {
  require_rate(rate);
  if (out.size() != flows.size()) throw std::invalid_argument("discounted_flows: output size differs");
  const double lg = std::log1p(rate);
  for (std::size_t i = 0; i < flows.size(); ++i)
    out[i] = flows[i] * std::exp(-(t0 + static_cast<double>(i)) * lg);
}

}  // namespace appraise
