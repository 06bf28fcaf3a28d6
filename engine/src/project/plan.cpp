// Compiling a model into an EvaluationPlan (plan.hpp): series expanded once, references
// resolved to indices.
#include "appraise/project/plan.hpp"

#include <algorithm>

namespace appraise {

EvaluationPlan::EvaluationPlan(const ProjectModel& model) : model_(model) { recompile(); }

int EvaluationPlan::add_slot(const Series* s) {
  series_.push_back(s);
  forms_.push_back(s->form);
  raw_.emplace_back();
  covered_.emplace_back();
  adjusted_.emplace_back();
  rows_.emplace_back();
  const auto slot = series_.size() - 1;
  expand(slot, true);
  return static_cast<int>(slot);
}

// A series written for the operation period (revenue, costs, subsidies, sustaining investment,
// working capital): a list starts in the first operating year; ranges and growth series name
// calendar years, which the loader keeps within the operation period.
void EvaluationPlan::expand(std::size_t slot, bool recompute) {
  const Series& s = *series_[slot];
  const auto ops = static_cast<std::size_t>(model_.operation_years);
  auto& raw = raw_[slot];
  auto& covered = covered_[slot];
  auto& adjusted = adjusted_[slot];
  if (recompute || s.form != forms_[slot] || s.form == Series::Form::Constant) {
    raw.resize(ops);
    covered.resize(ops);
    adjusted.resize(ops);
    s.resolve_unadjusted(model_.first_operating_year(), raw, covered);
    forms_[slot] = s.form;
  }
  std::copy(raw.begin(), raw.end(), adjusted.begin());
  s.adjust(adjusted, covered);
  YearRow& row = rows_[slot];
  if (row.size() != n_) row.resize(n_);
  row.setZero();
  for (std::size_t k = 0; k < ops; ++k) row[C_ + static_cast<Eigen::Index>(k)] = adjusted[k];
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
  const ProjectModel& m = model_;
  n_ = m.years();
  C_ = m.construction_years;
  series_.clear();
  forms_.clear();
  raw_.clear();
  covered_.clear();
  adjusted_.clear();
  rows_.clear();
  revenue.clear();
  subsidies.clear();
  costs.clear();
  sustaining.clear();
  working_capital = -1;

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
}

}  // namespace appraise
