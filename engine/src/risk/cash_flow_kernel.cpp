// The compiled project-investment cash flow (cash_flow_kernel.hpp). Every step mirrors the
// corresponding step of project/evaluation.cpp (compute_investment, compute_revenue, compute_operating_costs,
// compute_taxes, compute_working_capital, compute_assets, compute_project_cash_flow) operation by
// operation, so that the two agree to the last bit or nearly; tests/test_risk.cpp checks them
// against each other with random inputs on every example model.
#include "appraise/risk/cash_flow_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <limits>
#include <map>

namespace appraise {
namespace {

constexpr double kNotSet = std::numeric_limits<double>::quiet_NaN();

// Row indices in Scratch::rows (each n doubles); revenue lines' values and volumes follow.
enum Row : int { kCi, kSus, kSusExp, kRev, kSub, kSubTax, kOc, kVatPay, kSur, kWc, kDep, kAmort, kRowCount };

// evaluation.cpp's straight_line, restricted to what the cash flow needs: the charge by year, and
// the book value in the last year (the residual value) added to `net_last`. evaluation.cpp takes
// the book value down by one subtraction a year; here it is cost − annual × years in one step,
// which differs in the last bits only and keeps a 25-step dependency chain out of every draw.
void straight_line(double cost, int start, int life, double salvage, double* charge, double& net_last, int n) {
  if (cost == 0.0 || start >= n) return;
  const double annual = life > 0 ? cost * (1.0 - salvage) / life : 0.0;
  const int end = std::min(n, start + std::max(life, 0));
  for (int t = start; t < end; ++t) charge[t] += annual;
  net_last += cost - annual * (end - start);
}

}  // namespace

std::optional<CashFlowKernel> CashFlowKernel::compile(const ProjectModel& model, const std::vector<Input>& inputs,
                                                      std::string* why) {
  auto refuse = [why](std::string reason) -> std::optional<CashFlowKernel> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  // The rules of the project kinds (issue 12) are evaluate()'s alone.
  if (model.taxes.adjusted_tax_base != TaxesAndSurcharges::AdjustedTaxBase::FinancingNeutral)
    return refuse("the adjusted income tax is taken from the profit statement");
  for (const auto& item : model.investment)
    if (item.input_vat_rate > 0) return refuse("investment carries deductible input VAT");
  ProjectModel m = model;  // parameter_targets needs addresses; they are mapped to slots below
  CashFlowKernel k;
  k.n_ = m.years();
  k.C_ = m.construction_years;
  k.timing_ = m.timing;
  k.surcharge_on_vat = m.taxes.base == TaxesAndSurcharges::Base::Vat;
  k.wc_share_mode = m.working_capital.share_of_operating_cost.has_value();
  k.residual_override = m.residual_value;
  const int n = k.n_;

  std::map<const void*, Target> where;  // model address -> slot
  k.numbers_.assign(kFixedCount, 0.0);
  k.numbers_[kIncomeTax] = m.income_tax_rate;
  k.numbers_[kVat] = m.taxes.vat_rate;
  k.numbers_[kInputVat] = m.taxes.input_vat_rate;
  k.numbers_[kSurcharge] = m.taxes.rate;
  k.numbers_[kSalvage] = m.depreciation.salvage;
  k.numbers_[kBenchmark] = m.benchmark_rate;
  k.numbers_[kWcShare] = m.working_capital.share_of_operating_cost.value_or(0.0);
  where[&m.income_tax_rate] = {false, kIncomeTax};
  where[&m.taxes.vat_rate] = {false, kVat};
  where[&m.taxes.input_vat_rate] = {false, kInputVat};
  where[&m.taxes.rate] = {false, kSurcharge};
  where[&m.depreciation.salvage] = {false, kSalvage};
  where[&m.benchmark_rate] = {false, kBenchmark};
  where[&m.working_capital.share_of_operating_cost] = {false, kWcShare};

  // Every series of a model is an operating line (evaluate()'s over_operation): a list starts in
  // the first operating year, and a set value covers the operating years.
  auto add_series = [&](Series& s) {
    SeriesSlot slot;
    const int first = m.first_operating_year();
    const int count = m.operation_years;
    const int at = k.C_;
    Series raw = s;
    raw.scale = 1.0;
    raw.offset = 0.0;
    Series cover = s;
    cover.scale = 0.0;
    cover.offset = 1.0;
    const auto r = raw.resolve(first, count), c = cover.resolve(first, count), b = s.resolve(first, count);
    slot.raw.assign(static_cast<std::size_t>(n), 0.0);
    slot.covered.assign(static_cast<std::size_t>(n), 0.0);
    slot.in_range.assign(static_cast<std::size_t>(n), 0.0);
    slot.base.assign(static_cast<std::size_t>(n), 0.0);
    for (int i = 0; i < count; ++i) {
      const auto u = static_cast<std::size_t>(i), t = static_cast<std::size_t>(at + i);
      slot.raw[t] = r[u];
      slot.covered[t] = c[u];
      slot.in_range[t] = 1.0;
      slot.base[t] = b[u];
    }
    slot.scale = s.scale;
    slot.offset = s.offset;
    const int index = static_cast<int>(k.series_.size());
    k.series_.push_back(std::move(slot));
    where[&s] = {true, index};
    return index;
  };

  for (auto& item : m.investment) {
    Item it;
    it.phasing = item.phasing;
    it.asset = item.asset;
    it.life = item.life.value_or(item.asset == AssetClass::Fixed        ? m.depreciation.life
                                 : item.asset == AssetClass::Intangible ? m.depreciation.intangible_life
                                                                        : m.depreciation.other_life);
    it.amount = static_cast<int>(k.numbers_.size());
    k.numbers_.push_back(item.amount);
    where[&item.amount] = {false, it.amount};
    k.items_.push_back(std::move(it));
  }
  for (auto& s : m.sustaining) k.sustaining_.push_back({add_series(s.amounts), s.capitalise, s.life});
  if (!k.wc_share_mode) k.wc_slot_ = add_series(m.working_capital.increments);
  for (auto& line : m.revenue) {
    RevenueSlot rs;
    if (line.volume) rs.volume = add_series(*line.volume);
    if (line.price) rs.price = add_series(*line.price);
    if (line.amounts) rs.amounts = add_series(*line.amounts);
    rs.ramp.assign(static_cast<std::size_t>(n), 1.0);
    for (int j = 0; j < m.operation_years; ++j)
      rs.ramp[static_cast<std::size_t>(k.C_ + j)] =
          static_cast<std::size_t>(j) < line.ramp_up.size() ? line.ramp_up[static_cast<std::size_t>(j)] : 1.0;
    k.revenue_.push_back(std::move(rs));
  }
  for (auto& s : m.subsidies) k.subsidies_.push_back({add_series(s.amounts), s.taxable});
  auto line_named = [&m](const std::string& name) {
    for (std::size_t i = 0; i < m.revenue.size(); ++i)
      if (m.revenue[i].name == name) return static_cast<int>(i);
    return -1;
  };
  for (auto& c : m.operating_costs) {
    Cost cost;
    cost.basis = c.basis;
    switch (c.basis) {
      case OperatingCostLine::Basis::Fixed: cost.slot = add_series(c.amounts); break;
      case OperatingCostLine::Basis::PerUnit:
        cost.slot = add_series(c.amounts);
        cost.line = line_named(c.of);
        break;
      case OperatingCostLine::Basis::ShareOfRevenue:
        cost.share = static_cast<int>(k.numbers_.size());
        k.numbers_.push_back(c.share);
        where[&c.share] = {false, cost.share};
        cost.line = c.of.empty() ? -1 : line_named(c.of);
        break;
    }
    k.costs_.push_back(cost);
  }

  for (const auto& input : inputs) {
    if (input.op != ChangeOp::Scale && input.op != ChangeOp::Set && input.op != ChangeOp::Add)
      return refuse("a delay changes the calculation period, which the kernel keeps fixed");
    CompiledInput ci;
    ci.op = input.op;
    for (const auto& path : input.paths) {
      const auto targets = match_parameters(m, path);
      if (targets.empty()) return refuse(fmt::format("`{}` matches nothing in the model", path));
      for (const auto& t : targets) {
        const void* address = t.number ? static_cast<const void*>(t.number)
                              : t.maybe ? static_cast<const void*>(t.maybe)
                              : t.series ? static_cast<const void*>(t.series)
                                         : nullptr;
        const auto found = address ? where.find(address) : where.end();
        if (found == where.end())
          return refuse(fmt::format("`{}` does not enter the project investment cash flow the kernel computes "
                                    "(whole years, conventions, financing and targets need the full evaluation)",
                                    t.path));
        ci.targets.push_back(found->second);
        if (found->second.series) k.series_[static_cast<std::size_t>(found->second.index)].touched = true;
      }
    }
    k.inputs_.push_back(std::move(ci));
  }
  k.row_count_ = kRowCount + 2 * static_cast<int>(k.revenue_.size());
  return k;
}

CashFlowKernel::Scratch CashFlowKernel::make_scratch() const {
  Scratch s;
  s.numbers = numbers_;
  s.series_scale.resize(series_.size());
  s.series_offset.resize(series_.size());
  s.series_set.resize(series_.size());
  s.rows.assign(static_cast<std::size_t>(row_count_ + static_cast<int>(series_.size())) * static_cast<std::size_t>(n_), 0.0);
  s.pre_tax.assign(static_cast<std::size_t>(n_), 0.0);
  s.post_tax.assign(static_cast<std::size_t>(n_), 0.0);
  return s;
}

// The amounts of series `slot` after the inputs: the precomputed row when no input touches it,
// else resolved into `buffer` as Series::resolve would (value · scale + offset where covered).
const double* CashFlowKernel::resolved(int slot, const Scratch& s, double* buffer) const {
  const auto& sl = series_[static_cast<std::size_t>(slot)];
  if (!sl.touched) return sl.base.data();
  const auto u = static_cast<std::size_t>(slot);
  const double scale = s.series_scale[u], offset = s.series_offset[u], set = s.series_set[u];
  if (!std::isnan(set)) {
    // Series::of(set): every year of the line's range, adjusted when scale/offset moved.
    const double v = (scale != 1.0 || offset != 0.0) ? set * scale + offset : set;
    for (int t = 0; t < n_; ++t) buffer[t] = sl.in_range[static_cast<std::size_t>(t)] != 0.0 ? v : 0.0;
  } else if (scale != 1.0 || offset != 0.0) {
    for (int t = 0; t < n_; ++t) {
      const auto i = static_cast<std::size_t>(t);
      buffer[t] = sl.covered[i] != 0.0 ? sl.raw[i] * scale + offset : sl.raw[i];
    }
  } else {
    std::memcpy(buffer, sl.raw.data(), sizeof(double) * static_cast<std::size_t>(n_));
  }
  return buffer;
}

void CashFlowKernel::evaluate(std::span<const double> values, Scratch& s) const {
  const int n = n_, C = C_;
  double* rows = s.rows.data();
  auto row = [rows, n](int r) { return rows + static_cast<std::ptrdiff_t>(r) * n; };
  // Scratch rows for resolved series, one per slot, after the named rows and the revenue lines.
  const int series_base = row_count_;

  // The inputs, applied as apply_change applies a change: in order, each target in turn.
  std::copy(numbers_.begin(), numbers_.end(), s.numbers.begin());
  for (std::size_t i = 0; i < series_.size(); ++i) {
    s.series_scale[i] = series_[i].scale;
    s.series_offset[i] = series_[i].offset;
    s.series_set[i] = kNotSet;
  }
  for (std::size_t k = 0; k < inputs_.size(); ++k) {
    const double x = values[k];
    for (const auto& t : inputs_[k].targets) {
      const auto i = static_cast<std::size_t>(t.index);
      if (t.series) {
        switch (inputs_[k].op) {
          case ChangeOp::Set:
            s.series_set[i] = x;
            s.series_scale[i] = 1.0;
            s.series_offset[i] = 0.0;
            break;
          case ChangeOp::Scale: s.series_scale[i] *= x; break;
          case ChangeOp::Add: s.series_offset[i] += x; break;
          default: break;
        }
      } else {
        double& v = s.numbers[i];
        switch (inputs_[k].op) {
          case ChangeOp::Set: v = x; break;
          case ChangeOp::Scale: v *= x; break;
          case ChangeOp::Add: v += x; break;
          default: break;
        }
      }
    }
  }
  const double* num = s.numbers.data();
  auto series_row = [&](int slot) { return resolved(slot, s, row(series_base + slot)); };
  std::fill_n(rows, static_cast<std::size_t>(kRowCount) * static_cast<std::size_t>(n), 0.0);

  // 建设投资 and 维持运营投资 (compute_investment).
  double* ci = row(kCi);
  for (const auto& it : items_) {
    const double amount = num[it.amount];
    for (std::size_t y = 0; y < it.phasing.size() && static_cast<int>(y) < C; ++y) ci[y] += amount * it.phasing[y];
  }
  double* sus = row(kSus);
  double* sus_exp = row(kSusExp);
  for (const auto& su : sustaining_) {
    const double* spent = series_row(su.slot);
    for (int t = 0; t < n; ++t) sus[t] += spent[t];
    if (!su.capitalise)
      for (int t = 0; t < n; ++t) sus_exp[t] += spent[t];
  }

  // 营业收入 and 补贴收入 (compute_revenue).
  double* rev = row(kRev);
  for (std::size_t l = 0; l < revenue_.size(); ++l) {
    const auto& rs = revenue_[l];
    double* values_row = row(kRowCount + 2 * static_cast<int>(l));
    double* volume_row = row(kRowCount + 2 * static_cast<int>(l) + 1);
    if (rs.amounts >= 0) {
      std::copy_n(series_row(rs.amounts), n, values_row);
      std::fill_n(volume_row, n, 0.0);
    } else if (rs.volume >= 0 && rs.price >= 0) {
      const double* vol = series_row(rs.volume);
      const double* price = series_row(rs.price);
      for (int t = 0; t < n; ++t) {
        volume_row[t] = vol[t] * rs.ramp[static_cast<std::size_t>(t)];
        values_row[t] = volume_row[t] * price[t];
      }
    } else {
      std::fill_n(values_row, n, 0.0);
      std::fill_n(volume_row, n, 0.0);
    }
    for (int t = 0; t < n; ++t) rev[t] += values_row[t];
  }
  double* sub = row(kSub);
  double* sub_tax = row(kSubTax);
  for (const auto& sd : subsidies_) {
    const double* v = series_row(sd.slot);
    for (int t = 0; t < n; ++t) sub[t] += v[t];
    if (sd.taxable)
      for (int t = 0; t < n; ++t) sub_tax[t] += v[t];
  }

  // 经营成本 (compute_operating_costs).
  double* oc = row(kOc);
  for (const auto& c : costs_) {
    switch (c.basis) {
      case OperatingCostLine::Basis::Fixed: {
        const double* v = series_row(c.slot);
        for (int t = 0; t < n; ++t) oc[t] += v[t];
        break;
      }
      case OperatingCostLine::Basis::PerUnit: {
        if (c.line < 0) break;  // a volume that does not exist: zero
        const double* vol = row(kRowCount + 2 * c.line + 1);
        const double* per_unit = series_row(c.slot);
        for (int t = 0; t < n; ++t) oc[t] += vol[t] * per_unit[t];
        break;
      }
      case OperatingCostLine::Basis::ShareOfRevenue: {
        const double share = num[c.share];
        const double* base = c.line >= 0 ? row(kRowCount + 2 * c.line) : rev;
        for (int t = 0; t < n; ++t) oc[t] += share * base[t];
        break;
      }
    }
  }

  // 增值税 with the credit carried forward, and 税金及附加 (compute_taxes).
  double* vat = row(kVatPay);
  double* sur = row(kSur);
  const double vat_rate = num[kVat], input_rate = num[kInputVat], surcharge = num[kSurcharge];
  // VAT due before any credit; only when some year's input VAT exceeds its output VAT does a
  // credit carry forward, and only then is the year-by-year loop needed.
  bool carry = false;
  for (int t = 0; t < n; ++t) {
    const double due = rev[t] * vat_rate - oc[t] * input_rate;
    vat[t] = due;
    carry = carry || due < 0.0;
  }
  if (carry) {
    double credit = 0.0;
    for (int t = 0; t < n; ++t) {
      const double due = rev[t] * vat_rate - oc[t] * input_rate - credit;
      vat[t] = std::max(0.0, due);
      credit = std::max(0.0, -due);
    }
  }
  for (int t = 0; t < n; ++t) sur[t] = surcharge * (surcharge_on_vat ? vat[t] : rev[t]);

  // 流动资金 (compute_working_capital).
  double* wc = row(kWc);
  if (wc_share_mode) {
    const double share = num[kWcShare];
    double level = 0.0;
    for (int t = C; t < n; ++t) {
      const double want = share * oc[t];
      if (want > level) {
        wc[t] = want - level;
        level = want;
      }
    }
  } else {
    std::copy_n(series_row(wc_slot_), n, wc);
  }
  double wc_level = 0.0;
  for (int t = 0; t < n; ++t)
    if (wc[t] != 0.0) wc_level += wc[t];  // adding 0 changes nothing: skip the chain

  // Depreciation and amortisation before financing, and the residual value (compute_assets).
  double* dep = row(kDep);
  double* amort = row(kAmort);
  double net_last = 0.0, discard = 0.0;
  const double salvage = num[kSalvage];
  for (const auto& it : items_) {
    if (it.asset == AssetClass::Fixed) straight_line(num[it.amount], C, it.life, salvage, dep, net_last, n);
    else straight_line(num[it.amount], C, it.life, 0.0, amort, discard, n);
  }
  for (const auto& su : sustaining_) {
    if (!su.capitalise) continue;
    const double* spent = series_row(su.slot);
    for (int t = 0; t < n; ++t)
      if (spent[t] != 0.0) straight_line(spent[t], t + 1, su.life, salvage, dep, net_last, n);
  }
  const double residual = residual_override.value_or(net_last);

  // 项目投资现金流量表 (compute_project_cash_flow).
  const double tax_rate = num[kIncomeTax];
  for (int t = 0; t < n; ++t) {
    const double res = t == n - 1 ? residual : 0.0;
    const double wcr = t == n - 1 ? wc_level : 0.0;
    const double inflow = rev[t] + sub[t] + res + wcr;
    const double outflow = -ci[t] + -wc[t] + -oc[t] + -sur[t] + -sus[t];
    const double pre = inflow + outflow;
    const double ebit = rev[t] + sub_tax[t] - sur[t] - oc[t] - dep[t] - amort[t] - sus_exp[t];
    s.pre_tax[static_cast<std::size_t>(t)] = pre;
    s.post_tax[static_cast<std::size_t>(t)] = pre + -(std::max(ebit, 0.0) * tax_rate);
  }
  s.benchmark_rate = num[kBenchmark];
}

}  // namespace appraise
