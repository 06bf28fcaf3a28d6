#pragma once
/// Reading numbers and rates as people write them: `6%` or `0.06` for a rate, `1e6` or
/// `1500000` for an amount. Inside the engine a rate is a fraction; `%` exists only here, at
/// the edge. A bare rate above 1 is refused with a hint, because `ic: 6` almost always means 6%.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/core/message.hpp"

namespace appraise {

/// The result of reading one value: the value, or what was wrong and how to write it, in both
/// languages (the texts are the core catalogue's, messages/core.def).
struct ParsedValue {
  std::optional<double> value;
  Message error;     // e.g. "a rate of 6 would mean 600%"
  Message expected;  // e.g. "a rate such as `6%` or `0.06`"
  Message hint;      // e.g. "write `6%` (or `600%` if you really mean it)"
};

/// A finite decimal number: "1500", "-2.5", "1e6", "+3". No thousands separators, no NaN or
/// infinity.
[[nodiscard]] ParsedValue parse_number(std::string_view text);

/// Whether `text` is a number with its integer digits grouped in threes by commas (`1,500,000`,
/// `-12,345.6`): what parse_number's hint may offer to write without the commas.
[[nodiscard]] bool thousands_grouped(std::string_view text);

/// What a value written as a fraction or a percentage is: a rate (an interest, growth or
/// discount rate, a share), or a factor or a change that is not a rate (a scale factor, a
/// change in a rate, a relative change), whose errors must not speak of a rate.
enum class Proportion { Rate, Factor };

/// A rate: "6%" -> 0.06, "0.06" -> 0.06, "-1.5%" -> -0.015. A bare number whose magnitude is
/// above 1 is an error with a hint, and a rate must be above -100%. A Factor is read the same
/// way, but a bare number is taken as written (1.2 is 120%), no floor applies (the caller's range
/// says what the value may be) and the errors speak of a number, not of a rate.
[[nodiscard]] ParsedValue parse_rate(std::string_view text, Proportion kind = Proportion::Rate);

/// A fraction as the number of percent it is, rounded by format_fixed's rule on its reading with
/// the point moved two places (not on the double ×100): format_percent_number(0.00035, 2) == "0.04"
/// (0.00035·100 is 0.034999999999999996), never "-0.00". A table's rate cell is it and " %".
[[nodiscard]] std::string format_percent_number(double fraction, int decimals);

/// A change shown with its sign: `shown` as format_fixed or format_percent_number wrote it, with a
/// "+" unless it is negative, so a change that rounds to zero reads "+0.00", never "-0.00".
/// Example: with_sign(format_fixed(-0.001, 2)) == "+0.00".
[[nodiscard]] std::string with_sign(std::string shown);

/// A rate in a sentence (a note, a reason, a label): format_percent_number and "%", never
/// "-0.00%". Example: format_percent(0.0612345) ==
/// "6.12%", format_percent(-0.0000001) == "0.00%". (A table cell of a rate is the same figure with a
/// space before the sign, report::format_value.)
[[nodiscard]] std::string format_percent(double fraction, int decimals = 2);

/// Digits with thousands separators, as a Chinese report writes money: "-1234567.89" ->
/// "-1,234,567.89" (the part after the point is left alone).
[[nodiscard]] std::string group_thousands(std::string_view digits);

/// An amount of money for people: format_fixed to the cent, with thousands separators, never
/// "-0.00". Example: format_money(-200911.054) == "-200,911.05".
[[nodiscard]] std::string format_money(double amount);

/// `v` with `decimals` decimals, by the one rounding rule of every printed figure: the shortest
/// decimal that reads back as `v` (2.675, not the binary 2.67499999…), rounded half away from zero
/// (2.675 -> "2.68", 1.005 -> "1.01", -0.015 -> "-0.02"); never "-0.00": a negative zero, or a value
/// that rounds to zero (-0.004 at two decimals), prints as 0. Example: format_fixed(-0.004, 2) == "0.00".
/// format_money, format_percent, the tables' cells and the CSV's numbers all round through it.
[[nodiscard]] std::string format_fixed(double v, int decimals);

/// Values one sentence compares ("2029年偿债备付率 1.2999，低于 1.30", "由 3.270 % 降至 3.267 %"), each
/// with the same number of decimals: the fewest from `min_decimals` (at least 2) to 9 at which
/// every two different values print as different numbers, so that a comparison never reads
/// "1.00，低于 1.00" or "3.27 % → 3.27 %". Equal values print with `min_decimals`. A value that
/// prints as zero has no minus sign ("0.00", never "-0.00"). The one rule for every figure
/// printed beside the threshold or the other figure it is compared with (the checks of
/// project/coverage.cpp and economic/analysis.cpp, the debt and programme sentences); a rate
/// goes through format_apart_percent. Values apart by less than 1e-9 may print the same: below
/// the tolerance every check allows (a ratio misses by more than 1e-9 of its threshold).
/// Example: format_apart({3.2699, 3.27}) == {"3.2699", "3.2700"} (at three decimals both are 3.270).
[[nodiscard]] std::vector<std::string> format_apart(std::span<const double> values, int min_decimals = 2);

/// format_apart for rates (fractions) shown in percent, without the unit: each moved two places
/// by its reading as format_percent_number moves it (the tables' rule), so a rate on a half prints
/// as its table cell does. Scaling first (0.02345 × 100 is 2.3449999999999998) printed 2.34 beside
/// a cell of 2.35 %. Example: format_apart_percent({0.02345, 0.03}) == {"2.35", "3.00"}.
[[nodiscard]] std::vector<std::string> format_apart_percent(std::span<const double> fractions, int min_decimals = 2);

/// An amount needed to reach a target, rounded up to the cent it is printed to: 9.0625 is 9.07,
/// because 9.06 would not reach it. Noise a billionth below a whole cent is not rounded up.
[[nodiscard]] double round_up_to_cent(double amount);

/// A ceiling that must not be exceeded (the largest bond that still meets a floor), rounded
/// down to the cent it is printed to. Noise a billionth above a whole cent is not rounded down.
[[nodiscard]] double round_down_to_cent(double amount);

}  // namespace appraise
