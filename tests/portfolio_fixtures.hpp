#pragma once
// Small debts for the portfolio tests.
#include <string>

#include "appraise/portfolio/portfolio.hpp"

namespace portfolio_fixtures {

/// A fixed-rate debt repaid in one bullet at `maturity`, eligible as its kind is by default.
inline appraise::portfolio::Debt debt(std::string name, double balance, double rate, int maturity,
                                      appraise::portfolio::DebtKind kind = appraise::portfolio::DebtKind::BankLoan) {
  appraise::portfolio::Debt d;
  d.name = std::move(name);
  d.kind = kind;
  d.balance = balance;
  d.rate.fixed = rate;
  d.maturity_year = maturity;
  d.eligible = appraise::portfolio::eligible_by_default(kind);
  return d;
}

}  // namespace portfolio_fixtures
