#include "appraise/scenario/comparison.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <fmt/format.h>
#include <limits>
#include <mutex>
#include <thread>

#include "appraise/messages/scenario.hpp"

namespace appraise {
using namespace literals;  // "name"_a of the message catalogue
namespace {

std::string pct(double r) { return fmt::format("{:.2f}%", r * 100); }

// A row of every option (by default the post-tax flows it is decided on: the project's, or the
// increments of a with/without model) on one calendar: from the earliest first year to the
// latest last year.
using RowOf = const YearRow& (*)(const ProjectResult&);
const YearRow& post_tax_flows(const ProjectResult& r) { return decision_indicators(r).post_tax; }
const YearRow& economic_flows(const ProjectResult& r) { return r.economic.flows.net; }
const YearRow& fiscal_flows(const ProjectResult& r) { return r.fiscal.net; }

std::vector<std::vector<double>> aligned_flows(const std::vector<OptionInput>& options, int& first_year,
                                               RowOf row_of = post_tax_flows) {
  first_year = options.front().result->first_year;
  int last = first_year;
  for (const auto& o : options) {
    first_year = std::min(first_year, o.result->first_year);
    last = std::max(last, o.result->first_year + o.result->years - 1);
  }
  std::vector<std::vector<double>> out;
  for (const auto& o : options) {
    std::vector<double> f(static_cast<std::size_t>(last - first_year + 1), 0.0);
    for (int t = 0; t < o.result->years; ++t)
      f[static_cast<std::size_t>(o.result->first_year - first_year + t)] = row_of(*o.result)[t];
    out.push_back(std::move(f));
  }
  return out;
}

bool all_economic(const std::vector<OptionInput>& options) {
  return std::all_of(options.begin(), options.end(), [](const OptionInput& o) { return o.result->economic.computed; });
}

// ENPV and EIRR, the fiscal cost and the first effect's cost-effectiveness of every option, on
// the same calendar as the financial figures.
void public_figures(const std::vector<OptionInput>& options, Timing timing, OptionComparison& c) {
  int first_year = 0;
  if (all_economic(options)) {
    const double is = options.front().model->economic->discount_rate;
    c.social_discount_rate = is;
    const auto flows = aligned_flows(options, first_year, economic_flows);
    for (std::size_t i = 0; i < options.size(); ++i) {
      c.options[i].enpv = npv(flows[i], is, timing);
      c.options[i].eirr = irr(flows[i]).rate;
    }
  }
  if (std::all_of(options.begin(), options.end(), [](const OptionInput& o) { return o.result->fiscal.computed; })) {
    const double rate = options.front().result->fiscal.discount_rate;
    c.fiscal_discount_rate = rate;
    const auto flows = aligned_flows(options, first_year, fiscal_flows);
    for (std::size_t i = 0; i < options.size(); ++i) c.options[i].fiscal_cost = npv(flows[i], rate, timing);
  }
  // Cost-effectiveness: the first option's first effect, where every option has it.
  const auto& first = options.front().result->cost_effectiveness;
  if (first.empty()) return;
  c.effect = first.front().effect;
  c.effect_unit = first.front().unit;
  std::vector<std::size_t> with;
  for (std::size_t i = 0; i < options.size(); ++i)
    for (const auto& ce : options[i].result->cost_effectiveness)
      if (ce.effect == c.effect) {
        c.options[i].ce_annual_cost = ce.annual_cost;
        c.options[i].ce_annual_effect = ce.annual_effect;
        c.options[i].ce_ratio = ce.ratio.value;
        with.push_back(i);
      }
  std::stable_sort(with.begin(), with.end(), [&](std::size_t a, std::size_t b) {
    return *c.options[a].ce_annual_effect < *c.options[b].ce_annual_effect;
  });
  for (std::size_t k = 1; k < with.size(); ++k) {
    const auto& lo = c.options[with[k - 1]];
    const auto& hi = c.options[with[k]];
    IncrementalCostEffectiveness step{lo.name, hi.name, *hi.ce_annual_cost - *lo.ce_annual_cost,
                                      *hi.ce_annual_effect - *lo.ce_annual_effect, std::nullopt};
    if (step.delta_effect != 0.0) step.ratio = step.delta_cost / step.delta_effect;
    c.ce_increments.push_back(step);
  }
}

// The recommendation by a yardstick the user chose: the best option by it, if it passes that
// yardstick's own test (FNPV ≥ 0, FIRR ≥ ic, EAV ≥ 0, ENPV ≥ 0; the fiscal cost has none), with
// a reason that names the yardstick.
void recommend_by(OptionComparison& c, Yardstick by, const std::vector<OptionInput>& options) {
  struct Words {
    std::string zh, en;
  };
  const double ic = c.benchmark_rate;
  auto find = [&](const std::string& name) -> const OptionFigures& {
    return *std::find_if(c.options.begin(), c.options.end(), [&](const OptionFigures& f) { return f.name == name; });
  };
  std::string best;
  bool passes = true;
  Words yard, figure, fail;
  switch (by) {
    case Yardstick::Fnpv: {
      best = c.by_npv.front();
      const auto& f = find(best);
      passes = f.fnpv >= 0;
      if (c.incremental) {  // every option judged on its increments (有无对比)
        yard = {fmt::format("增量财务净现值（所得税后，有无对比，ic={}）", pct(ic)),
                fmt::format("incremental FNPV after tax (with less without, ic = {})", pct(ic))};
        figure = {fmt::format("增量财务净现值最大（{:.2f}）", f.fnpv), fmt::format("has the highest incremental FNPV ({:.2f})", f.fnpv)};
      } else {
        yard = {fmt::format("财务净现值（所得税后，ic={}）", pct(ic)), fmt::format("FNPV after tax (ic = {})", pct(ic))};
        figure = {fmt::format("财务净现值最大（{:.2f}）", f.fnpv), fmt::format("has the highest FNPV ({:.2f})", f.fnpv)};
      }
      fail = {"各方案财务净现值均为负，均不具备财务可行性", "no option has a non-negative FNPV: none is financially viable"};
      break;
    }
    case Yardstick::Firr: {
      best = c.by_irr.front();
      const auto& f = find(best);
      passes = f.firr && *f.firr >= ic;
      const std::string v = f.firr ? pct(*f.firr) : "—";
      if (c.incremental) {
        yard = {"增量财务内部收益率（所得税后，有无对比）", "incremental FIRR after tax (with less without)"};
        figure = {fmt::format("增量财务内部收益率最高（{}）", v), fmt::format("has the highest incremental FIRR ({})", v)};
      } else {
        yard = {"财务内部收益率（所得税后）", "FIRR after tax"};
        figure = {fmt::format("财务内部收益率最高（{}）", v), fmt::format("has the highest FIRR ({})", v)};
      }
      fail = {fmt::format("各方案财务内部收益率均低于 ic={}", pct(ic)), fmt::format("no option's FIRR reaches ic = {}", pct(ic))};
      break;
    }
    case Yardstick::EquivalentAnnual: {
      best = c.by_eav.front();
      const auto& f = find(best);
      passes = f.equivalent_annual >= 0;
      yard = {"等额年值", "equivalent annual value"};
      figure = {fmt::format("等额年值最大（{:.2f}）", f.equivalent_annual),
                fmt::format("has the highest equivalent annual value ({:.2f})", f.equivalent_annual)};
      fail = {"各方案等额年值均为负，均不具备财务可行性", "no option has a non-negative equivalent annual value"};
      break;
    }
    case Yardstick::Enpv: {
      best = c.by_enpv.front();
      const auto& f = find(best);
      const double is = options.front().model->economic->discount_rate;
      passes = *f.enpv >= 0;
      yard = {fmt::format("经济净现值（ENPV，is={}）", pct(is)), fmt::format("ENPV (is = {})", pct(is))};
      figure = {fmt::format("经济净现值最大（{:.2f}）", *f.enpv), fmt::format("has the highest ENPV ({:.2f})", *f.enpv)};
      fail = {"各方案经济净现值均为负，均不具备经济合理性", "no option has a non-negative ENPV: none is economically justified"};
      break;
    }
    case Yardstick::FiscalCost: {
      best = c.by_fiscal_cost.front();
      const auto& f = find(best);
      const double rate = options.front().result->fiscal.discount_rate;
      yard = {fmt::format("财政净支出现值（折现率 {}）", pct(rate)), fmt::format("PV of net fiscal outlays (at {})", pct(rate))};
      figure = {fmt::format("财政净支出现值最低（{:.2f}）", *f.fiscal_cost),
                fmt::format("has the lowest PV of net fiscal outlays ({:.2f})", *f.fiscal_cost)};
      break;
    }
    case Yardstick::Default: return;
  }
  if (!passes) {
    c.reason_zh = fmt::format("按{}比选：{}；相对最优为 {}", yard.zh, fail.zh, best);
    c.reason_en = fmt::format("by {}: {}; the least bad is {}", yard.en, fail.en, best);
    return;
  }
  c.recommended = best;
  c.reason_zh = fmt::format("按{}比选：{} 的{}", yard.zh, best, figure.zh);
  c.reason_en = fmt::format("by {}: {} {}", yard.en, best, figure.en);
  // The cheapest option for the budget is not worth it when society loses by it: say so.
  const auto& f = find(best);
  if (by == Yardstick::FiscalCost && f.enpv && *f.enpv < 0) {
    c.reason_zh += fmt::format("，但其经济净现值为负（{:.2f}）", *f.enpv);
    c.reason_en += fmt::format(", but its ENPV is negative ({:.2f})", *f.enpv);
  }
}

// Options of which some are judged on their increments over a without-project case and some on
// their whole flows: the reasons say which is which, and when that comparison holds.
void mixed_footing(OptionComparison& c) {
  if (!c.mixed) return;
  std::string names;
  for (const auto& f : c.options)
    if (f.incremental) names += (names.empty() ? "" : "、") + f.name;
  c.reason_zh += fmt::format("。注意：{} 有无项目情形，其财务净现值与内部收益率为增量指标（有项目减无项目），其余方案为项目全部现金流的指标；"
                             "两种口径只有在各方案放弃的无项目情形相同、或无项目时没有任何现金流时才可直接比较",
                             names);
  std::string names_en;
  for (const auto& f : c.options)
    if (f.incremental) names_en += (names_en.empty() ? "" : ", ") + f.name;
  c.reason_en += fmt::format(". Note: {} has a without-project case, so its FNPV and FIRR are incremental (with less without); "
                             "the other options' are those of their whole flows. The two compare directly only when every "
                             "option gives up the same situation without the project, or that situation has no cash flow",
                             names_en);
}

}  // namespace

std::string_view to_string(Yardstick y) {
  switch (y) {
    case Yardstick::Default: return "default";
    case Yardstick::Fnpv: return "fnpv";
    case Yardstick::Firr: return "firr";
    case Yardstick::EquivalentAnnual: return "eav";
    case Yardstick::Enpv: return "enpv";
    case Yardstick::FiscalCost: return "fiscal_cost";
  }
  return "default";
}

Message yardstick_problem(const std::vector<OptionInput>& options, Yardstick by) {
  if (by != Yardstick::Enpv) return {};
  for (const auto& o : options)
    if (!o.result->economic.computed) return msg(messages::Scenario::option_without_economic, "name"_a = o.name);
  return {};
}

OptionComparison compare_options(const std::vector<OptionInput>& options, double ic, Timing timing, Yardstick by) {
  OptionComparison c;
  c.benchmark_rate = ic;
  c.yardstick = by;
  if (options.empty()) return c;
  int first_year = 0;
  const auto flows = aligned_flows(options, first_year);
  for (std::size_t i = 0; i < options.size(); ++i) {
    const auto& o = options[i];
    OptionFigures f;
    f.name = o.name;
    f.incremental = o.result->incremental.present;
    f.investment = o.result->construction_investment.sum();
    f.fnpv = npv(flows[i], ic, timing);
    f.firr = irr(flows[i]).rate;
    f.life = o.result->years;
    f.equivalent_annual = equivalent_annual_value(f.fnpv, ic, f.life);
    if (i > 0 && f.life != c.options.front().life) c.equal_lives = false;
    c.options.push_back(f);
  }
  auto ranked = [&](auto key) {
    std::vector<std::size_t> idx(c.options.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return key(c.options[a]) > key(c.options[b]); });
    std::vector<std::string> names;
    for (std::size_t i : idx) names.push_back(c.options[i].name);
    return names;
  };
  std::size_t with_without = 0;
  for (const auto& f : c.options) with_without += f.incremental ? 1 : 0;
  c.incremental = with_without == c.options.size();
  c.mixed = with_without > 0 && !c.incremental;
  // The yardstick the reasons name: the increments' when every option is judged on them.
  const std::string npv_zh = c.incremental ? "增量财务净现值（有无对比）" : "财务净现值";
  const std::string npv_en = c.incremental ? "incremental FNPV (with less without the project)" : "FNPV";
  c.by_npv = ranked([](const OptionFigures& f) { return f.fnpv; });
  c.by_irr = ranked([](const OptionFigures& f) { return f.firr.value_or(-1.0); });
  c.by_eav = ranked([](const OptionFigures& f) { return f.equivalent_annual; });
  public_figures(options, timing, c);
  if (c.options.front().enpv) c.by_enpv = ranked([](const OptionFigures& f) { return *f.enpv; });
  if (c.options.front().fiscal_cost) c.by_fiscal_cost = ranked([](const OptionFigures& f) { return -*f.fiscal_cost; });
  c.npv_irr_conflict = c.by_npv.front() != c.by_irr.front();

  // 差额投资内部收益率: from the cheapest viable option upward, a challenger with more investment
  // replaces the incumbent when the extra investment earns at least ic.
  std::vector<std::size_t> viable;
  for (std::size_t i = 0; i < c.options.size(); ++i)
    if (c.options[i].fnpv >= 0) viable.push_back(i);
  std::stable_sort(viable.begin(), viable.end(),
                   [&](std::size_t a, std::size_t b) { return c.options[a].investment < c.options[b].investment; });
  if (!viable.empty()) {
    std::size_t incumbent = viable.front();
    for (std::size_t k = 1; k < viable.size(); ++k) {
      const std::size_t challenger = viable[k];
      std::vector<double> diff(flows[challenger].size());
      for (std::size_t t = 0; t < diff.size(); ++t) diff[t] = flows[challenger][t] - flows[incumbent][t];
      IncrementalStep s;
      s.smaller = c.options[incumbent].name;
      s.larger = c.options[challenger].name;
      s.delta_irr = irr(diff);
      s.delta_npv = npv(diff, ic, timing);
      // With several roots (or none) the incremental IRR cannot decide: the NPV of the
      // difference does, which is what the IRR rule approximates when it works.
      s.larger_wins = (s.delta_irr.rate && s.delta_irr.unique) ? *s.delta_irr.rate >= ic : s.delta_npv >= 0;
      if (s.larger_wins) incumbent = challenger;
      c.increments.push_back(std::move(s));
    }
  }

  if (by != Yardstick::Default) {
    recommend_by(c, by, options);
    mixed_footing(c);
    return c;
  }
  const bool by_eav = !c.equal_lives;
  const std::string& best = by_eav ? c.by_eav.front() : c.by_npv.front();
  const auto it = std::find_if(c.options.begin(), c.options.end(), [&](const OptionFigures& f) { return f.name == best; });
  if (viable.empty()) {
    c.reason_zh = fmt::format("各方案{}均为负（ic={}），均不具备财务可行性；相对最优为 {}", npv_zh, pct(ic), best);
    c.reason_en = fmt::format("no option has a non-negative {} at ic = {}: none is financially viable; the least bad is {}",
                              npv_en, pct(ic), best);
    mixed_footing(c);
    return c;
  }
  c.recommended = best;
  if (by_eav) {
    c.reason_zh = fmt::format("各方案计算期不同，按年值比较：{} 的等额年值最大（{:.2f}）", best, it->equivalent_annual);
    c.reason_en = fmt::format("the options' lives differ, so they are compared by equivalent annual value: {} has the highest ({:.2f})",
                              best, it->equivalent_annual);
  } else {
    c.reason_zh = fmt::format("{} 的{}最大（{:.2f}）", best, npv_zh, it->fnpv);
    c.reason_en = fmt::format("{} has the highest {} ({:.2f})", best, npv_en, it->fnpv);
    if (!c.increments.empty()) {
      const auto& last = c.increments.back();
      if (last.delta_irr.rate) {
        c.reason_zh += fmt::format("；差额投资内部收益率（{} 相对 {}）{} {} ic {}", last.larger, last.smaller,
                                   pct(*last.delta_irr.rate), last.larger_wins ? "≥" : "<", pct(ic));
        c.reason_en += fmt::format("; the incremental IRR of {} over {} is {} ({} ic {})", last.larger, last.smaller,
                                   pct(*last.delta_irr.rate), last.larger_wins ? "≥" : "<", pct(ic));
      }
    }
  }
  if (c.npv_irr_conflict) {
    const auto& irr_best = *std::find_if(c.options.begin(), c.options.end(),
                                         [&](const OptionFigures& f) { return f.name == c.by_irr.front(); });
    c.reason_zh += fmt::format("。{} 的内部收益率更高（{}），但内部收益率不反映投资规模，互斥方案按净现值（差额投资内部收益率）决策",
                               irr_best.name, pct(irr_best.firr.value_or(0)));
    c.reason_en += fmt::format(". {} has the higher IRR ({}), but IRR ignores the scale of investment: mutually exclusive "
                               "options are decided by NPV (the incremental IRR)",
                               irr_best.name, pct(irr_best.firr.value_or(0)));
  }
  mixed_footing(c);
  return c;
}

// ---- a scenario file compared ----

namespace {

constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

// Which cases a file has, in the order compare prints them: each model's base case, then the
// scenarios of that model, in file order.
std::vector<CaseFigures> cases_of(const ScenarioFile& file, Lang lang) {
  std::vector<CaseFigures> out;
  for (const auto& key : file.model_order) {
    CaseFigures base;
    base.name = base_case_name(key, lang);
    base.model_key = key;
    out.push_back(std::move(base));
    for (const auto& s : file.scenarios) {
      if (s.model != key) continue;
      CaseFigures c;
      c.name = s.name;
      c.model_key = key;
      c.scenario = &s;
      out.push_back(std::move(c));
    }
  }
  return out;
}

void take_figures(CaseFigures& c, const ProjectModel& m, const ProjectResult& r) {
  const auto& in = r.indicators;
  const DecisionIndicators d = decision_indicators(r);
  c.unit = m.unit;
  c.incremental = d.incremental;
  c.fnpv_post_tax = d.fnpv_post_tax;
  c.fnpv_pre_tax = d.fnpv_pre_tax;
  c.firr_post_tax = d.firr_post_tax.rate;
  c.firr_pre_tax = d.firr_pre_tax.rate;
  c.fnpv_with_project_post_tax = in.fnpv_post_tax;
  c.firr_with_project_post_tax = in.firr_post_tax.rate;
  c.equity_irr = in.equity_irr.rate;
  c.payback_post_tax = d.incremental ? r.incremental.payback_post_tax.periods : in.payback_post_tax.periods;
  c.dscr_min = in.dscr_min.value;
  c.icr_min = in.icr_min.value;
  if (!in.bonds.empty()) c.bond_coverage = in.bonds.front().coverage;
  c.checks_failed = 0;
  for (const auto& check : r.checks) c.checks_failed += check.passed ? 0 : 1;
  c.public_view = has_public_view(m);
  if (r.economic.computed) {
    c.enpv = r.economic.indicators.enpv;
    c.eirr = r.economic.indicators.eirr.rate;
    c.ebcr = r.economic.indicators.ebcr.value;
    c.social_discount_rate = r.economic.indicators.discount_rate;
  }
  if (r.fiscal.computed) {
    c.fiscal_cost_pv = r.fiscal.cost_pv;
    c.fiscal_discount_rate = r.fiscal.discount_rate;
  }
}

}  // namespace

ScenarioComparison compare_scenarios(const ScenarioFile& file, const ComparisonSettings& settings) {
  ScenarioComparison out;
  out.cases = cases_of(file, settings.lang);
  const std::size_t n = out.cases.size();

  // The options' cases keep their model and result: the comparison of options needs their flows.
  std::vector<std::size_t> option_case(file.options.size(), none);
  for (std::size_t o = 0; o < file.options.size(); ++o)
    for (std::size_t k = 0; k < n && option_case[o] == none; ++k) {
      const CaseFigures& c = out.cases[k];
      if ((c.scenario && c.name == file.options[o]) || (!c.scenario && c.model_key == file.options[o])) option_case[o] = k;
    }
  std::vector<std::optional<ProjectModel>> option_model(file.options.size());
  std::vector<std::optional<ProjectResult>> option_result(file.options.size());

  // Workers take cases in file order; a case's figures go to its own place, so the result is the
  // same for any number of threads. After a failure no later case is started, and the failure
  // reported is the first in file order (every earlier case was started before it, and is done).
  std::atomic<std::size_t> next{0}, done{0}, first_failure{none};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto work = [&](bool report) {
    for (;;) {
      const std::size_t k = next++;
      if (k >= n || k > first_failure.load()) return;
      CaseFigures& c = out.cases[k];
      try {
        ProjectModel m = c.scenario ? scenario_model(file, *c.scenario) : file.models.at(c.model_key);
        ProjectResult r;
        try {
          r = evaluate(m);
        } catch (const EvaluationError& e) {
          throw CaseEvaluationError(e, c.name, m.source);
        }
        take_figures(c, m, r);
        if (settings.visit) settings.visit(k, m, r);
        for (std::size_t o = 0; o < option_case.size(); ++o)
          if (option_case[o] == k) option_model[o] = m, option_result[o] = r;
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failure_mutex);
        if (k < first_failure.load()) {
          first_failure = k;
          failure = std::current_exception();
        }
      }
      const std::size_t finished = ++done;
      if (report && settings.progress) settings.progress(static_cast<std::int64_t>(finished), static_cast<std::int64_t>(n));
    }
  };
  const std::size_t threads = std::clamp<std::size_t>(static_cast<std::size_t>(std::max(settings.threads, 1)), 1, std::max<std::size_t>(n, 1));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, false);
  work(true);
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  if (settings.progress) settings.progress(static_cast<std::int64_t>(n), static_cast<std::int64_t>(n));

  if (!file.options.empty()) {
    std::vector<OptionInput> inputs;
    for (std::size_t o = 0; o < file.options.size(); ++o)
      // An option is called by its case's name: a base case as compare calls it, not `model`.
      if (option_case[o] != none) inputs.push_back({out.cases[option_case[o]].name, &*option_model[o], &*option_result[o]});
    if (!inputs.empty()) {
      const ProjectModel& first = *inputs.front().model;
      out.yardstick_problem = yardstick_problem(inputs, settings.by);
      if (out.yardstick_problem.empty()) out.options = compare_options(inputs, first.benchmark_rate, first.timing, settings.by);
    }
  }
  return out;
}

}  // namespace appraise
