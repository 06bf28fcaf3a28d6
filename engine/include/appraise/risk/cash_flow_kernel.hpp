#pragma once
/// A compiled fast path for the project investment cash flow (项目投资现金流量表) of one model
/// under changing inputs, for Monte Carlo: evaluate() builds every statement (tens of µs); the
/// kernel redoes only what the inputs can move, in a few hundred nanoseconds, allocation-free.
///
/// Compiled once per model and list of inputs: every series is resolved once into its raw
/// amounts (the pow() of growth series is paid once), and the parameters are laid out flat.
/// Per evaluation the inputs' values are applied exactly as apply_change (parameters.hpp) would
/// apply them, the rows are combined, and the nonlinear steps are redone: VAT carried forward,
/// working capital kept at a share of operating cost, depreciation of the (scaled) investment,
/// and the adjusted income tax max(EBIT, 0) × rate. The result equals evaluate()'s
/// cash_flow.pre_tax and post_tax (the same operations in the same order).
///
/// What it cannot express, compile() refuses with the reason, and callers fall back to
/// evaluate(): delays, whole years (lives, operation years), conventions chosen by word, and
/// anything under financing or targets (they do not move the project cash flow anyway, but
/// they move equity IRR and DSCR, which only the full evaluation has).

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "appraise/project/model.hpp"
#include "appraise/scenario/parameters.hpp"

namespace appraise {

class CashFlowKernel {
 public:
  /// One input: the paths it changes (all with the same value) and how.
  struct Input {
    std::vector<std::string> paths;
    ChangeOp op = ChangeOp::Scale;  // Scale, Set or Add
  };

  /// Per-thread working memory, sized by make_scratch().
  struct Scratch {
    std::vector<double> numbers;                      // the live numeric parameters
    std::vector<double> series_scale, series_offset;  // live adjustments per series
    std::vector<double> series_set;                   // NaN: not replaced; else the Set value
    std::vector<double> rows;                         // every per-year row, n doubles each
    std::vector<double> pre_tax, post_tax;            // the results, n doubles
    double benchmark_rate = 0;                        // ic after the inputs (discounting)
  };

  /// The kernel for `model` and `inputs`, or nullopt with `why` saying which path it cannot
  /// express. Paths must match something (see match_parameters).
  [[nodiscard]] static std::optional<CashFlowKernel> compile(const ProjectModel& model, const std::vector<Input>& inputs,
                                                             std::string* why = nullptr);

  [[nodiscard]] Scratch make_scratch() const;

  /// The cash flows with input k taking values[k]; results in s.pre_tax and s.post_tax.
  void evaluate(std::span<const double> values, Scratch& s) const;

  [[nodiscard]] int years() const { return n_; }
  [[nodiscard]] Timing timing() const { return timing_; }

 private:
  struct SeriesSlot {
    std::vector<double> raw;      // n: amounts before scale/offset (0 outside the range)
    std::vector<double> covered;  // n: 1 where the series has an amount, else 0
    std::vector<double> in_range; // n: 1 in the years the line spans (for a Set value)
    double scale = 1, offset = 0;
    bool touched = false;         // some input changes it; else `base` is used
    std::vector<double> base;     // n: resolved as in the model
  };
  struct Item {
    std::vector<double> phasing;  // share by construction year
    AssetClass asset = AssetClass::Fixed;
    int life = 0;
    int amount = 0;               // index into numbers
  };
  struct RevenueSlot {
    int amounts = -1, volume = -1, price = -1;  // series slots
    std::vector<double> ramp;                   // n: ramp-up factor by year (1 outside ramp)
  };
  struct Subsidy {
    int slot = -1;
    bool taxable = true;
  };
  struct Cost {
    OperatingCostLine::Basis basis = OperatingCostLine::Basis::Fixed;
    int slot = -1;       // Fixed, PerUnit
    int share = -1;      // ShareOfRevenue: index into numbers
    int line = -1;       // PerUnit: revenue line whose volume; ShareOfRevenue: line whose revenue (-1 = all)
  };
  struct Sustaining {
    int slot = -1;
    bool capitalise = false;
    int life = 10;
  };
  struct Target {
    bool series = false;
    int index = 0;
  };
  struct CompiledInput {
    ChangeOp op = ChangeOp::Scale;
    std::vector<Target> targets;
  };

  // Indices of the fixed numeric parameters in `numbers_`.
  enum Fixed : int { kIncomeTax, kVat, kInputVat, kSurcharge, kSalvage, kBenchmark, kWcShare, kFixedCount };

  [[nodiscard]] const double* resolved(int slot, const Scratch& s, double* buffer) const;

  int n_ = 0, C_ = 0;
  Timing timing_ = Timing::EndOfPeriod;
  bool surcharge_on_vat = false;
  bool wc_share_mode = false;
  std::optional<double> residual_override;
  std::vector<double> numbers_;  // base values of the numeric parameters
  std::vector<SeriesSlot> series_;
  std::vector<Item> items_;
  std::vector<RevenueSlot> revenue_;
  std::vector<Subsidy> subsidies_;
  std::vector<Cost> costs_;
  std::vector<Sustaining> sustaining_;
  int wc_slot_ = -1;
  std::vector<CompiledInput> inputs_;
  int row_count_ = 0;
};

}  // namespace appraise
