// GLPK behind the replacement LP. Why GLPK: it is a maintained LP solver packaged in Debian,
// already a dependency of the engine, exact enough for a problem of this size (a simplex
// method, so the answer is a vertex: most debts replaced wholly or not at all, which is the
// plan a planner can carry out), and it lets us add rows and columns to a solved problem and
// re-solve from the previous basis.
//
// The LP couples the debts only through a few rows: one per quota year and the target. Given
// prices (duals) π for those rows, every debt decides alone: its best column has the reduced
// cost rc = obj − π·a, and the debt is replaced wholly in that year when rc < 0, not at all when
// rc > 0 for every year. At the optimal prices only the debts at the margin (rc = 0) are
// undecided. So the LP is solved in steps that each cost time linear in the number of debts:
//
// 0. Alike debts as one. Debts whose columns are proportional (one kind, rate, maturity,
//    repayment, fees and penalty; only the balance differs) are interchangeable for the plan
//    and become one unit; its shares are spread back over them, whole debts first.
//
// 1. Prices (Dantzig–Wolfe decomposition). The units are split into groups; a small master LP
//    holds the coupling rows, one convexity row per group, and "proposals": a group's units
//    each in its best year at some prices, summed into one column. Pricing every unit against
//    the master's duals yields new proposals; the master's objective and the Lagrangian bound
//    close in on the LP optimum, and the master's duals on the coupling rows reach the optimal
//    prices. The master has a few hundred rows whatever the number of debts.
//
// 2. The vertex (fixing and checking). At those prices each unit is fixed: in, in its best
//    year, when its best rc is clearly negative and clearly better than its other years; out
//    when every rc is clearly positive. One that is in but indifferent between years is fixed
//    in the first of them whose quota still has room; only the units at the margin, and any
//    that fit nowhere, are variables of the restricted LP (with a row Σ_y f_iy <= 1 each). The
//    fixed units' quota and target use comes off the right-hand sides. Its solution together
//    with the fixed units is a vertex of the whole LP. It is then checked against the
//    restricted LP's own duals: a unit fixed out must have no negative rc, a unit fixed in must
//    have rc <= 0 in its year and no lower rc in another; any that fails becomes a variable and
//    the restricted LP is solved again from its basis. When none fails, the primal solution
//    and the duals satisfy complementary slackness for the whole LP, which proves the answer
//    is the LP optimum: the optimum GLPK reaches on the whole LP (tests compare the two).
//    Steps 0 and 1 only make step 2 small; a poor price costs rounds, never the answer.
//
// Feasibility. The target row is made elastic, Σ gap·f − s <= rhs with s >= 0. Phase 1
// minimises s (always feasible); s = 0 means the target can be met. Phase 2 fixes s at 0 and
// minimises the requested objective, both in the price master and in the restricted LP.
#include "lp.hpp"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>

namespace appraise::portfolio::detail {
namespace {

constexpr double reduced_cost_tolerance = 1e-9;
constexpr double feasibility_tolerance = 1e-9;
// How far from 0 a reduced cost at the estimated prices must be for its debt to be fixed. The
// coefficients are scaled to the order of 1; the check in step 2 catches any wrong guess.
constexpr double fixing_margin = 1e-7;
// The price master stops when its objective and the Lagrangian bound are this close (relative).
constexpr double price_gap = 1e-13;
constexpr int max_price_rounds = 400;

struct GlpDelete {
  void operator()(glp_prob* p) const { glp_delete_prob(p); }
};
using Glp = std::unique_ptr<glp_prob, GlpDelete>;

bool finite(double x) { return x < std::numeric_limits<double>::infinity(); }

constexpr std::size_t none = static_cast<std::size_t>(-1);

// Solves from the current basis; false when the LP has no feasible solution.
bool solve_simplex(glp_prob* lp) {
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.presolve = GLP_OFF;  // keep the basis between rounds
  parm.tol_bnd = 1e-9;
  int rc = glp_simplex(lp, &parm);
  if (rc == GLP_EBADB || rc == GLP_ESING || rc == GLP_ECOND) {
    glp_std_basis(lp);
    rc = glp_simplex(lp, &parm);
  }
  if (rc == 0 && glp_get_status(lp) == GLP_NOFEAS) return false;
  if (rc != 0 || glp_get_status(lp) != GLP_OPT)
    throw std::runtime_error("the LP solver (GLPK) did not reach an optimum (code " + std::to_string(rc) + ", status " +
                             std::to_string(glp_get_status(lp)) + ")");
  return true;
}

// Prices of the coupling rows: λ_y of each quota row (0 where there is none), μ of the target.
struct Prices {
  std::vector<double> quota;
  double target = 0;
};

// The LP as the two steps see it: which columns exist, the coupling rows, the objective of a
// phase, and the reduced cost of a column at given prices (the one pricing rule of both steps).
class Shape {
 public:
  Shape(const LpColumns& c, const LpRequest& r) : c_(c), r_(r) {}

  [[nodiscard]] const LpColumns& cols() const { return c_; }
  [[nodiscard]] const LpRequest& request() const { return r_; }
  [[nodiscard]] bool allowed(std::size_t y) const { return y < r_.year_allowed.size() && r_.year_allowed[y]; }
  [[nodiscard]] bool exists(std::size_t j) const { return c_.use[j] > 0.0 && allowed(j % c_.years); }
  [[nodiscard]] bool has_quota_row(std::size_t y) const { return allowed(y) && finite(r_.quota[y]); }
  [[nodiscard]] bool has_extra(std::size_t y) const {
    return r_.objective == LpObjective::Extra && has_quota_row(y) && y < r_.extra.size() && r_.extra[y];
  }

  [[nodiscard]] double objective_of(std::size_t j, int phase) const {
    if (phase == 1) return 0.0;  // phase 1 prices only the slack
    switch (r_.objective) {
      case LpObjective::Cost: return c_.cost[j];
      case LpObjective::Volume: return c_.use[j];
      case LpObjective::Gap: return c_.gap[j];
      case LpObjective::Extra: return 0.0;
    }
    return 0.0;
  }

  [[nodiscard]] double reduced_cost(std::size_t j, int phase, const Prices& p) const {
    return objective_of(j, phase) - p.quota[j % c_.years] * c_.use[j] - (r_.target ? p.target * c_.gap[j] : 0.0);
  }

  /// Debt i's best existing column at prices p, and the next best reduced cost (infinity when
  /// it has one column); j == none when it has none.
  struct Best {
    std::size_t j = none;
    double rc = std::numeric_limits<double>::infinity();
    double second = std::numeric_limits<double>::infinity();
  };
  [[nodiscard]] Best best_column(std::size_t i, int phase, const Prices& p) const {
    Best b;
    for (std::size_t y = 0; y < c_.years; ++y) {
      const std::size_t j = i * c_.years + y;
      if (!exists(j)) continue;
      const double d = reduced_cost(j, phase, p);
      if (d < b.rc) {
        b.second = b.rc;
        b.rc = d;
        b.j = j;
      } else if (d < b.second) {
        b.second = d;
      }
    }
    return b;
  }

 private:
  const LpColumns& c_;
  const LpRequest& r_;
};

// The coupling rows, the target slack and the extra-quota columns, which both masters share.
struct CouplingRows {
  std::vector<int> quota_row;  // by year; 0: no row
  std::vector<int> extra_col;  // by year; 0: no column
  int target_row = 0;
  int slack_col = 0;

  void build(glp_prob* lp, const Shape& s, const std::vector<double>& quota_rhs, double target_rhs) {
    const std::size_t years = s.cols().years;
    quota_row.assign(years, 0);
    extra_col.assign(years, 0);
    for (std::size_t y = 0; y < years; ++y) {
      if (!s.has_quota_row(y)) continue;
      quota_row[y] = glp_add_rows(lp, 1);
      glp_set_row_bnds(lp, quota_row[y], GLP_UP, 0.0, quota_rhs[y]);
      if (s.has_extra(y)) {
        extra_col[y] = glp_add_cols(lp, 1);
        glp_set_col_bnds(lp, extra_col[y], GLP_LO, 0.0, 0.0);
        const int ind[2] = {0, quota_row[y]};
        const double val[2] = {0.0, -1.0};
        glp_set_mat_col(lp, extra_col[y], 1, ind, val);
      }
    }
    if (s.request().target) {
      target_row = glp_add_rows(lp, 1);
      glp_set_row_bnds(lp, target_row, GLP_UP, 0.0, target_rhs);
      slack_col = glp_add_cols(lp, 1);
      glp_set_col_bnds(lp, slack_col, GLP_LO, 0.0, 0.0);
      const int ind[2] = {0, target_row};
      const double val[2] = {0.0, -1.0};
      glp_set_mat_col(lp, slack_col, 1, ind, val);
    }
  }

  /// Phase 1: only the slack costs. Phase 2: the slack is fixed at 0 and extra quota costs 1.
  void set_phase(glp_prob* lp, int phase) const {
    if (slack_col) {
      glp_set_obj_coef(lp, slack_col, phase == 1 ? 1.0 : 0.0);
      if (phase == 2) glp_set_col_bnds(lp, slack_col, GLP_FX, 0.0, 0.0);
    }
    for (int col : extra_col)
      if (col) glp_set_obj_coef(lp, col, phase == 2 ? 1.0 : 0.0);
  }

  [[nodiscard]] Prices prices(glp_prob* lp) const {
    Prices p;
    p.quota.assign(quota_row.size(), 0.0);
    for (std::size_t y = 0; y < quota_row.size(); ++y)
      if (quota_row[y]) p.quota[y] = glp_get_row_dual(lp, quota_row[y]);
    p.target = target_row ? glp_get_row_dual(lp, target_row) : 0.0;
    return p;
  }

  [[nodiscard]] double slack(glp_prob* lp) const { return slack_col ? glp_get_col_prim(lp, slack_col) : 0.0; }
};

// ---- step 1: prices from the Dantzig–Wolfe master ----

class PriceMaster {
 public:
  PriceMaster(const Shape& s) : s_(s), lp_(glp_create_prob()) {
    const LpColumns& c = s.cols();
    glp_set_obj_dir(lp_.get(), GLP_MIN);
    rows_.build(lp_.get(), s, s.request().quota, s.request().target_rhs);
    // Debts that have a column at all, split into contiguous groups of about equal size.
    for (std::size_t i = 0; i < c.debts; ++i)
      if (s.best_column(i, 2, zero_prices()).j != none) active_.push_back(i);
    const std::size_t groups = std::clamp<std::size_t>(active_.size() / 64, std::min<std::size_t>(active_.size(), 1), 256);
    group_start_.push_back(0);
    for (std::size_t g = 1; g <= groups; ++g) group_start_.push_back(active_.size() * g / groups);
    group_row_.assign(groups, 0);
    for (std::size_t g = 0; g < groups; ++g) {
      group_row_[g] = glp_add_rows(lp_.get(), 1);
      glp_set_row_bnds(lp_.get(), group_row_[g], GLP_UP, 0.0, 1.0);
    }
  }

  [[nodiscard]] Prices zero_prices() const {
    Prices p;
    p.quota.assign(s_.cols().years, 0.0);
    return p;
  }

  /// Runs pricing rounds in `phase` until the bound closes, no proposal improves, or `stop`
  /// says the answer is known. Returns the prices of the last master.
  template <class Stop>
  Prices run(int phase, Stop stop) {
    phase_ = phase;
    rows_.set_phase(lp_.get(), phase);
    for (std::size_t k = 0; k < proposals_.size(); ++k)
      glp_set_obj_coef(lp_.get(), proposals_[k].col, phase == 2 ? proposals_[k].cost : 0.0);
    Prices p;
    for (int round = 0; round < max_price_rounds; ++round) {
      if (!solve_simplex(lp_.get())) throw std::runtime_error("the price master has no feasible solution");
      p = rows_.prices(lp_.get());
      const double z = glp_get_obj_val(lp_.get());
      bound_ = z;
      bool added = false;
      for (std::size_t g = 0; g + 1 < group_start_.size(); ++g) {
        const double sigma = glp_get_row_dual(lp_.get(), group_row_[g]);
        const double rc = propose(g, p, sigma);
        bound_ += std::min(0.0, rc);
        if (rc < -reduced_cost_tolerance) added = true;
      }
      if (stop(z, bound_)) break;
      if (!added || z - bound_ <= price_gap * std::max(1.0, std::abs(z))) break;
    }
    return p;
  }

  [[nodiscard]] double slack() const { return rows_.slack(lp_.get()); }
  [[nodiscard]] double bound() const { return bound_; }

 private:
  struct Proposal {
    int col = 0;
    double cost = 0;  // phase-2 objective of the proposal
  };

  // Group g's debts each in their best column at prices p: the proposal's reduced cost, and the
  // proposal added to the master when it improves.
  double propose(std::size_t g, const Prices& p, double sigma) {
    const LpColumns& c = s_.cols();
    std::vector<double> use(c.years, 0.0);
    double gap = 0.0, cost = 0.0, rc = 0.0;
    for (std::size_t k = group_start_[g]; k < group_start_[g + 1]; ++k) {
      const auto b = s_.best_column(active_[k], phase_, p);
      if (b.j == none || !(b.rc < 0.0)) continue;
      rc += b.rc;
      use[b.j % c.years] += c.use[b.j];
      gap += c.gap[b.j];
      cost += s_.objective_of(b.j, 2);
    }
    rc -= sigma;
    if (!(rc < -reduced_cost_tolerance)) return rc;
    std::vector<int> ind{0};
    std::vector<double> val{0.0};
    for (std::size_t y = 0; y < c.years; ++y)
      if (rows_.quota_row[y] && use[y] != 0.0) ind.push_back(rows_.quota_row[y]), val.push_back(use[y]);
    if (rows_.target_row && gap != 0.0) ind.push_back(rows_.target_row), val.push_back(gap);
    ind.push_back(group_row_[g]), val.push_back(1.0);
    const int col = glp_add_cols(lp_.get(), 1);
    glp_set_col_bnds(lp_.get(), col, GLP_LO, 0.0, 0.0);
    glp_set_obj_coef(lp_.get(), col, phase_ == 2 ? cost : 0.0);
    glp_set_mat_col(lp_.get(), col, static_cast<int>(ind.size()) - 1, ind.data(), val.data());
    proposals_.push_back({col, cost});
    return rc;
  }

  const Shape& s_;
  Glp lp_;
  CouplingRows rows_;
  std::vector<std::size_t> active_;
  std::vector<std::size_t> group_start_;
  std::vector<int> group_row_;
  std::vector<Proposal> proposals_;
  int phase_ = 2;
  double bound_ = 0;
};

// ---- step 2: the restricted LP over the undecided debts ----

class Master {
 public:
  Master(const Shape& s) : s_(s), lp_(glp_create_prob()) {
    const LpColumns& c = s.cols();
    glp_set_obj_dir(lp_.get(), GLP_MIN);
    col_.assign(c.debts * c.years, 0);
    in_.assign(c.debts, 0);
    fixed_.assign(c.debts, none);
    rows_.build(lp_.get(), s, s.request().quota, s.request().target_rhs);
  }

  [[nodiscard]] std::size_t size() const { return members_; }

  /// Fixes debt i wholly in column j (its use comes off the right-hand sides).
  void fix(std::size_t i, std::size_t j) {
    fixed_[i] = j;
    rhs_dirty_ = true;
  }

  /// Makes debt i a variable: a row Σ_y f_iy <= 1 (when it has two columns or more) and its
  /// columns. A debt that was fixed in enters at its fixed column's upper bound, so the
  /// current solution stays feasible.
  void add_debt(std::size_t i) {
    if (in_[i]) return;
    const LpColumns& c = s_.cols();
    const std::size_t at_upper = fixed_[i];
    if (fixed_[i] != none) {
      fixed_[i] = none;
      rhs_dirty_ = true;
    }
    in_[i] = 1;
    ++members_;
    std::size_t n = 0;
    for (std::size_t y = 0; y < c.years; ++y) n += s_.exists(i * c.years + y) ? 1 : 0;
    int gub = 0;
    if (n >= 2) {  // a debt with one column needs no row: its bound f <= 1 says the same
      gub = glp_add_rows(lp_.get(), 1);
      glp_set_row_bnds(lp_.get(), gub, GLP_UP, 0.0, 1.0);
    }
    for (std::size_t y = 0; y < c.years; ++y) {
      const std::size_t j = i * c.years + y;
      if (!s_.exists(j)) continue;
      const int col = glp_add_cols(lp_.get(), 1);
      col_[j] = col;
      columns_.push_back(j);
      glp_set_col_bnds(lp_.get(), col, GLP_DB, 0.0, 1.0);
      glp_set_col_stat(lp_.get(), col, j == at_upper ? GLP_NU : GLP_NL);
      glp_set_obj_coef(lp_.get(), col, s_.objective_of(j, phase_));
      int ind[4] = {0, 0, 0, 0};
      double val[4] = {0, 0, 0, 0};
      int k = 0;
      if (gub) ind[++k] = gub, val[k] = 1.0;
      if (rows_.quota_row[y]) ind[++k] = rows_.quota_row[y], val[k] = c.use[j];
      if (rows_.target_row && c.gap[j] != 0.0) ind[++k] = rows_.target_row, val[k] = c.gap[j];
      glp_set_mat_col(lp_.get(), col, k, ind, val);
    }
  }

  void set_phase(int phase) {
    phase_ = phase;
    rows_.set_phase(lp_.get(), phase);
    for (std::size_t j : columns_) glp_set_obj_coef(lp_.get(), col_[j], s_.objective_of(j, phase));
    rhs_dirty_ = true;  // the fixed debts' objective constant depends on the phase
  }

  void solve() {
    if (rhs_dirty_) update_fixed();
    if (solve_simplex(lp_.get())) return;
    // The debts fixed in use more quota than there is (the prices were too far off): make them
    // all variables. Still the same LP, only a larger master.
    for (std::size_t i = 0; i < s_.cols().debts; ++i)
      if (fixed_[i] != none) add_debt(i);
    update_fixed();
    if (!solve_simplex(lp_.get())) throw std::runtime_error("the replacement LP has no feasible solution");
  }

  /// Debts whose decision the master's duals contradict, most violated first, at most `limit`:
  /// fixed out with a negative reduced cost, or fixed in with a positive one or a lower one in
  /// another year. Empty: the whole LP is at its optimum.
  [[nodiscard]] std::vector<std::size_t> price(std::size_t limit) const {
    const Prices p = rows_.prices(lp_.get());
    std::vector<std::pair<double, std::size_t>> found;
    for (std::size_t i = 0; i < s_.cols().debts; ++i) {
      if (in_[i]) continue;
      const auto b = s_.best_column(i, phase_, p);
      if (b.j == none) continue;
      if (fixed_[i] == none) {
        if (b.rc < -reduced_cost_tolerance) found.emplace_back(b.rc, i);
        continue;
      }
      const double own = s_.reduced_cost(fixed_[i], phase_, p);
      const double violation = std::max(own, own - b.rc);  // b.rc <= own; 0 when it is the best
      if (violation > reduced_cost_tolerance) found.emplace_back(-violation, i);
    }
    std::sort(found.begin(), found.end());  // ties by debt index: deterministic
    std::vector<std::size_t> out;
    for (std::size_t k = 0; k < found.size() && k < limit; ++k) out.push_back(found[k].second);
    return out;
  }

  [[nodiscard]] double slack() const { return rows_.slack(lp_.get()); }
  [[nodiscard]] double objective_value() const { return glp_get_obj_val(lp_.get()); }

  void collect(LpOutcome& out) const {
    const LpColumns& c = s_.cols();
    out.shares.clear();
    out.gap = 0.0;
    std::vector<std::pair<std::size_t, double>> chosen;
    for (std::size_t j : columns_) {
      double f = glp_get_col_prim(lp_.get(), col_[j]);
      if (f < 1e-10) continue;
      f = std::min(f, 1.0);
      if (f > 1.0 - 1e-10) f = 1.0;
      chosen.emplace_back(j, f);
    }
    for (std::size_t i = 0; i < c.debts; ++i)
      if (fixed_[i] != none) chosen.emplace_back(fixed_[i], 1.0);
    std::sort(chosen.begin(), chosen.end());
    for (const auto& [j, f] : chosen) {
      out.shares.push_back({j / c.years, j % c.years, f});
      out.gap += c.gap[j] * f;
    }
    out.extra.assign(c.years, 0.0);
    for (std::size_t y = 0; y < c.years; ++y)
      if (rows_.extra_col[y]) out.extra[y] = std::max(0.0, glp_get_col_prim(lp_.get(), rows_.extra_col[y]));
    out.master_debts = members_;
  }

 private:
  // The right-hand sides less what the fixed debts use, and their objective as a constant.
  void update_fixed() {
    const LpColumns& c = s_.cols();
    const LpRequest& r = s_.request();
    std::vector<double> quota = r.quota;
    double target = r.target_rhs, constant = 0.0;
    for (std::size_t i = 0; i < c.debts; ++i) {
      const std::size_t j = fixed_[i];
      if (j == none) continue;
      quota[j % c.years] -= c.use[j];
      target -= c.gap[j];
      constant += s_.objective_of(j, phase_);
    }
    for (std::size_t y = 0; y < c.years; ++y)
      if (rows_.quota_row[y]) glp_set_row_bnds(lp_.get(), rows_.quota_row[y], GLP_UP, 0.0, quota[y]);
    if (rows_.target_row) glp_set_row_bnds(lp_.get(), rows_.target_row, GLP_UP, 0.0, target);
    glp_set_obj_coef(lp_.get(), 0, constant);
    rhs_dirty_ = false;
  }

  const Shape& s_;
  Glp lp_;
  CouplingRows rows_;
  std::vector<int> col_;
  std::vector<std::size_t> columns_;
  std::vector<char> in_;
  std::vector<std::size_t> fixed_;  // by debt: the column it is fixed in, or none
  std::size_t members_ = 0;
  int phase_ = 2;
  bool rhs_dirty_ = true;
};

// Runs rounds until no debt's decision is contradicted by the master's duals, or until `done`
// says the answer is already good enough (phase 1 stops as soon as the target is met: at zero
// slack the LP is degenerate and more columns would change nothing).
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

// Decides every debt at prices p: fixed in its best column, out, or a variable of the master.
// A debt that is in but indifferent between years (its best reduced costs tie: typically a
// bullet debt whose replacement in either of two years has the same effect in the target year)
// is fixed in the first of those years whose quota still has room for it, filling the quotas in
// debt order; only a debt that fits in none of them becomes a variable. The check in step 2
// catches a fill the optimum does not share.
void fix_at_prices(Master& m, const Shape& s, int phase, const Prices& p) {
  const LpColumns& c = s.cols();
  std::vector<std::size_t> indifferent;
  std::vector<double> room = s.request().quota;
  for (std::size_t i = 0; i < c.debts; ++i) {
    const auto b = s.best_column(i, phase, p);
    if (b.j == none || b.rc > fixing_margin) continue;  // out
    if (b.rc < -fixing_margin && b.second - b.rc > fixing_margin) {
      m.fix(i, b.j);
      room[b.j % c.years] -= c.use[b.j];
    } else if (b.rc < -fixing_margin) {
      indifferent.push_back(i);
    } else {
      m.add_debt(i);  // at the margin: rc = 0
    }
  }
  for (std::size_t i : indifferent) {
    const auto b = s.best_column(i, phase, p);
    std::size_t fill = none;
    for (std::size_t y = 0; y < c.years && fill == none; ++y) {
      const std::size_t j = i * c.years + y;
      if (s.exists(j) && s.reduced_cost(j, phase, p) - b.rc <= fixing_margin && room[y] >= c.use[j]) fill = j;
    }
    if (fill == none) {
      m.add_debt(i);
      continue;
    }
    room[fill % c.years] -= c.use[fill];
    m.fix(i, fill);
  }
}

// Without quota rows or a target every debt is on its own: replace it wholly in its best year
// when that lowers the objective.
LpOutcome solve_uncoupled(const Shape& s) {
  const LpColumns& c = s.cols();
  LpOutcome out;
  out.feasible = true;
  out.extra.assign(c.years, 0.0);
  Prices zero;
  zero.quota.assign(c.years, 0.0);
  for (std::size_t i = 0; i < c.debts; ++i) {
    const auto b = s.best_column(i, 2, zero);
    if (b.j == none || !(b.rc < 0.0)) continue;
    out.shares.push_back({i, b.j % c.years, 1.0});
    out.objective += b.rc;
    out.gap += c.gap[b.j];
  }
  return out;
}

// ---- step 0: debts the LP cannot tell apart, taken as one ----

// Debts whose columns are proportional (columns in the same years, and use, cost and gap in
// the same ratio in every year: debts of one kind at one rate, maturity, repayment, fees and
// penalty that differ only in balance) are interchangeable: any split of a year's replacement
// among them has the same effect. Each such class is one unit of the LP, a debt of their
// summed size; the unit's shares are spread back over its members in ledger order, whole debts
// first, so that at most one member is split at each boundary. A ledger of many alike loans is
// then as small an LP as a ledger of a few.
struct Units {
  LpColumns cols;                     // the grid of units
  std::vector<std::size_t> first;     // unit u's members are members[first[u] .. first[u + 1])
  std::vector<std::size_t> members;   // debt indices, unit by unit, each unit in ledger order
  std::vector<double> size;           // by debt: its largest use, which its columns scale with
};

// A coefficient divided by the debt's size, to 2^-40 (1e-12): proportional debts differ far
// less (rounding), different debts far more.
long long quantised(double x) { return std::llround(std::ldexp(x, 40)); }

Units units_of(const LpColumns& c) {
  Units u;
  u.size.assign(c.debts, 0.0);
  // Each debt's columns divided by its size, quantised: the key that alike debts share.
  const std::size_t width = 3 * c.years;
  std::vector<long long> keys(c.debts * width, 0);
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < c.debts; ++i) {
    double size = 0.0;
    for (std::size_t y = 0; y < c.years; ++y) size = std::max(size, c.use[i * c.years + y]);
    u.size[i] = size;
    if (!(size > 0.0)) continue;  // no column: a unit of its own, never replaced
    order.push_back(i);
    for (std::size_t y = 0; y < c.years; ++y) {
      const std::size_t j = i * c.years + y;
      long long* key = &keys[i * width + 3 * y];
      if (!(c.use[j] > 0.0)) {
        key[0] = std::numeric_limits<long long>::min();
        continue;
      }
      key[0] = quantised(c.use[j] / size);
      key[1] = quantised(c.cost[j] / size);
      key[2] = quantised(c.gap[j] / size);
    }
  }
  auto key_of = [&](std::size_t i) { return keys.begin() + static_cast<std::ptrdiff_t>(i * width); };
  auto less = [&](std::size_t a, std::size_t b) {
    return std::lexicographical_compare(key_of(a), key_of(a) + static_cast<std::ptrdiff_t>(width), key_of(b),
                                        key_of(b) + static_cast<std::ptrdiff_t>(width));
  };
  std::stable_sort(order.begin(), order.end(), less);  // alike debts together, in ledger order
  // Units numbered by their first member in the ledger, so the LP sees them in ledger order.
  constexpr std::size_t unset = none;
  std::vector<std::size_t> unit_of(c.debts, unset), leader(c.debts, unset);
  for (std::size_t k = 0; k < order.size(); ++k)
    leader[order[k]] = k > 0 && !less(order[k - 1], order[k]) ? leader[order[k - 1]] : order[k];
  std::size_t units = 0;
  for (std::size_t i = 0; i < c.debts; ++i) {
    if (leader[i] == unset || leader[i] == i) unit_of[i] = units++;
    else unit_of[i] = unit_of[leader[i]];
  }
  // Members grouped by unit, in ledger order; a unit's columns are its members' sums.
  u.first.assign(units + 1, 0);
  for (std::size_t i = 0; i < c.debts; ++i) ++u.first[unit_of[i] + 1];
  for (std::size_t k = 0; k < units; ++k) u.first[k + 1] += u.first[k];
  u.members.resize(c.debts);
  std::vector<std::size_t> next(u.first.begin(), u.first.end() - 1);
  for (std::size_t i = 0; i < c.debts; ++i) u.members[next[unit_of[i]]++] = i;
  u.cols.debts = units;
  u.cols.years = c.years;
  u.cols.use.assign(units * c.years, 0.0);
  u.cols.cost.assign(units * c.years, 0.0);
  u.cols.gap.assign(units * c.years, 0.0);
  for (std::size_t i = 0; i < c.debts; ++i)
    for (std::size_t y = 0; y < c.years; ++y) {
      const std::size_t from = i * c.years + y, to = unit_of[i] * c.years + y;
      u.cols.use[to] += c.use[from];
      u.cols.cost[to] += c.cost[from];
      u.cols.gap[to] += c.gap[from];
    }
  return u;
}

// The units' shares as shares of their members: a unit's share f of year y is f · (its size)
// of its members' sizes, taken from the members in ledger order, year by year.
LpOutcome spread(const Units& u, LpOutcome out) {
  const std::vector<LpShare> by_unit = std::move(out.shares);
  out.shares.clear();
  for (std::size_t k = 0; k < by_unit.size();) {
    const std::size_t unit = by_unit[k].debt;
    const std::size_t from = u.first[unit], to = u.first[unit + 1];
    double total = 0.0;
    for (std::size_t m = from; m < to; ++m) total += u.size[u.members[m]];
    std::size_t m = from;
    double left = 1.0;  // share of member m not yet replaced
    for (; k < by_unit.size() && by_unit[k].debt == unit; ++k) {
      double need = by_unit[k].share * total;
      while (m < to && need > 1e-12 * total) {
        const std::size_t debt = u.members[m];
        const double whole = left * u.size[debt];
        if (need >= whole * (1.0 - 1e-12)) {  // the rest of this member
          out.shares.push_back({debt, by_unit[k].year, left});
          need -= whole;
          left = 1.0;
          ++m;
        } else {
          const double f = need / u.size[debt];
          out.shares.push_back({debt, by_unit[k].year, f});
          left -= f;
          need = 0.0;
        }
      }
    }
  }
  std::sort(out.shares.begin(), out.shares.end(),
            [](const LpShare& a, const LpShare& b) { return a.debt != b.debt ? a.debt < b.debt : a.year < b.year; });
  return out;
}

LpOutcome solve_grid(const LpColumns& c, const LpRequest& r) {
  const Shape s(c, r);
  bool coupled = r.target;
  for (std::size_t y = 0; y < c.years; ++y) coupled = coupled || s.has_quota_row(y);
  if (!coupled && r.objective != LpObjective::Extra && !r.whole) return solve_uncoupled(s);

  LpOutcome out;
  const double tolerance = feasibility_tolerance * std::max(1.0, std::abs(r.target_rhs));
  Master m(s);
  if (r.whole) {
    // Every debt a variable from the start: GLPK on the whole LP (tests compare against it).
    for (std::size_t i = 0; i < c.debts; ++i) m.add_debt(i);
  } else {
    PriceMaster prices(s);
    int phase = 2;
    if (r.target) {
      // Phase 1: can the target be met? Stop as soon as the master meets it (feasible) or the
      // Lagrangian bound shows that no plan can (infeasible).
      const Prices p1 = prices.run(1, [&](double z, double bound) { return z <= tolerance || bound > tolerance; });
      if (prices.bound() > tolerance) {
        out.feasible = false;
        out.gap = r.target_rhs + prices.slack();
        return out;
      }
      if (prices.slack() > tolerance) {
        // Too close to call from the prices: the restricted LP decides, from phase 1's prices.
        fix_at_prices(m, s, 1, p1);
        phase = 1;
      } else if (r.feasibility_only) {
        out.feasible = true;
        return out;
      }
    }
    if (phase == 2) fix_at_prices(m, s, 2, prices.run(2, [](double, double) { return false; }));
  }

  if (r.target) {
    m.set_phase(1);
    generate_columns(m, [&] { return m.slack() <= tolerance; });
    const double slack = m.slack();
    if (slack > tolerance) {
      m.collect(out);
      out.feasible = false;
      out.gap = r.target_rhs + slack;
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

}  // namespace

LpOutcome solve_replacement_lp(const LpColumns& c, const LpRequest& r) {
  if (c.use.size() != c.debts * c.years || c.cost.size() != c.use.size() || c.gap.size() != c.use.size() ||
      r.quota.size() != c.years || r.year_allowed.size() != c.years)
    throw std::invalid_argument("replacement LP: inconsistent sizes");
  for (std::size_t j = 0; j < c.use.size(); ++j)
    if (!std::isfinite(c.use[j]) || !std::isfinite(c.cost[j]) || !std::isfinite(c.gap[j]))
      throw std::invalid_argument("replacement LP: a coefficient is not a finite number");
  glp_term_out(GLP_OFF);  // GLPK must never write to stdout, which carries results only
  if (r.whole) return solve_grid(c, r);
  const Units u = units_of(c);
  if (u.cols.debts == c.debts) return solve_grid(c, r);
  return spread(u, solve_grid(u.cols, r));
}

}  // namespace appraise::portfolio::detail
