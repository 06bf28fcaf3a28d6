#pragma once
/// Debt: the rules that set how much interest and principal a loan or bond costs each year.
/// The year-by-year loop that applies them to a project (and, for maximum-capacity and sculpted
/// repayment, reads the project's cash) is in financing.cpp; these are the pure parts, tested
/// against the standard's worked examples (standards.md §5.1–5.2).

#include <span>
#include <vector>

#include "appraise/core/tvm.hpp"
#include "appraise/project/model.hpp"

namespace appraise {

/// Interest during construction by the standard's mid-year draw rule (standards.md §1.6):
/// q_t = (B_{t-1} + A_t / 2) · i, where A_t is the draw of year t and B_{t-1} the balance at the
/// start of year t. With `compound` the interest joins the balance (rolled into the loan); without,
/// it is paid each year and B counts draws only.
/// `timing` moves the draw: at the start of the year it earns a full year, q = (B + A)·i; at the
/// end none, q = B·i.
/// Example: construction_interest({400, 800, 500}, 0.05, true) == {10, 40.5, 75.025}  (CI-1)
[[nodiscard]] std::vector<double> construction_interest(std::span<const double> draws, double rate, bool compound,
                                                        DrawTiming timing = DrawTiming::MidYear);
/// The same into `out` (draws.size() values), without allocating.
void construction_interest(std::span<const double> draws, double rate, bool compound, std::span<double> out,
                           DrawTiming timing = DrawTiming::MidYear);

/// The principal due in repayment year k (1-based) of n, for the predetermined repayment rules,
/// on a loan whose balance was `initial` when repayment began and is `balance` now:
///  - EqualPayment:   the principal part of the level annuity A = initial·i(1+i)^n/((1+i)^n-1),
///                    i.e. -ppmt(i, k, n, initial) (standards.md §1.7; agrees with `calc ppmt`)
///  - EqualPrincipal: initial / n
///  - Bullet:         everything in year n
///  - Custom:         shares[k-1] · initial
/// The last year always clears what is left, so rounding never leaves a remainder.
/// MaxCapacity and Sculpted depend on the project's cash and are decided by the caller.
/// `powers`, when given, keeps the equal-payment powers of (1+i) from one year and one call to
/// the next (the same result to the last bit; see PpmtSchedule).
[[nodiscard]] double scheduled_principal(Repayment rule, double rate, double initial, double balance, int k, int n,
                                         std::span<const double> shares = {}, PpmtSchedule* powers = nullptr);

/// The level debt service of an equal-payment loan: initial · i(1+i)^n / ((1+i)^n - 1).
/// Example: level_debt_service(1060.9, 0.06, 3) == 396.8931...  (RP-1)
[[nodiscard]] double level_debt_service(double initial, double rate, int n);

/// Debt a stream of cash flows available for debt service can carry at a constant DSCR: the
/// present value, at the loan rate, of CFADS_t / dscr (standards.md §4: sculpting). Flows are
/// for repayment years 1..n, discounted from the start of repayment.
[[nodiscard]] double sculpted_debt_capacity(std::span<const double> cfads, double rate, double dscr);

}  // namespace appraise
