#pragma once
/// Sensitivity, break-even and Monte Carlo results laid out for people (text tables), for
/// spreadsheets (CSV) and for programs (JSON). Nothing here computes; docs/risk.md says what
/// every figure means.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "appraise/project/breakeven.hpp"
#include "appraise/project/model.hpp"
#include "appraise/report/table.hpp"
#include "appraise/risk/simulation.hpp"
#include "appraise/risk/sensitivity.hpp"

namespace appraise {

/// Where a run's inputs came from, for `meta`.
struct RiskMeta {
  std::string model_path;
  std::string scenario_file;  // empty without -s
  std::string scenario;       // the scenario analysed, empty for the model as written
  bool default_inputs = false;  // the factors or distributions are appraise's defaults
};

/// 敏感性分析表 (one per set of changes: the spider data), 敏感度系数和临界点分析表 (factors in
/// rank order) and the tornado data (factors by swing of post-tax FNPV).
[[nodiscard]] std::vector<report::Table> sensitivity_tables(const ProjectModel& model, const SensitivityResult& result,
                                                            report::Lang lang);

/// 盈亏平衡分析: the normal year's figures with and without interest in the fixed cost.
[[nodiscard]] report::Table break_even_table(const ProjectModel& model, const BreakEvenResult& result, report::Lang lang);

/// The JSON document of `appraise sensitivity`.
[[nodiscard]] report::JsonValue sensitivity_document(const ProjectModel& model, const SensitivityResult& result,
                                                const BreakEvenResult& break_even, const RiskMeta& meta);

/// The inputs, the summary statistics, the sample correlation (when one was asked for).
[[nodiscard]] std::vector<report::Table> simulation_tables(const ProjectModel& model, const SimulationSpec& spec,
                                                           const SimulationResult& result, report::Lang lang);
/// The probabilities of missing each threshold, and the draws without a value.
[[nodiscard]] report::Summary simulation_probabilities(const ProjectModel& model, const SimulationResult& result);
/// Histogram (one table per collected indicator: bins as rows) and cumulative distribution
/// (indicators as rows, 0 %…100 % as columns), for CSV and workbooks; column heads in `lang`.
[[nodiscard]] std::vector<report::Table> simulation_distribution_tables(const ProjectModel& model, const SimulationResult& result,
                                                                        report::Lang lang);
/// A histogram for people: one line per bin with its count, share, cumulative share and a bar.
[[nodiscard]] std::string render_histogram(const ProjectModel& model, const SimulationResult& result, RiskIndicator which,
                                           report::Lang lang, std::size_t bar_width = 40);

/// The JSON document of `appraise simulate`.
[[nodiscard]] report::JsonValue simulation_document(const ProjectModel& model, const SimulationSpec& spec,
                                               const SimulationResult& result, const RiskMeta& meta);

}  // namespace appraise
