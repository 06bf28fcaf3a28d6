// The programme's 0-1 programme solved by GLPK (programme/mip.hpp).
//
// Scaling: the objective is divided by its largest coefficient and every row by its largest
// coefficient, so that GLPK's absolute tolerances (integrality 1e-9 here, bounds 1e-9) act on
// numbers of the order of 1 whatever the money unit. The answer is checked against the rows in
// the caller's own numbers (programme/choice.cpp), so scaling can never pass off a wrong set.
#include "mip.hpp"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace appraise::programme::detail {

struct Mip::Impl {
  glp_prob* lp = nullptr;
  std::vector<double> row_scale;  // each row divided by this
  double obj_scale = 1;           // the objective divided by this
  std::size_t columns = 0;
};

namespace {

// The search's best bound, kept from the solver's callback: GLPK reports the open nodes' best
// bound only while it searches. The bound of a maximisation never rises as the tree grows (a
// child's relaxation is tighter than its parent's), so the last one seen is a valid bound when the
// time runs out.
struct Progress {
  double bound = std::numeric_limits<double>::infinity();
};

void watch(glp_tree* tree, void* info) {
  if (const int best = glp_ios_best_node(tree)) static_cast<Progress*>(info)->bound = glp_ios_node_bound(tree, best);
}

}  // namespace

Mip::Mip(const MipProblem& problem) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.columns = problem.columns;
  m.lp = glp_create_prob();
  glp_set_obj_dir(m.lp, GLP_MAX);
  double obj_scale = 0;
  for (double v : problem.objective) obj_scale = std::max(obj_scale, std::abs(v));
  if (!(obj_scale > 0)) obj_scale = 1;
  m.obj_scale = obj_scale;
  if (problem.columns > 0) glp_add_cols(m.lp, static_cast<int>(problem.columns));
  for (std::size_t j = 0; j < problem.columns; ++j) {
    const int col = static_cast<int>(j) + 1;
    glp_set_col_kind(m.lp, col, GLP_BV);
    if (j < problem.fixed_zero.size() && problem.fixed_zero[j]) glp_set_col_bnds(m.lp, col, GLP_FX, 0.0, 0.0);
    glp_set_obj_coef(m.lp, col, j < problem.objective.size() ? problem.objective[j] / obj_scale : 0.0);
  }
  if (!problem.rows.empty()) glp_add_rows(m.lp, static_cast<int>(problem.rows.size()));
  std::vector<int> ind;
  std::vector<double> val;
  for (std::size_t i = 0; i < problem.rows.size(); ++i) {
    const MipRow& r = problem.rows[i];
    double scale = 0;
    for (const auto& [j, a] : r.terms) scale = std::max(scale, std::abs(a));
    if (!(scale > 0)) scale = 1;
    m.row_scale.push_back(scale);
    ind.assign(1, 0);  // GLPK arrays are 1-based
    val.assign(1, 0.0);
    for (const auto& [j, a] : r.terms) {
      if (a == 0.0) continue;
      ind.push_back(static_cast<int>(j) + 1);
      val.push_back(a / scale);
    }
    const int row = static_cast<int>(i) + 1;
    glp_set_row_bnds(m.lp, row, GLP_UP, 0.0, r.upper / scale);
    glp_set_mat_row(m.lp, row, static_cast<int>(ind.size()) - 1, ind.data(), val.data());
  }
}

Mip::~Mip() {
  if (impl_ && impl_->lp) glp_delete_prob(impl_->lp);
}

void Mip::set_upper(std::size_t row, double upper) {
  glp_set_row_bnds(impl_->lp, static_cast<int>(row) + 1, GLP_UP, 0.0, upper / impl_->row_scale.at(row));
}

MipSolution Mip::solve(double seconds) {
  Impl& m = *impl_;
  MipSolution out;
  out.x.assign(m.columns, 0);
  if (m.columns == 0) {
    out.feasible = true;
    out.proved = true;
    return out;
  }
  glp_iocp parm;
  glp_init_iocp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.presolve = GLP_ON;  // solves the LP relaxation itself
  parm.mip_gap = 0.0;      // branch until the optimum is proved, or the time is up
  parm.tm_lim = static_cast<int>(std::clamp(std::ceil(seconds * 1000.0), 1.0, 2.0e9));  // milliseconds
  parm.tol_int = 1e-9;
  parm.br_tech = GLP_BR_DTH;
  parm.bt_tech = GLP_BT_BLB;
  // Cover cuts stay off: GLPK 5.0's cover-cut generator aborts the process (glp_add_cols with no
  // columns) when the presolver has reduced the programme to no columns.
  parm.mir_cuts = GLP_ON;
  parm.clq_cuts = GLP_ON;
  Progress progress;
  parm.cb_func = watch;
  parm.cb_info = &progress;
  // The cut generators print even with msg_lev off: terminal output off for this thread while solving.
  const int was = glp_term_out(GLP_OFF);
  const int rc = glp_intopt(m.lp, &parm);
  glp_term_out(was);
  // With the presolver, an infeasible or unbounded relaxation is a return code, not a status.
  if (rc == GLP_ENOPFS || rc == GLP_ENODFS) return out;
  const int status = glp_mip_status(m.lp);
  if (rc == 0 && status == GLP_NOFEAS) return out;
  const bool proved = rc == 0 && status == GLP_OPT;
  const bool stopped = rc == GLP_ETMLIM && (status == GLP_FEAS || status == GLP_UNDEF);
  if (!proved && !stopped)
    throw std::runtime_error("the integer programme solver (GLPK) failed (code " + std::to_string(rc) + ", status " +
                             std::to_string(status) + ")");
  out.feasible = true;
  out.proved = proved;
  if (status != GLP_UNDEF)  // no set found in the time: the caller's own (every column 0 fits)
    for (std::size_t j = 0; j < m.columns; ++j)
      out.x[j] = glp_mip_col_val(m.lp, static_cast<int>(j) + 1) > 0.5 ? 1 : 0;
  if (!proved && !std::isfinite(progress.bound)) {
    // The time ran out before the search reported a bound: the linear relaxation's optimum is one.
    glp_smcp lp;
    glp_init_smcp(&lp);
    lp.msg_lev = GLP_MSG_OFF;
    lp.presolve = GLP_ON;
    if (glp_simplex(m.lp, &lp) == 0 && glp_get_status(m.lp) == GLP_OPT) progress.bound = glp_get_obj_val(m.lp);
  }
  out.bound = proved ? glp_mip_obj_val(m.lp) * m.obj_scale : progress.bound * m.obj_scale;
  return out;
}

}  // namespace appraise::programme::detail
