// GLPK behind the replacement LP. Why GLPK: it is a maintained LP solver packaged in Debian,
// already a dependency of the engine, exact enough for a problem of this size (a simplex
// method, so the answer is a vertex: most debts replaced wholly or not at all, which is the
// plan a planner can carry out), and it lets us add rows and columns to a solved problem and
// re-solve from the previous basis, which column generation needs.
//
// Column generation. The full LP has a row per debt (Σ_y f_iy <= 1) and a column per
// (debt, quota year): for 10,000 debts and three quotas GLPK's simplex needs seconds. Only the
// debts the plan replaces, and those at the margin, matter. So the master LP starts with the
// most promising debts, is solved, and every debt outside it is priced with the master's duals:
// reduced cost d_iy = obj_iy − λ_y·use_iy − μ·gap_iy (its own row would be slack, dual 0). Debts
// with d < 0 enter; the loop ends when none is left, which is the optimality condition of the
// full LP, so the answer is the same as solving it whole.
//
// Feasibility. The target row is made elastic, Σ gap·f − s <= rhs with s >= 0. Phase 1
// minimises s (always feasible, so its duals price columns); s = 0 means the target can be met.
// Phase 2 fixes s at 0 and minimises the requested objective from phase 1's basis.
#include "lp.hpp"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <stdexcept>

namespace appraise::portfolio::detail {
namespace {

constexpr double reduced_cost_tolerance = 1e-9;
constexpr double feasibility_tolerance = 1e-9;

struct GlpDelete {
  void operator()(glp_prob* p) const { glp_delete_prob(p); }
};

bool finite(double x) { return x < std::numeric_limits<double>::infinity(); }

class Master {
 public:
  Master(const LpColumns& c, const LpRequest& r) : c_(c), r_(r), lp_(glp_create_prob()) {
    glp_set_obj_dir(lp_.get(), GLP_MIN);
    col_.assign(c.debts * c.years, 0);
    in_.assign(c.debts, 0);
    quota_row_.assign(c.years, 0);
    extra_col_.assign(c.years, 0);
    for (std::size_t y = 0; y < c.years; ++y) {
      if (!allowed(y) || !finite(r.quota[y])) continue;
      quota_row_[y] = glp_add_rows(lp_.get(), 1);
      glp_set_row_bnds(lp_.get(), quota_row_[y], GLP_UP, 0.0, r.quota[y]);
      if (r.objective == LpObjective::Extra && y < r.extra.size() && r.extra[y]) {
        extra_col_[y] = glp_add_cols(lp_.get(), 1);
        glp_set_col_bnds(lp_.get(), extra_col_[y], GLP_LO, 0.0, 0.0);
        const int ind[2] = {0, quota_row_[y]};
        const double val[2] = {0.0, -1.0};
        glp_set_mat_col(lp_.get(), extra_col_[y], 1, ind, val);
      }
    }
    if (r.target) {
      target_row_ = glp_add_rows(lp_.get(), 1);
      glp_set_row_bnds(lp_.get(), target_row_, GLP_UP, 0.0, r.target_rhs);
      slack_col_ = glp_add_cols(lp_.get(), 1);
      glp_set_col_bnds(lp_.get(), slack_col_, GLP_LO, 0.0, 0.0);
      const int ind[2] = {0, target_row_};
      const double val[2] = {0.0, -1.0};
      glp_set_mat_col(lp_.get(), slack_col_, 1, ind, val);
    }
  }

  [[nodiscard]] bool allowed(std::size_t y) const { return y < r_.year_allowed.size() && r_.year_allowed[y]; }
  [[nodiscard]] bool exists(std::size_t j) const { return c_.use[j] > 0.0 && allowed(j % c_.years); }
  [[nodiscard]] bool contains(std::size_t debt) const { return in_[debt] != 0; }
  [[nodiscard]] std::size_t size() const { return members_; }

  void add_debt(std::size_t i) {
    if (in_[i]) return;
    in_[i] = 1;
    ++members_;
    std::size_t n = 0;
    for (std::size_t y = 0; y < c_.years; ++y) n += exists(i * c_.years + y) ? 1 : 0;
    int gub = 0;
    if (n >= 2) {  // a debt with one column needs no row: its bound f <= 1 says the same
      gub = glp_add_rows(lp_.get(), 1);
      glp_set_row_bnds(lp_.get(), gub, GLP_UP, 0.0, 1.0);
    }
    for (std::size_t y = 0; y < c_.years; ++y) {
      const std::size_t j = i * c_.years + y;
      if (!exists(j)) continue;
      const int col = glp_add_cols(lp_.get(), 1);
      col_[j] = col;
      columns_.push_back(j);
      glp_set_col_bnds(lp_.get(), col, GLP_DB, 0.0, 1.0);
      glp_set_col_stat(lp_.get(), col, GLP_NL);
      glp_set_obj_coef(lp_.get(), col, objective_of(j));
      int ind[4] = {0, 0, 0, 0};
      double val[4] = {0, 0, 0, 0};
      int k = 0;
      if (gub) ind[++k] = gub, val[k] = 1.0;
      if (quota_row_[y]) ind[++k] = quota_row_[y], val[k] = c_.use[j];
      if (target_row_ && c_.gap[j] != 0.0) ind[++k] = target_row_, val[k] = c_.gap[j];
      glp_set_mat_col(lp_.get(), col, k, ind, val);
    }
  }

  /// Phase 1: minimise the target slack. Phase 2: the request's objective with the slack at 0.
  void set_phase(int phase) {
    phase_ = phase;
    if (slack_col_) {
      glp_set_obj_coef(lp_.get(), slack_col_, phase == 1 ? 1.0 : 0.0);
      if (phase == 2) glp_set_col_bnds(lp_.get(), slack_col_, GLP_FX, 0.0, 0.0);
    }
    for (std::size_t y = 0; y < c_.years; ++y)
      if (extra_col_[y]) glp_set_obj_coef(lp_.get(), extra_col_[y], phase == 2 ? 1.0 : 0.0);
    for (std::size_t j : columns_) glp_set_obj_coef(lp_.get(), col_[j], objective_of(j));
  }

  void solve() {
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_OFF;  // keep the basis between rounds
    parm.tol_bnd = 1e-9;
    int rc = glp_simplex(lp_.get(), &parm);
    if (rc == GLP_EBADB || rc == GLP_ESING || rc == GLP_ECOND) {
      glp_std_basis(lp_.get());
      rc = glp_simplex(lp_.get(), &parm);
    }
    if (rc != 0 || glp_get_status(lp_.get()) != GLP_OPT)
      throw std::runtime_error("the LP solver (GLPK) did not reach an optimum (code " + std::to_string(rc) +
                               ", status " + std::to_string(glp_get_status(lp_.get())) + ")");
  }

  /// Debts outside the master with a negative reduced cost, most negative first, at most `limit`.
  [[nodiscard]] std::vector<std::size_t> price(std::size_t limit) const {
    std::vector<double> lambda(c_.years, 0.0);
    for (std::size_t y = 0; y < c_.years; ++y)
      if (quota_row_[y]) lambda[y] = glp_get_row_dual(lp_.get(), quota_row_[y]);
    const double mu = target_row_ ? glp_get_row_dual(lp_.get(), target_row_) : 0.0;
    std::vector<std::pair<double, std::size_t>> found;
    for (std::size_t i = 0; i < c_.debts; ++i) {
      if (in_[i]) continue;
      double best = 0.0;
      for (std::size_t y = 0; y < c_.years; ++y) {
        const std::size_t j = i * c_.years + y;
        if (!exists(j)) continue;
        const double d = objective_of(j) - lambda[y] * c_.use[j] - (target_row_ ? mu * c_.gap[j] : 0.0);
        best = std::min(best, d);
      }
      if (best < -reduced_cost_tolerance) found.emplace_back(best, i);
    }
    std::sort(found.begin(), found.end());  // ties by debt index: deterministic
    std::vector<std::size_t> out;
    for (std::size_t k = 0; k < found.size() && k < limit; ++k) out.push_back(found[k].second);
    return out;
  }

  [[nodiscard]] double slack() const { return slack_col_ ? glp_get_col_prim(lp_.get(), slack_col_) : 0.0; }
  [[nodiscard]] double objective_value() const { return glp_get_obj_val(lp_.get()); }

  void collect(LpOutcome& out) const {
    out.shares.clear();
    out.gap = 0.0;
    std::vector<std::size_t> order = columns_;
    std::sort(order.begin(), order.end());
    for (std::size_t j : order) {
      double f = glp_get_col_prim(lp_.get(), col_[j]);
      if (f < 1e-10) continue;
      f = std::min(f, 1.0);
      if (f > 1.0 - 1e-10) f = 1.0;
      out.shares.push_back({j / c_.years, j % c_.years, f});
      out.gap += c_.gap[j] * f;
    }
    out.extra.assign(c_.years, 0.0);
    for (std::size_t y = 0; y < c_.years; ++y)
      if (extra_col_[y]) out.extra[y] = std::max(0.0, glp_get_col_prim(lp_.get(), extra_col_[y]));
    out.master_debts = members_;
  }

  [[nodiscard]] double objective_of(std::size_t j) const {
    if (phase_ == 1) return 0.0;  // phase 1 prices only the slack
    switch (r_.objective) {
      case LpObjective::Cost: return c_.cost[j];
      case LpObjective::Volume: return c_.use[j];
      case LpObjective::Gap: return c_.gap[j];
      case LpObjective::Extra: return 0.0;
    }
    return 0.0;
  }

 private:
  const LpColumns& c_;
  const LpRequest& r_;
  std::unique_ptr<glp_prob, GlpDelete> lp_;
  std::vector<int> col_;
  std::vector<std::size_t> columns_;
  std::vector<char> in_;
  std::size_t members_ = 0;
  std::vector<int> quota_row_;
  std::vector<int> extra_col_;
  int target_row_ = 0;
  int slack_col_ = 0;
  int phase_ = 2;
};

// Runs pricing rounds until no debt outside the master has a negative reduced cost, or until
// `done` says the answer is already good enough (phase 1 stops as soon as the target is met:
// at zero slack the LP is degenerate and more columns would change nothing).
template <class Done>
void generate_columns(Master& m, Done done) {
  for (;;) {
    m.solve();
    if (done()) return;
    const auto entering = m.price(std::max<std::size_t>(256, m.size()));
    if (entering.empty()) return;
    for (std::size_t i : entering) m.add_debt(i);
  }
}

// The debts that look best by `score(j)/use(j)` (most negative first), taken until they could
// use `cover` of quota; all with a negative score when cover is infinite.
template <class Score>
void seed(Master& m, const LpColumns& c, double cover, Score score) {
  std::vector<std::pair<double, std::size_t>> ranked;
  std::vector<double> biggest(c.debts, 0.0);
  for (std::size_t i = 0; i < c.debts; ++i) {
    double best = 0.0;
    for (std::size_t y = 0; y < c.years; ++y) {
      const std::size_t j = i * c.years + y;
      if (!m.exists(j)) continue;
      best = std::min(best, score(j) / c.use[j]);
      biggest[i] = std::max(biggest[i], c.use[j]);
    }
    if (best < 0.0) ranked.emplace_back(best, i);
  }
  std::sort(ranked.begin(), ranked.end());
  double covered = 0.0;
  for (const auto& [s, i] : ranked) {
    if (finite(cover) && covered >= cover) break;
    m.add_debt(i);
    covered += biggest[i];
  }
}

// Without quota rows or a target every debt is on its own: replace it wholly in its best year
// when that lowers the objective.
LpOutcome solve_uncoupled(const LpColumns& c, const LpRequest& r) {
  LpOutcome out;
  out.feasible = true;
  out.extra.assign(c.years, 0.0);
  for (std::size_t i = 0; i < c.debts; ++i) {
    double best = 0.0;
    std::size_t best_y = c.years;
    for (std::size_t y = 0; y < c.years; ++y) {
      const std::size_t j = i * c.years + y;
      if (!(c.use[j] > 0.0) || !(y < r.year_allowed.size() && r.year_allowed[y])) continue;
      const double v = r.objective == LpObjective::Cost ? c.cost[j] : r.objective == LpObjective::Gap ? c.gap[j] : 0.0;
      if (v < best) best = v, best_y = y;
    }
    if (best_y == c.years) continue;
    out.shares.push_back({i, best_y, 1.0});
    out.objective += best;
    out.gap += c.gap[i * c.years + best_y];
  }
  return out;
}

}  // namespace

LpOutcome solve_replacement_lp(const LpColumns& c, const LpRequest& r) {
  if (c.use.size() != c.debts * c.years || c.cost.size() != c.use.size() || c.gap.size() != c.use.size() ||
      r.quota.size() != c.years || r.year_allowed.size() != c.years)
    throw std::invalid_argument("replacement LP: inconsistent sizes");
  for (std::size_t j = 0; j < c.use.size(); ++j)
    if (!std::isfinite(c.use[j]) || !std::isfinite(c.cost[j]) || !std::isfinite(c.gap[j]))
      throw std::invalid_argument("replacement LP: a coefficient is not a finite number");
  glp_term_out(GLP_OFF);  // GLPK must never write to stdout, which carries results only

  bool coupled = r.target;
  double cover = 0.0;
  for (std::size_t y = 0; y < c.years; ++y) {
    if (!r.year_allowed[y]) continue;
    if (finite(r.quota[y])) {
      coupled = true;
      cover += r.quota[y];
    } else {
      cover = std::numeric_limits<double>::infinity();
    }
  }
  if (!coupled && r.objective != LpObjective::Extra && !r.whole) return solve_uncoupled(c, r);

  Master m(c, r);
  LpOutcome out;
  // Seed with enough of the most promising debts to use the quotas half again over.
  const double seed_cover = finite(cover) ? 1.5 * cover : cover;
  if (r.whole)
    for (std::size_t i = 0; i < c.debts; ++i) m.add_debt(i);
  if (r.target) seed(m, c, seed_cover, [&](std::size_t j) { return c.gap[j]; });
  if (r.objective == LpObjective::Cost) seed(m, c, seed_cover, [&](std::size_t j) { return c.cost[j]; });
  if (r.objective == LpObjective::Gap) seed(m, c, seed_cover, [&](std::size_t j) { return c.gap[j]; });

  if (r.target) {
    const double tolerance = feasibility_tolerance * std::max(1.0, std::abs(r.target_rhs));
    m.set_phase(1);
    generate_columns(m, [&] { return m.slack() <= tolerance; });
    const double s = m.slack();
    if (s > tolerance) {
      m.collect(out);
      out.feasible = false;
      out.gap = r.target_rhs + s;
      return out;
    }
    if (r.feasibility_only) {
      m.collect(out);
      out.feasible = true;
      return out;
    }
  }
  m.set_phase(2);
  generate_columns(m, [] { return false; });
  m.collect(out);
  out.feasible = true;
  out.objective = m.objective_value();
  return out;
}

}  // namespace appraise::portfolio::detail
