// Financing: loans and bonds year by year, and every statement that depends on them.
//
// One loop over the calculation period applies each loan's repayment rule (debt.hpp) after the
// year's interest, profit and tax are known, because maximum-capacity and sculpted repayment
// spend the cash the year produces. The statements follow the row definitions of
// standards.md §1.5; the balance sheet must balance, which the tests check every year.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "appraise/core/units.hpp"
#include "appraise/messages/project.hpp"
#include "appraise/project/debt.hpp"
#include "appraise/project/plan.hpp"
#include "project_parts.hpp"

namespace appraise::detail {
namespace {

using namespace appraise::literals;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool is_term_debt(const Loan& l) { return l.kind != DebtKind::WorkingCapital; }

void reset(YearRow& row, int n) {
  if (row.size() != n) row.resize(n);
  row.setZero();
}

// Running totals of x into out.
void cumulate(const YearRow& x, YearRow& out) {
  if (out.size() != x.size()) out.resize(x.size());
  double s = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) out[i] = (s += x[i]);
}

// The financing a model states, or none (all equity).
const Financing& financing_of(const ProjectModel& m) {
  static const Financing none{};
  return m.financing ? *m.financing : none;
}

// The repayment window of a term loan: first repayment year index and number of years.
void repayment_window(const ProjectModel& m, const Loan& l, LoanSchedule& s) {
  s.first_repayment = m.construction_years + l.grace_years;
  s.repayment_years = l.maturity_year ? *l.maturity_year - (m.first_year + s.first_repayment) + 1 : l.term_years;
}

}  // namespace

void construction_financing(const EvaluationPlan& plan, EvaluationBuffers& b) {
  const ProjectModel& m = plan.model();
  ProjectResult& r = b.result;
  const int n = plan.years();
  const int C = m.construction_years;
  auto& f = r.financing;
  reset(f.construction_interest, n);
  reset(f.construction_fees, n);
  reset(f.equity, n);
  const Financing& fin = financing_of(m);
  // What is paid in cash: existing assets contributed in kind are equity, not financed.
  b.cash_investment = r.construction_investment - r.in_kind_investment;
  const YearRow& ci = b.cash_investment;
  const double ci_total = ci.sum();

  // Draws by construction year. A loan without an amount or share balances the sources.
  std::size_t balancing = fin.loans.size();
  YearRow& fixed_draws = b.fixed_draws;
  fixed_draws.setZero();
  f.loans.resize(fin.loans.size());
  for (std::size_t i = 0; i < fin.loans.size(); ++i) {
    const Loan& l = fin.loans[i];
    LoanSchedule& s = f.loans[i];
    if (!b.named && s.name != l.name) s.name = l.name;
    s.kind = l.kind;
    s.repayment = l.repayment;
    s.rate = l.rate;
    s.first_repayment = -1;
    s.repayment_years = 0;
    s.sculpted_capacity.reset();
    s.repayment_period = {};
    for (YearRow* row : {&s.draw, &s.opening, &s.closing, &s.interest, &s.capitalised_interest, &s.interest_paid,
                         &s.fees, &s.principal})
      reset(*row, n);
    if (is_term_debt(l)) {
      repayment_window(m, l, s);
      if (!l.amount && !l.share) {
        balancing = i;
      } else {
        const double principal = l.amount.value_or(l.share.value_or(0.0) * ci_total);
        // Draws fall in construction years only: the total adds each as it is written (a row-wide
        // add right after single-value stores cannot take them from the store buffer).
        for (int t = 0; t < C; ++t) {
          const double share = !l.draw.empty() ? (static_cast<std::size_t>(t) < l.draw.size() ? l.draw[static_cast<std::size_t>(t)] : 0.0)
                                               : (ci_total > 0 ? ci[t] / ci_total : 0.0);
          s.draw[t] = principal * share;
          fixed_draws[t] += s.draw[t];
        }
      }
    }
  }
  // Equity fixed by the model (a share or amounts by year), or the balancing item.
  const bool equity_given = fin.equity_share || !fin.equity_amounts.empty();
  YearRow& equity_share_part = b.equity_part;
  if (fin.equity_share) equity_share_part = *fin.equity_share * ci;
  else equity_share_part.setZero();
  for (std::size_t t = 0; t < fin.equity_amounts.size() && static_cast<int>(t) < C; ++t)
    equity_share_part[static_cast<Eigen::Index>(t)] = fin.equity_amounts[t];
  if (balancing < fin.loans.size())
    for (int t = 0; t < C; ++t) f.loans[balancing].draw[t] = std::max(0.0, ci[t] - equity_share_part[t] - fixed_draws[t]);
  YearRow& draws = b.draws;  // in construction years; after them no loan has drawn yet
  draws.setZero();
  for (int t = 0; t < C; ++t)
    for (const auto& s : f.loans) draws[t] += s.draw[t];
  for (int t = 0; t < C; ++t) {
    const double equity = equity_given ? equity_share_part[t] : ci[t] - draws[t];
    const double gap = ci[t] - draws[t] - equity;
    if (equity < -1e-6 * std::max(1.0, ci[t]) || std::abs(gap) > 1e-6 * std::max(1.0, ci[t]))
      throw EvaluationError(
          "financing",
          msg(messages::Project::sources_and_uses_mismatch, "year"_a = m.first_year + t, "draws"_a = format_money(draws[t]),
              "equity"_a = format_money(equity), "investment"_a = format_money(ci[t]), "unit"_a = m.unit),
          msg(messages::Project::sources_and_uses_hint));
    f.equity[t] = equity + r.in_kind_investment[t];
  }

  // Interest during construction by the mid-year draw rule; upfront fees on each draw.
  b.construction_interest.resize(static_cast<std::size_t>(C));
  for (std::size_t i = 0; i < fin.loans.size(); ++i) {
    const Loan& l = fin.loans[i];
    LoanSchedule& s = f.loans[i];
    if (!is_term_debt(l)) continue;
    // A bond's face value does not grow: its coupons are paid in cash from issuance, so only
    // loans can roll construction interest into their balance.
    const bool roll_up = fin.capitalise_construction_interest && (l.kind == DebtKind::Loan);
    const auto& q = b.construction_interest;
    construction_interest({s.draw.data(), static_cast<std::size_t>(C)}, l.rate, roll_up, b.construction_interest, l.draw_timing);
    double balance = 0;
    for (int t = 0; t < C; ++t) {
      s.opening[t] = balance;
      s.interest[t] = q[static_cast<std::size_t>(t)];
      s.fees[t] = l.upfront_fee * s.draw[t];
      if (roll_up) s.capitalised_interest[t] = s.interest[t];
      else s.interest_paid[t] = s.interest[t];
      balance += s.draw[t] + s.capitalised_interest[t];
      s.closing[t] = balance;
      f.construction_interest[t] += s.interest[t];
      f.construction_fees[t] += s.fees[t];
      // Interest paid in cash during construction, and fees, are paid by the equity holders.
      f.equity[t] += s.interest_paid[t] + s.fees[t];
    }
  }
  b.capitalised = f.construction_interest + f.construction_fees;
}

void operation_financing(const EvaluationPlan& plan, EvaluationBuffers& b, const Outputs& outputs) {
  const ProjectModel& m = plan.model();
  ProjectResult& r = b.result;
  const int n = plan.years();
  const int C = m.construction_years;
  auto& f = r.financing;
  const Financing& fin = financing_of(m);
  const double tax_rate = m.income_tax_rate;

  // The profit distribution and the financial-plan cash flow feed nothing else unless short-term
  // loans borrow against the cumulative surplus: a draw that reports neither skips them.
  const bool plan_cash = cash_plan_needed(m, outputs);
  // Rows written in part (zero elsewhere), then rows written in every year.
  for (YearRow* row : {&f.short_term_draw, &f.short_term_repaid, &f.short_term_interest, &f.debt_service}) reset(*row, n);
  for (YearRow* row : {&f.interest_expense, &f.profit_before_tax, &f.loss_offset, &f.taxable_income, &f.income_tax,
                       &f.net_profit, &f.ebit, &f.ebitda, &f.cfads, &r.interest, &r.total_cost})
    sized(*row, n);
  if (plan_cash)
    for (YearRow* row : {&f.short_term_balance, &f.opening_undistributed, &f.distributable, &f.statutory_reserve,
                         &f.distributable_to_investors, &f.dividends, &f.undistributed, &f.net_cash, &f.surplus,
                         &f.loan_draws, &f.interest_paid, &f.principal_repaid})
      sized(*row, n);
  for (YearRow* row : {&b.tax_base, &b.eq_principal, &b.eq_interest, &b.term_service,
                       &b.term_principal})
    sized(*row, n);
  f.term_debt_year.assign(static_cast<std::size_t>(n), false);  // set by year below (a push per year cost more)

  // Working-capital loans follow the working-capital increments; what they do not lend is equity
  // (铺底流动资金). Their draws are totalled loan by loan into b.wc_draws, each year's total
  // adding the loans in their order.
  YearRow& wc_loans = b.wc_draws;
  reset(wc_loans, n);
  for (std::size_t i = 0; i < fin.loans.size(); ++i) {
    const Loan& l = fin.loans[i];
    if (is_term_debt(l)) continue;
    LoanSchedule& s = f.loans[i];
    const double wc_total = r.working_capital_increment.sum();
    const double share = l.amount ? (wc_total > 0 ? std::min(1.0, *l.amount / wc_total) : 0.0) : l.share.value_or(0.7);
    for (int t = C; t < n; ++t) {
      s.draw[t] = share * r.working_capital_increment[t];
      wc_loans[t] += s.draw[t];
    }
    s.first_repayment = n - 1;
    s.repayment_years = 1;
  }
  for (int t = C; t < n; ++t) f.equity[t] += r.working_capital_increment[t] - wc_loans[t];

  if (b.ppmt.size() < fin.loans.size()) b.ppmt.resize(fin.loans.size());
  // The loans as the steps below read them.
  const std::size_t L = fin.loans.size();
  auto& loans = b.loan_rows;
  loans.resize(L);
  bool any_spends = false;
  for (std::size_t i = 0; i < L; ++i) {
    const Loan& l = fin.loans[i];
    LoanSchedule& s = f.loans[i];
    loans[i] = {&l, s.draw.data(), s.opening.data(), s.closing.data(), s.interest.data(), s.interest_paid.data(),
                s.fees.data(), s.principal.data(), s.first_repayment, s.repayment_years, is_term_debt(l),
                l.repayment == Repayment::MaxCapacity || l.repayment == Repayment::Sculpted};
    any_spends = any_spends || loans[i].spends;
  }
  // Balances at the start of repayment, for the scheduled rules.
  std::vector<double>& initial = b.initial;
  initial.assign(L, 0.0);
  // Losses not yet offset, (year index, amount), oldest first from `head` (a queue that keeps
  // its memory from one evaluation to the next).
  auto& losses = b.losses;
  losses.clear();
  losses.reserve(static_cast<std::size_t>(n));
  std::size_t head = 0;
  double undistributed = 0.0, surplus = 0.0, st_balance = 0.0;
  // 法定盈余公积金 stops accruing once it reaches half the registered capital (公司法第二百一十条).
  f.registered_capital = fin.registered_capital.value_or(f.equity.sum());
  f.reserve_capped_from = -1;
  const double reserve_cap = 0.5 * f.registered_capital;
  double reserved = 0.0;

  // A loan's interest in operation year t, on its opening balance (construction years were set
  // by construction_financing), and its balance when repayment begins, for the scheduled rules.
  const auto accrue = [](const EvaluationBuffers::LoanRows& v, int t, double opening, double& initial_balance) {
    v.opening[t] = opening;
    v.interest[t] = opening * v.terms->rate;
    v.fees[t] = opening * v.terms->annual_fee;
    v.interest_paid[t] = v.interest[t];
    if (t == v.first_repayment) initial_balance = opening;
  };

  // The scheduled loans (and working-capital loans) follow their own balance and nothing else:
  // each runs through the operation years at once, its balance carried from year to year.
  for (std::size_t i = 0; i < L; ++i) {
    const auto v = loans[i];
    if (v.spends) continue;
    const Loan& l = *v.terms;
    double& initial_balance = initial[i];
    PpmtSchedule& powers = b.ppmt[i];
    double opening = C > 0 ? v.closing[C - 1] : 0.0;
    for (int t = C; t < n; ++t) {
      accrue(v, t, opening, initial_balance);
      const int k = t - v.first_repayment + 1;
      if (!v.term)
        v.principal[t] = t == n - 1 ? opening + v.draw[t] : 0.0;
      else if (k >= 1 && k <= v.repayment_years)
        v.principal[t] = scheduled_principal(l.repayment, l.rate, initial_balance, opening, k, v.repayment_years, l.custom_shares, &powers);
      opening = v.closing[t] = opening + v.draw[t] - v.principal[t];
    }
  }

  // The steps of a stretch of years [t0, t1). Loans repaid from the year's cash, and short-term
  // loans (their interest follows last year's cash), make each year depend on the one before:
  // then the steps run one year at a time, in order; otherwise each runs once over every year.
  // The same arithmetic either way, element by element, so the results are the same bits.
  const auto rows = [](YearRow& x, int t0, int t1) { return x.segment(t0, t1 - t0); };
  const auto in = [](const YearRow& x, int t0, int t1) { return x.segment(t0, t1 - t0); };

  // Interest charged to cost (the loans in their order, then short-term loans) and total cost.
  const auto interest_step = [&](int t0, int t1) {
    rows(f.interest_expense, t0, t1).setZero();
    for (int t = std::max(t0, C); t < t1; ++t) {
      for (std::size_t i = 0; i < L; ++i)
        if (loans[i].spends) accrue(loans[i], t, t > 0 ? loans[i].closing[t - 1] : 0.0, initial[i]);
      f.short_term_interest[t] = st_balance * fin.short_term_rate;
      f.short_term_repaid[t] = st_balance;
    }
    const int a = std::max(t0, C);
    if (a < t1) {
      for (std::size_t i = 0; i < L; ++i) rows(f.interest_expense, a, t1) += in(f.loans[i].interest, a, t1) + in(f.loans[i].fees, a, t1);
      rows(f.interest_expense, a, t1) += in(f.short_term_interest, a, t1);
    }
    rows(r.interest, t0, t1) = in(f.interest_expense, t0, t1);
    rows(r.total_cost, t0, t1) = in(r.operating_cost, t0, t1) + in(r.cost_of_sales, t0, t1) + in(r.depreciation, t0, t1) +
                                 in(r.amortisation, t0, t1) + in(f.interest_expense, t0, t1) + in(r.sustaining_expensed, t0, t1);
  };

  // Profit, loss carry-forward (至多 5 年), income tax and the cash available for debt service.
  const auto profit_step = [&](int t0, int t1) {
    rows(f.profit_before_tax, t0, t1) = in(r.revenue, t0, t1) + in(r.subsidy, t0, t1) - in(r.surcharges, t0, t1) -
                                        in(r.land_appreciation_tax, t0, t1) - in(r.total_cost, t0, t1);
    // Less non-taxable subsidies and the margin on land sold by a land-reserve project.
    rows(b.tax_base, t0, t1) = in(f.profit_before_tax, t0, t1) - (in(r.subsidy, t0, t1) - in(r.subsidy_taxable, t0, t1)) -
                               in(r.non_taxable_margin, t0, t1);
    for (int t = t0; t < t1; ++t) {
      const double base = b.tax_base[t];
      double offset = 0.0;
      while (head < losses.size() && t - losses[head].first > fin.loss_carry_forward_years) ++head;
      if (base < 0) {
        losses.emplace_back(t, -base);
      } else {
        for (std::size_t k = head; k < losses.size(); ++k) {
          double& loss = losses[k].second;
          const double use = std::min(loss, base - offset);
          offset += use;
          loss -= use;
        }
        while (head < losses.size() && losses[head].second <= 0.0) ++head;
      }
      f.loss_offset[t] = offset;
      f.taxable_income[t] = std::max(0.0, base - offset);
    }
    rows(f.income_tax, t0, t1) = in(f.taxable_income, t0, t1) * tax_rate;
    rows(f.net_profit, t0, t1) = in(f.profit_before_tax, t0, t1) - in(f.income_tax, t0, t1);
    rows(f.ebit, t0, t1) = in(f.profit_before_tax, t0, t1) + in(f.interest_expense, t0, t1);
    rows(f.ebitda, t0, t1) = in(f.ebit, t0, t1) + in(r.depreciation, t0, t1) + in(r.amortisation, t0, t1);
    // Less the cash the year does not have: income tax (and, if asked, capitalised 维持运营投资);
    // plus the cost of what is sold (开发产品结转), like depreciation a charge whose cash was
    // paid during construction: a sale project repays from its sales, and leaving the cost of
    // sales in would count the building's cost a second time against its debt service. Added
    // last, so a project that sells nothing gets the same bits as without it.
    for (int t = t0; t < t1; ++t) {
      const double tax_for_dscr = m.targets.dscr_uses_adjusted_tax ? -r.cash_flow.adjusted_tax[t] : f.income_tax[t];
      f.cfads[t] = f.ebitda[t] - tax_for_dscr - (m.targets.dscr_deducts_sustaining ? r.sustaining[t] - r.sustaining_expensed[t] : 0.0) +
                   r.cost_of_sales[t];
    }
  };

  // The principal of the loans that spend what the year leaves, after the scheduled loans'.
  const auto spending_step = [&](int t0, int t1) {
    for (int t = std::max(t0, C); t < t1; ++t) {
      double scheduled_service = 0.0;
      for (std::size_t i = 0; i < L; ++i)
        if (!loans[i].spends) scheduled_service += loans[i].principal[t];
      for (std::size_t i = 0; i < L; ++i) {
        const auto& v = loans[i];
        if (!v.spends) continue;
        const Loan& l = *v.terms;
        LoanSchedule& s = f.loans[i];
        const int k = t - s.first_repayment + 1;
        if (k >= 1 && k <= s.repayment_years) {
          double due = 0.0;
          if (l.repayment == Repayment::MaxCapacity) {
            // 最大能力还款: net profit plus depreciation, amortisation and the cost of sales (as
            // CFADS above), after the other loans' principal.
            const double funds = f.net_profit[t] + r.depreciation[t] + r.amortisation[t] + r.cost_of_sales[t] - scheduled_service -
                                 f.short_term_repaid[t];
            if (funds >= s.opening[t] && s.opening[t] > 0 && !s.repayment_period.value) {
              int first_draw = 0;
              while (first_draw < n && s.draw[first_draw] == 0.0) ++first_draw;
              s.repayment_period = {static_cast<double>(t - first_draw) + s.opening[t] / funds, {}};
            }
            due = k == s.repayment_years ? s.opening[t] : funds;  // the term ends: what is left falls due
            if (k == s.repayment_years && funds < s.opening[t] && !s.repayment_period.value)
              s.repayment_period = {std::nullopt, msg(messages::Project::max_capacity_not_cleared, "years"_a = s.repayment_years,
                                                      "amount"_a = format_money(s.opening[t] - std::max(funds, 0.0)),
                                                      "unit"_a = m.unit, "year"_a = m.first_year + t)};
          } else if (k == s.repayment_years) {
            due = s.opening[t];  // the term ends: what is left falls due
          } else {
            // Sculpted: total debt service = CFADS / target DSCR.
            due = f.cfads[t] / l.target_dscr - f.interest_expense[t] - scheduled_service - f.short_term_repaid[t];
          }
          s.principal[t] = std::clamp(due, 0.0, s.opening[t]);
          scheduled_service += s.principal[t];
        }
        v.closing[t] = v.opening[t] + v.draw[t] - v.principal[t];
      }
    }
  };

  // The year's totals over the loans, once their principal is known, each adding the loans in
  // their order: principal and interest paid by the equity holders (项目资本金现金流量表); the
  // term debt's service; and, for the cash plan, draws, interest and principal paid
  // (财务计划现金流量表).
  const auto totals_step = [&](int t0, int t1) {
    const int a = std::max(t0, C);
    rows(b.eq_principal, t0, t1) = in(f.short_term_repaid, t0, t1);
    rows(b.eq_interest, t0, t1) = in(f.short_term_interest, t0, t1);
    for (std::size_t i = 0; i < L; ++i) {
      const LoanSchedule& s = f.loans[i];
      rows(b.eq_principal, t0, t1) += in(s.principal, t0, t1);
      if (a < t1) rows(b.eq_interest, a, t1) += in(s.interest_paid, a, t1) + in(s.fees, a, t1);
    }
    // Debt service of the year (operation years): every interest charged to cost and every
    // principal repaid except working-capital loans', which the recovered working capital
    // repays. Years whose only debt is a working-capital loan are not repayment years: no DSCR.
    if (a < t1) {
      rows(b.term_service, a, t1) = in(f.short_term_repaid, a, t1) + in(f.short_term_interest, a, t1);
      rows(b.term_principal, a, t1) = in(f.short_term_repaid, a, t1);
      for (std::size_t i = 0; i < L; ++i) {
        if (!loans[i].term) continue;
        const LoanSchedule& s = f.loans[i];
        rows(b.term_service, a, t1) += in(s.principal, a, t1) + in(s.interest, a, t1) + in(s.fees, a, t1);
        rows(b.term_principal, a, t1) += in(s.principal, a, t1);
      }
      for (int t = a; t < t1; ++t) {
        f.term_debt_year[static_cast<std::size_t>(t)] = b.term_service[t] - f.short_term_repaid[t] - f.short_term_interest[t] > 0;
        if (b.term_service[t] > 0) f.debt_service[t] = b.term_principal[t] + f.interest_expense[t];
      }
    }
    if (!plan_cash) return;
    rows(f.loan_draws, t0, t1).setZero();
    rows(f.interest_paid, t0, t1).setZero();
    rows(f.principal_repaid, t0, t1).setZero();
    for (const LoanSchedule& s : f.loans) {
      rows(f.loan_draws, t0, t1) += in(s.draw, t0, t1);
      rows(f.interest_paid, t0, t1) += in(s.interest_paid, t0, t1) + in(s.fees, t0, t1);
      rows(f.principal_repaid, t0, t1) += in(s.principal, t0, t1);
    }
    rows(f.interest_paid, t0, t1) += in(f.short_term_interest, t0, t1);
    rows(f.principal_repaid, t0, t1) += in(f.short_term_repaid, t0, t1);
  };

  // 利润分配 and the 财务计划现金流量表's net cash, year by year (the surplus carries over), with
  // a short-term loan for a year whose cumulative surplus would fall below zero.
  const auto cash_plan_step = [&](int t0, int t1) {
    for (int t = t0; t < t1; ++t) {
      // 利润分配: statutory reserve on positive profit, dividends from what investors may receive.
      f.opening_undistributed[t] = undistributed;
      f.distributable[t] = undistributed + f.net_profit[t];
      const double due = (f.net_profit[t] > 0 && f.distributable[t] > 0)
                             ? fin.statutory_reserve * std::min(f.net_profit[t], f.distributable[t])
                             : 0.0;
      f.statutory_reserve[t] = std::min(due, std::max(0.0, reserve_cap - reserved));
      if (f.statutory_reserve[t] < due && f.reserve_capped_from < 0) f.reserve_capped_from = t;
      reserved += f.statutory_reserve[t];
      f.distributable_to_investors[t] = f.distributable[t] - f.statutory_reserve[t];
      f.dividends[t] = fin.dividend_share * std::max(0.0, f.distributable_to_investors[t]);
      undistributed = f.undistributed[t] = f.distributable_to_investors[t] - f.dividends[t];

      // 财务计划现金流量表.
      const double operating = r.revenue[t] + r.subsidy[t] + r.input_vat_deducted[t] - r.operating_cost[t] -
                               r.surcharges[t] - r.land_appreciation_tax_paid[t] - f.income_tax[t];
      // Assets contributed in kind are neither paid for nor paid in: no cash either way.
      const double investing = -(r.construction_investment[t] - r.in_kind_investment[t] + r.sustaining[t] +
                                 r.working_capital_increment[t]);
      double financing = f.equity[t] - r.in_kind_investment[t] + f.loan_draws[t] - f.interest_paid[t] - f.principal_repaid[t] -
                         f.dividends[t];
      double net = operating + investing + financing;
      st_balance = 0.0;
      if (fin.short_term_loans && surplus + net < -1e-9) {
        f.short_term_draw[t] = -(surplus + net);
        st_balance = f.short_term_draw[t];
        financing += st_balance;
        net += st_balance;
      }
      f.short_term_balance[t] = st_balance;
      f.net_cash[t] = net;
      surplus += net;
      f.surplus[t] = surplus;
    }
  };

  const auto years = [&](int t0, int t1) {
    interest_step(t0, t1);
    profit_step(t0, t1);
    if (any_spends) spending_step(t0, t1);
    totals_step(t0, t1);
    if (plan_cash) cash_plan_step(t0, t1);
  };
  if (any_spends || fin.short_term_loans)
    for (int t = 0; t < n; ++t) years(t, t + 1);
  else
    years(0, n);

  // Sculpting needs cash to sculpt.
  for (std::size_t i = 0; i < fin.loans.size(); ++i) {
    const Loan& l = fin.loans[i];
    LoanSchedule& s = f.loans[i];
    if (l.repayment != Repayment::Sculpted) continue;
    std::vector<double>& cf = b.sculpt_cfads;
    cf.clear();
    bool positive = false;
    for (int k = 0; k < s.repayment_years && s.first_repayment + k < n; ++k) {
      cf.push_back(f.cfads[s.first_repayment + k]);
      positive = positive || cf.back() > 0;
    }
    if (!positive)
      throw EvaluationError(fmt::format("financing.loans[{}].repayment", l.name),
                            msg(messages::Project::sculpted_without_cash, "loan"_a = l.name),
                            msg(messages::Project::sculpted_without_cash_hint));
    s.sculpted_capacity = sculpted_debt_capacity(cf, l.rate, l.target_dscr);
    // The capacity is a present value at the start of repayment: it must cover the balance then.
    s.sculpted_balance = s.first_repayment < n ? s.opening[s.first_repayment] : 0.0;
    s.target_dscr = l.target_dscr;
  }

  // 项目资本金现金流量表: its inflows and outflows written once, as expressions; the net flow
  // (equity IRR) adds them without storing them, and the statement's signed rows are stored
  // when a report shows them (as the project cash flow, evaluation.cpp).
  const auto eq_inflow = [&] {
    return r.revenue + r.subsidy + r.input_vat_deducted + r.residual_value + r.cash_flow.working_capital_recovery;
  };
  const auto eq_outflow = [&] {
    return -f.equity - b.eq_principal - b.eq_interest - r.operating_cost - r.surcharges - r.land_appreciation_tax_paid -
           f.income_tax - r.sustaining;
  };
  f.eq_net = eq_inflow() + eq_outflow();
  if (outputs.statements) {
    f.eq_inflow = eq_inflow();
    f.eq_outflow = eq_outflow();
    f.eq_equity = -f.equity;
    f.eq_principal = -b.eq_principal;
    f.eq_interest = -b.eq_interest;
    f.eq_income_tax = -f.income_tax;
  }

  // Coverage ratios by year.
  f.icr = YearRow::Constant(n, kNaN);
  f.dscr = YearRow::Constant(n, kNaN);
  for (int t = C; t < n; ++t) {
    if (f.interest_expense[t] > 0) f.icr[t] = f.ebit[t] / f.interest_expense[t];
    if (f.debt_service[t] > 0) f.dscr[t] = f.cfads[t] / f.debt_service[t];
  }

  // The statements a report shows but no indicator needs.
  if (!outputs.statements) return;

  // 财务计划现金流量表 by activity.
  f.op_inflow = r.revenue + r.subsidy + r.input_vat_deducted;
  f.op_outflow = -(r.operating_cost + r.surcharges + r.land_appreciation_tax_paid + f.income_tax);
  f.op_net = f.op_inflow + f.op_outflow;
  f.inv_outflow = -(r.construction_investment - r.in_kind_investment + r.sustaining + r.working_capital_increment);
  f.inv_net = f.inv_outflow;
  f.fin_inflow = f.equity - r.in_kind_investment + f.loan_draws + f.short_term_draw;
  f.fin_outflow = -(f.interest_paid + f.principal_repaid + f.dividends);
  f.fin_net = f.fin_inflow + f.fin_outflow;

  // 资产负债表.
  reset(f.construction_in_progress, n);
  double invested = 0;
  for (int t = 0; t < C && t < n; ++t)
    f.construction_in_progress[t] = (invested += r.construction_investment[t] - r.investment_input_vat[t] +
                                                 f.construction_interest[t] + f.construction_fees[t]);
  // Inventory (开发产品) is an asset of its own, from the first year it is paid for.
  for (int t = 0; t < C && t < n; ++t) f.construction_in_progress[t] -= r.inventory[t] + r.cost_of_sales.head(t + 1).sum();
  f.current_assets = f.surplus + r.working_capital_level;
  f.total_assets = f.current_assets + f.construction_in_progress + r.fixed_asset_net + r.intangible_net + r.input_vat_credit +
                   r.inventory;
  reset(f.term_debt, n);
  reset(f.working_capital_debt, n);
  for (std::size_t i = 0; i < f.loans.size(); ++i)
    (is_term_debt(fin.loans[i]) ? f.term_debt : f.working_capital_debt) += f.loans[i].closing;
  f.total_liabilities = f.term_debt + f.working_capital_debt + f.short_term_balance + r.lat_payable;
  cumulate(f.equity, f.paid_in_capital);
  cumulate(f.statutory_reserve, f.reserves);
  f.owners_equity = f.paid_in_capital + f.reserves + f.undistributed;
  f.debt_to_asset = f.total_liabilities / f.total_assets;
  for (int t = 0; t < n; ++t)
    if (!(std::abs(f.total_assets[t]) > 0)) f.debt_to_asset[t] = kNaN;
}

}  // namespace appraise::detail
