#pragma once
// Checks of computed numbers against expected values with an explicit relative or absolute
// tolerance; a failure prints both with all 17 digits (doctest's Approx prints 6 and mixes
// relative and absolute error).
//   CHECK_REL(irr.rate, 0.2809484211599611, 1e-12);
//   CHECK_ABS(interest, 63.6540, 5e-5);
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>

namespace test_numbers {

struct Num {
  double v;
};
struct Rel {
  double want, tol;
};
struct Abs {
  double want, tol;
};
inline bool operator==(Num got, Rel e) { return std::abs(got.v - e.want) <= e.tol * std::abs(e.want); }
inline bool operator==(Num got, Abs e) { return std::abs(got.v - e.want) <= e.tol; }
inline std::string digits(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}
inline std::ostream& operator<<(std::ostream& os, Num n) { return os << digits(n.v); }
inline std::ostream& operator<<(std::ostream& os, Rel e) { return os << digits(e.want) << " (rel " << e.tol << ")"; }
inline std::ostream& operator<<(std::ostream& os, Abs e) { return os << digits(e.want) << " (abs " << e.tol << ")"; }

}  // namespace test_numbers

#define CHECK_REL(got, want, tol) CHECK(test_numbers::Num{got} == test_numbers::Rel{want, tol})
#define CHECK_ABS(got, want, tol) CHECK(test_numbers::Num{got} == test_numbers::Abs{want, tol})
