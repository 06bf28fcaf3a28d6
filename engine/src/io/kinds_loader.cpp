// Reading the parts of a project model that describe its kind (issue 12): sale and land-sale
// revenue lines, and the taxes on sales (VAT method, 土地增值税).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>

#include "appraise/io/model_loader.hpp"
#include "model_reader.hpp"

namespace appraise::io::detail {

using messages::Io;
using namespace literals;

void ModelReader::sale_line(MapReader& it, RevenueLine& line) {
  const Message what = msg(line.kind == RevenueKind::Sale ? Io::kind_sale_area : Io::kind_land_area);
  const Node* area = it.get("area");
  const Node* units = it.get("units");
  if (area && units)
    r.error(*it.key_node("units"), it.path_of("units"), msg(Io::kind_area_and_units), what);
  else if (!area && !units)
    r.error(it.node(), it.path_of("area"), msg(Io::kind_no_area, "name"_a = line.name), what, msg(Io::kind_no_area_hint));
  const char* area_key = area ? "area" : "units";
  if (area || units)
    line.area = it.number(area_key, number_rule(limits::sale_area, msg(Io::kind_area_above_0))).value_or(0.0);
  NumberRule price = number_rule(limits::amount, msg(Io::kind_price, "unit"_a = m.unit));
  price.unit_hint = msg(Io::read_money_word_sale_price, "unit"_a = m.unit);
  if (it.require("price", msg(Io::kind_price_expected, "unit"_a = m.unit))) line.unit_price = it.number("price", price).value_or(0.0);
  for (const char* other : {"amounts", "volume", "ramp_up"})
    if (it.get(other))
      r.error(*it.key_node(other), it.path_of(other),
              msg(Io::kind_key_not_for_sale, "key"_a = other, "kind"_a = line.kind == RevenueKind::Sale ? "sale" : "land_sale"), {},
              msg(Io::kind_key_not_for_sale_hint));
  const Node* sales = it.require("sales", msg(Io::kind_sales_expected));
  if (!sales) return;
  if (!sales->is_sequence() || sales->items.empty()) {
    r.error(*sales, it.path_of("sales"), msg(Io::kind_sales_got, "got"_a = described(*sales)), Message::same("`[{year: 2027, share: 30%}, {year: 2028, share: 70%}]`"));
    return;
  }
  double sum = 0.0;
  bool ok = true;
  for (std::size_t k = 0; k < sales->items.size(); ++k) {
    const std::string p = fmt::format("{}[{}]", it.path_of("sales"), k);
    MapReader s(r, sales->items[k], p);
    if (!s.valid()) {
      ok = false;
      continue;
    }
    SaleShare share;
    const Node* y = s.require("year", msg(Io::kind_sale_year_expected));
    const auto year = y ? calendar_year(*y, s.path_of("year")) : std::nullopt;
    const auto v = s.require("share", msg(Io::kind_sale_share_expected))
                       ? s.rate("share", rate_rule(limits::share, msg(Io::kind_share_of_area)))
                       : std::nullopt;
    s.finish();
    if (!year || !v) {
      ok = false;
      continue;
    }
    share.year = year.value_or(0);
    share.share = v.value_or(0.0);
    for (const auto& other : line.sales)
      if (other.year == share.year) {
        r.error(*y, s.path_of("year"), msg(Io::kind_sale_year_twice, "year"_a = share.year), {}, msg(Io::kind_sale_year_twice_hint));
        ok = false;
      }
    sum += share.share;
    line.sales.push_back(share);
  }
  if (ok && std::abs(sum - 1.0) > 1e-9)
    r.error(*sales, it.path_of("sales"), msg(Io::kind_sales_not_100, "sum"_a = fmt::format("{:.10g}", sum * 100)),
            msg(Io::kind_sales_100_expected), msg(Io::kind_sales_100_hint));
}

void ModelReader::sale_taxes(MapReader& t) {
  auto& x = m.taxes;
  if (const auto v = t.choice<TaxesAndSurcharges::SaleVat>("sale_vat", {{"general", TaxesAndSurcharges::SaleVat::General},
                                                                       {"simple", TaxesAndSurcharges::SaleVat::Simple}}))
    x.sale_vat = *v;
  if (const auto v = t.rate("simple_vat_rate", rate_rule(limits::simple_vat_rate, msg(Io::kind_simple_vat_rate)))) x.simple_vat_rate = *v;
  const Node* node = t.get("land_appreciation_tax");
  if (!node) return;
  MapReader l(r, *node, "taxes.land_appreciation_tax");
  if (!l.valid()) return;
  if (const auto v = l.rate("prepay_rate", rate_rule(limits::prepay_rate, msg(Io::kind_prepay_rate)))) x.lat_prepay_rate = *v;
  if (const auto v = l.choice<bool>("development_expenses", {{"interest", true}, {"no_interest", false}}))
    x.lat_interest_allocable = *v;
  if (const Node* e = l.get("expense_rate")) {
    if (const auto v = read_rate(r, *e, l.path_of("expense_rate"), rate_rule(limits::share, msg(Io::kind_expense_rate)))) {
      TaxesAndSurcharges probe = x;
      probe.lat_expense_rate = *v;
      if (const auto p = expense_rate_problem(probe))
        r.error(*e, l.path_of("expense_rate"), p->message, p->expected, p->hint);
      else
        x.lat_expense_rate = *v;
    }
  }
  if (const auto v = l.flag("developer")) x.lat_developer_extra = *v;
  l.finish();
}

}  // namespace appraise::io::detail

namespace appraise::io::detail {

using messages::Io;
using namespace literals;

void ModelReader::existing_assets(MapReader& top) {
  const Node* node = top.get("existing_assets");
  if (!node) return;
  if (!node->is_sequence()) {
    r.error(*node, "existing_assets", msg(Io::kind_assets_got, "got"_a = described(*node)), msg(Io::kind_assets_expected));
    return;
  }
  for (std::size_t i = 0; i < node->items.size(); ++i) {
    MapReader it(r, node->items[i], fmt::format("existing_assets[{}]", i));
    if (!it.valid()) continue;
    InvestmentItem item;
    item.existing = true;
    if (it.require("name", msg(Io::kind_asset_name))) item.name = it.text("name").value_or("");
    for (const auto& other : m.investment)
      if (!item.name.empty() && other.name == item.name)
        r.error(*it.get("name"), it.path_of("name"), msg(Io::kind_asset_name_taken, "name"_a = item.name), {},
                msg(Io::kind_asset_name_taken_hint));
    if (it.require("value", msg(Io::kind_asset_value_expected)))
      item.amount = it.number("value", number_rule(limits::amount, amount_in_unit())).value_or(0.0);
    item.in_kind = it.flag("in_kind").value_or(true);
    if (const auto a = it.choice<AssetClass>("asset", {{"fixed", AssetClass::Fixed},
                                                        {"intangible", AssetClass::Intangible},
                                                        {"other", AssetClass::Other}}))
      item.asset = *a;
    if (const auto life = it.number("life", number_rule(limits::life, msg(Io::model_life))))
      item.life = static_cast<int>(*life);
    it.finish();
    // Counted as investment in year 1.
    item.phasing.assign(static_cast<std::size_t>(std::max(1, m.construction_years)), 0.0);
    item.phasing[0] = 1.0;
    m.investment.push_back(std::move(item));
  }
}

void ModelReader::sunk_costs(MapReader& top) {
  const Node* node = top.get("sunk_costs");
  if (!node) return;
  if (!node->is_sequence()) {
    r.error(*node, "sunk_costs", msg(Io::kind_sunk_got, "got"_a = described(*node)), msg(Io::kind_sunk_expected));
    return;
  }
  for (std::size_t i = 0; i < node->items.size(); ++i) {
    MapReader it(r, node->items[i], fmt::format("sunk_costs[{}]", i));
    if (!it.valid()) continue;
    SunkCost c;
    if (it.require("name", msg(Io::kind_sunk_name))) c.name = it.text("name").value_or("");
    if (it.require("amount", msg(Io::kind_sunk_amount))) c.amount = it.number("amount", number_rule(limits::amount, amount_in_unit())).value_or(0.0);
    if (it.get("phasing"))
      r.error(*it.key_node("phasing"), it.path_of("phasing"), msg(Io::kind_sunk_phasing), msg(Io::kind_sunk_phasing_expected),
              msg(Io::kind_sunk_phasing_hint));
    (void)it.get("description");
    it.finish();
    m.sunk_costs.push_back(std::move(c));
  }
}

void ModelReader::without(MapReader& top) {
  const Node* node = top.get("without");
  if (!node) return;
  WithoutProject w;
  const Node* model_node = nullptr;
  std::string file;
  if (node->is_scalar()) {
    // `without: model FILE`
    const std::string text = node->scalar;
    if (text.rfind("model ", 0) != 0) {
      r.error(*node, "without", msg(Io::kind_without_got, "text"_a = text), msg(Io::kind_without_expected));
      return;
    }
    file = text.substr(6);
    model_node = node;
  } else {
    MapReader wr(r, *node, "without");
    if (!wr.valid()) return;
    if (const Node* mn = wr.get("model")) {
      model_node = mn;
      file = read_text(r, *mn, "without.model").value_or("");
      for (const char* k : {"revenue", "operating_costs", "investment", "depreciation", "residual_value"})
        if (wr.get(k)) r.error(*wr.key_node(k), wr.path_of(k), msg(Io::kind_without_given_as_well, "key"_a = k), {},
                               msg(Io::kind_without_given_as_well_hint));
    } else {
      // Series over the whole calculation period: a list holds one value per year from the
      // first construction year, and nothing may fall outside the period.
      auto read = [&](const char* key, std::optional<Series>& into) {
        const Node* s = wr.get(key);
        if (!s) return;
        into = series(*s, wr.path_of(key), period_scope(amount_in_unit()));
        if (into && into->form == Series::Form::List && period_known)
          if (const auto p = without_list_problem(into->values.size(), m)) {
            r.error(*s, wr.path_of(key), p->message, p->expected, p->hint);
            into.reset();
          }
      };
      read("revenue", w.revenue);
      read("operating_costs", w.operating_cost);
      read("investment", w.investment);
      read("depreciation", w.depreciation);
      w.residual_value = wr.number("residual_value", number_rule(limits::amount, amount_in_unit())).value_or(0.0);
      if (!w.revenue && !w.operating_cost && !w.investment && !wr.get("revenue") && !wr.get("operating_costs") &&
          !wr.get("investment"))
        r.error(*node, "without", msg(Io::kind_without_empty), msg(Io::kind_without_empty_expected));
    }
    wr.finish();
  }
  if (model_node) {
    if (file.empty()) {
      r.error(*model_node, "without.model", msg(Io::kind_without_unnamed), Message::same("`model: parking-without.yaml`"));
      return;
    }
    const std::filesystem::path base = std::filesystem::path(r.document().path).parent_path();
    w.model_path = (base / file).lexically_normal().string();
    auto loaded = load_model(w.model_path);
    if (!loaded.model) {
      r.error(*model_node, "without.model",
              msg(loaded.io_error ? Io::kind_without_unreadable : Io::kind_without_has_errors, "path"_a = w.model_path), {},
              msg(Io::kind_without_path_hint));
      for (const auto& d : loaded.diagnostics) r.diagnostics().add(d);
      return;
    }
    const ProjectModel& o = *loaded.model;
    if (o.without) {
      r.error(*model_node, "without.model", msg(Io::kind_without_nested, "path"_a = w.model_path), {},
              msg(Io::kind_without_nested_hint));
      return;
    }
    if (const auto p = period_known ? without_model_problem(o, w.model_path, m) : std::nullopt) {
      r.error(*model_node, "without.model", p->message, p->expected, p->hint);
      return;
    }
    w.model = std::make_shared<const ProjectModel>(o);
  }
  m.without = std::move(w);
}

}  // namespace appraise::io::detail
