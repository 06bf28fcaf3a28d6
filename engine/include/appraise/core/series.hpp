#pragma once
/// A quantity by year as a planner writes it: one amount for every year, a list by year, a base
/// with growth, or ranges of calendar years. Kept in the form it was written (not expanded) so
/// that scenarios can scale or shift it and the model can be re-evaluated; `resolve` expands it
/// over the years a line covers.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace appraise {

struct YearRange {
  int from = 0;  // calendar years, inclusive
  int to = 0;
  double amount = 0;
};

struct Series {
  enum class Form { Constant, List, Growth, Ranges };
  Form form = Form::Constant;
  double constant = 0;            // Constant: the same amount every year
  std::vector<double> values;     // List: one amount per year from the line's first year
  double base = 0;                // Growth: amount in the start year ...
  double growth = 0;              //   ... growing by this rate each year after it
  std::optional<int> from_year;   // Growth: first calendar year (default: the line's first year)
  std::optional<int> to_year;     // Growth: last calendar year (default: the line's last year)
  std::vector<YearRange> ranges;  // Ranges: amounts over calendar-year ranges (years not covered are 0)

  // Scenario adjustments, applied after expansion: value · scale + offset in every year the
  // series covers.
  double scale = 1.0;
  double offset = 0.0;

  [[nodiscard]] static Series of(double amount) {
    Series s;
    s.constant = amount;
    return s;
  }
  [[nodiscard]] static Series list(std::vector<double> v) {
    Series s;
    s.form = Form::List;
    s.values = std::move(v);
    return s;
  }

  /// The amounts for `count` consecutive calendar years starting at `first_year`. Years before a
  /// Growth series starts or after it ends, years past a List's end and years outside every
  /// range are 0 (and are not adjusted by `offset`).
  [[nodiscard]] std::vector<double> resolve(int first_year, int count) const;

  /// resolve() in two steps, without allocating, for callers that keep the expansion and
  /// re-apply changed adjustments (a compiled evaluation plan): the amounts before `scale` and
  /// `offset`, with covered[k] = 1 in the years the series has an amount ...
  void resolve_unadjusted(int first_year, std::span<double> out, std::span<std::uint8_t> covered) const;
  /// ... and then value · scale + offset in the covered years (nothing when scale is 1 and
  /// offset 0, so an unadjusted series keeps its amounts bit for bit).
  void adjust(std::span<double> values, std::span<const std::uint8_t> covered) const;
};

}  // namespace appraise
