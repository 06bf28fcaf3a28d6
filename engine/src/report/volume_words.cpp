// What a revenue line's volume is called and its units (volume_words.hpp).
#include "volume_words.hpp"

#include <array>
#include <string_view>

#include "appraise/messages/report.hpp"

namespace appraise::report_rows {
using namespace literals;

std::string price_unit(const std::string& money_unit, const std::string& volume_unit) {
  for (std::string_view magnitude : std::array<std::string_view, 4>{"万", "亿", "千", "百"})
    if (money_unit.size() > magnitude.size() && volume_unit.size() > magnitude.size() && money_unit.starts_with(magnitude) &&
        volume_unit.starts_with(magnitude))
      return money_unit.substr(magnitude.size()) + "/" + volume_unit.substr(magnitude.size());
  return money_unit + "/" + volume_unit;
}

VolumeWords volume_words(const RevenueLine& line, const std::string& money_unit) {
  VolumeWords w;
  w.volume = line.volume_name.empty() ? msg(messages::Report::volume_default) : Message(msg(messages::Report::volume_default).en, line.volume_name);
  if (line.volume_unit.empty()) {
    w.volume_unit = msg(messages::Report::volume_unit_unknown);
    w.price_unit = msg(messages::Report::price_unit_unknown, "unit"_a = money_unit, "volume"_a = w.volume);
  } else {
    w.volume_unit = Message::same(line.volume_unit);
    w.price_unit = Message::same(price_unit(money_unit, line.volume_unit));
  }
  return w;
}

}  // namespace appraise::report_rows
