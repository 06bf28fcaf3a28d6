// Sensitivity analysis: one factor at a time, SAF, and critical points solved by TOMS 748.
#include "appraise/risk/sensitivity.hpp"

#include <algorithm>
#include <boost/math/tools/roots.hpp>
#include <boost/math/tools/toms748_solve.hpp>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <stdexcept>

#include "appraise/messages/risk.hpp"

namespace appraise {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> existing(ProjectModel& m, std::initializer_list<const char*> paths) {
  std::vector<std::string> out;
  for (const char* p : paths)
    if (!match_parameters(m, p).empty()) out.emplace_back(p);
  return out;
}

// The value a target stands for in a report: a number as it is; a series by its first amount
// that is not zero (the first operating year's price, say).
std::optional<double> report_value(const ParamTarget& t, const ProjectModel& m) {
  if (const auto v = parameter_value(t)) return v;
  if (!t.series) return std::nullopt;
  for (const double v : t.series->resolve(m.first_year, m.years()))
    if (v != 0.0) return v;
  return std::nullopt;
}

std::vector<std::pair<std::string, double>> base_values(const ProjectModel& model, const SensitivityFactor& f) {
  std::vector<std::pair<std::string, double>> out;
  ProjectModel m = model;
  for (const auto& p : f.paths)
    for (const auto& t : match_parameters(m, p))
      if (const auto v = report_value(t, m)) out.emplace_back(t.path, *v);
  return out;
}

bool is_delay(FactorOp op) { return op == FactorOp::DelayStart || op == FactorOp::DelayOperation; }

}  // namespace

std::string_view key_of(SensIndicator i, bool incremental) {
  switch (i) {
    case SensIndicator::FnpvPostTax: return incremental ? "fnpv_incremental_post_tax" : "fnpv_post_tax";
    case SensIndicator::FnpvPreTax: return incremental ? "fnpv_incremental_pre_tax" : "fnpv_pre_tax";
    case SensIndicator::FirrPostTax: return incremental ? "firr_incremental_post_tax" : "firr_post_tax";
    case SensIndicator::FirrPreTax: return incremental ? "firr_incremental_pre_tax" : "firr_pre_tax";
    case SensIndicator::EquityIrr: return "equity_irr";
    case SensIndicator::DscrMin: return "dscr_min";
    case SensIndicator::Enpv: return "enpv";
    case SensIndicator::Eirr: return "eirr";
    case SensIndicator::Ebcr: return "ebcr";
    case SensIndicator::FiscalCostPv: return "fiscal_cost_pv";
  }
  return "fnpv_post_tax";
}

bool has_indicator(const ProjectModel& model, SensIndicator i) {
  switch (i) {
    case SensIndicator::Enpv:
    case SensIndicator::Eirr:
    case SensIndicator::Ebcr: return model.economic.has_value();
    case SensIndicator::FiscalCostPv: return reports_fiscal_cost(model);
    default: return true;
  }
}

std::string_view to_string(CriticalPoint::Status s) {
  switch (s) {
    case CriticalPoint::Status::Found: return "found";
    case CriticalPoint::Status::NotInRange: return "not_in_range";
    case CriticalPoint::Status::NotApplicable: return "not_applicable";
    case CriticalPoint::Status::Failed: return "failed";
    case CriticalPoint::Status::NotEvaluated: return "not_evaluated";
  }
  return "failed";
}

std::vector<SensitivityFactor> default_factors(const ProjectModel& model, const std::vector<double>& changes) {
  ProjectModel m = model;
  std::vector<SensitivityFactor> out;
  auto add = [&](std::string name, std::vector<std::string> paths) {
    if (!paths.empty()) out.push_back({std::move(name), std::move(paths), FactorOp::Scale, changes});
  };
  add("建设投资", construction_cost_paths(m));  // new construction only: not an existing asset's value
  const bool priced = !match_parameters(m, "revenue.*.price").empty();
  add(priced ? "产品价格（营业收入）" : "营业收入", existing(m, {"revenue.*.price", "revenue.*.amounts"}));
  add("销售量", existing(m, {"revenue.*.volume"}));
  add("经营成本", existing(m, {"operating_costs.*.amounts", "operating_costs.*.per_unit", "operating_costs.*.share_of_revenue"}));
  out.push_back({"建设工期", {}, FactorOp::DelayOperation, {1, 2}});
  if (m.financing && !m.financing->loans.empty())
    out.push_back({"借款利率", {"financing.loans.*.rate"}, FactorOp::Add, {-0.01, 0.01}});
  add("间接效益", existing(m, {"economic.benefits.*.quantity", "economic.benefits.*.amounts"}));
  return out;
}

IndicatorSet indicator_set(const ProjectModel& model, const ProjectResult& r) {
  IndicatorSet s;
  const auto& ind = r.indicators;
  auto put = [&s](SensIndicator i, std::optional<double> v, const Message& why) {
    s.value[static_cast<int>(i)] = v && std::isfinite(*v) ? v : std::nullopt;
    if (!s.value[static_cast<int>(i)]) s.reason[static_cast<int>(i)] = why.empty() ? msg(messages::Risk::indicator_not_defined) : why;
  };
  const DecisionIndicators d = decision_indicators(r);  // the increments of a with/without model
  put(SensIndicator::FnpvPostTax, d.fnpv_post_tax, {});
  put(SensIndicator::FnpvPreTax, d.fnpv_pre_tax, {});
  put(SensIndicator::FirrPostTax, d.firr_post_tax.rate, d.firr_post_tax.reason);
  put(SensIndicator::FirrPreTax, d.firr_pre_tax.rate, d.firr_pre_tax.reason);
  put(SensIndicator::EquityIrr, ind.equity_irr.rate, ind.equity_irr.reason);
  put(SensIndicator::DscrMin, ind.dscr_min.value, ind.dscr_min.reason);
  const auto& e = r.economic.indicators;
  if (has_indicator(model, SensIndicator::Enpv)) {
    put(SensIndicator::Enpv, e.enpv, {});
    put(SensIndicator::Eirr, e.eirr.rate, e.eirr.reason);
    put(SensIndicator::Ebcr, e.ebcr.value, e.ebcr.reason);
  } else {
    for (const SensIndicator i : {SensIndicator::Enpv, SensIndicator::Eirr, SensIndicator::Ebcr})
      put(i, std::nullopt, msg(messages::Risk::not_collected_no_economic));
  }
  if (has_indicator(model, SensIndicator::FiscalCostPv)) put(SensIndicator::FiscalCostPv, r.fiscal.cost_pv, {});
  else put(SensIndicator::FiscalCostPv, std::nullopt, msg(messages::Risk::not_collected_no_fiscal));
  return s;
}

std::optional<double> sensitivity_coefficient(double base, double changed, double relative_change) {
  if (base == 0.0 || relative_change == 0.0 || !std::isfinite(base) || !std::isfinite(changed)) return std::nullopt;
  return ((changed - base) / base) / relative_change;
}

Message apply_factor(ProjectModel& m, const SensitivityFactor& factor, double change) {
  switch (factor.op) {
    case FactorOp::DelayStart:
    case FactorOp::DelayOperation:
      return apply_change(m, {"", factor.op == FactorOp::DelayStart ? ChangeOp::DelayStart : ChangeOp::DelayOperation, change, {}});
    case FactorOp::Scale:
    case FactorOp::Add:
      for (const auto& p : factor.paths) {
        const Change c{p, factor.op == FactorOp::Scale ? ChangeOp::Scale : ChangeOp::Add,
                       factor.op == FactorOp::Scale ? 1.0 + change : change, {}};
        if (auto why = apply_change(m, c); !why.empty()) return why;
      }
      return {};
  }
  return {};
}

CriticalPoint critical_change(const std::function<double(double)>& f, double f0, double lower, double upper) {
  CriticalPoint cp;
  if (!std::isfinite(f0)) {
    cp.status = CriticalPoint::Status::NotApplicable;
    cp.base_defined = false;
    return cp;
  }
  if (f0 == 0.0) {
    cp.status = CriticalPoint::Status::NotApplicable;
    cp.change = 0.0;
    return cp;
  }
  // Step outward on each side until FNPV changes sign (or the change becomes invalid).
  static constexpr double kLadder[] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 7.5, 10.0,
                                       20.0, 50.0, 100.0};
  struct Bracket {
    double a = 0, b = 0, fa = 0, fb = 0;
    bool found = false;
  };
  auto search = [&](double sign, double limit) {
    Bracket br;
    double prev = 0.0, fprev = f0;
    for (double step : kLadder) {
      double x = sign * step;
      const bool last = sign > 0 ? x >= limit : x <= limit;
      if (last) x = limit;
      const double fx = f(x);
      ++cp.evaluations;
      if (!std::isfinite(fx)) break;  // the change has left what the model accepts
      if ((fx <= 0.0) != (fprev <= 0.0)) {
        // TOMS 748 wants the bracket in ascending order.
        br = sign > 0 ? Bracket{prev, x, fprev, fx, true} : Bracket{x, prev, fx, fprev, true};
        break;
      }
      prev = x;
      fprev = fx;
      if (last) break;
    }
    return br;
  };
  const Bracket up = upper > 0 ? search(+1.0, upper) : Bracket{};
  const Bracket down = lower < 0 ? search(-1.0, lower) : Bracket{};
  if (!up.found && !down.found) {
    cp.status = CriticalPoint::Status::NotInRange;
    cp.searched_from = lower;
    cp.searched_to = upper;
    return cp;
  }
  auto solve = [&](const Bracket& br) -> std::pair<double, double> {
    if (br.fb == 0.0) return {br.b, 0.0};
    if (br.fa == 0.0) return {br.a, 0.0};
    std::uintmax_t max_iter = 200;
    boost::math::tools::eps_tolerance<double> tol(std::numeric_limits<double>::digits);
    auto counted = [&](double x) {
      ++cp.evaluations;
      const double v = f(x);
      return std::isfinite(v) ? v : kNaN;
    };
    const auto [a, b] = boost::math::tools::toms748_solve(counted, br.a, br.b, br.fa, br.fb, tol, max_iter);
    if (max_iter >= 200) return {kNaN, kNaN};
    const double fa = f(a), fb = f(b);
    cp.evaluations += 2;
    return std::abs(fa) <= std::abs(fb) ? std::pair{a, fa} : std::pair{b, fb};
  };
  std::optional<std::pair<double, double>> best;
  for (const Bracket* br : {&up, &down}) {
    if (!br->found) continue;
    std::pair<double, double> r;
    try {
      r = solve(*br);
    } catch (const std::exception&) {  // reported as a failure, with the evaluations spent
      cp.status = CriticalPoint::Status::Failed;
      return cp;
    }
    if (std::isnan(r.first)) {  // not converged in 200 iterations
      cp.status = CriticalPoint::Status::Failed;
      return cp;
    }
    if (!best || std::abs(r.first) < std::abs(best->first)) {
      if (best) cp.farther_change = best->first;
      best = r;
    } else {
      cp.farther_change = r.first;
    }
  }
  cp.status = CriticalPoint::Status::Found;
  cp.change = best->first;
  cp.fnpv_at_change = best->second;
  return cp;
}

namespace {

// The net present value whose zero is a critical point: FNPV after or before income tax, or ENPV.
enum class Npv { PostTax, PreTax, Economic };

// That NPV of the model with the factor changed by x; NaN when the change is not allowed or the
// model cannot be evaluated.
double npv_at(const ProjectModel& model, const SensitivityFactor& f, double x, Npv which) {
  ProjectModel m = model;
  if (!apply_factor(m, f, x).empty()) return kNaN;
  try {
    const ProjectResult r = evaluate(m);
    const DecisionIndicators d = decision_indicators(r);  // the increments of a with/without model
    switch (which) {
      case Npv::PostTax: return d.fnpv_post_tax;
      case Npv::PreTax: return d.fnpv_pre_tax;
      case Npv::Economic: return r.economic.indicators.enpv;
    }
    return kNaN;
  } catch (const std::exception&) {
    return kNaN;
  }
}

CriticalPoint delay_critical(const ProjectModel& model, const SensitivityFactor& f, double f0, int max_delay, Npv which) {
  CriticalPoint cp;
  if (f0 == 0.0 || !std::isfinite(f0)) {
    cp.status = CriticalPoint::Status::NotApplicable;
    cp.base_defined = std::isfinite(f0);
    return cp;
  }
  for (int d = 1; d <= max_delay; ++d) {
    const double v = npv_at(model, f, d, which);
    ++cp.evaluations;
    if (!std::isfinite(v)) {
      // A delay whose model cannot be evaluated (its point in the table says why) says nothing
      // of the sign: the search ends here, and the result says how far it went.
      cp.unevaluable_delay = d;
      if (d == 1) {
        cp.status = CriticalPoint::Status::NotEvaluated;
        return cp;
      }
      cp.status = CriticalPoint::Status::NotInRange;
      cp.delays_searched = d - 1;
      return cp;
    }
    if ((v <= 0.0) != (f0 <= 0.0)) {
      cp.status = CriticalPoint::Status::Found;
      cp.change = d;
      cp.fnpv_at_change = v;
      cp.delays_searched = d;
      return cp;
    }
  }
  cp.status = CriticalPoint::Status::NotInRange;
  cp.delays_searched = max_delay;
  return cp;
}

double abs_or(const std::optional<double>& v, double fallback) { return v ? std::abs(*v) : fallback; }

}  // namespace

SensIndicator decisive_npv(const ProjectModel& model) {
  return model.economic ? SensIndicator::Enpv : SensIndicator::FnpvPostTax;
}

SensIndicator rank_factors(std::vector<FactorResult>& factors, SensIndicator decisive) {
  // The standard ranks by |SAF| of the rate of return (FIRR; EIRR for a public project's
  // economic analysis); the NPV's SAF decides when some factor has no SAF of the rate.
  const bool economic = decisive == SensIndicator::Enpv;
  const SensIndicator rate = economic ? SensIndicator::Eirr : SensIndicator::FirrPostTax;
  bool all_rate = true;
  for (const auto& f : factors)
    if (f.factor.op == FactorOp::Scale && !f.saf[static_cast<int>(rate)]) all_rate = false;
  const SensIndicator ranked_by = all_rate ? rate : decisive;
  const int by = static_cast<int>(ranked_by);
  std::stable_sort(factors.begin(), factors.end(), [by](const FactorResult& a, const FactorResult& b) {
    const bool sa = a.factor.op == FactorOp::Scale && a.saf[by], sb = b.factor.op == FactorOp::Scale && b.saf[by];
    if (sa != sb) return sa;
    if (sa) return std::abs(*a.saf[by]) > std::abs(*b.saf[by]);
    return abs_or(a.swing, -1.0) > abs_or(b.swing, -1.0);
  });
  for (std::size_t i = 0; i < factors.size(); ++i) factors[i].rank = static_cast<int>(i + 1);
  return ranked_by;
}

SensitivityResult run_sensitivity(const ProjectModel& model, const SensitivitySpec& spec, const ProgressCallback& progress) {
  SensitivityResult out;
  const ProjectResult base = evaluate(model);
  out.base = indicator_set(model, base);
  const DecisionIndicators decision = decision_indicators(base);
  out.incremental = decision.incremental;
  out.decisive = decisive_npv(model);

  const std::vector<SensitivityFactor> factors = spec.factors.empty() ? default_factors(model, spec.default_changes) : spec.factors;
  const auto total = static_cast<std::int64_t>(factors.size());
  std::int64_t done = 0;
  for (const auto& factor : factors) {
    if (progress) progress(done, total);
    {
      ProjectModel probe = model;
      for (const auto& p : factor.paths)
        if (match_parameters(probe, p).empty())
          throw std::invalid_argument(fmt::format("sensitivity factor `{}`: `{}` matches nothing in the model", factor.name, p));
    }
    FactorResult fr;
    fr.factor = factor;
    fr.base_values = base_values(model, factor);
    for (const double c : factor.changes) {
      SensitivityPoint pt;
      pt.change = c;
      ProjectModel m = model;
      // The loader and --changes refuse every step that cannot be taken, so a point's error is
      // mostly what evaluation throws; in both languages either way.
      pt.error = apply_factor(m, factor, c);
      if (pt.error.empty()) {
        try {
          pt.values = indicator_set(m, evaluate(m));
        } catch (const EvaluationError& e) {
          pt.error = e.message;
        } catch (const std::exception& e) {
          pt.error = message_of(e);
        }
      }
      if (!pt.error.empty())
        for (auto& r : pt.values.reason) r = pt.error;
      if (factor.op == FactorOp::Scale)
        for (int i = 0; i < kSensIndicators; ++i)
          if (out.base.value[i] && pt.values.value[i])
            pt.saf[i] = sensitivity_coefficient(*out.base.value[i], *pt.values.value[i], c);
      fr.points.push_back(std::move(pt));
    }
    // Arc SAF and swing between the lowest and the highest change (the base case counts as 0).
    const SensitivityPoint* lo = nullptr;
    const SensitivityPoint* hi = nullptr;
    SensitivityPoint base_point;
    base_point.values = out.base;
    for (const auto& p : fr.points) {
      if (!p.error.empty()) continue;
      if (!lo || p.change < lo->change) lo = &p;
      if (!hi || p.change > hi->change) hi = &p;
    }
    if (lo && lo->change > 0) lo = &base_point;
    if (hi && hi->change < 0) hi = &base_point;
    if (lo && hi && lo != hi) {
      const double span = hi->change - lo->change;
      for (int i = 0; i < kSensIndicators; ++i)
        if (factor.op == FactorOp::Scale && out.base.value[i] && *out.base.value[i] != 0.0 && lo->values.value[i] &&
            hi->values.value[i])
          fr.saf[i] = ((*hi->values.value[i] - *lo->values.value[i]) / *out.base.value[i]) / span;
      const auto& a = lo->values[out.decisive];
      const auto& b = hi->values[out.decisive];
      if (a && b) fr.swing = std::abs(*b - *a);
    }
    // Critical points: FNPV = 0 (equivalently FIRR = ic) after tax and before tax, and ENPV = 0
    // (EIRR = is) when the model has an economic analysis.
    for (const Npv which : {Npv::PostTax, Npv::PreTax, Npv::Economic}) {
      if (which == Npv::Economic && !model.economic) continue;
      const double f0 = which == Npv::PostTax  ? decision.fnpv_post_tax
                        : which == Npv::PreTax ? decision.fnpv_pre_tax
                                               : base.economic.indicators.enpv;
      CriticalPoint cp;
      if (is_delay(factor.op)) {
        cp = delay_critical(model, factor, f0, spec.max_delay, which);
      } else {
        double lower = spec.min_scale_change, upper = spec.max_scale_change;
        double unit = 1.0;
        if (factor.op == FactorOp::Add) {
          unit = 0.0;
          for (const double c : factor.changes) unit = std::max(unit, std::abs(c));
          if (unit == 0.0) unit = 1.0;
          lower = -100.0 * unit;
          upper = 100.0 * unit;
        }
        auto g = [&](double x) { return npv_at(model, factor, x * unit, which); };
        cp = critical_change(g, f0, lower / unit, upper / unit);
        // Back from the search's units to the factor's (an addition's amount).
        if (cp.change) cp.change = *cp.change * unit;
        if (cp.farther_change) cp.farther_change = *cp.farther_change * unit;
        cp.searched_from *= unit;
        cp.searched_to *= unit;
      }
      if (cp.change && !is_delay(factor.op))
        for (const auto& [path, v] : fr.base_values)
          cp.values.emplace_back(path, factor.op == FactorOp::Scale ? v * (1.0 + *cp.change) : v + *cp.change);
      (which == Npv::PostTax ? fr.critical_post_tax : which == Npv::PreTax ? fr.critical_pre_tax : fr.critical_economic) = std::move(cp);
    }
    out.factors.push_back(std::move(fr));
    ++done;
  }
  if (progress) progress(total, total);
  out.ranked_by = rank_factors(out.factors, out.decisive);
  return out;
}

}  // namespace appraise
