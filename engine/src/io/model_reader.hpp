#pragma once
// Private to the loader: the reading of a project model's sections, shared by
// model_loader.cpp (project, investment, revenue, costs, taxes) and financing_loader.cpp
// (financing, targets) and economic_loader.cpp (economic, effects, fiscal, ppp).
#include <optional>
#include <string>

#include "appraise/io/reader.hpp"
#include "appraise/messages/io.hpp"
#include "appraise/project/model.hpp"
#include "appraise/project/validation.hpp"

namespace appraise::io::detail {

/// The years a series may cover, and where a plain list starts.
struct SeriesScope {
  int list_start = 0;     // calendar year of a list's first value
  int list_count = 0;     // how many values a list may hold
  int first_allowed = 0;  // calendar years a range or growth series may use
  int last_allowed = 0;
  Message what = msg(messages::Io::model_an_amount);  // e.g. "an amount in 万元", 金额（万元）
  bool allow_negative = false;
  Message unit_hint{};  // for a money word in a value that is not an amount (NumberRule::unit_hint)
};

struct ModelReader {
  Reader& r;
  ProjectModel& m;
  bool period_known = false;  // project years read successfully; year checks depend on them
  std::vector<const Node*> cost_of_nodes;  // operating_costs[i].of, for the cross checks
  // What the cross checks need to know even when a line had errors, so that they can run (and
  // report everything at once) without blaming a reference for a problem reported elsewhere.
  bool revenue_names_complete = true;      // every revenue line was read with its name
  std::vector<std::string> volume_lines;   // revenue lines written with `volume`, read or not

  [[nodiscard]] std::string period_text() const;
  [[nodiscard]] SeriesScope operation_scope(const Message& what) const;
  [[nodiscard]] SeriesScope period_scope(const Message& what) const;
  /// "an amount in 万元" and 金额（万元）: the word of an amount of the model's money unit.
  [[nodiscard]] Message amount_in_unit() const;

  std::optional<Series> series(const Node& n, const std::string& path, const SeriesScope& scope);
  std::optional<int> calendar_year(const Node& n, const std::string& path);
  std::optional<std::vector<double>> shares(const Node& n, const std::string& path, std::size_t count,
                                            const Message& what);

  void project(MapReader& top);
  void investment(MapReader& top);
  void sustaining(MapReader& top);
  void working_capital(MapReader& top);
  void revenue(MapReader& top);
  void subsidies(MapReader& top);
  void operating_costs(MapReader& top);
  void taxes(MapReader& top);
  void depreciation(MapReader& top);
  void financing(MapReader& top);  // financing_loader.cpp
  void targets(MapReader& top);    // financing_loader.cpp
  void sale_line(MapReader& it, RevenueLine& line);  // kinds_loader.cpp: a line of kind sale or land_sale
  void sale_taxes(MapReader& taxes);                 // kinds_loader.cpp: taxes on sales, 土地增值税
  void economic(MapReader& top);   // economic_loader.cpp: `economic:`, after the lines it refers to
  void effects(MapReader& top);    // economic_loader.cpp
  void fiscal(MapReader& top);     // economic_loader.cpp
  void ppp(MapReader& top);        // economic_loader.cpp
  bool conversion(MapReader& it, const EconomicAnalysis& e, Conversion& out);  // economic_loader.cpp
  void existing_assets(MapReader& top);              // kinds_loader.cpp: assets brought in (有无对比)
  void sunk_costs(MapReader& top);                   // kinds_loader.cpp: money already spent
  void without(MapReader& top);                      // kinds_loader.cpp: the without-project case
  void cross_checks();             // references between sections, once everything is read
};

}  // namespace appraise::io::detail
