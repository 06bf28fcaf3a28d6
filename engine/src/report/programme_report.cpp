// The programme report (report/programme_report.hpp).
#include "appraise/report/programme_report.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "appraise/core/units.hpp"
#include "appraise/messages/report.hpp"
#include "appraise/report/portfolio_report.hpp"
#include "appraise/report/workbooks.hpp"

namespace appraise::programme {
namespace {

using report::Kind;
using report::Lang;
using namespace appraise::literals;

bool zh(Lang lang) { return lang == Lang::Zh; }
std::string money(double v) { return report::format_value(v, Kind::Money); }

// A change of rate in basis points (1 bp = 0.01%), rounded to 0.01 bp, never -0.
double basis_points(double change) {
  const double bp = std::round(change * 1e6) / 100.0;
  return bp == 0.0 ? 0.0 : bp;
}

report::JsonValue opt(const std::optional<double>& v) { return v ? report::JsonValue(*v) : report::JsonValue(nullptr); }
report::JsonValue finite(double v) { return std::isfinite(v) ? report::JsonValue(v) : report::JsonValue(nullptr); }

// A proved gap as a percentage rounded UP to two significant digits ("≤ 0.014 %" for 0.0131 %),
// so that the report never claims more optimality than was proved.
std::string gap_text(double gap, Lang lang) {
  if (!std::isfinite(gap)) return zh(lang) ? "未知（时限内未得到上界）" : "unknown (no bound within the time)";
  const double percent = gap * 100.0;
  const int decimals = percent > 0 ? std::clamp(1 - static_cast<int>(std::floor(std::log10(percent))), 0, 6) : 0;
  const double scale = std::pow(10.0, decimals);
  return fmt::format("≤ {:.{}f} %", std::ceil(percent * scale * (1 - 1e-12)) / scale, decimals);
}


// The objective's name, as the report says what it maximises.
std::string objective_name(Objective o, Lang lang) {
  switch (o) {
    case Objective::Enpv: return zh(lang) ? "经济净现值" : "ENPV";
    case Objective::Fnpv: return zh(lang) ? "财务净现值（所得税后）" : "FNPV after tax";
    case Objective::Score: return zh(lang) ? "评分" : "score";
  }
  return {};
}

Kind objective_kind(const Programme& p) { return p.objective == Objective::Score ? Kind::Ratio : Kind::Money; }

std::string objective_amount(const Programme& p, double v) {
  return p.objective == Objective::Score ? report::format_value(v, Kind::Ratio) : money(v) + " " + p.unit;
}

// What the solver did, in one note: proved, or stopped at the time limit with its gap.
std::string solver_note(const Programme& p, const Choice& c, Lang lang) {
  if (c.proved)
    return zh(lang) ? "GLPK 分支定界，相对间隙 0，已证明最优；含每项约束的影子价格重解"
                    : "GLPK branch and bound, relative gap 0, optimum proved; one re-solve per limit for its shadow value";
  return zh(lang) ? fmt::format("GLPK 分支定界在时限 {:g} 秒内停止，未证明最优：最优性差距 {}，即任何组合的{}合计至多为 {}；"
                                "含每项约束的影子价格重解",
                                p.time_limit, gap_text(c.mip_gap, lang), objective_name(p.objective, lang),
                                std::isfinite(c.bound) ? objective_amount(p, c.bound) : "未知")
                  : fmt::format("GLPK branch and bound stopped at the {:g} s time limit, optimum not proved: optimality gap {}, no "
                                "set's total {} exceeds {}; one re-solve per limit for its shadow value",
                                p.time_limit, gap_text(c.mip_gap, lang), objective_name(p.objective, lang),
                                std::isfinite(c.bound) ? objective_amount(p, c.bound) : "unknown");
}

std::string limit_name(const Programme& p, const Limit& l, Lang lang) {
  const double share = p.constraints.fiscal_ceiling * 100;
  switch (l.kind) {
    case LimitKind::BudgetCapital: return zh(lang) ? fmt::format("{}年预算内建设资金", l.year) : fmt::format("budget capital {}", l.year);
    case LimitKind::BondQuota: return zh(lang) ? fmt::format("{}年专项债券额度", l.year) : fmt::format("special-bond quota {}", l.year);
    case LimitKind::FiscalCeiling:
      return zh(lang) ? fmt::format("{}年财政承受能力（一般公共预算支出的{:g}%）", l.year, share)
                      : fmt::format("fiscal capacity {} ({:g}% of general-budget expenditure)", l.year, share);
    case LimitKind::NewDebtCap: return zh(lang) ? fmt::format("{}年新增债务上限", l.year) : fmt::format("new-debt cap {}", l.year);
  }
  return {};
}

// Candidates by rank: objective value, highest first; ties keep the file's order.
std::vector<std::size_t> ranking(const Choice& c) {
  std::vector<std::size_t> order(c.decisions.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return c.decisions[a].value > c.decisions[b].value; });
  return order;
}

report::Row make_row(std::string key, std::string label_zh, std::string label_en, Kind kind,
                     std::vector<std::optional<double>> values) {
  report::Row r;
  r.key = std::move(key);
  r.label_zh = std::move(label_zh);
  r.label_en = std::move(label_en);
  r.kind = kind;
  r.values = std::move(values);
  return r;
}

std::string verdict_word(Verdict v, Lang lang) {
  return v == Verdict::Chosen ? (zh(lang) ? "选中" : "chosen") : (zh(lang) ? "未选" : "left out");
}

const portfolio::Portfolio& debt_portfolio(const ProgrammeRun& run) { return *run.programme.debt; }

std::optional<std::size_t> target_t(const portfolio::Portfolio& p) {
  if (!p.target) return std::nullopt;
  return static_cast<std::size_t>(p.index_of(p.target->year));
}

// The debt join's verdict in one sentence: the cost in the target year before and after, and
// whether the target still holds.
std::string debt_sentence(const ProgrammeRun& run, Lang lang) {
  const DebtJoin& j = *run.debt;
  const portfolio::Portfolio& p = debt_portfolio(run);
  const auto tt = target_t(p);
  if (!tt) return zh(lang) ? "债务组合未设成本目标" : "the portfolio states no cost target";
  const auto before = j.before.with_plan.cost[*tt];
  const auto after = j.after.with_plan.cost[*tt];
  const int year = p.target->year;
  if (!before || !after) return zh(lang) ? fmt::format("{}年没有债务余额", year) : fmt::format("nothing is owed in {}", year);
  const double bp = basis_points(*after - *before);
  const bool met = *after <= p.target->ceiling;
  const bool was_met = *before <= p.target->ceiling;
  const std::string verdict = zh(lang) ? (met ? (was_met ? "仍不高于" : "降至不高于") : (was_met ? "转为高于" : "仍高于"))
                                       : (met ? (was_met ? "still within" : "now within") : (was_met ? "now above" : "still above"));
  // Every comparison the sentence states visible in its digits: before and after, after and target.
  const auto shown = format_apart_percent(std::array{*before, *after, p.target->ceiling}, report::decimals_as_given(p.target->ceiling, 100.0));
  const std::string was = shown[0] + " %", now = shown[1] + " %", ceiling = shown[2] + " %";
  if (zh(lang))
    return fmt::format("计划项目的新增借款使{}年综合成本（含置换计划）{}，{}目标 {}", year,
                       bp == 0.0 ? fmt::format("保持 {}（变化不足 0.01 个基点）", now)
                                 : fmt::format("由 {} {}至 {}（{}{:.2f} 个基点）", was, bp > 0 ? "升" : "降", now,
                                               bp > 0 ? "+" : "−", std::abs(bp)),
                       verdict, ceiling);
  if (bp == 0.0)
    return fmt::format("the programme's new borrowing leaves the {} weighted cost (with the refinancing plan) at {} (less than "
                       "0.01 basis points of change): {} the {} target",
                       year, now, verdict, ceiling);
  return fmt::format("the programme's new borrowing moves the {} weighted cost (with the refinancing plan) from {} to {} "
                     "({}{:.2f} basis points): {} the {} target",
                     year, was, now, bp > 0 ? "+" : "−", std::abs(bp), verdict, ceiling);
}

// The limit a candidate would exceed, named as the rule that keeps it out: the fiscal ceiling is
// the 5% government-pay limit when a government-pay project would then be chosen.
std::string exceeded_name(const ProgrammeRun& run, const Limit& l, const CandidateEvaluation& e, Lang lang) {
  const Programme& p = run.programme;
  const bool gov_rule = l.kind == LimitKind::FiscalCeiling && (run.choice.government_pay_chosen || e.government_pay);
  if (!gov_rule) return limit_name(p, l, lang);
  return msg_in(lang, messages::Report::programme_limit_government_pay, "year"_a = l.year,
                "share"_a = fmt::format("{:g}", p.constraints.government_pay_ceiling * 100));
}

std::string names_of(const Programme& p, const std::vector<std::size_t>& which, Lang lang) {
  std::vector<std::string> names;
  for (std::size_t i : which) names.push_back(p.candidates[i].name);
  return fmt::format("{}", fmt::join(names, zh(lang) ? "、" : ", "));
}

// A limit that keeps out a project worth more than any chosen one by more than a shadow step:
// its shadow value cannot say so, so a line of its own does.
std::vector<std::string> step_too_small_lines(const ProgrammeRun& run, Lang lang) {
  const Programme& p = run.programme;
  const Choice& c = run.choice;
  double best_chosen = -std::numeric_limits<double>::infinity();
  for (const Decision& d : c.decisions)
    if (d.verdict == Verdict::Chosen) best_chosen = std::max(best_chosen, d.value);
  std::vector<std::string> out;
  for (std::size_t i : ranking(c)) {
    const Decision& d = c.decisions[i];
    if (d.verdict != Verdict::Limits || !(d.value > best_chosen)) continue;
    for (const auto& x : d.exceeds)
      if (x.amount > p.shadow_step)
        out.push_back(msg_in(lang, messages::Report::programme_step_too_small, "step"_a = money(p.shadow_step), "unit"_a = p.unit,
                             "limit"_a = exceeded_name(run, c.limits[x.limit], run.evaluations[i], lang), "name"_a = p.candidates[i].name,
                             "need"_a = money(x.amount)));
  }
  return out;
}

std::vector<std::string> binding_lines(const ProgrammeRun& run, Lang lang) {
  std::vector<std::string> out;
  for (const Limit& l : run.choice.limits)
    if (l.binding()) out.push_back(shadow_text(run, l, lang));
  for (auto& line : step_too_small_lines(run, lang)) out.push_back(std::move(line));
  return out;
}

}  // namespace

// The shadow value's sentence, without what the relaxed solve changes.
static std::string shadow_sentence(const ProgrammeRun& run, const Limit& l, Lang lang);

std::string shadow_text(const ProgrammeRun& run, const Limit& l, Lang lang) {
  const Programme& p = run.programme;
  std::string change;
  if (!l.added.empty() && !l.dropped.empty())
    change = msg_in(lang, messages::Report::programme_shadow_adds_drops, "added"_a = names_of(p, l.added, lang),
                    "dropped"_a = names_of(p, l.dropped, lang));
  else if (!l.added.empty())
    change = msg_in(lang, messages::Report::programme_shadow_adds, "added"_a = names_of(p, l.added, lang));
  return shadow_sentence(run, l, lang) + change;
}

static std::string shadow_sentence(const ProgrammeRun& run, const Limit& l, Lang lang) {
  const Programme& p = run.programme;
  if (!l.shadow_proved()) {
    const std::string high = std::isfinite(l.shadow_high) ? objective_amount(p, l.shadow_high) : (zh(lang) ? "未知" : "unknown");
    if (zh(lang))
      return fmt::format("{}每增加 {} {}，找到的{}合计增加 {}（求解在时限内停止，确切值在 {} 与 {} 之间）", limit_name(p, l, lang),
                         money(p.shadow_step), p.unit, objective_name(p.objective, lang), objective_amount(p, l.shadow),
                         objective_amount(p, l.shadow_low), high);
    return fmt::format("one more {} {} of the {} gave a set with {} more {} (the search stopped at its time limit: the exact value is "
                       "between {} and {})",
                       money(p.shadow_step), p.unit, limit_name(p, l, lang), objective_amount(p, l.shadow),
                       objective_name(p.objective, lang), objective_amount(p, l.shadow_low), high);
  }
  if (zh(lang))
    return fmt::format("{}每增加 {} {}，{}合计可增加 {}", limit_name(p, l, lang), money(p.shadow_step), p.unit,
                       objective_name(p.objective, lang), objective_amount(p, l.shadow));
  return fmt::format("one more {} {} of the {} would add {} of {}", money(p.shadow_step), p.unit, limit_name(p, l, lang),
                     objective_amount(p, l.shadow), objective_name(p.objective, lang));
}

std::string decision_text(const ProgrammeRun& run, std::size_t i, Lang lang) {
  const Programme& p = run.programme;
  const Decision& d = run.choice.decisions[i];
  const CandidateEvaluation& e = run.evaluations[i];
  auto name = [&](std::optional<std::size_t> k) { return k ? p.candidates[*k].name : std::string(); };
  switch (d.verdict) {
    case Verdict::Chosen:
      // Chosen although its own model's checks fail (a DSCR below the lender's floor): the choice
      // must not read as an endorsement of a project that misses them.
      if (e.checks_failed > 0) return msg_in(lang, messages::Report::programme_chosen_failing_checks, "count"_a = e.checks_failed);
      return zh(lang) ? "选中" : "chosen";
    case Verdict::FailsChecks:
      return zh(lang) ? fmt::format("模型有 {} 项判别未通过，计划只选全部通过的项目", e.checks_failed)
                      : fmt::format("misses {} check(s) of its model, and the programme takes only projects that pass", e.checks_failed);
    case Verdict::NotPositive:
      return zh(lang) ? fmt::format("{} {}不为正，选入不能增加目标", objective_name(p.objective, lang), objective_amount(p, d.value))
                      : fmt::format("its {} of {} adds nothing to the objective", objective_name(p.objective, lang), objective_amount(p, d.value));
    case Verdict::Excluded:
      return zh(lang) ? fmt::format("与“{}”互斥，已选后者", name(d.because))
                      : fmt::format("excluded: {} is the option chosen in its group", name(d.because));
    case Verdict::Dependency:
      return zh(lang) ? fmt::format("须与“{}”同建，而后者未选", name(d.because))
                      : fmt::format("requires {}, which is not chosen", name(d.because));
    case Verdict::Limits: {
      std::vector<std::string> parts;
      for (const auto& x : d.exceeds) {
        const Limit& l = run.choice.limits[x.limit];
        const std::string what = exceeded_name(run, l, e, lang);
        parts.push_back(zh(lang) ? fmt::format("{} {} {}", what, money(x.amount), p.unit)
                                 : fmt::format("{} by {} {}", what, money(x.amount), p.unit));
      }
      if (d.alone)
        return msg_in(lang, messages::Report::programme_exceeds_alone, "limits"_a = fmt::format("{}", fmt::join(parts, zh(lang) ? "；" : "; ")));
      return zh(lang) ? fmt::format("加入将超出：{}", fmt::join(parts, "；")) : fmt::format("adding it would exceed: {}", fmt::join(parts, "; "));
    }
  }
  return {};
}

// The reason column of the decisions (CSV, workbook): empty for a plain 选中, which the result
// column already says.
static std::string reason_cell(const ProgrammeRun& run, std::size_t i, Lang lang) {
  const bool plain = run.choice.decisions[i].verdict == Verdict::Chosen && run.evaluations[i].checks_failed == 0;
  return plain ? std::string() : decision_text(run, i, lang);
}

report::Summary summary(const ProgrammeRun& run, Lang lang) {
  const Programme& p = run.programme;
  const Choice& c = run.choice;
  report::Summary s;
  s.key = "summary";
  s.title_zh = p.name.empty() ? "项目计划" : p.name;
  s.title_en = p.name.empty() ? "Programme" : p.name;
  s.unit = p.unit;
  auto item = [&](std::string key, std::string lz, std::string le, std::optional<double> v, Kind k, std::string text = {}) {
    report::Item it;
    it.key = std::move(key);
    it.label_zh = std::move(lz);
    it.label_en = std::move(le);
    it.value = v;
    it.kind = k;
    it.text = std::move(text);
    s.items.push_back(std::move(it));
  };
  item("candidates", "候选项目", "candidates", static_cast<double>(p.candidates.size()), Kind::Count);
  item("objective", "目标", "objective", std::nullopt, Kind::Money,
       zh(lang) ? objective_name(p.objective, lang) + "合计最大" : "maximise the sum of " + objective_name(p.objective, lang));
  std::vector<std::string> chosen;
  for (std::size_t i = 0; i < p.candidates.size(); ++i)
    if (c.decisions[i].verdict == Verdict::Chosen) chosen.push_back(p.candidates[i].name);
  item("chosen", "选中项目", "chosen", static_cast<double>(chosen.size()), Kind::Count,
       fmt::format("{}", fmt::join(chosen, zh(lang) ? "、" : ", ")));
  item("objective_value", objective_name(p.objective, Lang::Zh) + "合计", "total " + objective_name(p.objective, Lang::En), c.objective,
       objective_kind(p));
  std::string gov;
  if (c.government_pay_chosen)
    gov = zh(lang) ? fmt::format("已选入，各年财政支出责任合计不高于一般公共预算支出的{:g}%", p.constraints.government_pay_ceiling * 100)
                   : fmt::format("chosen: every year's total stays within {:g}% of general-budget expenditure",
                                 p.constraints.government_pay_ceiling * 100);
  else
    gov = zh(lang) ? "未选入" : "none chosen";
  item("government_pay", "政府付费项目", "government-pay projects", std::nullopt, Kind::Count, gov);
  item("solves", "整数规划求解次数", "integer programmes solved", static_cast<double>(c.solves), Kind::Count, solver_note(p, c, lang));
  if (run.debt) {
    const portfolio::Portfolio& pf = debt_portfolio(run);
    const DebtJoin& j = *run.debt;
    item("new_debts", "计划项目新增债务（笔）", "the programme's new debts", static_cast<double>(j.joined.debts.size() - j.first_new), Kind::Count,
         zh(lang) ? fmt::format("并入{}", pf.name.empty() ? "债务组合" : pf.name)
                  : fmt::format("joined to {}", pf.name.empty() ? "the debt portfolio" : pf.name));
    if (const auto tt = target_t(pf)) {
      item("cost_before", fmt::format("{}年综合成本（现有债务）", pf.target->year), fmt::format("weighted cost {} (debts as they are)", pf.target->year),
           j.before.with_plan.cost[*tt], Kind::Rate);
      item("cost_after", fmt::format("{}年综合成本（加入计划项目）", pf.target->year),
           fmt::format("weighted cost {} (with the programme)", pf.target->year), j.after.with_plan.cost[*tt], Kind::Rate);
    }
    item("debt_target", "成本目标", "cost target", pf.target ? std::optional<double>(pf.target->ceiling) : std::nullopt, Kind::Rate,
         debt_sentence(run, lang));
  }
  return s;
}

report::Table candidate_table(const ProgrammeRun& run, Lang lang) {
  const Programme& p = run.programme;
  report::Table t;
  t.key = "candidates";
  t.title_zh = "按目标值排序的候选项目指标";
  t.title_en = "Candidates ranked by their contribution to the objective";
  t.unit = p.unit;
  t.column_label_zh = "项目";
  t.column_label_en = "project";
  if (zh(lang))
    t.columns = {"总投资", "财务净现值", "财务内部收益率", "经济净现值", "经济内部收益率", "最低偿债备付率", "专项债覆盖倍数",
                 "财政净支出现值", "未通过判别", "选中"};
  else
    t.columns = {"total investment", "FNPV", "FIRR", "ENPV", "EIRR", "DSCR min", "bond coverage", "fiscal cost (PV)",
                 "checks missed", "chosen"};
  t.column_kinds = {Kind::Money, Kind::Money, Kind::Rate, Kind::Money, Kind::Rate, Kind::Ratio, Kind::Ratio, Kind::Money,
                    Kind::Count, Kind::Count};
  if (p.objective == Objective::Score) {
    t.columns.push_back(zh(lang) ? "评分" : "score");
    t.column_kinds.push_back(Kind::Ratio);
  }
  std::size_t rank = 0;
  for (std::size_t i : ranking(run.choice)) {
    const CandidateEvaluation& e = run.evaluations[i];
    std::vector<std::optional<double>> v{e.total_investment,     e.fnpv,          e.firr.value,
                                         e.enpv.value,           e.eirr.value,    e.dscr_min.value,
                                         e.bond_coverage.value,  e.fiscal_cost,   static_cast<double>(e.checks_failed),
                                         run.choice.decisions[i].verdict == Verdict::Chosen ? 1.0 : 0.0};
    if (p.objective == Objective::Score) v.push_back(p.candidates[i].score);
    const std::string& name = p.candidates[i].name;
    auto r = e.incremental ? make_row("candidate", msg_in(Lang::Zh, messages::Report::programme_incremental_row, "name"_a = name),
                                      msg_in(Lang::En, messages::Report::programme_incremental_row, "name"_a = name), Kind::Money,
                                      std::move(v))
                           : make_row("candidate", name, name, Kind::Money, std::move(v));
    r.number = std::to_string(++rank);
    r.level = 1;
    t.rows.push_back(std::move(r));
  }
  t.notes = {Message::chosen(zh(lang) ? "财务净现值、财务内部收益率为项目投资所得税后指标；经济指标仅对有经济费用效益分析的模型列出；专项债覆盖倍数取各专项债券的最低者；"
                        "财政净支出现值为财政支出减财政收入按财政折现率的现值；选中为 1。"
                      : "FNPV and FIRR: project investment, after tax; ENPV and EIRR only for models with an economic analysis; bond "
                        "coverage: the lowest of the special bonds; fiscal cost: PV of the budget's outlays less its receipts, at the "
                        "fiscal discount rate; chosen: 1.")};
  if (std::any_of(run.evaluations.begin(), run.evaluations.end(), [](const CandidateEvaluation& e) { return e.incremental; }))
    t.notes.push_back(Message::chosen(msg_in(lang, messages::Report::programme_incremental_note)));
  return t;
}

report::Table limit_table(const ProgrammeRun& run, Lang lang) {
  const Programme& p = run.programme;
  report::Table t;
  t.key = "limits";
  t.title_zh = "各年约束";
  t.title_en = "Limits by year";
  t.unit = p.unit;
  t.column_label_zh = "约束";
  t.column_label_en = "limit";
  t.columns = zh(lang) ? std::vector<std::string>{"可用", "已用", "余量", "影子价格"}
                       : std::vector<std::string>{"available", "used", "room", "shadow value"};
  // When a solve stopped at its time limit, the range each shadow value is known to lie in.
  const bool ranges = std::any_of(run.choice.limits.begin(), run.choice.limits.end(), [](const Limit& l) { return !l.shadow_proved(); });
  if (ranges) {
    t.columns.push_back(zh(lang) ? "影子价格下限" : "shadow value at least");
    t.columns.push_back(zh(lang) ? "影子价格上限" : "shadow value at most");
  }
  const bool gov = run.choice.government_pay_chosen;
  for (const Limit& l : run.choice.limits) {
    const double available = gov && l.available_government_pay ? *l.available_government_pay : l.available;
    std::vector<std::optional<double>> values{available, l.used, available - l.used, l.shadow};
    if (ranges) {
      values.push_back(l.shadow_low);
      values.push_back(std::isfinite(l.shadow_high) ? std::optional<double>(l.shadow_high) : std::nullopt);
    }
    auto r = make_row(std::string(to_string(l.kind)), limit_name(p, l, Lang::Zh), limit_name(p, l, Lang::En), Kind::Money,
                      std::move(values));
    r.level = 1;
    t.rows.push_back(std::move(r));
  }
  if (ranges)
    t.notes.push_back(Message::chosen(zh(lang) ? fmt::format("求解在时限 {:g} 秒内停止：影子价格为找到的组合之差，确切值在下限与上限之间（由两次求解的组合与上界得出）。",
                                             p.time_limit)
                               : fmt::format("the search stopped at its {:g} s time limit: a shadow value is the gain of the sets found, and "
                                             "the exact value lies between the two last columns (from both solves' sets and bounds).",
                                             p.time_limit)));
  const double f = p.constraints.fiscal_ceiling * 100, g = p.constraints.government_pay_ceiling * 100;
  const bool fiscal = !p.constraints.general_budget.empty();
  if (zh(lang)) {
    t.notes.push_back(Message::chosen(fmt::format("影子价格：该项约束放宽 {} {}后重新求解整数规划，{}合计增加的数额；为 0 表示多出的额度换不来更好的项目组合。",
                                  money(p.shadow_step), p.unit, objective_name(p.objective, lang))));
    if (fiscal)
      t.notes.push_back(Message::chosen(fmt::format("财政承受能力的可用额 = 一般公共预算支出 × {:g}% − 已有项目支出责任（不低于 0）；选入政府付费项目时按 {:g}%。", f, g)));
  } else {
    t.notes.push_back(Message::chosen(fmt::format("shadow value: what the total {} gains when that one limit is {} {} larger and the integer programme is "
                                  "solved again; 0: the extra room buys no better set.",
                                  objective_name(p.objective, lang), money(p.shadow_step), p.unit)));
    if (fiscal)
      t.notes.push_back(Message::chosen(fmt::format("fiscal capacity available = {:g}% of general-budget expenditure − commitments in force (at least 0); "
                                    "{:g}% when a government-pay project is chosen.", f, g)));
  }
  return t;
}

// What each candidate asks of each limit, year by year: the figures behind every 已用 and every
// excess the decisions state (review 8, #10).
report::Table usage_table(const ProgrammeRun& run, Lang lang) {
  const Programme& p = run.programme;
  report::Table t;
  t.key = "usage";
  t.title_zh = "候选项目占用各项限额";
  t.title_en = "What each candidate asks of each limit";
  t.unit = p.unit;
  t.column_label_zh = "项目";
  t.column_label_en = "project";
  for (const Limit& l : run.choice.limits) {
    t.columns.push_back(limit_name(p, l, lang));
    t.column_kinds.push_back(Kind::Money);
  }
  for (std::size_t i : ranking(run.choice)) {
    std::vector<std::optional<double>> v;
    for (const Limit& l : run.choice.limits) v.push_back(use_of(run.evaluations[i], l.kind, l.year));
    auto r = make_row("candidate", p.candidates[i].name, p.candidates[i].name, Kind::Money, std::move(v));
    r.level = 1;
    t.rows.push_back(std::move(r));
  }
  t.notes = {Message::chosen(msg_in(lang, messages::Report::programme_usage_note))};
  return t;
}

report::Table debt_cost_table(const ProgrammeRun& run, Lang lang) {
  const portfolio::Portfolio& pf = debt_portfolio(run);
  const DebtJoin& j = *run.debt;
  report::Table t;
  t.key = "debt_cost_path";
  t.title_zh = "计划项目对债务综合成本的影响";
  t.title_en = "The programme's borrowing and the weighted debt cost";
  t.unit = pf.unit;
  for (int k = 0; k <= pf.horizon; ++k) t.columns.push_back(std::to_string(pf.year_of(k)));
  const auto n = static_cast<std::size_t>(pf.horizon) + 1;
  std::vector<std::optional<double>> before, after, change, balance_new, balance_all, target(n);
  for (std::size_t k = 0; k < n; ++k) {
    const auto b = j.before.with_plan.cost[k];
    const auto a = j.after.with_plan.cost[k];
    before.push_back(b);
    after.push_back(a);
    // Unrounded, so that the workbook's formula (after − before) × 10000 recomputes it; the
    // text shows two decimals and never -0.00.
    change.push_back(a && b ? std::optional<double>((*a - *b) * 1e4) : std::nullopt);
    balance_new.push_back(j.after.with_plan.balance[k] - j.before.with_plan.balance[k]);
    balance_all.push_back(j.after.with_plan.balance[k]);
  }
  if (const auto tt = target_t(pf)) target[*tt] = pf.target->ceiling;
  t.rows.push_back(make_row("cost_before", "综合成本（现有债务，含置换计划）", "weighted cost, debts as they are (with refinancing)", Kind::Rate, before));
  t.rows.push_back(make_row("cost_after", "综合成本（加入计划项目）", "weighted cost with the programme", Kind::Rate, after));
  t.rows.push_back(make_row("cost_change_bp", "变化（基点，1基点 = 0.01%）", "change (basis points, 1 bp = 0.01%)", Kind::Ratio, change));
  t.rows.back().derivation = report::sum_of({{"cost_after", 1e4}, {"cost_before", -1e4}});
  t.rows.push_back(make_row("target", "成本目标", "cost target", Kind::Rate, target));
  t.rows.push_back(make_row("new_debt_balance", "计划项目新增债务年末余额", "year-end balance of the programme's debts", Kind::Money, balance_new));
  t.rows.push_back(make_row("balance_after", "年末债务余额（加入计划项目）", "year-end balance with the programme", Kind::Money, balance_all));
  t.notes = {Message::chosen(zh(lang) ? "两条成本路径都按 `appraise debt` 的口径计算，各自含其最优置换计划；计划项目的借款按贷款计划逐年并入，到期偿还，不参与置换。"
                      : "Both paths are computed as `appraise debt` computes them, each with its own best refinancing plan; the "
                        "programme's loans join year by year as their schedules draw and repay them, repaid at maturity and not refinanced.")};
  return t;
}

report::Table new_debt_table(const ProgrammeRun& run) {
  const portfolio::Portfolio& pf = debt_portfolio(run);
  const DebtJoin& j = *run.debt;
  report::Table t;
  t.key = "new_debts";
  t.title_zh = "计划项目新增债务（年末余额）";
  t.title_en = "The programme's new debts (year-end balances)";
  t.unit = pf.unit;
  for (int k = 0; k <= pf.horizon; ++k) t.columns.push_back(std::to_string(pf.year_of(k)));
  for (std::size_t d = j.first_new; d < j.joined.debts.size(); ++d) {
    const portfolio::Debt& debt = j.joined.debts[d];
    std::vector<std::optional<double>> v;
    for (int k = 0; k <= pf.horizon; ++k) v.push_back(portfolio::scheduled_balance(debt, pf.base_year, k));
    auto r = make_row("debt", debt.name, debt.name, Kind::Money, std::move(v));
    r.level = 1;
    t.rows.push_back(std::move(r));
  }
  return t;
}

report::JsonValue programme_document(const ProgrammeRun& run, const ProgrammeReportMeta& meta) {
  const Programme& p = run.programme;
  const Choice& c = run.choice;
  report::JsonValue doc;
  doc["meta"] = {{"programme", meta.path},
                 {"name", p.name},
                 {"unit", p.unit},
                 {"rates", "fraction"},
                 {"objective", std::string(to_string(p.objective))},
                 {"require_pass", p.require_pass},
                 {"shadow_step", p.shadow_step},
                 {"fiscal_ceiling", p.constraints.fiscal_ceiling},
                 {"government_pay_ceiling", p.constraints.government_pay_ceiling},
                 {"time_limit", p.time_limit},
                 {"solver", "GLPK glp_intopt branch and bound with presolve, relative gap 0, stopped at time_limit seconds "
                            "(summary.optimum_proved, summary.mip_gap); the choice is checked against every limit to a relative 1e-9"},
                 {"shadow_value", "objective gained by solving again with that one limit larger by shadow_step; between "
                                  "shadow_value_low and shadow_value_high when a solve stopped at the time limit"},
                 {"engine_version", APPRAISE_VERSION}};
  report::JsonValue s;
  s["candidates"] = p.candidates.size();
  s["chosen"] = c.chosen_count();
  s["objective_value"] = c.objective;
  s["government_pay_chosen"] = c.government_pay_chosen;
  s["solves"] = c.solves;
  s["optimum_proved"] = c.proved;
  s["mip_gap"] = finite(c.mip_gap);
  s["objective_bound"] = finite(c.bound);
  doc["summary"] = s;
  report::JsonValue cands = report::JsonValue::array();
  std::size_t rank = 0;
  for (std::size_t i : ranking(c)) {
    const Candidate& cd = p.candidates[i];
    const CandidateEvaluation& e = run.evaluations[i];
    const Decision& d = c.decisions[i];
    report::JsonValue j;
    j["rank"] = ++rank;
    j["name"] = cd.name;
    j["model"] = cd.model_path;
    j["scenario_file"] = cd.scenario_file.empty() ? report::JsonValue(nullptr) : report::JsonValue(cd.scenario_file);
    j["scenario"] = cd.scenario.empty() ? report::JsonValue(nullptr) : report::JsonValue(cd.scenario);
    j["objective_value"] = d.value;
    j["total_investment"] = e.total_investment;
    j["fnpv_post_tax"] = e.fnpv;
    j["incremental"] = e.incremental;
    j["firr_post_tax"] = opt(e.firr.value);
    if (!e.firr.value) j["firr_post_tax_reason"] = e.firr.reason;
    j["dscr_min"] = opt(e.dscr_min.value);
    if (!e.dscr_min.value) j["dscr_min_reason"] = e.dscr_min.reason;
    j["bond_coverage"] = opt(e.bond_coverage.value);
    if (!e.bond_coverage.value) j["bond_coverage_reason"] = e.bond_coverage.reason;
    j["enpv"] = opt(e.enpv.value);
    if (!e.enpv.value) j["enpv_reason"] = e.enpv.reason;
    j["eirr"] = opt(e.eirr.value);
    if (!e.eirr.value) j["eirr_reason"] = e.eirr.reason;
    j["ebcr"] = opt(e.ebcr.value);
    if (!e.ebcr.value) j["ebcr_reason"] = e.ebcr.reason;
    j["fiscal_cost_pv"] = e.fiscal_cost;
    j["passed"] = e.passed;
    j["checks_failed"] = e.checks_failed;
    j["ppp"] = e.ppp;
    j["government_pay"] = e.government_pay;
    j["chosen"] = d.verdict == Verdict::Chosen;
    j["verdict"] = std::string(to_string(d.verdict));
    j["because"] = d.because ? report::JsonValue(p.candidates[*d.because].name) : report::JsonValue(nullptr);
    report::JsonValue ex = report::JsonValue::array();
    for (const auto& x : d.exceeds)
      ex.push_back({{"limit", std::string(to_string(c.limits[x.limit].kind))},
                    {"year", c.limits[x.limit].year},
                    {"excess", x.amount},
                    {"beyond_shadow_step", x.amount > p.shadow_step}});
    j["exceeds"] = ex;
    j["exceeds_alone"] = d.alone;
    report::JsonValue uses = report::JsonValue::array();
    for (const Limit& l : c.limits)
      uses.push_back({{"limit", std::string(to_string(l.kind))}, {"year", l.year}, {"amount", use_of(e, l.kind, l.year)}});
    j["uses"] = uses;
    // Prose in English under the plain key, the Chinese beside it under `_zh`, as every document.
    j["reason"] = decision_text(run, i, Lang::En);
    j["reason_zh"] = decision_text(run, i, Lang::Zh);
    cands.push_back(j);
  }
  doc["candidates"] = cands;
  report::JsonValue limits = report::JsonValue::array();
  for (const Limit& l : c.limits) {
    report::JsonValue j;
    j["limit"] = std::string(to_string(l.kind));
    j["year"] = l.year;
    j["available"] = l.available;
    j["available_government_pay"] = opt(l.available_government_pay);
    j["used"] = l.used;
    j["room"] = l.room(c.government_pay_chosen);
    j["shadow_value"] = l.shadow;
    j["shadow_value_low"] = l.shadow_low;
    j["shadow_value_high"] = finite(l.shadow_high);
    j["binding"] = l.binding();
    report::JsonValue added = report::JsonValue::array(), dropped = report::JsonValue::array();
    for (std::size_t i : l.added) added.push_back(p.candidates[i].name);
    for (std::size_t i : l.dropped) dropped.push_back(p.candidates[i].name);
    j["added"] = added;
    j["dropped"] = dropped;
    limits.push_back(j);
  }
  doc["limits"] = limits;
  if (run.debt) {
    const portfolio::Portfolio& pf = debt_portfolio(run);
    const DebtJoin& j = *run.debt;
    report::JsonValue d;
    d["portfolio"] = p.debt_path;
    d["new_debts"] = j.joined.debts.size() - j.first_new;
    d["target_ceiling"] = pf.target ? report::JsonValue(pf.target->ceiling) : report::JsonValue(nullptr);
    d["target_year"] = pf.target ? report::JsonValue(pf.target->year) : report::JsonValue(nullptr);
    const auto tt = target_t(pf);
    d["cost_in_target_year_before"] = tt ? opt(j.before.with_plan.cost[*tt]) : report::JsonValue(nullptr);
    d["cost_in_target_year_after"] = tt ? opt(j.after.with_plan.cost[*tt]) : report::JsonValue(nullptr);
    d["target_status_before"] = std::string(to_string(j.before.status));
    d["target_status_after"] = std::string(to_string(j.after.status));
    d["first_year_met_before"] = j.before.first_year_met ? report::JsonValue(*j.before.first_year_met) : report::JsonValue(nullptr);
    d["first_year_met_after"] = j.after.first_year_met ? report::JsonValue(*j.after.first_year_met) : report::JsonValue(nullptr);
    d["message"] = debt_sentence(run, Lang::Zh);
    d["message_en"] = debt_sentence(run, Lang::En);
    d["tables"] = {{"cost_path", report::to_json(debt_cost_table(run, Lang::En))}, {"new_debts", report::to_json(new_debt_table(run))}};
    doc["debt"] = d;
  } else {
    doc["debt"] = nullptr;
  }
  return doc;
}

std::string render_programme_report(const ProgrammeRun& run, const ProgrammeReportMeta& meta, report::Format format, Lang lang,
                                    std::size_t width, const report::CsvStyle& csv) {
  if (format == report::Format::Json) return report::dump(programme_document(run, meta));
  const Programme& p = run.programme;
  std::vector<report::Table> tables{candidate_table(run, lang), limit_table(run, lang)};
  if (!run.choice.limits.empty()) tables.push_back(usage_table(run, lang));
  if (run.debt) {
    tables.push_back(debt_cost_table(run, lang));
    tables.push_back(new_debt_table(run));
  }
  const report::Summary sm = summary(run, lang);
  if (format == report::Format::Csv) {
    std::string s = report::render_csv(sm, lang, csv);
    s += "\n" + report::csv_escape(zh(lang) ? "选择结果" : "Decisions") + ",decisions\n";
    s += zh(lang) ? "项目,结果,原因\n" : "project,decision,reason\n";
    for (std::size_t i : ranking(run.choice))
      s += fmt::format("{},{},{}\n", report::csv_escape(p.candidates[i].name), verdict_word(run.choice.decisions[i].verdict, lang),
                       report::csv_escape(reason_cell(run, i, lang)));
    if (const auto lines = binding_lines(run, lang); !lines.empty()) {
      s += "\n" + report::csv_escape(zh(lang) ? "起约束作用的限制" : "Limits that bind") + ",binding\n";
      for (const auto& l : lines) s += report::csv_escape(l) + "\n";
    }
    for (const auto& t : tables) s += "\n" + report::render_csv(t, lang, csv);
    return s;
  }
  std::string s = report::render_text(sm, lang);
  if (const auto lines = binding_lines(run, lang); !lines.empty()) {
    s += zh(lang) ? "\n起约束作用的限制\n" : "\nLimits that bind\n";
    for (const auto& l : lines) s += "  " + l + "\n";
  }
  s += "\n" + report::render_text(tables[0], lang, width);
  s += zh(lang) ? "\n选择结果\n" : "\nDecisions\n";
  for (std::size_t i : ranking(run.choice))
    s += fmt::format("  {}  {}{}\n", verdict_word(run.choice.decisions[i].verdict, lang), p.candidates[i].name,
                     run.choice.decisions[i].verdict == Verdict::Chosen && run.evaluations[i].checks_failed == 0
                         ? std::string()
                         : (zh(lang) ? "：" : ": ") + decision_text(run, i, lang));
  for (std::size_t k = 1; k < tables.size(); ++k) s += "\n" + report::render_text(tables[k], lang, width);
  return s;
}

report::Workbook programme_workbook(const ProgrammeRun& run, Lang lang) {
  std::vector<report::Table> tables{candidate_table(run, lang), limit_table(run, lang)};
  if (!run.choice.limits.empty()) tables.push_back(usage_table(run, lang));
  if (run.debt) {
    tables.push_back(debt_cost_table(run, lang));
    tables.push_back(new_debt_table(run));
  }
  report::Workbook book = tables_workbook(run.programme.name, lang, {summary(run, lang)}, tables);
  report::TextBlock decisions{zh(lang) ? "选择结果" : "Decisions",
                              {zh(lang) ? "项目" : "project", zh(lang) ? "结果" : "decision", zh(lang) ? "原因" : "reason"}, {}};
  for (std::size_t i : ranking(run.choice))
    decisions.rows.push_back({run.programme.candidates[i].name, verdict_word(run.choice.decisions[i].verdict, lang), reason_cell(run, i, lang)});
  auto& sheet = std::get<report::SummarySheet>(book.sheets.front().content);
  if (const auto lines = binding_lines(run, lang); !lines.empty()) {
    report::TextBlock binding{zh(lang) ? "起约束作用的限制" : "Limits that bind", {}, {}};
    for (const auto& l : lines) binding.rows.push_back({l});
    sheet.blocks.push_back(std::move(binding));
  }
  sheet.blocks.push_back(std::move(decisions));
  return book;
}

}  // namespace appraise::programme
