#pragma once
// Private to the engine: the steps of evaluating a project, shared by evaluation.cpp (the
// pre-financing tables) and financing.cpp (loans, profit, equity and financial-plan flows).
#include "appraise/project/evaluation.hpp"

namespace appraise::detail {

inline YearRow zeros(int n) { return YearRow::Zero(n); }

/// A series written for the operation period (revenue, costs, subsidies, sustaining investment,
/// working capital): a list starts in the first operating year; ranges and growth series name
/// calendar years, which the loader keeps within the operation period.
YearRow over_operation(const Series& s, const ProjectModel& m);

/// Depreciation, amortisation and asset values, with `capitalised` (construction interest and
/// fees, by year) added to the fixed assets in proportion to their cost.
void compute_assets(const ProjectModel& m, ProjectResult& r, const YearRow& capitalised);

/// Financing in the construction years: draws, construction interest, fees and equity.
/// Returns the interest and fees to capitalise into the fixed assets, by year.
YearRow construction_financing(const ProjectModel& m, ProjectResult& r);

/// Financing in the operation years and every statement that depends on it: interest,
/// repayment, profit and tax, the equity and financial-plan cash flows, the balance sheet and
/// the coverage ratios.
void operation_financing(const ProjectModel& m, ProjectResult& r);

/// The financing indicators (equity IRR, ROI, ROE, ICR, DSCR, LLCR, PLCR, survival, bond
/// coverage) and the checks against the model's targets.
void financing_indicators(const ProjectModel& m, ProjectResult& r);

}  // namespace appraise::detail
