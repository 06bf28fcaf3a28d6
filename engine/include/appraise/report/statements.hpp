#pragma once
/// The standard's statements laid out for people and programs: a project result turned into
/// report tables in the row order and with the row labels of the Chinese construction-project
/// economic evaluation method (standards.md §1.5), an indicator summary (财务指标汇总表), and
/// the machine-readable document of a run.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "appraise/project/model.hpp"
#include "appraise/project/evaluation.hpp"
#include "appraise/report/table.hpp"

namespace appraise {

/// Every statement of a run, in the order a feasibility study prints them.
[[nodiscard]] std::vector<report::Table> statement_tables(const ProjectModel& model, const ProjectResult& result);

/// The loan repayment schedule (借款还本付息计划表) of every loan, or of the one named `loan`.
[[nodiscard]] report::Table loan_schedule_table(const ProjectModel& model, const ProjectResult& result,
                                                const std::string& loan = {});

/// The indicator summary: FIRR, FNPV, payback (and the financing indicators when financed).
[[nodiscard]] report::Summary indicator_summary(const ProjectModel& model, const ProjectResult& result);

/// The checks against the model's targets as a table-like summary for people.
[[nodiscard]] std::string render_checks(const std::vector<Check>& checks, report::Lang lang);

struct RunMeta {
  std::string model_path;
  std::string scenario;   // empty for the base case
};

/// The JSON document of `appraise run`: meta, indicators, statements, checks.
[[nodiscard]] report::JsonValue run_document(const ProjectModel& model, const ProjectResult& result, const RunMeta& meta);

/// The indicators alone as JSON ({firr_pre_tax: .., firr_pre_tax_reason: ..}).
[[nodiscard]] report::JsonValue indicators_json(const ProjectModel& model, const ProjectResult& result);

}  // namespace appraise
