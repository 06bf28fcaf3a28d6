// core/units: the one rule for how many digits a figure compared with a threshold (or with another
// figure in the same sentence) is printed with. The expected texts are worked by hand in decimal.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "appraise/core/units.hpp"

using appraise::format_apart;
using appraise::format_apart_percent;
using appraise::format_fixed;
using appraise::format_money;
using appraise::format_percent;
using S = std::vector<std::string>;
using V = std::vector<double>;

TEST_SUITE("units") {

TEST_CASE("values compared in one sentence get the fewest decimals that tell them apart") {
  // 3.2699 and 3.27 are 3.27 at two decimals and 3.270 at three; at four they differ.
  CHECK(format_apart(V{3.2699, 3.27}) == S{"3.2699", "3.2700"});
  // 3.2704 % and 3.2674 % read 3.27 % at two decimals; at three they differ, and every value of
  // the sentence is shown with the same decimals.
  CHECK(format_apart(V{3.2704, 3.2674, 3.5}) == S{"3.270", "3.267", "3.500"});
  // Already apart: two decimals.
  CHECK(format_apart(V{1.08, 1.3}) == S{"1.08", "1.30"});
  // A miss that rounds onto its threshold: 0.99996 against 1 is 1.00 and 1.0000 before 0.99996.
  CHECK(format_apart(V{0.99996, 1.0}) == S{"0.99996", "1.00000"});
}

TEST_CASE("rates compared in one sentence move their point by their reading, as their table cells do") {
  // 0.02345 reads 0.02345: 2.345 in percent, 2.35 at two decimals (half away from zero), which is
  // what its table cell shows; 0.02345 × 100 is the double 2.3449999999999998, which reads 2.34.
  CHECK(format_apart_percent(V{0.02345, 0.03}) == S{"2.35", "3.00"});
  CHECK(format_percent(0.02345, 2) == "2.35%");
  // 0.00225 is 0.225 %: 0.23 (0.00225 × 100 is 0.22499999999999998).
  CHECK(format_apart_percent(V{0.00225, 0.003}) == S{"0.23", "0.30"});
  // 2.345 % and 2.35 % are both 2.35 at two decimals: three tell them apart.
  CHECK(format_apart_percent(V{0.02345, 0.0235}) == S{"2.345", "2.350"});
  // The decimals asked for (a target given as 3.81875 %), and a negative change.
  CHECK(format_apart_percent(V{0.0381875, 0.0381}, 5) == S{"3.81875", "3.81000"});
  CHECK(format_apart_percent(V{-0.02345, 0.0}) == S{"-2.35", "0.00"});
}

TEST_CASE("equal values print with the least decimals asked for") {
  CHECK(format_apart(V{3.5, 3.5}) == S{"3.50", "3.50"});
  CHECK(format_apart(V{1.3, 1.3}, 4) == S{"1.3000", "1.3000"});
  CHECK(format_apart(V{3.81875, 3.81}, 5) == S{"3.81875", "3.81000"});
  CHECK(format_apart(V{7.0}) == S{"7.00"});
  CHECK(format_apart(V{}).empty());
}

TEST_CASE("negative values, and a value that rounds to zero prints without a minus sign") {
  // -1.2345 reads -1.2345, so at three decimals it is -1.235 (half away from zero), as -1.2349 is:
  // four decimals tell them apart.
  CHECK(format_apart(V{-1.2345, -1.2349}) == S{"-1.2345", "-1.2349"});
  CHECK(format_apart(V{-1.2344, -1.2349}) == S{"-1.234", "-1.235"});
  // -0.001 against 0: "-0.00" would be the same number as 0.00, so three decimals are needed.
  CHECK(format_apart(V{-0.001, 0.0}) == S{"-0.001", "0.000"});
  // Negative zero, or a value that rounds to zero while apart from the other value: 0.00.
  CHECK(format_apart(V{-0.0, 0.0}) == S{"0.00", "0.00"});
  CHECK(format_apart(V{-0.004, 1.0}) == S{"0.00", "1.00"});
}

TEST_CASE("huge values are printed whole, apart by their decimals") {
  // 1e15 + 0.25 is a double exactly, but its spacing there is 0.125, so the shortest decimal that
  // reads back as it is 1000000000000000.2: that is the figure as it reads, and it is apart from 1e15.
  CHECK(format_apart(V{1e15 + 0.25, 1e15}) == S{"1000000000000000.20", "1000000000000000.00"});
  // 1e12 + 0.001 is 1e12 + 0.0009765625 as a double (spacing 2^-13): apart from 1e12 at three decimals.
  CHECK(format_apart(V{1e12 + 0.001, 1e12}) == S{"1000000000000.001", "1000000000000.000"});
}

TEST_CASE("values closer than the checks' tolerance are not chased past nine decimals") {
  // 1.2999999999 is within 1e-9 of 1.3, which every ratio check counts as meeting it.
  CHECK(format_apart(V{1.3, 1.2999999999}) == S{"1.300000000", "1.300000000"});
  // 1.29999999 is not: eight decimals show it below.
  CHECK(format_apart(V{1.29999999, 1.3}) == S{"1.29999999", "1.30000000"});
}

TEST_CASE("a figure that rounds to zero prints 0, never -0") {
  CHECK(format_fixed(-0.004, 2) == "0.00");
  CHECK(format_fixed(-0.0, 2) == "0.00");
  CHECK(format_fixed(-0.00004, 4) == "0.0000");
  CHECK(format_fixed(-0.4, 0) == "0");
  CHECK(format_fixed(-0.005001, 2) == "-0.01");
  CHECK(format_fixed(1.005001, 2) == "1.01");
}

TEST_CASE("a figure is rounded as it reads: its shortest decimal, half away from zero") {
  // The closed form is Python's decimal module on the decimal string of the double (its repr, the
  // shortest text that reads back as the same double), rounded half away from zero:
  //     Decimal(repr(x)).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)
  // Each case is one where the former rules disagreed with it or with each other: printf on the
  // exact binary value ("%.2f": 2.675 is 2.67499999999999982…, so 2.67) and round(x·100)/100 as
  // format_money did (1.005·100 is 100.49999999999999, so 1.00; 2.675·100 is 267.5, so 2.68).
  CHECK(format_fixed(2.675, 2) == "2.68");    // printf 2.67, x·100 2.68
  CHECK(format_fixed(1.005, 2) == "1.01");    // printf 1.00, x·100 1.00
  CHECK(format_fixed(0.285, 2) == "0.29");    // printf 0.28, x·100 0.28
  CHECK(format_fixed(1.255, 2) == "1.26");    // printf 1.25, x·100 1.25
  CHECK(format_fixed(1.115, 2) == "1.12");    // printf 1.11, x·100 1.12
  CHECK(format_fixed(0.125, 2) == "0.13");    // an exact half: printf rounds it to even, 0.12
  CHECK(format_fixed(0.045, 2) == "0.05");    // printf 0.04, x·100 0.04
  CHECK(format_fixed(-2.675, 2) == "-2.68");  // away from zero on the negative side too
  CHECK(format_fixed(-1.005, 2) == "-1.01");
  CHECK(format_fixed(2.5, 0) == "3");         // printf 2
  CHECK(format_fixed(-0.5, 0) == "-1");       // printf -0
  CHECK(format_fixed(9.995, 2) == "10.00");   // the carry runs through the point: printf 9.99
  CHECK(format_fixed(99.995, 2) == "100.00");
  CHECK(format_fixed(1234.565, 2) == "1234.57");  // x·100 1234.56 (123456.49999999999)
  CHECK(format_fixed(0.0005, 3) == "0.001");
  CHECK(format_fixed(-1.2345, 3) == "-1.235");    // printf -1.234
  CHECK(format_fixed(1e15 + 0.25, 2) == "1000000000000000.20");  // repr 1000000000000000.2
  // Money and rates follow the same rule: a table's 2.68 is the chart's 2.68 (web/report.js).
  CHECK(format_money(2.675) == "2.68");
  CHECK(format_money(1.005) == "1.01");
  CHECK(format_money(-1234.565) == "-1,234.57");
  CHECK(format_percent(0.02675) == "2.68%");  // reads 2.675 %
}

TEST_CASE("a rate is shown ×100 by moving the point of its reading, not by multiplying the double") {
  // The closed form is the same, Decimal(repr(x)).scaleb(2).quantize(…, ROUND_HALF_UP): a rate
  // written 0.035% is 0.00035, whose product with 100 is 0.034999999999999996 (0.03 by format_fixed).
  using appraise::format_percent_number;
  CHECK(format_percent_number(0.00035, 2) == "0.04");
  CHECK(format_percent_number(0.00085, 2) == "0.09");  // ×100 is 0.08499999999999999
  CHECK(format_percent_number(0.00225, 2) == "0.23");  // ×100 is 0.22499999999999998
  CHECK(format_percent(0.0612345) == "6.12%");
  CHECK(format_percent_number(1.5, 2) == "150.00");
  CHECK(format_percent_number(12.5, 0) == "1250");
  CHECK(format_percent_number(0.0000001, 4) == "0.0000");
  CHECK(format_percent_number(-0.0000001, 4) == "0.0000");
  CHECK(format_percent_number(-0.0000006, 4) == "-0.0001");
  CHECK(format_percent_number(0.5, 0) == "50");
  CHECK(format_percent_number(0.00995, 1) == "1.0");  // 0.995 % at one decimal, the carry through the point
  CHECK(format_percent_number(-0.06, 2) == "-6.00");
}

TEST_CASE("a rate that rounds to zero prints 0.00%, never -0.00%") {
  // Every rate in a note, a reason or a label goes through format_percent (the statements' and
  // the economic report's notes, compare's reasons and labels, the sensitivity heading): a FIRR
  // or a share of -0.001 % is 0.00% at two decimals, and a minus sign would say it is below zero.
  CHECK(format_percent(-0.00001) == "0.00%");
  CHECK(format_percent(-0.0) == "0.00%");
  CHECK(format_percent(-0.004, 0) == "0%");
  CHECK(format_percent(-0.00006) == "-0.01%");
  CHECK(format_percent(0.0612345) == "6.12%");
  CHECK(format_percent(0.05, 1) == "5.0%");
}

TEST_CASE("a signed change that rounds to zero reads +0.00, never -0.00") {
  // A critical point of a factor whose NPV is zero at the base is a change of about -1e-12.
  using appraise::with_sign;
  CHECK(with_sign(format_fixed(-1e-12, 2)) == "+0.00");
  CHECK(with_sign(format_fixed(0.0, 2)) == "+0.00");
  CHECK(with_sign(format_fixed(-23.454, 2)) == "-23.45");
  CHECK(with_sign(format_fixed(1.2, 2)) == "+1.20");
  CHECK(with_sign(format_fixed(-0.006, 2)) == "-0.01");
  CHECK(with_sign(appraise::format_percent_number(-1e-14, 2)) == "+0.00");
}

}  // TEST_SUITE
