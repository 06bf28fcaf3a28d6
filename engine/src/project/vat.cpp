// 增值税 and 税金及附加 (plan.hpp step 4).
//
// Revenue and operating costs are stated net of VAT, so VAT passes through the project: it is not
// a flow of the cash-flow statements, except where the project recovers VAT it paid earlier.
// That is the deductible input VAT (进项税额) inside the construction investment: paid with the
// investment, it offsets output VAT in the operating years, carried forward (留抵) until used,
// and what it saves is a cash inflow of the year (row input_vat_deducted). The rule is the
// current method's (《建设项目经济评价方法与参数》 as applied since 营改增) [K]; docs/model-format.md
// states it.
#include <algorithm>

#include "appraise/project/plan.hpp"
#include "project_parts.hpp"

namespace appraise::detail {
void value_added_tax(const EvaluationPlan& plan, ProjectResult& r) {
  const ProjectModel& m = plan.model();
  const auto& t = m.taxes;
  const int n = plan.years();
  // Sales: the general method levies vat_rate on the sales less the land price of what is sold
  // (差额计税; with revenue net of VAT, VAT = rate × (sales − land)); the simple method levies
  // simple_vat_rate on sales and takes no input VAT. Land-sale revenue bears no VAT.
  reset_row(r.sale_vat, n);
  const double sold_total = r.sale_revenue.sum() + r.land_sale_revenue.sum();
  double land = 0.0;
  for (const auto& item : m.investment)
    if (item.asset == AssetClass::Inventory && item.land) land += asset_cost(item);
  for (int i = 0; i < n; ++i) {
    if (r.sale_revenue[i] == 0.0) continue;
    r.sale_vat[i] = t.sale_vat == TaxesAndSurcharges::SaleVat::Simple
                        ? t.simple_vat_rate * r.sale_revenue[i]
                        : t.vat_rate * std::max(0.0, r.sale_revenue[i] - land * r.sale_revenue[i] / sold_total);
  }
  const bool simple = t.sale_vat == TaxesAndSurcharges::SaleVat::Simple;
  r.output_vat = (r.revenue - r.sale_revenue - r.land_sale_revenue) * t.vat_rate;
  if (!simple) r.output_vat += r.sale_vat;
  r.input_vat = r.operating_cost * t.input_vat_rate;

  // Input VAT paid with the investment, by construction year.
  reset_row(r.investment_input_vat, n);
  for (std::size_t k = 0; k < m.investment.size(); ++k) {
    const double rate = m.investment[k].input_vat_rate;
    if (rate > 0) r.investment_input_vat += r.investment_items[k].values * (rate / (1.0 + rate));
  }

  // Payable with the investment's credit, and without it: the difference is what the credit
  // saved that year. Operating input VAT of the year is deducted first, then what is carried.
  reset_row(r.vat_payable, n);
  reset_row(r.input_vat_deducted, n);
  reset_row(r.input_vat_credit, n);
  double credit = 0.0, credit_without = 0.0, investment_credit = 0.0;
  for (int i = 0; i < n; ++i) {
    credit += r.investment_input_vat[i];
    investment_credit += r.investment_input_vat[i];
    const double due = r.output_vat[i] - r.input_vat[i] - credit;
    const double due_without = r.output_vat[i] - r.input_vat[i] - credit_without;
    r.vat_payable[i] = std::max(0.0, due);
    credit = std::max(0.0, -due);
    credit_without = std::max(0.0, -due_without);
    const double saved = std::max(0.0, due_without) - r.vat_payable[i];
    r.input_vat_deducted[i] = saved;
    investment_credit -= saved;
    r.input_vat_credit[i] = investment_credit;
  }
  if (simple) r.vat_payable += r.sale_vat;  // not offset by input VAT
  if (t.base == TaxesAndSurcharges::Base::Vat) r.surcharges = t.rate * r.vat_payable;
  else r.surcharges = t.rate * (r.revenue - r.land_sale_revenue);
}

}  // namespace appraise::detail
