#pragma once
// The one place where a position's year is turned into money and weights: interest, fees, the
// weighted-cost numerator and denominator and the closing balance of one debt (or of one unit of
// refinancing bond) in one year. The cost path sums these; the optimiser's coefficients are
// differences of these; nothing else re-derives interest from balances.
#include "appraise/portfolio/portfolio.hpp"

namespace appraise::portfolio::detail {

struct YearTerms {
  double interest = 0;  // paid in the year, on the opening balance
  double fees = 0;      // annual fees and guarantee costs, on the opening balance
  double weighted = 0;  // rate · weight under the cost definition
  double weight = 0;    // the balance that weights the rate (year-end or average)
  double closing = 0;   // balance at the end of the year

  [[nodiscard]] double running_cost() const { return interest + fees; }
  void add(const YearTerms& o, double scale) {
    interest += scale * o.interest;
    fees += scale * o.fees;
    weighted += scale * o.weighted;
    weight += scale * o.weight;
    closing += scale * o.closing;
  }
};

/// Terms of a refinancing bond issued by one quota, per unit of amount.
struct BondTerms {
  int start = 1;          // t of the first year of interest (the quota's year)
  int last = 1;           // t of the year whose end repays it (start + term − 1)
  double coupon = 0;
  double all_in = 0;      // IRR including the issuance cost
  const RatePath* rollover = nullptr;  // after maturity; nullptr: the coupon
};

[[nodiscard]] BondTerms bond_terms_of(const Portfolio& p, const Quota& q);

/// Debt `d`'s whole position in year t (t = 0: today's snapshot, no interest).
[[nodiscard]] YearTerms position_terms(const Portfolio& p, const Debt& d, int t);

/// One unit of bond `b` in year t >= b.start.
[[nodiscard]] YearTerms bond_terms(const Portfolio& p, const BondTerms& b, int t);

/// The market rate at which `d`'s principal rolls over in year t (its own contractual rate when
/// the portfolio gives none for its kind).
[[nodiscard]] double rollover_rate(const Portfolio& p, const Debt& d, int t);

}  // namespace appraise::portfolio::detail
