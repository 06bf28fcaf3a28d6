#pragma once
/// The public view of a project laid out for people and programs, in the style of
/// report/statements.hpp: the economic indicators (经济费用效益分析指标: ENPV, EIRR, EBCR), the
/// 项目投资经济费用效益流量表 with the standard's rows, the adjustment tables
/// (经济费用效益分析投资费用估算调整表, 经营费用估算调整表), the transfer payments removed, the
/// cost-effectiveness ratios and the fiscal outlays (财政支出责任) with value for money.
/// Shown only for a model with a public section (`economic:`, `effects:`, `fiscal:`, `ppp:`),
/// so the reports of a purely financial model do not change.

#include <optional>
#include <vector>

#include "appraise/project/evaluation.hpp"
#include "appraise/project/model.hpp"
#include "appraise/report/table.hpp"

namespace appraise {

/// The economic, cost-effectiveness and fiscal indicators; nullopt without a public section.
[[nodiscard]] std::optional<report::Summary> public_summary(const ProjectModel& model, const ProjectResult& result);

/// The public view's statements, in the order a feasibility study prints them; empty without
/// a public section.
[[nodiscard]] std::vector<report::Table> public_tables(const ProjectModel& model, const ProjectResult& result);

/// Adds the public view's indicators to a run's `indicators` object: enpv, eirr, ebcr (with
/// the discount rate and PVs), cost_effectiveness, fiscal_cost_pv, fiscal_outlays (net, by
/// year), psc, ppp_value, vfm_amount, vfm_index. Nothing without a public section.
void add_public_indicators(const ProjectModel& model, const ProjectResult& result, report::JsonValue& indicators);

}  // namespace appraise
