#include "appraise/report/table.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <string_view>

#include "appraise/core/text.hpp"
#include "appraise/core/units.hpp"
#include "appraise/messages/report.hpp"

namespace appraise::report {
namespace {

using namespace appraise::literals;

std::string row_label(const Row& r, Lang lang) {
  std::string s = r.number.empty() ? std::string() : r.number + " ";
  s += std::string(static_cast<std::size_t>(r.level) * 2, ' ');
  return s + label(r, lang);
}

JsonValue json_value(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}

}  // namespace

namespace {

// A plain decimal number, such as -1234.5, 1e-3 or +15%: a spreadsheet reads it as a number,
// never as a formula, however it starts.
bool plain_number(const std::string& s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  const std::size_t digits_from = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i < s.size() && s[i] == '.') ++i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == digits_from || (i == digits_from + 1 && s[digits_from] == '.')) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    const std::size_t exponent_from = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == exponent_from) return false;
  }
  if (i < s.size() && s[i] == '%') ++i;
  return i == s.size();
}

}  // namespace

Derivation sum_of(std::vector<Term> terms) { return {Derivation::Op::Sum, std::move(terms), {}}; }
Derivation cumulative_of(std::vector<Term> terms) { return {Derivation::Op::Cumulative, std::move(terms), {}}; }
Derivation ratio_of(std::vector<Term> numerator, std::vector<Term> denominator) {
  return {Derivation::Op::Ratio, std::move(numerator), std::move(denominator)};
}

std::string csv_escape(const std::string& s) {
  std::string text = s;
  // Text that a spreadsheet would run as a formula (a name such as `=1+1`, or `@SUM(...)`,
  // `+cmd|...`, `-2+3`): a leading apostrophe makes Excel and WPS keep it as text (CSV
  // injection, OWASP). Plain numbers stay numbers.
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos && !plain_number(text))
    text.insert(text.begin(), '\'');
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

const std::string& label(const Row& r, Lang lang) { return lang == Lang::Zh ? r.label_zh : r.label_en; }
const std::string& title(const Table& t, Lang lang) { return lang == Lang::Zh ? t.title_zh : t.title_en; }

std::string unit_suffix(const std::string& unit, Lang lang) {
  if (unit.empty()) return {};
  return msg_in(lang, messages::Report::table_unit, "unit"_a = unit);
}

std::string format_value(double v, Kind kind) {
  if (!std::isfinite(v)) return "-";
  switch (kind) {
    case Kind::Money: {
      return format_money(v);
    }
    // Never "-0.00": a sensitivity coefficient of -0.001 or a correlation of -0.004 prints 0.00.
    case Kind::Rate: return format_percent_number(v, 2) + " %";
    case Kind::Ratio: return format_fixed(v, 2);
    case Kind::Years: return format_fixed(v, 2);
    case Kind::Count: return format_fixed(v, 0);
    case Kind::Factor: {
      // Conversion factors are stated to three or four decimals (0.865, 0.9025): keep them,
      // with at least two.
      std::string s = format_fixed(v, 4);
      while (s.size() > 4 && s.back() == '0' && s[s.size() - 3] != '.') s.pop_back();
      return s;
    }
    case Kind::Text: break;  // a text cell holds no number
  }
  return fmt::format("{}", v);
}

int decimals_as_given(double v, double scale) {
  int given = 2;
  while (given < 6) {
    const double x = v * scale * std::pow(10.0, given);
    if (std::abs(x - std::round(x)) <= 1e-6 * std::max(1.0, std::abs(x))) break;
    ++given;
  }
  return given;
}

std::string format_exact(double v) {
  if (!std::isfinite(v)) return "";
  return fmt::format("{}", v == 0.0 ? 0.0 : v);
}

std::string format_csv(double v, Kind kind, const CsvStyle& style) {
  if (!std::isfinite(v)) return "";
  if (style.full_precision) return format_exact(v);
  int decimals = 2;
  if (kind == Kind::Rate) decimals = 4;
  if (kind == Kind::Count) decimals = 0;
  return format_fixed(v, decimals);  // rounded as the table rounds it
}

Kind cell_kind(const Table& t, const Row& r, std::size_t column) {
  if (column < t.column_kinds.size() && t.column_kinds[column]) return *t.column_kinds[column];
  return r.kind;
}

const std::string* cell_text(const Table& t, const Row& r, std::size_t column) {
  if (cell_kind(t, r, column) != Kind::Text) return nullptr;
  static const std::string none;
  return column < r.texts.size() ? &r.texts[column] : &none;
}

std::string csv_literal_text(const std::string& s) {
  if (s.empty()) return s;
  // The field ="1.10", quoted as CSV quotes a field with quotes in it: "=""1.10""". Written
  // here rather than through csv_escape, which neutralises a user's leading '='.
  std::string inner;
  for (char c : s) inner += c == '"' ? std::string("\"\"\"\"") : std::string(1, c);
  return "\"=\"\"" + inner + "\"\"\"";
}

std::string render_text(const Table& t, Lang lang, std::size_t width) {
  const std::string& label_head = lang == Lang::Zh ? t.row_label_zh : t.row_label_en;
  const std::string total_head = msg_in(lang, messages::Report::table_total_column);
  std::size_t label_w = display_width(label_head);
  for (const auto& r : t.rows) label_w = std::max(label_w, display_width(row_label(r, lang)));

  // Every value column, the total first, as (header, cells).
  struct Column {
    std::string head;
    std::vector<std::string> cells;
    std::size_t w = 0;
    bool text = false;  // left-aligned
  };
  std::vector<Column> cols;
  if (t.has_total) {
    Column c{total_head, {}, display_width(total_head)};
    for (const auto& r : t.rows) c.cells.push_back(r.total ? format_value(*r.total, r.kind) : "");
    cols.push_back(std::move(c));
  }
  for (std::size_t j = 0; j < t.columns.size(); ++j) {
    Column c{t.columns[j], {}, display_width(t.columns[j])};
    c.text = j < t.column_kinds.size() && t.column_kinds[j] == Kind::Text;
    for (const auto& r : t.rows) {
      if (const std::string* text = cell_text(t, r, j)) c.cells.push_back(*text);
      else c.cells.push_back(j < r.values.size() && r.values[j] ? format_value(*r.values[j], cell_kind(t, r, j)) : "");
    }
    cols.push_back(std::move(c));
  }
  auto aligned = [](const Column& c, const std::string& s) { return c.text ? pad_right(s, c.w) : pad_left(s, c.w); };
  for (auto& c : cols)
    for (const auto& s : c.cells) c.w = std::max(c.w, display_width(s));

  std::string out = title(t, lang) + unit_suffix(t.unit, lang) + "\n";
  std::size_t next = 0;
  do {
    // As many columns as fit beside the labels (at least one).
    std::size_t used = label_w;
    std::size_t end = next;
    while (end < cols.size() && (end == next || used + 2 + cols[end].w <= width)) used += 2 + cols[end++].w;
    std::string header = pad_right(label_head, label_w);
    for (std::size_t j = next; j < end; ++j) header += "  " + aligned(cols[j], cols[j].head);
    out += header + "\n" + std::string(display_width(header), '-') + "\n";
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      std::string line = pad_right(row_label(t.rows[i], lang), label_w);
      for (std::size_t j = next; j < end; ++j) line += "  " + aligned(cols[j], cols[j].cells[i]);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    next = end;
    if (next < cols.size()) out += "\n";
  } while (next < cols.size());
  for (const auto& n : t.notes) out += n.in(lang) + "\n";
  if (t.has_total) out += msg_in(lang, messages::Report::table_total_rounding) + "\n";
  return out;
}

std::string render_text(const Summary& s, Lang lang) {
  std::string out = (lang == Lang::Zh ? s.title_zh : s.title_en) + unit_suffix(s.unit, lang) + "\n";
  std::size_t w = 0;
  for (const auto& it : s.items) w = std::max(w, display_width(lang == Lang::Zh ? it.label_zh : it.label_en));
  for (const auto& it : s.items) {
    std::string v = it.value ? format_value(*it.value, it.kind) : std::string();
    const std::string& text = lang == Lang::En && !it.text_en.empty() ? it.text_en : it.text;
    if (!text.empty()) v += (v.empty() ? "" : "  ") + text;
    if (!it.value && !it.reason.empty())
      v += std::string(v.empty() ? "" : "  ") + msg_in(lang, messages::Report::value_absent, "reason"_a = it.reason);
    out += "  " + pad_right(lang == Lang::Zh ? it.label_zh : it.label_en, w) + "  " + v + "\n";
  }
  return out;
}

std::string render_csv(const Table& t, Lang lang, const CsvStyle& style) {
  std::string out = csv_escape(title(t, lang)) + "," + csv_escape(t.key) + "," + csv_escape(t.unit) + "\n";
  out += msg_in(lang, messages::Report::table_csv_number_column) + "," + csv_escape(lang == Lang::Zh ? t.row_label_zh : t.row_label_en) + ",key";
  if (t.has_total) out += "," + msg_in(lang, messages::Report::table_total_column);
  for (const auto& c : t.columns) out += "," + csv_escape(c);
  out += "\n";
  for (const auto& r : t.rows) {
    out += csv_literal_text(r.number) + "," + csv_escape(label(r, lang)) + "," + r.key;
    if (t.has_total) out += "," + (r.total ? format_csv(*r.total, r.kind, style) : std::string());
    for (std::size_t j = 0; j < t.columns.size(); ++j) {
      if (const std::string* text = cell_text(t, r, j)) out += "," + csv_escape(*text);
      else out += "," + (j < r.values.size() && r.values[j] ? format_csv(*r.values[j], cell_kind(t, r, j), style) : std::string());
    }
    out += "\n";
  }
  return out;
}

std::string render_csv(const Summary& s, Lang lang, const CsvStyle& style) {
  std::string out = csv_escape(lang == Lang::Zh ? s.title_zh : s.title_en) + "," + csv_escape(s.key) + "," +
                    csv_escape(s.unit) + "\n";
  out += "key," + msg_in(lang, messages::Report::summary_item_column) + "," + msg_in(lang, messages::Report::summary_value_column) + "," +
         msg_in(lang, messages::Report::summary_note_column) + "\n";
  for (const auto& it : s.items) {
    std::string note = lang == Lang::En && !it.text_en.empty() ? it.text_en : it.text;
    if (!it.value && !it.reason.empty()) note += (note.empty() ? "" : "; ") + it.reason.in(lang);
    out += it.key + "," + csv_escape(lang == Lang::Zh ? it.label_zh : it.label_en) + "," +
           (it.value ? format_csv(*it.value, it.kind, style) : std::string()) + "," + csv_escape(note) + "\n";
  }
  return out;
}

JsonValue to_json(const Table& t) {
  JsonValue rows = JsonValue::array();
  for (const auto& r : t.rows) {
    JsonValue values = JsonValue::array();
    for (std::size_t j = 0; j < std::max(r.values.size(), t.column_kinds.empty() ? 0 : t.columns.size()); ++j) {
      if (const std::string* text = cell_text(t, r, j)) values.push_back(*text);
      else values.push_back(json_value(j < r.values.size() ? r.values[j] : std::nullopt));
    }
    JsonValue row{{"key", r.key}, {"label_zh", r.label_zh}, {"label_en", r.label_en}, {"values", values}};
    if (!r.number.empty()) row["number"] = r.number;
    if (t.has_total) row["total"] = json_value(r.total);
    rows.push_back(std::move(row));
  }
  JsonValue j{{"key", t.key}, {"title_zh", t.title_zh}, {"title_en", t.title_en}, {"unit", t.unit},
                   {"years", t.columns}, {"rows", rows}};
  if (!t.notes.empty()) {
    JsonValue notes = JsonValue::array(), notes_zh = JsonValue::array();
    for (const auto& n : t.notes) {
      notes.push_back(n.en);
      notes_zh.push_back(n.in(Lang::Zh));
    }
    j["notes"] = std::move(notes);
    j["notes_zh"] = std::move(notes_zh);
  }
  return j;
}

JsonValue to_json(const Summary& s) {
  JsonValue j = JsonValue::object();
  for (const auto& it : s.items) {
    j[it.key] = json_value(it.value);
    if (!it.value && !it.reason.empty()) {
      j[it.key + "_reason"] = it.reason.en;
      j[it.key + "_reason_zh"] = it.reason.in(Lang::Zh);
    }
  }
  return j;
}

std::string dump(const JsonValue& j) { return j.dump(2) + "\n"; }

std::size_t terminal_width() {
  if (const char* c = std::getenv("COLUMNS")) {
    const long w = std::strtol(c, nullptr, 10);
    if (w >= 40 && w <= 1000) return static_cast<std::size_t>(w);
  }
  return 120;
}

}  // namespace appraise::report
