#include "appraise/core/series.hpp"

#include <algorithm>
#include <cmath>

namespace appraise {

void Series::resolve_unadjusted(int first_year, std::span<double> out, std::span<std::uint8_t> covered) const {
  const int count = static_cast<int>(out.size());
  std::fill(out.begin(), out.end(), 0.0);
  std::fill(covered.begin(), covered.end(), std::uint8_t{0});
  for (int i = 0; i < count; ++i) {
    const int year = first_year + i;
    const auto k = static_cast<std::size_t>(i);
    switch (form) {
      case Form::Constant:
        out[k] = constant;
        covered[k] = 1;
        break;
      case Form::List:
        if (k < values.size()) {
          out[k] = values[k];
          covered[k] = 1;
        }
        break;
      case Form::Growth: {
        const int start = from_year.value_or(first_year);
        const int stop = to_year.value_or(first_year + count - 1);
        if (year >= start && year <= stop) {
          out[k] = base * std::pow(1.0 + growth, year - start);
          covered[k] = 1;
        }
        break;
      }
      case Form::Ranges:
        for (const auto& r : ranges)
          if (year >= r.from && year <= r.to) {
            out[k] += r.amount;
            covered[k] = 1;
          }
        break;
    }
  }
}

void Series::adjust(std::span<double> out, std::span<const std::uint8_t> covered) const {
  if (scale != 1.0 || offset != 0.0)
    for (std::size_t k = 0; k < out.size(); ++k)
      if (covered[k]) out[k] = out[k] * scale + offset;
}

std::vector<double> Series::resolve(int first_year, int count) const {
  std::vector<double> out(static_cast<std::size_t>(count), 0.0);
  std::vector<std::uint8_t> covered(static_cast<std::size_t>(count), 0);
  resolve_unadjusted(first_year, out, covered);
  adjust(out, covered);
  return out;
}

}  // namespace appraise
