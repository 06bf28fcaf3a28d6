#pragma once
/// The choice of projects: the set that maximises the programme's objective within each year's
/// limits, found exactly as a mixed-integer programme, with what each binding limit is worth and
/// why each project left out was left out.
///
/// The programme. One binary x_i per candidate (1: build it), and one binary z (some
/// government-pay project is chosen):
///   maximise   Σ v_i x_i                      v_i: FNPV, ENPV or score (objective_value)
///   subject to Σ_{i∈G} x_i ≤ 1                for each exclusive group G
///              x_i ≤ x_j                      for each `requires` (i needs j)
///              x_g ≤ z                        for each government-pay candidate g
///              Σ c_i(y) x_i ≤ C_y             budget capital in year y
///              Σ b_i(y) x_i ≤ Q_y             special-bond quota in year y
///              Σ d_i(y) x_i + s·E_y·z ≤ R_y   the fiscal-capacity ceiling, over PPP candidates only
///                                             (d_i = 0 for the others): R_y = max(0, f·E_y − X_y),
///                                             with E_y the general-budget expenditure, X_y the
///                                             commitments in force, f = 10% and s = f − 5% (so
///                                             that with a government-pay project the total stays
///                                             within 5% of E_y, the 财政承受能力 rule)
///              Σ n_i(y) x_i ≤ N_y             the new-debt cap in year y
///              x_i = 0                        a candidate that fails its checks, when the
///                                             programme asks for projects that pass
/// Solved by GLPK's branch and bound (glp_intopt, presolve on, relative gap 0, so the optimum is
/// proved), and the answer is checked against every limit in the programme's own numbers
/// (relative tolerance 1e-9) before it is returned.
///
/// Time: a 0-1 programme of many candidates and a few yearly limits (a multi-dimensional
/// knapsack) has a relaxation within a hundredth of a percent of its optimum, and proving the last
/// hundredth can take branch and bound hours (2,000 candidates: the gap falls below 0.02% within
/// seconds and is still 0.01% after minutes). So the search stops at Programme::time_limit: the
/// optimum's solve may take half of it, and each shadow value's re-solve an equal share of what is
/// left. When the search stops early the choice is the best set found, completed greedily (any
/// candidate that still fits and adds value, highest value first, is added), and the report says
/// so with the proved gap: Choice::mip_gap = (bound − objective) / |objective|, the most that a
/// better set could add. Small programmes are proved optimal in milliseconds, and then the gap is 0.
///
/// Shadow value of a limit: an integer programme has no dual prices, so the value of a limit is
/// defined by re-solving: the objective gained when that one limit is relaxed by one step
/// (Programme::shadow_step, 1 亿元 by default), all else unchanged. It is 0 when the extra room
/// admits no better set, and it is not linear: two steps can be worth more or less than twice
/// one. It is computed for every limit, and a limit binds when its shadow value is positive:
/// more room there would buy a better programme. (Room left over is no proof that a limit does
/// not bind: 3 亿元 left helps no project that needs 4.) When either solve stopped at its time
/// limit the shadow value is not known exactly, only between Limit::shadow_low and
/// Limit::shadow_high (from the two solves' sets and bounds); Limit::shadow is then the gain found.

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "appraise/programme/candidates.hpp"
#include "appraise/programme/programme.hpp"

namespace appraise::programme {

enum class LimitKind {
  BudgetCapital,  // 预算内建设资金
  BondQuota,      // 专项债券额度
  FiscalCeiling,  // 财政承受能力（一般公共预算支出的 10%）
  NewDebtCap,     // 新增债务上限
};
[[nodiscard]] std::string_view to_string(LimitKind k);  // "budget_capital", ...

/// One year's limit at the optimum.
struct Limit {
  LimitKind kind = LimitKind::BudgetCapital;
  int year = 0;
  double available = 0;  // what the candidates may use: the stated amount (the ceiling: R_y)
  double used = 0;       // by the chosen projects
  /// FiscalCeiling only: the room when a government-pay project is chosen (R_y − s·E_y, which
  /// may be negative: then no government-pay project fits).
  std::optional<double> available_government_pay;
  double shadow = 0;     // objective gained when `available` grows by one step
  double shadow_low = 0;   // the shadow value is at least this (= shadow when both solves are proved)
  double shadow_high = 0;  // and at most this (= shadow when both solves are proved)
  /// The set the relaxed solve chose, against the choice: candidates it adds and drops (empty
  /// when the shadow value is 0). A positive shadow value may mean dropping a chosen project.
  std::vector<std::size_t> added, dropped;
  [[nodiscard]] bool shadow_proved() const { return shadow_low == shadow_high; }
  [[nodiscard]] bool binding() const { return shadow > 0; }
  [[nodiscard]] double room(bool government_pay) const {
    return (government_pay && available_government_pay ? *available_government_pay : available) - used;
  }
};

enum class Verdict {
  Chosen,
  FailsChecks,   // the model misses a check, and the programme asks for projects that pass
  NotPositive,   // it adds nothing to the objective (its value is 0 or less)
  Excluded,      // another option of its exclusive group was chosen
  Dependency,    // it requires a project that is not chosen
  Limits,        // adding it to the chosen set would exceed a limit
};
[[nodiscard]] std::string_view to_string(Verdict v);  // "chosen", "fails_checks", ...

struct Decision {
  Verdict verdict = Verdict::Chosen;
  double value = 0;                       // its contribution to the objective
  std::optional<std::size_t> because;     // Excluded: the chosen rival; Dependency: the requirement
  struct Excess {
    std::size_t limit = 0;                // index into Choice::limits
    double amount = 0;                    // by how much adding it would exceed that limit
  };
  std::vector<Excess> exceeds;            // Limits
  bool alone = false;                     // Limits: it exceeds them even with nothing else chosen
                                          // (then `exceeds` are its excesses alone)
};

struct Choice {
  double objective = 0;                   // Σ v_i over the chosen projects
  std::vector<Decision> decisions;        // one per candidate
  std::vector<Limit> limits;              // by kind, then year
  bool government_pay_chosen = false;     // z: the 5% rule holds in every year
  std::size_t solves = 0;                 // integer programmes solved (the optimum and each shadow)
  bool proved = true;                     // the optimum is proved (the search ended within its time)
  double bound = 0;                       // no set is worth more than this (= objective when proved)
  double mip_gap = 0;                     // (bound − objective) / |objective|: 0 when proved
  [[nodiscard]] std::size_t chosen_count() const;
};

/// The optimal choice. Throws std::invalid_argument when a candidate has no objective value (the
/// loader refuses such programmes), and std::runtime_error when the solver fails (a bug).
[[nodiscard]] Choice choose(const Programme& p, const std::vector<CandidateEvaluation>& evaluations);

/// What each limit of year `year` and kind `kind` asks of candidate `e` (the row of the
/// programme above): its capital, bond, general-budget draw or new debt that year.
[[nodiscard]] double use_of(const CandidateEvaluation& e, LimitKind kind, int year);

}  // namespace appraise::programme
