#pragma once
/// The compiled evaluation: one path from a project model to its rows and indicators, used by
/// `run` (through evaluate()) and by every Monte Carlo draw alike.
///
/// Design
/// ------
/// A model is compiled once into an EvaluationPlan: its own copy of the model (the scalars the
/// rules read: rates, amounts, shares, lives), every series expanded once over the calculation
/// period (the pow() of a growth series is paid at compile time, not per draw), and the
/// references between parts resolved to indices (which revenue line a per-unit or
/// share-of-revenue cost follows). Evaluating a plan runs a fixed sequence of steps into an
/// EvaluationBuffers — a ProjectResult whose rows are sized on first use and then reused, plus
/// the scratch the steps need — so a thread that evaluates many variants of one model allocates
/// nothing per evaluation once warm (IRR results and check messages aside).
///
/// The steps, in order (engine/src/project/evaluation.cpp, financing.cpp, coverage.cpp):
///   1. investment       建设投资 by item, 维持运营投资
///   2. revenue          营业收入 by line (volume × price with ramp-up, or amounts), subsidies
///   3. operating costs  fixed, per unit of a line's volume, share of revenue
///   4. taxes            VAT with credit carried forward, 税金及附加
///   5. working capital  increments, or a level kept at a share of 经营成本
///   6. construction financing   draws, interest during construction, fees, equity
///   7. assets           depreciation and amortisation (with capitalised interest), book values
///   8. project cash flow        项目投资现金流量表, adjusted income tax
///   9. project indicators       FNPV, FIRR (pre and post tax); paybacks when asked
///  10. operation financing      interest, repayment rules, profit and tax, distributions,
///                               short-term loans, CFADS and debt service, ICR and DSCR by year,
///                               项目资本金现金流量表; with `statements`, the financial-plan
///                               statement by activity and the balance sheet
///  11. financing indicators     equity IRR, ICR/DSCR min, bond coverage; with `ratios`, ROI,
///                               ROE, DSCR average, LLCR, PLCR and the bonds' coverage of all
///                               debt and in present values; survival; with `checks`, the checks
///                               and their messages
///  12. economic analysis        (engine/src/economic/) the economic flow statement at shadow
///                               prices, ENPV, EIRR, EBCR and their checks; cost-effectiveness
///  13. fiscal view              (engine/src/economic/) the budget's outlays and receipts by
///                               year, their present value, the PPP value-for-money test
/// Each rule is written once, in its step. Outputs says which optional parts run: a Monte Carlo
/// draw asks for the indicators only (no paybacks, no statements by activity, no balance sheet,
/// no check messages; no financing at all when no financing indicator is wanted), but whatever
/// it computes it computes with the same code as `run`, so a draw's indicators equal those of
/// evaluate() on the same changed model to the last bit (tests/test_plan.cpp checks it).
///
/// Changing a compiled plan (Monte Carlo): write the new value into plan.model() through a
/// ParamTarget (parameters.hpp), then call refresh(series) for a changed series (its cached
/// expansion is re-adjusted: value · scale + offset, exactly as Series::resolve) or recompile()
/// after a change of shape (a number of years). risk/simulation.cpp does this in one place.
///
/// Adding a rule (economic analysis, sale projects, input VAT on investment, with/without
/// increments): add its inputs to the model, resolve its series and references in compile(),
/// its rows to ProjectResult, and one step function called from evaluate_into() in its place in
/// the order above, guarded by an Outputs flag if a draw may skip it. Nothing else computes it.

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "appraise/core/tvm.hpp"
#include "appraise/economic/prices.hpp"
#include "appraise/project/evaluation.hpp"

namespace appraise {

/// What an evaluation computes beyond the project cash flow and FNPV/FIRR.
struct Outputs {
  bool financing = true;    // steps 6 (beyond equity), 10, 11: equity IRR, DSCR, ICR, bonds, ...
  bool statements = true;   // the financial-plan statement by activity, the balance sheet, and
                            // the rows by item (inflows, outflows, each signed) and cumulative
                            // rows of the project investment and equity cash flows; without it
                            // only their net flows (pre_tax, post_tax, eq_net) are stored
  bool paybacks = true;     // static and dynamic payback periods
  bool checks = true;       // checks against the targets, with their messages
  bool economic = true;     // step 12: economic flows, ENPV/EIRR/EBCR, cost-effectiveness (when the model has them)
  bool fiscal = true;       // step 13: fiscal outlays and value for money (with `financing`)
  bool ratios = true;       // the financing ratios no draw collects (with `financing`): average
                            // DSCR, LLCR and PLCR, ROI and ROE, and a special bond's coverage of
                            // all debt and in present values (its coverage of its own service is
                            // always computed)

  friend bool operator==(const Outputs&, const Outputs&) = default;

  /// Everything: what `run` reports.
  [[nodiscard]] static Outputs all() { return {}; }
  /// The indicators a Monte Carlo draw collects; `financing` when any financing indicator is
  /// wanted.
  [[nodiscard]] static Outputs indicators(bool with_financing) {
    return {with_financing, false, false, false, true, false, false};
  }
};

/// A model compiled for repeated evaluation. Not copyable or movable: the series slots point
/// into its own copy of the model. Build one per thread.
class EvaluationPlan {
 public:
  explicit EvaluationPlan(const ProjectModel& model);
  EvaluationPlan(const EvaluationPlan&) = delete;
  EvaluationPlan& operator=(const EvaluationPlan&) = delete;

  [[nodiscard]] const ProjectModel& model() const { return model_; }
  /// The model to change in place; follow a change with refresh() or recompile().
  [[nodiscard]] ProjectModel& model() { return model_; }

  /// Re-expands `series` (a series of model()) after its amounts, scale or offset changed.
  /// Returns false when it is not a series the plan evaluates (nothing to do).
  bool refresh(const Series* series);
  /// Compiles again from model(): after a change of shape (construction or operation years).
  void recompile();

  [[nodiscard]] int years() const { return n_; }
  [[nodiscard]] int construction_years() const { return C_; }
  /// Which compile this is: unique in the process, new at every recompile(). Buffers evaluated
  /// from the same compile keep the names they were given (names and the lists' lengths change
  /// only with a recompile; a draw changes numbers).
  [[nodiscard]] std::uint64_t compile_id() const { return compile_id_; }

  /// The expansion of series slot `slot` over the calculation period (0 in construction years).
  [[nodiscard]] const YearRow& row(int slot) const { return rows_[static_cast<std::size_t>(slot)]; }

  /// The project investment cash flow of the without-project model (`without: model FILE`) over
  /// this plan's calculation period, evaluated once per compile (with_without.cpp says why that
  /// is exact); empty without such a model.
  [[nodiscard]] const std::optional<ProjectCashFlow>& without_cash_flow() const { return without_cash_flow_; }

  // Resolved references, by position of the part in the model (−1: none).
  struct RevenueRef { int amounts = -1, volume = -1, price = -1; };
  struct CostRef { int amounts = -1; int line = -1; };  // line: the revenue line it follows
  std::vector<RevenueRef> revenue;
  std::vector<int> subsidies;       // slot of each subsidy line's amounts
  std::vector<CostRef> costs;
  std::vector<int> sustaining;      // slot of each sustaining investment's amounts
  int working_capital = -1;         // slot of the working-capital increments (−1: share mode)
  // The public view's series (economic/inputs.hpp), −1 where a line has none.
  struct ExternalRef { int quantity = -1, unit_value = -1, amounts = -1; };
  std::vector<int> willingness_to_pay;                 // by revenue line
  std::vector<ExternalRef> external_benefits, external_costs;
  std::vector<int> effects;
  std::vector<int> fiscal_other;    // expanded over the whole calculation period

 private:
  int add_slot(const Series* s, bool whole_period = false);
  void expand(std::size_t slot, bool recompute);

  ProjectModel model_;
  int n_ = 0, C_ = 0;
  std::uint64_t compile_id_ = 0;
  std::vector<const Series*> series_;
  std::vector<Series::Form> forms_;             // the form each slot was expanded from
  std::vector<std::uint8_t> whole_period_;      // 1: the slot covers the calculation period, a list from year 1
  std::vector<std::vector<double>> raw_;        // operation years, before scale and offset
  std::vector<std::vector<std::uint8_t>> covered_;
  std::vector<YearRow> rows_;
  std::optional<ProjectCashFlow> without_cash_flow_;
};

/// Per-thread working memory of evaluate_into: the result rows and the steps' scratch.
struct EvaluationBuffers {
  ProjectResult result;
  // Scratch of the steps (evaluation.cpp, financing.cpp, coverage.cpp); nothing to read.
  YearRow capitalised, scratch_net, fixed_draws, equity_part, draws, term_dscr, cash_investment, wc_draws;
  YearRow tax_base, eq_principal, eq_interest, term_service, term_principal;  // step 10's year totals
  std::vector<double> construction_interest, initial, sculpt_cfads, bond_income, bond_service, all_service;
  std::vector<std::pair<int, double>> losses;
  YearRow public_scratch_a, public_scratch_b;          // the economic and fiscal steps (engine/src/economic/)
  std::vector<economic::ComponentShare> components;
  std::vector<PpmtSchedule> ppmt;  // by loan: equal-payment powers kept from one draw to the next
  // Step 10's view of each loan, set at the start of the step: its terms and its rows' storage.
  struct LoanRows {
    const Loan* terms;
    double *draw, *opening, *closing, *interest, *interest_paid, *fees, *principal;
    int first_repayment, repayment_years;
    bool term;    // term debt (not a working-capital loan)
    bool spends;  // repaid from the year's cash (maximum capacity, sculpted) after the scheduled loans
  };
  std::vector<LoanRows> loan_rows;
  // The compile and outputs whose names the result rows carry (set once an evaluation
  // succeeds), and whether this evaluation has the same: then the steps leave the names alone.
  std::uint64_t named_for = 0;
  Outputs named_outputs;
  bool named = false;
};

/// Evaluates `plan` into `buffers.result`, reusing its memory. Rows and indicators that
/// `outputs` leaves out keep stale values: read only what was asked for. Throws EvaluationError
/// when the model cannot be evaluated (as evaluate()).
void evaluate_into(const EvaluationPlan& plan, EvaluationBuffers& buffers, const Outputs& outputs = Outputs::all());

}  // namespace appraise
