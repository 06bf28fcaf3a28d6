// Reading a debt ledger (CSV, RFC 4180: commas, cells in double quotes may hold commas, line
// breaks and doubled quotes) into the tree the portfolio loader reads. The file is read as every
// text file is (read_text_file: UTF-8 with or without a byte-order mark, CRLF or LF line ends,
// GBK and workbooks refused with the way out).
#include "ledger_reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <fmt/format.h>

#include "appraise/core/text.hpp"
#include "appraise/core/units.hpp"
#include "appraise/io/reader.hpp"
#include "appraise/messages/cli.hpp"
#include "appraise/messages/io.hpp"

namespace appraise::io {
namespace {

using namespace appraise::literals;
using messages::Io;

// A ledger column: the debt key it fills, and the names a header may give it.
struct Column {
  const char* key;
  std::array<const char*, 4> names;  // the key itself first; Chinese names after; nullptr ends
  bool rate_like;                    // a `(%)` in its header makes bare numbers percentages
};

constexpr std::array<Column, 15> kColumns{{
    {"name", {"name", "债务名称", "名称", nullptr}, false},
    {"kind", {"kind", "债务类型", "类型", nullptr}, false},
    {"balance", {"balance", "余额", "债务余额", nullptr}, false},
    {"rate", {"rate", "利率", "年利率", nullptr}, true},
    {"reference", {"reference", "基准利率", nullptr, nullptr}, false},
    {"spread", {"spread", "利差", "加点", nullptr}, true},
    {"fee", {"fee", "费率", "手续费率", nullptr}, true},
    {"guarantee", {"guarantee", "担保费率", nullptr, nullptr}, true},
    {"repayment", {"repayment", "还款方式", nullptr, nullptr}, false},
    {"maturity", {"maturity", "到期年份", "到期年度", nullptr}, false},
    {"first_repayment", {"first_repayment", "首次还本年份", nullptr, nullptr}, false},
    {"balances", {"balances", "年末余额计划", nullptr, nullptr}, false},
    {"prepayment_penalty", {"prepayment_penalty", "提前还款违约金率", "违约金率", nullptr}, true},
    {"eligible", {"eligible", "可置换", "是否可置换", nullptr}, false},
    {"at_maturity", {"at_maturity", "到期处理", nullptr, nullptr}, false},
}};

struct Cell {
  std::string text;     // the content: quotes removed, "" read as ", surrounding spaces trimmed
  bool quoted = false;
  Mark mark;            // where the cell starts (its opening quote when quoted)
  Mark content;         // where its content starts
  bool doubled = false; // a quote written twice: the content's bytes are no longer the file's
};

struct Record {
  int row = 0;  // as a spreadsheet numbers it: the header is row 1
  std::vector<Cell> cells;
  [[nodiscard]] bool blank() const {
    return std::all_of(cells.begin(), cells.end(), [](const Cell& c) { return c.text.empty(); });
  }
};

Node scalar_at(const Cell& c) {
  Node n;
  n.kind = Node::Kind::Scalar;
  n.scalar = c.text;
  n.quoted = c.quoted;
  n.mark = c.mark;
  return n;
}

Node point_at(Mark m) {
  Node n;
  n.kind = Node::Kind::Scalar;
  n.mark = m;
  return n;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

// `key: value` added to a mapping, the key at the value's cell (where messages about it point).
void put(Node& map, const std::string& key, Node value, Mark at) {
  Node key_node = point_at(at);
  key_node.scalar = key;
  value.key_mark = at;
  value.key_text = key;
  map.entries.emplace_back(std::move(key_node), std::move(value));
}

// Splits the lines into records, and says in `spans` which lines each takes. A quoted cell that is
// never closed swallows the rest of the file: reported, and nullopt (`spans` then ends with it).
std::optional<std::vector<Record>> records_of(const Document& doc, Reader& r, std::vector<RecordSpan>& spans) {
  const auto& lines = doc.lines;
  std::vector<Record> out;
  int row = 0;
  for (std::size_t li = 0; li < lines.size(); ++li) {
    // The empty string after a final line break is not a row.
    if (li + 1 == lines.size() && lines[li].empty()) break;
    Record rec;
    rec.row = ++row;
    spans.push_back({static_cast<int>(li) + 1, static_cast<int>(li) + 1});
    std::size_t pos = 0;
    for (;;) {
      const std::string* line = &lines[li];
      Cell c;
      while (pos < line->size() && is_space((*line)[pos])) ++pos;
      if (pos < line->size() && (*line)[pos] == '"') {
        c.quoted = true;
        c.mark = {static_cast<int>(li) + 1, static_cast<int>(pos) + 1};
        c.content = {c.mark.line, c.mark.column + 1};
        ++pos;
        bool closed = false;
        for (;;) {
          if (pos >= line->size()) {
            if (li + 1 >= lines.size()) break;
            c.text += '\n';  // a line break inside the quotes belongs to the cell
            line = &lines[++li];
            pos = 0;
            continue;
          }
          const char ch = (*line)[pos];
          if (ch == '"') {
            if (pos + 1 < line->size() && (*line)[pos + 1] == '"') {
              c.text += '"';
              c.doubled = true;
              pos += 2;
              continue;
            }
            ++pos;
            closed = true;
            break;
          }
          c.text += ch;
          ++pos;
        }
        if (!closed) {
          spans.back().last = static_cast<int>(li) + 1;
          r.error(scalar_at(c), "", msg(Io::ledger_quote_not_closed), {},
                  msg(Io::ledger_quote_not_closed_hint));
          return std::nullopt;
        }
        while (pos < line->size() && is_space((*line)[pos])) ++pos;
        if (pos < line->size() && (*line)[pos] != ',') {
          r.error(point_at({static_cast<int>(li) + 1, static_cast<int>(pos) + 1}), "",
                  msg(Io::ledger_text_after_quote), {}, msg(Io::ledger_text_after_quote_hint));
          pos = line->find(',', pos);
          if (pos == std::string::npos) pos = line->size();
        }
      } else {
        c.mark = {static_cast<int>(li) + 1, static_cast<int>(pos) + 1};
        c.content = c.mark;
        std::size_t end = line->find(',', pos);
        if (end == std::string::npos) end = line->size();
        c.text = line->substr(pos, end - pos);
        while (!c.text.empty() && is_space(c.text.back())) c.text.pop_back();
        pos = end;
      }
      rec.cells.push_back(std::move(c));
      if (pos < line->size() && (*line)[pos] == ',') {
        ++pos;
        continue;
      }
      break;
    }
    spans.back().last = static_cast<int>(li) + 1;
    out.push_back(std::move(rec));
  }
  return out;
}

// A header `余额（万元）` or `rate (%)`: the name and what the brackets say (empty brackets, `余额（）`,
// are an empty unit; no brackets, none).
struct NameAndUnit {
  std::string name;
  std::optional<std::string> unit;
};

NameAndUnit name_and_unit(const std::string& header) {
  for (const auto& [open, close] : {std::pair<std::string_view, std::string_view>{"\xEF\xBC\x88", "\xEF\xBC\x89"},  // （ ）
                                    std::pair<std::string_view, std::string_view>{"(", ")"}}) {
    if (header.size() < close.size() || header.compare(header.size() - close.size(), close.size(), close) != 0) continue;
    const auto at = header.rfind(open);
    if (at == std::string::npos || at == 0) continue;
    std::string name = header.substr(0, at);
    while (!name.empty() && is_space(name.back())) name.pop_back();
    std::string unit = header.substr(at + open.size(), header.size() - close.size() - at - open.size());
    while (!unit.empty() && is_space(unit.back())) unit.pop_back();
    while (!unit.empty() && is_space(unit.front())) unit.erase(unit.begin());
    return {name, unit};
  }
  return {header, std::nullopt};
}

const Column* column_named(const std::string& name) {
  const std::string lower = lower_ascii(name);
  for (const Column& c : kColumns)
    for (const char* n : c.names)
      if (n && lower == n) return &c;
  return nullptr;
}

std::vector<std::string> all_column_names() {
  std::vector<std::string> out;
  for (const Column& c : kColumns)
    for (const char* n : c.names)
      if (n) out.emplace_back(n);
  return out;
}

// Every column, by its key and its Chinese name: "name (债务名称), …" and "债务名称（`name`）、…".
Message column_list() {
  Message out;
  for (const Column& c : kColumns) {
    const Message one = c.names[1] ? msg(Io::ledger_column_names, "key"_a = c.key, "name"_a = c.names[1]) : Message::same(c.key);
    if (!out.empty()) {
      out.en += ", ";
      out.zh += "\xE3\x80\x81";  // 、
    }
    out += one;
  }
  return out;
}

bool is_percent_unit(const std::string& unit) { return unit == "%" || unit == "\xEF\xBC\x85"; }

// A row that sums the others (合计), which a ledger printed for people often ends with.
bool is_total_name(const std::string& name) {
  const std::string lower = lower_ascii(name);
  for (const char* t : {"合计", "小计", "总计", "total", "subtotal"})
    if (lower == t) return true;
  return false;
}

// `2026: 800; 2027: 600` (a schedule of year-end balances) as a mapping, each part at its place.
// A line break in the cell (Alt+Enter in Excel or WPS: one year a line) separates as `;` does.
Node schedule_of(const Cell& c, Reader& r, const std::string& field) {
  Node map;
  map.kind = Node::Kind::Map;
  map.mark = c.mark;
  std::size_t from = 0;
  const std::string& t = c.text;
  const std::size_t errors_before = r.diagnostics().error_count();
  // Where the content's byte `offset` is in the file: on the line it is on, after a line break in
  // the cell; the cell's start when a doubled quote has shifted the bytes.
  auto at = [&](std::size_t offset) {
    if (c.doubled) return c.mark;
    const auto nl = t.rfind('\n', offset == 0 ? 0 : offset - 1);
    if (nl == std::string::npos || nl >= offset) return Mark{c.content.line, c.content.column + static_cast<int>(offset)};
    const auto breaks = std::count(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
    return Mark{c.content.line + static_cast<int>(breaks), static_cast<int>(offset - nl)};
  };
  while (from <= t.size()) {
    std::size_t end = t.size(), step = 0;
    for (const std::string_view sep : {std::string_view(";"), std::string_view("\xEF\xBC\x9B"), std::string_view("\n")}) {  // ; ； line break
      const auto p = t.find(sep, from);
      if (p != std::string::npos && p < end) end = p, step = sep.size();
    }
    std::string part = t.substr(from, end - from);
    std::size_t lead = 0;
    while (lead < part.size() && is_space(part[lead])) ++lead;
    while (!part.empty() && is_space(part.back())) part.pop_back();
    part.erase(0, lead);
    if (!part.empty()) {
      std::size_t colon = part.find(':'), colon_len = 1;
      if (const auto fw = part.find("\xEF\xBC\x9A"); fw != std::string::npos && fw < colon) colon = fw, colon_len = 3;  // ：
      if (colon == std::string::npos) {
        Node n = point_at(at(from + lead));
        n.scalar = part;
        r.error(n, field, msg(Io::ledger_not_year_balance, "part"_a = part), msg(Io::ledger_schedule_expected));
      } else {
        std::string year = part.substr(0, colon), value = part.substr(colon + colon_len);
        while (!year.empty() && is_space(year.back())) year.pop_back();
        std::size_t vlead = 0;
        while (vlead < value.size() && is_space(value[vlead])) ++vlead;
        Node k = point_at(at(from + lead));
        k.scalar = year;
        Node v = point_at(at(from + lead + colon + colon_len + vlead));
        v.scalar = value.substr(vlead);
        v.key_mark = k.mark;
        v.key_text = year;
        map.entries.emplace_back(std::move(k), std::move(v));
      }
    }
    if (step == 0) break;
    from = end + step;
  }
  // Separators only (`；；`): said as such, not as a schedule of the wrong shape. (A part that is
  // not a pair has been reported above.)
  if (map.entries.empty() && r.diagnostics().error_count() == errors_before)
    r.error(scalar_at(c), field, msg(Io::ledger_schedule_empty), msg(Io::ledger_schedule_expected));
  return map;
}

// A number split into cells at its thousands separators (`1,600,000` unquoted is the cells `1`,
// `600` and `000`): the index of its first cell and the number as written; nullopt when the row
// holds none. Only whole groups of three digits after one of one to three count.
std::optional<std::pair<std::size_t, std::string>> split_number(const Record& rec) {
  const auto digits = [](const std::string& s, std::size_t min, std::size_t max) {
    return s.size() >= min && s.size() <= max && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  for (std::size_t j = 0; j + 1 < rec.cells.size(); ++j) {
    const Cell& c = rec.cells[j];
    if (c.quoted || !digits(c.text, 1, 3) || rec.cells[j + 1].quoted || !digits(rec.cells[j + 1].text, 3, 3)) continue;
    std::string text = c.text;
    for (std::size_t k = j + 1; k < rec.cells.size() && !rec.cells[k].quoted && digits(rec.cells[k].text, 3, 3); ++k)
      text += "," + rec.cells[k].text;
    return std::pair{j, text};
  }
  return std::nullopt;
}

// A `利率（%）` column holds percentages written as bare numbers; a rate written there as a
// fraction (0.0295 for 2.95%) would be read a hundred times too small, and the portfolio's cost
// with it. Two forms are refused, neither of which a real rate can take:
//  - a value below 1 whose hundredfold lies within the column's other rates (those of 1 or
//    more): 0.0295 beside 2.35 to 4.9 (a 0.03% debt beside them is no debt anyone holds);
//  - a column whose every rate is below 0.1 (each under 0.1%, zero rates aside): a column of
//    fractions. A rate of 0.5 (a concessional 0.5%) is left alone.
struct PercentColumnCheck {
  std::size_t column = 0;
  bool others = false;  // rates of 1 or more, from `low` to `high`
  double low = 0.0, high = 0.0;
  bool all_fractions = false;
};

std::optional<PercentColumnCheck> percent_column_check(const std::vector<Record>& records, std::size_t h, std::size_t column) {
  PercentColumnCheck out;
  out.column = column;
  bool any = false, all_small = true;
  for (std::size_t k = h + 1; k < records.size(); ++k) {
    if (column >= records[k].cells.size() || is_percent_text(records[k].cells[column].text)) continue;
    const auto v = parse_number(records[k].cells[column].text).value;
    if (!v || *v == 0.0) continue;
    any = true;
    if (std::abs(*v) >= 0.1) all_small = false;
    if (*v >= 1.0) {
      out.low = out.others ? std::min(out.low, *v) : *v;
      out.high = out.others ? std::max(out.high, *v) : *v;
      out.others = true;
    }
  }
  out.all_fractions = any && all_small;
  return out;
}

// The value of row `rec` that the check refuses, or nullopt.
std::optional<double> fraction_in_percent_column(const PercentColumnCheck& c, const Record& rec) {
  if (!c.others || c.column >= rec.cells.size() || is_percent_text(rec.cells[c.column].text)) return std::nullopt;
  const auto v = parse_number(rec.cells[c.column].text).value;
  if (!v || *v <= 0.0 || *v >= 1.0) return std::nullopt;
  const double hundredfold = *v * 100.0;
  if (hundredfold < c.low * (1 - 1e-9) || hundredfold > c.high * (1 + 1e-9)) return std::nullopt;
  return v;
}

std::string without_commas(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  return s;
}

ParsedLedger read_ledger(ParsedDocument text) {
  ParsedLedger out;
  out.diagnostics = std::move(text.diagnostics);
  out.io_error = text.io_error;
  if (!text.document) return out;
  Ledger ledger;
  ledger.doc = std::move(*text.document);
  Reader r(ledger.doc, out.diagnostics);
  const auto parsed = records_of(ledger.doc, r, out.rows);
  if (!parsed) return out;
  const std::vector<Record>& records = *parsed;
  const std::size_t row_errors = out.diagnostics.error_count();  // text after a closing quote

  // The header: the first row that is not blank.
  std::size_t h = 0;
  while (h < records.size() && records[h].blank()) ++h;
  if (h == records.size()) {
    r.error("", msg(Io::ledger_empty), msg(Io::ledger_empty_hint, "columns"_a = column_list()));
    return out;
  }
  const Record& header = records[h];
  if (!header.cells.empty()) ledger.header = scalar_at(header.cells.front());
  std::vector<const Column*> by_cell(header.cells.size(), nullptr);
  std::vector<std::string> units(header.cells.size());
  std::vector<std::size_t> unknown;
  int known = 0;
  std::vector<std::string> unit_refused;  // columns refused for their unit: not reported missing as well
  for (std::size_t k = 0; k < header.cells.size(); ++k) {
    const Cell& c = header.cells[k];
    if (c.text.empty()) continue;
    auto [name, bracketed] = name_and_unit(c.text);
    const Column* col = column_named(name);
    if (!col) {
      unknown.push_back(k);
      continue;
    }
    ++known;
    const std::string unit = bracketed.value_or("");
    units[k] = unit;
    if (ledger.columns.count(col->key)) {
      r.error(scalar_at(c), "",
              msg(Io::ledger_column_twice, "key"_a = col->key, "first"_a = ledger.columns[col->key], "second"_a = c.text), {},
              msg(Io::ledger_keep_one));
      continue;
    }
    // `余额（）`: brackets that were to say the unit and say nothing. Read as no unit, a balance
    // would pass unchecked against the portfolio's and a rate's `（%）` would be lost.
    if (bracketed && unit.empty()) {
      r.error(scalar_at(c), "", msg(Io::ledger_unit_empty, "header"_a = c.text), {}, msg(Io::ledger_unit_empty_hint, "name"_a = name));
      unit_refused.emplace_back(col->key);
      continue;
    }
    if (col->rate_like && !unit.empty() && !is_percent_unit(unit)) {
      r.error(scalar_at(c), "", msg(Io::ledger_rate_unit, "header"_a = c.text, "unit"_a = unit), {},
              msg(Io::ledger_rate_unit_hint, "name"_a = name));
      unit_refused.emplace_back(col->key);
      continue;
    }
    by_cell[k] = col;
    ledger.columns[col->key] = name;
    if (std::string_view(col->key) == "balance") ledger.balance_unit = unit, ledger.balance_header = c.mark;
  }
  if (known == 0) {
    const bool title = records.size() > h + 1 && std::any_of(records[h + 1].cells.begin(), records[h + 1].cells.end(),
                                                             [](const Cell& c) { return column_named(name_and_unit(c.text).name); });
    r.error(header.cells.empty() ? point_at({header.row, 1}) : scalar_at(header.cells.front()), "",
            msg(title ? Io::ledger_title_row : Io::ledger_no_known_column, "row"_a = header.row),
            msg(Io::ledger_header_expected, "columns"_a = column_list()),
            msg(title ? Io::ledger_delete_title : Io::ledger_first_row_names));
    return out;
  }
  std::vector<std::string> misspelt = unit_refused;  // keys an unknown column looks like (or refused for its unit)
  for (std::size_t k : unknown) {
    const Cell& c = header.cells[k];
    const auto near = closest_match(lower_ascii(name_and_unit(c.text).name), all_column_names());
    if (near) misspelt.emplace_back(column_named(*near)->key);
    r.error(scalar_at(c), "", msg(Io::ledger_unknown_column, "name"_a = shorten(c.text)), {},
            near ? msg(messages::Cli::did_you_mean, "word"_a = *near) : msg(Io::ledger_columns_are, "columns"_a = column_list()));
  }
  // A required column missing because its name is misspelt has been reported as misspelt.
  auto missing = [&](const char* what, const char* zh, bool absent) {
    if (!absent || std::find(misspelt.begin(), misspelt.end(), what) != misspelt.end()) return;
    r.error(scalar_at(header.cells.front()), "",
            std::string_view(what) == "rate" ? msg(Io::ledger_missing_rate_column)
                                             : msg(Io::ledger_missing_column, "key"_a = what, "name"_a = zh),
            {}, msg(Io::ledger_add_column));
  };
  missing("name", "债务名称", !ledger.columns.count("name"));
  missing("kind", "债务类型", !ledger.columns.count("kind"));
  missing("balance", "余额", !ledger.columns.count("balance"));
  missing("rate", "利率", !ledger.columns.count("rate") && !ledger.columns.count("reference"));
  missing("maturity", "到期年份", !ledger.columns.count("maturity") && !ledger.columns.count("balances"));
  if (out.diagnostics.error_count() > row_errors) return out;
  // A `利率（%）` column of fractions: said once, at its header.
  std::optional<PercentColumnCheck> fractions;
  for (std::size_t k = 0; k < header.cells.size(); ++k)
    if (by_cell[k] && std::string_view(by_cell[k]->key) == "rate" && is_percent_unit(units[k]))
      fractions = percent_column_check(records, h, k);
  if (fractions && fractions->all_fractions) {
    const Cell& c = header.cells[fractions->column];
    r.error(scalar_at(c), c.text, msg(Io::ledger_percent_column_fractions, "column"_a = c.text), {},
            msg(Io::ledger_percent_column_fractions_hint, "name"_a = name_and_unit(c.text).name));
  }

  // From here on a problem belongs to a row: the other rows are still read and checked.

  Node debts;
  debts.kind = Node::Kind::Sequence;
  for (std::size_t k = h + 1; k < records.size(); ++k) {
    const Record& rec = records[k];
    if (rec.blank()) continue;
    const std::string where;  // the row is the location's line: a message about the whole row names no column
    bool ok = true;
    if (rec.cells.size() > header.cells.size()) {
      // Every value after a stray comma stands under the wrong column, and the checks of those
      // columns would speak of values the planner never put there: the row is one error, at the
      // number its commas split when there is one (`1,600,000`), else at the first cell too many.
      const auto split = split_number(rec);
      const Cell& at = split ? rec.cells[split->first] : rec.cells[header.cells.size()];
      r.error(scalar_at(at), where,
              msg(Io::ledger_row_wider, "row"_a = rec.row, "cells"_a = rec.cells.size(), "header"_a = header.cells.size()), {},
              split ? msg(Io::ledger_row_wider_number_hint, "text"_a = split->second, "number"_a = without_commas(split->second))
                    : msg(Io::ledger_row_wider_hint));
      ok = false;
    }
    // Cells by key.
    std::map<std::string, const Cell*> cell;
    std::map<std::string, std::string> unit;
    std::map<std::string, Mark> empty;  // a message about a value the row lacks points at its cell
    for (std::size_t j = 0; j < header.cells.size() && j < rec.cells.size(); ++j) {
      if (!by_cell[j]) continue;
      if (rec.cells[j].text.empty()) {
        empty[by_cell[j]->key] = rec.cells[j].mark;
        continue;
      }
      cell[by_cell[j]->key] = &rec.cells[j];
      unit[by_cell[j]->key] = units[j];
    }
    if (cell.empty()) continue;
    if (const auto it = cell.find("name"); it != cell.end() && is_total_name(it->second->text)) {
      r.error(scalar_at(*it->second), where, msg(Io::ledger_total_row, "name"_a = it->second->text), {},
              msg(Io::ledger_total_row_hint));
      continue;
    }
    if (!ok) continue;
    if (const auto v = fractions ? fraction_in_percent_column(*fractions, rec) : std::nullopt) {
      const Cell& c = rec.cells[fractions->column];
      r.error(scalar_at(c), ledger.columns.at("rate"),
              msg(Io::ledger_percent_fraction, "value"_a = c.text, "low"_a = fractions->low,
                  "high"_a = fractions->high),
              {}, msg(Io::ledger_percent_fraction_hint, "percent"_a = *v * 100.0));
      continue;
    }
    Node debt;
    debt.kind = Node::Kind::Map;
    // The row's first cell, where messages about the row as a whole point.
    const Cell& first = *std::find_if(rec.cells.begin(), rec.cells.end(), [](const Cell& c) { return !c.text.empty(); });
    debt.mark = first.mark;
    debt.key_mark = first.mark;
    debt.key_text = first.quoted ? "" : first.text;
    auto value_of = [&](const std::string& key) {
      const Cell& c = *cell.at(key);
      Node v = scalar_at(c);
      const Column* col = column_named(key);
      // `利率（%）`: the column holds percentages written as bare numbers.
      if (col && col->rate_like && is_percent_unit(unit[key]) && !is_percent_text(v.scalar) && parse_number(v.scalar).value)
        v.scalar += "%";
      return v;
    };
    const bool floating = cell.count("reference") > 0;
    for (const Column& col : kColumns) {
      const std::string key = col.key;
      if (!cell.count(key) || key == "reference" || key == "spread") continue;
      if (key == "rate" && floating) {
        r.error(scalar_at(*cell.at("rate")), ledger.columns.at("rate"),
                msg(Io::ledger_fixed_and_reference), {}, msg(Io::ledger_fixed_or_floating));
        continue;
      }
      if (key == "balances") {
        // A schedule cell that could not be read has said why: the row is left out, so that the
        // debt's own checks do not add a second message about the same cell.
        const std::size_t before = r.diagnostics().error_count();
        Node schedule = schedule_of(*cell.at(key), r, ledger.columns.at(key));
        if (r.diagnostics().error_count() > before) ok = false;
        else put(debt, key, std::move(schedule), cell.at(key)->mark);
        continue;
      }
      put(debt, key, value_of(key), cell.at(key)->mark);
    }
    if (floating) {
      Node rate;
      rate.kind = Node::Kind::Map;
      rate.mark = cell.at("reference")->mark;
      put(rate, "reference", value_of("reference"), cell.at("reference")->mark);
      if (cell.count("spread")) put(rate, "spread", value_of("spread"), cell.at("spread")->mark);
      put(debt, "rate", std::move(rate), cell.at("reference")->mark);
    } else if (cell.count("spread")) {
      r.error(scalar_at(*cell.at("spread")), ledger.columns.at("spread"),
              msg(Io::ledger_spread_without_reference), {}, msg(Io::ledger_spread_hint));
    }
    if (!ok) continue;
    debts.items.push_back(std::move(debt));
    ledger.rows.push_back(rec.row);
    ledger.empty_cells.push_back(std::move(empty));
  }
  if (debts.items.empty() && out.diagnostics.error_count() == row_errors) {
    r.error(scalar_at(header.cells.front()), "", msg(Io::ledger_no_debts), {}, msg(Io::ledger_one_debt_per_row));
    return out;
  }
  ledger.doc.root = std::move(debts);
  out.ledger = std::move(ledger);
  return out;
}

}  // namespace

ParsedLedger read_ledger_file(const std::string& path) { return read_ledger(read_text_file(path, DocumentKind::Ledger)); }

ParsedLedger read_ledger_text(std::string_view text, const std::string& name) {
  return read_ledger(text_document(text, name, DocumentKind::Ledger));
}

namespace {

// `debts[12].rate.spread` at `at`: the index and the path after it, or nullopt.
struct DebtPath {
  std::size_t begin = 0, end = 0;  // of the whole `debts[..]...` text
  std::size_t index = 0;
  std::vector<std::string> keys;   // `rate`, `spread`
};

std::optional<DebtPath> debt_path_at(const std::string& s, std::size_t at) {
  constexpr std::string_view prefix = "debts[";
  if (s.compare(at, prefix.size(), prefix) != 0) return std::nullopt;
  std::size_t p = at + prefix.size();
  std::size_t digits = 0;
  DebtPath out;
  while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) out.index = out.index * 10 + static_cast<std::size_t>(s[p++] - '0'), ++digits;
  if (digits == 0 || p >= s.size() || s[p] != ']') return std::nullopt;
  ++p;
  while (p < s.size() && s[p] == '.') {
    std::size_t q = p + 1;
    while (q < s.size() && s[q] != '.' && s[q] != '`' && s[q] != ' ' && s[q] != ':' && s[q] != ',') ++q;
    if (q == p + 1) break;
    out.keys.push_back(s.substr(p + 1, q - p - 1));
    p = q;
  }
  out.begin = at;
  out.end = p;
  return out;
}

// The column of `debts[3].balance` as the header names it (余额), and the index of the key after
// it (a floating rate's `rate.spread` is the column of `spread`).
std::pair<std::string, std::size_t> column_of(const Ledger& l, const DebtPath& p) {
  std::string key = p.keys[0];
  std::size_t next = 1;
  if (key == "rate" && p.keys.size() > 1) key = p.keys[1], next = 2;  // a floating rate's cell
  if (key == "rate" && !l.columns.count("rate") && l.columns.count("reference")) key = "reference";
  const auto it = l.columns.find(key);
  return {it != l.columns.end() ? it->second : key, next};
}

}  // namespace

Diagnostic with_spreadsheet_row(const std::vector<RecordSpan>& rows, Diagnostic d) {
  if (!d.location || d.location->line <= 0) return d;
  const int line = d.location->line;
  // The record whose lines hold the location's line: the last one starting at or before it.
  const auto after = std::upper_bound(rows.begin(), rows.end(), line, [](int l, const RecordSpan& s) { return l < s.first; });
  if (after == rows.begin() || line > std::prev(after)->last) return d;
  const RecordSpan& span = *std::prev(after);
  const auto row = static_cast<int>(after - rows.begin());
  // A row on one line that is the file's line of the same number is said once.
  d.place = span.first != span.last ? msg(Io::ledger_place_spanning, "row"_a = row, "start"_a = span.first)
            : row == line           ? msg(Io::ledger_place_same, "row"_a = row)
                                    : msg(Io::ledger_place, "row"_a = row, "line"_a = line);
  return d;
}

namespace {

// The column a row lacks (a value MapReader::require found missing whose key the header has no
// column for): its key and the row.
struct Lacking {
  std::string key;
  int row = 0;
};

// One diagnostic in the ledger's words; `lacking` is set when it says a row needs a column the
// header does not have.
Diagnostic in_words(const Ledger& ledger, Diagnostic d, std::optional<Lacking>& lacking) {
  // The field of a cell is its column as the header names it, in both languages (the row is the
  // location's line); of a row as a whole, none.
  if (const auto p = debt_path_at(d.field, 0); p && p->end == d.field.size() && p->index < ledger.rows.size()) {
    d.field = p->keys.empty() ? std::string() : column_of(ledger, *p).first;
    // A value the row lacks (MapReader::require) is, in a spreadsheet, an empty cell of its
    // column, or a column the header does not have: said so, by the column's name rather than by
    // the YAML key (the expected form stays the rule's own).
    if (p->keys.size() == 1 &&
        d.message.en == msg(Io::read_key_missing_in, "key"_a = p->keys[0], "path"_a = fmt::format("debts[{}]", p->index)).en) {
      const std::string& key = p->keys[0];
      const int row = ledger.rows[p->index];
      if (const auto it = ledger.columns.find(key); it != ledger.columns.end()) {
        d.message = msg(Io::ledger_cell_empty, "row"_a = row, "column"_a = it->second);
        // At the empty cell itself, when the row reaches it (a short row ends before it), in
        // characters as every location is.
        const auto& empty = ledger.empty_cells[p->index];
        if (const auto cell = empty.find(key); cell != empty.end() && d.location && cell->second.line >= 1 &&
                                               static_cast<std::size_t>(cell->second.line) <= ledger.doc.lines.size()) {
          Diagnostics none;
          d.location = Reader(ledger.doc, none).location(point_at(cell->second));
          d.source_line = ledger.doc.lines[static_cast<std::size_t>(cell->second.line) - 1];
        }
      } else {
        lacking = Lacking{key, row};
      }
    }
  }
  // The texts are left as they are: what they quote is the planner's own (a name may well read
  // `debts[0]`), and the one message that names a path, the missing key's, has been said above.
  return d;
}

}  // namespace

std::vector<Diagnostic> in_ledger_words(const Ledger& ledger, std::vector<Diagnostic> ds) {
  // A column the header lacks is one error at the header, however many rows need it: where it
  // is put right, said once (the first such row's diagnostic takes its place, the others go).
  struct Absent {
    std::size_t at = 0;  // in `out`
    int first_row = 0;
    int rows = 0;
  };
  std::map<std::string, Absent> absent;  // by key
  std::vector<Diagnostic> out;
  for (Diagnostic& d : ds) {
    std::optional<Lacking> lacking;
    d = in_words(ledger, std::move(d), lacking);
    if (lacking) {
      const auto [it, first] = absent.try_emplace(lacking->key, Absent{out.size(), lacking->row, 0});
      ++it->second.rows;
      if (!first) continue;
    }
    out.push_back(std::move(d));
  }
  for (const auto& entry : absent) {
    const std::string& key = entry.first;  // a plain name: clang before 16 cannot capture a binding
    const Absent& a = entry.second;
    Diagnostic& d = out[a.at];
    const auto col = std::find_if(kColumns.begin(), kColumns.end(), [&](const Column& c) { return key == c.key; });
    const std::string name = col != kColumns.end() && col->names[1] ? col->names[1] : key;
    d.message = a.rows == 1 ? msg(Io::ledger_column_absent, "row"_a = a.first_row, "name"_a = name, "key"_a = key)
                            : msg(Io::ledger_column_absent_rows, "rows"_a = a.rows, "row"_a = a.first_row, "name"_a = name, "key"_a = key);
    d.hint = msg(Io::ledger_add_column);
    d.field = name;
    Diagnostics none;
    d.location = Reader(ledger.doc, none).location(ledger.header);
    const auto line = static_cast<std::size_t>(ledger.header.mark.line);
    d.source_line = line >= 1 && line <= ledger.doc.lines.size() ? ledger.doc.lines[line - 1] : std::string();
  }
  return out;
}

}  // namespace appraise::io
