#include "appraise/report/portfolio_report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "appraise/core/text.hpp"
#include "appraise/core/units.hpp"
#include "appraise/messages/portfolio.hpp"
#include "appraise/report/statements.hpp"

namespace appraise::portfolio {
namespace {

using report::Kind;
using report::Lang;
using M = messages::Portfolio;
using namespace appraise::literals;

std::string money(double v) { return report::format_value(v, Kind::Money); }
std::string pct(double v) { return report::format_value(v, Kind::Rate); }

// An amount needed to reach a target, rounded up to the cent it is printed to (core/units.hpp).
double up(double v) { return round_up_to_cent(v); }

// A value and the threshold it is compared with, printed with as many decimals as it takes to
// tell them apart and to show the threshold as it was given (2 to 6), so that a comparison never
// reads "3.50 %, above 3.50 %" and a ceiling of 3.81875 % is not shown as 3.8188 %.
// A rate moves its point by its reading, as its table cell does (format_apart_percent).
std::pair<std::string, std::string> pct_apart(double value, double threshold) {
  const auto both = format_apart_percent(std::array{value, threshold}, report::decimals_as_given(threshold, 100.0));
  return {both[0] + " %", both[1] + " %"};
}
std::pair<std::string, std::string> ratio_apart(double value, double threshold) {
  const auto both = format_apart(std::array{value, threshold}, report::decimals_as_given(threshold, 1.0));
  return {both[0], both[1]};
}

// A rate in the summary beside the target it is judged against: as a value, unless two decimals
// would print it equal to the target when it is not (3.4002 % against 3.40 %); then as text with
// the decimals of the check line, so that the summary never contradicts the verdict.
std::pair<std::optional<double>, std::string> rate_beside_target(std::optional<double> v, double ceiling) {
  if (!v || *v == ceiling || pct(*v) != pct(ceiling)) return {v, {}};
  return {std::nullopt, pct_apart(*v, ceiling).first};
}

// The closed form's rates with as many decimals (2 to 10, of a percentage) as make the printed
// line recompute the amount to the cent: (interest − target × balance) / (r_old − r_new).
std::pair<std::string, std::string> closed_form_rates(const StaticRefinancing& c) {
  const double excess = c.weighted_interest - c.target * c.total_balance;
  int d = 2;
  for (; d < 10; ++d) {
    const double scale = std::pow(10.0, d + 2);
    const double old_rate = std::round(c.r_old * scale) / scale, new_rate = std::round(c.r_new * scale) / scale;
    if (old_rate > new_rate && std::abs(excess / (old_rate - new_rate) - *c.amount) < 0.005) break;
  }
  // Zeros that add nothing are dropped, down to two decimals (2.05 %, not 2.0500000 %).
  const auto shown = [d](double rate) {
    std::string t = fmt::format("{:.{}f}", rate * 100, d);
    while (t.size() > 3 && t.back() == '0' && t[t.size() - 3] != '.') t.pop_back();
    return t + " %";
  };
  return {shown(c.r_old), shown(c.r_new)};
}

report::JsonValue opt(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? report::JsonValue(*v) : report::JsonValue(nullptr);
}

std::string_view measure_word(CostMeasure m) { return m == CostMeasure::AllIn ? "all_in" : "nominal"; }
std::string_view basis_word(BalanceBasis b) { return b == BalanceBasis::Average ? "average" : "year_end"; }

Message cost_definition(const Portfolio& p) {
  return msg(M::cost_definition, "measure"_a = msg(p.cost.measure == CostMeasure::AllIn ? M::cost_all_in : M::cost_nominal),
             "basis"_a = msg(p.cost.basis == BalanceBasis::Average ? M::basis_average : M::basis_year_end));
}

int target_t(const Portfolio& p) { return p.index_of(p.target->year); }

// Net saving (running cost saved less one-off costs) by t = 1..H, and cumulated.
std::vector<double> net_savings(const PortfolioAnalysis& a) {
  std::vector<double> s(a.baseline.balance.size(), 0.0);
  for (std::size_t t = 1; t < s.size(); ++t)
    s[t] = (a.baseline.interest[t] + a.baseline.fees[t]) - (a.with_plan.interest[t] + a.with_plan.fees[t]) -
           a.with_plan.one_off[t];
  return s;
}

double sum_first(const std::vector<double>& v, std::size_t from, std::size_t count) {
  double s = 0;
  for (std::size_t t = from; t < v.size() && t < from + count; ++t) s += v[t];
  return s;
}

// Amounts by quota year; `needed`: amounts needed to reach the target, rounded up.
std::string by_quota_text(const Portfolio& p, const std::vector<double>& by_quota, Lang lang, bool needed = false) {
  std::string s;
  for (std::size_t k = 0; k < by_quota.size() && k < p.quotas.size(); ++k) {
    if (!(by_quota[k] > 0)) continue;
    if (!s.empty()) s += msg_in(lang, M::quota_separator);
    const double v = needed ? up(by_quota[k]) : by_quota[k];
    s += msg_in(lang, M::quota_amount, "year"_a = p.quotas[k].year, "amount"_a = money(v));
  }
  return s;
}

std::vector<double> plan_by_quota(const Portfolio& p, const RefinancingPlan& plan) {
  std::vector<double> v(p.quotas.size(), 0.0);
  for (std::size_t k = 0; k < p.quotas.size(); ++k) v[k] = plan.total_in(k);
  return v;
}

report::JsonValue plan_json(const Portfolio& p, const std::vector<PlanLine>& lines) {
  report::JsonValue arr = report::JsonValue::array();
  for (const auto& l : lines) {
    const Debt& d = p.debts[l.debt];
    arr.push_back({{"debt", d.name},
                   {"kind", std::string(to_string(d.kind))},
                   {"year", l.year},
                   {"amount", l.amount},
                   {"rolled_over", l.rolled_over},
                   {"replaced_rate", l.replaced_rate},
                   {"coupon", l.coupon},
                   {"penalty", l.penalty},
                   {"issuance_cost", l.issuance_cost},
                   {"first_year_saving", l.first_year_saving},
                   {"net_saving", l.net_saving}});
  }
  return arr;
}

std::vector<std::string> year_columns(const Portfolio& p, int from_t) {
  std::vector<std::string> c;
  for (int t = from_t; t <= p.horizon; ++t) c.push_back(std::to_string(p.year_of(t)));
  return c;
}

report::Row row(std::string key, std::string zh_label, std::string en_label, Kind kind,
                std::vector<std::optional<double>> values, std::optional<double> total = std::nullopt) {
  report::Row r;
  r.key = std::move(key);
  r.label_zh = std::move(zh_label);
  r.label_en = std::move(en_label);
  r.kind = kind;
  r.values = std::move(values);
  r.total = total;
  return r;
}

// Values by t = 0..H; flows (nothing happens at t = 0) are blank at t = 0.
std::vector<std::optional<double>> series(const std::vector<double>& v, bool flow) {
  std::vector<std::optional<double>> out;
  for (std::size_t t = 0; t < v.size(); ++t) out.push_back(flow && t == 0 ? std::nullopt : std::optional<double>(v[t]));
  return out;
}


}  // namespace

std::vector<PlanLine> plan_lines(const Portfolio& p, const RefinancingPlan& plan) {
  std::vector<PlanLine> lines;
  for (const Replacement& r : plan.replacements) {
    const ReplacementEffect e = replacement_effect(p, r);
    const Quota& q = p.quotas[r.quota];
    PlanLine l;
    l.debt = r.debt;
    l.year = q.year;
    l.amount = r.amount;
    l.rolled_over = e.rolled_over;
    l.replaced_rate = e.replaced_rate;
    l.coupon = q.coupon;
    l.penalty = e.penalty;
    l.issuance_cost = e.issuance_cost;
    l.first_year_saving = e.saving[static_cast<std::size_t>(p.index_of(q.year))];
    l.net_saving = e.net_saving();
    lines.push_back(l);
  }
  return lines;
}

std::vector<Check> checks(const Portfolio& p, const PortfolioAnalysis& a) {
  std::vector<Check> out;
  if (p.target) {
    Check c;
    c.name = "debt_cost_target";
    c.year = p.target->year;
    c.threshold = p.target->ceiling;
    const auto t = static_cast<std::size_t>(target_t(p));
    if (a.status == TargetStatus::Unreachable) {
      c.passed = false;
      c.value = a.shortfall ? std::optional<double>(a.shortfall->best_cost) : a.with_plan.cost[t];
      const auto [best, ceiling] = pct_apart(*c.value, c.threshold);
      // With what would reach the target: more quota at the given coupons, a lower coupon, or both.
      const bool quota = a.shortfall && a.shortfall->additional_quota;
      const bool coupon = a.shortfall && a.shortfall->sufficient_coupon;
      const std::string more = quota ? money(up(*a.shortfall->additional_quota)) : std::string();
      const std::string at_most = coupon ? pct(*a.shortfall->sufficient_coupon) : std::string();
      const Message m = msg(quota ? (coupon ? M::check_target_unreachable_quota_coupon : M::check_target_unreachable_quota)
                                  : (coupon ? M::check_target_unreachable_coupon : M::check_target_unreachable),
                            "year"_a = p.target->year, "best"_a = best, "ceiling"_a = ceiling, "more"_a = more, "unit"_a = p.unit,
                            "coupon"_a = at_most);
      c.message_zh = m.zh;
      c.message_en = m.en;
    } else {
      c.value = a.with_plan.cost[t];
      c.passed = true;
      const auto [v, ceiling] = c.value ? pct_apart(*c.value, c.threshold) : std::pair{std::string("-"), pct(c.threshold)};
      const Message m = msg(M::check_target_met, "year"_a = p.target->year, "cost"_a = v, "ceiling"_a = ceiling);
      c.message_zh = m.zh;
      c.message_en = m.en;
    }
    out.push_back(std::move(c));
  }
  const Fiscal& f = p.fiscal;
  if (f.min_repayment_coverage && a.fiscal_with_plan.repayment_coverage) {
    Check c;
    c.name = "repayment_coverage";
    c.year = p.base_year;
    c.value = a.fiscal_with_plan.repayment_coverage;
    c.threshold = *f.min_repayment_coverage;
    c.passed = *c.value >= c.threshold;
    const auto [v, floor] = ratio_apart(*c.value, c.threshold);
    const Message m = msg(c.passed ? M::check_coverage_met : M::check_coverage_missed, "year"_a = p.base_year, "value"_a = v,
                          "floor"_a = floor);
    c.message_zh = m.zh;
    c.message_en = m.en;
    out.push_back(std::move(c));
  }
  auto worst = [&](const char* name, const std::vector<std::optional<double>>& v, std::optional<double> max, M ratio) {
    if (!max) return;
    std::optional<std::size_t> at;
    for (std::size_t t = 0; t < v.size(); ++t)
      if (v[t] && (!at || *v[t] > *v[*at])) at = t;
    if (!at) return;
    Check c;
    c.name = name;
    c.year = p.year_of(static_cast<int>(*at));
    c.value = v[*at];
    c.threshold = *max;
    c.passed = *c.value <= c.threshold;
    const auto [value, ceiling] = pct_apart(*c.value, c.threshold);
    const Message m = msg(c.passed ? M::check_ratio_met : M::check_ratio_missed, "ratio"_a = msg(ratio), "year"_a = *c.year,
                          "value"_a = value, "ceiling"_a = ceiling);
    c.message_zh = m.zh;
    c.message_en = m.en;
    out.push_back(std::move(c));
  };
  worst("debt_ratio", a.fiscal_with_plan.debt_ratio, f.max_debt_ratio, M::debt_ratio);
  worst("interest_ratio", a.fiscal_with_plan.interest_ratio, f.max_interest_ratio, M::interest_ratio);
  return out;
}

report::Summary summary(const Portfolio& p, const PortfolioAnalysis& a, Lang lang) {
  report::Summary s;
  s.key = "summary";
  s.title_zh = p.name.empty() ? "债务组合" : p.name;
  s.title_en = p.name.empty() ? "Debt portfolio" : p.name;
  s.unit = p.unit;
  auto item = [&](std::string key, std::string lz, std::string le, std::optional<double> v, Kind k,
                  std::string text = {}, Message reason = {}) {
    s.items.push_back({std::move(key), std::move(lz), std::move(le), v, k, std::move(text), std::move(reason)});
  };
  double balance = 0;
  for (const Debt& d : p.debts) balance += d.balance;
  item("debts", "债务笔数", "debts", static_cast<double>(p.debts.size()), Kind::Count);
  item("balance", fmt::format("{}年末债务余额", p.base_year), fmt::format("balance at the end of {}", p.base_year),
       balance, Kind::Money);
  item("cost_definition", "成本口径", "cost definition", std::nullopt, Kind::Rate, cost_definition(p).in(lang));
  item("current_cost", "当前综合成本", "weighted cost now", a.baseline.cost[0], Kind::Rate, {}, msg(M::nothing_owed));
  double quota_total = 0;
  for (const Quota& q : p.quotas) quota_total += q.amount;
  item("quota_total", "置换债额度合计", "refinancing quotas", quota_total, Kind::Money,
       p.quotas.empty() ? msg_in(lang, M::no_quota) : std::string());
  item("plan_total", "计划置换额", "planned refinancing", a.plan.total(), Kind::Money,
       by_quota_text(p, plan_by_quota(p, a.plan), lang));
  const std::vector<double> net = net_savings(a);
  const std::size_t h = static_cast<std::size_t>(p.horizon);
  item("net_saving_horizon", fmt::format("计划期净节约（{}–{}年）", p.base_year + 1, p.base_year + p.horizon),
       fmt::format("net saving {}–{}", p.base_year + 1, p.base_year + p.horizon), sum_first(net, 1, h), Kind::Money);
  if (h > 5)  // with five years or fewer it is the line above
    item("net_saving_5y", "前5年累计净节约", "net saving, first 5 years", sum_first(net, 1, 5), Kind::Money);
  if (!p.target) {
    item("target", "成本目标", "target", std::nullopt, Kind::Rate, msg_in(lang, M::no_target));
  } else {
    const Target& t = *p.target;
    // The ceiling as it was given (3.4426 %, not 3.44 %): the rows beside it are judged against it.
    const std::string given = format_apart_percent(std::array{t.ceiling}, report::decimals_as_given(t.ceiling, 100.0))[0] + " %";
    const bool two_decimals = given == pct(t.ceiling);
    item("target", "成本目标", "target", two_decimals ? std::optional<double>(t.ceiling) : std::nullopt, Kind::Rate,
         (two_decimals ? std::string() : given + "  ") + msg_in(lang, M::target_by_year, "year"_a = t.year));
    const auto tt = static_cast<std::size_t>(target_t(p));
    std::string status;
    switch (a.status) {
      case TargetStatus::MetWithoutRefinancing:
        status = msg_in(lang, M::target_met_without_refinancing);
        break;
      case TargetStatus::Met:
        status = msg_in(lang, M::target_met_with_plan, "year"_a = a.first_year_met.value_or(t.year));
        break;
      case TargetStatus::Unreachable: status = msg_in(lang, M::target_unreachable); break;
      case TargetStatus::NoTarget: break;
    }
    item("target_status", "目标结果", "target result", std::nullopt, Kind::Rate, status);
    const auto [in_target_year, in_target_year_text] = rate_beside_target(a.with_plan.cost[tt], t.ceiling);
    item("cost_in_target_year", fmt::format("{}年综合成本（按计划）", t.year), fmt::format("weighted cost in {} with the plan", t.year),
         in_target_year, Kind::Rate, in_target_year_text);
    if (a.status != TargetStatus::Unreachable) {
      const auto& mq = a.minimum_quota;
      // Rounded up to the cent: the amount printed must reach the target (9.0625 needed: 9.07).
      item("minimum_quota", "达标所需最小置换额", "smallest refinancing that meets the target",
           mq ? std::optional<double>(up(mq->total())) : std::nullopt, Kind::Money,
           mq ? by_quota_text(p, plan_by_quota(p, *mq), lang, true) : std::string());
    }
    if (a.closed_form) {
      const StaticRefinancing& c = *a.closed_form;
      std::string text;
      if (c.amount && *c.amount > 0) {
        const auto [old_rate, new_rate] = closed_form_rates(c);
        const auto target = format_apart_percent(std::array{c.target}, report::decimals_as_given(c.target, 100.0));
        text = msg_in(lang, c.single_rate ? M::closed_form_formula : M::closed_form_formula_mixed_rates,
                      "interest"_a = money(c.weighted_interest), "target"_a = target[0] + " %", "balance"_a = money(c.total_balance),
                      "old"_a = old_rate, "new"_a = new_rate);
      }
      item("closed_form_amount", "静态测算（当前余额，闭式公式）", "static check (today's balances, closed form)",
           c.amount ? std::optional<double>(up(*c.amount)) : std::nullopt, Kind::Money, text,
           msg(M::closed_form_not_enough, "cost"_a = pct(c.cost_after_all)));
    }
    if (a.shortfall) {
      const Shortfall& sf = *a.shortfall;
      const auto [best, best_text] = rate_beside_target(sf.best_cost, t.ceiling);
      item("best_reachable_cost", fmt::format("{}年额度内最低可达成本", t.year),
           fmt::format("lowest cost reachable in {} within the quotas", t.year), best, Kind::Rate, best_text);
      item("additional_quota", "需追加置换额度（现有票面利率）", "additional quota needed (at the given coupons)",
           sf.additional_quota ? std::optional<double>(up(*sf.additional_quota)) : std::nullopt, Kind::Money,
           by_quota_text(p, sf.additional_by_quota, lang, true),
           Message(sf.additional_quota_reason, sf.additional_quota_reason_zh));
      item("sufficient_coupon", "可达标的票面利率（不高于）", "a coupon that would suffice (at most)", sf.sufficient_coupon,
           Kind::Rate, {}, Message(sf.sufficient_coupon_reason, sf.sufficient_coupon_reason_zh));
    }
  }
  const FiscalRatios& f = a.fiscal_with_plan;
  if (p.fiscal.budget_revenue)
    item("repayment_coverage", "到期还本保障倍数", "repayment coverage", f.repayment_coverage, Kind::Ratio, {},
         Message(f.repayment_coverage_reason, f.repayment_coverage_reason_zh));
  return s;
}

namespace {

// "4.30%", or "4.60%（2027年）、4.30%（2028年起）" when the assumed rate changes.
std::string rates_text(const RollOver& o, Lang lang) {
  if (o.rates.size() == 1) return pct(o.rates.front().second);
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < o.rates.size(); ++k) {
    const bool last = k + 1 == o.rates.size();
    const int from = o.rates[k].first, to = last ? 0 : o.rates[k + 1].first - 1;
    parts.push_back(msg_in(lang, last ? M::rate_from_year : from == to ? M::rate_in_year : M::rate_in_years,
                           "rate"_a = pct(o.rates[k].second), "from"_a = from, "to"_a = to));
  }
  return fmt::format("{}", fmt::join(parts, msg_in(lang, M::rates_separator)));
}

std::string due_text(const RollOver& o, Lang lang) {
  if (o.first_due == o.last_due) return msg_in(lang, M::due_at_end_of, "year"_a = o.first_due);
  return msg_in(lang, M::due_at_ends_of, "from"_a = o.first_due, "to"_a = o.last_due);
}

}  // namespace

report::Table plan_lines_table(const Portfolio& p, const PortfolioAnalysis& a, Lang lang) {
  report::Table t{.key = "plan_lines", .title_zh = "置换计划", .title_en = "Refinancing plan", .unit = p.unit,
                  .column_label_zh = "内容", .column_label_en = "field", .row_label_zh = "债务", .row_label_en = "debt"};
  // The saving by year is in the cost path; the first year's is in the JSON plan.
  for (const M c : {M::plan_column_action, M::plan_column_year, M::plan_column_amount, M::plan_column_old_rate, M::plan_column_coupon,
                    M::plan_column_penalty, M::plan_column_issuance, M::plan_column_net_saving})
    t.columns.push_back(msg_in(lang, c));
  t.column_kinds = {Kind::Text, Kind::Text, Kind::Money, Kind::Rate, Kind::Rate, Kind::Money, Kind::Money, Kind::Money};
  const std::vector<RollOver> rollovers = plan_rollovers(p, a.plan);
  std::vector<char> shown(rollovers.size(), 0);
  for (const PlanLine& l : plan_lines(p, a.plan)) {
    const Debt& d = p.debts[l.debt];
    // A debt that fell due before this replacement rolled over first: that is its own action.
    for (std::size_t k = 0; k < rollovers.size(); ++k) {
      const RollOver& o = rollovers[k];
      if (shown[k] || o.debt != l.debt || o.replaced_from != l.year) continue;
      shown[k] = 1;
      report::Row r;
      r.key = fmt::format("rollover_{}", t.rows.size() + 1);
      r.label_zh = r.label_en = d.name;
      r.values = {std::nullopt, std::nullopt, o.amount, o.rates.front().second};
      r.texts = {msg_in(lang, M::action_roll_over), due_text(o, lang)};
      t.rows.push_back(std::move(r));
      // The kind as each language names it: 银行贷款 and bank_loan (the word of `market:`).
      const Message kind(std::string(to_string(d.kind)), std::string(label_zh(d.kind)));
      const Message due(due_text(o, Lang::En), due_text(o, Lang::Zh)), rates(rates_text(o, Lang::En), rates_text(o, Lang::Zh));
      t.notes.push_back(msg(M::note_rollover, "name"_a = d.name, "amount"_a = money(o.amount), "due"_a = due, "rates"_a = rates,
                            "kind"_a = kind, "from"_a = o.replaced_from));
    }
    const double tiny = 1e-9 * std::max(1.0, l.amount);
    std::string action = msg_in(lang, M::action_replace);
    if (l.rolled_over > l.amount - tiny) action = msg_in(lang, M::action_replace_rollover);
    else if (l.rolled_over > tiny) action = msg_in(lang, M::action_replace_part_rolled_over, "amount"_a = money(l.rolled_over));
    report::Row r;
    r.key = fmt::format("replacement_{}", t.rows.size() + 1);
    r.label_zh = r.label_en = d.name;
    r.values = {std::nullopt, std::nullopt, l.amount, l.replaced_rate, l.coupon, l.penalty, l.issuance_cost, l.net_saving};
    r.texts = {action, std::to_string(l.year)};
    t.rows.push_back(std::move(r));
  }
  return t;
}

report::Table plan_table(const Portfolio& p, const PortfolioAnalysis& a) {
  report::Table t;
  t.key = "refinancing_plan";
  t.title_zh = "置换计划（按债务、年度）";
  t.title_en = "Refinancing plan by debt and year";
  t.unit = p.unit;
  t.has_total = true;
  for (const Quota& q : p.quotas) t.columns.push_back(std::to_string(q.year));
  std::vector<std::size_t> order;
  for (const Replacement& r : a.plan.replacements)
    if (std::find(order.begin(), order.end(), r.debt) == order.end()) order.push_back(r.debt);
  for (std::size_t i : order) {
    std::vector<std::optional<double>> v(p.quotas.size());
    double total = 0;
    for (const Replacement& r : a.plan.replacements)
      if (r.debt == i) v[r.quota] = v[r.quota].value_or(0.0) + r.amount, total += r.amount;
    const Debt& d = p.debts[i];
    auto rw = row("debt", d.name, d.name, Kind::Money, std::move(v), total);
    rw.level = 1;
    t.rows.push_back(std::move(rw));
  }
  std::vector<std::optional<double>> used, quota, unused;
  double tu = 0, tq = 0;
  for (std::size_t k = 0; k < p.quotas.size(); ++k) {
    const double u = a.plan.total_in(k);
    used.emplace_back(u);
    quota.emplace_back(p.quotas[k].amount);
    unused.emplace_back(p.quotas[k].amount - u);
    tu += u;
    tq += p.quotas[k].amount;
  }
  t.rows.push_back(row("plan_total", "置换合计", "refinanced", Kind::Money, used, tu));
  t.rows.push_back(row("quota", "额度", "quota", Kind::Money, quota, tq));
  t.rows.push_back(row("unused_quota", "未用额度", "quota left unused", Kind::Money, unused, tq - tu));
  return t;
}

report::Table cost_path_table(const Portfolio& p, const PortfolioAnalysis& a) {
  report::Table t;
  t.key = "cost_path";
  t.title_zh = "综合成本路径";
  t.title_en = "Weighted cost by year";
  t.unit = p.unit;
  t.columns = year_columns(p, 0);
  const auto& b = a.baseline;
  const auto& w = a.with_plan;
  const std::size_t n = b.balance.size();
  std::vector<double> running_b(n), running_w(n), saving(n), net(n), cumulative(n), refinanced(n, 0.0);
  double cum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    running_b[i] = b.interest[i] + b.fees[i];
    running_w[i] = w.interest[i] + w.fees[i];
    saving[i] = running_b[i] - running_w[i];
    net[i] = saving[i] - w.one_off[i];
    cum += i > 0 ? net[i] : 0.0;
    cumulative[i] = cum;
  }
  for (const Replacement& r : a.plan.replacements)
    refinanced[static_cast<std::size_t>(p.index_of(p.quotas[r.quota].year))] += r.amount;
  t.rows.push_back(row("balance_without_plan", "年末债务余额（不置换）", "year-end balance, no refinancing", Kind::Money,
                       series(b.balance, false)));
  t.rows.push_back(row("cost_without_plan", "综合成本（不置换）", "weighted cost, no refinancing", Kind::Rate, b.cost));
  t.rows.push_back(row("refinanced", "当年置换额", "refinanced in the year", Kind::Money, series(refinanced, true)));
  t.rows.push_back(row("balance_with_plan", "年末债务余额（置换后）", "year-end balance with the plan", Kind::Money,
                       series(w.balance, false)));
  t.rows.push_back(row("cost_with_plan", "综合成本（置换后）", "weighted cost with the plan", Kind::Rate, w.cost));
  if (p.target) {
    std::vector<std::optional<double>> target(n);
    for (std::size_t i = static_cast<std::size_t>(target_t(p)); i < n; ++i) target[i] = p.target->ceiling;
    t.rows.push_back(row("target", "成本目标", "target", Kind::Rate, target));
  }
  t.rows.push_back(row("interest_without_plan", "利息支出（不置换）", "interest, no refinancing", Kind::Money, series(b.interest, true)));
  t.rows.push_back(row("fees_without_plan", "费用及担保费（不置换）", "fees and guarantees, no refinancing", Kind::Money, series(b.fees, true)));
  t.rows.push_back(row("interest_with_plan", "利息支出（置换后）", "interest with the plan", Kind::Money, series(w.interest, true)));
  t.rows.push_back(row("fees_with_plan", "费用及担保费（置换后）", "fees and guarantees with the plan", Kind::Money, series(w.fees, true)));
  // The savings rows are live formulas in a workbook: a clerk who corrects a penalty or a fee
  // there sees the savings follow (review 8, #13).
  t.rows.push_back(row("saving", "利息及费用节约", "interest and fees saved", Kind::Money, series(saving, true)));
  t.rows.back().derivation = report::sum_of(
      {{"interest_without_plan", 1.0}, {"fees_without_plan", 1.0}, {"interest_with_plan", -1.0}, {"fees_with_plan", -1.0}});
  t.rows.push_back(row("one_off_costs", "违约金及发行费用", "penalties and issuance costs", Kind::Money, series(w.one_off, true)));
  t.rows.push_back(row("net_saving", "净节约", "net saving", Kind::Money, series(net, true)));
  t.rows.back().derivation = report::sum_of({{"saving", 1.0}, {"one_off_costs", -1.0}});
  t.rows.push_back(row("cumulative_net_saving", "累计净节约", "cumulative net saving", Kind::Money, series(cumulative, true)));
  t.rows.back().derivation = report::cumulative_of({{"net_saving", 1.0}});
  t.notes.push_back(msg(M::note_cost_path, "definition"_a = cost_definition(p)));
  return t;
}

report::Table maturity_wall_table(const Portfolio& p, const PortfolioAnalysis& a) {
  report::Table t;
  t.key = "maturity_wall";
  t.title_zh = "到期分布（合同本金，不含续借）";
  t.title_en = "Maturity wall (contractual principal, before rollover)";
  t.unit = p.unit;
  t.has_total = true;
  t.columns = year_columns(p, 1);
  t.columns.push_back(fmt::format(">{}", p.base_year + p.horizon));
  auto values = [](const std::vector<double>& v, double& total) {
    std::vector<std::optional<double>> out;
    total = 0;
    for (double x : v) out.emplace_back(x), total += x;
    return out;
  };
  for (DebtKind k : all_debt_kinds) {
    const auto& v = a.wall.by_kind[static_cast<std::size_t>(k)];
    double total = 0;
    auto vals = values(v, total);
    if (total == 0.0) continue;
    auto r = row(std::string(to_string(k)), std::string(label_zh(k)), std::string(label_en(k)), Kind::Money, vals, total);
    r.level = 1;
    t.rows.push_back(std::move(r));
  }
  double total = 0;
  auto vals = values(a.wall.total, total);
  t.rows.push_back(row("total", "合计", "total", Kind::Money, vals, total));
  return t;
}

report::Table fiscal_table(const Portfolio& p, const PortfolioAnalysis& a) {
  report::Table t;
  t.key = "fiscal_ratios";
  t.title_zh = "财政指标";
  t.title_en = "Fiscal ratios";
  t.columns = year_columns(p, 0);
  t.rows.push_back(row("debt_ratio_without_plan", "债务率（不置换）", "debt ratio, no refinancing", Kind::Rate,
                       a.fiscal_baseline.debt_ratio));
  t.rows.push_back(row("debt_ratio_with_plan", "债务率（置换后）", "debt ratio with the plan", Kind::Rate,
                       a.fiscal_with_plan.debt_ratio));
  t.rows.push_back(row("interest_ratio_without_plan", "利息支出率（不置换）", "interest ratio, no refinancing", Kind::Rate,
                       a.fiscal_baseline.interest_ratio));
  t.rows.push_back(row("interest_ratio_with_plan", "利息支出率（置换后）", "interest ratio with the plan", Kind::Rate,
                       a.fiscal_with_plan.interest_ratio));
  t.notes.push_back(msg(M::note_fiscal_ratios));
  return t;
}

report::JsonValue debt_document(const Portfolio& p, const PortfolioAnalysis& a, const DebtReportMeta& meta) {
  report::JsonValue doc;
  doc["meta"] = {{"model", meta.model_path},
                 {"portfolio", p.name},
                 {"unit", p.unit},
                 {"rates", "fraction"},
                 {"base_year", p.base_year},
                 {"horizon", p.horizon},
                 {"cost_measure", std::string(measure_word(p.cost.measure))},
                 {"balance_basis", std::string(basis_word(p.cost.basis))},
                 {"timing", "interest on the opening balance, principal at year end, replacements at the start of the "
                            "quota's year"},
                 {"discount_rate", p.discount_rate},
                 {"solver", "GLPK primal simplex: Dantzig-Wolfe prices, restricted LP checked for optimality"},
                 {"engine_version", APPRAISE_VERSION}};
  const std::vector<double> net = net_savings(a);
  const std::size_t h = static_cast<std::size_t>(p.horizon);
  report::JsonValue s;
  double balance = 0, quota_total = 0;
  for (const Debt& d : p.debts) balance += d.balance;
  for (const Quota& q : p.quotas) quota_total += q.amount;
  s["debts"] = p.debts.size();
  s["balance"] = balance;
  s["current_cost"] = opt(a.baseline.cost[0]);
  s["target_ceiling"] = p.target ? report::JsonValue(p.target->ceiling) : report::JsonValue(nullptr);
  s["target_year"] = p.target ? report::JsonValue(p.target->year) : report::JsonValue(nullptr);
  s["target_status"] = std::string(to_string(a.status));
  s["first_year_met"] = a.first_year_met ? report::JsonValue(*a.first_year_met) : report::JsonValue(nullptr);
  if (p.target && !a.first_year_met) s["first_year_met_reason"] = "the cost stays above the target in every year";
  s["cost_in_target_year"] = p.target ? opt(a.with_plan.cost[static_cast<std::size_t>(target_t(p))]) : report::JsonValue(nullptr);
  s["quota_total"] = quota_total;
  s["plan_total"] = a.plan.total();
  s["net_saving_horizon"] = sum_first(net, 1, h);
  s["net_saving_5y"] = sum_first(net, 1, std::min<std::size_t>(5, h));
  if (p.target) {
    s["minimum_quota"] = a.minimum_quota ? report::JsonValue(a.minimum_quota->total()) : report::JsonValue(nullptr);
    if (!a.minimum_quota) s["minimum_quota_reason"] = "no plan within the quotas meets the target";
  }
  if (a.closed_form) {
    const StaticRefinancing& c = *a.closed_form;
    s["closed_form"] = {{"formula", "X = (sum(B*r) - r_target*sum(B)) / (r_old - r_new)"},
                        {"total_balance", c.total_balance},
                        {"weighted_interest", c.weighted_interest},
                        {"target", c.target},
                        {"r_old", c.r_old},
                        {"r_new", c.r_new},
                        {"single_rate", c.single_rate},
                        {"amount", opt(c.amount)},
                        {"cost_after_replacing_all_eligible", c.cost_after_all}};
  }
  s["repayment_coverage"] = opt(a.fiscal_with_plan.repayment_coverage);
  if (!a.fiscal_with_plan.repayment_coverage) s["repayment_coverage_reason"] = a.fiscal_with_plan.repayment_coverage_reason;
  s["average_principal_due"] = opt(a.fiscal_with_plan.average_principal_due);
  doc["summary"] = s;
  doc["plan"] = plan_json(p, plan_lines(p, a.plan));
  report::JsonValue rollovers = report::JsonValue::array();
  for (const RollOver& o : plan_rollovers(p, a.plan)) {
    report::JsonValue rates = report::JsonValue::array();
    for (const auto& [year, rate] : o.rates) rates.push_back({{"from", year}, {"rate", rate}});
    rollovers.push_back({{"debt", p.debts[o.debt].name},
                         {"kind", std::string(to_string(p.debts[o.debt].kind))},
                         {"first_due", o.first_due},
                         {"last_due", o.last_due},
                         {"amount", o.amount},
                         {"replaced_from", o.replaced_from},
                         {"assumed_rates", rates}});
  }
  doc["rollovers"] = rollovers;
  doc["minimum_quota_plan"] = a.minimum_quota ? plan_json(p, plan_lines(p, *a.minimum_quota)) : report::JsonValue(nullptr);
  if (a.shortfall) {
    const Shortfall& sf = *a.shortfall;
    report::JsonValue by = report::JsonValue::object();
    for (std::size_t k = 0; k < p.quotas.size(); ++k)
      if (sf.additional_by_quota[k] > 0) by[std::to_string(p.quotas[k].year)] = sf.additional_by_quota[k];
    report::JsonValue j = {{"best_cost", sf.best_cost},
                      {"additional_quota", opt(sf.additional_quota)},
                      {"additional_quota_by_year", by},
                      {"sufficient_coupon", opt(sf.sufficient_coupon)}};
    if (!sf.additional_quota) j["additional_quota_reason"] = sf.additional_quota_reason;
    if (!sf.sufficient_coupon) j["sufficient_coupon_reason"] = sf.sufficient_coupon_reason;
    doc["shortfall"] = j;
  } else {
    doc["shortfall"] = nullptr;
  }
  report::JsonValue tables = report::JsonValue::object();
  tables["cost_path"] = report::to_json(cost_path_table(p, a));
  tables["refinancing_plan"] = report::to_json(plan_table(p, a));
  tables["maturity_wall"] = report::to_json(maturity_wall_table(p, a));
  if (p.fiscal.fiscal_capacity) tables["fiscal_ratios"] = report::to_json(fiscal_table(p, a));
  doc["tables"] = tables;
  report::JsonValue cs = report::JsonValue::array();
  for (const Check& c : checks(p, a))
    cs.push_back({{"name", c.name},
                  {"year", c.year ? report::JsonValue(*c.year) : report::JsonValue(nullptr)},
                  {"value", opt(c.value)},
                  {"threshold", c.threshold},
                  {"passed", c.passed},
                  {"message", c.message_zh},
                  {"message_en", c.message_en}});
  doc["checks"] = cs;
  return doc;
}

std::string render_debt_report(const Portfolio& p, const PortfolioAnalysis& a, const DebtReportMeta& meta,
                               report::Format format, Lang lang, std::size_t width, const report::CsvStyle& csv) {
  if (format == report::Format::Json) return report::dump(debt_document(p, a, meta));
  if (format == report::Format::Csv) {
    std::string s = report::render_csv(summary(p, a, lang), lang, csv);
    s += "\n" + report::render_csv(plan_lines_table(p, a, lang), lang, csv);
    s += "\n" + report::render_csv(plan_table(p, a), lang, csv);
    s += "\n" + report::render_csv(cost_path_table(p, a), lang, csv);
    s += "\n" + report::render_csv(maturity_wall_table(p, a), lang, csv);
    if (p.fiscal.fiscal_capacity) s += "\n" + report::render_csv(fiscal_table(p, a), lang, csv);
    return s;
  }
  std::string s = report::render_text(summary(p, a, lang), lang);
  s += "\n";
  if (a.plan.replacements.empty()) {
    const bool no_quota = std::all_of(p.quotas.begin(), p.quotas.end(), [](const Quota& q) { return q.amount == 0.0; });
    s += msg_in(lang, no_quota ? M::no_plan_no_quota : M::no_plan) + "\n";
  } else {
    s += report::render_text(plan_lines_table(p, a, lang), lang, width);
  }
  s += "\n" + report::render_text(cost_path_table(p, a), lang, width);
  s += "\n" + report::render_text(maturity_wall_table(p, a), lang, width);
  if (p.fiscal.fiscal_capacity) s += "\n" + report::render_text(fiscal_table(p, a), lang, width);
  const std::string cs = render_checks(checks(p, a), lang);
  if (!cs.empty()) s += "\n" + cs;
  (void)meta;
  return s;
}

}  // namespace appraise::portfolio
