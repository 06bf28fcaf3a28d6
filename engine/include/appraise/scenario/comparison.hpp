#pragma once
/// Comparing mutually exclusive options (two bridge alignments, build or lease, a 20- or a
/// 30-year bond): rank by FNPV, by FIRR and, when lives differ, by equivalent annual value; and
/// the standard's incremental-investment IRR (差额投资内部收益率), which settles each pair: the
/// larger investment is worth its extra cost when the IRR of the difference of the flows is at
/// least the benchmark rate. The flows compared are the post-tax project investment cash flows
/// (融资前, 所得税后), aligned by calendar year.

#include <optional>
#include <string>
#include <vector>

#include "appraise/core/metrics.hpp"
#include "appraise/project/evaluation.hpp"

namespace appraise {

struct OptionInput {
  std::string name;
  const ProjectModel* model = nullptr;
  const ProjectResult* result = nullptr;
};

struct OptionFigures {
  std::string name;
  double investment = 0;         // construction investment, for ordering the increments
  double fnpv = 0;               // at the common benchmark rate, to the earliest start year
  std::optional<double> firr;
  double equivalent_annual = 0;  // FNPV spread over the option's own calculation period
  int life = 0;                  // calculation period, years
};

struct IncrementalStep {
  std::string smaller, larger;   // the incumbent and the challenger with more investment
  IrrResult delta_irr;           // IRR of (larger − smaller) flows
  double delta_npv = 0;          // NPV of the difference at the benchmark rate
  bool larger_wins = false;      // ΔIRR ≥ ic (or, when ΔIRR is absent or not unique, ΔNPV ≥ 0)
};

struct OptionComparison {
  double benchmark_rate = 0;
  std::vector<OptionFigures> options;   // in input order
  std::vector<std::string> by_npv, by_irr, by_eav;  // names, best first
  bool equal_lives = true;
  std::vector<IncrementalStep> increments;          // cheapest viable upward
  std::optional<std::string> recommended;
  std::string reason_zh, reason_en;
  bool npv_irr_conflict = false;        // FNPV and FIRR put different options first
};

/// Compares options at `benchmark_rate` with `timing` (the first option's).
[[nodiscard]] OptionComparison compare_options(const std::vector<OptionInput>& options, double benchmark_rate,
                                               Timing timing);

}  // namespace appraise
