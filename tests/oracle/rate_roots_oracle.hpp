#pragma once
// The root enumeration before the sign certificates, as a test-only oracle (rate_roots_oracle.cpp).
#include "../../engine/src/core/rate_roots.hpp"

namespace appraise::oracle {

[[nodiscard]] detail::PowerEval evaluate(const detail::PowerSum& s, double x);
[[nodiscard]] double refine_root(const detail::PowerSum& s, double lo, double hi, double p_lo, double x0,
                                 int& evaluations, bool& converged);
[[nodiscard]] detail::UnitRoots roots_in_unit_interval(const detail::PowerSum& s);

}  // namespace appraise::oracle
