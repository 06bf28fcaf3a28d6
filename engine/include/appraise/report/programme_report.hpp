#pragma once
/// The programme laid out for people and programs: the summary (the objective, the chosen set,
/// the limits that bind and what one more step of each is worth), every candidate's indicators
/// ranked by its contribution to the objective, the decision on each with its reason, the limits
/// year by year, and the debt portfolio with and without the programme's borrowing. Text for the
/// terminal (Chinese or English), CSV blocks, one JSON document, or an XLSX workbook. Nothing
/// here computes beyond sums and differences of what the choice and the join hold.

#include <optional>
#include <string>
#include <vector>

#include "appraise/programme/candidates.hpp"
#include "appraise/programme/choice.hpp"
#include "appraise/programme/debt_join.hpp"
#include "appraise/programme/programme.hpp"
#include "appraise/report/table.hpp"
#include "appraise/report/xlsx.hpp"

namespace appraise::programme {

/// Everything one programme run produced.
struct ProgrammeRun {
  const Programme& programme;
  const std::vector<CandidateEvaluation>& evaluations;
  const Choice& choice;
  const std::optional<DebtJoin>& debt;
};

struct ProgrammeReportMeta {
  std::string path;  // the programme file as the user named it
};

[[nodiscard]] report::Summary summary(const ProgrammeRun& run, report::Lang lang);
/// Rows: candidates by rank (objective value, highest first; ties in file order); columns: the
/// indicators.
[[nodiscard]] report::Table candidate_table(const ProgrammeRun& run, report::Lang lang);
/// Rows: each limit by kind and year; columns: available, used, room, shadow value.
[[nodiscard]] report::Table limit_table(const ProgrammeRun& run, report::Lang lang);
/// The weighted debt cost by year without and with the programme's borrowing (with a debt join).
[[nodiscard]] report::Table debt_cost_table(const ProgrammeRun& run, report::Lang lang);
/// The programme's new debts: their balance by year of the portfolio (with a debt join).
[[nodiscard]] report::Table new_debt_table(const ProgrammeRun& run);

/// Why candidate `i` was chosen or left out, as one sentence.
[[nodiscard]] std::string decision_text(const ProgrammeRun& run, std::size_t i, report::Lang lang);
/// "one more 10,000.00 万元 of the 2027 special-bond quota would add 3,456.78 万元 of FNPV".
[[nodiscard]] std::string shadow_text(const ProgrammeRun& run, const Limit& limit, report::Lang lang);

[[nodiscard]] std::string render_programme_report(const ProgrammeRun& run, const ProgrammeReportMeta& meta,
                                                  report::Format format, report::Lang lang, std::size_t width = 120,
                                                  const report::CsvStyle& csv = {});
[[nodiscard]] report::JsonValue programme_document(const ProgrammeRun& run, const ProgrammeReportMeta& meta);
[[nodiscard]] report::Workbook programme_workbook(const ProgrammeRun& run, report::Lang lang);

}  // namespace appraise::programme
