#pragma once
/// The portfolio analysis laid out for people and programs: the summary (cost now, target,
/// plan, minimum quota, closed-form check, savings), the plan line by line, the cost path by
/// year against the target, the maturity wall, the fiscal ratios, and the checks. Text for the
/// terminal (Chinese or English labels), CSV blocks for spreadsheets, one JSON document for
/// scripts. Nothing here computes beyond sums of what the analysis holds.

#include <optional>
#include <string>
#include <vector>

#include "appraise/portfolio/portfolio.hpp"
#include "appraise/portfolio/plan.hpp"
#include "appraise/report/table.hpp"

namespace appraise::portfolio {

/// A pass/fail check against a threshold the portfolio states (the same fields as a project's
/// checks, so scripts read both alike).
struct Check {
  std::string name;         // "debt_cost_target", "repayment_coverage", "debt_ratio", "interest_ratio"
  std::optional<int> year;  // calendar year
  std::optional<double> value;
  double threshold = 0;
  bool passed = true;
  std::string message_zh;
  std::string message_en;
};

[[nodiscard]] std::vector<Check> checks(const Portfolio& p, const PortfolioAnalysis& a);

/// One line of a plan with its economics.
struct PlanLine {
  std::size_t debt = 0;
  int year = 0;
  double amount = 0;
  double rolled_over = 0;    // of the amount: borrowing that rolled over when principal fell due
  double replaced_rate = 0;  // the debt's rate that year (all-in when the cost measure is)
  double coupon = 0;
  double penalty = 0;
  double issuance_cost = 0;
  double first_year_saving = 0;
  double net_saving = 0;     // over the horizon, undiscounted, after penalty and issuance cost
};
[[nodiscard]] std::vector<PlanLine> plan_lines(const Portfolio& p, const RefinancingPlan& plan);

[[nodiscard]] report::Summary summary(const Portfolio& p, const PortfolioAnalysis& a, report::Lang lang);
/// The plan as the actions a finance bureau takes, in time order: each replacement (置换), and
/// before a replacement of debt that has fallen due, its rollover (到期续借) at the assumed market
/// rate, each rollover stated in a note under the table.
[[nodiscard]] report::Table plan_lines_table(const Portfolio& p, const PortfolioAnalysis& a, report::Lang lang);
[[nodiscard]] report::Table plan_table(const Portfolio& p, const PortfolioAnalysis& a);
/// The cost path and the fiscal ratios: their notes are Messages, in both languages.
[[nodiscard]] report::Table cost_path_table(const Portfolio& p, const PortfolioAnalysis& a);
[[nodiscard]] report::Table maturity_wall_table(const Portfolio& p, const PortfolioAnalysis& a);
[[nodiscard]] report::Table fiscal_table(const Portfolio& p, const PortfolioAnalysis& a);

struct DebtReportMeta {
  std::string model_path;
};

/// The whole report in one format: text (aligned to `width` columns), CSV blocks (numbers as
/// `csv` says), or JSON.
[[nodiscard]] std::string render_debt_report(const Portfolio& p, const PortfolioAnalysis& a,
                                             const DebtReportMeta& meta, report::Format format, report::Lang lang,
                                             std::size_t width = 120, const report::CsvStyle& csv = {});

/// The JSON document of `appraise debt`: meta, summary, plan, minimum_quota_plan, shortfall,
/// tables, checks.
[[nodiscard]] report::JsonValue debt_document(const Portfolio& p, const PortfolioAnalysis& a, const DebtReportMeta& meta);

}  // namespace appraise::portfolio
