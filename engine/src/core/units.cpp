#include "appraise/core/units.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include "appraise/core/text.hpp"
#include "appraise/messages/core.hpp"

namespace appraise {
namespace {

using messages::Core;
using namespace literals;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

constexpr std::string_view kFullWidthPercent = "\xEF\xBC\x85";  // ％, typed by Chinese input methods

// The percent sign at the end of `s`, if any, and its length in bytes.
std::size_t percent_suffix(std::string_view s) {
  if (!s.empty() && s.back() == '%') return 1;
  if (s.size() >= kFullWidthPercent.size() && s.substr(s.size() - kFullWidthPercent.size()) == kFullWidthPercent)
    return kFullWidthPercent.size();
  return 0;
}

// A number for messages: 600, 0.3, 1e+20 -- never 0.30000000000000004.
std::string number_text(double v) { return fmt::format("{:.10g}", v); }

}  // namespace

// Whether `s` is a number whose integer digits are grouped in threes by commas: an optional sign,
// 1 to 3 digits, then one or more `,ddd`, then optionally a decimal point and digits.
bool thousands_grouped(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const auto digit = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
  std::size_t lead = 0;
  while (digit(i)) ++i, ++lead;
  if (lead < 1 || lead > 3) return false;
  int groups = 0;
  while (i < s.size() && s[i] == ',') {
    if (!(digit(i + 1) && digit(i + 2) && digit(i + 3)) || digit(i + 4)) return false;
    i += 4;
    ++groups;
  }
  if (groups == 0) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  return i == s.size();
}

ParsedValue parse_number(std::string_view text) {
  ParsedValue out;
  const std::string_view s = trim(text);
  std::string_view body = s;
  if (!body.empty() && body.front() == '+') body.remove_prefix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), v);
  const bool whole = !body.empty() && ec == std::errc() && end == body.data() + body.size();
  // inf, nan and YAML's .inf, .nan: numbers, but not finite ones.
  std::string lower;
  for (char c : body.substr(0, 12)) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  const bool word = body.size() <= 12 && (lower.find("inf") != std::string::npos || lower.find("nan") != std::string::npos) &&
                    lower.find_first_not_of("+-.infatyo") == std::string::npos;
  if (whole && !word && std::isfinite(v)) {
    out.value = v;
    return out;
  }
  out.expected = msg(Core::read_number_expected);
  const std::string shown = shorten(s);
  if (ec == std::errc::result_out_of_range || (whole && !std::isfinite(v)) || word) {
    out.error = msg(Core::read_not_finite, "value"_a = shown);
  } else if (s.find("\xEF\xBC\x8C") != std::string_view::npos) {
    out.error = msg(Core::read_not_a_number, "value"_a = shown);
    out.hint = msg(Core::read_full_width_comma);
  } else if (s.find(',') != std::string_view::npos) {
    out.error = msg(Core::read_not_a_number, "value"_a = shown);
    // Suggest the number without separators only when the commas group its digits in threes
    // (10,000 -> 10000). Anything else is not a number written with separators — `-1000,300,400`
    // is three numbers, `12,5` a decimal comma — and joining its digits would make a wrong one.
    if (thousands_grouped(s)) {
      std::string digits;
      for (char c : s)
        if (c != ',') digits += c;
      out.hint = msg(Core::read_no_separators_as, "digits"_a = digits);
    }
  } else if (percent_suffix(s) > 0) {
    out.error = msg(Core::read_percent_for_amount, "value"_a = shown);
  } else if (s.find("\xE4\xB8\x87") != std::string_view::npos || s.find("\xE4\xBA\xBF") != std::string_view::npos ||
             s.find("\xE5\x85\x83") != std::string_view::npos) {  // 万, 亿, 元
    out.error = msg(Core::read_not_a_number, "value"_a = shown);
    out.hint = msg(Core::read_money_word);
  } else {
    out.error = s.empty() ? msg(Core::read_value_empty) : msg(Core::read_not_a_number, "value"_a = shown);
  }
  return out;
}

ParsedValue parse_rate(std::string_view text, Proportion kind) {
  const bool rate = kind == Proportion::Rate;
  ParsedValue out;
  out.expected = rate ? msg(Core::read_rate_expected) : Message{};
  const std::string_view s = trim(text);
  const std::size_t pct = percent_suffix(s);
  const auto num = parse_number(pct > 0 ? trim(s.substr(0, s.size() - pct)) : s);
  if (!num.value) {
    out.error = s.empty() ? msg(rate ? Core::read_rate_empty : Core::read_value_empty)
                          : msg(rate ? Core::read_not_a_rate : Core::read_not_a_number, "value"_a = shorten(s));
    if (s.find("\xEF\xBC\x8C") != std::string_view::npos)
      out.hint = msg(Core::read_full_width_comma);
    else if (s.find(',') != std::string_view::npos)
      out.hint = msg(Core::read_decimal_comma);
    return out;
  }
  double v = *num.value;
  if (pct > 0) {
    v /= 100.0;
  } else if (std::abs(v) > 1.0 && rate) {
    const std::string written = shorten(s), percent = number_text(v * 100.0);
    out.error = msg(Core::read_bare_rate_above_one, "value"_a = written, "percent"_a = percent);
    out.hint = msg(Core::read_bare_rate_hint, "value"_a = written, "percent"_a = percent);
    return out;
  }
  if (v <= -1.0 && rate) {
    out.error = msg(Core::read_rate_not_above_minus_100, "value"_a = shorten(s));
    return out;
  }
  out.value = v;
  out.expected = {};
  return out;
}

std::string format_percent(double fraction, int decimals) {
  return format_percent_number(fraction, decimals) + "%";
}

std::string group_thousands(std::string_view digits) {
  if (digits.empty()) return {};
  const std::size_t start = digits[0] == '-' || digits[0] == '+' ? 1 : 0;
  std::size_t dot = digits.find('.');
  if (dot == std::string_view::npos) dot = digits.size();
  std::string out(digits.substr(0, start));
  for (std::size_t i = start; i < dot; ++i) {
    out += digits[i];
    const std::size_t left = dot - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  out += digits.substr(dot);
  return out;
}

std::string format_money(double amount) { return group_thousands(format_fixed(amount, 2)); }

namespace {

// The one rounding rule of every figure appraise prints (docs/outputs.md, "How figures are
// rounded"): a figure is rounded as it reads. Its reading is the shortest decimal that reads back
// as the same double (what Python's repr, JavaScript's toString and the browser's number format
// give: 2.675, 1.005, not 2.67499999999999982236431605997495353221893310546875); that decimal is
// rounded half away from zero at the decimals shown. So 2.675 prints 2.68 and 1.005 prints 1.01,
// as in Excel and WPS, which show a cell from its first 15 digits, and as the HTML report's charts
// (web/report.js). Rounding x·100 instead, as format_money did, makes 2.675 read 2.68 but 1.005
// read 1.00 (1.005·100 is 100.49999999999999), and rounding the exact binary value, as printf
// does, makes 2.675 read 2.67: both disagree with a reader's own rounding of the figure.
//
// `v` read (its shortest decimal), times 10^shift by moving the point, rounded half away from
// zero to `decimals` decimals: the one rule of format_fixed and format_percent_number. A rate is
// shown ×100 by moving the point of its reading, not by multiplying the double: 0.00035·100 is
// 0.034999999999999996, but the rate reads 0.035 %.
std::string rounded_reading(double v, int decimals, int shift) {
  if (!std::isfinite(v)) return fmt::format("{:.{}f}", v, decimals);
  decimals = std::max(decimals, 0);
  // The longest shortest-fixed text of a double is that of 5e-324: "0." and 324 digits.
  char buf[400];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::abs(v), std::chars_format::fixed);
  std::string text(buf, ec == std::errc() ? end : buf);
  std::size_t dot = text.find('.');
  if (dot == std::string::npos) {
    dot = text.size();
    text += '.';
  }
  if (shift > 0) {
    text.erase(dot, 1);
    dot += static_cast<std::size_t>(shift);
    if (text.size() < dot) text.append(dot - text.size(), '0');
    text.insert(dot, 1, '.');
    const std::size_t lead = std::min(text.find_first_not_of('0'), dot - 1);  // keep one digit before the point
    text.erase(0, lead);
    dot -= lead;
  }
  const std::size_t keep = dot + 1 + static_cast<std::size_t>(decimals);  // text up to the last digit shown
  if (text.size() <= keep) text.append(keep + 1 - text.size(), '0');
  // The reading's digits past the first left out are never negative: a half or more rounds up.
  const bool up = text[keep] >= '5';
  text.resize(decimals == 0 ? dot : keep);
  if (up) {
    std::size_t i = text.size();
    for (; i > 0; --i) {
      char& c = text[i - 1];
      if (c == '.') continue;
      if (c != '9') {
        ++c;
        break;
      }
      c = '0';
    }
    if (i == 0) text.insert(text.begin(), '1');
  }
  // Never "-0.00": a figure that rounds to zero prints without a sign.
  if (v < 0 && text.find_first_not_of("0.") != std::string::npos) text.insert(text.begin(), '-');
  return text;
}

}  // namespace

std::string format_fixed(double v, int decimals) { return rounded_reading(v, decimals, 0); }

std::string format_percent_number(double fraction, int decimals) { return rounded_reading(fraction, decimals, 2); }

std::string with_sign(std::string shown) { return !shown.empty() && shown[0] == '-' ? shown : "+" + shown; }

namespace {

// format_apart's rule; `shift` moves each value's point as rounded_reading does (2: percent).
std::vector<std::string> apart(std::span<const double> values, int min_decimals, int shift) {
  std::vector<std::string> out(values.size());
  for (int d = std::clamp(min_decimals, 2, 9); d <= 9; ++d) {
    // Without "-0.00", two texts with the same decimals are equal exactly when the numbers they show are.
    for (std::size_t i = 0; i < values.size(); ++i) out[i] = rounded_reading(values[i], d, shift);
    bool distinct = true;
    for (std::size_t i = 0; i < values.size() && distinct; ++i)
      for (std::size_t j = i + 1; j < values.size() && distinct; ++j) distinct = values[i] == values[j] || out[i] != out[j];
    if (distinct) break;
  }
  return out;
}

}  // namespace

std::vector<std::string> format_apart(std::span<const double> values, int min_decimals) { return apart(values, min_decimals, 0); }

std::vector<std::string> format_apart_percent(std::span<const double> fractions, int min_decimals) {
  return apart(fractions, min_decimals, 2);
}

double round_up_to_cent(double amount) {
  const double cents = amount * 100.0;
  return std::ceil(cents - 1e-9 * std::max(1.0, std::abs(cents))) / 100.0;
}

double round_down_to_cent(double amount) {
  const double cents = amount * 100.0;
  return std::floor(cents + 1e-9 * std::max(1.0, std::abs(cents))) / 100.0;
}

}  // namespace appraise
