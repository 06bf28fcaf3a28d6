#pragma once
/// The programme (项目计划): the city's candidate projects, the choices between them and the
/// year-by-year limits they must fit, as a programme file states them (docs/programme-format.md).
/// Read by io/programme_loader.hpp; each candidate's model is evaluated once
/// (programme/candidates.hpp); the set to build is chosen by a mixed-integer programme
/// (programme/choice.hpp); the chosen projects' borrowing joins the city's debt portfolio
/// (programme/debt_join.hpp).
///
/// Money is in the programme's unit, which every candidate model (and the debt portfolio)
/// shares. Years are calendar years.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/portfolio/portfolio.hpp"
#include "appraise/project/model.hpp"

namespace appraise::programme {

/// What the choice maximises.
enum class Objective {
  Enpv,   // Σ ENPV (经济净现值) of the chosen projects: every candidate's model needs an `economic:` section
  Fnpv,   // Σ FNPV after tax (项目投资财务净现值（所得税后）)
  Score,  // Σ the score the programme file gives each candidate
};
[[nodiscard]] std::string_view to_string(Objective o);  // "enpv", "fnpv", "score"

struct Candidate {
  std::string name;               // unique within the programme
  std::string model_path;         // as the loader resolved it (relative to the programme file)
  std::string scenario_file;      // resolved; empty when the model is taken as written
  std::string scenario;           // the scenario of that file that changes the model
  ProjectModel model;             // the model as evaluated: with the scenario's changes
  std::optional<double> score;    // Objective::Score
  bool ppp = false;                    // a PPP project: the 财政承受能力 ceilings apply to it alone
  bool government_pay = false;         // 政府付费 (a PPP project the government pays for; implies ppp).
                                       // Given, never inferred: a project with no revenue may
                                       // be a direct investment of the budget (review 8, #7)
  std::vector<std::size_t> needs;      // `requires:` candidates that must be chosen for this one to be
};

/// Amounts by calendar year.
using YearAmounts = std::map<int, double>;

/// The limits of each year. A year that a table does not list has no limit of that kind.
struct Constraints {
  YearAmounts budget_capital;        // 预算内建设资金: capital the budget can put in (government equity)
  YearAmounts bond_quota;            // 新增专项债券额度: special bonds the projects may issue
  YearAmounts general_budget;        // 一般公共预算支出 forecast, for the fiscal-capacity ceiling
  YearAmounts existing_commitments;  // what projects already in force draw on the general budget
  double fiscal_ceiling = 0.10;      // 财政承受能力: all projects' draw ≤ this share of general_budget
  double government_pay_ceiling = 0.05;  // above this share, no new government-pay project
  YearAmounts new_debt_cap;          // 新增债务上限: all borrowing the chosen projects draw
};

struct Programme {
  std::string source;             // the programme file
  std::string name;
  std::string unit = "万元";
  Objective objective = Objective::Fnpv;
  bool require_pass = false;      // only candidates that pass every check of their model
  double shadow_step = 10000;     // the relaxation a shadow value is measured for (1 亿元 in 万元)
  double time_limit = 60;         // seconds the solver may take for the choice and its shadow values
  std::vector<Candidate> candidates;
  std::vector<std::vector<std::size_t>> exclusive;  // groups of which at most one is chosen
  Constraints constraints;
  std::string debt_path;          // the debt portfolio to join; empty: none
  std::optional<portfolio::Portfolio> debt;
};

/// The index of the candidate named `name`, or nullopt.
[[nodiscard]] std::optional<std::size_t> find_candidate(const Programme& p, std::string_view name);

}  // namespace appraise::programme
