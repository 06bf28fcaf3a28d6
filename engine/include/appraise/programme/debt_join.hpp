#pragma once
/// The chosen projects' borrowing joined to the city's debt portfolio (portfolio/portfolio.hpp):
/// each loan and bond of a chosen project becomes a debt of the portfolio, and the portfolio is
/// analysed again by the portfolio domain's own code (portfolio::analyse: the weighted cost path,
/// the refinancing plan, the cost target), so that the programme says whether the city stays on
/// its way to its cost target and by how much the new borrowing moves the cost.
///
/// A project's loan becomes a debt repaid on a schedule:
///   kind        special bond → special_bond; a project company's bond → platform_bond;
///               a loan or working-capital loan → bank_loan
///   balance     the loan's balance at the end of the portfolio's base year (0 when it is drawn later)
///   balances    its year-end balances, year by year from base_year + 1 to the horizon (they rise
///               while it is drawn: new borrowing)
///   maturity    the year its balance reaches 0 for good
///   rate, fee   its fixed rate and running fee
///   at_maturity repay; not eligible for refinancing bonds (置换债 replace existing hidden debt,
///               not the programme's new borrowing)
/// A loan with no balance in any year from the base year to the horizon is left out (it lies
/// outside the portfolio's years).

#include <cstddef>
#include <vector>

#include "appraise/portfolio/plan.hpp"
#include "appraise/portfolio/portfolio.hpp"
#include "appraise/programme/candidates.hpp"
#include "appraise/programme/choice.hpp"

namespace appraise::programme {

/// The portfolio debts of one candidate's loans, named "<candidate>·<loan>".
[[nodiscard]] std::vector<portfolio::Debt> portfolio_debts(const portfolio::Portfolio& p, const std::string& candidate,
                                                           const CandidateEvaluation& e);

struct DebtJoin {
  portfolio::Portfolio joined;          // the portfolio with the chosen projects' debts at the end
  std::size_t first_new = 0;            // index of the first added debt in joined.debts
  portfolio::PortfolioAnalysis before;  // the portfolio as it is
  portfolio::PortfolioAnalysis after;   // with the chosen projects' borrowing
};

/// Joins the chosen candidates' debts (in candidate order) to `p` and analyses both.
[[nodiscard]] DebtJoin join_debts(const portfolio::Portfolio& p, const Programme& programme,
                                  const std::vector<CandidateEvaluation>& evaluations, const Choice& choice);

}  // namespace appraise::programme
