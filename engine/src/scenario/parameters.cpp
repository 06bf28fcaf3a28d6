#include "appraise/scenario/parameters.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>

#include "appraise/core/diagnostics.hpp"
#include "appraise/messages/project.hpp"
#include "appraise/messages/report.hpp"
#include "appraise/messages/scenario.hpp"
#include "appraise/project/validation.hpp"

namespace appraise {

using namespace appraise::literals;
namespace {

ParamTarget number(std::string path, ParamKind kind, double* p, const Limit& limit) {
  ParamTarget t;
  t.path = std::move(path);
  t.kind = kind;
  t.number = p;
  t.limit = &limit;
  return t;
}

ParamTarget maybe(std::string path, ParamKind kind, std::optional<double>* p, const Limit& limit) {
  ParamTarget t;
  t.path = std::move(path);
  t.kind = kind;
  t.maybe = p;
  t.limit = &limit;
  return t;
}

ParamTarget years(std::string path, int* p, const Limit& limit) {
  ParamTarget t;
  t.path = std::move(path);
  t.kind = ParamKind::Years;
  t.years = p;
  t.limit = &limit;
  return t;
}

ParamTarget series(std::string path, Series* p, const Limit& amounts = limits::amount) {
  ParamTarget t;
  t.path = std::move(path);
  t.kind = ParamKind::Series;
  t.series = p;
  t.limit = &amounts;
  return t;
}

template <class E>
ParamTarget word(std::string path, E* p, std::vector<std::pair<std::string, E>> options) {
  ParamTarget t;
  t.path = std::move(path);
  t.kind = ParamKind::Word;
  for (const auto& [w, e] : options) t.words.push_back(w);
  t.set_word = [p, options](const std::string& w) {
    for (const auto& [name, e] : options)
      if (name == w) {
        *p = e;
        return true;
      }
    return false;
  };
  return t;
}

// Splits "a[x].b.*.c" into segments {"a", "[x]", "b", "*", "c"}.
std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '.') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c == '[') {
      if (!cur.empty()) out.push_back(cur);
      const auto close = path.find(']', i);
      out.push_back(path.substr(i, close == std::string::npos ? std::string::npos : close - i + 1));
      cur.clear();
      if (close == std::string::npos) break;
      i = close;
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// A list element is written `[name]`, `[3]` (by position), `*`, or, because brackets need
// quoting inside YAML flow mappings, plainly as `.name.` or `.3.`.
bool segment_matches(const std::string& pattern, const std::string& concrete, std::size_t index) {
  if (pattern == concrete) return true;
  if (concrete.front() != '[') return false;
  if (pattern == "*") return true;
  const bool bracketed = pattern.size() > 2 && pattern.front() == '[' && pattern.back() == ']';
  const std::string inner = bracketed ? pattern.substr(1, pattern.size() - 2) : pattern;
  if (inner == concrete.substr(1, concrete.size() - 2)) return true;
  return !inner.empty() && inner.size() < 6 && std::all_of(inner.begin(), inner.end(), ::isdigit) &&
         std::stoul(inner) == index;
}

// Pattern segments `p` against target `t`, whose path splits into `c`.
bool path_matches(const std::vector<std::string>& p, const std::vector<std::string>& c, const ParamTarget& t) {
  if (p.size() != c.size()) return false;
  std::size_t list_seen = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const bool is_list = c[i].front() == '[';
    const std::size_t pos = is_list && list_seen < t.positions.size() ? t.positions[list_seen] : 0;
    if (is_list) ++list_seen;
    if (!segment_matches(p[i], c[i], pos)) return false;
  }
  return true;
}

void shift_series(Series& s, int n) {
  if (s.from_year) *s.from_year += n;
  if (s.to_year) *s.to_year += n;
  for (auto& r : s.ranges) {
    r.from += n;
    r.to += n;
  }
}

// Every series in the model, for shifting calendar years when the project moves.
void shift_all_series(ProjectModel& m, int n) {
  for (auto& s : m.sustaining) shift_series(s.amounts, n);
  shift_series(m.working_capital.increments, n);
  for (auto& r : m.revenue) {
    if (r.volume) shift_series(*r.volume, n);
    if (r.price) shift_series(*r.price, n);
    if (r.amounts) shift_series(*r.amounts, n);
  }
  for (auto& s : m.subsidies) shift_series(s.amounts, n);
  for (auto& c : m.operating_costs) shift_series(c.amounts, n);
  for (auto& r : m.revenue)
    for (auto& s : r.sales) s.year += n;  // sales follow the project
  if (m.financing)
    for (auto& l : m.financing->loans)
      if (l.maturity_year) *l.maturity_year += n;
  if (m.economic) {
    for (auto& d : m.economic->revenue)
      if (d.willingness_to_pay) shift_series(*d.willingness_to_pay, n);
    for (auto* lines : {&m.economic->benefits, &m.economic->costs})
      for (auto& l : *lines)
        for (auto* s : {&l.quantity, &l.unit_value, &l.amounts})
          if (*s) shift_series(**s, n);
  }
  for (auto& e : m.effects) shift_series(e.amounts, n);
  if (m.fiscal)
    for (auto& o : m.fiscal->other_outlays) shift_series(o.amounts, n);
}

// The public view's parameters (economic/inputs.hpp): the economic section, effects, fiscal, ppp.
void public_targets(ProjectModel& m, std::vector<ParamTarget>& t) {
  auto at = [&t](std::vector<std::size_t> positions) { t.back().positions = std::move(positions); };
  if (m.economic) {
    auto& e = *m.economic;
    t.push_back(number("economic.discount_rate", ParamKind::Rate, &e.discount_rate, limits::discount_rate));
    t.push_back(number("economic.shadow_exchange_rate_factor", ParamKind::Ratio, &e.shadow_exchange_rate_factor, limits::conversion_factor));
    for (std::size_t k = 0; k < e.factors.size(); ++k) {
      // A traded component the model does not give a value follows the shadow exchange-rate
      // factor: change that (economic.shadow_exchange_rate_factor) instead.
      auto& f = e.factors[k];
      if (f.follows_serf) continue;
      ParamTarget x = number("economic.factors[" + f.name + "]", ParamKind::Ratio, &f.value, limits::conversion_factor);
      x.positions = {k};
      t.push_back(std::move(x));
    }
    for (std::size_t k = 0; k < e.revenue.size() && k < m.revenue.size(); ++k) {
      const std::string p = "economic.revenue[" + m.revenue[k].name + "]";
      if (e.revenue[k].willingness_to_pay) t.push_back(series(p + ".willingness_to_pay", &*e.revenue[k].willingness_to_pay));
      else t.push_back(number(p + ".conversion_factor", ParamKind::Ratio, &e.revenue[k].conversion.factor, limits::conversion_factor));
      at({k});
    }
    for (std::size_t k = 0; k < e.investment.size() && k < m.investment.size(); ++k) {
      auto& c = e.investment[k];
      const std::string p = "economic.investment[" + m.investment[k].name + "]";
      const std::size_t first = t.size();
      switch (c.kind) {
        case InvestmentConversion::Kind::Convert:
          if (c.conversion.components.empty()) t.push_back(number(p + ".conversion_factor", ParamKind::Ratio, &c.conversion.factor, limits::conversion_factor));
          break;
        case InvestmentConversion::Kind::Amount: t.push_back(number(p + ".amount", ParamKind::Money, &c.amount, limits::amount)); break;
        case InvestmentConversion::Kind::Land:
          if (c.land.opportunity_cost) {
            t.push_back(maybe(p + ".land.opportunity_cost", ParamKind::Money, &c.land.opportunity_cost, limits::amount));
          } else {
            t.push_back(number(p + ".land.area", ParamKind::Money, &c.land.area, limits::land_area));
            t.push_back(number(p + ".land.net_benefit", ParamKind::Money, &c.land.net_benefit, limits::amount));
            t.push_back(number(p + ".land.growth", ParamKind::Rate, &c.land.growth, limits::land_growth));
          }
          t.push_back(number(p + ".land.new_resource_cost", ParamKind::Money, &c.land.new_resource_cost, limits::amount));
          break;
        case InvestmentConversion::Kind::Imported:
          t.push_back(number(p + ".imported.cif", ParamKind::Money, &c.imported.cif, limits::amount));
          t.push_back(number(p + ".imported.exchange_rate", ParamKind::Ratio, &c.imported.exchange_rate, limits::exchange_rate));
          t.push_back(number(p + ".imported.domestic_costs", ParamKind::Money, &c.imported.domestic_costs, limits::amount));
          break;
        case InvestmentConversion::Kind::PriceContingency: break;
      }
      for (std::size_t j = first; j < t.size(); ++j) t[j].positions = {k};
    }
    for (std::size_t k = 0; k < e.operating_costs.size() && k < m.operating_costs.size(); ++k)
      if (e.operating_costs[k].components.empty()) {
        t.push_back(number("economic.operating_costs[" + m.operating_costs[k].name + "].conversion_factor", ParamKind::Ratio,
                           &e.operating_costs[k].factor, limits::conversion_factor));
        at({k});
      }
    if (e.sustaining.components.empty())
      t.push_back(number("economic.sustaining_investment.conversion_factor", ParamKind::Ratio, &e.sustaining.factor, limits::conversion_factor));
    t.push_back(number("economic.working_capital_share", ParamKind::Share, &e.working_capital_share, limits::share));
    t.push_back(maybe("economic.residual_value", ParamKind::Money, &e.residual_value, limits::amount));
    t.push_back(word<ResidualSide>("economic.residual_value_side", &e.residual_side,
                                   {{"benefit", ResidualSide::Benefit}, {"cost", ResidualSide::Cost}}));
    for (const char* section : {"benefits", "costs"}) {
      auto& lines = std::string(section) == "benefits" ? e.benefits : e.costs;
      for (std::size_t k = 0; k < lines.size(); ++k) {
        auto& l = lines[k];
        const std::string p = std::string("economic.") + section + "[" + l.name + "]";
        const std::size_t first = t.size();
        // Benefits and costs may be negative (a benefit lost, a cost saved).
        if (l.quantity) t.push_back(series(p + ".quantity", &*l.quantity, limits::signed_amount));
        if (l.unit_value) t.push_back(series(p + ".unit_value", &*l.unit_value, limits::signed_amount));
        if (l.amounts) t.push_back(series(p + ".amounts", &*l.amounts, limits::signed_amount));
        for (std::size_t j = first; j < t.size(); ++j) t[j].positions = {k};
      }
    }
  }
  for (std::size_t k = 0; k < m.effects.size(); ++k) {
    t.push_back(series("effects[" + m.effects[k].name + "].amounts", &m.effects[k].amounts));
    at({k});
  }
  if (m.fiscal) {
    auto& f = *m.fiscal;
    t.push_back(maybe("fiscal.discount_rate", ParamKind::Rate, &f.discount_rate, limits::discount_rate));
    t.push_back(number("fiscal.government_equity_share", ParamKind::Share, &f.government_equity_share, limits::share));
    t.push_back(number("fiscal.vat_share", ParamKind::Share, &f.vat_share, limits::share));
    t.push_back(number("fiscal.income_tax_share", ParamKind::Share, &f.income_tax_share, limits::share));
    t.push_back(number("fiscal.local_tax_share", ParamKind::Share, &f.local_tax_share, limits::share));
    for (std::size_t k = 0; k < f.other_outlays.size(); ++k) {
      t.push_back(series("fiscal.other_outlays[" + f.other_outlays[k].name + "].amounts", &f.other_outlays[k].amounts));
      at({k});
    }
  }
  if (m.ppp) {
    auto& p = *m.ppp;
    t.push_back(maybe("ppp.initial_psc", ParamKind::Money, &p.initial_psc, limits::signed_amount));
    t.push_back(number("ppp.competitive_neutrality", ParamKind::Money, &p.competitive_neutrality, limits::signed_amount));
    t.push_back(number("ppp.transferable_risk", ParamKind::Money, &p.transferable_risk, limits::amount));
    t.push_back(number("ppp.retained_risk", ParamKind::Money, &p.retained_risk, limits::amount));
  }
}

// A changed model must be one the loader would accept: the first rule it breaks, with the rule's
// remedy, or nothing.
ChangeProblem still_valid(const ProjectModel& m) {
  const auto violations = validate(m);
  if (violations.empty()) return {};
  const auto& v = violations.front();
  return {msg(messages::Project::changed_model_breaks_rule, "path"_a = v.path, "why"_a = v.problem.message), v.problem.hint};
}

}  // namespace

std::vector<ParamTarget> parameter_targets(ProjectModel& m) {
  std::vector<ParamTarget> t;
  t.push_back(number("project.benchmark_rate", ParamKind::Rate, &m.benchmark_rate, limits::benchmark_rate));
  t.push_back(years("project.operation_years", &m.operation_years, limits::operation_years));
  t.push_back(word<Timing>("project.timing", &m.timing,
                           {{"end-of-year", Timing::EndOfPeriod}, {"start", Timing::AtStart}, {"mid-year", Timing::MidPeriod}}));
  t.push_back(number("taxes.income_tax_rate", ParamKind::Rate, &m.income_tax_rate, limits::tax_rate));
  t.push_back(number("taxes.vat_rate", ParamKind::Rate, &m.taxes.vat_rate, limits::tax_rate));
  t.push_back(number("taxes.input_vat_rate", ParamKind::Rate, &m.taxes.input_vat_rate, limits::tax_rate));
  t.push_back(number("taxes.surcharge_rate", ParamKind::Rate, &m.taxes.rate, limits::tax_rate));
  t.push_back(number("taxes.simple_vat_rate", ParamKind::Rate, &m.taxes.simple_vat_rate, limits::simple_vat_rate));
  t.push_back(number("taxes.land_appreciation_tax.prepay_rate", ParamKind::Rate, &m.taxes.lat_prepay_rate, limits::prepay_rate));
  auto at = [&t](std::vector<std::size_t> positions) { t.back().positions = std::move(positions); };
  for (std::size_t k = 0; k < m.investment.size(); ++k) {
    t.push_back(number("investment[" + m.investment[k].name + "].amount", ParamKind::Money, &m.investment[k].amount, limits::amount));
    at({k});
  }
  for (auto& s : m.sustaining) t.push_back(series("sustaining_investment.amounts", &s.amounts));
  if (m.working_capital.share_of_operating_cost)
    t.push_back(maybe("working_capital.share_of_operating_cost", ParamKind::Rate, &m.working_capital.share_of_operating_cost, limits::working_capital_share));
  else
    t.push_back(series("working_capital.amounts", &m.working_capital.increments));
  for (std::size_t k = 0; k < m.revenue.size(); ++k) {
    auto& r = m.revenue[k];
    const std::string p = "revenue[" + r.name + "]";
    const std::size_t first = t.size();
    if (r.volume) t.push_back(series(p + ".volume", &*r.volume));
    if (r.price) t.push_back(series(p + ".price", &*r.price));
    if (r.amounts) t.push_back(series(p + ".amounts", &*r.amounts));
    if (r.kind != RevenueKind::Operating) {
      // A sale line: its price and area (the sales schedule's shares must keep adding up to 100%).
      t.push_back(number(p + ".price", ParamKind::Money, &r.unit_price, limits::amount));
      t.push_back(number(p + ".area", ParamKind::Money, &r.area, limits::sale_area));
    }
    for (std::size_t j = first; j < t.size(); ++j) t[j].positions = {k};
  }
  for (std::size_t k = 0; k < m.subsidies.size(); ++k) {
    t.push_back(series("subsidies[" + m.subsidies[k].name + "].amounts", &m.subsidies[k].amounts));
    at({k});
  }
  for (std::size_t k = 0; k < m.operating_costs.size(); ++k) {
    auto& c = m.operating_costs[k];
    const std::string p = "operating_costs[" + c.name + "]";
    switch (c.basis) {
      case OperatingCostLine::Basis::Fixed: t.push_back(series(p + ".amounts", &c.amounts)); break;
      case OperatingCostLine::Basis::PerUnit: t.push_back(series(p + ".per_unit", &c.amounts)); break;
      case OperatingCostLine::Basis::ShareOfRevenue:
        t.push_back(number(p + ".share_of_revenue", ParamKind::Share, &c.share, limits::share));
        break;
    }
    at({k});
  }
  t.push_back(years("depreciation.life", &m.depreciation.life, limits::life));
  t.push_back(number("depreciation.salvage", ParamKind::Share, &m.depreciation.salvage, limits::share));
  t.push_back(years("depreciation.intangible_life", &m.depreciation.intangible_life, limits::life));
  t.push_back(years("depreciation.other_life", &m.depreciation.other_life, limits::life));
  if (m.financing) {
    auto& f = *m.financing;
    t.push_back(maybe("financing.equity_share", ParamKind::Share, &f.equity_share, limits::share));
    t.push_back(word<bool>("financing.construction_interest", &f.capitalise_construction_interest,
                           {{"capitalise", true}, {"equity", false}}));
    t.push_back(number("financing.short_term_loans.rate", ParamKind::Rate, &f.short_term_rate, limits::loan_rate));
    t.push_back(number("financing.dividend_share", ParamKind::Share, &f.dividend_share, limits::share));
    for (std::size_t k = 0; k < f.loans.size(); ++k) {
      auto& l = f.loans[k];
      const std::string p = "financing.loans[" + l.name + "]";
      const std::size_t first = t.size();
      t.push_back(number(p + ".rate", ParamKind::Rate, &l.rate, limits::loan_rate));
      t.push_back(maybe(p + ".amount", ParamKind::Money, &l.amount, limits::amount));
      t.push_back(maybe(p + ".share", ParamKind::Share, &l.share, limits::share));
      t.push_back(years(p + ".grace_years", &l.grace_years, limits::grace_years));
      t.push_back(years(p + ".term_years", &l.term_years, limits::term_years));
      t.push_back(number(p + ".upfront_fee", ParamKind::Share, &l.upfront_fee, limits::fee));
      t.push_back(number(p + ".annual_fee", ParamKind::Share, &l.annual_fee, limits::fee));
      t.push_back(number(p + ".target_dscr", ParamKind::Ratio, &l.target_dscr, limits::target_dscr));
      t.push_back(word<Repayment>(p + ".repayment", &l.repayment,
                                  {{"equal_payment", Repayment::EqualPayment},
                                   {"equal_principal", Repayment::EqualPrincipal},
                                   {"bullet", Repayment::Bullet},
                                   {"custom", Repayment::Custom},
                                   {"max_capacity", Repayment::MaxCapacity},
                                   {"sculpted", Repayment::Sculpted}}));
      for (std::size_t j = first; j < t.size(); ++j) t[j].positions = {k};
    }
  }
  t.push_back(number("targets.icr", ParamKind::Ratio, &m.targets.icr, limits::coverage_target));
  t.push_back(number("targets.dscr", ParamKind::Ratio, &m.targets.dscr, limits::coverage_target));
  t.push_back(maybe("targets.llcr", ParamKind::Ratio, &m.targets.llcr, limits::coverage_target));
  t.push_back(maybe("targets.bond_coverage", ParamKind::Ratio, &m.targets.bond_coverage, limits::coverage_target));
  t.push_back(maybe("targets.total_debt_coverage", ParamKind::Ratio, &m.targets.total_debt_coverage, limits::coverage_target));
  t.push_back(maybe("targets.equity_irr", ParamKind::Rate, &m.targets.equity_irr, limits::equity_irr));
  t.push_back(word<bool>("targets.dscr_tax", &m.targets.dscr_uses_adjusted_tax, {{"actual", false}, {"adjusted", true}}));
  public_targets(m, t);
  return t;
}

ParameterIndex::ParameterIndex(ProjectModel& m) : all_(parameter_targets(m)) {
  segments_.reserve(all_.size());
  for (const auto& t : all_) segments_.push_back(segments(t.path));
}

std::vector<std::size_t> ParameterIndex::match(const std::string& pattern) const {
  const auto p = segments(pattern);
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < all_.size(); ++k)
    if (path_matches(p, segments_[k], all_[k])) out.push_back(k);
  return out;
}

std::optional<std::string> ParameterIndex::nearest(const std::string& pattern) const {
  std::vector<std::string> paths;
  for (const auto& t : all_) paths.push_back(t.path);
  // A typo anywhere in a long path: compare whole paths, allowing a third of the length.
  return closest_match(pattern, paths);
}

std::vector<ParamTarget> match_parameters(ProjectModel& m, const std::string& pattern, std::vector<std::size_t>* indices) {
  const ParameterIndex index(m);
  const auto found = index.match(pattern);
  if (indices) *indices = found;
  std::vector<ParamTarget> out;
  for (std::size_t k : found) out.push_back(index.target(k));
  return out;
}

std::vector<std::string> construction_cost_paths(const ProjectModel& m) {
  const auto& items = m.investment;
  if (std::none_of(items.begin(), items.end(), [](const InvestmentItem& i) { return i.existing; }))
    return items.empty() ? std::vector<std::string>{} : std::vector<std::string>{"investment.*.amount"};
  std::vector<std::string> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].existing) continue;
    // By name, as a planner reads it; by position when the name cannot stand in brackets (it
    // holds a `]`) or would read as a position (all digits).
    const std::string& name = items[i].name;
    const bool by_name = !name.empty() && name.find(']') == std::string::npos &&
                         !std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isdigit(c); });
    out.push_back(by_name ? fmt::format("investment[{}].amount", name) : fmt::format("investment[{}].amount", i));
  }
  return out;
}

Message parameter_words(const ProjectModel& m, const std::string& path) {
  const std::vector<std::string> seg = segments(path);
  // section[name].field, or section.list[name].field (financing.loans, economic.benefits).
  std::string section, name, field;
  if (seg.size() == 3 && seg[1].size() > 2 && seg[1].front() == '[') {
    section = seg[0];
    name = seg[1].substr(1, seg[1].size() - 2);
    field = seg[2];
  } else if (seg.size() == 4 && seg[2].size() > 2 && seg[2].front() == '[') {
    section = seg[0] + "." + seg[1];
    name = seg[2].substr(1, seg[2].size() - 2);
    field = seg[3];
  } else {
    return Message::same(path);
  }
  using messages::Scenario;
  auto words = [&](Scenario id) { return msg(id, "name"_a = name); };
  if (section == "revenue") {
    if (field == "price") return words(Scenario::param_price);
    if (field == "amounts") return words(Scenario::param_revenue_amounts);
    if (field == "volume") {
      Message volume = msg(messages::Report::volume_default);
      for (const auto& l : m.revenue)
        if (l.name == name && !l.volume_name.empty()) volume.zh = l.volume_name;
      return msg(Scenario::param_volume, "name"_a = name, "volume"_a = volume);
    }
  }
  if (section == "investment" && field == "amount") return words(Scenario::param_investment_amount);
  if (section == "operating_costs") {
    if (field == "amounts") return words(Scenario::param_cost_amounts);
    if (field == "per_unit") return words(Scenario::param_cost_per_unit);
    if (field == "share_of_revenue") return words(Scenario::param_cost_share);
  }
  if (section == "financing.loans" && field == "rate") return words(Scenario::param_loan_rate);
  if (section == "economic.benefits" || section == "economic.costs") {
    if (field == "quantity") return words(Scenario::param_benefit_quantity);
    if (field == "unit_value") return words(Scenario::param_benefit_unit_value);
    if (field == "amounts") return words(Scenario::param_amounts);
  }
  if (field == "amounts") return words(Scenario::param_amounts);
  return Message::same(path);
}

std::optional<std::string> nearest_parameter(ProjectModel& m, const std::string& pattern) {
  return ParameterIndex(m).nearest(pattern);
}

std::optional<double> parameter_value(const ParamTarget& t) {
  if (t.number) return *t.number;
  if (t.maybe) return *t.maybe;
  if (t.years) return *t.years;
  return std::nullopt;
}

Message apply_change(ProjectModel& m, const Change& c) { return ModelParameters(m).apply(c).problem; }

ChangeProblem ModelParameters::apply(const Change& c) {
  using messages::Project;
  using messages::Scenario;
  ProjectModel& m = m_;
  if (c.op == ChangeOp::DelayStart || c.op == ChangeOp::DelayOperation) {
    if (!within(limits::delay, c.value))
      return msg(Project::delay_out_of_range, "value"_a = value_text(limits::delay, c.value), "range"_a = range_text(limits::delay));
    const int n = static_cast<int>(c.value);
    if (n == 0) return {};
    const bool start = c.op == ChangeOp::DelayStart;
    for (auto& i : m.investment) i.phasing.insert(start ? i.phasing.begin() : i.phasing.end(), static_cast<std::size_t>(n), 0.0);
    if (m.financing)
      for (auto& l : m.financing->loans)
        if (!l.draw.empty()) l.draw.insert(start ? l.draw.begin() : l.draw.end(), static_cast<std::size_t>(n), 0.0);
    if (m.financing && !m.financing->equity_amounts.empty())
      m.financing->equity_amounts.insert(start ? m.financing->equity_amounts.begin() : m.financing->equity_amounts.end(),
                                         static_cast<std::size_t>(n), 0.0);
    m.construction_years += n;
    shift_all_series(m, n);
    return still_valid(m);
  }
  std::vector<ParamTarget> matched;
  std::vector<ParamTarget*> targets;
  if (!c.targets.empty()) {
    // Resolved when the change was read: no matching. A delay moves series but never adds or
    // removes a parameter, so the positions hold for every copy of the model.
    if (all_.empty()) all_ = parameter_targets(m);
    for (std::size_t k : c.targets) {
      if (k >= all_.size()) return msg(Scenario::resolved_elsewhere, "path"_a = c.path);
      targets.push_back(&all_[k]);
    }
  } else {
    matched = match_parameters(m, c.path);
    for (auto& t : matched) targets.push_back(&t);
  }
  if (targets.empty()) return msg(Scenario::matches_nothing, "path"_a = c.path);
  for (ParamTarget* target : targets) {
    ParamTarget& t = *target;
    if (t.kind == ParamKind::Word) {
      if (c.op != ChangeOp::Set) return msg(Scenario::convention_only_set, "path"_a = t.path);
      if (!t.set_word(c.word)) return msg(Scenario::not_one_of, "word"_a = c.word, "words"_a = joined(t.words));
      continue;
    }
    if (!c.word.empty()) return msg(Scenario::takes_a_number, "path"_a = t.path, "word"_a = c.word);
    if (t.series) {
      Series& s = *t.series;
      switch (c.op) {
        case ChangeOp::Set: s = Series::of(c.value); break;
        case ChangeOp::Scale: s.scale *= c.value; break;
        case ChangeOp::Add: s.offset += c.value; break;
        default: break;
      }
      if (c.op == ChangeOp::Set)
        if (const auto p = range_problem(*t.limit, c.value))
          return {msg(Project::change_series_problem, "path"_a = t.path, "why"_a = p->message), p->hint};
      if (const auto p = series_problem(s, m.operation_years, *t.limit))
        return {msg(Project::change_series_problem, "path"_a = t.path, "why"_a = p->message), p->hint};
      continue;
    }
    double v = 0;
    if (t.number) v = *t.number;
    else if (t.years) v = *t.years;
    else if (t.maybe) {
      if (!*t.maybe && c.op != ChangeOp::Set)
        return msg(Scenario::not_given_cannot_shift, "path"_a = t.path);
      v = t.maybe->value_or(0.0);
    }
    switch (c.op) {
      case ChangeOp::Set: v = c.value; break;
      case ChangeOp::Scale: v *= c.value; break;
      case ChangeOp::Add: v += c.value; break;
      default: break;
    }
    if (t.limit)
      if (const auto p = range_problem(*t.limit, v))
        return msg(Project::change_out_of_range, "path"_a = t.path, "value"_a = value_text(*t.limit, v), "range"_a = range_text(*t.limit));
    if (t.number) *t.number = v;
    if (t.maybe) *t.maybe = v;
    if (t.years) *t.years = static_cast<int>(v);  // within its limit: a whole number that fits
  }
  return still_valid(m);
}

}  // namespace appraise
