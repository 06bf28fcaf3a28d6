// Reading the parts of a project model that describe its kind (issue 12): sale and land-sale
// revenue lines, and the taxes on sales (VAT method, 土地增值税).
#include <cmath>
#include <fmt/format.h>

#include "model_reader.hpp"

namespace appraise::io::detail {

void ModelReader::sale_line(MapReader& it, RevenueLine& line) {
  const char* what = line.kind == RevenueKind::Sale ? "the area (m²) or number of units for sale" : "the area of land for sale";
  const Node* area = it.get("area");
  const Node* units = it.get("units");
  if (area && units)
    r.error(*it.key_node("units"), it.path_of("units"), "give either `area` or `units`, not both", what);
  else if (!area && !units)
    r.error(it.node(), it.path_of("area"), fmt::format("`{}` has no `area` (or `units`)", line.name), what,
            "a sale line sells area × price: `area: 42000` (m²) with `price: 1.35` (per m²)");
  const char* area_key = area ? "area" : "units";
  if (area || units)
    line.area = it.number(area_key, {.min = 0.0, .min_exclusive = true, .what = "an area or number of units above 0"}).value_or(0.0);
  if (it.require("price", fmt::format("the price per m² (or unit) in {}, net of VAT", m.unit)))
    line.unit_price = it.number("price", {.min = 0.0, .what = fmt::format("a price per m² (or unit) in {}", m.unit)}).value_or(0.0);
  for (const char* other : {"amounts", "volume", "ramp_up"})
    if (it.get(other))
      r.error(*it.key_node(other), it.path_of(other), fmt::format("`{}` does not apply to a line of kind `{}`", other,
                                                                  line.kind == RevenueKind::Sale ? "sale" : "land_sale"),
              {}, "a sale line is `area` × `price`, sold by the `sales` schedule");
  const Node* sales = it.require("sales", "the sales schedule, e.g. `[{year: 2027, share: 30%}, {year: 2028, share: 70%}]`");
  if (!sales) return;
  if (!sales->is_sequence() || sales->items.empty()) {
    r.error(*sales, it.path_of("sales"), fmt::format("expected a list of sales by year, got {}", describe(*sales)),
            "`[{year: 2027, share: 30%}, {year: 2028, share: 70%}]`");
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
    const Node* y = s.require("year", "the calendar year of the sale (presales in construction years allowed)");
    const auto year = y ? calendar_year(*y, s.path_of("year")) : std::nullopt;
    const auto v = s.require("share", "the share of the area sold that year, e.g. 30%")
                       ? s.rate("share", {.min = 0.0, .max = 1.0, .what = "a share of the area"})
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
        r.error(*y, s.path_of("year"), fmt::format("{} appears twice in the sales schedule", share.year), {},
                "give each year once, with the share sold that year");
        ok = false;
      }
    sum += share.share;
    line.sales.push_back(share);
  }
  if (ok && std::abs(sum - 1.0) > 1e-9)
    r.error(*sales, it.path_of("sales"), fmt::format("the sales shares add up to {:.10g}%, not 100%", sum * 100),
            "shares of the area by year adding up to 100%", "everything built for sale is sold within the calculation period");
}

void ModelReader::sale_taxes(MapReader& t) {
  auto& x = m.taxes;
  if (const auto v = t.choice<TaxesAndSurcharges::SaleVat>("sale_vat", {{"general", TaxesAndSurcharges::SaleVat::General},
                                                                       {"simple", TaxesAndSurcharges::SaleVat::Simple}}))
    x.sale_vat = *v;
  if (const auto v = t.rate("simple_vat_rate", {.min = 0.0, .max = 0.2, .what = "a VAT rate such as 5%"})) x.simple_vat_rate = *v;
  const Node* node = t.get("land_appreciation_tax");
  if (!node) return;
  MapReader l(r, *node, "taxes.land_appreciation_tax");
  if (!l.valid()) return;
  if (const auto v = l.rate("prepay_rate", {.min = 0.0, .max = 0.2, .what = "a prepayment rate such as 2%"})) x.lat_prepay_rate = *v;
  if (const auto v = l.choice<bool>("development_expenses", {{"interest", true}, {"no_interest", false}}))
    x.lat_interest_allocable = *v;
  if (const Node* e = l.get("expense_rate")) {
    const double limit = x.lat_interest_allocable ? 0.05 : 0.10;
    if (const auto v = read_rate(r, *e, l.path_of("expense_rate"), {.min = 0.0, .max = 1.0, .what = "a share of land and development cost"})) {
      if (*v > limit + 1e-12)
        r.error(*e, l.path_of("expense_rate"),
                fmt::format("{:.10g}% is above the statutory limit of {:.0f}% of land and development cost", *v * 100, limit * 100),
                fmt::format("at most {:.0f}%", limit * 100),
                x.lat_interest_allocable ? "with allocable interest the limit is 5%; with `development_expenses: no_interest` it is 10%"
                                         : "without allocable interest the limit is 10%");
      else
        x.lat_expense_rate = *v;
    }
  }
  if (const auto v = l.flag("developer")) x.lat_developer_extra = *v;
  l.finish();
}

}  // namespace appraise::io::detail
