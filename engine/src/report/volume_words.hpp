#pragma once
// Private to the report builders of a project result (statements.cpp, risk_report.cpp): what a
// revenue line's volume is called and the units its volume and price are in, so that the
// 营业收入 table and the break-even table name them alike.
#include <string>

#include "appraise/core/message.hpp"
#include "appraise/project/model.hpp"

namespace appraise::report_rows {

struct VolumeWords {
  Message volume;       // 通行量 (`volume_name`), or 业务量
  Message volume_unit;  // 万车次 (`volume_unit`), or 实物量
  Message price_unit;   // 元/车次, or 万元/单位业务量
};

/// A price is money in `money_unit` per unit of the volume. A magnitude both units start with
/// cancels, as a planner writes it: 万元 per 万车次 is 元/车次, 亿元 per 亿千瓦时 is 元/千瓦时;
/// otherwise 万元/吨.
[[nodiscard]] std::string price_unit(const std::string& money_unit, const std::string& volume_unit);

[[nodiscard]] VolumeWords volume_words(const RevenueLine& line, const std::string& money_unit);

}  // namespace appraise::report_rows
