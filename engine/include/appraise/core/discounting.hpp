#pragma once
/// Discounting: the one loop that turns flows into a present value. NPV, the IRR objective,
/// discounted payback, coverage ratios, sensitivity and Monte Carlo all call these functions;
/// no other file raises (1+r) to a power over a series.
///
/// Rates are fractions per period (0.06, not 6). Flows are signed: outflows negative.

#include <cstddef>
#include <span>
#include <string_view>

namespace appraise {

/// When flow i of a periodic series falls, in periods from the valuation point.
///  - AtStart:     flow i at t = i     (the first flow is not discounted; numpy-financial,
///                                      pyxirr's default; `appraise calc npv` default)
///  - EndOfPeriod: flow i at t = i + 1 (spreadsheet NPV; the Chinese method's year-end tables,
///                                      where year 1 is discounted once)
///  - MidPeriod:   flow i at t = i + 0.5 (flows spread evenly through each year)
enum class Timing { AtStart, EndOfPeriod, MidPeriod };

/// t of the first flow under `timing`: 0, 1 or 0.5.
[[nodiscard]] constexpr double first_flow_time(Timing timing) {
  switch (timing) {
    case Timing::AtStart: return 0.0;
    case Timing::EndOfPeriod: return 1.0;
    case Timing::MidPeriod: return 0.5;
  }
  return 0.0;
}

[[nodiscard]] std::string_view to_string(Timing timing);

/// (1+rate)^-t. Requires rate > -1.
[[nodiscard]] double discount_factor(double rate, double t);

/// Σ flows[i] · (1+rate)^-(t0+i): the present value of a periodic series whose first flow falls
/// at t0. Evaluated by Horner's rule in v = 1/(1+rate) for rate ≥ 0 and in (1+rate) on the
/// reversed series for rate < 0, so no power overflows however long the series.
/// Requires rate > -1 (throws std::domain_error otherwise).
/// Example: present_value({-1000, 300, 400, 500}, 0.06, 0.0) == 58.8270849...
[[nodiscard]] double present_value(std::span<const double> flows, double rate, double t0 = 0.0);

/// Σ flows[i] · (1+rate)^-times[i], for flows at arbitrary times (in years). Requires
/// rate > -1 and times.size() == flows.size().
[[nodiscard]] double present_value(std::span<const double> flows, std::span<const double> times,
                                   double rate);

/// Each flow discounted: out[i] = flows[i] · (1+rate)^-(t0+i). Used by discounted payback and
/// by the statements' discounted rows. `out` must have flows.size() elements.
void discounted_flows(std::span<const double> flows, double rate, double t0, std::span<double> out);

}  // namespace appraise
