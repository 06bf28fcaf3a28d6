#include "appraise/io/model_loader.hpp"

#include <cmath>
#include <fmt/format.h>
#include <algorithm>
#include <set>

#include "appraise/messages/core.hpp"
#include "appraise/messages/project.hpp"
#include "model_reader.hpp"

namespace appraise::io {
namespace detail {

using messages::Io;
using namespace literals;

namespace {

bool is_percent(const Node& n) { return n.is_scalar() && is_percent_text(n.scalar); }

// A number for messages: 9000, 0.3 -- never 0.30000000000000004.
std::string number_text(double v) { return fmt::format("{:.10g}", v); }


// Names a planner gives to lines (items, revenue, costs, subsidies), checked for repeats:
// scenarios and reports address lines by name.
struct NameRegistry {
  std::vector<std::pair<std::string, int>> seen;  // name, line
  void check(Reader& r, MapReader& it, const std::string& name, Io kind) {
    if (name.empty()) return;
    const Node* at = it.get("name");
    for (const auto& [n, line] : seen)
      if (n == name) {
        r.error(*at, it.path_of("name"), msg(Io::model_name_repeated, "kind"_a = msg(kind), "name"_a = name, "line"_a = line), {},
                msg(Io::model_name_repeated_hint));
        return;
      }
    seen.emplace_back(name, at ? at->mark.line : 0);
  }
};

}  // namespace

std::string ModelReader::period_text() const {
  return fmt::format("{}–{}", m.first_year, m.last_year());
}

Message ModelReader::amount_in_unit() const { return msg(Io::model_amount_in_unit, "unit"_a = m.unit); }

SeriesScope ModelReader::operation_scope(const Message& what) const {
  return {m.first_operating_year(), m.operation_years, m.first_operating_year(), m.last_year(), what, false};
}

SeriesScope ModelReader::period_scope(const Message& what) const {
  return {m.first_year, m.years(), m.first_year, m.last_year(), what, false};
}

std::optional<int> ModelReader::calendar_year(const Node& n, const std::string& path) {
  const auto v = read_number(r, n, path, number_rule(limits::calendar_year, msg(Io::model_calendar_year, "example"_a = 2031), false));
  if (!v) return std::nullopt;
  const int y = static_cast<int>(*v);
  if (period_known)
    if (auto p = year_problem(y, m.first_year, m.last_year(), true)) {
      r.error(n, path, p->message, p->expected);
      return std::nullopt;
    }
  return y;
}

std::optional<Series> ModelReader::series(const Node& n, const std::string& path, const SeriesScope& scope) {
  NumberRule amount = number_rule(limits::amount, scope.what);
  if (scope.allow_negative) amount.min.reset();
  amount.unit_hint = scope.unit_hint;
  auto within = [&](const Node& at, const std::string& p, int y) {
    if (!period_known) return true;
    if (auto problem = year_problem(y, scope.first_allowed, scope.last_allowed, false)) {
      r.error(at, p, problem->message, problem->expected);
      return false;
    }
    return true;
  };
  if (n.is_scalar()) {
    const auto v = read_number(r, n, path, amount);
    if (!v) return std::nullopt;
    return Series::of(*v);
  }
  if (n.is_sequence()) {
    if (!n.items.empty() && n.items.front().is_map()) {
      // Ranges: [{year: 2031, amount: 500}, {from: 2032, to: 2040, amount: 800}]
      Series s;
      s.form = Series::Form::Ranges;
      bool ok = true;
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        const std::string p = fmt::format("{}[{}]", path, i);
        MapReader item(r, n.items[i], p);
        if (!item.valid()) { ok = false; continue; }
        YearRange range;
        const Node* year = item.get("year");
        const Node* from = item.get("from");
        const Node* to = item.get("to");
        const auto amt = item.require("amount", scope.what) ? item.number("amount", amount) : std::nullopt;
        std::optional<int> a, b;
        if (year) {
          a = b = calendar_year(*year, item.path_of("year"));
          if (from || to) r.error(*year, item.path_of("year"), msg(Io::model_year_and_range));
        } else if (from) {
          a = calendar_year(*from, item.path_of("from"));
          b = to ? calendar_year(*to, item.path_of("to")) : std::optional<int>(scope.last_allowed);
        } else {
          r.error(n.items[i], p, msg(Io::model_range_needs_year), msg(Io::model_range_expected));
        }
        item.finish();
        if (!a || !b || !amt) { ok = false; continue; }
        if (*b < *a) {
          r.error(to ? *to : n.items[i], item.path_of("to"), msg(Io::model_range_backwards, "to"_a = *b, "from"_a = *a),
                  msg(Io::model_to_expected, "from"_a = *a), msg(Io::model_swap_from_to));
          ok = false;
          continue;
        }
        if (!within(year ? *year : *from, item.path_of(year ? "year" : "from"), *a) ||
            !within(to ? *to : (year ? *year : *from), item.path_of(to ? "to" : "from"), *b)) {
          ok = false;
          continue;
        }
        // Ranges are inclusive at both ends, so `to: 2035` followed by `from: 2035` counts
        // 2035 twice: a classic slip, and never what a planner means.
        bool overlaps = false;
        for (std::size_t k = 0; k < s.ranges.size() && !overlaps; ++k) {
          const auto& o = s.ranges[k];
          if (*a <= o.to && o.from <= *b) {
            const int y = std::max(*a, o.from);
            r.error(year ? *year : *from, item.path_of(year ? "year" : "from"),
                    msg(Io::model_range_overlap, "year"_a = y, "range"_a = fmt::format("{}[{}]", path, k), "from"_a = o.from,
                        "to"_a = o.to),
                    {}, msg(Io::model_range_overlap_hint));
            overlaps = true;
          }
        }
        if (overlaps) {
          ok = false;
          continue;
        }
        range.from = *a;
        range.to = *b;
        range.amount = *amt;
        s.ranges.push_back(range);
      }
      if (!ok) return std::nullopt;
      return s;
    }
    // A list by year from the line's first year.
    std::vector<double> values;
    bool ok = true;
    for (std::size_t i = 0; i < n.items.size(); ++i) {
      const auto v = read_number(r, n.items[i], fmt::format("{}[{}]", path, i), amount);
      if (!v) ok = false;
      values.push_back(v.value_or(0.0));
    }
    if (!ok) return std::nullopt;
    if (period_known)
      if (auto p = list_length_problem(values.size(), scope.list_start, scope.list_count)) {
        r.error(n.items[static_cast<std::size_t>(scope.list_count)], path, p->message, p->expected);
        return std::nullopt;
      }
    return Series::list(std::move(values));
  }
  if (n.is_map()) {
    MapReader g(r, n, path);
    Series s;
    s.form = Series::Form::Growth;
    const auto base = g.require("base", scope.what) ? g.number("base", amount) : std::nullopt;
    s.growth = g.rate("growth").value_or(0.0);
    if (const Node* f = g.get("from")) {
      s.from_year = calendar_year(*f, g.path_of("from"));
      if (s.from_year && !within(*f, g.path_of("from"), *s.from_year)) s.from_year.reset();
    }
    bool ok = true;
    if (const Node* t = g.get("to")) {
      s.to_year = calendar_year(*t, g.path_of("to"));
      if (s.to_year && !within(*t, g.path_of("to"), *s.to_year)) s.to_year.reset();
      if (s.to_year && s.from_year && *s.to_year < *s.from_year) {
        r.error(*t, g.path_of("to"), msg(Io::model_series_backwards, "to"_a = *s.to_year, "from"_a = *s.from_year),
                msg(Io::model_to_expected, "from"_a = *s.from_year), msg(Io::model_swap_from_to));
        ok = false;
      }
    }
    g.finish();
    if (!base || !ok) return std::nullopt;
    s.base = *base;
    return s;
  }
  r.error(n, path, msg(Io::read_expected_got, "expected"_a = scope.what, "got"_a = described(n)), msg(Io::model_series_expected));
  return std::nullopt;
}

std::optional<std::vector<double>> ModelReader::shares(const Node& n, const std::string& path, std::size_t count,
                                                       const Message& what) {
  if (!n.is_sequence()) {
    r.error(n, path, msg(Io::model_list_of_got, "what"_a = what, "got"_a = described(n)), msg(Io::model_list_such_as),
            full_width_bracket_hint(n));
    return std::nullopt;
  }
  std::vector<double> out;
  bool ok = true;
  for (std::size_t i = 0; i < n.items.size(); ++i) {
    const auto v = read_rate(r, n.items[i], fmt::format("{}[{}]", path, i), rate_rule(limits::share, msg(Io::model_share)));
    if (!v) ok = false;
    out.push_back(v.value_or(0.0));
  }
  if (!ok) return std::nullopt;
  if (count > 0 && out.size() != count) {
    const auto values = [](std::size_t k) {
      return k == 1 ? msg(messages::Project::one_value) : msg(messages::Project::values, "count"_a = k);
    };
    r.error(n, path,
            msg(Io::model_count_for_years, "values"_a = values(out.size()),
                "years"_a = count == 1 ? msg(Io::model_one_year) : msg(Io::model_years, "count"_a = count)),
            msg(Io::model_one_per_year, "values"_a = values(count)));
    return std::nullopt;
  }
  return out;
}

void ModelReader::project(MapReader& top) {
  const Node* node = top.require("project", msg(Io::model_project_expected));
  if (!node) return;
  MapReader p(r, *node, "project");
  if (!p.valid()) return;
  if (const Node* n = p.require("name", msg(Io::model_project_name))) m.name = read_text(r, *n, "project.name").value_or("");
  if (const Node* u = p.get("unit")) {
    if (const auto t = read_text(r, *u, "project.unit"); t && money_unit_ok(r, *u, "project.unit", *t)) m.unit = *t;
  }
  const auto first = p.require("first_year", msg(Io::model_first_year_expected))
                         ? p.number("first_year", number_rule(limits::calendar_year, msg(Io::model_calendar_year, "example"_a = 2026), false))
                         : std::nullopt;
  const auto cons = p.require("construction_years", msg(Io::model_construction_years_expected))
                        ? p.number("construction_years", number_rule(limits::construction_years,
                                                                     msg(Io::model_years_from_to, "min"_a = 1, "max"_a = 30)))
                        : std::nullopt;
  const auto ops = p.require("operation_years", msg(Io::model_operation_years_expected))
                       ? p.number("operation_years", number_rule(limits::operation_years,
                                                                 msg(Io::model_years_from_to, "min"_a = 1, "max"_a = 100)))
                       : std::nullopt;
  if (first) m.first_year = static_cast<int>(*first);
  if (cons) m.construction_years = static_cast<int>(*cons);
  if (ops) m.operation_years = static_cast<int>(*ops);
  period_known = first && cons && ops;
  if (p.require("benchmark_rate", msg(Io::model_benchmark_rate_expected)))
    m.benchmark_rate = p.rate("benchmark_rate", rate_rule(limits::benchmark_rate, msg(Io::model_benchmark_rate))).value_or(m.benchmark_rate);
  if (const auto t = p.choice<Timing>("timing", {{"end-of-year", Timing::EndOfPeriod},
                                                  {"start", Timing::AtStart},
                                                  {"mid-year", Timing::MidPeriod}}))
    m.timing = *t;
  (void)p.text("description");
  p.finish();
}

void ModelReader::investment(MapReader& top) {
  const Node* node = top.require("investment", msg(Io::model_investment_expected));
  if (!node) return;
  if (!node->is_sequence() || node->items.empty()) {
    r.error(key_of(*node), "investment",
            node->is_sequence() ? msg(Io::model_investment_empty) : msg(Io::model_investment_got, "got"_a = described(*node)),
            msg(Io::model_investment_list_expected), node->is_map() ? msg(Io::model_each_item_hint) : Message{});
    return;
  }
  NameRegistry names;
  for (std::size_t i = 0; i < node->items.size(); ++i) {
    const std::string path = fmt::format("investment[{}]", i);
    MapReader it(r, node->items[i], path);
    if (!it.valid()) continue;
    InvestmentItem item;
    if (it.require("name", msg(Io::model_item_name))) item.name = it.text("name").value_or("");
    names.check(r, it, item.name, Io::model_kind_item);
    const auto amount = it.number("amount", number_rule(limits::amount, amount_in_unit()));
    const Node* phasing = it.get("phasing");
    // Until the project's years are known, the count of phasing values cannot be checked.
    const auto count = period_known ? static_cast<std::size_t>(m.construction_years) : std::size_t{0};
    if (phasing) {
      if (!phasing->is_sequence()) {
        r.error(*phasing, it.path_of("phasing"), msg(Io::model_list_got, "got"_a = described(*phasing)),
                msg(Io::model_phasing_expected), full_width_bracket_hint(*phasing));
      } else {
        bool all_percent = true, any_percent = false;
        for (const auto& v : phasing->items) {
          const bool pct = is_percent(v);
          any_percent = any_percent || pct;
          all_percent = all_percent && (pct || (v.is_scalar() && v.scalar == "0"));
        }
        const auto wrong_count = period_known ? construction_count_problem(phasing->items.size(), m) : std::nullopt;
        if (wrong_count) {
          Message hint;
          for (const auto& v : phasing->items)
            if (v.is_scalar() && v.scalar.find("\xEF\xBC\x8C") != std::string::npos) hint = msg(messages::Core::read_full_width_comma);
          r.error(*phasing, it.path_of("phasing"), wrong_count->message, wrong_count->expected, hint);
        } else if (any_percent && all_percent) {
          if (const auto s = shares(*phasing, it.path_of("phasing"), count, msg(Io::model_shares))) {
            double sum = 0;
            for (double x : *s) sum += x;
            if (std::abs(sum - 1.0) > 1e-9)
              r.error(*phasing, it.path_of("phasing"), msg(Io::model_shares_not_100, "sum"_a = number_text(sum * 100.0)),
                      msg(Io::model_shares_100_expected));
            else
              item.phasing = *s;
            if (!amount) (void)it.require("amount", amount_in_unit());  // reports the missing amount
            item.amount = amount.value_or(0.0);
          }
        } else if (any_percent) {
          r.error(*phasing, it.path_of("phasing"), msg(Io::model_shares_mixed), msg(Io::model_shares_mixed_expected));
        } else {
          std::vector<double> amounts;
          bool ok = true;
          for (std::size_t k = 0; k < phasing->items.size(); ++k) {
            const auto v = read_number(r, phasing->items[k], fmt::format("{}[{}]", it.path_of("phasing"), k),
                                       number_rule(limits::amount, amount_in_unit()));
            ok = ok && v.has_value();
            amounts.push_back(v.value_or(0.0));
          }
          double sum = 0;
          bool fractions = true;  // every value at most 1: shares written as fractions, [0.3, 0.7]
          for (double x : amounts) {
            sum += x;
            fractions = fractions && x <= 1.0;
          }
          if (ok) {
            if (amount && std::abs(sum - 1.0) < 1e-9 && std::abs(*amount - 1.0) > 1e-9) {
              item.phasing = amounts;  // fractions: [0.3, 0.4, 0.3]
              item.amount = *amount;
            } else if (amount && fractions && *amount > 1.0 && std::abs(sum - *amount) > 1e-6 * std::max(1.0, *amount)) {
              r.error(*phasing, it.path_of("phasing"),
                      msg(Io::model_fractions_not_1, "sum"_a = number_text(sum), "percent"_a = number_text(sum * 100.0)),
                      msg(Io::model_fractions_expected));
            } else if (amount && std::abs(sum - *amount) > 1e-6 * std::max(1.0, *amount)) {
              r.error(*phasing, it.path_of("phasing"),
                      msg(Io::model_amounts_not_amount, "sum"_a = number_text(sum), "amount"_a = number_text(*amount)),
                      msg(Io::model_amounts_expected));
            } else {
              item.amount = sum;
              for (double x : amounts) item.phasing.push_back(sum > 0 ? x / sum : 0.0);
            }
          }
        }
      }
    } else {
      if (m.construction_years == 1 || !period_known) {
        item.phasing = {1.0};
      } else {
        r.error(node->items[i], it.path_of("phasing"), msg(Io::model_phasing_missing),
                msg(Io::model_phasing_missing_expected, "count"_a = count, "example"_a = count == 2 ? "40%, 60%" : "30%, 40%, 30%"));
      }
      if (!amount) (void)it.require("amount", amount_in_unit());  // reports the missing amount
      item.amount = amount.value_or(0.0);
    }
    if (const auto a = it.choice<AssetClass>("asset", {{"fixed", AssetClass::Fixed},
                                                        {"intangible", AssetClass::Intangible},
                                                        {"other", AssetClass::Other},
                                                        {"inventory", AssetClass::Inventory}}))
      item.asset = *a;
    if (const auto land = it.flag("land")) {
      if (*land && item.asset != AssetClass::Inventory)
        r.error(*it.get("land"), it.path_of("land"), msg(Io::model_land_not_inventory), {}, msg(Io::model_land_hint));
      item.land = *land;
    }
    if (const auto life = it.number("life", number_rule(limits::life, msg(Io::model_life))))
      item.life = static_cast<int>(*life);
    if (const auto v = it.rate("input_vat_rate", rate_rule(limits::deductible_vat_rate, msg(Io::model_input_vat_rate_item))))
      item.input_vat_rate = *v;
    it.finish();
    m.investment.push_back(std::move(item));
  }
}

void ModelReader::sustaining(MapReader& top) {
  const Node* node = top.get("sustaining_investment");
  if (!node) return;
  MapReader s(r, *node, "sustaining_investment");
  if (!s.valid()) return;
  SustainingInvestment si;
  if (const Node* a = s.require("amounts", msg(Io::model_sustaining_expected)))
    if (auto v = series(*a, s.path_of("amounts"), operation_scope(amount_in_unit()))) si.amounts = *v;
  si.capitalise = s.flag("capitalise").value_or(false);
  if (const auto life = s.number("life", number_rule(limits::life, msg(Io::model_life))))
    si.life = static_cast<int>(*life);
  s.finish();
  m.sustaining.push_back(std::move(si));
}

void ModelReader::working_capital(MapReader& top) {
  const Node* node = top.get("working_capital");
  if (!node) return;
  MapReader w(r, *node, "working_capital");
  if (!w.valid()) return;
  const Node* amounts = w.get("amounts");
  const auto share = w.rate("share_of_operating_cost", rate_rule(limits::working_capital_share, msg(Io::model_share_of_operating_cost)));
  if (amounts && share)
    r.error(*amounts, w.path_of("amounts"), msg(Io::model_working_capital_both));
  if (amounts) {
    if (auto v = series(*amounts, w.path_of("amounts"), operation_scope(amount_in_unit()))) m.working_capital.increments = *v;
  } else if (share) {
    m.working_capital.share_of_operating_cost = share;
  } else if (w.valid()) {
    r.error(key_of(*node), "working_capital", msg(Io::model_working_capital_neither), msg(Io::model_working_capital_expected));
  }
  w.finish();
}

void ModelReader::revenue(MapReader& top) {
  const Node* node = top.get("revenue");
  if (!node) return;
  if (!node->is_sequence()) {
    revenue_names_complete = false;
    r.error(key_of(*node), "revenue", msg(Io::model_revenue_got, "got"_a = described(*node)), msg(Io::model_revenue_list_expected),
            node->is_map() ? msg(Io::model_each_line_hint) : Message{});
    return;
  }
  NameRegistry names;
  for (std::size_t i = 0; i < node->items.size(); ++i) {
    const std::string path = fmt::format("revenue[{}]", i);
    MapReader it(r, node->items[i], path);
    if (!it.valid()) {
      revenue_names_complete = false;
      continue;
    }
    RevenueLine line;
    if (it.require("name", msg(Io::model_revenue_name))) line.name = it.text("name").value_or("");
    if (line.name.empty()) revenue_names_complete = false;
    names.check(r, it, line.name, Io::model_kind_revenue_line);
    if (const auto k = it.choice<RevenueKind>("kind", {{"operating", RevenueKind::Operating},
                                                        {"sale", RevenueKind::Sale},
                                                        {"land_sale", RevenueKind::LandSale}}))
      line.kind = *k;
    if (line.kind != RevenueKind::Operating) {
      sale_line(it, line);
      it.finish();
      m.revenue.push_back(std::move(line));
      continue;
    }
    const Node* amounts = it.get("amounts");
    const Node* volume = it.get("volume");
    const Node* price = it.get("price");
    const Node* ramp = it.get("ramp_up");
    line.volume_unit = it.text("volume_unit").value_or("");
    line.volume_name = it.text("volume_name").value_or("");
    if (volume) volume_lines.push_back(line.name);
    if (amounts && (volume || price)) {
      const char* other = volume ? "volume" : "price";
      r.error(*it.key_node(other), it.path_of(other), msg(Io::model_given_as_well, "second"_a = other, "first"_a = "amounts"), {},
              msg(Io::model_amounts_or_volume_hint));
    }
    if (amounts) {
      line.amounts = series(*amounts, it.path_of("amounts"), operation_scope(amount_in_unit()));
      if (line.amounts && line.amounts->form == Series::Form::List &&
          static_cast<int>(line.amounts->values.size()) < m.operation_years)
        r.warning(*amounts, it.path_of("amounts"),
                  msg(Io::model_revenue_short, "count"_a = line.amounts->values.size(), "years"_a = m.operation_years),
                  msg(Io::model_revenue_short_hint));
    } else if (volume || price) {
      if (!volume)
        r.error(*it.key_node("price"), it.path_of("volume"), msg(Io::model_volume_missing), msg(Io::model_volume_expected),
                msg(Io::model_volume_price_hint));
      if (!price)
        r.error(*it.key_node("volume"), it.path_of("price"), msg(Io::model_price_missing),
                msg(Io::model_price_expected, "unit"_a = m.unit), msg(Io::model_volume_price_hint));
      // Neither is an amount in the model's unit: a money word in them is told so.
      SeriesScope of_volume = operation_scope(msg(Io::model_volume)), of_price = operation_scope(msg(Io::model_price));
      of_volume.unit_hint = msg(Io::read_money_word_volume, "unit"_a = m.unit);
      of_price.unit_hint = msg(Io::read_money_word_price, "unit"_a = m.unit);
      if (volume) line.volume = series(*volume, it.path_of("volume"), of_volume);
      if (price) line.price = series(*price, it.path_of("price"), of_price);
      if (ramp) {
        if (auto s = shares(*ramp, it.path_of("ramp_up"), 0, msg(Io::model_capacity_shares))) {
          if (auto p = ramp_up_problem(s->size(), m.operation_years))
            r.error(*ramp, it.path_of("ramp_up"), p->message, p->expected);
          else
            line.ramp_up = *s;
        }
      }
    } else {
      r.error(node->items[i], path, msg(Io::model_revenue_no_basis), msg(Io::model_revenue_basis_expected));
    }
    if (ramp && !volume && !price)
      r.error(*it.key_node("ramp_up"), it.path_of("ramp_up"), msg(Io::model_ramp_up_without_volume), {}, msg(Io::model_ramp_up_hint));
    it.finish();
    m.revenue.push_back(std::move(line));
  }
}

void ModelReader::subsidies(MapReader& top) {
  const Node* node = top.get("subsidies");
  if (!node) return;
  if (!node->is_sequence()) {
    r.error(key_of(*node), "subsidies", msg(Io::model_subsidies_got, "got"_a = described(*node)), msg(Io::model_lines_expected),
            node->is_map() ? msg(Io::model_each_line_hint) : Message{});
    return;
  }
  NameRegistry names;
  for (std::size_t i = 0; i < node->items.size(); ++i) {
    MapReader it(r, node->items[i], fmt::format("subsidies[{}]", i));
    if (!it.valid()) continue;
    SubsidyLine s;
    if (it.require("name", msg(Io::model_subsidy_name))) s.name = it.text("name").value_or("");
    names.check(r, it, s.name, Io::model_kind_subsidy);
    if (const Node* a = it.require("amounts", msg(Io::model_amounts_by_year)))
      if (auto v = series(*a, it.path_of("amounts"), operation_scope(amount_in_unit()))) s.amounts = *v;
    s.taxable = it.flag("taxable").value_or(true);
    it.finish();
    m.subsidies.push_back(std::move(s));
  }
}

void ModelReader::operating_costs(MapReader& top) {
  const Node* node = top.get("operating_costs");
  if (!node) return;
  if (!node->is_sequence()) {
    r.error(key_of(*node), "operating_costs", msg(Io::model_costs_got, "got"_a = described(*node)), msg(Io::model_lines_expected),
            node->is_map() ? msg(Io::model_each_line_hint) : Message{});
    return;
  }
  NameRegistry names;
  for (std::size_t i = 0; i < node->items.size(); ++i) {
    const std::string path = fmt::format("operating_costs[{}]", i);
    MapReader it(r, node->items[i], path);
    if (!it.valid()) continue;
    OperatingCostLine c;
    if (it.require("name", msg(Io::model_cost_name))) c.name = it.text("name").value_or("");
    names.check(r, it, c.name, Io::model_kind_cost_line);
    const Node* amounts = it.get("amounts");
    const Node* per_unit = it.get("per_unit");
    const Node* share = it.get("share_of_revenue");
    const int given = (amounts ? 1 : 0) + (per_unit ? 1 : 0) + (share ? 1 : 0);
    const Message bases_expected = msg(Io::model_cost_bases_expected);
    if (given == 0) {
      r.error(node->items[i], path, msg(Io::model_cost_no_basis), bases_expected);
    } else if (given > 1) {
      // Point at the second basis given: the first one reads as intended.
      const char* first = amounts ? "amounts" : "per_unit";
      const char* second = amounts ? (per_unit ? "per_unit" : "share_of_revenue") : "share_of_revenue";
      const Node* k1 = it.key_node(first);
      const Node* k2 = it.key_node(second);
      if (k2 && k1 && (k2->mark.line < k1->mark.line || (k2->mark.line == k1->mark.line && k2->mark.column < k1->mark.column)))
        std::swap(k1, k2), std::swap(first, second);
      r.error(*k2, it.path_of(second), msg(Io::model_given_as_well, "second"_a = second, "first"_a = first), bases_expected,
              msg(Io::model_cost_one_basis_hint));
    }
    if (amounts) {
      c.basis = OperatingCostLine::Basis::Fixed;
      if (auto v = series(*amounts, it.path_of("amounts"), operation_scope(amount_in_unit()))) c.amounts = *v;
    } else if (per_unit) {
      c.basis = OperatingCostLine::Basis::PerUnit;
      SeriesScope of_unit = operation_scope(msg(Io::model_cost_per_unit));
      of_unit.unit_hint = msg(Io::read_money_word_per_unit, "unit"_a = m.unit);
      if (auto v = series(*per_unit, it.path_of("per_unit"), of_unit)) c.amounts = *v;
      if (it.require("of", msg(Io::model_cost_of_expected)))
        c.of = it.text("of").value_or("");
    } else if (share) {
      c.basis = OperatingCostLine::Basis::ShareOfRevenue;
      c.share = read_rate(r, *share, it.path_of("share_of_revenue"), rate_rule(limits::share, msg(Io::model_share_of_revenue)))
                    .value_or(0.0);
      c.of = it.text("of").value_or("");
    }
    if (!per_unit && !share && it.get("of"))
      r.error(*it.key_node("of"), it.path_of("of"), msg(Io::model_of_without_basis), {}, msg(Io::model_of_without_basis_hint));
    cost_of_nodes.push_back(per_unit || share ? it.get("of") : nullptr);
    it.finish();
    m.operating_costs.push_back(std::move(c));
  }
}

void ModelReader::taxes(MapReader& top) {
  const Node* node = top.get("taxes");
  if (!node) return;
  MapReader t(r, *node, "taxes");
  if (!t.valid()) return;
  m.income_tax_rate = t.rate("income_tax_rate", rate_rule(limits::tax_rate, msg(Io::model_income_tax_rate))).value_or(m.income_tax_rate);
  m.taxes.vat_rate = t.rate("vat_rate", rate_rule(limits::tax_rate, msg(Io::model_vat_rate))).value_or(0.0);
  m.taxes.input_vat_rate = t.rate("input_vat_rate", rate_rule(limits::tax_rate, msg(Io::model_input_vat_rate))).value_or(0.0);
  m.taxes.rate = t.rate("surcharge_rate", rate_rule(limits::tax_rate, msg(Io::model_surcharge_rate))).value_or(0.0);
  m.taxes.base = m.taxes.vat_rate > 0 ? TaxesAndSurcharges::Base::Vat : TaxesAndSurcharges::Base::Revenue;
  if (const auto b = t.choice<TaxesAndSurcharges::Base>("surcharge_base", {{"vat", TaxesAndSurcharges::Base::Vat},
                                                                            {"revenue", TaxesAndSurcharges::Base::Revenue}}))
    m.taxes.base = *b;
  if (const auto b = t.choice<TaxesAndSurcharges::AdjustedTaxBase>(
          "adjusted_tax_base", {{"financing_neutral", TaxesAndSurcharges::AdjustedTaxBase::FinancingNeutral},
                                {"profit_statement", TaxesAndSurcharges::AdjustedTaxBase::ProfitStatement}}))
    m.taxes.adjusted_tax_base = *b;
  sale_taxes(t);
  if (auto p = surcharge_base_problem(m.taxes)) {
    const Node* at = t.get("surcharge_base") ? t.get("surcharge_base") : t.key_node("surcharge_rate");
    r.error(at ? *at : *node, "taxes.vat_rate", p->message, p->expected, p->hint);
  }
  t.finish();
}

void ModelReader::depreciation(MapReader& top) {
  if (const Node* node = top.get("depreciation")) {
    MapReader d(r, *node, "depreciation");
    const NumberRule life = number_rule(limits::life, msg(Io::model_life));
    if (const auto v = d.number("life", life)) m.depreciation.life = static_cast<int>(*v);
    if (const auto v = d.rate("salvage", rate_rule(limits::share, msg(Io::model_salvage_share)))) m.depreciation.salvage = *v;
    if (const auto v = d.number("intangible_life", life)) m.depreciation.intangible_life = static_cast<int>(*v);
    if (const auto v = d.number("other_life", life)) m.depreciation.other_life = static_cast<int>(*v);
    d.finish();
  }
  if (const Node* rv = top.get("residual_value")) {
    if (rv->is_scalar() && rv->scalar == "book") return;
    if (const auto v = read_number(r, *rv, "residual_value", number_rule(limits::amount, msg(Io::model_residual_value, "unit"_a = m.unit))))
      m.residual_value = *v;
  }
}

void ModelReader::cross_checks() {
  // Run even when other sections had errors (so that every problem is reported in one pass),
  // but not when the revenue lines themselves could not all be read: a reference to a line
  // whose name was lost is not the reference's fault.
  if (!revenue_names_complete) return;
  for (std::size_t i = 0; i < m.operating_costs.size() && i < cost_of_nodes.size(); ++i) {
    const auto& c = m.operating_costs[i];
    if (c.of.empty() || cost_of_nodes[i] == nullptr) continue;
    const RevenueLine* line = nullptr;
    for (const auto& l : m.revenue)
      if (l.name == c.of) line = &l;
    const std::string path = fmt::format("operating_costs[{}].of", i);
    std::vector<std::string> names;
    for (const auto& l : m.revenue) names.push_back(l.name);
    const Node& at = *cost_of_nodes.at(i);
    if (!line) {
      const auto hint = closest_match(c.of, names);
      r.error(at, path, msg(Io::model_no_such_revenue_line, "name"_a = c.of), {},
              hint            ? msg(Io::read_did_you_mean, "word"_a = *hint)
              : names.empty() ? msg(Io::model_no_revenue_lines)
                              : msg(Io::model_revenue_lines_are, "names"_a = choices(names)));
    } else if (c.basis == OperatingCostLine::Basis::PerUnit && !line->volume &&
               std::find(volume_lines.begin(), volume_lines.end(), c.of) == volume_lines.end()) {
      r.error(at, path, msg(Io::model_line_without_volume, "name"_a = c.of), {}, msg(Io::model_line_without_volume_hint));
    }
  }
}

}  // namespace detail

namespace {

// Sections are read in a fixed order (project first, because the others depend on its years),
// but a planner reads the messages against the file: sort them by line and column, keeping
// problems of the whole file (line 0) first.
Diagnostics in_file_order(const Diagnostics& ds) {
  std::vector<Diagnostic> items = ds.items();
  auto key = [](const Diagnostic& d) {
    return d.location ? std::pair{d.location->line, d.location->column} : std::pair{0, 0};
  };
  std::stable_sort(items.begin(), items.end(), [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  Diagnostics out;
  for (auto& d : items) out.add(std::move(d));
  return out;
}

}  // namespace

LoadedModel load_model_from_document(const Document& doc) {
  LoadedModel out;
  ProjectModel m;
  m.source = doc.path;
  Reader r(doc, out.diagnostics);
  auto places = std::make_shared<SourceMap>();
  r.record_places(places.get());
  if (refuse_other_kind(r)) return out;
  MapReader top(r, doc.root, "");
  if (!top.valid()) return out;
  detail::ModelReader mr{r, m};
  mr.project(top);
  mr.taxes(top);
  mr.investment(top);
  mr.existing_assets(top);
  mr.sunk_costs(top);
  mr.sustaining(top);
  mr.working_capital(top);
  mr.revenue(top);
  mr.subsidies(top);
  mr.operating_costs(top);
  mr.depreciation(top);
  mr.financing(top);
  mr.targets(top);
  mr.economic(top);
  mr.effects(top);
  mr.fiscal(top);
  mr.ppp(top);
  mr.without(top);
  top.finish();
  mr.cross_checks();
  // The loader checks every rule of project/validation.hpp where it reads the values, so this
  // finds nothing; were a rule ever missed there, the model is still refused rather than
  // handed on invalid (at the file, for want of the key's place).
  if (!out.diagnostics.has_errors())
    for (const auto& v : validate(m)) r.error(v.path, v.problem.message, v.problem.hint);
  if (!out.diagnostics.has_errors()) {
    m.places = std::move(places);
    out.model = std::move(m);
  }
  out.diagnostics = in_file_order(out.diagnostics);
  return out;
}

LoadedModel load_model_from_string(std::string_view text, const std::string& name) {
  auto parsed = parse_yaml_text(text, name);
  if (!parsed.document) return {std::nullopt, parsed.diagnostics, parsed.io_error};
  auto out = load_model_from_document(*parsed.document);
  return out;
}

LoadedModel load_model(const std::string& path) {
  auto parsed = parse_yaml_file(path);
  if (!parsed.document) return {std::nullopt, parsed.diagnostics, parsed.io_error};
  return load_model_from_document(*parsed.document);
}

}  // namespace appraise::io
