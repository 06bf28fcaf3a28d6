// Sale projects (plan.hpp steps 2b and 7b): revenue of the lines that sell what the project
// built (商品房销售) or its land (土地出让收入), the inventory (开发产品) released as 销售成本 in
// proportion to what is sold, and 土地增值税 prepaid on sales and settled in the last sales year.
#include "appraise/project/sales.hpp"

#include <algorithm>

#include "appraise/project/plan.hpp"
#include "project_parts.hpp"

namespace appraise {

LandAppreciationTax land_appreciation_tax(const LandAppreciationTaxInput& in) {
  LandAppreciationTax t;
  t.income = in.income;
  t.land = in.land;
  t.development = in.development;
  const double base = in.land + in.development;
  t.expenses = (in.interest_allocable ? in.interest : 0.0) + in.expense_rate * base;
  t.taxes = in.taxes;
  t.extra = in.developer ? 0.2 * base : 0.0;
  t.deductions = t.land + t.development + t.expenses + t.taxes + t.extra;
  t.appreciation = t.income - t.deductions;
  if (t.appreciation <= 0.0) return t;
  t.ratio = t.deductions > 0 ? t.appreciation / t.deductions : 0.0;
  // The four brackets of 土地增值税暂行条例 (economic.md §4); with no deductions at all the
  // appreciation is unbounded, the top bracket.
  if (t.deductions > 0 && t.ratio <= 0.5) t.rate = 0.30, t.quick_deduction = 0.0;
  else if (t.deductions > 0 && t.ratio <= 1.0) t.rate = 0.40, t.quick_deduction = 0.05;
  else if (t.deductions > 0 && t.ratio <= 2.0) t.rate = 0.50, t.quick_deduction = 0.15;
  else t.rate = 0.60, t.quick_deduction = 0.35;
  t.tax = t.appreciation * t.rate - t.deductions * t.quick_deduction;
  return t;
}

namespace detail {
void sales_revenue(const EvaluationPlan& plan, ProjectResult& r) {
  const ProjectModel& m = plan.model();
  const int n = plan.years();
  reset_row(r.sale_revenue, n);
  reset_row(r.land_sale_revenue, n);
  for (std::size_t i = 0; i < m.revenue.size(); ++i) {
    const auto& line = m.revenue[i];
    if (line.kind == RevenueKind::Operating) continue;
    YearRow& values = r.revenue_lines[i].values;
    YearRow& sold = r.volumes[i].values;
    for (const auto& s : line.sales) {
      const int t = s.year - m.first_year;
      if (t < 0 || t >= n) continue;
      sold[t] += line.area * s.share;
      values[t] += line.area * s.share * line.unit_price;
    }
    r.revenue += values;
    (line.kind == RevenueKind::Sale ? r.sale_revenue : r.land_sale_revenue) += values;
  }
}

namespace {

// Where one release of the inventory writes: the rows of the statements, or those before financing.
struct SaleRows {
  YearRow& cost_of_sales;
  YearRow& non_taxable_margin;
  YearRow& land_appreciation_tax;
  YearRow& land_appreciation_tax_paid;
  LandAppreciationTax& lat;
};

// The inventory's cost (its land and development items, and `interest`, the capitalised interest
// it carries) released as 销售成本 in proportion to what is sold (by value, over every sale and
// land-sale line), and 土地增值税 on the sale lines' share, with `interest` as the allocable
// interest: accrued with the sales, prepaid at prepay_rate on each year's sales and settled (or
// refunded) in the last sales year.
void release_and_tax(const ProjectModel& m, const ProjectResult& r, double land, double development, double interest,
                     const SaleRows& out) {
  const auto& t = m.taxes;
  const int n = static_cast<int>(r.revenue.size());
  const double cost = land + development + interest;
  const double sale_total = r.sale_revenue.sum(), land_sale_total = r.land_sale_revenue.sum();
  const double sold_total = sale_total + land_sale_total;
  if (sold_total > 0)
    for (int y = 0; y < n; ++y) {
      out.cost_of_sales[y] = cost * (r.sale_revenue[y] + r.land_sale_revenue[y]) / sold_total;
      out.non_taxable_margin[y] = r.land_sale_revenue[y] - cost * r.land_sale_revenue[y] / sold_total;
    }
  if (sale_total <= 0) return;

  const double part = sale_total / sold_total;
  const double surcharge_base = t.base == TaxesAndSurcharges::Base::Vat ? r.sale_vat.sum() : sale_total;
  LandAppreciationTaxInput in;
  in.income = sale_total;
  in.land = land * part;
  in.development = development * part;
  in.interest = interest * part;
  in.interest_allocable = t.lat_interest_allocable;
  in.expense_rate = t.lat_expense_rate.value_or(t.lat_interest_allocable ? 0.05 : 0.10);
  in.taxes = t.rate * surcharge_base;
  in.developer = t.lat_developer_extra;
  out.lat = land_appreciation_tax(in);

  int last = 0;
  double prepaid = 0.0;
  for (int y = 0; y < n; ++y) {
    out.land_appreciation_tax[y] = out.lat.tax * r.sale_revenue[y] / sale_total;
    out.land_appreciation_tax_paid[y] = t.lat_prepay_rate * r.sale_revenue[y];
    prepaid += out.land_appreciation_tax_paid[y];
    if (r.sale_revenue[y] > 0) last = y;
  }
  out.land_appreciation_tax_paid[last] += out.lat.tax - prepaid;
}

}  // namespace

void inventory_and_land_tax(const EvaluationPlan& plan, EvaluationBuffers& b) {
  const ProjectModel& m = plan.model();
  ProjectResult& r = b.result;
  auto& pre = r.sales_pre_financing;
  const int n = plan.years();
  for (YearRow* row : {&r.cost_of_sales, &r.inventory, &r.non_taxable_margin, &r.land_appreciation_tax,
                       &r.land_appreciation_tax_paid, &r.lat_payable, &pre.cost_of_sales, &pre.non_taxable_margin,
                       &pre.land_appreciation_tax, &pre.land_appreciation_tax_paid})
    reset_row(*row, n);
  r.lat = {};
  pre.lat = {};

  // The inventory's cost: its items net of deductible VAT, and the capitalised construction
  // interest in proportion to cost, shared with the fixed assets (compute_assets).
  double land = 0.0, development = 0.0, fixed = 0.0;
  for (const auto& item : m.investment) {
    if (item.asset == AssetClass::Inventory) (item.land ? land : development) += asset_cost(item);
    if (item.asset == AssetClass::Fixed) fixed += asset_cost(item);
  }
  const double inventory_items = land + development;
  const double interest_share = inventory_items + fixed > 0 ? inventory_items / (inventory_items + fixed) : 0.0;
  const double interest = b.capitalised.sum() * interest_share;
  r.inventory_cost = inventory_items + interest;

  // Nothing built for sale and nothing sold (most projects): every row below stays 0.
  if (inventory_items == 0.0 && r.sale_revenue.sum() + r.land_sale_revenue.sum() == 0.0) return;
  release_and_tax(m, r, land, development, interest,
                  {r.cost_of_sales, r.non_taxable_margin, r.land_appreciation_tax, r.land_appreciation_tax_paid, r.lat});
  // Before financing: no capitalised interest in the cost, none to deduct.
  release_and_tax(m, r, land, development, 0.0,
                  {pre.cost_of_sales, pre.non_taxable_margin, pre.land_appreciation_tax, pre.land_appreciation_tax_paid, pre.lat});

  // 开发产品 at year end: what was paid for it (and its interest) less what was released.
  double spent = 0.0, released = 0.0;
  for (int y = 0; y < n; ++y) {
    for (std::size_t k = 0; k < m.investment.size(); ++k)
      if (m.investment[k].asset == AssetClass::Inventory)
        spent += r.investment_items[k].values[y] / (1.0 + m.investment[k].input_vat_rate);
    spent += b.capitalised[y] * interest_share;
    released += r.cost_of_sales[y];
    r.inventory[y] = spent - released;
  }
  double payable = 0.0;
  for (int y = 0; y < n; ++y) r.lat_payable[y] = (payable += r.land_appreciation_tax[y] - r.land_appreciation_tax_paid[y]);
}

}  // namespace detail
}  // namespace appraise
