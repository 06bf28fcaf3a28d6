#pragma once
/// Each candidate's figures, from the one evaluation of its model (project/evaluation.hpp's
/// evaluate(): nothing here computes an indicator a second way): the indicators the ranking
/// table shows, what the project asks of each year's budget, bond quota and borrowing, and its
/// loans and bonds for the debt portfolio.
///
/// A CandidateEvaluation is plain data: a shard of `appraise programme --shard K/N` writes it to
/// its part file and `appraise merge` reads it back exactly (io/parts.hpp), so a merged programme
/// is the unsplit one.

#include <optional>
#include <string>
#include <vector>

#include "appraise/core/metrics.hpp"
#include "appraise/programme/programme.hpp"
#include "appraise/project/evaluation.hpp"

namespace appraise::programme {

/// One loan or bond of a candidate, as the debt portfolio needs it.
struct CandidateDebt {
  std::string name;                 // the loan's name in the model
  DebtKind kind = DebtKind::Loan;   // the project's kind (project/model.hpp)
  double rate = 0;                  // its fixed annual rate
  double annual_fee = 0;            // running fees, a share of the balance outstanding
  std::vector<double> closing;      // year-end balance, by year of the calculation period
};

/// A candidate's figures. Yearly rows run over the model's calculation period: index 0 is
/// `first_year`.
struct CandidateEvaluation {
  int first_year = 0;
  // Indicators (absent with the reason where the model has none).
  double total_investment = 0;      // 总投资
  double fnpv = 0;                  // FNPV after tax, at the model's benchmark rate: the decision
  OptionalValue firr;               // indicators (project/evaluation.hpp), incremental
  bool incremental = false;         // (with − without) for a model with a without-project case
  OptionalValue dscr_min;           // 最低偿债备付率
  OptionalValue bond_coverage;      // the lowest 本息覆盖倍数 of its special bonds
  OptionalValue enpv, eirr, ebcr;   // 经济净现值, 经济内部收益率, 经济效益费用比 (with an `economic:` section)
  double fiscal_cost = 0;           // PV of the budget's net outlays (财政净支出现值, the fiscal view)
  bool passed = true;               // every check of the model passed
  int checks_failed = 0;
  bool ppp = false;                 // a PPP project: its draw counts against the 财政承受能力 ceiling
  bool government_pay = false;      // 政府付费 (as the programme file says; implies ppp)
  // What it asks of each year (amounts of 0 or more).
  std::vector<double> budget_capital;  // 政府股权投资: the capital the budget pays in (fiscal view 1.1)
  std::vector<double> bond_issue;      // special bonds drawn (专项债券发行)
  std::vector<double> budget_draw;     // paid from the general budget: fiscal view 1.1 + 1.2 + 1.4 (the
                                       // bond-service gap 1.3 falls on the government-fund budget)
  std::vector<double> new_debt;        // every loan and bond drawn
  std::vector<CandidateDebt> debts;

  [[nodiscard]] int last_year() const { return first_year + static_cast<int>(budget_capital.size()) - 1; }
  /// A yearly row's value in calendar `year` (0 outside the calculation period).
  [[nodiscard]] double in_year(const std::vector<double>& row, int year) const;
};

/// The figures of `candidate` from the evaluation of its model. Throws EvaluationError when the
/// model cannot be evaluated.
[[nodiscard]] CandidateEvaluation evaluate_candidate(const Candidate& candidate);

/// The candidate's contribution to the objective: its FNPV, its ENPV or its score. Absent (with
/// the reason) when the candidate has none.
[[nodiscard]] OptionalValue objective_value(const Programme& p, std::size_t candidate, const CandidateEvaluation& e);

}  // namespace appraise::programme
