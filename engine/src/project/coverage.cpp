// The indicators of the financing view and the checks against the model's targets: equity IRR,
// ROI and ROE, ICR and DSCR (minimum, average), LLCR and PLCR, financial survival, and the
// special-bond coverage ratio (本息覆盖倍数) with what would reach its floor.
#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>

#include "appraise/core/units.hpp"
#include "appraise/messages/core.hpp"
#include "appraise/messages/project.hpp"
#include "appraise/project/plan.hpp"
#include "project_parts.hpp"

namespace appraise::detail {
namespace {

using namespace appraise::literals;

std::span<const double> span_of(const YearRow& row) { return {row.data(), static_cast<std::size_t>(row.size())}; }

// Ratios computed by different routes to the same value (max-capacity repayment makes DSCR 1 by
// construction) differ in the last bits: a miss is a miss by more than rounding.
bool meets(double value, double threshold) { return value >= threshold - 1e-9 * std::max(1.0, std::abs(threshold)); }

// A ratio and its threshold with enough decimals that a miss never reads "1.00 below 1.00"
// (core/units.hpp: format_apart).
std::pair<std::string, std::string> ratio_pair(double value, double threshold) {
  auto both = format_apart(std::array{value, threshold});
  return {std::move(both[0]), std::move(both[1])};
}

Check year_check(std::string name, int year, double value, double threshold, const Message& label) {
  Check c;
  c.name = std::move(name);
  c.year = year;
  c.value = value;
  c.threshold = threshold;
  c.passed = meets(value, threshold);
  const auto [v, th] = ratio_pair(value, threshold);
  say(c, msg(c.passed ? messages::Project::check_year_at_least : messages::Project::check_year_below, "year"_a = year,
             "label"_a = label, "value"_a = v, "threshold"_a = th));
  return c;
}

// The years from `from` on whose ratio misses `threshold`, one check per run of consecutive
// years ("2029–2048年偿债备付率 0.41 至 0.93，低于 1.20"): a bridge that misses for twenty years is
// one finding, not twenty, in the report and in every count of failed checks. The check's value
// is the run's lowest.
void year_checks(std::vector<Check>& out, const std::string& name, const YearRow& x, int from, int first_year,
                 double threshold, const Message& label) {
  const auto misses = [&](Eigen::Index y) { return std::isfinite(x[y]) && !meets(x[y], threshold); };
  for (Eigen::Index y = from; y < x.size(); ++y) {
    if (!misses(y)) continue;
    Eigen::Index end = y;
    double lo = x[y], hi = x[y];
    while (end + 1 < x.size() && misses(end + 1)) {
      ++end;
      lo = std::min(lo, x[end]);
      hi = std::max(hi, x[end]);
    }
    if (end == y) {
      out.push_back(year_check(name, first_year + static_cast<int>(y), x[y], threshold, label));
      continue;
    }
    Check c;
    c.name = name;
    c.year = first_year + static_cast<int>(y);
    c.last_year = first_year + static_cast<int>(end);
    c.value = lo;
    c.threshold = threshold;
    c.passed = false;
    const auto [low, th] = ratio_pair(lo, threshold);
    const std::string high = ratio_pair(hi, threshold).first;
    const Message range = low == high ? Message::same(low) : msg(messages::Core::value_range, "low"_a = low, "high"_a = high);
    say(c, msg(messages::Project::check_years_below, "first"_a = *c.year, "last"_a = *c.last_year, "label"_a = label,
               "range"_a = range, "threshold"_a = th));
    out.push_back(std::move(c));
    y = end;
  }
}

Check summary_check(std::string name, const std::optional<double>& value, double threshold, const Message& label) {
  Check c;
  c.name = std::move(name);
  c.value = value;
  c.threshold = threshold;
  c.passed = !value || meets(*value, threshold);
  if (value) {
    const auto [v, th] = ratio_pair(*value, threshold);
    say(c, msg(c.passed ? messages::Project::check_at_least : messages::Project::check_below, "label"_a = label, "value"_a = v,
               "threshold"_a = th));
  } else {
    say(c, msg(messages::Project::check_not_applicable, "label"_a = label));
  }
  return c;
}

// Ratio statistics over the years where the ratio is defined.
// `why_absent` is formatted only when the ratio is absent: a Monte Carlo draw computes these every
// time, and a Message costs two formattings.
void min_avg(const YearRow& x, OptionalValue& min, OptionalValue* avg, messages::Project why_absent) {
  double lo = 0, sum = 0;
  int count = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) continue;
    lo = count == 0 ? x[i] : std::min(lo, x[i]);
    sum += x[i];
    ++count;
  }
  if (count == 0) {
    min = {std::nullopt, msg(why_absent)};
    if (avg) *avg = {std::nullopt, msg(why_absent)};
    return;
  }
  min = {lo, {}};
  if (avg) *avg = {sum / count, {}};
}

// The coverage of one special bond, into `b` (its memory reused); the buffers give the scratch.
// With `ratios` false (a Monte Carlo draw) only its coverage of its own service: the coverage of
// all debt and the present-value ratios are left as they were.
void bond_coverage(const ProjectModel& m, EvaluationBuffers& buffers, const LoanSchedule& bond, BondCoverage& b, bool ratios) {
  const ProjectResult& r = buffers.result;
  const int n = r.years;
  const auto& f = r.financing;
  if (!buffers.named && b.name != bond.name) b.name = bond.name;
  b.first_year = b.last_year = 0;
  b.income = b.bond_service = b.all_debt_service = b.coverage = b.coverage_all_debt = 0;
  b.pv_coverage = b.pv_coverage_all_debt = b.income_shortfall = b.max_issue = b.issued = 0;
  b.required = 1.0;
  int first = -1, last = -1;
  for (int t = 0; t < n; ++t)
    if (bond.draw[t] > 0 || bond.opening[t] > 0 || bond.principal[t] > 0) {
      if (first < 0) first = t;
      last = t;
    }
  if (first < 0) {
    b.cumulative_balance.resize(0);
    return;
  }
  b.first_year = m.first_year + first;
  b.last_year = m.first_year + last;
  b.required = m.targets.bond_coverage.value_or(1.0);
  b.cumulative_balance = YearRow::Zero(n);
  auto& income = buffers.bond_income;
  auto& bond_service = buffers.bond_service;
  auto& all_service = buffers.all_service;
  income.clear();
  bond_service.clear();
  all_service.clear();
  double cum = 0;
  for (int t = first; t <= last; ++t) {
    // 项目收益 available for debt service: revenue net of operating cost and taxes on revenue;
    // fiscal subsidies are what the ratio is meant to show the need for, so they are left out.
    // Land-sale revenue (土地出让收入) is the usual source of a land-reserve bond; 土地增值税 paid is
    // a tax on the revenue.
    const double inc = r.revenue[t] - r.operating_cost[t] - r.surcharges[t] - r.land_appreciation_tax_paid[t];
    const double service = bond.interest_paid[t] + bond.fees[t] + bond.principal[t];
    b.income += inc;
    b.bond_service += service;
    b.cumulative_balance[t] = (cum += inc - service);
    if (!ratios) continue;
    double all = f.short_term_interest[t] + f.short_term_repaid[t];
    for (const auto& s : f.loans) all += s.interest_paid[t] + s.fees[t] + s.principal[t];
    income.push_back(inc);
    bond_service.push_back(service);
    all_service.push_back(all);
    b.all_debt_service += all;
  }
  b.coverage = b.bond_service > 0 ? b.income / b.bond_service : 0.0;
  if (ratios) {
    b.coverage_all_debt = b.all_debt_service > 0 ? b.income / b.all_debt_service : 0.0;
    const double pv_service = present_value(bond_service, m.benchmark_rate, 1.0);
    const double pv_all = present_value(all_service, m.benchmark_rate, 1.0);
    const double pv_income = present_value(income, m.benchmark_rate, 1.0);
    b.pv_coverage = pv_service > 0 ? pv_income / pv_service : 0.0;
    b.pv_coverage_all_debt = pv_all > 0 ? pv_income / pv_all : 0.0;
  }
  b.issued = bond.draw.sum();
  if (b.coverage < b.required && b.bond_service > 0) {
    b.income_shortfall = b.required * b.bond_service - b.income;
    b.max_issue = b.issued * std::max(0.0, b.coverage) / b.required;
  }
}

}  // namespace

Message rate_or_none(const std::optional<double>& rate) {
  return rate ? Message::same(fmt::format("{:.2f}%", *rate * 100)) : msg(messages::Project::check_rate_none);
}

void financing_indicators(const EvaluationPlan& plan, EvaluationBuffers& buffers, const Outputs& outputs) {
  const ProjectModel& m = plan.model();
  ProjectResult& r = buffers.result;
  const int n = r.years;
  const int C = m.construction_years;
  const auto& f = r.financing;
  auto& ind = r.indicators;
  const auto& t = m.targets;

  irr_into(span_of(f.eq_net), ind.equity_irr, {.residual = false});
  // The ratios a Monte Carlo draw does not collect (the checks read some of them).
  const bool ratios = outputs.ratios || outputs.checks;

  min_avg(f.icr, ind.icr_min, nullptr, messages::Project::absent_no_interest);
  min_avg(f.dscr, ind.dscr_min, nullptr, messages::Project::absent_no_debt_service);
  if (ratios) {
    const double total_investment = ind.total_investment;
    const double ops = static_cast<double>(m.operation_years);
    const double avg_ebit = f.ebit.tail(m.operation_years).sum() / ops;
    const double avg_net_profit = f.net_profit.tail(m.operation_years).sum() / ops;
    const double equity_total = f.equity.sum();
    ind.roi = total_investment > 0 ? OptionalValue{avg_ebit / total_investment, {}}
                                   : OptionalValue{std::nullopt, msg(messages::Project::absent_no_investment)};
    ind.roe = equity_total > 0 ? OptionalValue{avg_net_profit / equity_total, {}}
                               : OptionalValue{std::nullopt, msg(messages::Project::absent_no_equity)};
    ind.equity_share = total_investment > 0 ? equity_total / total_investment : 0.0;

    // The average is over the term-debt repayment years: years that only roll a short-term loan
    // have a tiny debt service and would swamp it.
    YearRow& term_dscr = buffers.term_dscr;
    term_dscr = f.dscr;
    for (int y = 0; y < n; ++y)
      if (static_cast<std::size_t>(y) >= f.term_debt_year.size() || !f.term_debt_year[static_cast<std::size_t>(y)]) term_dscr[y] = std::nan("");
    OptionalValue ignored;
    min_avg(term_dscr, ignored, &ind.dscr_avg, messages::Project::absent_no_term_debt_service);

    // LLCR and PLCR at the start of operation: PV of CFADS over the remaining loan life (or project
    // life) at the balance-weighted loan rate, over the term debt outstanding then.
    double outstanding = 0, weighted = 0;
    int loan_end = -1;
    for (const auto& s : f.loans) {
      if (s.kind == DebtKind::WorkingCapital || C >= n) continue;
      outstanding += s.opening[C];
      weighted += s.opening[C] * s.rate;
      for (int y = C; y < n; ++y)
        if (s.principal[y] > 0 || s.opening[y] > 0) loan_end = std::max(loan_end, y);
    }
    if (outstanding > 0 && loan_end >= C) {
      const double rate = weighted / outstanding;
      const std::span<const double> life(f.cfads.data() + C, static_cast<std::size_t>(loan_end - C + 1));
      const std::span<const double> project(f.cfads.data() + C, static_cast<std::size_t>(n - C));
      ind.llcr = {present_value(life, rate, 1.0) / outstanding, {}};
      ind.plcr = {present_value(project, rate, 1.0) / outstanding, {}};
    } else {
      ind.llcr = ind.plcr = {std::nullopt, msg(messages::Project::absent_no_term_debt_at_start)};
    }
  }

  if (cash_plan_needed(m, outputs))
    for (int y = 0; y < n; ++y) {
      if (f.surplus[y] < -1e-6 && !ind.first_deficit_year) ind.first_deficit_year = m.first_year + y;
      if (f.short_term_draw[y] > 0) ind.short_term_years.push_back(m.first_year + y);
    }
  std::size_t bonds = 0;
  for (const auto& s : f.loans) bonds += s.kind == DebtKind::SpecialBond ? 1 : 0;
  ind.bonds.resize(bonds);
  bonds = 0;
  for (const auto& s : f.loans)
    if (s.kind == DebtKind::SpecialBond) bond_coverage(m, buffers, s, ind.bonds[bonds++], ratios);
  if (!outputs.checks) return;

  // Checks against the targets: every year that misses, then the summary.
  year_checks(r.checks, "icr", f.icr, C, m.first_year, t.icr, msg(messages::Project::check_label_icr));
  // A loan repaid 最大能力还款 takes all the cash available for debt service each year, so DSCR is
  // 1.00 by construction while it is repaid: a DSCR target cannot be met, and failing it year by
  // year would say nothing. The check says so; the repayment period is the test of such a loan.
  const LoanSchedule* max_capacity = nullptr;
  if (t.dscr > 1.0 + 1e-9)  // a target of 1.00 or less such a loan meets by construction: checked as usual
    for (const auto& s : f.loans)
      if (s.repayment == Repayment::MaxCapacity && s.kind != DebtKind::WorkingCapital && !max_capacity) max_capacity = &s;
  if (max_capacity) {
    Check c;
    c.name = "dscr";
    c.threshold = t.dscr;
    c.passed = true;
    const std::string th = ratio_pair(1.0, t.dscr).second;
    say(c, msg(messages::Project::check_dscr_max_capacity, "loan"_a = max_capacity->name, "threshold"_a = th));
    r.checks.push_back(std::move(c));
  }
  // With such a loan, a year below 1.00 is still a real shortfall (the cash does not cover the
  // other loans' service) and is reported.
  year_checks(r.checks, "dscr", f.dscr, C, m.first_year, max_capacity ? std::min(t.dscr, 1.0) : t.dscr,
              msg(messages::Project::check_label_dscr));
  if (ind.icr_min.value)
    r.checks.push_back(summary_check("icr_min", ind.icr_min.value, t.icr, msg(messages::Project::check_label_icr_min)));
  if (ind.dscr_min.value && !max_capacity)
    r.checks.push_back(summary_check("dscr_min", ind.dscr_min.value, t.dscr, msg(messages::Project::check_label_dscr_min)));
  if (t.llcr) r.checks.push_back(summary_check("llcr", ind.llcr.value, *t.llcr, msg(messages::Project::check_label_llcr)));
  if (t.equity_irr) {
    Check c = summary_check("equity_irr", ind.equity_irr.rate, *t.equity_irr, msg(messages::Project::check_label_equity_irr));
    c.passed = ind.equity_irr.rate && *ind.equity_irr.rate >= *t.equity_irr;
    say(c, msg(c.passed ? messages::Project::check_equity_irr_at_least : messages::Project::check_equity_irr_below,
               "value"_a = rate_or_none(ind.equity_irr.rate),
               "threshold"_a = fmt::format("{:.2f}%", *t.equity_irr * 100)));
    r.checks.push_back(c);
  }
  if (t.require_survival) {
    Check c;
    c.name = "financial_survival";
    c.threshold = 0.0;
    c.passed = !ind.first_deficit_year;
    if (ind.first_deficit_year) {
      const int y = *ind.first_deficit_year;
      c.year = y;
      c.value = f.surplus[y - m.first_year];
      say(c, msg(messages::Project::check_deficit, "year"_a = y, "amount"_a = format_money(*c.value), "unit"_a = m.unit));
    } else {
      double low = f.surplus.minCoeff();
      c.value = low;
      say(c, ind.short_term_years.empty()
                 ? msg(messages::Project::check_survives)
                 : msg(messages::Project::check_survives_with_short_term, "years"_a = ind.short_term_years.size()));
    }
    r.checks.push_back(c);
  }
  for (const auto& s : f.loans) {
    if (s.repayment != Repayment::MaxCapacity) continue;
    Check c;
    c.name = "repayment_period";
    c.value = s.repayment_period.value;
    c.threshold = s.repayment_years;
    c.passed = s.repayment_period.value.has_value();
    say(c, c.passed ? msg(messages::Project::check_repaid_in, "loan"_a = s.name, "years"_a = fmt::format("{:.2f}", *c.value))
                    : msg(messages::Project::check_not_repaid, "loan"_a = s.name, "why"_a = s.repayment_period.reason));
    r.checks.push_back(c);
  }
  // A sculpted loan: what it owes when repayment starts against the debt its cash can carry at
  // the target DSCR (standards.md §4), the amounts apart at the cent they are printed to.
  for (const auto& s : f.loans) {
    if (s.repayment != Repayment::Sculpted || !s.sculpted_capacity) continue;
    const double capacity = *s.sculpted_capacity, owed = s.sculpted_balance;
    Check c;
    c.name = "debt_capacity";
    c.value = owed;
    c.threshold = capacity;
    c.passed = owed <= capacity + 1e-9 * std::max(1.0, std::abs(capacity));
    const auto shown = format_apart(std::array{owed, capacity});
    const Message text = msg(c.passed ? messages::Project::sculpted_within_capacity : messages::Project::sculpted_above_capacity,
                             "name"_a = s.name, "owed"_a = group_thousands(shown[0]), "capacity"_a = group_thousands(shown[1]),
                             "dscr"_a = fmt::format("{:.2f}", s.target_dscr),
                             "excess"_a = format_money(round_up_to_cent(owed - capacity)), "unit"_a = m.unit);
    say(c, text);
    r.checks.push_back(std::move(c));
  }
  for (const auto& b : ind.bonds) {
    if (t.bond_coverage) {
      Check c = summary_check("bond_coverage", b.coverage, *t.bond_coverage,
                              msg(messages::Project::check_label_bond_coverage, "bond"_a = b.name));
      if (!c.passed) {
        // What would reach the floor: a subsidy would not (it is not project income).
        // Amounts as the statements write them; the shortfall rounded up and the size down to the
        // cent, so that neither promises more than it gives.
        const std::string shortfall = format_money(round_up_to_cent(b.income_shortfall));
        const std::string size = format_money(round_down_to_cent(b.max_issue));
        const std::string issued = format_money(b.issued);
        const Message remedy =
            b.income > 0
                ? msg(messages::Project::bond_coverage_remedy, "shortfall"_a = shortfall,
                      "share"_a = fmt::format("{:.2f}%", round_up_to_cent(100.0 * b.income_shortfall / b.income)),
                      "size"_a = size, "issued"_a = issued, "unit"_a = m.unit)
                : msg(messages::Project::bond_coverage_remedy_no_income, "income"_a = format_money(b.income),
                      "shortfall"_a = shortfall, "size"_a = size, "issued"_a = issued, "unit"_a = m.unit);
        c.message_zh += remedy.zh;
        c.message_en += remedy.en;
      }
      r.checks.push_back(c);
    }
    if (t.total_debt_coverage)
      r.checks.push_back(summary_check("total_debt_coverage", b.coverage_all_debt, *t.total_debt_coverage,
                                       msg(messages::Project::check_label_total_debt_coverage, "bond"_a = b.name)));
  }
}

}  // namespace appraise::detail

namespace appraise {

std::optional<double> lowest_bond_coverage(const ProjectIndicators& ind) {
  std::optional<double> low;
  for (const auto& b : ind.bonds)
    if (b.bond_service > 0) low = low ? std::min(*low, b.coverage) : b.coverage;
  return low;
}

}  // namespace appraise
