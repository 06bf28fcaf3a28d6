// The chosen projects' borrowing joined to the city's debt portfolio (programme/debt_join.hpp).
#include "appraise/programme/debt_join.hpp"

#include <algorithm>

namespace appraise::programme {
namespace {

portfolio::DebtKind portfolio_kind(DebtKind k) {
  switch (k) {
    case DebtKind::SpecialBond: return portfolio::DebtKind::SpecialBond;
    case DebtKind::Bond: return portfolio::DebtKind::PlatformBond;
    case DebtKind::Loan:
    case DebtKind::WorkingCapital: return portfolio::DebtKind::BankLoan;
  }
  return portfolio::DebtKind::BankLoan;
}

}  // namespace

std::vector<portfolio::Debt> portfolio_debts(const portfolio::Portfolio& p, const std::string& candidate,
                                             const CandidateEvaluation& e) {
  std::vector<portfolio::Debt> out;
  for (const CandidateDebt& cd : e.debts) {
    auto balance_in = [&](int year) {
      const int t = year - e.first_year;
      return t >= 0 && t < static_cast<int>(cd.closing.size()) ? cd.closing[static_cast<std::size_t>(t)] : 0.0;
    };
    // The year the balance reaches 0 for good: the year after the last one with a balance.
    int last_owed = 0;
    for (std::size_t t = 0; t < cd.closing.size(); ++t)
      if (cd.closing[t] > 0.0) last_owed = e.first_year + static_cast<int>(t);
    if (last_owed == 0) continue;  // never drawn
    portfolio::Debt d;
    d.name = candidate + "·" + cd.name;
    d.kind = portfolio_kind(cd.kind);
    d.balance = balance_in(p.base_year);
    d.rate.fixed = cd.rate;
    d.fee_rate = cd.annual_fee;
    d.amortisation = portfolio::Amortisation::Schedule;
    bool owed_in_window = d.balance > 0.0;
    for (int t = 1; t <= p.horizon; ++t) {
      d.balances.push_back(balance_in(p.base_year + t));
      owed_in_window = owed_in_window || d.balances.back() > 0.0;
    }
    if (!owed_in_window) continue;  // outside the portfolio's years
    d.maturity_year = last_owed + 1;
    d.at_maturity = portfolio::AtMaturity::Repay;
    d.eligible = false;
    out.push_back(std::move(d));
  }
  return out;
}

DebtJoin join_debts(const portfolio::Portfolio& p, const Programme& programme,
                    const std::vector<CandidateEvaluation>& evaluations, const Choice& choice) {
  DebtJoin j;
  j.joined = p;
  j.first_new = p.debts.size();
  for (std::size_t i = 0; i < programme.candidates.size(); ++i) {
    if (choice.decisions[i].verdict != Verdict::Chosen) continue;
    for (auto& d : portfolio_debts(p, programme.candidates[i].name, evaluations[i])) j.joined.debts.push_back(std::move(d));
  }
  j.before = portfolio::analyse(p);
  j.after = portfolio::analyse(j.joined);
  return j;
}

}  // namespace appraise::programme
