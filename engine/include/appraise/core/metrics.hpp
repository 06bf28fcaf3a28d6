#pragma once
/// Investment metrics over a series of flows: NPV, XNPV, IRR (every root), XIRR, MIRR, static
/// and discounted payback, benefit-cost ratio, profitability index, equivalent annual value.
///
/// Conventions: rates are fractions per period; flows are signed (outflows negative); the
/// timing of a periodic series is always an explicit argument (see Timing). A metric that does
/// not exist for the given flows is reported as absent with a status and a reason, never NaN.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/core/message.hpp"

#include "appraise/core/dates.hpp"
#include "appraise/core/discounting.hpp"

namespace appraise {

/// Net present value of periodic flows: Σ flows[i] · (1+rate)^-(t0+i), t0 from `timing`.
/// Example: npv({-40000, 5000, 8000, 12000, 30000}, 0.08, Timing::AtStart) == 3065.2226681795...
[[nodiscard]] double npv(std::span<const double> flows, double rate, Timing timing = Timing::AtStart);

/// A flow on a calendar date.
struct DatedFlow {
  Date date;
  double amount = 0;
};

/// Net present value of dated flows, discounted to the first listed date (as the spreadsheet
/// XNPV): Σ amount_i · (1+rate)^-(yf(d_0, d_i)), yf from `day_count` (actual/365 by default).
/// Dates before the first are allowed and are compounded forward (spreadsheets refuse them).
[[nodiscard]] double xnpv(std::span<const DatedFlow> flows, double rate, DayCount day_count = DayCount::Act365F);

enum class IrrStatus {
  Converged,     // at least one rate found; `rate` holds the chosen one
  NoSignChange,  // flows all of one sign (or all zero): NPV never crosses zero
  NoRoot,        // flows change sign but NPV has no zero in (-100%, +inf)
  NotConverged,  // the solver hit its iteration cap (not expected in practice; reported if so)
};

[[nodiscard]] std::string_view to_string(IrrStatus s);

struct IrrOptions {
  /// Where safeguarded Newton starts when the root is proven unique. Unset, the
  /// default: an estimate from the sizes and timing of the inflows and outflows, which is closer
  /// than any fixed rate. Several roots are all enumerated whatever the guess.
  std::optional<double> guess;
  /// Whether to report `residual`. With one root, it costs one more evaluation of NPV after the
  /// root is found; a project's indicators do not show it (only `calc irr` does), so a Monte
  /// Carlo draw solving three IRRs skips it. The rate is the same either way.
  bool residual = true;
};

/// An internal rate of return and the evidence for it.
///
/// How the rate is found: NPV(r) is written as a polynomial (or, for dated flows, a sum of
/// integer powers of days) in a variable bounded to (0, 1] on each side of r = 0, so nothing
/// overflows for 1,000 periods or rates near -100%. With one sign change in the flows the root
/// is unique and found by safeguarded Newton from `guess`; so it is, for periodic flows, when
/// the running sums (bounding the roots above 0, Norström) and the tail sums (below 0) change
/// sign once in all; otherwise every root in (-100%, +inf) is enumerated by a deterministic
/// Lipschitz branch-and-bound.
///
/// Tolerance: the rate is refined until the step in the bounded variable is below 2 ulp, or
/// |NPV| falls below its own rounding-error bound, 4·n·eps·Σ|flow_i·v^t_i|; `residual` reports
/// |NPV(rate)| relative to Σ|flow_i·v^t_i| at the chosen rate.
///
/// Which root is chosen when there are several: the lowest non-negative one; if all are
/// negative, the highest. `reason` then says that the IRR is not unique and that NPV at the
/// benchmark rate, or MIRR, should decide.
struct IrrResult {
  IrrStatus status = IrrStatus::NoSignChange;
  std::optional<double> rate;   // engaged when status == Converged
  std::vector<double> roots;    // every root found in (-100%, +inf), ascending
  int sign_changes = 0;         // Descartes: an upper bound on the number of roots
  bool unique = false;          // exactly one root, proven (one sign change, or for periodic flows
                                // one sign change among the running and tail sums together)
  bool norstrom_unique_positive = false;  // cumulative flows change sign once: one root > 0
  bool enumeration_complete = true;       // false if the search budget ran out (reported)
  double residual = 0;          // |NPV(rate)| / Σ|flow·v^t| at the chosen rate; NaN when
                                // IrrOptions::residual was false and the root was unique
  int evaluations = 0;          // NPV evaluations used
  Message reason;               // why absent; or, with several roots, which was chosen and why
};

/// IRR of periodic flows (the timing convention does not move the roots).
/// Example: irr({-100, 39, 59, 55, 20}).rate == 0.2809484211599611
[[nodiscard]] IrrResult irr(std::span<const double> flows, const IrrOptions& options = {});

/// irr() into `out`, reusing the memory of its roots and reason (a Monte Carlo worker solves
/// millions of series into the same result): afterwards `out` equals irr(flows, options).
void irr_into(std::span<const double> flows, IrrResult& out, const IrrOptions& options = {});

/// IRR of dated flows under `day_count` (XIRR). Same guarantees as irr.
/// Example: xirr({{2020-01-01,-10000},{2020-03-01,5750},{2020-10-30,4250},{2021-02-15,3250}})
[[nodiscard]] IrrResult xirr(std::span<const DatedFlow> flows, DayCount day_count = DayCount::Act365F,
                             const IrrOptions& options = {});

/// A metric that may not exist, with the reason when it does not.
struct OptionalValue {
  std::optional<double> value;
  Message reason;  // empty when value is engaged
};

/// Modified IRR, the spreadsheet definition: outflows discounted to t=0 at `finance_rate`,
/// inflows compounded to the last period at `reinvest_rate`, then
/// MIRR = (FV(inflows) / -PV(outflows))^(1/(n-1)) - 1. Absent without both signs.
/// Example: mirr({-120000, 39000, 30000, 21000, 37000, 46000}, 0.10, 0.12) == 0.126094...
[[nodiscard]] OptionalValue mirr(std::span<const double> flows, double finance_rate, double reinvest_rate);

/// Payback period, the Chinese method's interpolation: with T the first period whose cumulative
/// net flow is >= 0, Pt = (T - 1) + |cumulative(T-1)| / flow(T), counted in periods from the
/// time origin of `timing` (so with Timing::EndOfPeriod, years from the start of construction).
struct PaybackResult {
  std::optional<double> periods;  // absent when the cumulative flow never reaches zero
  Message reason;                 // why absent; or a note when the cumulative turns negative again
  std::optional<int> recovered_in;  // index of the flow in which it is recovered
};

/// Static payback (undiscounted).
/// Example: payback({-200, 30, 30, 30, 30, 30, 30, 30}, Timing::AtStart).periods == 6.6667
[[nodiscard]] PaybackResult payback(std::span<const double> flows, Timing timing = Timing::AtStart);

/// Discounted (dynamic) payback: the same rule on flows discounted at `rate` under `timing`.
[[nodiscard]] PaybackResult discounted_payback(std::span<const double> flows, double rate,
                                               Timing timing = Timing::AtStart);

/// Benefit-cost ratio: PV(benefits) / PV(costs), both given as non-negative series.
[[nodiscard]] OptionalValue benefit_cost_ratio(std::span<const double> benefits, std::span<const double> costs,
                                               double rate, Timing timing = Timing::AtStart);

/// Profitability index: PV of the inflows over |PV of the outflows| of one signed series.
[[nodiscard]] OptionalValue profitability_index(std::span<const double> flows, double rate,
                                                Timing timing = Timing::AtStart);

/// Capital recovery factor r / (1 - (1+r)^-n); 1/n at r = 0.
[[nodiscard]] double capital_recovery_factor(double rate, double periods);

/// Equivalent annual value: the level end-of-period annuity over `periods` with the same
/// present value, NPV · r / (1 - (1+r)^-n). Compares options with unequal lives.
[[nodiscard]] double equivalent_annual_value(double npv_value, double rate, double periods);

}  // namespace appraise
