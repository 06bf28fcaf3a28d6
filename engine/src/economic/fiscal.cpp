// Step 13 of the compiled evaluation (plan.hpp): the government budget's view of a project
// (财政支出责任) and, with a `ppp:` section, the value-for-money test (物有所值).
//
// Every flow between the project and the budget, by year, from the model as it stands
// (docs/model-format.md, `fiscal:`):
//   outlays   1.1 政府股权投资   项目资本金 paid in cash × the government's share of it (existing
//                               assets contributed in kind are no budget outlay)
//             1.2 运营补贴       every subsidy line (operating subsidies, availability payments)
//             1.3 专项债券偿还缺口 special-bond service in the operating years that the project's own
//                               cash does not cover — the year's net cash and what it kept from
//                               earlier years (累计盈余资金): borne by the government-fund budget
//             1.4 其他财政支出   the lines the model states (配套投入, retained risk)
//   receipts  2.1 税费收入       VAT, income tax, and the local taxes (税金及附加, 土地增值税), each
//                               × the budget's share of it (by default the local share in law)
//             2.2 股权分红       dividends × the government's share
// and the present value of the net outlays at the fiscal discount rate.
#include "appraise/economic/fiscal.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "appraise/core/units.hpp"
#include "appraise/messages/project.hpp"
#include "steps.hpp"

namespace appraise {

double fiscal_discount_rate(const ProjectModel& m) {
  if (m.fiscal && m.fiscal->discount_rate) return *m.fiscal->discount_rate;
  if (m.financing)
    for (const auto& l : m.financing->loans)
      if (l.kind == DebtKind::SpecialBond) return l.rate;
  return kDefaultFiscalDiscountRate;
}

}  // namespace appraise

namespace appraise::detail {
namespace {

using namespace appraise::literals;

void vfm_check(const ProjectModel& m, ProjectResult& r) {
  const auto& f = r.fiscal;
  Check c;
  c.name = "vfm";
  c.value = f.vfm_amount;
  c.threshold = 0.0;
  c.passed = f.vfm_amount > 0.0;
  say(c, msg(c.passed ? messages::Project::check_vfm_gives : messages::Project::check_vfm_fails, "amount"_a = format_money(f.vfm_amount),
             "unit"_a = m.unit, "psc"_a = format_money(f.psc), "ppp"_a = format_money(f.ppp_value)));
  r.checks.push_back(c);
}

}  // namespace

void fiscal_view(const EvaluationPlan& plan, EvaluationBuffers& b, const Outputs& outputs) {
  const ProjectModel& m = plan.model();
  ProjectResult& r = b.result;
  FiscalResult& f = r.fiscal;
  const FinancingResult& fin = r.financing;
  const int n = plan.years();
  const Fiscal defaults;
  const Fiscal& fs = m.fiscal ? *m.fiscal : defaults;
  f.computed = true;
  f.discount_rate = fiscal_discount_rate(m);
  for (YearRow* row : {&f.equity, &f.subsidies, &f.bond_gap, &f.other, &f.outlays, &f.taxes, &f.dividends, &f.receipts, &f.net})
    reset_row(*row, n);

  f.equity = (fin.equity - r.in_kind_investment) * fs.government_equity_share;
  f.subsidies = r.subsidy;
  f.subsidy_lines.resize(r.subsidy_lines.size());
  for (std::size_t k = 0; k < r.subsidy_lines.size(); ++k) {
    if (f.subsidy_lines[k].name != r.subsidy_lines[k].name) f.subsidy_lines[k].name = r.subsidy_lines[k].name;
    f.subsidy_lines[k].values = r.subsidy_lines[k].values;
  }
  // Special bonds: what their service needs beyond the project's own cash. The financial plan
  // (财务计划现金流量表) pays every debt's service from the year's net cash and what earlier years
  // kept (累计盈余资金): the budget is called on only when that cumulative surplus falls to a new
  // low below zero, and for the bonds' part only up to their service that year. A bullet the
  // project saved for over twenty years is its own to pay, not the budget's.
  YearRow& service = b.public_scratch_a;
  reset_row(service, n);
  for (const auto& l : fin.loans)
    if (l.kind == DebtKind::SpecialBond) service += l.interest_paid + l.fees + l.principal;
  // Only the operating years: in construction the financing plan pays coupons from equity,
  // which 1.1 counts already.
  double low = 0.0;  // the lowest cumulative surplus so far: what outside money has had to cover
  for (int t = plan.construction_years(); t < n; ++t) {
    if (!(fin.surplus[t] < low)) continue;
    const double shortfall = low - fin.surplus[t];
    low = fin.surplus[t];
    if (service[t] > 0.0) f.bond_gap[t] = std::min(shortfall, service[t]);
  }
  f.other_lines.resize(fs.other_outlays.size());
  for (std::size_t k = 0; k < fs.other_outlays.size(); ++k) {
    if (f.other_lines[k].name != fs.other_outlays[k].name) f.other_lines[k].name = fs.other_outlays[k].name;
    f.other_lines[k].values = plan.row(plan.fiscal_other[k]);
    f.other += f.other_lines[k].values;
  }
  f.outlays = f.equity + f.subsidies + f.bond_gap + f.other;
  f.taxes = r.vat_payable * fs.vat_share + fin.income_tax * fs.income_tax_share +
            (r.surcharges + r.land_appreciation_tax_paid) * fs.local_tax_share;
  f.dividends = fin.dividends * fs.government_equity_share;
  f.receipts = f.taxes + f.dividends;
  f.net = f.outlays - f.receipts;
  f.pv_outlays = npv(flows_of(f.outlays), f.discount_rate, m.timing);
  f.pv_receipts = npv(flows_of(f.receipts), f.discount_rate, m.timing);
  f.cost_pv = npv(flows_of(f.net), f.discount_rate, m.timing);

  // 物有所值: PSC = initial PSC + competitive neutrality + transferable and retained risk; the
  // PPP value = PV of the government's outlays over the whole life + the retained risk.
  f.ppp = m.ppp.has_value();
  if (!f.ppp) return;
  const Ppp& p = *m.ppp;
  f.initial_psc_from_model = !p.initial_psc;
  if (p.initial_psc) {
    f.initial_psc = *p.initial_psc;
  } else {
    // The model itself as the reference project the government would build and run: its
    // construction and sustaining investment and its operating cost, net of the users' revenue.
    YearRow& reference = b.public_scratch_b;
    reference = r.construction_investment + r.sustaining + r.operating_cost - r.revenue;
    f.initial_psc = npv(flows_of(reference), f.discount_rate, m.timing);
  }
  f.psc = f.initial_psc + p.competitive_neutrality + p.transferable_risk + p.retained_risk;
  f.ppp_value = f.pv_outlays + p.retained_risk;
  f.vfm_amount = f.psc - f.ppp_value;
  f.vfm_index = f.psc > 0 ? std::optional<double>(f.vfm_amount / f.psc) : std::nullopt;
  if (outputs.checks && m.targets.require_vfm) vfm_check(m, r);
}

}  // namespace appraise::detail
