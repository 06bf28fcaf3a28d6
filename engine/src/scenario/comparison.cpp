#include "appraise/scenario/comparison.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <fmt/format.h>
#include <limits>
#include <mutex>
#include <set>
#include <thread>

#include "appraise/core/units.hpp"
#include "appraise/messages/scenario.hpp"

namespace appraise {

int failed_tests(const std::vector<Check>& checks) {
  std::set<std::string> tests;
  for (const Check& c : checks) {
    if (c.passed) continue;
    std::string name = c.name;
    if (name.size() > 4 && name.compare(name.size() - 4, 4, "_min") == 0) name.resize(name.size() - 4);  // dscr_min: dscr
    if (name.rfind("firr", 0) == 0) name.replace(0, 4, "fnpv");  // FIRR below ic ⟺ FNPV(ic) below 0
    tests.insert(std::move(name));
  }
  return static_cast<int>(tests.size());
}

using namespace literals;  // "name"_a of the message catalogue
namespace {

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
// a reason that names the yardstick. Each reason is one catalogue sentence; amounts are written as
// the tables write them (format_money), rates as the notes do (format_percent).
void recommend_by(OptionComparison& c, Yardstick by, const std::vector<OptionInput>& options) {
  using messages::Scenario;
  const std::string ic = format_percent(c.benchmark_rate);
  auto find = [&](const std::string& name) -> const OptionFigures& {
    return *std::find_if(c.options.begin(), c.options.end(), [&](const OptionFigures& f) { return f.name == name; });
  };
  std::string best;
  Message reason;
  switch (by) {
    case Yardstick::Fnpv: {
      best = c.by_npv.front();
      const auto& f = find(best);
      const std::string value = format_money(f.fnpv);
      if (f.fnpv >= 0) c.recommended = best;
      if (c.incremental)  // every option judged on its increments (有无对比)
        reason = f.fnpv >= 0 ? msg(Scenario::reason_by_fnpv_incremental, "ic"_a = ic, "best"_a = best, "value"_a = value)
                             : msg(Scenario::reason_by_fnpv_incremental_none, "ic"_a = ic, "best"_a = best);
      else
        reason = f.fnpv >= 0 ? msg(Scenario::reason_by_fnpv, "ic"_a = ic, "best"_a = best, "value"_a = value)
                             : msg(Scenario::reason_by_fnpv_none, "ic"_a = ic, "best"_a = best);
      break;
    }
    case Yardstick::Firr: {
      best = c.by_irr.front();
      const auto& f = find(best);
      const bool passes = f.firr && *f.firr >= c.benchmark_rate;
      const std::string rate = f.firr ? format_percent(*f.firr) : "—";
      if (passes) c.recommended = best;
      if (c.incremental)
        reason = passes ? msg(Scenario::reason_by_firr_incremental, "best"_a = best, "rate"_a = rate)
                        : msg(Scenario::reason_by_firr_incremental_none, "ic"_a = ic, "best"_a = best);
      else
        reason = passes ? msg(Scenario::reason_by_firr, "best"_a = best, "rate"_a = rate)
                        : msg(Scenario::reason_by_firr_none, "ic"_a = ic, "best"_a = best);
      break;
    }
    case Yardstick::EquivalentAnnual: {
      best = c.by_eav.front();
      const auto& f = find(best);
      const bool passes = f.equivalent_annual >= 0;
      if (passes) c.recommended = best;
      reason = passes ? msg(Scenario::reason_by_eav, "best"_a = best, "value"_a = format_money(f.equivalent_annual))
                      : msg(Scenario::reason_by_eav_none, "best"_a = best);
      break;
    }
    case Yardstick::Enpv: {
      best = c.by_enpv.front();
      const auto& f = find(best);
      const std::string is = format_percent(options.front().model->economic->discount_rate);
      const bool passes = *f.enpv >= 0;
      if (passes) c.recommended = best;
      reason = passes ? msg(Scenario::reason_by_enpv, "is"_a = is, "best"_a = best, "value"_a = format_money(*f.enpv))
                      : msg(Scenario::reason_by_enpv_none, "is"_a = is, "best"_a = best);
      break;
    }
    case Yardstick::FiscalCost: {
      // The cheapest option for the budget among those by which society does not lose (ENPV not
      // negative, when there is an economic analysis): an option cheap for the budget and a loss
      // to society is not recommended, as every other yardstick recommends none that fails it.
      const std::string rate = format_percent(options.front().result->fiscal.discount_rate);
      const auto gains = [&](const std::string& name) { const auto& f = find(name); return !f.enpv || *f.enpv >= 0; };
      const std::string& cheapest = c.by_fiscal_cost.front();
      const auto& f0 = find(cheapest);
      const auto it = std::find_if(c.by_fiscal_cost.begin(), c.by_fiscal_cost.end(), gains);
      if (it != c.by_fiscal_cost.end()) best = *it;
      if (!best.empty()) c.recommended = best;
      if (best == cheapest)
        reason = msg(Scenario::reason_by_fiscal_cost, "rate"_a = rate, "best"_a = best, "value"_a = format_money(*f0.fiscal_cost));
      else if (!best.empty())
        reason = msg(Scenario::reason_by_fiscal_cost_next, "rate"_a = rate, "cheapest"_a = cheapest,
                     "cheapest_value"_a = format_money(*f0.fiscal_cost), "enpv"_a = format_money(*f0.enpv), "best"_a = best,
                     "value"_a = format_money(*find(best).fiscal_cost));
      else
        reason = msg(Scenario::reason_by_fiscal_cost_none, "rate"_a = rate, "cheapest"_a = cheapest,
                     "cheapest_value"_a = format_money(*f0.fiscal_cost), "enpv"_a = format_money(*f0.enpv));
      break;
    }
    case Yardstick::Default: return;
  }
  c.reason_zh = reason.zh;
  c.reason_en = reason.en;
}

// Options of which some are judged on their increments over a without-project case and some on
// their whole flows: the reasons say which is which, and when that comparison holds.
void mixed_footing(OptionComparison& c) {
  if (!c.mixed) return;
  std::vector<std::string> names;
  for (const auto& f : c.options)
    if (f.incremental) names.push_back(f.name);
  const Message note = msg(messages::Scenario::reason_mixed_footing, "names"_a = joined(names));
  c.reason_zh += note.zh;
  c.reason_en += note.en;
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
  // Only over equal periods: the difference of two flows of different lengths compares a longer
  // option's later years with nothing, and its IRR decides nothing (the standard compares such
  // options by their equivalent annual values, as the recommendation below does).
  if (!viable.empty() && c.equal_lives) {
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
  using messages::Scenario;
  const std::string ic_text = format_percent(ic);
  const bool by_eav = !c.equal_lives;
  const std::string& best = by_eav ? c.by_eav.front() : c.by_npv.front();
  const auto it = std::find_if(c.options.begin(), c.options.end(), [&](const OptionFigures& f) { return f.name == best; });
  Message reason;
  if (viable.empty()) {
    reason = msg(c.incremental ? Scenario::reason_none_viable_incremental : Scenario::reason_none_viable, "ic"_a = ic_text,
                 "best"_a = best);
  } else {
    c.recommended = best;
    if (by_eav) {
      reason = msg(Scenario::reason_best_eav, "best"_a = best, "value"_a = format_money(it->equivalent_annual));
    } else {
      reason = msg(c.incremental ? Scenario::reason_best_fnpv_incremental : Scenario::reason_best_fnpv, "best"_a = best,
                   "value"_a = format_money(it->fnpv));
      if (!c.increments.empty() && c.increments.back().delta_irr.rate) {
        const auto& last = c.increments.back();
        reason += msg(last.larger_wins ? Scenario::reason_increment_wins : Scenario::reason_increment_loses,
                      "larger"_a = last.larger, "smaller"_a = last.smaller, "irr"_a = format_percent(*last.delta_irr.rate),
                      "ic"_a = ic_text);
      }
    }
    if (c.npv_irr_conflict) {
      const auto& irr_best = *std::find_if(c.options.begin(), c.options.end(),
                                           [&](const OptionFigures& f) { return f.name == c.by_irr.front(); });
      reason += msg(Scenario::reason_npv_irr_conflict, "name"_a = irr_best.name,
                    "irr"_a = format_percent(irr_best.firr.value_or(0)));
    }
  }
  c.reason_zh = reason.zh;
  c.reason_en = reason.en;
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
  // A bond never drawn (amount 0: no term, first_year 0) has no coverage, not a coverage of 0.
  if (!in.bonds.empty() && in.bonds.front().first_year != 0) c.bond_coverage = in.bonds.front().coverage;
  c.checks_failed = failed_tests(r.checks);
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
          throw CaseEvaluationError(e, c.scenario, c.model_key);
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
