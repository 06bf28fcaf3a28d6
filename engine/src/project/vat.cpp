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
namespace {

void reset(YearRow& row, int n) {
  if (row.size() != n) row.resize(n);
  row.setZero();
}

}  // namespace

void value_added_tax(const EvaluationPlan& plan, ProjectResult& r) {
  const ProjectModel& m = plan.model();
  const auto& t = m.taxes;
  const int n = plan.years();
  r.output_vat = r.revenue * t.vat_rate;
  r.input_vat = r.operating_cost * t.input_vat_rate;

  // Input VAT paid with the investment, by construction year.
  reset(r.investment_input_vat, n);
  for (std::size_t k = 0; k < m.investment.size(); ++k) {
    const double rate = m.investment[k].input_vat_rate;
    if (rate > 0) r.investment_input_vat += r.investment_items[k].values * (rate / (1.0 + rate));
  }

  // Payable with the investment's credit, and without it: the difference is what the credit
  // saved that year. Operating input VAT of the year is deducted first, then what is carried.
  reset(r.vat_payable, n);
  reset(r.input_vat_deducted, n);
  reset(r.input_vat_credit, n);
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
  if (t.base == TaxesAndSurcharges::Base::Vat) r.surcharges = t.rate * r.vat_payable;
  else r.surcharges = t.rate * r.revenue;
}

}  // namespace appraise::detail
