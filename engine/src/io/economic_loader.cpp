// Reading the public view of a project model (economic/inputs.hpp): the `economic:`,
// `effects:`, `fiscal:` and `ppp:` sections. Read after the other sections, so the lines they
// refer to by name (investment items, revenue lines, operating cost lines) are known.
// docs/model-format.md documents every key.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "appraise/economic/prices.hpp"
#include "appraise/messages/cli.hpp"
#include "appraise/core/text.hpp"
#include "appraise/messages/io.hpp"
#include "data_words.hpp"
#include "model_reader.hpp"

namespace appraise::io::detail {
namespace {

using namespace appraise::literals;
using messages::Io;

std::string number_text(double v) { return fmt::format("{:.10g}", v); }

// A conversion factor, read as written (0.9) or as a percentage (90%, as the model's other
// factors may be): a bare number above 10 is a percentage without its sign (RateRule::bare_max:
// `90` was taken as 90 times the market price), and a factor must be above 0.
std::optional<double> read_factor(Reader& r, const Node& n, const std::string& field) {
  const auto v = read_rate(r, n, field, {.min = -limits::conversion_factor.max, .max = limits::conversion_factor.max,
                                         .kind = Proportion::Factor, .what = msg(Io::economic_factor_word),
                                         .example = msg(Io::economic_factor_word), .bare_max = kBareFactorMax});
  if (v && !(*v > limits::conversion_factor.min)) {
    r.error(n, field, msg(Io::read_not_above, "value"_a = shorten(n.scalar), "min"_a = number_text(limits::conversion_factor.min)),
            msg(Io::economic_factor_word));
    return std::nullopt;
  }
  return v;
}

// The components every model knows (economic.md §1): traded goods at the shadow exchange-rate
// factor, skilled labour at 1, unskilled labour at 0.5, domestic (non-traded) goods at 1.
std::vector<NamedFactor> built_in_factors() {
  return {{"imported", economic::kShadowExchangeRateFactor, true, true},
          {"exported", economic::kShadowExchangeRateFactor, true, true},
          {"traded", economic::kShadowExchangeRateFactor, true, true},
          {"skilled_labour", economic::kSkilledWageFactor, true, false},
          {"unskilled_labour", economic::kUnskilledWageFactor, true, false},
          {"domestic", 1.0, true, false}};
}

std::vector<std::string> factor_names(const EconomicAnalysis& e) {
  std::vector<std::string> names;
  for (const auto& f : e.factors) names.push_back(f.name);
  return names;
}

}  // namespace

// `conversion_factor: 0.9` or `components: {imported: 30%, unskilled_labour: 20%, domestic: 50%}`
// in the mapping `it`; false when neither is given (the caller decides whether that is fine).
bool ModelReader::conversion(MapReader& it, const EconomicAnalysis& e, Conversion& out) {
  const Node* factor = it.get("conversion_factor");
  const Node* components = it.get("components");
  if (factor && components)
    r.error(*it.key_node("components"), it.path_of("components"),
            msg(Io::economic_given_as_well, "key"_a = "components", "other"_a = "conversion_factor"), {},
            msg(Io::economic_factor_or_components));
  if (factor) {
    if (const auto v = read_factor(r, *factor, it.path_of("conversion_factor"))) out.factor = *v;
    return true;
  }
  if (!components) return false;
  const std::string path = it.path_of("components");
  MapReader c(r, *components, path);
  if (!c.valid()) return true;
  double sum = 0;
  bool ok = true;
  for (const auto& [key, value] : components->entries) {
    if (!key.is_scalar()) continue;
    const auto share = c.rate(key.scalar, rate_rule(limits::share, msg(Io::model_share)));
    std::size_t index = e.factors.size();
    for (std::size_t k = 0; k < e.factors.size(); ++k)
      if (e.factors[k].name == key.scalar) index = k;
    if (index == e.factors.size()) {
      const auto names = factor_names(e);
      const auto near = closest_word(key.scalar, names);
      r.error(key, c.path_of(key.scalar), msg(Io::economic_unknown_component, "name"_a = key.scalar),
              msg(Io::economic_component_expected, "choices"_a = choices(names)),
              near ? msg(messages::Cli::did_you_mean, "word"_a = *near) : msg(Io::economic_declare_component));
      ok = false;
      continue;
    }
    if (!share) {
      ok = false;
      continue;
    }
    sum += *share;
    out.components.push_back({index, *share});
  }
  c.finish();
  if (ok && std::abs(sum - 1.0) > 1e-9) {
    r.error(key_of(*components), path, msg(Io::economic_shares_sum, "sum"_a = number_text(sum * 100)),
            msg(Io::economic_shares_expected));
    out.components.clear();
  }
  return true;
}

void ModelReader::economic(MapReader& top) {
  const Node* node = top.get("economic");
  if (!node) return;
  MapReader e(r, *node, "economic");
  if (!e.valid()) return;
  EconomicAnalysis ea;
  ea.discount_rate = e.rate("discount_rate", rate_rule(limits::discount_rate, msg(Io::economic_social_discount_rate)))
                         .value_or(economic::kSocialDiscountRate);
  if (const Node* serf = e.get("shadow_exchange_rate_factor"))
    ea.shadow_exchange_rate_factor = read_factor(r, *serf, e.path_of("shadow_exchange_rate_factor")).value_or(economic::kShadowExchangeRateFactor);

  ea.factors = built_in_factors();
  if (const Node* fnode = e.get("factors")) {
    MapReader f(r, *fnode, "economic.factors");
    if (f.valid()) {
      for (const auto& [key, value] : fnode->entries) {
        if (!key.is_scalar()) continue;
        // A factor whose value is wrong is still declared, so its components are not reported
        // as unknown as well.
        const Node* given = f.get(key.scalar);
        const double v = (given ? read_factor(r, *given, f.path_of(key.scalar)) : std::nullopt).value_or(1.0);
        const std::string& name = key.scalar;  // clang 14 cannot capture a structured binding
        auto known = std::find_if(ea.factors.begin(), ea.factors.end(), [&](const NamedFactor& x) { return x.name == name; });
        if (known != ea.factors.end()) {
          known->value = v;
          known->follows_serf = false;
        } else {
          ea.factors.push_back({key.scalar, v, false, false});
        }
      }
      f.finish();
    }
  }

  // The lines of the model a list refers to by name; every line not listed keeps the defaults.
  auto by_name = [&](const char* section, const std::vector<std::string>& names, bool names_complete, auto read_one) {
    const Node* list = e.get(section);
    if (!list) return;
    const std::string path = fmt::format("economic.{}", section);
    if (!list->is_sequence()) {
      r.error(key_of(*list), path, msg(Io::data_expected_list, "got"_a = got(*list)), msg(Io::economic_lines_expected),
              list->is_map() ? msg(Io::economic_line_per_item) : Message());
      return;
    }
    std::vector<bool> seen(names.size(), false);
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      MapReader it(r, list->items[i], fmt::format("{}[{}]", path, i));
      if (!it.valid()) continue;
      const Node* name_node = it.require("name", msg(Io::economic_line_name_in, "section"_a = section));
      const auto name = name_node ? read_text(r, *name_node, it.path_of("name")) : std::nullopt;
      std::size_t index = names.size();
      if (name)
        for (std::size_t k = 0; k < names.size(); ++k)
          if (names[k] == *name) index = k;
      if (name && index == names.size() && names_complete) {
        const auto near = closest_match(*name, names);
        r.error(*name_node, it.path_of("name"), msg(Io::economic_no_line_named, "section"_a = section, "name"_a = *name), {},
                near ? msg(messages::Cli::did_you_mean, "word"_a = *near)
                     : names.empty() ? msg(Io::economic_no_lines, "section"_a = section)
                                     : msg(Io::economic_lines_are, "choices"_a = choices(names)));
      } else if (index < names.size() && seen[index]) {
        r.error(*name_node, it.path_of("name"), msg(Io::economic_converted_twice, "name"_a = *name), {},
                msg(Io::economic_convert_once));
        index = names.size();
      }
      if (index < names.size()) seen[index] = true;
      read_one(it, index < names.size() ? std::optional<std::size_t>(index) : std::nullopt);
      it.finish();
    }
  };

  std::vector<std::string> revenue_names, item_names, cost_names;
  for (const auto& l : m.revenue) revenue_names.push_back(l.name);
  for (const auto& i : m.investment) item_names.push_back(i.name);
  for (const auto& c : m.operating_costs) cost_names.push_back(c.name);
  const Node* investment_node = top.node().find("investment");
  const bool items_complete = investment_node && investment_node->is_sequence() && investment_node->items.size() == m.investment.size();
  const Node* cost_node = top.node().find("operating_costs");
  const bool costs_complete = !cost_node || (cost_node->is_sequence() && cost_node->items.size() == m.operating_costs.size());

  ea.revenue.resize(m.revenue.size());
  by_name("revenue", revenue_names, revenue_names_complete, [&](MapReader& it, std::optional<std::size_t> k) {
    DirectBenefit d;
    const Node* wtp = it.get("willingness_to_pay");
    d.transfer = it.flag("transfer").value_or(false);
    const bool converted = conversion(it, ea, d.conversion) || d.transfer;
    if (wtp && converted)
      r.error(*it.key_node("willingness_to_pay"), it.path_of("willingness_to_pay"),
              msg(Io::economic_wtp_and_conversion), {}, msg(Io::economic_wtp_replaces));
    if (wtp) d.willingness_to_pay = series(*wtp, it.path_of("willingness_to_pay"), operation_scope(amount_in_unit()));
    if (!wtp && !converted)
      r.error(it.node(), it.path(), msg(Io::economic_revenue_untreated), msg(Io::economic_revenue_expected));
    if (k) ea.revenue[*k] = std::move(d);
  });

  ea.investment.resize(m.investment.size());
  by_name("investment", item_names, items_complete, [&](MapReader& it, std::optional<std::size_t> k) {
    InvestmentConversion c;
    const char* forms[] = {"conversion_factor", "components", "price_contingency", "land", "imported", "amount"};
    std::vector<const char*> given;
    for (const char* f : forms)
      if (it.has(f)) given.push_back(f);
    const Message expected = msg(Io::economic_item_expected);
    if (given.empty()) r.error(it.node(), it.path(), msg(Io::economic_item_untreated), expected);
    if (given.size() > 1)
      r.error(*it.key_node(given[1]), it.path_of(given[1]), msg(Io::economic_given_as_well, "key"_a = given[1], "other"_a = given[0]),
              expected, msg(Io::economic_one_treatment));
    if (conversion(it, ea, c.conversion)) c.kind = InvestmentConversion::Kind::Convert;
    if (const auto pc = it.flag("price_contingency")) {
      if (*pc) c.kind = InvestmentConversion::Kind::PriceContingency;
    }
    if (const auto a = it.number("amount", number_rule(limits::amount, amount_in_unit()))) {
      c.kind = InvestmentConversion::Kind::Amount;
      c.amount = *a;
    }
    if (const Node* land = it.get("land")) {
      c.kind = InvestmentConversion::Kind::Land;
      MapReader l(r, *land, it.path_of("land"));
      if (l.valid()) {
        LandShadowPrice& lp = c.land;
        lp.new_resource_cost = l.number("new_resource_cost", number_rule(limits::amount, amount_in_unit())).value_or(0.0);
        if (l.has("opportunity_cost")) {
          lp.opportunity_cost = l.number("opportunity_cost", number_rule(limits::amount, amount_in_unit()));
          for (const char* k2 : {"area", "net_benefit", "growth", "base_year", "years"})
            if (l.has(k2))
              r.error(*l.key_node(k2), l.path_of(k2), msg(Io::economic_given_as_well, "key"_a = k2, "other"_a = "opportunity_cost"), {},
                      msg(Io::economic_land_amount_or_formula));
        } else {
          const auto area = l.require("area", msg(Io::economic_land_area_expected))
                                ? l.number("area", number_rule(limits::land_area, msg(Io::economic_an_area)))
                                : std::nullopt;
          const auto nb = l.require("net_benefit", msg(Io::economic_net_benefit_expected))
                              ? l.number("net_benefit", number_rule(limits::amount, msg(Io::economic_amount_per_mu, "unit"_a = m.unit)))
                              : std::nullopt;
          const auto g = l.rate("growth", rate_rule(limits::land_growth, msg(Io::economic_land_growth)));
          std::optional<int> base;
          if (const Node* b = l.require("base_year", msg(Io::economic_base_year_required))) {
            const auto y = read_number(r, *b, l.path_of("base_year"),
                                       number_rule(limits::calendar_year, msg(Io::data_a_year_such_as, "year"_a = 2025), false));
            if (y && period_known && *y > m.first_year)
              r.error(*b, l.path_of("base_year"), msg(Io::economic_base_year_after, "year"_a = *y, "first"_a = m.first_year),
                      msg(Io::economic_base_year_expected, "first"_a = m.first_year), msg(Io::economic_base_year_hint));
            else if (y)
              base = static_cast<int>(*y);
          }
          const auto years = l.number("years", number_rule(limits::land_years, msg(Io::data_a_number_of_years)));
          lp.area = area.value_or(0.0);
          lp.net_benefit = nb.value_or(0.0);
          lp.growth = g.value_or(0.0);
          lp.base_year = base.value_or(m.first_year);
          if (years) lp.years = static_cast<int>(*years);
          if (std::abs(lp.growth - ea.discount_rate) < 1e-12) {
            const Node* at = l.get("growth") ? l.get("growth") : land;
            r.error(*at, l.path_of("growth"), msg(Io::economic_land_growth_is_rate, "growth"_a = number_text(lp.growth * 100)),
                    msg(Io::economic_land_growth_expected), msg(Io::economic_land_growth_hint));
          }
        }
        l.finish();
      }
    }
    if (const Node* imp = it.get("imported")) {
      c.kind = InvestmentConversion::Kind::Imported;
      MapReader g(r, *imp, it.path_of("imported"));
      if (g.valid()) {
        c.imported.cif = g.require("cif", msg(Io::economic_cif_expected))
                             ? g.number("cif", number_rule(limits::amount, msg(Io::economic_a_cif))).value_or(0.0)
                             : 0.0;
        c.imported.exchange_rate = g.require("exchange_rate", msg(Io::economic_exchange_rate_expected))
                                       ? g.number("exchange_rate", number_rule(limits::exchange_rate, msg(Io::economic_an_exchange_rate)))
                                             .value_or(0.0)
                                       : 0.0;
        c.imported.domestic_costs = g.number("domestic_costs", number_rule(limits::amount, amount_in_unit())).value_or(0.0);
        g.finish();
      }
    }
    if (k) ea.investment[*k] = std::move(c);
  });

  ea.operating_costs.resize(m.operating_costs.size());
  by_name("operating_costs", cost_names, costs_complete, [&](MapReader& it, std::optional<std::size_t> k) {
    Conversion c;
    if (!conversion(it, ea, c))
      r.error(it.node(), it.path(), msg(Io::economic_cost_untreated), msg(Io::economic_cost_expected));
    if (k) ea.operating_costs[*k] = std::move(c);
  });

  if (const Node* s = e.get("sustaining_investment")) {
    MapReader it(r, *s, "economic.sustaining_investment");
    if (it.valid()) {
      if (!conversion(it, ea, ea.sustaining))
        r.error(key_of(*s), "economic.sustaining_investment", msg(Io::economic_sustaining_untreated),
                msg(Io::economic_sustaining_expected));
      it.finish();
    }
  }
  ea.working_capital_share = e.rate("working_capital_share", rate_rule(limits::share, msg(Io::economic_working_capital_share)))
                                 .value_or(1.0);
  if (const Node* rv = e.get("residual_value")) {
    if (!(rv->is_scalar() && rv->scalar == "converted"))
      ea.residual_value = read_number(r, *rv, "economic.residual_value",
                                      number_rule(limits::amount, msg(Io::economic_residual_value, "unit"_a = m.unit)));
  }
  if (const auto side = e.choice<ResidualSide>("residual_value_side", {{"benefit", ResidualSide::Benefit}, {"cost", ResidualSide::Cost}}))
    ea.residual_side = *side;

  // External benefits and costs: quantity × unit value, or amounts; any sign.
  auto external = [&](const char* section, std::vector<ExternalLine>& out) {
    const Node* list = e.get(section);
    if (!list) return;
    const std::string path = fmt::format("economic.{}", section);
    if (!list->is_sequence()) {
      r.error(key_of(*list), path, msg(Io::data_expected_list, "got"_a = got(*list)), msg(Io::economic_external_expected),
              list->is_map() ? msg(Io::economic_line_per_item) : Message());
      return;
    }
    std::vector<std::string> names;
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      MapReader it(r, list->items[i], fmt::format("{}[{}]", path, i));
      if (!it.valid()) continue;
      ExternalLine line;
      if (it.require("name", msg(Io::economic_line_name_expected))) line.name = it.text("name").value_or("");
      if (!line.name.empty()) {
        if (std::find(names.begin(), names.end(), line.name) != names.end())
          r.error(*it.get("name"), it.path_of("name"), msg(Io::economic_second_line, "name"_a = line.name), {},
                  msg(Io::data_unique_names));
        names.push_back(line.name);
      }
      (void)it.text("unit");
      const Node* amounts = it.get("amounts");
      const Node* quantity = it.get("quantity");
      const Node* unit_value = it.get("unit_value");
      SeriesScope scope = operation_scope(amount_in_unit());
      scope.allow_negative = true;
      if (amounts && (quantity || unit_value)) {
        const char* other = quantity ? "quantity" : "unit_value";
        r.error(*it.key_node(other), it.path_of(other), msg(Io::economic_given_as_well, "key"_a = other, "other"_a = "amounts"), {},
                msg(Io::economic_amounts_or_quantity));
      } else if (amounts) {
        line.amounts = series(*amounts, it.path_of("amounts"), scope);
      } else if (quantity || unit_value) {
        if (!quantity)
          r.error(*it.key_node("unit_value"), it.path_of("quantity"), msg(Io::economic_quantity_missing),
                  msg(Io::economic_quantity_expected));
        if (!unit_value)
          r.error(*it.key_node("quantity"), it.path_of("unit_value"), msg(Io::economic_unit_value_missing),
                  msg(Io::economic_unit_value_expected, "unit"_a = m.unit));
        SeriesScope qs = operation_scope(msg(Io::economic_a_quantity));
        qs.allow_negative = true;
        SeriesScope vs = operation_scope(msg(Io::economic_a_unit_value));
        vs.allow_negative = true;
        if (quantity) line.quantity = series(*quantity, it.path_of("quantity"), qs);
        if (unit_value) line.unit_value = series(*unit_value, it.path_of("unit_value"), vs);
      } else {
        r.error(list->items[i], it.path(), msg(Io::economic_external_empty), msg(Io::economic_external_forms));
      }
      it.finish();
      out.push_back(std::move(line));
    }
  };
  external("benefits", ea.benefits);
  external("costs", ea.costs);
  e.finish();
  m.economic = std::move(ea);
}

void ModelReader::effects(MapReader& top) {
  const Node* node = top.get("effects");
  if (!node) return;
  if (!node->is_sequence()) {
    r.error(key_of(*node), "effects", msg(Io::economic_expected_effects, "got"_a = got(*node)), msg(Io::economic_effects_expected),
            node->is_map() ? msg(Io::economic_effect_per_item) : Message());
    return;
  }
  std::vector<std::string> names;
  for (std::size_t i = 0; i < node->items.size(); ++i) {
    MapReader it(r, node->items[i], fmt::format("effects[{}]", i));
    if (!it.valid()) continue;
    Effect e;
    if (it.require("name", msg(Io::economic_effect_name_expected))) e.name = it.text("name").value_or("");
    if (!e.name.empty()) {
      if (std::find(names.begin(), names.end(), e.name) != names.end())
        r.error(*it.get("name"), it.path_of("name"), msg(Io::economic_second_effect, "name"_a = e.name), {},
                msg(Io::data_unique_names));
      names.push_back(e.name);
    }
    if (it.require("unit", msg(Io::economic_effect_unit_expected))) e.unit = it.text("unit").value_or("");
    if (const Node* a = it.require("amounts", msg(Io::economic_effect_amounts_expected)))
      if (auto v = series(*a, it.path_of("amounts"), operation_scope(msg(Io::economic_an_effect_amount)))) e.amounts = *v;
    it.finish();
    m.effects.push_back(std::move(e));
  }
}

void ModelReader::fiscal(MapReader& top) {
  const Node* node = top.get("fiscal");
  if (!node) return;
  MapReader f(r, *node, "fiscal");
  if (!f.valid()) return;
  Fiscal fs;
  fs.discount_rate = f.rate("discount_rate", rate_rule(limits::discount_rate, msg(Io::data_a_discount_rate)));
  fs.government_equity_share =
      f.rate("government_equity_share", rate_rule(limits::share, msg(Io::economic_equity_share))).value_or(1.0);
  // `tax_share` sets every tax's share; a share named for one tax overrides it for that tax.
  if (const auto all = f.rate("tax_share", rate_rule(limits::share, msg(Io::economic_tax_share))))
    fs.vat_share = fs.income_tax_share = fs.local_tax_share = *all;
  if (const auto v = f.rate("vat_share", rate_rule(limits::share, msg(Io::economic_tax_share)))) fs.vat_share = *v;
  if (const auto v = f.rate("income_tax_share", rate_rule(limits::share, msg(Io::economic_tax_share)))) fs.income_tax_share = *v;
  if (const auto v = f.rate("local_tax_share", rate_rule(limits::share, msg(Io::economic_tax_share)))) fs.local_tax_share = *v;
  if (const Node* list = f.get("other_outlays")) {
    if (!list->is_sequence()) {
      r.error(key_of(*list), "fiscal.other_outlays", msg(Io::data_expected_list, "got"_a = got(*list)),
              msg(Io::economic_outlays_expected), list->is_map() ? msg(Io::economic_line_per_item) : Message());
    } else {
      std::vector<std::string> names;
      for (std::size_t i = 0; i < list->items.size(); ++i) {
        MapReader it(r, list->items[i], fmt::format("fiscal.other_outlays[{}]", i));
        if (!it.valid()) continue;
        FiscalLine line;
        if (it.require("name", msg(Io::economic_outlay_name_expected))) line.name = it.text("name").value_or("");
        if (!line.name.empty()) {
          if (std::find(names.begin(), names.end(), line.name) != names.end())
            r.error(*it.get("name"), it.path_of("name"), msg(Io::economic_second_outlay, "name"_a = line.name), {},
                    msg(Io::data_unique_names));
          names.push_back(line.name);
        }
        if (const Node* a = it.require("amounts", msg(Io::economic_outlay_amounts_expected)))
          if (auto v = series(*a, it.path_of("amounts"), period_scope(amount_in_unit()))) line.amounts = *v;
        it.finish();
        fs.other_outlays.push_back(std::move(line));
      }
    }
  }
  f.finish();
  m.fiscal = std::move(fs);
}

void ModelReader::ppp(MapReader& top) {
  const Node* node = top.get("ppp");
  if (!node) return;
  MapReader p(r, *node, "ppp");
  if (!p.valid()) return;
  Ppp pp;
  const NumberRule amount = number_rule(limits::amount, amount_in_unit());
  pp.initial_psc = p.number("initial_psc", number_rule(limits::signed_amount, amount_in_unit()));
  pp.competitive_neutrality = p.number("competitive_neutrality", number_rule(limits::signed_amount, amount_in_unit())).value_or(0.0);
  pp.transferable_risk = p.number("transferable_risk", amount).value_or(0.0);
  pp.retained_risk = p.number("retained_risk", amount).value_or(0.0);
  p.finish();
  m.ppp = pp;
}

}  // namespace appraise::io::detail
