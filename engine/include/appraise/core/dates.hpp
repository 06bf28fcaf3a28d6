#pragma once
/// Calendar dates for dated flows (XNPV, XIRR) and the day counts that turn two dates into a
/// year fraction. Proleptic Gregorian, no time of day.

#include <optional>
#include <string>
#include <string_view>

namespace appraise {

/// A calendar day, stored as days since 1970-01-01.
struct Date {
  int days = 0;
  friend auto operator<=>(const Date&, const Date&) = default;
};

/// Parses an ISO date "YYYY-MM-DD" and checks it exists (2023-02-29 does not).
[[nodiscard]] std::optional<Date> parse_date(std::string_view text);
[[nodiscard]] std::string format_date(Date d);
[[nodiscard]] int year_of(Date d);

/// How the time between two dates is counted.
///  - Act365F: actual days / 365 (Excel's XNPV and XIRR, the default)
///  - Act360:  actual days / 360
///  - Thirty360: US 30/360 days / 360
enum class DayCount { Act365F, Act360, Thirty360 };

[[nodiscard]] std::string_view to_string(DayCount dc);
[[nodiscard]] std::optional<DayCount> parse_day_count(std::string_view text);

/// Whole days between `from` and `to` under `dc` (negative when `to` is earlier), and the
/// year basis they are divided by. year_fraction = day_count_days / day_count_basis.
[[nodiscard]] int day_count_days(DayCount dc, Date from, Date to);
[[nodiscard]] int day_count_basis(DayCount dc);
[[nodiscard]] double year_fraction(DayCount dc, Date from, Date to);

}  // namespace appraise
