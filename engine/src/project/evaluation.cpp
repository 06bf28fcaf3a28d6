#include "appraise/project/evaluation.hpp"

#include "project_parts.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace appraise {
namespace detail {

YearRow over_operation(const Series& s, const ProjectModel& m) {
  YearRow row = zeros(m.years());
  const auto v = s.resolve(m.first_operating_year(), m.operation_years);
  for (int k = 0; k < m.operation_years; ++k) row[m.construction_years + k] = v[static_cast<std::size_t>(k)];
  return row;
}

}  // namespace detail

namespace {

using detail::over_operation;
using detail::zeros;

// Straight-line depreciation of `cost` entering service at the end of year index `start - 1`,
// i.e. depreciated from year index `start`: (cost·(1-salvage))/life a year for `life` years,
// cut off at the end of the period. Adds the charge to `charge` and the book value to `net`.
void straight_line(double cost, int start, int life, double salvage, YearRow& charge, YearRow& net) {
  const int n = static_cast<int>(charge.size());
  if (cost == 0.0 || start >= n) return;
  const double annual = life > 0 ? cost * (1.0 - salvage) / life : 0.0;
  double book = cost;
  for (int t = start; t < n; ++t) {
    if (t - start < life) {
      charge[t] += annual;
      book -= annual;
    }
    net[t] += book;
  }
  // Before it enters service the asset is construction in progress, not yet depreciable.
}

void compute_revenue(const ProjectModel& m, ProjectResult& r) {
  const int n = m.years();
  r.revenue = zeros(n);
  for (const auto& line : m.revenue) {
    YearRow values = zeros(n);
    YearRow volume = zeros(n);
    if (line.amounts) {
      values = over_operation(*line.amounts, m);
    } else if (line.volume && line.price) {
      volume = over_operation(*line.volume, m);
      for (int k = 0; k < m.operation_years; ++k) {
        const double ramp = static_cast<std::size_t>(k) < line.ramp_up.size() ? line.ramp_up[static_cast<std::size_t>(k)] : 1.0;
        volume[m.construction_years + k] *= ramp;
      }
      values = volume * over_operation(*line.price, m);
    }
    r.revenue += values;
    r.revenue_lines.push_back({line.name, values});
    r.volumes.push_back({line.name, volume});
  }
  r.subsidy = zeros(n);
  r.subsidy_taxable = zeros(n);
  for (const auto& s : m.subsidies) {
    YearRow values = over_operation(s.amounts, m);
    r.subsidy += values;
    if (s.taxable) r.subsidy_taxable += values;
    r.subsidy_lines.push_back({s.name, values});
  }
}

const NamedRow* find_row(const std::vector<NamedRow>& rows, const std::string& name) {
  for (const auto& row : rows)
    if (row.name == name) return &row;
  return nullptr;
}

void compute_operating_costs(const ProjectModel& m, ProjectResult& r) {
  const int n = m.years();
  r.operating_cost = zeros(n);
  r.fixed_operating_cost = zeros(n);
  r.variable_operating_cost = zeros(n);
  for (const auto& c : m.operating_costs) {
    YearRow values = zeros(n);
    switch (c.basis) {
      case OperatingCostLine::Basis::Fixed:
        values = over_operation(c.amounts, m);
        r.fixed_operating_cost += values;
        break;
      case OperatingCostLine::Basis::PerUnit: {
        const NamedRow* volume = find_row(r.volumes, c.of);
        if (volume) values = volume->values * over_operation(c.amounts, m);
        r.variable_operating_cost += values;
        break;
      }
      case OperatingCostLine::Basis::ShareOfRevenue: {
        const NamedRow* base = c.of.empty() ? nullptr : find_row(r.revenue_lines, c.of);
        values = c.share * (base ? base->values : r.revenue);
        r.variable_operating_cost += values;
        break;
      }
    }
    r.operating_cost += values;
    r.operating_cost_lines.push_back({c.name, values});
  }
}

void compute_taxes(const ProjectModel& m, ProjectResult& r) {
  const int n = m.years();
  const auto& t = m.taxes;
  r.output_vat = r.revenue * t.vat_rate;
  r.input_vat = r.operating_cost * t.input_vat_rate;
  r.vat_payable = zeros(n);
  // Input VAT above output VAT is carried forward (留抵) and offsets later years.
  double credit = 0.0;
  for (int i = 0; i < n; ++i) {
    const double due = r.output_vat[i] - r.input_vat[i] - credit;
    r.vat_payable[i] = std::max(0.0, due);
    credit = std::max(0.0, -due);
  }
  r.surcharges = t.rate * (t.base == TaxesAndSurcharges::Base::Vat ? r.vat_payable : r.revenue);
}

void compute_investment(const ProjectModel& m, ProjectResult& r) {
  const int n = m.years();
  r.construction_investment = zeros(n);
  for (const auto& item : m.investment) {
    YearRow values = zeros(n);
    for (std::size_t k = 0; k < item.phasing.size() && static_cast<int>(k) < m.construction_years; ++k)
      values[static_cast<Eigen::Index>(k)] = item.amount * item.phasing[k];
    r.construction_investment += values;
    r.investment_items.push_back({item.name, values});
  }
  r.sustaining = zeros(n);
  r.sustaining_expensed = zeros(n);
  for (const auto& s : m.sustaining) {
    const YearRow spent = over_operation(s.amounts, m);
    r.sustaining += spent;
    if (!s.capitalise) r.sustaining_expensed += spent;
  }
}

void compute_working_capital(const ProjectModel& m, ProjectResult& r) {
  const int n = m.years();
  r.working_capital_increment = zeros(n);
  if (m.working_capital.share_of_operating_cost) {
    // Keep a level of share × 经营成本; only increases are funded (decreases stay in the project
    // until the final recovery), as the standard's 流动资金估算表 books increments.
    double level = 0.0;
    for (int i = m.construction_years; i < n; ++i) {
      const double want = *m.working_capital.share_of_operating_cost * r.operating_cost[i];
      if (want > level) {
        r.working_capital_increment[i] = want - level;
        level = want;
      }
    }
  } else {
    r.working_capital_increment = over_operation(m.working_capital.increments, m);
  }
  r.working_capital_level = zeros(n);
  double level = 0.0;
  for (int i = 0; i < n; ++i) r.working_capital_level[i] = (level += r.working_capital_increment[i]);
}

}  // namespace

void detail::compute_assets(const ProjectModel& m, ProjectResult& r, const YearRow& capitalised_interest) {
  const int n = m.years();
  const int open = m.construction_years;  // first operating year index
  r.depreciation = zeros(n);
  r.depreciation_pre_financing = zeros(n);
  r.amortisation = zeros(n);
  r.fixed_asset_net = zeros(n);
  r.intangible_net = zeros(n);
  r.fixed_asset_cost = zeros(n);
  YearRow scratch_net = zeros(n);

  double fixed_total = 0.0;
  for (const auto& item : m.investment)
    if (item.asset == AssetClass::Fixed) fixed_total += item.amount;
  const double interest_total = capitalised_interest.sum();
  r.fixed_assets_pre_financing = fixed_total;
  r.fixed_assets_at_opening = fixed_total + interest_total;

  for (const auto& item : m.investment) {
    switch (item.asset) {
      case AssetClass::Fixed: {
        const int life = item.life.value_or(m.depreciation.life);
        const double share = fixed_total > 0 ? item.amount / fixed_total : 0.0;
        const double cost = item.amount + share * interest_total;
        straight_line(cost, open, life, m.depreciation.salvage, r.depreciation, r.fixed_asset_net);
        straight_line(item.amount, open, life, m.depreciation.salvage, r.depreciation_pre_financing, scratch_net);
        break;
      }
      case AssetClass::Intangible:
      case AssetClass::Other: {
        const int life = item.life.value_or(item.asset == AssetClass::Intangible ? m.depreciation.intangible_life
                                                                                 : m.depreciation.other_life);
        straight_line(item.amount, open, life, 0.0, r.amortisation, r.intangible_net);
        break;
      }
    }
  }
  if (open < n) r.fixed_asset_cost[open] = r.fixed_assets_at_opening;
  // Capitalised sustaining investment: a fixed asset from the year after it is spent.
  for (const auto& s : m.sustaining) {
    if (!s.capitalise) continue;
    const YearRow spent = over_operation(s.amounts, m);
    for (int i = 0; i < n; ++i) {
      if (spent[i] == 0.0) continue;
      straight_line(spent[i], i + 1, s.life, m.depreciation.salvage, r.depreciation, r.fixed_asset_net);
      straight_line(spent[i], i + 1, s.life, m.depreciation.salvage, r.depreciation_pre_financing, scratch_net);
      // Spent in year i, in service from i+1: its book value at the end of year i is its cost.
      r.fixed_asset_net[i] += spent[i];
      r.fixed_asset_cost[i] += spent[i];
    }
  }
  // 回收固定资产余值: the book value at the end. The project investment cash flow takes it before
  // financing (without capitalised interest), like its depreciation, so that the financing plan
  // cannot move FIRR; the equity cash flow takes the actual book value.
  r.residual_value = zeros(n);
  r.residual_value[n - 1] = m.residual_value.value_or(r.fixed_asset_net[n - 1]);
  r.residual_value_pre_financing = zeros(n);
  r.residual_value_pre_financing[n - 1] = m.residual_value.value_or(scratch_net[n - 1]);
}

namespace {

void compute_project_cash_flow(const ProjectModel& m, ProjectResult& r) {
  const int n = m.years();
  auto& cf = r.cash_flow;
  cf.revenue = r.revenue;
  cf.subsidy = r.subsidy;
  cf.residual_value = r.residual_value_pre_financing;
  cf.working_capital_recovery = zeros(n);
  cf.working_capital_recovery[n - 1] = r.working_capital_level[n - 1];
  cf.construction_investment = -r.construction_investment;
  cf.working_capital = -r.working_capital_increment;
  cf.operating_cost = -r.operating_cost;
  cf.surcharges = -r.surcharges;
  cf.sustaining = -r.sustaining;
  cf.inflow = cf.revenue + cf.subsidy + cf.residual_value + cf.working_capital_recovery;
  cf.outflow = cf.construction_investment + cf.working_capital + cf.operating_cost + cf.surcharges + cf.sustaining;
  cf.pre_tax = cf.inflow + cf.outflow;
  // 调整所得税 = 息税前利润 × 税率, with EBIT before financing: depreciation on assets without
  // capitalised interest, so the financing plan cannot change the project's FIRR (standards.md §1.8).
  cf.adjusted_ebit = r.revenue + r.subsidy_taxable - r.surcharges - r.operating_cost -
                     r.depreciation_pre_financing - r.amortisation - r.sustaining_expensed;
  cf.adjusted_tax = -(cf.adjusted_ebit.max(0.0) * m.income_tax_rate);
  cf.post_tax = cf.pre_tax + cf.adjusted_tax;
  cf.cumulative_pre_tax = zeros(n);
  cf.cumulative_post_tax = zeros(n);
  double a = 0, b = 0;
  for (int i = 0; i < n; ++i) {
    cf.cumulative_pre_tax[i] = (a += cf.pre_tax[i]);
    cf.cumulative_post_tax[i] = (b += cf.post_tax[i]);
  }
}

std::span<const double> span_of(const YearRow& row) {
  return {row.data(), static_cast<std::size_t>(row.size())};
}

void compute_indicators(const ProjectModel& m, ProjectResult& r) {
  auto& ind = r.indicators;
  const auto pre = span_of(r.cash_flow.pre_tax);
  const auto post = span_of(r.cash_flow.post_tax);
  ind.firr_pre_tax = irr(pre);
  ind.firr_post_tax = irr(post);
  ind.fnpv_pre_tax = npv(pre, m.benchmark_rate, m.timing);
  ind.fnpv_post_tax = npv(post, m.benchmark_rate, m.timing);
  ind.payback_pre_tax = payback(pre, m.timing);
  ind.payback_post_tax = payback(post, m.timing);
  ind.dynamic_payback_pre_tax = discounted_payback(pre, m.benchmark_rate, m.timing);
  ind.dynamic_payback_post_tax = discounted_payback(post, m.benchmark_rate, m.timing);

  if (m.targets.require_fnpv) {
    Check c;
    c.name = "fnpv_post_tax";
    c.value = ind.fnpv_post_tax;
    c.threshold = 0.0;
    c.passed = ind.fnpv_post_tax >= 0.0;
    c.message_zh = fmt::format("所得税后财务净现值 {:.2f}{}，{}0", ind.fnpv_post_tax, m.unit, c.passed ? "不低于 " : "低于 ");
    c.message_en = fmt::format("post-tax FNPV {:.2f} {} is {} 0", ind.fnpv_post_tax, m.unit, c.passed ? "at least" : "below");
    r.checks.push_back(c);
    Check f;
    f.name = "firr_post_tax";
    f.threshold = m.benchmark_rate;
    f.value = ind.firr_post_tax.rate;
    f.passed = ind.firr_post_tax.rate && *ind.firr_post_tax.rate >= m.benchmark_rate;
    const std::string v = ind.firr_post_tax.rate ? fmt::format("{:.2f}%", *ind.firr_post_tax.rate * 100) : "不存在";
    const std::string ve = ind.firr_post_tax.rate ? fmt::format("{:.2f}%", *ind.firr_post_tax.rate * 100) : "none";
    f.message_zh = fmt::format("所得税后财务内部收益率 {}，{}基准收益率 {:.2f}%", v, f.passed ? "不低于" : "低于",
                               m.benchmark_rate * 100);
    f.message_en = fmt::format("post-tax FIRR {} is {} the benchmark rate {:.2f}%", ve,
                               f.passed ? "at least" : "below", m.benchmark_rate * 100);
    r.checks.push_back(f);
  }
}

}  // namespace

ProjectResult evaluate(const ProjectModel& m) {
  ProjectResult r;
  r.first_year = m.first_year;
  r.construction_years = m.construction_years;
  r.years = m.years();
  r.unit = m.unit;
  for (int i = 0; i < r.years; ++i) r.calendar.push_back(m.first_year + i);

  compute_investment(m, r);
  compute_revenue(m, r);
  compute_operating_costs(m, r);
  compute_taxes(m, r);
  compute_working_capital(m, r);
  const YearRow capitalised = detail::construction_financing(m, r);
  detail::compute_assets(m, r, capitalised);
  compute_project_cash_flow(m, r);
  compute_indicators(m, r);
  detail::operation_financing(m, r);
  detail::financing_indicators(m, r);
  return r;
}

}  // namespace appraise
