// A shard's data as JSON and back (io/parts.hpp). Every double goes through nlohmann's number
// writer (the shortest text that reads back exactly) or null for NaN; reading checks each field's
// kind so that a truncated or edited part is refused with the field's name.
#include "appraise/io/parts.hpp"

#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <nlohmann/json.hpp>

#include "appraise/messages/io.hpp"

namespace appraise::io {
namespace {

using Json = report::JsonValue;
using programme::CandidateDebt;
using programme::CandidateEvaluation;

Json number(double v) { return std::isnan(v) ? Json(nullptr) : Json(v); }

Json numbers(const std::vector<double>& v) {
  Json a = Json::array();
  for (double x : v) a.push_back(number(x));
  return a;
}

template <class T>
Json integers(const std::vector<T>& v) {
  Json a = Json::array();
  for (T x : v) a.push_back(x);
  return a;
}

Json optional_value(const OptionalValue& v) {
  // The reason in both languages, so that the merged report speaks whichever --lang asks for.
  return {{"value", v.value ? Json(*v.value) : Json(nullptr)}, {"reason", v.reason.en}, {"reason_zh", v.reason.zh}};
}

using messages::Io;
using namespace appraise::literals;

// Reading, with the path of the field for messages.
[[noreturn]] void fail(const std::string& path, const Message& expected) {
  throw PartDataError(msg(Io::part_field_expected, "field"_a = path, "expected"_a = expected));
}

const Json& field(const Json& j, const std::string& path, const char* key) {
  if (!j.is_object()) fail(path, msg(Io::part_an_object));
  const auto it = j.find(key);
  if (it == j.end()) fail(path.empty() ? key : path + "." + key, msg(Io::part_a_value));
  return *it;
}

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

double read_double(const Json& j, const std::string& path) {
  if (j.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!j.is_number()) fail(path, msg(Io::part_number_or_null));
  return j.get<double>();
}

std::int64_t read_int(const Json& j, const std::string& path) {
  if (!j.is_number_integer()) fail(path, msg(Io::part_whole_number));
  return j.get<std::int64_t>();
}

std::vector<double> read_doubles(const Json& j, const std::string& path) {
  if (!j.is_array()) fail(path, msg(Io::part_numbers));
  std::vector<double> v;
  v.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) v.push_back(read_double(j[i], fmt::format("{}[{}]", path, i)));
  return v;
}

std::vector<std::int64_t> read_ints(const Json& j, const std::string& path) {
  if (!j.is_array()) fail(path, msg(Io::part_whole_numbers));
  std::vector<std::int64_t> v;
  v.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) v.push_back(read_int(j[i], fmt::format("{}[{}]", path, i)));
  return v;
}

std::string read_string(const Json& j, const std::string& path) {
  if (!j.is_string()) fail(path, msg(Io::part_text));
  return j.get<std::string>();
}

bool read_bool(const Json& j, const std::string& path) {
  if (!j.is_boolean()) fail(path, msg(Io::part_true_false));
  return j.get<bool>();
}

const Json& read_array(const Json& j, const std::string& path) {
  if (!j.is_array()) fail(path, msg(Io::part_list));
  return j;
}

OptionalValue read_optional(const Json& j, const std::string& path) {
  OptionalValue v;
  const Json& value = field(j, path, "value");
  if (!value.is_null()) v.value = read_double(value, join(path, "value"));
  v.reason.en = read_string(field(j, path, "reason"), join(path, "reason"));
  v.reason.zh = read_string(field(j, path, "reason_zh"), join(path, "reason_zh"));
  return v;
}

}  // namespace

// ---- simulation shards ----

report::JsonValue to_json(const SimulationShard& s) {
  Json chunks = Json::array();
  for (const DrawChunk& c : s.chunks) {
    Json absent = Json::array();
    for (const auto& by_reason : c.absent) absent.push_back(Json(by_reason));
    chunks.push_back({{"s1", numbers(c.s1)},
                      {"s2", numbers(c.s2)},
                      {"clamped", integers(c.clamped)},
                      {"absent", absent},
                      {"dscr_count", integers(c.dscr_count)},
                      {"dscr_below", integers(c.dscr_below)},
                      {"failed", c.failed},
                      {"first_failure", c.first_failure.en},
                      {"first_failure_zh", c.first_failure.zh}});
  }
  Json values = Json::array();
  for (const auto& v : s.values) values.push_back(numbers(v));
  return {{"draws", s.draws},
          {"first_chunk", s.first_chunk},
          {"end_chunk", s.end_chunk},
          {"chunks", chunks},
          {"values", values},
          {"driver_inputs", numbers(s.driver_inputs)},
          {"input_samples", numbers(s.input_samples)}};
}

SimulationShard simulation_shard_from_json(const report::JsonValue& j) {
  SimulationShard s;
  s.draws = read_int(field(j, "", "draws"), "draws");
  s.first_chunk = read_int(field(j, "", "first_chunk"), "first_chunk");
  s.end_chunk = read_int(field(j, "", "end_chunk"), "end_chunk");
  const Json& chunks = read_array(field(j, "", "chunks"), "chunks");
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const std::string path = fmt::format("chunks[{}]", i);
    const Json& c = chunks[i];
    DrawChunk d;
    d.s1 = read_doubles(field(c, path, "s1"), path + ".s1");
    d.s2 = read_doubles(field(c, path, "s2"), path + ".s2");
    d.clamped = read_ints(field(c, path, "clamped"), path + ".clamped");
    const Json& absent = read_array(field(c, path, "absent"), path + ".absent");
    if (absent.size() != d.absent.size()) fail(path + ".absent", msg(Io::part_n_lists, "n"_a = d.absent.size()));
    for (std::size_t k = 0; k < d.absent.size(); ++k) {
      const auto counts = read_ints(absent[k], fmt::format("{}.absent[{}]", path, k));
      if (counts.size() != d.absent[k].size()) fail(fmt::format("{}.absent[{}]", path, k), msg(Io::part_n_counts, "n"_a = d.absent[k].size()));
      std::copy(counts.begin(), counts.end(), d.absent[k].begin());
    }
    d.dscr_count = read_ints(field(c, path, "dscr_count"), path + ".dscr_count");
    d.dscr_below = read_ints(field(c, path, "dscr_below"), path + ".dscr_below");
    d.failed = read_int(field(c, path, "failed"), path + ".failed");
    d.first_failure.en = read_string(field(c, path, "first_failure"), path + ".first_failure");
    d.first_failure.zh = read_string(field(c, path, "first_failure_zh"), path + ".first_failure_zh");
    s.chunks.push_back(std::move(d));
  }
  const Json& values = read_array(field(j, "", "values"), "values");
  if (values.size() != s.values.size()) fail("values", msg(Io::part_lists_per_indicator, "n"_a = s.values.size()));
  for (std::size_t k = 0; k < s.values.size(); ++k) s.values[k] = read_doubles(values[k], fmt::format("values[{}]", k));
  s.driver_inputs = read_doubles(field(j, "", "driver_inputs"), "driver_inputs");
  s.input_samples = read_doubles(field(j, "", "input_samples"), "input_samples");
  return s;
}

// ---- programme candidates ----

report::JsonValue to_json(const std::vector<CandidateEvaluation>& evaluations) {
  Json out = Json::array();
  for (const CandidateEvaluation& e : evaluations) {
    Json debts = Json::array();
    for (const CandidateDebt& d : e.debts)
      debts.push_back({{"name", d.name},
                       {"kind", static_cast<int>(d.kind)},
                       {"rate", d.rate},
                       {"annual_fee", d.annual_fee},
                       {"closing", numbers(d.closing)}});
    out.push_back({{"first_year", e.first_year},
                   {"total_investment", e.total_investment},
                   {"fnpv", e.fnpv},
                   {"incremental", e.incremental},
                   {"firr", optional_value(e.firr)},
                   {"dscr_min", optional_value(e.dscr_min)},
                   {"bond_coverage", optional_value(e.bond_coverage)},
                   {"enpv", optional_value(e.enpv)},
                   {"eirr", optional_value(e.eirr)},
                   {"ebcr", optional_value(e.ebcr)},
                   {"fiscal_cost", e.fiscal_cost},
                   {"passed", e.passed},
                   {"checks_failed", e.checks_failed},
                   {"ppp", e.ppp},
                   {"government_pay", e.government_pay},
                   {"budget_capital", numbers(e.budget_capital)},
                   {"bond_issue", numbers(e.bond_issue)},
                   {"budget_draw", numbers(e.budget_draw)},
                   {"new_debt", numbers(e.new_debt)},
                   {"debts", debts}});
  }
  return out;
}

std::vector<CandidateEvaluation> candidate_evaluations_from_json(const report::JsonValue& j) {
  std::vector<CandidateEvaluation> out;
  const Json& list = read_array(j, "candidates");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string p = fmt::format("candidates[{}]", i);
    const Json& c = list[i];
    CandidateEvaluation e;
    e.first_year = static_cast<int>(read_int(field(c, p, "first_year"), p + ".first_year"));
    e.total_investment = read_double(field(c, p, "total_investment"), p + ".total_investment");
    e.fnpv = read_double(field(c, p, "fnpv"), p + ".fnpv");
    e.incremental = read_bool(field(c, p, "incremental"), p + ".incremental");
    e.firr = read_optional(field(c, p, "firr"), p + ".firr");
    e.dscr_min = read_optional(field(c, p, "dscr_min"), p + ".dscr_min");
    e.bond_coverage = read_optional(field(c, p, "bond_coverage"), p + ".bond_coverage");
    e.enpv = read_optional(field(c, p, "enpv"), p + ".enpv");
    e.eirr = read_optional(field(c, p, "eirr"), p + ".eirr");
    e.ebcr = read_optional(field(c, p, "ebcr"), p + ".ebcr");
    e.fiscal_cost = read_double(field(c, p, "fiscal_cost"), p + ".fiscal_cost");
    e.passed = read_bool(field(c, p, "passed"), p + ".passed");
    e.checks_failed = static_cast<int>(read_int(field(c, p, "checks_failed"), p + ".checks_failed"));
    e.ppp = read_bool(field(c, p, "ppp"), p + ".ppp");
    e.government_pay = read_bool(field(c, p, "government_pay"), p + ".government_pay");
    e.budget_capital = read_doubles(field(c, p, "budget_capital"), p + ".budget_capital");
    e.bond_issue = read_doubles(field(c, p, "bond_issue"), p + ".bond_issue");
    e.budget_draw = read_doubles(field(c, p, "budget_draw"), p + ".budget_draw");
    e.new_debt = read_doubles(field(c, p, "new_debt"), p + ".new_debt");
    const std::size_t years = e.budget_capital.size();
    if (e.bond_issue.size() != years || e.budget_draw.size() != years || e.new_debt.size() != years)
      fail(p, msg(Io::part_rows_one_length));
    const Json& debts = read_array(field(c, p, "debts"), p + ".debts");
    for (std::size_t k = 0; k < debts.size(); ++k) {
      const std::string dp = fmt::format("{}.debts[{}]", p, k);
      CandidateDebt d;
      d.name = read_string(field(debts[k], dp, "name"), dp + ".name");
      const auto kind = read_int(field(debts[k], dp, "kind"), dp + ".kind");
      if (kind < 0 || kind > static_cast<int>(DebtKind::WorkingCapital)) fail(dp + ".kind", msg(Io::part_debt_kind));
      d.kind = static_cast<DebtKind>(kind);
      d.rate = read_double(field(debts[k], dp, "rate"), dp + ".rate");
      d.annual_fee = read_double(field(debts[k], dp, "annual_fee"), dp + ".annual_fee");
      d.closing = read_doubles(field(debts[k], dp, "closing"), dp + ".closing");
      e.debts.push_back(std::move(d));
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace appraise::io
