#include "appraise/project/validation.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "appraise/messages/project.hpp"

namespace appraise {
namespace {

using namespace appraise::literals;
using messages::Project;

// A number for messages: 9000, 0.3, 1e+15 -- never 0.30000000000000004.
std::string number_text(double v) { return fmt::format("{:.10g}", v); }

// "1 value", "3 values" ("1 个值", "3 个值"), and the same of amounts and construction years.
Message values_of(std::size_t n) { return n == 1 ? msg(Project::one_value) : msg(Project::values, "count"_a = n); }
Message amounts_of(std::size_t n) { return n == 1 ? msg(Project::one_amount) : msg(Project::amounts, "count"_a = n); }
Message construction_years_of(std::size_t n) {
  return n == 1 ? msg(Project::one_construction_year) : msg(Project::construction_years, "count"_a = n);
}


// Collects violations without allocating until there is one.
struct Collector {
  std::vector<Violation>& out;

  // `path` is built only when the rule is broken.
  template <class Path>
  void add(std::optional<Problem> p, const Path& path) {
    if (p) out.push_back({path(), std::move(*p)});
  }
  template <class Path>
  void range(const Limit& l, double v, const Path& path) {
    if (!within(l, v)) add(range_problem(l, v), path);
  }
  template <class Path>
  void range(const Limit& l, const std::optional<double>& v, const Path& path) {
    if (v) range(l, *v, path);
  }
};

// Every amount by year of the operation period: its list length, the years it names, its
// amounts and the scenario factor on it.
template <class Path>
void check_series(Collector& c, const ProjectModel& m, const Series& s, const Path& path, const Limit& amounts = limits::amount) {
  const int first = m.first_operating_year(), last = m.last_year();
  switch (s.form) {
    case Series::Form::Constant:
      c.range(amounts, s.constant, path);
      break;
    case Series::Form::List:
      c.add(list_length_problem(s.values.size(), first, m.operation_years), [&] {
        return fmt::format("{}[{}]", path(), m.operation_years);
      });
      for (std::size_t i = 0; i < s.values.size(); ++i)
        c.range(amounts, s.values[i], [&] { return fmt::format("{}[{}]", path(), i); });
      break;
    case Series::Form::Growth:
      c.range(amounts, s.base, [&] { return path() + ".base"; });
      if (s.from_year) c.add(year_problem(*s.from_year, first, last, false), [&] { return path() + ".from"; });
      if (s.to_year) c.add(year_problem(*s.to_year, first, last, false), [&] { return path() + ".to"; });
      break;
    case Series::Form::Ranges:
      for (std::size_t i = 0; i < s.ranges.size(); ++i) {
        const auto& r = s.ranges[i];
        c.add(year_problem(r.from, first, last, false), [&] { return fmt::format("{}[{}].from", path(), i); });
        if (r.to != r.from) c.add(year_problem(r.to, first, last, false), [&] { return fmt::format("{}[{}].to", path(), i); });
        c.range(amounts, r.amount, [&] { return fmt::format("{}[{}].amount", path(), i); });
      }
      break;
  }
  c.add(series_problem(s, m.operation_years, amounts), path);
}

}  // namespace

std::string count_of(std::size_t n, const char* what) { return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s"); }

Message range_text(const Limit& l) {
  auto shown = [&](double v) { return l.rate ? number_text(v * 100.0) + "%" : number_text(v); };
  if (l.min_open) return msg(l.whole ? Project::range_whole_above : Project::range_above, "min"_a = shown(l.min), "max"_a = shown(l.max));
  if (l.min == 0 && l.max >= limits::kLargestAmount && !l.rate)
    return msg(l.whole ? Project::range_whole_zero_or_more : Project::range_zero_or_more);
  return msg(l.whole ? Project::range_whole : Project::range_value, "min"_a = shown(l.min), "max"_a = shown(l.max));
}

std::string value_text(const Limit& l, double v) { return l.rate ? number_text(v * 100.0) + "%" : number_text(v); }

std::optional<Problem> range_problem(const Limit& l, double v) {
  if (within(l, v)) return std::nullopt;
  Problem p;
  p.expected = range_text(l);
  const std::string shown = value_text(l, v);
  if (std::isnan(v)) p.message = msg(Project::not_a_number);
  else if (v < l.min || (l.min_open && v == l.min))
    p.message = l.min == 0 && !l.min_open ? msg(Project::negative, "value"_a = shown)
                                          : msg(Project::below_smallest, "value"_a = shown, "min"_a = value_text(l, l.min));
  else if (v > l.max) p.message = msg(Project::above_largest, "value"_a = shown, "max"_a = value_text(l, l.max));
  else p.message = msg(Project::not_whole, "value"_a = shown);
  return p;
}

int repayment_years(const ProjectModel& m, const Loan& l) {
  return l.maturity_year ? *l.maturity_year - m.first_operating_year() - l.grace_years + 1 : l.term_years;
}

std::optional<RepaymentProblem> repayment_problem(const ProjectModel& m, const Loan& l) {
  if (l.kind == DebtKind::WorkingCapital || (!l.maturity_year && l.term_years < 1)) return std::nullopt;
  const int start = m.first_operating_year() + l.grace_years;
  const int end = l.maturity_year ? *l.maturity_year : start + l.term_years - 1;
  if (l.maturity_year && *l.maturity_year < start)
    return RepaymentProblem{{msg(l.grace_years ? Project::maturity_before_start_grace : Project::maturity_before_start,
                                 "maturity"_a = *l.maturity_year, "start"_a = start),
                             msg(Project::maturity_expected, "start"_a = start, "last"_a = m.last_year()), {}},
                            true};
  if (end > m.last_year())
    return RepaymentProblem{{msg(Project::repayment_past_period, "end"_a = end, "last"_a = m.last_year()),
                             msg(Project::repayment_past_period_expected, "last"_a = m.last_year(), "years"_a = m.last_year() - start + 1,
                                 "grace"_a = l.grace_years),
                             {}},
                            l.maturity_year.has_value()};
  return std::nullopt;
}

std::optional<Problem> custom_shares_problem(const ProjectModel& m, const Loan& l, std::size_t shares) {
  const int years = repayment_years(m, l);
  if (static_cast<int>(shares) == years) return std::nullopt;
  return Problem{msg(Project::custom_shares_count, "shares"_a = shares, "years"_a = years),
                 msg(Project::custom_shares_expected, "years"_a = years), {}};
}

std::optional<Problem> share_sum_problem(const Financing& f) {
  double sum = f.equity_share.value_or(0.0);
  for (const auto& l : f.loans)
    if (l.kind != DebtKind::WorkingCapital && l.share) sum += *l.share;
  if (sum <= 1.0 + 1e-9) return std::nullopt;
  return Problem{msg(Project::share_sum, "sum"_a = number_text(sum * 100)), msg(Project::share_sum_expected), {}};
}

std::optional<Problem> surcharge_base_problem(const TaxesAndSurcharges& t) {
  if (!(t.base == TaxesAndSurcharges::Base::Vat && t.vat_rate == 0.0 && t.rate > 0.0)) return std::nullopt;
  return Problem{msg(Project::surcharges_without_vat), msg(Project::surcharges_without_vat_expected),
                 msg(Project::surcharges_without_vat_hint)};
}

std::optional<Problem> list_length_problem(std::size_t count, int first_year, int years) {
  if (static_cast<int>(count) <= years) return std::nullopt;
  const int last = first_year + years - 1;
  return Problem{msg(Project::list_too_long, "values"_a = values_of(count), "years"_a = years, "first"_a = first_year, "last"_a = last),
                 msg(Project::list_too_long_expected, "values"_a = values_of(static_cast<std::size_t>(years)), "first"_a = first_year),
                 {}};
}

std::optional<Problem> year_problem(int year, int first, int last, bool whole_period) {
  if (year >= first && year <= last) return std::nullopt;
  return Problem{msg(whole_period ? Project::year_outside_period : Project::year_outside_line, "year"_a = year, "first"_a = first,
                     "last"_a = last),
                 msg(Project::year_expected, "first"_a = first, "last"_a = last), {}};
}

std::optional<Problem> expense_rate_problem(const TaxesAndSurcharges& t) {
  if (!t.lat_expense_rate) return std::nullopt;
  const double limit = t.lat_interest_allocable ? 0.05 : 0.10;
  if (*t.lat_expense_rate <= limit + 1e-12 && *t.lat_expense_rate >= 0) return std::nullopt;
  const std::string limit_text = fmt::format("{:.0f}", limit * 100);
  return Problem{msg(Project::expense_rate_above_limit, "rate"_a = number_text(*t.lat_expense_rate * 100), "limit"_a = limit_text),
                 msg(Project::expense_rate_expected, "limit"_a = limit_text),
                 msg(t.lat_interest_allocable ? Project::expense_rate_hint_interest : Project::expense_rate_hint_no_interest)};
}

std::optional<Problem> ramp_up_problem(std::size_t count, int operation_years) {
  if (static_cast<int>(count) <= operation_years) return std::nullopt;
  return Problem{msg(Project::ramp_up_too_long), {}, {}};
}

std::optional<Problem> construction_count_problem(std::size_t count, const ProjectModel& m, Counted what) {
  const auto years = static_cast<std::size_t>(m.construction_years);
  if (count == years) return std::nullopt;
  const int last = m.first_operating_year() - 1;
  return Problem{msg(Project::construction_count, "values"_a = values_of(count), "years"_a = construction_years_of(years),
                     "span"_a = m.first_year == last ? fmt::format("{}", m.first_year) : fmt::format("{}–{}", m.first_year, last)),
                 msg(Project::construction_count_expected, "values"_a = what == Counted::Amounts ? amounts_of(years) : values_of(years)),
                 {}};
}

std::optional<Problem> series_problem(const Series& s, int years, const Limit& amounts) {
  // within() first: a Monte Carlo draw checks every series it scales, and an empty
  // std::optional<Problem> costs more to return than the comparison.
  if (!within(limits::series_scale, s.scale)) {
    auto p = range_problem(limits::series_scale, s.scale);
    p->message = msg(Project::series_factor, "why"_a = p->message);
    return p;
  }
  if (!within(limits::series_offset, s.offset)) {
    auto p = range_problem(limits::series_offset, s.offset);
    p->message = msg(Project::series_offset, "why"_a = p->message);
    return p;
  }
  if (s.scale == 1.0 && s.offset == 0.0) return std::nullopt;
  // The lowest amount the series holds, with the factor and the addition applied (a growth
  // series is monotonic, so its ends decide).
  double low = 0;
  switch (s.form) {
    case Series::Form::Constant: low = s.constant; break;
    case Series::Form::List: low = s.values.empty() ? 0.0 : *std::min_element(s.values.begin(), s.values.end()); break;
    case Series::Form::Growth:
      low = std::min(s.base, s.base * std::pow(1.0 + s.growth, std::max(years - 1, 0)));
      break;
    case Series::Form::Ranges:
      low = s.ranges.empty() ? 0.0 : s.ranges.front().amount;
      for (const auto& r : s.ranges) low = std::min(low, r.amount);
      break;
  }
  const double adjusted = low * s.scale + s.offset;
  if (within(amounts, adjusted)) return std::nullopt;
  if (amounts.min != 0.0) return range_problem(amounts, adjusted);
  return Problem{msg(Project::series_negative, "low"_a = number_text(low), "scale"_a = number_text(s.scale),
                     "offset"_a = number_text(s.offset), "result"_a = number_text(adjusted)),
                 msg(Project::series_negative_expected), {}};
}

std::optional<Problem> without_list_problem(std::size_t count, const ProjectModel& m) {
  if (static_cast<int>(count) == m.years()) return std::nullopt;
  return Problem{msg(count == 1 ? Project::without_list_one : Project::without_list, "values"_a = values_of(count),
                     "first"_a = m.first_year, "end"_a = m.first_year + static_cast<int>(count) - 1, "last"_a = m.last_year()),
                 msg(Project::without_list_expected, "values"_a = values_of(static_cast<std::size_t>(m.years())), "first"_a = m.first_year),
                 msg(Project::without_list_hint)};
}

std::optional<Problem> without_model_problem(const ProjectModel& without, const std::string& path, const ProjectModel& m) {
  if (without.first_year == m.first_year && without.years() == m.years()) return std::nullopt;
  return Problem{msg(Project::without_model_years, "path"_a = path, "first"_a = without.first_year, "last"_a = without.last_year(),
                     "project_first"_a = m.first_year, "project_last"_a = m.last_year()),
                 msg(Project::without_model_expected, "first"_a = m.first_year, "last"_a = m.last_year()), msg(Project::without_model_hint)};
}

std::optional<Problem> without_list_outrun_problem(const Series& s, const char* key, const ProjectModel& m) {
  if (s.form != Series::Form::List || static_cast<int>(s.values.size()) >= m.years()) return std::nullopt;
  const int first = m.first_year, end = m.first_year + static_cast<int>(s.values.size()) - 1, last = m.last_year();
  return Problem{msg(Project::without_list_outrun, "key"_a = key, "first"_a = first, "end"_a = end, "last"_a = last),
                 msg(Project::without_list_outrun_expected, "key"_a = key, "first"_a = first, "last"_a = last),
                 msg(Project::without_list_outrun_hint)};
}

std::optional<Problem> without_model_cut_short_problem(const ProjectModel& m) {
  if (!m.without || !m.without->model) return std::nullopt;
  const ProjectModel& other = *m.without->model;
  if (other.first_year == m.first_year && m.last_year() >= other.first_operating_year()) return std::nullopt;
  const int construction_end = other.first_operating_year() - 1;
  return Problem{msg(Project::without_model_cut_short, "path"_a = m.without->model_path, "first"_a = m.first_year,
                     "last"_a = m.last_year(), "construction_end"_a = construction_end),
                 msg(Project::without_model_cut_short_expected, "construction_end"_a = construction_end),
                 msg(Project::without_model_cut_short_hint)};
}

ValidationScope ValidationScope::of_path(std::string_view path) {
  // The first key, up to its '.' or '['.
  const std::string_view key = path.substr(0, path.find_first_of(".["));
  static constexpr std::pair<std::string_view, ModelPart> kParts[] = {
      {"taxes", ModelPart::Taxes},
      {"investment", ModelPart::Investment},
      {"sustaining_investment", ModelPart::Sustaining},
      {"working_capital", ModelPart::WorkingCapital},
      {"revenue", ModelPart::Revenue},
      {"subsidies", ModelPart::Subsidies},
      {"operating_costs", ModelPart::OperatingCosts},
      {"depreciation", ModelPart::Depreciation},
      {"residual_value", ModelPart::Depreciation},
      {"financing", ModelPart::Financing},
      {"targets", ModelPart::Targets},
      {"economic", ModelPart::Economic},
      {"effects", ModelPart::Effects},
      {"fiscal", ModelPart::Fiscal},
      {"ppp", ModelPart::Ppp},
  };
  for (const auto& [name, part] : kParts)
    if (key == name) return ValidationScope(std::uint32_t{1} << static_cast<unsigned>(part));
  return all();  // the period (project.*) reaches every part's relations
}

std::vector<Violation> validate(const ProjectModel& m, ValidationScope scope) {
  std::vector<Violation> out;
  Collector c{out};
  auto at = [](const char* p) { return [p] { return std::string(p); }; };
  c.range(limits::calendar_year, m.first_year, at("project.first_year"));
  c.range(limits::construction_years, m.construction_years, at("project.construction_years"));
  c.range(limits::operation_years, m.operation_years, at("project.operation_years"));
  c.range(limits::benchmark_rate, m.benchmark_rate, at("project.benchmark_rate"));
  // Relations with the period mean nothing until the period itself is valid.
  if (!out.empty()) return out;

  if (scope.has(ModelPart::Taxes)) {
    c.range(limits::tax_rate, m.income_tax_rate, at("taxes.income_tax_rate"));
    c.range(limits::tax_rate, m.taxes.vat_rate, at("taxes.vat_rate"));
    c.range(limits::tax_rate, m.taxes.input_vat_rate, at("taxes.input_vat_rate"));
    c.range(limits::tax_rate, m.taxes.rate, at("taxes.surcharge_rate"));
    c.add(surcharge_base_problem(m.taxes), at("taxes.vat_rate"));
    c.range(limits::simple_vat_rate, m.taxes.simple_vat_rate, at("taxes.simple_vat_rate"));
    c.range(limits::prepay_rate, m.taxes.lat_prepay_rate, at("taxes.land_appreciation_tax.prepay_rate"));
    c.add(expense_rate_problem(m.taxes), at("taxes.land_appreciation_tax.expense_rate"));
  }

  if (scope.has(ModelPart::Investment)) {
    for (std::size_t i = 0; i < m.investment.size(); ++i) {
      const auto& it = m.investment[i];
      auto item = [i](const char* key) { return [i, key] { return fmt::format("investment[{}].{}", i, key); }; };
      c.range(limits::amount, it.amount, item("amount"));
      c.add(construction_count_problem(it.phasing.size(), m), item("phasing"));
      for (double x : it.phasing) c.range(limits::share, x, item("phasing"));
      if (it.life) c.range(limits::life, *it.life, item("life"));
      c.range(limits::deductible_vat_rate, it.input_vat_rate, item("input_vat_rate"));
    }
  }
  if (scope.has(ModelPart::Sustaining)) {
    for (const auto& s : m.sustaining) {
      check_series(c, m, s.amounts, at("sustaining_investment.amounts"));
      c.range(limits::life, s.life, at("sustaining_investment.life"));
    }
  }
  if (scope.has(ModelPart::WorkingCapital)) {
    if (m.working_capital.share_of_operating_cost)
      c.range(limits::working_capital_share, *m.working_capital.share_of_operating_cost, at("working_capital.share_of_operating_cost"));
    else
      check_series(c, m, m.working_capital.increments, at("working_capital.amounts"));
  }
  if (scope.has(ModelPart::Revenue)) {
    for (std::size_t i = 0; i < m.revenue.size(); ++i) {
      const auto& r = m.revenue[i];
      auto line = [i](const char* key) { return [i, key] { return fmt::format("revenue[{}].{}", i, key); }; };
      if (r.volume) check_series(c, m, *r.volume, line("volume"));
      if (r.price) check_series(c, m, *r.price, line("price"));
      if (r.amounts) check_series(c, m, *r.amounts, line("amounts"));
      c.add(ramp_up_problem(r.ramp_up.size(), m.operation_years), line("ramp_up"));
      if (r.kind != RevenueKind::Operating) {
        c.range(limits::sale_area, r.area, line("area"));
        c.range(limits::amount, r.unit_price, line("price"));
        for (std::size_t k = 0; k < r.sales.size(); ++k) {
          auto sale = [i, k](const char* key) { return [i, k, key] { return fmt::format("revenue[{}].sales[{}].{}", i, k, key); }; };
          c.add(year_problem(r.sales[k].year, m.first_year, m.last_year(), true), sale("year"));
          c.range(limits::share, r.sales[k].share, sale("share"));
        }
      }
      for (double x : r.ramp_up) c.range(limits::share, x, line("ramp_up"));
    }
  }
  if (scope.has(ModelPart::Subsidies)) {
    for (std::size_t i = 0; i < m.subsidies.size(); ++i)
      check_series(c, m, m.subsidies[i].amounts, [i] { return fmt::format("subsidies[{}].amounts", i); });
  }
  if (scope.has(ModelPart::OperatingCosts)) {
    for (std::size_t i = 0; i < m.operating_costs.size(); ++i) {
      const auto& oc = m.operating_costs[i];
      switch (oc.basis) {
        case OperatingCostLine::Basis::Fixed:
          check_series(c, m, oc.amounts, [i] { return fmt::format("operating_costs[{}].amounts", i); });
          break;
        case OperatingCostLine::Basis::PerUnit:
          check_series(c, m, oc.amounts, [i] { return fmt::format("operating_costs[{}].per_unit", i); });
          break;
        case OperatingCostLine::Basis::ShareOfRevenue:
          c.range(limits::share, oc.share, [i] { return fmt::format("operating_costs[{}].share_of_revenue", i); });
          break;
      }
    }
  }
  if (scope.has(ModelPart::Depreciation)) {
    c.range(limits::life, m.depreciation.life, at("depreciation.life"));
    c.range(limits::share, m.depreciation.salvage, at("depreciation.salvage"));
    c.range(limits::life, m.depreciation.intangible_life, at("depreciation.intangible_life"));
    c.range(limits::life, m.depreciation.other_life, at("depreciation.other_life"));
    c.range(limits::amount, m.residual_value, at("residual_value"));
  }

  if (m.financing && scope.has(ModelPart::Financing)) {
    const Financing& f = *m.financing;
    c.range(limits::share, f.equity_share, at("financing.equity_share"));
    if (!f.equity_amounts.empty()) c.add(construction_count_problem(f.equity_amounts.size(), m, Counted::Amounts), at("financing.equity_amounts"));
    for (std::size_t i = 0; i < f.equity_amounts.size(); ++i)
      c.range(limits::amount, f.equity_amounts[i], [i] { return fmt::format("financing.equity_amounts[{}]", i); });
    c.range(limits::loan_rate, f.short_term_rate, at("financing.short_term_loans.rate"));
    c.range(limits::share, f.dividend_share, at("financing.dividend_share"));
    c.range(limits::share, f.statutory_reserve, at("financing.statutory_reserve"));
    c.range(limits::amount, f.registered_capital, at("financing.registered_capital"));
    c.range(limits::loss_carry_forward_years, f.loss_carry_forward_years, at("financing.loss_carry_forward_years"));
    for (std::size_t i = 0; i < f.loans.size(); ++i) {
      const Loan& l = f.loans[i];
      auto key = [i](const char* k) { return [i, k] { return fmt::format("financing.loans[{}].{}", i, k); }; };
      const bool wc = l.kind == DebtKind::WorkingCapital;
      c.range(limits::amount, l.amount, key("amount"));
      c.range(limits::share, l.share, key("share"));
      c.range(limits::loan_rate, l.rate, key("rate"));
      if (!l.draw.empty()) c.add(construction_count_problem(l.draw.size(), m), key("draw"));
      c.range(limits::fee, l.upfront_fee, key("upfront_fee"));
      c.range(limits::fee, l.annual_fee, key("annual_fee"));
      c.range(limits::coupons_per_year, l.coupons_per_year, key("coupons_per_year"));
      c.range(limits::grace_years, l.grace_years, key("grace_years"));
      if (!wc && !l.maturity_year) c.range(limits::term_years, l.term_years, key("term_years"));
      if (l.maturity_year) c.add(year_problem(*l.maturity_year, m.first_year, m.last_year(), true), key("maturity"));
      if (auto p = repayment_problem(m, l)) c.add(std::move(p->problem), key(p->at_maturity ? "maturity" : "term_years"));
      if (l.repayment == Repayment::Custom) c.add(custom_shares_problem(m, l, l.custom_shares.size()), key("shares"));
      if (l.repayment == Repayment::Sculpted) c.range(limits::target_dscr, l.target_dscr, key("target_dscr"));
    }
    c.add(share_sum_problem(f), at("financing"));
  }
  if (scope.has(ModelPart::Targets)) {
    c.range(limits::coverage_target, m.targets.icr, at("targets.icr"));
    c.range(limits::coverage_target, m.targets.dscr, at("targets.dscr"));
    c.range(limits::coverage_target, m.targets.llcr, at("targets.llcr"));
    c.range(limits::coverage_target, m.targets.bond_coverage, at("targets.bond_coverage"));
    c.range(limits::coverage_target, m.targets.total_debt_coverage, at("targets.total_debt_coverage"));
    c.range(limits::equity_irr, m.targets.equity_irr, at("targets.equity_irr"));
  }

  // The public view (economic/inputs.hpp): the numbers a scenario or a draw can change.
  if (m.economic && scope.has(ModelPart::Economic)) {
    const EconomicAnalysis& e = *m.economic;
    c.range(limits::discount_rate, e.discount_rate, at("economic.discount_rate"));
    c.range(limits::conversion_factor, e.shadow_exchange_rate_factor, at("economic.shadow_exchange_rate_factor"));
    for (std::size_t k = 0; k < e.factors.size(); ++k)
      c.range(limits::conversion_factor, e.factors[k].value, [k] { return fmt::format("economic.factors[{}]", k); });
    for (std::size_t k = 0; k < e.investment.size(); ++k) {
      const InvestmentConversion& ic = e.investment[k];
      auto key = [k](const char* x) { return [k, x] { return fmt::format("economic.investment[{}].{}", k, x); }; };
      c.range(limits::conversion_factor, ic.conversion.factor, key("conversion_factor"));
      c.range(limits::amount, ic.amount, key("amount"));
      if (ic.kind == InvestmentConversion::Kind::Land) {
        c.range(limits::amount, ic.land.opportunity_cost, key("land.opportunity_cost"));
        if (!ic.land.opportunity_cost) c.range(limits::land_area, ic.land.area, key("land.area"));
        c.range(limits::amount, ic.land.net_benefit, key("land.net_benefit"));
        c.range(limits::land_growth, ic.land.growth, key("land.growth"));
        c.range(limits::amount, ic.land.new_resource_cost, key("land.new_resource_cost"));
      }
      if (ic.kind == InvestmentConversion::Kind::Imported) {
        c.range(limits::amount, ic.imported.cif, key("imported.cif"));
        c.range(limits::exchange_rate, ic.imported.exchange_rate, key("imported.exchange_rate"));
        c.range(limits::amount, ic.imported.domestic_costs, key("imported.domestic_costs"));
      }
    }
    for (std::size_t k = 0; k < e.revenue.size(); ++k)
      if (e.revenue[k].willingness_to_pay)
        check_series(c, m, *e.revenue[k].willingness_to_pay, [k] { return fmt::format("economic.revenue[{}].willingness_to_pay", k); });
    // Benefits and costs may be negative (a benefit lost, a cost saved).
    for (const auto* lines : {&e.benefits, &e.costs})
      for (std::size_t k = 0; k < lines->size(); ++k) {
        const auto& l = (*lines)[k];
        const char* section = lines == &e.benefits ? "benefits" : "costs";
        const std::pair<const std::optional<Series>*, const char*> parts[] = {
            {&l.quantity, "quantity"}, {&l.unit_value, "unit_value"}, {&l.amounts, "amounts"}};
        for (const auto& part : parts)
          if (*part.first)
            check_series(c, m, **part.first, [section, k, key = part.second] { return fmt::format("economic.{}[{}].{}", section, k, key); },
                         limits::signed_amount);
      }
    c.range(limits::share, e.working_capital_share, at("economic.working_capital_share"));
    c.range(limits::amount, e.residual_value, at("economic.residual_value"));
  }
  if (scope.has(ModelPart::Effects)) {
    for (std::size_t k = 0; k < m.effects.size(); ++k)
      check_series(c, m, m.effects[k].amounts, [k] { return fmt::format("effects[{}].amounts", k); });
  }
  if (m.fiscal && scope.has(ModelPart::Fiscal)) {
    // Outlays over the whole period: their factor and offset (their years were checked when read).
    for (std::size_t k = 0; k < m.fiscal->other_outlays.size(); ++k)
      c.add(series_problem(m.fiscal->other_outlays[k].amounts, m.years()), [k] { return fmt::format("fiscal.other_outlays[{}].amounts", k); });
    c.range(limits::discount_rate, m.fiscal->discount_rate, at("fiscal.discount_rate"));
    c.range(limits::share, m.fiscal->government_equity_share, at("fiscal.government_equity_share"));
    c.range(limits::share, m.fiscal->vat_share, at("fiscal.vat_share"));
    c.range(limits::share, m.fiscal->income_tax_share, at("fiscal.income_tax_share"));
    c.range(limits::share, m.fiscal->local_tax_share, at("fiscal.local_tax_share"));
  }
  if (m.ppp && scope.has(ModelPart::Ppp)) {
    c.range(limits::signed_amount, m.ppp->initial_psc, at("ppp.initial_psc"));
    c.range(limits::signed_amount, m.ppp->competitive_neutrality, at("ppp.competitive_neutrality"));
    c.range(limits::amount, m.ppp->transferable_risk, at("ppp.transferable_risk"));
    c.range(limits::amount, m.ppp->retained_risk, at("ppp.retained_risk"));
  }
  // The without-project case as a change of the period leaves it (validation.hpp).
  if (m.without) {
    const WithoutProject& w = *m.without;
    c.add(without_model_cut_short_problem(m), at("without.model"));
    const std::pair<const std::optional<Series>*, const char*> series[] = {
        {&w.revenue, "revenue"}, {&w.operating_cost, "operating_costs"}, {&w.investment, "investment"}, {&w.depreciation, "depreciation"}};
    for (const auto& [s, key] : series)
      if (*s) c.add(without_list_outrun_problem(**s, key, m), [key = key] { return fmt::format("without.{}", key); });
  }
  return out;
}

}  // namespace appraise
