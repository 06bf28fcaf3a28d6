#pragma once
/// Time value of money: the spreadsheet annuity functions PMT, IPMT, PPMT, FV, PV, NPER and RATE,
/// with the spreadsheets' sign convention (money received positive, paid negative: a loan of
/// 1000 has pv = +1000 and a negative payment) and payment timing at the end (type 0) or the
/// beginning (type 1) of each period. Loan schedules in the debt module agree with these.

#include <optional>
#include <string>
#include <vector>

#include "appraise/core/metrics.hpp"

namespace appraise {

enum class PaymentTiming { End = 0, Begin = 1 };

/// Level payment that, with `pv` now and `fv` at the end, sums to zero in value:
/// pv·(1+r)^n + pmt·(1+r·type)·((1+r)^n - 1)/r + fv = 0.
/// Example: pmt(0.08/12, 60, 15000) == -304.1459143262052
[[nodiscard]] double pmt(double rate, double nper, double pv, double fv = 0,
                         PaymentTiming when = PaymentTiming::End);

/// Future value of `pv` and `nper` payments of `pmt`.
[[nodiscard]] double fv(double rate, double nper, double pmt, double pv, PaymentTiming when = PaymentTiming::End);

/// Present value of `nper` payments of `pmt` and a final `fv`.
[[nodiscard]] double pv(double rate, double nper, double pmt, double fv = 0, PaymentTiming when = PaymentTiming::End);

/// Interest part of payment `per` (1-based, 1 <= per <= nper). With Begin timing the first
/// payment carries no interest. Example: ipmt(0.1/12, 1, 24, 2000) == -16.666666666666668
[[nodiscard]] double ipmt(double rate, double per, double nper, double pv, double fv = 0,
                          PaymentTiming when = PaymentTiming::End);

/// Principal part of payment `per`, computed directly as -r·(pv+fv)·(1+r)^(per-1)/((1+r)^n - 1)
/// (divided by 1+r with Begin timing) rather than as pmt - ipmt, which cancels catastrophically
/// for long high-rate loans (numpy-financial issue #35).
[[nodiscard]] double ppmt(double rate, double per, double nper, double pv, double fv = 0,
                          PaymentTiming when = PaymentTiming::End);

/// ppmt for the payments of one schedule: the powers (1+rate)^(per-1) and (1+rate)^nper - 1 are
/// computed once for a (rate, nper) and kept, so a schedule of n payments, or the same schedule
/// evaluated again (a Monte Carlo draw that does not change the rate), costs multiplications
/// instead of two exponentials a payment. The result is ppmt(rate, per, nper, pv, fv, when) to
/// the last bit: the same powers, combined by the same formula.
class PpmtSchedule {
 public:
  /// ppmt(rate, per, nper, pv, fv, when) for a whole-number period 1 <= per <= nper.
  [[nodiscard]] double operator()(double rate, int per, int nper, double pv, double fv = 0,
                                  PaymentTiming when = PaymentTiming::End);

 private:
  double rate_ = 0;
  int nper_ = 0;
  std::vector<double> growth_;    // (1+rate)^(per-1), per = 1..nper
  double growth_minus_one_ = 0;   // (1+rate)^nper - 1
};

/// Number of periods for `pv` to reach `fv` with payments `pmt`. Absent (with the reason) when
/// no number of periods does it, e.g. a payment that never covers the interest.
[[nodiscard]] OptionalValue nper(double rate, double pmt, double pv, double fv = 0,
                                 PaymentTiming when = PaymentTiming::End);

/// Rate per period of an annuity: the IRR of the equivalent flows (pv, pmt, ..., pmt + fv), so
/// it has the IRR's guarantees: every root is found, absence comes with a reason. `nper` must be
/// a whole number of periods, at least 1.
[[nodiscard]] IrrResult rate(int nper, double pmt, double pv, double fv = 0, PaymentTiming when = PaymentTiming::End,
                             const IrrOptions& options = {});

}  // namespace appraise
