#include "appraise/portfolio/portfolio.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "appraise/core/metrics.hpp"
#include "terms.hpp"

namespace appraise::portfolio {

std::string_view to_string(DebtKind k) {
  switch (k) {
    case DebtKind::BankLoan: return "bank_loan";
    case DebtKind::PlatformBond: return "platform_bond";
    case DebtKind::NonStandard: return "non_standard";
    case DebtKind::FinanceLease: return "finance_lease";
    case DebtKind::GeneralBond: return "general_bond";
    case DebtKind::SpecialBond: return "special_bond";
    case DebtKind::RefinancingBond: return "refinancing_bond";
  }
  return "bank_loan";
}

std::string_view label_zh(DebtKind k) {
  switch (k) {
    case DebtKind::BankLoan: return "银行贷款";
    case DebtKind::PlatformBond: return "城投债";
    case DebtKind::NonStandard: return "信托等非标融资";
    case DebtKind::FinanceLease: return "融资租赁";
    case DebtKind::GeneralBond: return "一般债券";
    case DebtKind::SpecialBond: return "专项债券";
    case DebtKind::RefinancingBond: return "再融资（置换）债券";
  }
  return "";
}

std::string_view label_en(DebtKind k) {
  switch (k) {
    case DebtKind::BankLoan: return "bank loan";
    case DebtKind::PlatformBond: return "platform bond";
    case DebtKind::NonStandard: return "trust / non-standard";
    case DebtKind::FinanceLease: return "finance lease";
    case DebtKind::GeneralBond: return "general bond";
    case DebtKind::SpecialBond: return "special bond";
    case DebtKind::RefinancingBond: return "refinancing bond";
  }
  return "";
}

bool eligible_by_default(DebtKind k) {
  return k == DebtKind::BankLoan || k == DebtKind::PlatformBond || k == DebtKind::NonStandard ||
         k == DebtKind::FinanceLease;
}

// ---- schedules and rates ----

double scheduled_balance(const Debt& d, int base_year, int t) {
  if (t <= 0) return d.balance;
  const int year = base_year + t;
  if (year >= d.maturity_year && d.maturity_year > 0) return 0.0;
  switch (d.amortisation) {
    case Amortisation::Bullet: return d.balance;
    case Amortisation::EqualPrincipal: {
      const int first = d.first_repayment_year > 0 ? d.first_repayment_year : base_year + 1;
      if (year < first) return d.balance;
      // n equal instalments in years first..maturity; after k of them (n − k)/n is left.
      const double n = d.maturity_year - first + 1;
      const double paid = year - first + 1;
      return d.balance * (n - paid) / n;
    }
    case Amortisation::Schedule: {
      if (d.balances.empty()) return d.balance;
      const auto k = static_cast<std::size_t>(t);
      return k <= d.balances.size() ? d.balances[k - 1] : d.balances.back();
    }
  }
  return d.balance;
}

double position_balance(const Debt& d, int base_year, int t) {
  return d.at_maturity == AtMaturity::RollOver ? d.balance : scheduled_balance(d, base_year, t);
}

namespace {

double path_at(const RatePath& path, int t) {
  if (path.empty()) throw std::invalid_argument("empty rate path");
  const auto i = static_cast<std::size_t>(std::clamp(t, 0, static_cast<int>(path.size()) - 1));
  return path[i];
}

}  // namespace

double contract_rate(const Portfolio& p, const Debt& d, int t) {
  if (d.rate.reference.empty()) return d.rate.fixed;
  const auto it = p.reference_rates.find(d.rate.reference);
  if (it == p.reference_rates.end())
    throw std::invalid_argument("debt `" + d.name + "` refers to the unknown reference rate `" + d.rate.reference + "`");
  return path_at(it->second, t) + d.rate.spread;
}

double all_in_bond_rate(double coupon, double issuance_cost, int term) {
  if (issuance_cost == 0.0) return coupon;
  if (term < 1 || !(issuance_cost < 1.0))
    throw std::invalid_argument("a bond needs a term of at least a year and an issuance cost below 100%");
  // The borrower's flows per unit of face: 1 − cost received, the coupon each year, the face
  // repaid with the last coupon. One sign change, so the IRR is unique (Descartes).
  std::vector<double> flows(static_cast<std::size_t>(term) + 1, -coupon);
  flows.front() = 1.0 - issuance_cost;
  flows.back() -= 1.0;
  const IrrResult r = irr(flows);
  if (!r.rate) throw std::runtime_error("the all-in rate of a refinancing bond has no IRR: " + r.reason.en);
  return *r.rate;
}

namespace detail {

double rollover_rate(const Portfolio& p, const Debt& d, int t) {
  const auto& path = p.rollover_rates[static_cast<std::size_t>(d.kind)];
  return path ? path_at(*path, t) : contract_rate(p, d, t);
}

BondTerms bond_terms_of(const Portfolio& p, const Quota& q) {
  BondTerms b;
  b.start = p.index_of(q.year);
  b.last = b.start + q.term_years - 1;
  b.coupon = q.coupon;
  b.all_in = all_in_bond_rate(q.coupon, q.issuance_cost, q.term_years);
  const auto& path = p.rollover_rates[static_cast<std::size_t>(DebtKind::RefinancingBond)];
  b.rollover = path ? &*path : nullptr;
  return b;
}

namespace {

// The weight of a balance that runs from `opening` to `closing` over one year.
double weight_of(BalanceBasis basis, double opening, double closing) {
  return basis == BalanceBasis::YearEnd ? closing : 0.5 * (opening + closing);
}

}  // namespace

YearTerms position_terms(const Portfolio& p, const Debt& d, int t) {
  const bool all_in = p.cost.measure == CostMeasure::AllIn;
  const double fee = d.running_fee_rate();
  YearTerms y;
  if (t == 0) {  // today's snapshot: rates on today's balances, nothing paid yet
    y.weighted = (contract_rate(p, d, 0) + (all_in ? fee : 0.0)) * d.balance;
    y.weight = d.balance;
    y.closing = d.balance;
    return y;
  }
  const bool roll = d.at_maturity == AtMaturity::RollOver;
  const double s0 = scheduled_balance(d, p.base_year, t - 1);
  const double s1 = scheduled_balance(d, p.base_year, t);
  const double r0 = roll ? d.balance - s0 : 0.0;
  const double r1 = roll ? d.balance - s1 : 0.0;
  const double rho = contract_rate(p, d, t);
  const double m = roll ? rollover_rate(p, d, t) : 0.0;
  y.interest = rho * s0 + m * r0;
  y.fees = fee * (s0 + r0);
  const double opening = s0 + r0;
  const double extra = all_in ? fee : 0.0;
  // The rate of year t is the rate in force during the year: what the year's interest is
  // charged at (the contract rate on the contractual part, the market rate on what rolled over
  // at an earlier year-end). Principal falling due at the end of year t and rolled over bears
  // the market rate from year t + 1 on, so it counts at that rate from then, never in year t.
  const double rate = opening > 0.0 ? y.interest / opening + extra : rho + extra;
  y.weight = weight_of(p.cost.basis, opening, s1 + r1);
  y.weighted = rate * y.weight;
  y.closing = s1 + r1;
  return y;
}

YearTerms bond_terms(const Portfolio& p, const BondTerms& b, int t) {
  YearTerms y;
  if (t < b.start) return y;
  // Contractual part: 1 from the start of year `start` to the end of year `last`; then it rolls
  // over at the market rate. In force during year t: the coupon up to `last`, the market after.
  const bool contractual = t <= b.last;
  const double m = b.rollover ? path_at(*b.rollover, t) : b.coupon;
  y.interest = contractual ? b.coupon : m;
  y.weighted = contractual ? (p.cost.measure == CostMeasure::AllIn ? b.all_in : b.coupon) : m;
  y.weight = 1.0;
  y.closing = 1.0;
  return y;
}

}  // namespace detail

// ---- plans ----

double RefinancingPlan::total() const {
  double s = 0;
  for (const auto& r : replacements) s += r.amount;
  return s;
}

double RefinancingPlan::total_in(std::size_t quota) const {
  double s = 0;
  for (const auto& r : replacements)
    if (r.quota == quota) s += r.amount;
  return s;
}

double replaceable_amount(const Portfolio& p, std::size_t debt, std::size_t quota) {
  if (debt >= p.debts.size() || quota >= p.quotas.size()) throw std::invalid_argument("replacement index out of range");
  return position_balance(p.debts[debt], p.base_year, p.index_of(p.quotas[quota].year) - 1);
}

namespace {

CostPath empty_path(int horizon) {
  const auto n = static_cast<std::size_t>(horizon) + 1;
  CostPath c;
  c.balance.assign(n, 0.0);
  c.interest.assign(n, 0.0);
  c.fees.assign(n, 0.0);
  c.one_off.assign(n, 0.0);
  c.weighted.assign(n, 0.0);
  c.weight.assign(n, 0.0);
  c.cost.assign(n, std::nullopt);
  return c;
}

void add_terms(CostPath& c, int t, const detail::YearTerms& y, double scale) {
  const auto i = static_cast<std::size_t>(t);
  c.balance[i] += scale * y.closing;
  c.interest[i] += scale * y.interest;
  c.fees[i] += scale * y.fees;
  c.weighted[i] += scale * y.weighted;
  c.weight[i] += scale * y.weight;
}

void finish(CostPath& c) {
  // A balance that cancels to rounding noise (everything replaced or repaid) owes nothing.
  for (std::size_t t = 0; t < c.cost.size(); ++t) {
    const double scale = std::max(1.0, std::abs(c.balance[t]));
    if (c.weight[t] > 1e-12 * scale) c.cost[t] = c.weighted[t] / c.weight[t];
  }
}

// The share of its position that each replacement takes, checked against what is left.
std::vector<double> plan_shares(const Portfolio& p, const RefinancingPlan& plan) {
  std::vector<double> shares;
  std::vector<double> used(p.debts.size(), 0.0);
  for (const auto& r : plan.replacements) {
    if (r.debt >= p.debts.size() || r.quota >= p.quotas.size())
      throw std::invalid_argument("a replacement refers to a debt or quota that does not exist");
    const Debt& d = p.debts[r.debt];
    if (!d.eligible) throw std::invalid_argument("debt `" + d.name + "` is not eligible for replacement");
    if (!(r.amount >= 0.0) || !std::isfinite(r.amount))
      throw std::invalid_argument("a replacement amount must be a non-negative number");
    const double base = replaceable_amount(p, r.debt, r.quota);
    if (r.amount == 0.0) {
      shares.push_back(0.0);
      continue;
    }
    if (base <= 0.0) throw std::invalid_argument("debt `" + d.name + "` is no longer outstanding in that year");
    const double f = r.amount / base;
    used[r.debt] += f;
    if (used[r.debt] > 1.0 + 1e-9)
      throw std::invalid_argument("the plan replaces more of debt `" + d.name + "` than is outstanding");
    shares.push_back(f);
  }
  return shares;
}

}  // namespace

CostPath cost_path(const Portfolio& p) { return cost_path(p, RefinancingPlan{}); }

CostPath cost_path(const Portfolio& p, const RefinancingPlan& plan) {
  const std::vector<double> shares = plan_shares(p, plan);
  CostPath c = empty_path(p.horizon);
  for (const Debt& d : p.debts)
    for (int t = 0; t <= p.horizon; ++t) add_terms(c, t, detail::position_terms(p, d, t), 1.0);
  for (std::size_t k = 0; k < plan.replacements.size(); ++k) {
    const Replacement& r = plan.replacements[k];
    if (r.amount == 0.0) continue;
    const Debt& d = p.debts[r.debt];
    const Quota& q = p.quotas[r.quota];
    const detail::BondTerms b = detail::bond_terms_of(p, q);
    for (int t = b.start; t <= p.horizon; ++t) {
      add_terms(c, t, detail::position_terms(p, d, t), -shares[k]);
      add_terms(c, t, detail::bond_terms(p, b, t), r.amount);
    }
    c.one_off[static_cast<std::size_t>(b.start)] +=
        d.prepayment_penalty * shares[k] * scheduled_balance(d, p.base_year, b.start - 1) + q.issuance_cost * r.amount;
  }
  finish(c);
  return c;
}

double ReplacementEffect::net_saving() const {
  return std::accumulate(saving.begin(), saving.end(), 0.0) - penalty - issuance_cost;
}

ReplacementEffect replacement_effect(const Portfolio& p, const Replacement& r) {
  RefinancingPlan one{{r}};
  const double f = plan_shares(p, one).front();
  const Debt& d = p.debts[r.debt];
  const Quota& q = p.quotas[r.quota];
  const detail::BondTerms b = detail::bond_terms_of(p, q);
  ReplacementEffect e;
  e.saving.assign(static_cast<std::size_t>(p.horizon) + 1, 0.0);
  for (int t = b.start; t <= p.horizon; ++t)
    e.saving[static_cast<std::size_t>(t)] =
        f * detail::position_terms(p, d, t).running_cost() - r.amount * detail::bond_terms(p, b, t).running_cost();
  e.penalty = d.prepayment_penalty * f * scheduled_balance(d, p.base_year, b.start - 1);
  e.issuance_cost = q.issuance_cost * r.amount;
  if (d.at_maturity == AtMaturity::RollOver) e.rolled_over = f * (d.balance - scheduled_balance(d, p.base_year, b.start - 1));
  const double opening = position_balance(d, p.base_year, b.start - 1);
  if (opening > 0.0) {
    const auto y = detail::position_terms(p, d, b.start);
    e.replaced_rate = (y.interest + (p.cost.measure == CostMeasure::AllIn ? y.fees : 0.0)) / opening;
  }
  return e;
}

std::vector<RollOver> plan_rollovers(const Portfolio& p, const RefinancingPlan& plan) {
  std::vector<RollOver> out;
  const std::vector<double> shares = plan_shares(p, plan);
  // Each debt's replacements in time order: before each, the principal fallen due since the last
  // one, of the share not yet replaced, has rolled over.
  std::vector<std::size_t> order(plan.replacements.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return p.quotas[plan.replacements[a].quota].year < p.quotas[plan.replacements[b].quota].year;
  });
  std::vector<double> left(p.debts.size(), 1.0);  // share of each debt not yet replaced
  std::vector<int> seen(p.debts.size(), 0);       // t up to which fallen-due principal is accounted for
  for (std::size_t k : order) {
    const Replacement& r = plan.replacements[k];
    const Debt& d = p.debts[r.debt];
    const int t = p.index_of(p.quotas[r.quota].year);
    if (d.at_maturity == AtMaturity::RollOver && t - 1 > seen[r.debt]) {
      const double before = d.balance - scheduled_balance(d, p.base_year, seen[r.debt]);
      const double now = d.balance - scheduled_balance(d, p.base_year, t - 1);
      const double amount = left[r.debt] * (now - before);
      if (amount > 1e-9 * std::max(1.0, d.balance)) {
        RollOver o;
        o.debt = r.debt;
        o.amount = amount;
        o.replaced_from = p.year_of(t);
        for (int u = seen[r.debt] + 1; u <= t - 1; ++u) {
          if (scheduled_balance(d, p.base_year, u - 1) <= scheduled_balance(d, p.base_year, u)) continue;
          if (o.first_due == 0) o.first_due = p.year_of(u);
          o.last_due = p.year_of(u);
        }
        for (int u = p.index_of(o.first_due) + 1; u <= p.horizon; ++u) {
          const double m = detail::rollover_rate(p, d, u);
          if (o.rates.empty() || o.rates.back().second != m) o.rates.emplace_back(p.year_of(u), m);
        }
        out.push_back(std::move(o));
      }
    }
    seen[r.debt] = std::max(seen[r.debt], t - 1);
    left[r.debt] -= shares[k];
  }
  return out;
}

// ---- the cost target in closed form ----

std::optional<double> weighted_cost(std::span<const double> balances, std::span<const double> rates) {
  if (balances.size() != rates.size()) throw std::invalid_argument("weighted_cost: one rate per balance");
  double b = 0, br = 0;
  for (std::size_t i = 0; i < balances.size(); ++i) {
    b += balances[i];
    br += balances[i] * rates[i];
  }
  if (!(b > 0.0)) return std::nullopt;
  return br / b;
}

std::optional<double> closed_form_refinancing_amount(double total_balance, double weighted_interest, double target,
                                                     double r_old, double r_new) {
  const double excess = weighted_interest - target * total_balance;
  if (excess <= 0.0) return 0.0;
  if (!(r_old > r_new)) return std::nullopt;
  return excess / (r_old - r_new);
}

StaticRefinancing static_refinancing_need(const Portfolio& p, double target, double r_new) {
  StaticRefinancing s;
  s.target = target;
  s.r_new = r_new;
  struct Candidate {
    double balance, rate;
    std::size_t index;
  };
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i < p.debts.size(); ++i) {
    const auto y = detail::position_terms(p, p.debts[i], 0);
    s.total_balance += y.weight;
    s.weighted_interest += y.weighted;
    const double rate = y.weight > 0 ? y.weighted / y.weight : 0.0;
    if (p.debts[i].eligible && y.weight > 0 && rate > r_new) candidates.push_back({y.weight, rate, i});
  }
  // Most expensive first: each unit replaced lowers Σ B·r by (r − r_new), the most per unit of quota.
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.rate > b.rate; });
  double excess = s.weighted_interest - target * s.total_balance;
  double all = 0;
  for (const auto& c : candidates) all += c.balance * (c.rate - r_new);
  s.cost_after_all = s.total_balance > 0 ? (s.weighted_interest - all) / s.total_balance : 0.0;
  if (excess <= 0.0) {
    s.amount = 0.0;
    s.single_rate = true;
    return s;
  }
  double amount = 0, amount_rate = 0;
  std::optional<double> first_rate;
  bool single = true;
  for (const auto& c : candidates) {
    const double x = std::min(c.balance, excess / (c.rate - r_new));
    amount += x;
    amount_rate += x * c.rate;
    if (first_rate && *first_rate != c.rate) single = false;
    if (!first_rate) first_rate = c.rate;
    excess -= x * (c.rate - r_new);
    if (x < c.balance || excess <= 1e-12 * s.total_balance) {
      excess = 0;
      break;
    }
  }
  if (excess > 0) return s;
  s.amount = amount;
  s.r_old = amount > 0 ? amount_rate / amount : 0.0;
  s.single_rate = single;
  return s;
}

// ---- maturity wall and fiscal ratios ----

MaturityWall maturity_wall(const Portfolio& p) {
  const auto n = static_cast<std::size_t>(p.horizon) + 1;
  MaturityWall w;
  for (auto& v : w.by_kind) v.assign(n, 0.0);
  w.total.assign(n, 0.0);
  for (const Debt& d : p.debts) {
    auto& row = w.by_kind[static_cast<std::size_t>(d.kind)];
    for (int t = 1; t <= p.horizon; ++t) {
      // A rise is new borrowing drawn (a schedule may rise for a debt drawn after the base
      // year), not principal falling due.
      const double due = std::max(0.0, scheduled_balance(d, p.base_year, t - 1) - scheduled_balance(d, p.base_year, t));
      row[static_cast<std::size_t>(t) - 1] += due;
      w.total[static_cast<std::size_t>(t) - 1] += due;
    }
    const double later = scheduled_balance(d, p.base_year, p.horizon);
    row[n - 1] += later;
    w.total[n - 1] += later;
  }
  return w;
}

std::optional<double> average_remaining_term(const Portfolio& p) {
  double b = 0, bt = 0;
  for (const Debt& d : p.debts) {
    b += d.balance;
    bt += d.balance * (d.maturity_year - p.base_year);
  }
  if (!(b > 0.0)) return std::nullopt;
  return bt / b;
}

double repayment_coverage(double budget_revenue, double balance, double remaining_term) {
  return budget_revenue / (balance / remaining_term);
}

FiscalRatios fiscal_ratios(const Portfolio& p, const CostPath& path) {
  FiscalRatios f;
  const auto n = static_cast<std::size_t>(p.horizon) + 1;
  f.debt_ratio.assign(n, std::nullopt);
  f.interest_ratio.assign(n, std::nullopt);
  const Fiscal& in = p.fiscal;
  if (in.principal_due == PrincipalDueBasis::RemainingTerm) {
    const auto term = average_remaining_term(p);
    if (term && *term > 0) f.average_principal_due = path.balance[0] / *term;
  } else {
    const MaturityWall w = maturity_wall(p);
    double s = 0;
    for (std::size_t t = 0; t + 1 < n; ++t) s += w.total[t];
    if (p.horizon > 0) f.average_principal_due = s / p.horizon;
  }
  if (!in.budget_revenue) {
    f.repayment_coverage_reason = "no budget revenue given (fiscal.budget_revenue)";
    f.repayment_coverage_reason_zh = "未给出一般公共预算收入（fiscal.budget_revenue）";
  } else if (!f.average_principal_due || !(*f.average_principal_due > 0)) {
    f.repayment_coverage_reason = "no principal falls due";
    f.repayment_coverage_reason_zh = "没有到期本金";
  } else {
    f.repayment_coverage = *in.budget_revenue / *f.average_principal_due;
  }
  if (!in.fiscal_capacity) {
    f.capacity_reason = "no fiscal capacity given (fiscal.fiscal_capacity)";
    f.capacity_reason_zh = "未给出综合财力（fiscal.fiscal_capacity）";
    return f;
  }
  double interest_now = 0;
  for (const Debt& d : p.debts) interest_now += d.balance * contract_rate(p, d, 0);
  for (std::size_t t = 0; t < n; ++t) {
    const double capacity = *in.fiscal_capacity * std::pow(1.0 + in.capacity_growth, static_cast<double>(t));
    if (!(capacity > 0)) continue;
    f.debt_ratio[t] = path.balance[t] / capacity;
    f.interest_ratio[t] = (t == 0 ? interest_now : path.interest[t]) / capacity;
  }
  return f;
}

}  // namespace appraise::portfolio
