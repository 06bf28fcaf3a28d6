// Report tables and JSON documents of sensitivity, break-even and Monte Carlo (risk_report.hpp).
#include "appraise/report/risk_report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>

#include "appraise/core/units.hpp"
#include "appraise/core/text.hpp"
#include "appraise/economic/fiscal.hpp"
#include "appraise/messages/core.hpp"
#include "appraise/messages/report.hpp"
#include "appraise/messages/risk.hpp"
#include "volume_words.hpp"

namespace appraise {
using namespace literals;  // "name"_a of the message catalogue
namespace {

using report::JsonValue;
using report::Kind;
using report::Lang;
using report::Row;
using report::Table;

struct IndicatorLabel {
  const char* key;
  std::string zh, en;          // the row label (report.def risk_*)
  messages::Report below;      // "P(… < {threshold})" (report.def risk_below_*)
  Kind kind;
};
// Every indicator sensitivity and simulation report, found by its key (key_of).
const std::vector<IndicatorLabel>& indicator_labels() {
  using messages::Report;
  static const std::vector<IndicatorLabel> all = [] {
    auto l = [](const char* key, Report label, Report below, Kind kind) {
      const Message m = msg(label);
      return IndicatorLabel{key, m.zh, m.en, below, kind};
    };
    return std::vector<IndicatorLabel>{
        l("fnpv_post_tax", Report::risk_fnpv_post_tax, Report::risk_below_fnpv_post_tax, Kind::Money),
        l("fnpv_pre_tax", Report::risk_fnpv_pre_tax, Report::risk_below_fnpv_pre_tax, Kind::Money),
        l("firr_post_tax", Report::risk_firr_post_tax, Report::risk_below_firr_post_tax, Kind::Rate),
        l("firr_pre_tax", Report::risk_firr_pre_tax, Report::risk_below_firr_pre_tax, Kind::Rate),
        l("equity_irr", Report::risk_equity_irr, Report::risk_below_equity_irr, Kind::Rate),
        l("dscr_min", Report::risk_dscr_min, Report::risk_below_dscr_min, Kind::Ratio),
        l("icr_min", Report::risk_icr_min, Report::risk_below_icr_min, Kind::Ratio),
        l("bond_coverage", Report::risk_bond_coverage, Report::risk_below_bond_coverage, Kind::Ratio),
        l("enpv", Report::risk_enpv, Report::risk_below_enpv, Kind::Money),
        l("eirr", Report::risk_eirr, Report::risk_below_eirr, Kind::Rate),
        l("ebcr", Report::risk_ebcr, Report::risk_below_ebcr, Kind::Ratio),
        l("fiscal_cost_pv", Report::risk_fiscal_cost_pv, Report::risk_below_fiscal_cost_pv, Kind::Money),
        // A with/without model (有无对比) is decided on its increments: the first four are then the
        // incremental indicators, under the names `run` gives them (decision_indicators).
        l("fnpv_incremental_post_tax", Report::risk_fnpv_incremental_post_tax, Report::risk_below_fnpv_incremental_post_tax, Kind::Money),
        l("fnpv_incremental_pre_tax", Report::risk_fnpv_incremental_pre_tax, Report::risk_below_fnpv_incremental_pre_tax, Kind::Money),
        l("firr_incremental_post_tax", Report::risk_firr_incremental_post_tax, Report::risk_below_firr_incremental_post_tax, Kind::Rate),
        l("firr_incremental_pre_tax", Report::risk_firr_incremental_pre_tax, Report::risk_below_firr_incremental_pre_tax, Kind::Rate),
    };
  }();
  return all;
}

const IndicatorLabel& label_of(std::string_view key) {
  for (const auto& l : indicator_labels())
    if (key == l.key) return l;
  return indicator_labels().front();
}
// What the public view's present values are discounted at, as notes of the tables that show them
// (a fiscal PV without its rate reads as any PV).
void public_rate_notes(const ProjectModel& m, bool economic, bool fiscal, std::vector<Message>& notes) {
  if (economic && m.economic)
    notes.push_back(msg(messages::Report::public_rate_economic, "rate"_a = fmt::format("{:.2f}", m.economic->discount_rate * 100)));
  if (fiscal) notes.push_back(msg(messages::Report::public_rate_fiscal, "rate"_a = fmt::format("{:.2f}", fiscal_discount_rate(m) * 100)));
}

// The labels of RiskIndicator k and SensIndicator i; `incremental` for a with/without model.
const IndicatorLabel& risk_label(int k, bool incremental) { return label_of(key_of(static_cast<RiskIndicator>(k), incremental)); }
const IndicatorLabel& sens_label(int i, bool incremental) { return label_of(key_of(static_cast<SensIndicator>(i), incremental)); }

JsonValue opt(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}


std::string op_key(FactorOp op) {
  switch (op) {
    case FactorOp::Scale: return "scale";
    case FactorOp::Add: return "add";
    case FactorOp::DelayStart: return "delay_start";
    case FactorOp::DelayOperation: return "delay_operation";
  }
  return "scale";
}

std::string draw_op_key(DrawOp op) {
  switch (op) {
    case DrawOp::Scale: return "scale";
    case DrawOp::Set: return "set";
    case DrawOp::Add: return "add";
  }
  return "scale";
}

ParamKind kind_of(const ProjectModel& model, const std::vector<std::string>& paths) {
  ProjectModel m = model;
  for (const auto& p : paths) {
    const auto t = match_parameters(m, p);
    if (!t.empty()) return t.front().kind;
  }
  return ParamKind::Money;
}

bool rate_like(ParamKind k) { return k == ParamKind::Rate || k == ParamKind::Share; }

std::string number_text(double v) {
  std::string s = fmt::format("{:.6f}", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

// A change as a column heading: "-20%", "+1个百分点", "+500", "推迟1年".
std::string change_label(const ProjectModel& m, const SensitivityFactor& f, double c, Lang lang) {
  const std::string sign = c > 0 ? "+" : "";
  switch (f.op) {
    case FactorOp::Scale: return sign + number_text(c * 100) + "%";
    case FactorOp::Add:
      if (rate_like(kind_of(m, f.paths)))
        return msg_in(lang, messages::Report::change_points, "change"_a = sign + number_text(c * 100));
      return sign + number_text(c);
    case FactorOp::DelayStart:
    case FactorOp::DelayOperation:
      return msg_in(lang, messages::Report::change_delay, "years"_a = number_text(c));
  }
  return number_text(c);
}

std::string base_label(Lang lang) { return msg_in(lang, messages::Report::risk_base); }

// How a critical change reads for people: "-23.45%", "+1.20个百分点", "推迟3年".
Message critical_text(const ProjectModel& m, const SensitivityFactor& f, double c) {
  switch (f.op) {
    case FactorOp::Scale: return Message::same(with_sign(format_percent_number(c, 2)) + "%");
    case FactorOp::Add:
      if (rate_like(kind_of(m, f.paths))) return msg(messages::Report::critical_pp, "change"_a = with_sign(format_percent_number(c, 2)));
      return Message::same(with_sign(format_fixed(c, 2)));
    default: return msg(messages::Report::critical_years_late, "years"_a = number_text(c));
  }
}

// The NPV a critical point makes 0: ENPV, else the (incremental) FNPV.
Message critical_npv(bool economic, bool incremental) {
  return msg(economic      ? messages::Report::critical_npv_enpv
             : incremental ? messages::Report::critical_npv_incremental
                           : messages::Report::critical_npv_fnpv);
}

// Why a critical point is absent, or how it was found: the note's words and the JSON `reason`.
Message critical_reason(const ProjectModel& m, const SensitivityFactor& f, const CriticalPoint& cp, const Message& npv) {
  const bool delay = f.op == FactorOp::DelayStart || f.op == FactorOp::DelayOperation;
  switch (cp.status) {
    case CriticalPoint::Status::Found:
      if (delay) return msg(messages::Report::critical_delay_found, "npv"_a = npv, "years"_a = cp.delays_searched);
      if (cp.farther_change)
        return msg(messages::Report::critical_solved_farther, "npv"_a = npv, "farther"_a = critical_text(m, f, *cp.farther_change));
      return msg(messages::Report::critical_solved);
    case CriticalPoint::Status::NotInRange:
      if (delay)
        return cp.unevaluable_delay ? msg(messages::Risk::delay_keeps_sign_then_fails, "npv"_a = npv, "years"_a = cp.delays_searched,
                                          "next"_a = *cp.unevaluable_delay)
                                    : msg(messages::Risk::delay_keeps_sign, "npv"_a = npv, "years"_a = cp.delays_searched);
      if (f.op == FactorOp::Add) {
        // A rate's addition in percentage points (±1 is ±100 个百分点), an amount's as it is.
        const bool rate = rate_like(kind_of(m, f.paths));
        const double scale = rate ? 100.0 : 1.0;
        return msg(messages::Report::critical_keeps_sign_addition, "npv"_a = npv,
                   "range"_a = rate ? msg(messages::Report::critical_range_pp, "from"_a = fmt::format("{:+g}", cp.searched_from * scale),
                                          "to"_a = fmt::format("{:+g}", cp.searched_to * scale))
                                    : msg(messages::Core::value_range, "low"_a = fmt::format("{:+g}", cp.searched_from * scale),
                                          "high"_a = fmt::format("{:+g}", cp.searched_to * scale)));
      }
      return msg(messages::Report::critical_keeps_sign_change, "npv"_a = npv,
                 "range"_a = msg(messages::Core::value_range, "low"_a = fmt::format("{:+.0f}%", cp.searched_from * 100),
                                 "high"_a = fmt::format("{:+.0f}%", cp.searched_to * 100)));
    case CriticalPoint::Status::NotApplicable:
      return msg(cp.base_defined ? messages::Report::critical_already_zero : messages::Report::critical_base_undefined, "npv"_a = npv);
    case CriticalPoint::Status::Failed: return msg(messages::Report::critical_solver_failed, "evaluations"_a = cp.evaluations);
    case CriticalPoint::Status::NotEvaluated: return msg(messages::Risk::delay_not_evaluated);
  }
  return {};
}

Row make_row(std::string key, std::string zh, std::string en, Kind kind, int level = 0) {
  Row r;
  r.key = std::move(key);
  r.label_zh = std::move(zh);
  r.label_en = std::move(en);
  r.kind = kind;
  r.level = level;
  return r;
}

// A row labelled by a catalogue message.
Row make_row(std::string key, const Message& label, Kind kind, int level = 0) {
  return make_row(std::move(key), label.zh, label.en, kind, level);
}

// A table's title and the heading of its label column, from the catalogue.
void name_table(Table& t, const Message& title, messages::Report column) {
  const Message c = msg(column);
  t.title_zh = title.zh;
  t.title_en = title.en;
  t.column_label_zh = c.zh;
  t.column_label_en = c.en;
}

// Column headings in the run's language.
std::vector<std::string> headings(Lang lang, std::initializer_list<messages::Report> ids) {
  std::vector<std::string> out;
  for (const auto id : ids) out.push_back(msg_in(lang, id));
  return out;
}

}  // namespace

// ---- sensitivity ----

std::vector<Table> sensitivity_tables(const ProjectModel& m, const SensitivityResult& res, Lang lang) {
  std::vector<Table> out;
  // 敏感性分析表: factors grouped by their columns (the same changes of the same kind).
  std::vector<std::pair<std::vector<std::string>, std::vector<const FactorResult*>>> groups;
  for (const auto& fr : res.factors) {
    std::vector<double> cs = fr.factor.changes;
    cs.push_back(0.0);
    std::sort(cs.begin(), cs.end());
    cs.erase(std::unique(cs.begin(), cs.end()), cs.end());
    std::vector<std::string> labels;
    for (const double c : cs) labels.push_back(c == 0.0 ? base_label(lang) : change_label(m, fr.factor, c, lang));
    auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& x) { return x.first == labels; });
    if (g == groups.end()) groups.push_back({labels, {&fr}});
    else g->second.push_back(&fr);
  }
  int number = 0;
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    const auto& [labels, members] = groups[gi];
    Table t;
    t.key = gi == 0 ? "sensitivity" : fmt::format("sensitivity_{}", gi + 1);
    name_table(t, msg(messages::Report::sens_title), messages::Report::sens_column);
    t.unit = m.unit;
    t.columns = labels;
    for (const FactorResult* fr : members) {
      ++number;
      Row head = make_row(fmt::format("factor_{}", number), fr->factor.name, fr->factor.name, Kind::Money);
      head.number = std::to_string(fr->rank);
      t.rows.push_back(head);
      for (int i = 0; i < kSensIndicators; ++i) {
        bool any = res.base.value[i].has_value();
        for (const auto& p : fr->points) any = any || p.values.value[i].has_value();
        if (!any) continue;
        Row r = make_row(fmt::format("factor_{}_{}", number, sens_label(i, res.incremental).key), sens_label(i, res.incremental).zh, sens_label(i, res.incremental).en,
                         sens_label(i, res.incremental).kind, 1);
        for (const auto& label : labels) {
          std::optional<double> v;
          if (label == base_label(lang)) v = res.base.value[i];
          for (const auto& p : fr->points)
            if (change_label(m, fr->factor, p.change, lang) == label) v = p.values.value[i];
          r.values.push_back(v);
        }
        t.rows.push_back(std::move(r));
      }
    }
    public_rate_notes(m, has_indicator(m, SensIndicator::Enpv), has_indicator(m, SensIndicator::FiscalCostPv), t.notes);
    for (const FactorResult* fr : members)
      for (const auto& p : fr->points)
        if (!p.error.empty())
          t.notes.push_back(msg(messages::Risk::sensitivity_point_failed, "factor"_a = fr->factor.name,
                                "change"_a = Message(change_label(m, fr->factor, p.change, Lang::En), change_label(m, fr->factor, p.change, Lang::Zh)),
                                "why"_a = p.error));
    out.push_back(std::move(t));
  }

  // 敏感度系数和临界点分析表: one column per factor, in rank order.
  Table k;
  k.key = "sensitivity_ranking";
  name_table(k, msg(messages::Report::sens_ranking_title), messages::Report::sens_ranking_column);
  k.unit = m.unit;
  for (const auto& fr : res.factors) k.columns.push_back(fr.factor.name);
  auto add_row = [&](std::string key, const Message& label, Kind kind, auto value) {
    Row r = make_row(std::move(key), label, kind);
    bool any = false;
    for (const auto& fr : res.factors) {
      const std::optional<double> v = value(fr);
      any = any || v.has_value();
      r.values.push_back(v);
    }
    if (any) k.rows.push_back(std::move(r));
  };
  add_row("rank", msg(messages::Report::sens_rank), Kind::Count, [](const FactorResult& f) -> std::optional<double> { return f.rank; });
  for (const SensIndicator i : {SensIndicator::FirrPostTax, SensIndicator::FnpvPostTax, SensIndicator::FirrPreTax,
                                SensIndicator::EquityIrr, SensIndicator::Eirr, SensIndicator::Enpv}) {
    const auto& l = sens_label(static_cast<int>(i), res.incremental);
    add_row(std::string("saf_") + l.key, msg(messages::Report::sens_saf, "indicator"_a = Message(l.en, l.zh)), Kind::Ratio,
            [i](const FactorResult& f) { return f.saf[static_cast<int>(i)]; });
  }
  for (const int which : {0, 1, 2}) {  // after tax, before tax, economic (ENPV = 0)
    if (which == 2 && !m.economic) continue;
    using messages::Report;
    // The rows' labels: {change, points, amount, years} for this indicator.
    const std::array<Report, 4> labels =
        which == 0   ? std::array{Report::critical_post_tax_change, Report::critical_post_tax_points, Report::critical_post_tax_amount,
                                  Report::critical_post_tax_years}
        : which == 1 ? std::array{Report::critical_pre_tax_change, Report::critical_pre_tax_points, Report::critical_pre_tax_amount,
                                  Report::critical_pre_tax_years}
                     : std::array{Report::critical_economic_change, Report::critical_economic_points, Report::critical_economic_amount,
                                  Report::critical_economic_years};
    const std::string key = which == 0 ? "critical_post_tax" : which == 1 ? "critical_pre_tax" : "critical_economic";
    auto cp_of = [which](const FactorResult& f) -> const CriticalPoint& {
      return which == 0 ? f.critical_post_tax : which == 1 ? f.critical_pre_tax : f.critical_economic;
    };
    add_row(key, msg(labels[0]), Kind::Rate,
            [&](const FactorResult& f) { return f.factor.op == FactorOp::Scale ? cp_of(f).change : std::nullopt; });
    add_row(key + "_points", msg(labels[1]), Kind::Rate, [&](const FactorResult& f) {
              return f.factor.op == FactorOp::Add && rate_like(kind_of(m, f.factor.paths)) ? cp_of(f).change : std::nullopt;
            });
    add_row(key + "_amount", msg(labels[2]), Kind::Money, [&](const FactorResult& f) {
              return f.factor.op == FactorOp::Add && !rate_like(kind_of(m, f.factor.paths)) ? cp_of(f).change : std::nullopt;
            });
    add_row(key + "_years", msg(labels[3]), Kind::Count, [&](const FactorResult& f) {
              return f.factor.op != FactorOp::Scale && f.factor.op != FactorOp::Add ? cp_of(f).change : std::nullopt;
            });
  }
  k.notes.push_back(msg(res.incremental ? messages::Report::critical_note_incremental : messages::Report::critical_note));
  {
    // What the rank is by: the decisive indicators (a public project's economic ones).
    const IndicatorLabel& by = sens_label(static_cast<int>(res.ranked_by), res.incremental);
    const IndicatorLabel& npv = sens_label(static_cast<int>(res.decisive), res.incremental);
    k.notes.push_back(msg(messages::Risk::sensitivity_ranked_by, "indicator"_a = Message(by.en, by.zh), "npv"_a = Message(npv.en, npv.zh)));
    if (res.decisive == SensIndicator::Enpv && m.economic)
      k.notes.push_back(
          msg(messages::Risk::sensitivity_public_decides, "rate"_a = format_percent(m.economic->discount_rate)));
  }
  if (m.economic) k.notes.push_back(msg(messages::Report::critical_note_economic));
  // One line per factor and critical point: after tax, and for a public project ENPV as well.
  std::vector<std::pair<const FactorResult*, bool>> lines;
  for (const auto& fr : res.factors) lines.emplace_back(&fr, false);
  if (m.economic)
    for (const auto& fr : res.factors) lines.emplace_back(&fr, true);
  for (const auto& [frp, economic] : lines) {
    const FactorResult& fr = *frp;
    const auto& cp = economic ? fr.critical_economic : fr.critical_post_tax;
    const Message name = economic ? msg(messages::Report::critical_factor_enpv, "factor"_a = fr.factor.name) : Message::same(fr.factor.name);
    if (!cp.change) {
      k.notes.push_back(msg(messages::Report::critical_line_none, "factor"_a = name,
                            "reason"_a = critical_reason(m, fr.factor, cp, critical_npv(economic, res.incremental))));
      continue;
    }
    const Message change = critical_text(m, fr.factor, *cp.change);
    Message values;
    double base_sum = 0, critical_sum = 0;
    const bool money = kind_of(m, fr.factor.paths) == ParamKind::Money && cp.values.size() > 1;
    for (std::size_t i = 0; i < cp.values.size() && i < fr.base_values.size(); ++i) {
      base_sum += fr.base_values[i].second;
      critical_sum += cp.values[i].second;
    }
    if (money) {
      values = msg(messages::Report::critical_values_total, "base"_a = report::format_value(base_sum, Kind::Money),
                   "critical"_a = report::format_value(critical_sum, Kind::Money));
    } else {
      // Each value in words (通行费收入的单价, not the model's key revenue[通行费收入].price).
      Message each;
      for (std::size_t i = 0; i < cp.values.size() && i < fr.base_values.size(); ++i) {
        const ParamKind pk = kind_of(m, {cp.values[i].first});
        const Kind vk = rate_like(pk) ? Kind::Rate : Kind::Money;
        const Message what = parameter_words(m, cp.values[i].first);
        const std::string moved = fmt::format(" {} → {}", report::format_value(fr.base_values[i].second, vk),
                                               report::format_value(cp.values[i].second, vk));
        each.en += (each.en.empty() ? "" : "; ") + what.en + moved;
        each.zh += (each.zh.empty() ? "" : "；") + what.zh + moved;
      }
      if (!each.en.empty()) values = each;
    }
    k.notes.push_back(values.empty() ? msg(messages::Report::critical_line, "factor"_a = name, "change"_a = change)
                                     : msg(messages::Report::critical_line_values, "factor"_a = name, "change"_a = change,
                                           "values"_a = values));
  }
  out.push_back(std::move(k));

  // Tornado: the decisive NPV (ENPV for a public project, else the post-tax FNPV, incremental for a
  // with/without model) at each factor's lowest and highest change, widest bar first.
  Table tor;
  tor.key = "tornado";
  {
    const IndicatorLabel& npv = sens_label(static_cast<int>(res.decisive), res.incremental);
    const Message title = msg(messages::Risk::tornado_title, "indicator"_a = Message(npv.en, npv.zh));
    tor.title_zh = title.zh;
    tor.title_en = title.en;
  }
  tor.unit = m.unit;
  {
    const Message column = msg(messages::Report::tornado_column);
    tor.column_label_zh = column.zh;
    tor.column_label_en = column.en;
  }
  tor.columns = headings(lang, {messages::Report::tornado_lowest, messages::Report::tornado_highest, messages::Report::tornado_swing});
  std::vector<const FactorResult*> by_swing;
  for (const auto& fr : res.factors) by_swing.push_back(&fr);
  std::stable_sort(by_swing.begin(), by_swing.end(), [](const FactorResult* a, const FactorResult* b) {
    return a->swing.value_or(-1.0) > b->swing.value_or(-1.0);
  });
  for (const FactorResult* fr : by_swing) {
    const SensitivityPoint* lo = nullptr;
    const SensitivityPoint* hi = nullptr;
    for (const auto& p : fr->points) {
      if (!lo || p.change < lo->change) lo = &p;
      if (!hi || p.change > hi->change) hi = &p;
    }
    auto fnpv_at = [&](const SensitivityPoint* p) -> std::optional<double> {
      if (!p) return std::nullopt;
      if ((p == lo && p->change > 0) || (p == hi && p->change < 0)) return res.base[res.decisive];
      return p->values[res.decisive];
    };
    auto label = [&](double c) { return c == 0.0 ? base_label(lang) : change_label(m, fr->factor, c, lang); };
    const std::string name = lo && hi ? msg_in(lang, messages::Report::tornado_range, "factor"_a = fr->factor.name,
                                               "low"_a = label(std::min(lo->change, 0.0)), "high"_a = label(std::max(hi->change, 0.0)))
                                      : fr->factor.name;
    Row r = make_row(fmt::format("tornado_{}", fr->rank), name, name, Kind::Money);
    r.values = {fnpv_at(lo), fnpv_at(hi), fr->swing};
    tor.rows.push_back(std::move(r));
  }
  out.push_back(std::move(tor));
  return out;
}

Table break_even_table(const ProjectModel& m, const BreakEvenResult& b, Lang lang) {
  Table t;
  t.key = "break_even";
  using messages::Report;
  name_table(t, msg(Report::break_even_title, "year"_a = b.year), Report::break_even_column);
  t.unit = m.unit;
  t.columns = headings(lang, {Report::break_even_with_interest, Report::break_even_without_interest});
  auto both = [&](std::string key, const Message& label, Kind kind, std::optional<double> a, std::optional<double> c, int level = 0) {
    Row r = make_row(std::move(key), label, kind, level);
    r.values = {a, c};
    t.rows.push_back(std::move(r));
  };
  const auto& w = b.with_interest;
  const auto& wo = b.without_interest;
  both("revenue", msg(Report::break_even_revenue), Kind::Money, b.revenue, b.revenue);
  both("variable_cost", msg(Report::break_even_variable_cost), Kind::Money, b.variable_cost, b.variable_cost);
  both("taxes", msg(Report::break_even_taxes), Kind::Money, b.taxes, b.taxes);
  both("fixed_cost", msg(Report::break_even_fixed_cost), Kind::Money, w.fixed_cost, wo.fixed_cost);
  both("interest", msg(Report::break_even_interest), Kind::Money, b.interest, 0.0, 1);
  both("utilisation", msg(Report::break_even_utilisation), Kind::Rate, w.utilisation.value, wo.utilisation.value);
  for (std::size_t i = 0; i < w.lines.size() && i < wo.lines.size(); ++i) {
    const auto& a = w.lines[i];
    const auto& c = wo.lines[i];
    const std::string k = fmt::format("line_{}", i + 1);
    // Quantities and prices in a table of 万元: each row says its own unit (元/车次, 万车次).
    const RevenueLine* line = nullptr;
    for (const auto& l : m.revenue)
      if (l.name == a.name) line = &l;
    const report_rows::VolumeWords words = line ? report_rows::volume_words(*line, m.unit) : report_rows::VolumeWords{};
    auto per_unit = [&](Report id) { return msg(id, "name"_a = a.name, "unit"_a = words.price_unit); };
    both(k + "_capacity", msg(Report::break_even_capacity, "name"_a = a.name, "volume"_a = words.volume, "unit"_a = words.volume_unit),
         Kind::Money, a.capacity, c.capacity);
    both(k + "_output", msg(Report::break_even_output, "name"_a = a.name, "volume"_a = words.volume, "unit"_a = words.volume_unit),
         Kind::Money, a.output.value, c.output.value, 1);
    both(k + "_price", per_unit(Report::break_even_price), Kind::Money, a.price, c.price);
    both(k + "_unit_variable_cost", per_unit(Report::break_even_unit_variable_cost), Kind::Money, a.unit_variable_cost,
         c.unit_variable_cost, 1);
    both(k + "_unit_taxes", per_unit(Report::break_even_unit_taxes), Kind::Money, a.unit_taxes, c.unit_taxes, 1);
    both(k + "_break_even_price", per_unit(Report::break_even_price_break_even), Kind::Money, a.price_break_even.value,
         c.price_break_even.value, 1);
  }
  // The year's reason: a project that only sells has no capacity to reach, and its utilisation
  // is a share of the year's revenue (the default year is then the first operating year).
  bool sells = false, by_volume = false;
  for (const auto& l : m.revenue) {
    sells = sells || l.kind != RevenueKind::Operating;
    by_volume = by_volume || (l.volume && l.price && !l.amounts);
  }
  const Report reason = b.year_reason == "given"      ? Report::break_even_year_given
                        : sells && !by_volume ? Report::break_even_year_sale
                                              : Report::break_even_year_normal;
  t.notes.push_back(msg(reason, "year"_a = b.year));
  if (!w.utilisation.value) t.notes.push_back(w.utilisation.reason);
  for (const auto& n : b.notes) t.notes.push_back(n);
  return t;
}

namespace {

// The indicators of the model: the public view's only where the model has its section.
JsonValue indicator_set_json(const ProjectModel& m, const IndicatorSet& s, bool incremental) {
  JsonValue j = JsonValue::object();
  for (int i = 0; i < kSensIndicators; ++i) {
    if (!has_indicator(m, static_cast<SensIndicator>(i))) continue;
    j[sens_label(i, incremental).key] = opt(s.value[i]);
    if (!s.value[i]) {
      j[std::string(sens_label(i, incremental).key) + "_reason"] = s.reason[i].en;
      j[std::string(sens_label(i, incremental).key) + "_reason_zh"] = s.reason[i].in(Lang::Zh);
    }
  }
  return j;
}

JsonValue saf_json(const ProjectModel& m, const std::array<std::optional<double>, kSensIndicators>& saf, bool incremental) {
  JsonValue j = JsonValue::object();
  for (int i = 0; i < kSensIndicators; ++i)
    if (has_indicator(m, static_cast<SensIndicator>(i))) j[sens_label(i, incremental).key] = opt(saf[i]);
  return j;
}

// A critical point in JSON: its reason in English and, beside it, in Chinese (as `KEY_reason` and
// `KEY_reason_zh` are written for an absent value).
JsonValue critical_json(const ProjectModel& m, const FactorResult& fr, const CriticalPoint& cp, const Message& npv) {
  const auto& base = fr.base_values;
  const Message reason = critical_reason(m, fr.factor, cp, npv);
  JsonValue values = JsonValue::array();
  for (std::size_t i = 0; i < cp.values.size(); ++i)
    values.push_back({{"path", cp.values[i].first}, {"base", i < base.size() ? JsonValue(base[i].second) : JsonValue(nullptr)},
                      {"critical", cp.values[i].second}});
  return {{"status", to_string(cp.status)},
          {"change", opt(cp.change)},
          {"fnpv_at_change", cp.change ? JsonValue(cp.fnpv_at_change) : JsonValue(nullptr)},
          {"evaluations", cp.evaluations},
          {"reason", reason.en},
          {"reason_zh", reason.in(Lang::Zh)},
          {"values", values}};
}

JsonValue break_even_case(const BreakEvenCase& c) {
  JsonValue lines = JsonValue::array();
  for (const auto& l : c.lines)
    lines.push_back({{"name", l.name},
                     {"capacity", l.capacity},
                     {"price", l.price},
                     {"unit_variable_cost", l.unit_variable_cost},
                     {"unit_taxes", l.unit_taxes},
                     {"output", opt(l.output.value)},
                     {"break_even_price", opt(l.price_break_even.value)}});
  JsonValue j{{"fixed_cost", c.fixed_cost}, {"utilisation", opt(c.utilisation.value)}};
  if (!c.utilisation.value) j["utilisation_reason"] = c.utilisation.reason;
  j["lines"] = lines;
  return j;
}

}  // namespace

JsonValue sensitivity_document(const ProjectModel& m, const SensitivityResult& res, const BreakEvenResult& be, const RiskMeta& meta) {
  JsonValue doc;
  doc["meta"] = {{"model", meta.model_path},
                 {"indicators", res.incremental ? "incremental" : "project"},
                 {"scenario_file", meta.scenario_file.empty() ? JsonValue(nullptr) : JsonValue(meta.scenario_file)},
                 {"scenario", meta.scenario.empty() ? JsonValue(nullptr) : JsonValue(meta.scenario)},
                 {"factors", meta.default_inputs ? "default" : "scenario_file"},
                 {"unit", m.unit},
                 {"rates", "fraction"},
                 {"benchmark_rate", m.benchmark_rate},
                 {"critical_point", res.incremental ? "incremental FNPV = 0 (incremental FIRR = ic), solved by TOMS 748"
                                                    : "FNPV = 0 (FIRR = ic), solved by TOMS 748"},
                 {"ranked_by", fmt::format("abs(saf.{}); factors without a SAF by swing of {}", sens_label(static_cast<int>(res.ranked_by), res.incremental).key,
                                           sens_label(static_cast<int>(res.decisive), res.incremental).key)},
                 {"tornado_indicator", sens_label(static_cast<int>(res.decisive), res.incremental).key},
                 {"engine_version", APPRAISE_VERSION}};
  if (m.economic) doc["meta"]["social_discount_rate"] = m.economic->discount_rate;
  doc["base"] = indicator_set_json(m, res.base, res.incremental);
  JsonValue factors = JsonValue::array();
  for (const auto& fr : res.factors) {
    JsonValue points = JsonValue::array();
    for (const auto& p : fr.points) {
      JsonValue pj{{"change", p.change}, {"values", indicator_set_json(m, p.values, res.incremental)}, {"saf", saf_json(m, p.saf, res.incremental)}};
      if (!p.error.empty()) {
        pj["error"] = p.error.en;
        pj["error_zh"] = p.error.in(Lang::Zh);
      }
      points.push_back(std::move(pj));
    }
    JsonValue base_values = JsonValue::array();
    for (const auto& [path, v] : fr.base_values) base_values.push_back({{"path", path}, {"value", v}});
    factors.push_back({{"name", fr.factor.name},
                       {"rank", fr.rank},
                       {"op", op_key(fr.factor.op)},
                       {"paths", fr.factor.paths},
                       {"changes", fr.factor.changes},
                       {"points", points},
                       {"saf", saf_json(m, fr.saf, res.incremental)},
                       {"swing", opt(fr.swing)},
                       {"base_values", base_values},
                       {"critical_post_tax", critical_json(m, fr, fr.critical_post_tax, critical_npv(false, res.incremental))},
                       {"critical_pre_tax", critical_json(m, fr, fr.critical_pre_tax, critical_npv(false, res.incremental))}});
    if (m.economic) factors.back()["critical_economic"] = critical_json(m, fr, fr.critical_economic, critical_npv(true, res.incremental));
  }
  doc["factors"] = factors;
  std::vector<const FactorResult*> by_swing;
  for (const auto& fr : res.factors) by_swing.push_back(&fr);
  std::stable_sort(by_swing.begin(), by_swing.end(), [](const FactorResult* a, const FactorResult* b) {
    return a->swing.value_or(-1.0) > b->swing.value_or(-1.0);
  });
  JsonValue tornado = JsonValue::array();
  for (const FactorResult* fr : by_swing) tornado.push_back({{"name", fr->factor.name}, {"swing", opt(fr->swing)}});
  doc["tornado"] = tornado;
  doc["break_even"] = {{"year", be.year},
                       {"year_reason", be.year_reason},
                       {"revenue", be.revenue},
                       {"variable_cost", be.variable_cost},
                       {"taxes", be.taxes},
                       {"fixed_operating_cost", be.fixed_operating_cost},
                       {"depreciation", be.depreciation},
                       {"amortisation", be.amortisation},
                       {"interest", be.interest},
                       {"sustaining_expensed", be.sustaining_expensed},
                       {"with_interest", break_even_case(be.with_interest)},
                       {"without_interest", break_even_case(be.without_interest)},
                       {"notes", be.notes}};
  return doc;
}

// ---- simulation ----

namespace {

// How an input's values read: a factor or a rate as a percentage, else an amount.
Kind input_kind(const ProjectModel& m, const UncertainInput& in) {
  if (in.op == DrawOp::Scale) return Kind::Rate;
  return rate_like(kind_of(m, in.paths)) ? Kind::Rate : Kind::Money;
}

std::string threshold_text(RiskIndicator i, double v) {
  switch (i) {
    case RiskIndicator::FnpvPostTax:
    case RiskIndicator::FnpvPreTax:
    case RiskIndicator::Enpv:
    case RiskIndicator::FiscalCostPv: return report::format_value(v, Kind::Money);
    case RiskIndicator::Ebcr:
    case RiskIndicator::DscrMin:
    case RiskIndicator::IcrMin:
    case RiskIndicator::BondCoverage: return report::format_value(v, Kind::Ratio);
    default: return report::format_value(v, Kind::Rate);
  }
}

// Why draws have no value of an indicator, each reason with its count: "no debt service 1000".
Message absent_text(const IndicatorStats& s) {
  static const std::map<std::string, messages::Report> names{
      {"no_sign_change", messages::Report::absent_no_sign_change},
      {"no_root", messages::Report::absent_no_root},
      {"not_converged", messages::Report::absent_not_converged},
      {"no_debt_service", messages::Report::absent_no_debt_service},
      {"no_interest", messages::Report::absent_no_interest},
      {"no_bond_service", messages::Report::absent_no_bond_service},
      {"no_economic_cost", messages::Report::absent_no_economic_cost},
      {"evaluation_failed", messages::Report::absent_evaluation_failed},
      {"not_computed", messages::Report::absent_not_computed}};
  Message out;
  for (const auto& [k, n] : s.absent_reasons) {
    const auto it = names.find(k);
    const Message name = it == names.end() ? Message::same(fmt::format("`{}`", k)) : msg(it->second);
    out.en += fmt::format("{}{} {}", out.en.empty() ? "" : ", ", name.en, n);
    out.zh += fmt::format("{}{} {}", out.zh.empty() ? "" : "，", name.zh, n);
  }
  return out;
}

}  // namespace

std::vector<Table> simulation_tables(const ProjectModel& m, const SimulationSpec& spec, const SimulationResult& res, Lang lang) {
  std::vector<Table> out;
  Table in;
  in.key = "simulation_inputs";
  using messages::Report;
  name_table(in, msg(Report::sim_inputs_title), Report::sim_statistic_column);
  in.columns = headings(lang, {Report::sim_mean_analytic, Report::sim_mean_sample, Report::sim_sd_analytic, Report::sim_sd_sample});
  for (std::size_t j = 0; j < spec.inputs.size() && j < res.inputs.size(); ++j) {
    const auto& u = spec.inputs[j];
    const auto& s = res.inputs[j];
    Row r = make_row(fmt::format("input_{}", j + 1), u.name, u.name, input_kind(m, u));
    r.values = {s.analytic_mean, s.mean, s.analytic_sd, s.sd};
    in.rows.push_back(std::move(r));
    std::string paths;
    for (const auto& p : u.paths) paths += (paths.empty() ? "" : ", ") + p;
    const Message input = msg(u.op == DrawOp::Scale ? messages::Report::sim_input_scaled
                              : u.op == DrawOp::Set ? messages::Report::sim_input_set
                                                    : messages::Report::sim_input_added,
                              "name"_a = u.name, "paths"_a = paths, "distribution"_a = describe_distribution(u.distribution));
    in.notes.push_back(s.clamped > 0 ? msg(messages::Report::sim_input_clamped, "input"_a = input, "count"_a = s.clamped) : input);
  }
  out.push_back(std::move(in));

  Table t;
  t.key = "simulation_summary";
  name_table(t, msg(Report::sim_summary_title), Report::sim_statistic_column);
  t.unit = m.unit;
  t.columns = headings(lang, {Report::risk_base, Report::sim_mean, Report::sim_sd, Report::sim_min});
  for (const char* p : {"P5", "P10", "P25", "P50", "P75", "P90", "P95"}) t.columns.emplace_back(p);
  t.columns.emplace_back(msg_in(lang, Report::sim_max));
  for (int k = 0; k < kRiskIndicators; ++k) {
    const auto& s = res.indicators[static_cast<std::size_t>(k)];
    if (!s.computed) continue;
    Row r = make_row(risk_label(k, res.incremental).key, risk_label(k, res.incremental).zh, risk_label(k, res.incremental).en, risk_label(k, res.incremental).kind);
    r.values = {s.base, s.mean, s.sd, s.min};
    for (const auto& [p, v] : s.percentiles) r.values.push_back(v);
    while (r.values.size() < 11) r.values.push_back(std::nullopt);
    r.values.push_back(s.max);
    t.rows.push_back(std::move(r));
  }
  for (int k = 0; k < kRiskIndicators; ++k) {
    const auto& s = res.indicators[static_cast<std::size_t>(k)];
    if (s.computed && s.absent > 0)
      t.notes.push_back(msg(messages::Report::draws_without_value,
                            "indicator"_a = Message(risk_label(k, res.incremental).en, risk_label(k, res.incremental).zh),
                            "count"_a = s.absent, "reasons"_a = absent_text(s)));
  }
  public_rate_notes(m, res.indicators[static_cast<std::size_t>(RiskIndicator::Enpv)].computed,
                    res.indicators[static_cast<std::size_t>(RiskIndicator::FiscalCostPv)].computed, t.notes);
  if (res.failed > 0)
    t.notes.push_back(res.failed == 1 ? msg(messages::Risk::one_draw_failed, "first"_a = res.first_failure)
                                      : msg(messages::Risk::draws_failed, "count"_a = res.failed, "first"_a = res.first_failure));
  out.push_back(std::move(t));

  // DSCR year by year: the years a lender looks at first.
  if (!res.dscr_by_year.empty() && res.dscr_target) {
    Table y;
    y.key = "simulation_dscr_by_year";
    const std::string target = report::format_value(*res.dscr_target, Kind::Ratio);
    name_table(y, msg(Report::sim_dscr_title, "target"_a = target), Report::sim_year_column);
    for (const auto& p : res.dscr_by_year) y.columns.push_back(std::to_string(p.year));
    Row pr = make_row("p_dscr_below", msg(Report::sim_p_dscr_below, "target"_a = target), Kind::Rate);
    Row cr = make_row("draws_with_dscr", msg(Report::sim_draws_with_dscr), Kind::Count);
    for (const auto& p : res.dscr_by_year) {
      pr.values.push_back(p.count > 0 ? std::optional<double>(static_cast<double>(p.below) / static_cast<double>(p.count)) : std::nullopt);
      cr.values.push_back(static_cast<double>(p.count));
    }
    y.rows.push_back(std::move(pr));
    y.rows.push_back(std::move(cr));
    out.push_back(std::move(y));
  }

  // What drives each indicator: share of the explained rank variance and Spearman's rank correlation.
  {
    Table d;
    d.key = "simulation_drivers";
    name_table(d, msg(Report::sim_drivers_title), Report::sim_input_column);
    std::vector<int> shown;
    for (int k = 0; k < kRiskIndicators; ++k)
      if (res.indicators[static_cast<std::size_t>(k)].computed && !res.drivers[static_cast<std::size_t>(k)].drivers.empty()) shown.push_back(k);
    for (const int k : shown) d.columns.push_back(lang == Lang::Zh ? risk_label(k, res.incremental).zh : risk_label(k, res.incremental).en);
    for (std::size_t j = 0; j < spec.inputs.size(); ++j) {
      Row share = make_row(fmt::format("share_{}", j + 1), msg(Report::sim_driver_share, "name"_a = spec.inputs[j].name), Kind::Rate);
      Row rho = make_row(fmt::format("spearman_{}", j + 1), msg(Report::sim_driver_spearman, "name"_a = spec.inputs[j].name), Kind::Ratio);
      for (const int k : shown) {
        std::optional<double> sv, rv;
        for (const auto& dr : res.drivers[static_cast<std::size_t>(k)].drivers)
          if (dr.input == j) {
            sv = dr.share;
            rv = dr.spearman;
          }
        share.values.push_back(sv);
        rho.values.push_back(rv);
      }
      d.rows.push_back(std::move(share));
      d.rows.push_back(std::move(rho));
    }
    Row r2 = make_row("r2", msg(Report::sim_r2), Kind::Ratio);
    for (const int k : shown) r2.values.push_back(res.drivers[static_cast<std::size_t>(k)].r2);
    d.rows.push_back(std::move(r2));
    if (!shown.empty()) {
      const auto sample = res.drivers[static_cast<std::size_t>(shown.front())].sample;
      d.notes.push_back(msg(messages::Report::sim_drivers_note, "sample"_a = sample));
      out.push_back(std::move(d));
    }
  }

  if (spec.correlation.size() != 0) {
    Table c;
    c.key = "simulation_correlation";
    name_table(c, msg(Report::sim_correlation_title), Report::sim_correlation_column);
    for (const auto& u : spec.inputs) c.columns.push_back(u.name);
    for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
      Row r = make_row(fmt::format("correlation_{}", i + 1), spec.inputs[i].name, spec.inputs[i].name, Kind::Ratio);
      for (std::size_t j = 0; j < spec.inputs.size(); ++j)
        r.values.push_back(res.sample_correlation(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)));
      c.rows.push_back(std::move(r));
    }
    c.notes.push_back(msg(messages::Report::sim_correlation_copula));
    for (std::size_t i = 0; i < spec.inputs.size(); ++i)
      for (std::size_t j = 0; j < i; ++j) {
        const double target = res.target_correlation(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
        if (target != 0.0)
          c.notes.push_back(Message::same(fmt::format("{} — {}: {:.4f} ({:.4f})", spec.inputs[i].name, spec.inputs[j].name,
                                        res.sample_correlation(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)), target)));
      }
    out.push_back(std::move(c));
  }
  return out;
}

report::Summary simulation_probabilities(const ProjectModel& m, const SimulationResult& res) {
  const Message title = msg(messages::Report::sim_probabilities_title);
  report::Summary s{"simulation_probabilities", title.zh, title.en, "", {}};
  for (int k = 0; k < kRiskIndicators; ++k) {
    const auto& st = res.indicators[static_cast<std::size_t>(k)];
    if (!st.computed || !st.threshold) continue;
    const auto which = static_cast<RiskIndicator>(k);
    const std::string th = threshold_text(which, *st.threshold);
    report::Item it;
    it.key = std::string("p_") + risk_label(k, res.incremental).key + "_below";
    const Message label = msg(risk_label(k, res.incremental).below, "threshold"_a = th);
    it.label_zh = label.zh;
    it.label_en = label.en;
    it.value = st.below;
    it.kind = Kind::Rate;
    if (st.below) it.text = fmt::format("{} / {}", st.below_count, st.count);
    else it.reason = msg(messages::Risk::no_draw_has_value);
    s.items.push_back(std::move(it));
  }
  (void)m;
  return s;
}

std::vector<Table> simulation_distribution_tables(const ProjectModel& m, const SimulationResult& res, Lang lang) {
  std::vector<Table> out;
  for (int k = 0; k < kRiskIndicators; ++k) {
    const auto& s = res.indicators[static_cast<std::size_t>(k)];
    if (!s.computed || s.histogram.empty()) continue;
    Table t;
    t.key = std::string("histogram_") + risk_label(k, res.incremental).key;
    const Message title = msg(messages::Report::sim_histogram_title,
                              "indicator"_a = Message(risk_label(k, res.incremental).en, risk_label(k, res.incremental).zh));
    t.title_zh = title.zh;
    t.title_en = title.en;
    t.unit = m.unit;
    const Message column = msg(messages::Report::sim_bin_column);
    t.column_label_zh = column.zh;
    t.column_label_en = column.en;
    // A table's columns are one language's text (usually years): the run's.
    t.columns = headings(lang, {messages::Report::sim_bin_from, messages::Report::sim_bin_to, messages::Report::sim_bin_count,
                                messages::Report::sim_bin_share, messages::Report::sim_bin_cumulative});
    t.column_kinds = {std::nullopt, std::nullopt, Kind::Count, Kind::Rate, Kind::Rate};
    std::int64_t cum = 0;
    for (std::size_t b = 0; b < s.histogram.size(); ++b) {
      const auto& h = s.histogram[b];
      cum += h.count;
      Row r = make_row(fmt::format("bin_{}", b + 1), std::to_string(b + 1), std::to_string(b + 1), risk_label(k, res.incremental).kind);
      r.values = {h.from, h.to, static_cast<double>(h.count), static_cast<double>(h.count) / static_cast<double>(s.count),
                  static_cast<double>(cum) / static_cast<double>(s.count)};
      t.rows.push_back(std::move(r));
    }
    out.push_back(std::move(t));
  }
  Table c;
  c.key = "cumulative_distribution";
  name_table(c, msg(messages::Report::sim_cdf_title), messages::Report::sim_cdf_column);
  c.unit = m.unit;
  for (int p = 0; p <= 100; ++p) c.columns.push_back(fmt::format("{}%", p));
  for (int k = 0; k < kRiskIndicators; ++k) {
    const auto& s = res.indicators[static_cast<std::size_t>(k)];
    if (!s.computed || s.cdf.empty()) continue;
    Row r = make_row(risk_label(k, res.incremental).key, risk_label(k, res.incremental).zh, risk_label(k, res.incremental).en, risk_label(k, res.incremental).kind);
    for (const double v : s.cdf) r.values.push_back(v);
    c.rows.push_back(std::move(r));
  }
  out.push_back(std::move(c));
  return out;
}

std::string render_histogram(const ProjectModel& m, const SimulationResult& res, RiskIndicator which, Lang lang,
                             std::size_t bar_width) {
  const int k = static_cast<int>(which);
  const auto& s = res.indicators[static_cast<std::size_t>(k)];
  if (!s.computed || s.histogram.empty() || s.count == 0) return {};
  const Kind kind = risk_label(k, res.incremental).kind;
  const Message indicator(risk_label(k, res.incremental).en, risk_label(k, res.incremental).zh);
  std::string out = (kind == Kind::Money ? msg_in(lang, messages::Report::sim_histogram_heading_unit, "indicator"_a = indicator,
                                                  "unit"_a = m.unit, "bins"_a = s.histogram.size())
                                         : msg_in(lang, messages::Report::sim_histogram_heading, "indicator"_a = indicator,
                                                  "bins"_a = s.histogram.size())) +
                    "\n";
  std::vector<std::string> ranges;
  std::size_t w = 0;
  std::int64_t most = 1;
  for (std::size_t b = 0; b < s.histogram.size(); ++b) {
    const auto& h = s.histogram[b];
    ranges.push_back(fmt::format("[{}, {}{}", report::format_value(h.from, kind), report::format_value(h.to, kind),
                                 b + 1 == s.histogram.size() ? "]" : ")"));
    w = std::max(w, display_width(ranges.back()));
    most = std::max(most, h.count);
  }
  std::int64_t cum = 0;
  const std::size_t count_w = std::max<std::size_t>(5, std::to_string(most).size());
  for (std::size_t b = 0; b < s.histogram.size(); ++b) {
    const auto& h = s.histogram[b];
    cum += h.count;
    const auto bar = static_cast<std::size_t>(std::llround(static_cast<double>(h.count) * static_cast<double>(bar_width) /
                                                           static_cast<double>(most)));
    std::string bars;
    for (std::size_t i = 0; i < bar; ++i) bars += "█";
    std::string line = fmt::format("  {}  {:>{}}  {:>7}  {:>7}  {}", pad_right(ranges[b], w), h.count, count_w,
                                   fmt::format("{:.2f}%", 100.0 * static_cast<double>(h.count) / static_cast<double>(s.count)),
                                   fmt::format("{:.2f}%", 100.0 * static_cast<double>(cum) / static_cast<double>(s.count)), bars);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

JsonValue simulation_document(const ProjectModel& m, const SimulationSpec& spec, const SimulationResult& res, const RiskMeta& meta) {
  JsonValue doc;
  doc["meta"] = {{"model", meta.model_path},
                 {"indicators", res.incremental ? "incremental" : "project"},
                 {"scenario_file", meta.scenario_file.empty() ? JsonValue(nullptr) : JsonValue(meta.scenario_file)},
                 {"scenario", meta.scenario.empty() ? JsonValue(nullptr) : JsonValue(meta.scenario)},
                 {"inputs", meta.default_inputs ? "default" : "scenario_file"},
                 {"unit", m.unit},
                 {"rates", "fraction"},
                 {"benchmark_rate", m.benchmark_rate},
                 {"seed", res.seed},
                 {"draws", res.draws},
                 {"threads", res.threads},
                 {"memory", "one number per draw per indicator, for the percentiles; the inputs of the first driver_sample draws"},
                 {"driver_sample", spec.driver_sample},
                 {"generator", "splitmix64: draw i, input j uses output i*inputs+j"},
                 {"percentiles", "excel_percentile_inc"},
                 {"engine_version", APPRAISE_VERSION}};
  JsonValue inputs = JsonValue::array();
  for (std::size_t j = 0; j < spec.inputs.size() && j < res.inputs.size(); ++j) {
    const auto& u = spec.inputs[j];
    const auto& s = res.inputs[j];
    JsonValue d = std::visit(
        [](const auto& v) -> JsonValue {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, NormalDist>) return {{"type", "normal"}, {"mean", v.mean}, {"sd", v.sd}};
          else if constexpr (std::is_same_v<T, LognormalDist>) return {{"type", "lognormal"}, {"mu", v.mu}, {"sigma", v.sigma}};
          else if constexpr (std::is_same_v<T, TriangularDist>) return {{"type", "triangular"}, {"min", v.min}, {"mode", v.mode}, {"max", v.max}};
          else if constexpr (std::is_same_v<T, PertDist>) return {{"type", "pert"}, {"min", v.min}, {"mode", v.mode}, {"max", v.max}};
          else if constexpr (std::is_same_v<T, UniformDist>) return {{"type", "uniform"}, {"min", v.min}, {"max", v.max}};
          else return {{"type", "discrete"}, {"values", v.values}, {"probabilities", v.probabilities}};
        },
        u.distribution);
    inputs.push_back({{"name", u.name},
                      {"paths", u.paths},
                      {"apply", draw_op_key(u.op)},
                      {"distribution", d},
                      {"analytic_mean", s.analytic_mean},
                      {"analytic_sd", s.analytic_sd},
                      {"mean", s.mean},
                      {"sd", s.sd},
                      {"clamped", s.clamped}});
  }
  doc["inputs"] = inputs;
  auto matrix = [](const Eigen::MatrixXd& x) {
    JsonValue rows = JsonValue::array();
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      JsonValue row = JsonValue::array();
      for (Eigen::Index j = 0; j < x.cols(); ++j) row.push_back(x(i, j));
      rows.push_back(row);
    }
    return rows;
  };
  doc["correlation"] = {{"target", matrix(res.target_correlation)}, {"sample", matrix(res.sample_correlation)}};
  doc["failed_draws"] = res.failed;
  doc["first_failure"] = res.first_failure.empty() ? JsonValue(nullptr) : JsonValue(res.first_failure.en);
  JsonValue ind = JsonValue::object();
  for (int k = 0; k < kRiskIndicators; ++k) {
    const auto& s = res.indicators[static_cast<std::size_t>(k)];
    if (!has_indicator(m, static_cast<RiskIndicator>(k))) continue;  // a part the model does not have
    JsonValue j{{"computed", s.computed}, {"base", opt(s.base)}};
    if (!s.computed) {
      j["reason"] = s.reason.en;
      j["reason_zh"] = s.reason.in(Lang::Zh);
      ind[risk_label(k, res.incremental).key] = j;
      continue;
    }
    {
      const auto& da = res.drivers[static_cast<std::size_t>(k)];
      JsonValue list = JsonValue::array();
      for (const auto& dr : da.drivers)
        list.push_back({{"input", dr.input < spec.inputs.size() ? spec.inputs[dr.input].name : std::string()},
                        {"spearman", dr.spearman},
                        {"srrc", dr.srrc},
                        {"share", dr.share}});
      j["drivers"] = {{"sample", da.sample}, {"r2", da.r2}, {"inputs", list}};
    }
    JsonValue pct = JsonValue::object();
    for (const auto& [p, v] : s.percentiles) pct[fmt::format("p{}", static_cast<int>(std::lround(p * 100)))] = v;
    JsonValue hist = JsonValue::array();
    for (const auto& h : s.histogram) hist.push_back({{"from", h.from}, {"to", h.to}, {"count", h.count}});
    JsonValue reasons = JsonValue::object();
    for (const auto& [r, n] : s.absent_reasons) reasons[r] = n;
    j["count"] = s.count;
    j["absent"] = s.absent;
    j["absent_reasons"] = reasons;
    j["mean"] = opt(s.mean);
    j["sd"] = opt(s.sd);
    j["min"] = opt(s.min);
    j["max"] = opt(s.max);
    j["percentiles"] = pct;
    j["threshold"] = opt(s.threshold);
    j["probability_below"] = opt(s.below);
    j["count_below"] = s.below_count;
    j["cdf"] = s.cdf;
    j["histogram"] = hist;
    ind[risk_label(k, res.incremental).key] = j;
  }
  doc["indicators"] = ind;
  JsonValue years = JsonValue::array();
  for (const auto& p : res.dscr_by_year)
    years.push_back({{"year", p.year},
                     {"count", p.count},
                     {"count_below", p.below},
                     {"probability_below", p.count > 0 ? JsonValue(static_cast<double>(p.below) / static_cast<double>(p.count)) : JsonValue(nullptr)}});
  doc["dscr_by_year"] = {{"threshold", opt(res.dscr_target)}, {"years", years}};
  return doc;
}

}  // namespace appraise
