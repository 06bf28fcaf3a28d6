#include "appraise/core/series.hpp"

#include <cmath>

namespace appraise {

std::vector<double> Series::resolve(int first_year, int count) const {
  std::vector<double> out(static_cast<std::size_t>(count), 0.0);
  std::vector<bool> covered(static_cast<std::size_t>(count), false);
  for (int i = 0; i < count; ++i) {
    const int year = first_year + i;
    const auto k = static_cast<std::size_t>(i);
    switch (form) {
      case Form::Constant:
        out[k] = constant;
        covered[k] = true;
        break;
      case Form::List:
        if (k < values.size()) {
          out[k] = values[k];
          covered[k] = true;
        }
        break;
      case Form::Growth: {
        const int start = from_year.value_or(first_year);
        const int stop = to_year.value_or(first_year + count - 1);
        if (year >= start && year <= stop) {
          out[k] = base * std::pow(1.0 + growth, year - start);
          covered[k] = true;
        }
        break;
      }
      case Form::Ranges:
        for (const auto& r : ranges)
          if (year >= r.from && year <= r.to) {
            out[k] += r.amount;
            covered[k] = true;
          }
        break;
    }
  }
  if (scale != 1.0 || offset != 0.0)
    for (std::size_t k = 0; k < out.size(); ++k)
      if (covered[k]) out[k] = out[k] * scale + offset;
  return out;
}

}  // namespace appraise
