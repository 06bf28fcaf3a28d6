#include "appraise/units.hpp"

#include <charconv>
#include <cmath>
#include <fmt/format.h>

namespace appraise {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

ParsedValue parse_number(std::string_view text) {
  ParsedValue out;
  const std::string_view s = trim(text);
  std::string_view body = s;
  if (!body.empty() && body.front() == '+') body.remove_prefix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), v);
  const bool whole = !body.empty() && ec == std::errc() && end == body.data() + body.size();
  const bool word = body.find_first_of("iInN") != std::string_view::npos;  // inf, nan
  if (whole && !word && std::isfinite(v)) {
    out.value = v;
    return out;
  }
  out.expected = "a number such as `1500`, `-2.5` or `1e6`";
  if (ec == std::errc::result_out_of_range || (whole && !std::isfinite(v)) || word) {
    out.error = fmt::format("`{}` is not a finite number", s);
  } else if (s.find(',') != std::string_view::npos) {
    out.error = fmt::format("`{}` is not a number", s);
    out.hint = "write numbers without thousands separators: `1500000`, or `1.5e6`";
  } else if (!s.empty() && s.back() == '%') {
    out.error = fmt::format("`{}` is a percentage where an amount is expected", s);
  } else {
    out.error = s.empty() ? std::string("the value is empty") : fmt::format("`{}` is not a number", s);
  }
  return out;
}

ParsedValue parse_rate(std::string_view text, bool allow_bare_above_one) {
  ParsedValue out;
  out.expected = "a rate such as `6%` or `0.06`";
  const std::string_view s = trim(text);
  const bool percent = !s.empty() && s.back() == '%';
  const auto num = parse_number(percent ? trim(s.substr(0, s.size() - 1)) : s);
  if (!num.value) {
    out.error = s.empty() ? std::string("the rate is empty") : fmt::format("`{}` is not a rate", s);
    return out;
  }
  double v = *num.value;
  if (percent) {
    v /= 100.0;
  } else if (std::abs(v) > 1.0 && !allow_bare_above_one) {
    out.error = fmt::format("a rate of {} would mean {}%", s, v * 100.0);
    out.hint = fmt::format("rates are fractions or percentages: write `{}%` (or `{}%` if you really mean it)", s,
                           v * 100.0);
    return out;
  }
  if (v <= -1.0) {
    out.error = fmt::format("a rate of {} is not above -100%", s);
    return out;
  }
  out.value = v;
  out.expected.clear();
  return out;
}

std::string format_percent(double fraction, int decimals) {
  return fmt::format("{:.{}f} %", fraction * 100.0, decimals);
}

}  // namespace appraise
