#include "appraise/core/dates.hpp"

#include <charconv>
#include <chrono>
#include <fmt/format.h>

namespace appraise {
namespace {

std::chrono::year_month_day to_ymd(Date d) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{d.days}}};
}

bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!parse_int(text.substr(0, 4), y) || !parse_int(text.substr(5, 2), m) || !parse_int(text.substr(8, 2), d))
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Date{static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count())};
}

std::string format_date(Date d) {
  const auto ymd = to_ymd(d);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

int year_of(Date d) { return static_cast<int>(to_ymd(d).year()); }

std::string_view to_string(DayCount dc) {
  switch (dc) {
    case DayCount::Act365F: return "act/365";
    case DayCount::Act360: return "act/360";
    case DayCount::Thirty360: return "30/360";
  }
  return "act/365";
}

std::optional<DayCount> parse_day_count(std::string_view text) {
  if (text == "act/365" || text == "act365" || text == "actual/365") return DayCount::Act365F;
  if (text == "act/360" || text == "act360" || text == "actual/360") return DayCount::Act360;
  if (text == "30/360" || text == "30u/360") return DayCount::Thirty360;
  return std::nullopt;
}

int day_count_days(DayCount dc, Date from, Date to) {
  if (dc != DayCount::Thirty360) return to.days - from.days;
  // US (NASD) 30/360: day 31 becomes 30; the end date's 31 becomes 30 only when the start
  // date's day is 30 or 31.
  const auto a = to_ymd(from), b = to_ymd(to);
  int d1 = static_cast<int>(static_cast<unsigned>(a.day()));
  int d2 = static_cast<int>(static_cast<unsigned>(b.day()));
  if (d1 == 31) d1 = 30;
  if (d2 == 31 && d1 == 30) d2 = 30;
  return 360 * (static_cast<int>(b.year()) - static_cast<int>(a.year())) +
         30 * (static_cast<int>(static_cast<unsigned>(b.month())) - static_cast<int>(static_cast<unsigned>(a.month()))) +
         (d2 - d1);
}

int day_count_basis(DayCount dc) { return dc == DayCount::Act365F ? 365 : 360; }

double year_fraction(DayCount dc, Date from, Date to) {
  return static_cast<double>(day_count_days(dc, from, to)) / day_count_basis(dc);
}

}  // namespace appraise
