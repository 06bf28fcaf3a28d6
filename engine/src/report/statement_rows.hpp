#pragma once
// Private to the report builders of a project result (statements.cpp, economic_report.cpp):
// a row of yearly values and a statement table with one column per calendar year.
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "appraise/project/evaluation.hpp"
#include "appraise/report/table.hpp"

namespace appraise::report_rows {

/// A row of yearly values (NaN shows blank); money rows carry their total over the years.
inline report::Row row(std::string key, std::string number, std::string zh, std::string en, const YearRow& values,
                       int level = 1, report::Kind kind = report::Kind::Money, bool with_total = true) {
  report::Row r;
  r.key = std::move(key);
  r.number = std::move(number);
  r.label_zh = std::move(zh);
  r.label_en = std::move(en);
  r.level = level;
  r.kind = kind;
  r.values.reserve(static_cast<std::size_t>(values.size()));
  for (Eigen::Index i = 0; i < values.size(); ++i)
    r.values.push_back(std::isfinite(values[i]) ? std::optional<double>(values[i]) : std::nullopt);
  if (with_total && kind == report::Kind::Money) r.total = values.sum();
  return r;
}

/// A statement with one column per calendar year of the result and a 合计 column.
inline report::Table table(std::string key, std::string zh, std::string en, const ProjectResult& res) {
  report::Table t;
  t.key = std::move(key);
  t.title_zh = std::move(zh);
  t.title_en = std::move(en);
  t.unit = res.unit;
  t.has_total = true;
  for (int y : res.calendar) t.columns.push_back(std::to_string(y));
  return t;
}

/// A value that may be absent: `key: null` with `key_reason` (English) and `key_reason_zh` beside
/// it, as report::to_json gives a summary's.
inline void put(report::JsonValue& j, const std::string& key, const std::optional<double>& v, const Message& reason) {
  j[key] = v && std::isfinite(*v) ? report::JsonValue(*v) : report::JsonValue(nullptr);
  if (!v && !reason.empty()) {
    j[key + "_reason"] = reason.en;
    j[key + "_reason_zh"] = reason.in(Lang::Zh);
  }
}

/// How an IRR was found: its status, every root, the sign changes, whether it is unique.
inline report::JsonValue irr_detail(const IrrResult& r) {
  return {{"status", std::string(to_string(r.status))}, {"roots", r.roots}, {"sign_changes", r.sign_changes},
          {"unique", r.unique}};
}

}  // namespace appraise::report_rows
