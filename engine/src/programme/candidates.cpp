// A candidate's figures from the one evaluation of its model (programme/candidates.hpp).
#include "appraise/programme/candidates.hpp"

#include <algorithm>

#include "appraise/messages/project.hpp"
#include "appraise/messages/risk.hpp"
#include "appraise/scenario/comparison.hpp"

namespace appraise::programme {
namespace {

std::vector<double> to_vector(const YearRow& row) { return {row.data(), row.data() + row.size()}; }

}  // namespace

double CandidateEvaluation::in_year(const std::vector<double>& row, int year) const {
  const int t = year - first_year;
  return t >= 0 && t < static_cast<int>(row.size()) ? row[static_cast<std::size_t>(t)] : 0.0;
}

CandidateEvaluation evaluate_candidate(const Candidate& candidate) {
  const ProjectModel& m = candidate.model;
  const ProjectResult r = evaluate(m);
  const ProjectIndicators& ind = r.indicators;
  CandidateEvaluation e;
  e.first_year = r.first_year;
  e.total_investment = ind.total_investment;
  // Ranked and tested on what the project is decided on: the increment for a with/without model.
  const DecisionIndicators decision = decision_indicators(r);
  e.incremental = decision.incremental;
  e.fnpv = decision.fnpv_post_tax;
  e.firr = {decision.firr_post_tax.rate, decision.firr_post_tax.rate ? Message() : decision.firr_post_tax.reason};
  e.dscr_min = ind.dscr_min;
  e.bond_coverage = {lowest_bond_coverage(ind), {}};
  if (!e.bond_coverage.value)
    e.bond_coverage.reason =
        ind.bonds.empty() ? msg(messages::Risk::not_collected_no_bond) : msg(messages::Project::no_bond_serviced);
  e.checks_failed = failed_tests(r.checks);
  e.passed = e.checks_failed == 0;
  e.government_pay = candidate.government_pay;
  e.ppp = candidate.ppp || candidate.government_pay;

  const FinancingResult& fin = r.financing;
  const auto n = static_cast<Eigen::Index>(r.years);
  YearRow bonds = YearRow::Zero(n), draws = YearRow::Zero(n);
  for (const LoanSchedule& s : fin.loans) {
    draws += s.draw;
    if (s.kind == DebtKind::SpecialBond) bonds += s.draw;
  }
  // The budget's side, from the fiscal view (economic/results.hpp): the government's equity, and
  // what the general budget pays — equity, subsidies and the other outlays the model states. The
  // special-bond service gap is borne by the government-fund budget, not the general budget.
  const FiscalResult& f = r.fiscal;
  e.fiscal_cost = f.cost_pv;
  e.budget_capital = to_vector(f.equity);
  e.bond_issue = to_vector(bonds);
  e.budget_draw = to_vector(f.equity + f.subsidies + f.other);
  if (r.economic.computed) {
    const EconomicIndicators& ei = r.economic.indicators;
    e.enpv = {ei.enpv, {}};
    e.eirr = {ei.eirr.rate, ei.eirr.rate ? Message() : ei.eirr.reason};
    e.ebcr = ei.ebcr;
  } else {
    e.enpv = e.eirr = e.ebcr = {std::nullopt, msg(messages::Risk::not_collected_no_economic)};
  }
  e.new_debt = to_vector(draws);

  const Financing* model_financing = m.financing ? &*m.financing : nullptr;
  for (const LoanSchedule& s : fin.loans) {
    CandidateDebt d;
    d.name = s.name;
    d.kind = s.kind;
    d.rate = s.rate;
    // The schedules are index-aligned with the model's loans.
    const std::size_t k = e.debts.size();
    if (model_financing && k < model_financing->loans.size()) d.annual_fee = model_financing->loans[k].annual_fee;
    d.closing = to_vector(s.closing);
    e.debts.push_back(std::move(d));
  }
  return e;
}

OptionalValue objective_value(const Programme& p, std::size_t candidate, const CandidateEvaluation& e) {
  switch (p.objective) {
    case Objective::Enpv: return e.enpv;
    case Objective::Fnpv: return {e.fnpv, {}};
    case Objective::Score: {
      const auto& s = p.candidates.at(candidate).score;
      return s ? OptionalValue{*s, {}} : OptionalValue{std::nullopt, msg(messages::Project::absent_no_score)};
    }
  }
  return {};
}

std::string_view to_string(Objective o) {
  switch (o) {
    case Objective::Enpv: return "enpv";
    case Objective::Fnpv: return "fnpv";
    case Objective::Score: return "score";
  }
  return "fnpv";
}

std::optional<std::size_t> find_candidate(const Programme& p, std::string_view name) {
  for (std::size_t i = 0; i < p.candidates.size(); ++i)
    if (p.candidates[i].name == name) return i;
  return std::nullopt;
}

}  // namespace appraise::programme
