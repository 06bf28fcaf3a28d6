// Compiling a model into an EvaluationPlan (plan.hpp): series expanded once, references
// resolved to indices.
#include "appraise/project/plan.hpp"

#include <atomic>

#include <algorithm>

#include "project_parts.hpp"

namespace appraise {

EvaluationPlan::EvaluationPlan(const ProjectModel& model) : model_(model) { recompile(); }

int EvaluationPlan::add_slot(const Series* s, bool whole_period) {
  series_.push_back(s);
  forms_.push_back(s->form);
  whole_period_.push_back(whole_period ? 1 : 0);
  raw_.emplace_back();
  covered_.emplace_back();
  rows_.emplace_back();
  const auto slot = series_.size() - 1;
  expand(slot, true);
  return static_cast<int>(slot);
}

// A series written for the operation period (revenue, costs, subsidies, sustaining investment,
// working capital): a list starts in the first operating year; ranges and growth series name
// calendar years, which the loader keeps within the operation period. A whole-period slot
// (fiscal outlays) starts in the first construction year instead.
void EvaluationPlan::expand(std::size_t slot, bool recompute) {
  const Series& s = *series_[slot];
  const bool whole = whole_period_[slot] != 0;
  const auto ops = static_cast<std::size_t>(whole ? n_ : model_.operation_years);
  const int first = whole ? model_.first_year : model_.first_operating_year();
  const int offset = whole ? 0 : C_;
  auto& raw = raw_[slot];
  auto& covered = covered_[slot];
  if (recompute || s.form != forms_[slot] || s.form == Series::Form::Constant) {
    raw.resize(ops);
    covered.resize(ops);
    s.resolve_unadjusted(first, raw, covered);
    forms_[slot] = s.form;
  }
  // The amounts go into their years of the row and are adjusted there (value · scale + offset,
  // Series::adjust); the years before them (construction) are 0.
  YearRow& row = rows_[slot];
  if (row.size() != n_) row.resize(n_);
  row.head(offset).setZero();
  std::copy(raw.begin(), raw.end(), row.data() + offset);
  s.adjust({row.data() + offset, ops}, covered);
}

bool EvaluationPlan::refresh(const Series* series) {
  bool found = false;
  for (std::size_t k = 0; k < series_.size(); ++k)
    if (series_[k] == series) {
      expand(k, false);
      found = true;
    }
  return found;
}

void EvaluationPlan::recompile() {
  static std::atomic<std::uint64_t> compiles{0};
  compile_id_ = ++compiles;
  const ProjectModel& m = model_;
  n_ = m.years();
  C_ = m.construction_years;
  series_.clear();
  forms_.clear();
  whole_period_.clear();
  raw_.clear();
  covered_.clear();
  rows_.clear();
  revenue.clear();
  subsidies.clear();
  costs.clear();
  sustaining.clear();
  working_capital = -1;
  willingness_to_pay.clear();
  external_benefits.clear();
  external_costs.clear();
  effects.clear();
  fiscal_other.clear();

  for (const auto& line : m.revenue) {
    RevenueRef ref;
    if (line.amounts) ref.amounts = add_slot(&*line.amounts);
    else if (line.volume && line.price) {
      ref.volume = add_slot(&*line.volume);
      ref.price = add_slot(&*line.price);
    }
    revenue.push_back(ref);
  }
  for (const auto& s : m.subsidies) subsidies.push_back(add_slot(&s.amounts));
  // The line a cost follows, by name: the first revenue line of that name. A share of revenue
  // without a (known) line follows all revenue; a per-unit cost without one costs nothing.
  auto line_named = [&m](const std::string& name) {
    for (std::size_t i = 0; i < m.revenue.size(); ++i)
      if (m.revenue[i].name == name) return static_cast<int>(i);
    return -1;
  };
  for (const auto& c : m.operating_costs) {
    CostRef ref;
    switch (c.basis) {
      case OperatingCostLine::Basis::Fixed: ref.amounts = add_slot(&c.amounts); break;
      case OperatingCostLine::Basis::PerUnit:
        ref.amounts = add_slot(&c.amounts);
        ref.line = line_named(c.of);
        break;
      case OperatingCostLine::Basis::ShareOfRevenue: ref.line = c.of.empty() ? -1 : line_named(c.of); break;
    }
    costs.push_back(ref);
  }
  for (const auto& s : m.sustaining) sustaining.push_back(add_slot(&s.amounts));
  if (!m.working_capital.share_of_operating_cost) working_capital = add_slot(&m.working_capital.increments);

  // The public view (economic/inputs.hpp).
  if (m.economic) {
    for (const auto& d : m.economic->revenue)
      willingness_to_pay.push_back(d.willingness_to_pay ? add_slot(&*d.willingness_to_pay) : -1);
    auto external = [this](const ExternalLine& line) {
      ExternalRef ref;
      if (line.amounts) ref.amounts = add_slot(&*line.amounts);
      if (line.quantity) ref.quantity = add_slot(&*line.quantity);
      if (line.unit_value) ref.unit_value = add_slot(&*line.unit_value);
      return ref;
    };
    for (const auto& l : m.economic->benefits) external_benefits.push_back(external(l));
    for (const auto& l : m.economic->costs) external_costs.push_back(external(l));
  }
  for (const auto& e : m.effects) effects.push_back(add_slot(&e.amounts));
  if (m.fiscal)
    for (const auto& o : m.fiscal->other_outlays) fiscal_other.push_back(add_slot(&o.amounts, true));

  // The without-project model, over this calculation period (with_without.cpp).
  without_cash_flow_.reset();
  if (m.without && m.without->model) without_cash_flow_ = detail::without_model_cash_flow(m);
}

}  // namespace appraise
