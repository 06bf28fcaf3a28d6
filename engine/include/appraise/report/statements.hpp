#pragma once
/// The standard's statements laid out for people and programs: a project result turned into
/// report tables in the row order and with the row labels of the Chinese construction-project
/// economic evaluation method (standards.md §1.5), an indicator summary (财务指标汇总表), and
/// the machine-readable document of a run.

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "appraise/messages/report.hpp"
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

/// The checks against the targets as lines for people: 判别, then 通过 or 未通过 and each message. For
/// a project's checks (Check) and a debt portfolio's (portfolio::Check) alike.
template <class CheckT>
[[nodiscard]] std::string render_checks(const std::vector<CheckT>& checks, report::Lang lang) {
  if (checks.empty()) return {};
  std::string out = msg_in(lang, messages::Report::checks_heading) + "\n";
  for (const auto& c : checks)
    out += fmt::format("  {} {}\n", msg_in(lang, c.passed ? messages::Report::check_passed : messages::Report::check_failed),
                       lang == report::Lang::Zh ? c.message_zh : c.message_en);
  return out;
}

struct RunMeta {
  std::string model_path;
  std::string scenario;   // empty for the base case
};

/// The JSON document of `appraise run`: meta, indicators, statements, checks.
[[nodiscard]] report::JsonValue run_document(const ProjectModel& model, const ProjectResult& result, const RunMeta& meta);

/// The indicators alone as JSON ({firr_pre_tax: .., firr_pre_tax_reason: ..}).
[[nodiscard]] report::JsonValue indicators_json(const ProjectModel& model, const ProjectResult& result);

}  // namespace appraise
