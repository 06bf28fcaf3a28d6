// Reading the financing and targets sections of a project model.
#include <cmath>
#include <fmt/format.h>
#include <set>

#include "model_reader.hpp"

namespace appraise::io::detail {

using messages::Io;
using namespace literals;

namespace {

const RateRule kLoanRate = rate_rule(limits::loan_rate, msg(Io::fin_interest_rate));
const RateRule kShare = rate_rule(limits::share, msg(Io::model_share));

}  // namespace

void ModelReader::financing(MapReader& top) {
  const Node* node = top.get("financing");
  if (!node) return;
  MapReader f(r, *node, "financing");
  if (!f.valid()) return;
  Financing fin;
  fin.equity_share = f.rate("equity_share", kShare);
  if (const Node* ea = f.get("equity_amounts")) {
    if (fin.equity_share) r.error(*ea, f.path_of("equity_amounts"), msg(Io::fin_equity_both));
    if (!ea->is_sequence()) {
      r.error(*ea, f.path_of("equity_amounts"), msg(Io::fin_amounts_got, "got"_a = described(*ea)),
              msg(Io::fin_equity_amounts_expected));
    } else if (const auto p = period_known ? construction_count_problem(ea->items.size(), m, Counted::Amounts) : std::nullopt) {
      r.error(*ea, f.path_of("equity_amounts"), p->message, p->expected);
    } else {
      for (std::size_t i = 0; i < ea->items.size(); ++i)
        fin.equity_amounts.push_back(
            read_number(r, ea->items[i], fmt::format("financing.equity_amounts[{}]", i), number_rule(limits::amount, amount_in_unit())).value_or(0.0));
    }
  }
  if (const auto ci = f.choice<bool>("construction_interest", {{"capitalise", true}, {"equity", false}}))
    fin.capitalise_construction_interest = *ci;
  if (const Node* st = f.get("short_term_loans")) {
    MapReader s(r, *st, "financing.short_term_loans");
    fin.short_term_loans = true;
    fin.short_term_rate = s.rate("rate", kLoanRate).value_or(fin.short_term_rate);
    s.finish();
  }
  fin.dividend_share = f.rate("dividend_share", kShare).value_or(0.0);
  fin.statutory_reserve = f.rate("statutory_reserve", kShare).value_or(fin.statutory_reserve);
  fin.registered_capital = f.number("registered_capital", number_rule(limits::amount, amount_in_unit()));
  if (const auto y = f.number("loss_carry_forward_years", number_rule(limits::loss_carry_forward_years, msg(Io::fin_number_of_years))))
    fin.loss_carry_forward_years = static_cast<int>(*y);

  const Node* loans = f.get("loans");
  if (loans && !loans->is_sequence())
    r.error(*loans, "financing.loans", msg(Io::fin_loans_got, "got"_a = described(*loans)), msg(Io::fin_loans_expected));
  int balancing = 0;
  std::set<std::string> names;
  for (std::size_t i = 0; loans && loans->is_sequence() && i < loans->items.size(); ++i) {
    const std::string path = fmt::format("financing.loans[{}]", i);
    MapReader it(r, loans->items[i], path);
    if (!it.valid()) continue;
    Loan l;
    if (it.require("name", msg(Io::fin_loan_name))) l.name = it.text("name").value_or("");
    if (r.places() && !l.name.empty()) {
      r.note_place(path, loans->items[i]);
      r.places()->alias(fmt::format("financing.loans[{}]", l.name), path);  // evaluation errors name loans by name
    }
    if (!l.name.empty() && !names.insert(l.name).second)
      r.error(*it.get("name"), it.path_of("name"), msg(Io::fin_loan_name_repeated, "name"_a = l.name), {},
              msg(Io::fin_loan_name_repeated_hint));
    if (const auto k = it.choice<DebtKind>("kind", {{"loan", DebtKind::Loan},
                                                     {"bond", DebtKind::Bond},
                                                     {"special_bond", DebtKind::SpecialBond},
                                                     {"working_capital", DebtKind::WorkingCapital}}))
      l.kind = *k;
    const bool wc = l.kind == DebtKind::WorkingCapital;
    l.amount = it.number("amount", number_rule(limits::amount, amount_in_unit()));
    l.share = it.rate("share", kShare);
    if (l.amount && l.share)
      r.error(*it.get("share"), it.path_of("share"), msg(Io::fin_amount_and_share));
    // Whether a value is given, not whether it was read: an `equity_share: 35` already refused
    // (or a loan's `amount: 5亿`) is not also "no equity share" (or "no amount") here.
    if (!wc && !it.get("amount") && !it.get("share")) {
      ++balancing;
      if (!f.get("equity_share") && !f.get("equity_amounts"))
        r.error(loans->items[i], path, msg(Io::fin_no_amount, "name"_a = l.name), msg(Io::fin_no_amount_expected),
                msg(Io::fin_no_amount_hint));
      else if (balancing > 1)
        r.error(loans->items[i], path, msg(Io::fin_one_loan_without_amount));
    }
    if (const auto rate = it.require("rate", msg(Io::fin_rate_expected)) ? it.rate("rate", kLoanRate) : std::nullopt)
      l.rate = *rate;
    if (const Node* d = it.get("draw")) {
      if (wc) {
        r.error(*d, it.path_of("draw"), msg(Io::fin_wc_loan_no_draw));
      } else if (auto s = shares(*d, it.path_of("draw"), period_known ? static_cast<std::size_t>(m.construction_years) : 0,
                                 msg(Io::fin_draw_shares))) {  // counted against the years only when they were read
        double sum = 0;
        for (double x : *s) sum += x;
        if (std::abs(sum - 1.0) > 1e-9)
          r.error(*d, it.path_of("draw"), msg(Io::fin_draw_not_100, "sum"_a = fmt::format("{:.10g}", sum * 100)),
                  msg(Io::model_shares_100_expected));
        else
          l.draw = *s;
      }
    }
    if (const auto timing = it.choice<DrawTiming>("draw_timing", {{"mid-year", DrawTiming::MidYear},
                                                                   {"start", DrawTiming::Start},
                                                                   {"end", DrawTiming::End}})) {
      if (wc) r.error(*it.get("draw_timing"), it.path_of("draw_timing"),
                      msg(Io::fin_wc_loan_no_timing));
      l.draw_timing = *timing;
    }
    l.upfront_fee = it.rate("upfront_fee", rate_rule(limits::fee, msg(Io::fin_fee))).value_or(0.0);
    l.annual_fee = it.rate("annual_fee", rate_rule(limits::fee, msg(Io::fin_fee))).value_or(0.0);
    if (const auto c = it.number("coupons_per_year", number_rule(limits::coupons_per_year, msg(Io::fin_coupons_per_year))))
      l.coupons_per_year = static_cast<int>(*c);
    if (const auto g = it.number("grace_years", number_rule(limits::grace_years, msg(Io::fin_number_of_years)))) l.grace_years = static_cast<int>(*g);
    const Node* term = it.get("term_years");
    const Node* maturity = it.get("maturity");
    if (const auto rep = it.choice<Repayment>("repayment", {{"equal_payment", Repayment::EqualPayment},
                                                             {"equal_principal", Repayment::EqualPrincipal},
                                                             {"bullet", Repayment::Bullet},
                                                             {"custom", Repayment::Custom},
                                                             {"max_capacity", Repayment::MaxCapacity},
                                                             {"sculpted", Repayment::Sculpted}}))
      l.repayment = *rep;
    else if (!it.get("repayment"))
      l.repayment = l.kind == DebtKind::SpecialBond || l.kind == DebtKind::Bond ? Repayment::Bullet : Repayment::EqualPayment;
    if (!wc) {
      if (term && maturity) r.error(*maturity, it.path_of("maturity"), msg(Io::fin_term_and_maturity));
      if (term) {
        if (const auto v = read_number(r, *term, it.path_of("term_years"), number_rule(limits::term_years, msg(Io::fin_repayment_years))))
          l.term_years = static_cast<int>(*v);
      } else if (maturity) {
        l.maturity_year = calendar_year(*maturity, it.path_of("maturity"));
      } else {
        r.error(loans->items[i], it.path_of("term_years"), msg(Io::fin_no_term, "name"_a = l.name), msg(Io::fin_no_term_expected));
      }
      if (period_known && (term || maturity))
        if (auto p = repayment_problem(m, l)) {
          const bool at_maturity = p->at_maturity && maturity;
          r.error(at_maturity ? *maturity : *term, it.path_of(at_maturity ? "maturity" : "term_years"), p->problem.message,
                  p->problem.expected);
        }
    } else {
      if (term) r.error(*term, it.path_of("term_years"), msg(Io::fin_wc_loan_no_term));
      if (maturity) r.error(*maturity, it.path_of("maturity"), msg(Io::fin_wc_loan_no_maturity));
    }
    if (const Node* s = it.get("shares")) {
      if (l.repayment != Repayment::Custom) {
        r.error(*s, it.path_of("shares"), msg(Io::fin_shares_custom_only));
      } else if (auto v = shares(*s, it.path_of("shares"), 0, msg(Io::fin_repayment_shares))) {
        double sum = 0;
        for (double x : *v) sum += x;
        const auto wrong_count = period_known || !l.maturity_year ? custom_shares_problem(m, l, v->size()) : std::nullopt;
        if (std::abs(sum - 1.0) > 1e-9)
          r.error(*s, it.path_of("shares"), msg(Io::fin_repayment_not_100, "sum"_a = fmt::format("{:.10g}", sum * 100)),
                  msg(Io::fin_repayment_shares_expected));
        else if (wrong_count)
          r.error(*s, it.path_of("shares"), wrong_count->message, wrong_count->expected);
        else
          l.custom_shares = *v;
      }
    } else if (l.repayment == Repayment::Custom) {
      r.error(loans->items[i], it.path_of("shares"), msg(Io::fin_custom_needs_shares), msg(Io::fin_custom_shares_expected));
    }
    if (const Node* d = it.get("target_dscr")) {
      if (l.repayment != Repayment::Sculpted)
        r.error(*d, it.path_of("target_dscr"), msg(Io::fin_target_dscr_sculpted_only));
      else if (const auto v = read_number(r, *d, it.path_of("target_dscr"), number_rule(limits::target_dscr, msg(Io::fin_coverage_ratio))))
        l.target_dscr = *v;
    }
    it.finish();
    fin.loans.push_back(std::move(l));
  }
  if (auto p = share_sum_problem(fin)) r.error(*node, "financing", p->message, p->expected);
  f.finish();
  m.financing = std::move(fin);
}

void ModelReader::targets(MapReader& top) {
  const Node* node = top.get("targets");
  if (!node) return;
  MapReader t(r, *node, "targets");
  if (!t.valid()) return;
  auto& g = m.targets;
  if (const auto preset = t.choice<int>("preset", {{"standard", 0}, {"common", 1}})) {
    if (*preset == 1) {
      // Common practice (standards.md §1.3, §2.1): ICR ≥ 2, DSCR ≥ 1.3, special-bond
      // coverage ≥ 1.1 and all-debt coverage ≥ 1.2.
      g.icr = 2.0;
      g.dscr = 1.3;
      g.bond_coverage = 1.1;
      g.total_debt_coverage = 1.2;
    }
  }
  const NumberRule ratio = number_rule(limits::coverage_target, msg(Io::fin_ratio));
  if (const auto v = t.number("icr", ratio)) g.icr = *v;
  if (const auto v = t.number("dscr", ratio)) g.dscr = *v;
  if (const auto v = t.number("llcr", ratio)) g.llcr = *v;
  if (const auto v = t.number("bond_coverage", ratio)) g.bond_coverage = *v;
  if (const auto v = t.number("total_debt_coverage", ratio)) g.total_debt_coverage = *v;
  if (const auto v = t.rate("equity_irr", rate_rule(limits::equity_irr, msg(Io::fin_minimum_return)))) g.equity_irr = *v;
  if (const auto v = t.choice<bool>("dscr_tax", {{"actual", false}, {"adjusted", true}})) g.dscr_uses_adjusted_tax = *v;
  if (const auto v = t.choice<bool>("dscr_sustaining", {{"ignore", false}, {"deduct", true}})) g.dscr_deducts_sustaining = *v;
  if (const auto v = t.flag("require_fnpv")) g.require_fnpv = *v;
  if (const auto v = t.flag("require_survival")) g.require_survival = *v;
  if (const auto v = t.flag("require_enpv")) g.require_enpv = *v;  // checked with an `economic:` section
  if (const auto v = t.flag("require_vfm")) g.require_vfm = *v;    // checked with a `ppp:` section
  t.finish();
}

}  // namespace appraise::io::detail
