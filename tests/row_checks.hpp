#pragma once
// Comparing a result row with values worked out by hand, year by year.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "appraise/project/evaluation.hpp"

namespace row_checks {

/// Every year of `actual` within `tol` (relative, at least absolute for small values) of `expected`.
inline void check_row(const appraise::YearRow& actual, const std::vector<double>& expected, double tol = 1e-9) {
  REQUIRE(actual.size() == static_cast<Eigen::Index>(expected.size()));
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("year index " << i);
    CHECK(std::abs(actual[static_cast<Eigen::Index>(i)] - expected[i]) <= tol * std::max(1.0, std::abs(expected[i])));
  }
}

}  // namespace row_checks
