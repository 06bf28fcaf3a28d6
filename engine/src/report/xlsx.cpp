// The XLSX writer (report/xlsx.hpp): report tables laid out as sheets with libxlsxwriter, the
// rows' derivations and the items' formulas written as live formulas with cached results.
#include "appraise/report/xlsx.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include "appraise/core/text.hpp"
#include "appraise/core/units.hpp"
#include "appraise/messages/report.hpp"

namespace appraise::report {
namespace {

constexpr lxw_row_t kTitleRow = 0;
constexpr lxw_row_t kHeaderRow = 1;
constexpr lxw_row_t kFirstDataRow = 2;
constexpr double kMaxLabelWidth = 60;

using messages::Report;
using namespace appraise::literals;

// Column letters: 0 -> A, 25 -> Z, 26 -> AA.
std::string column_name(lxw_col_t col) {
  std::string s;
  for (long c = static_cast<long>(col) + 1; c > 0; c = (c - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (c - 1) % 26));
  return s;
}

std::string cell(lxw_row_t row, lxw_col_t col) { return column_name(col) + std::to_string(row + 1); }

// A reference from another sheet: 'Sheet name'!C5.
std::string quoted_sheet(const std::string& name) {
  std::string s = "'";
  for (char c : name) s += c == '\'' ? std::string("''") : std::string(1, c);
  return s + "'!";
}

// Numbers in formulas: every digit of the double, never a locale's comma.
std::string number(double v) { return fmt::format("{}", v); }

std::string utf8_prefix(const std::string& s, std::size_t chars) {
  std::size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == chars) break;
      ++n;
    }
  }
  return s.substr(0, i);
}

// Where a table landed: its sheet, the Excel row of each of its rows, its first value column.
struct Placed {
  const Table* table = nullptr;
  std::string sheet;
  lxw_col_t first_value_col = 0;
  std::map<std::string, std::size_t> row_index;  // key -> index into table->rows
};

struct Formats {
  lxw_format* title = nullptr;
  lxw_format* header = nullptr;
  lxw_format* text = nullptr;
  lxw_format* bold = nullptr;
  lxw_format* note = nullptr;
  std::map<std::pair<Kind, int>, lxw_format*> numbers;  // (kind, bold)
  std::vector<lxw_format*> labels;                        // by indentation level
};

// A kind's number format, and how many decimals of the stored value it shows (a rate's
// `0.00%` shows four: 0.0612 is 6.12%).
struct NumberFormat {
  const char* code;
  int decimals;
};

NumberFormat number_format(Kind kind) {
  switch (kind) {
    case Kind::Money: return {"#,##0.00", 2};
    case Kind::Rate: return {"0.00%", 4};
    case Kind::Ratio: return {"0.00", 2};
    case Kind::Years: return {"0.00", 2};
    case Kind::Count: return {"#,##0", 0};
    case Kind::Factor: return {"0.00##", 4};  // conversion factors: 0.865, 1.08
    case Kind::Text: return {"@", 0};
  }
  return {"General", 15};
}

// The value a number cell stores: the engine's figure to the last digit, except that a figure
// which rounds to zero at the decimals its format shows is stored as 0. Excel and WPS show a
// negative value below half a cent, such as the residue -3.6e-12 of 资产 − 负债 or of a net flow
// whose terms cancel, as "-0.00" (and 7.27595761418343E-12 in the formula bar of a cell that
// reads 0.00), where the text report, the CSV and ROUND(x, 2) show 0.00. The figures that do show
// keep every digit, so a SUM over them is the engine's total; a SUM over zeroed cells differs from
// it by less than half a cent per zeroed cell, and in the examples those are 1e-12 residues
// (docs/outputs.md; tests/outputs/workbooks.py checks both on every example workbook).
double stored(double v, Kind kind) {
  const double half_unit = 0.5 * std::pow(10.0, -number_format(kind).decimals);
  return std::abs(v) < half_unit ? 0.0 : v;
}

Formats make_formats(lxw_workbook* wb) {
  Formats f;
  f.title = workbook_add_format(wb);
  format_set_bold(f.title);
  format_set_font_size(f.title, 12);
  f.header = workbook_add_format(wb);
  format_set_bold(f.header);
  format_set_bottom(f.header, LXW_BORDER_THIN);
  format_set_align(f.header, LXW_ALIGN_CENTER);
  format_set_bg_color(f.header, 0xF2F2F2);
  f.text = workbook_add_format(wb);
  format_set_num_format(f.text, "@");
  f.bold = workbook_add_format(wb);
  format_set_bold(f.bold);
  f.note = workbook_add_format(wb);
  format_set_italic(f.note);
  format_set_font_color(f.note, 0x595959);
  for (const Kind k : {Kind::Money, Kind::Rate, Kind::Ratio, Kind::Years, Kind::Count, Kind::Factor})
    for (int b = 0; b < 2; ++b) {
      lxw_format* x = workbook_add_format(wb);
      format_set_num_format(x, number_format(k).code);
      if (b) format_set_bold(x);
      f.numbers[{k, b}] = x;
    }
  for (int level = 0; level < 4; ++level) {
    lxw_format* x = workbook_add_format(wb);
    format_set_num_format(x, "@");
    if (level == 0) format_set_bold(x);
    if (level > 0) format_set_indent(x, static_cast<uint8_t>(level));
    f.labels.push_back(x);
  }
  return f;
}

class Writer {
 public:
  Writer(const Workbook& book, lxw_workbook* wb) : book_(book), wb_(wb), f_(make_formats(wb)) {}

  void write() {
    // Names first, so that formulas can refer to sheets written later.
    std::set<std::string> used;
    for (const auto& s : book_.sheets) {
      std::string name = sheet_name(s.name);
      for (int n = 2; used.count(lower(name)); ++n) name = utf8_prefix(sheet_name(s.name), 27) + fmt::format("({})", n);
      used.insert(lower(name));
      names_.push_back(name);
    }
    for (std::size_t i = 0; i < book_.sheets.size(); ++i)
      if (const auto* t = std::get_if<Table>(&book_.sheets[i].content)) {
        Placed p;
        p.table = t;
        p.sheet = names_[i];
        p.first_value_col = t->has_total ? 3 : 2;
        for (std::size_t r = 0; r < t->rows.size(); ++r) p.row_index.emplace(t->rows[r].key, r);
        placed_[{book_.sheets[i].group, t->key}] = std::move(p);
      }
    for (std::size_t i = 0; i < book_.sheets.size(); ++i) {
      const Sheet& s = book_.sheets[i];
      lxw_worksheet* ws = workbook_add_worksheet(wb_, names_[i].c_str());
      if (!ws) throw std::runtime_error("the sheet name `" + names_[i] + "` was refused");
      if (const auto* t = std::get_if<Table>(&s.content)) write_table(ws, *t, s.group);
      else if (const auto* m = std::get_if<SummarySheet>(&s.content)) write_summary(ws, *m, s.group);
      else write_text(ws, std::get<TextSheet>(s.content));
    }
  }

 private:
  static std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  lxw_format* num(Kind k, bool bold = false) { return f_.numbers.at({k, bold ? 1 : 0}); }

  // A number cell of `kind`: a formula with the engine's figure cached when `formula` is not
  // empty, else the figure; either stored as stored() says.
  void write_number(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& formula, double v, Kind kind, bool bold = false) {
    const double x = stored(v, kind);
    if (formula.empty()) {
      worksheet_write_number(ws, r, c, x, num(kind, bold));
    } else {
      worksheet_write_formula_num(ws, r, c, formula.c_str(), num(kind, bold), x);
      ++formulas_;
    }
  }

  void string(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& s, lxw_format* fmt) {
    // A string cell, whatever it starts with: user text never becomes a formula.
    if (!s.empty()) worksheet_write_string(ws, r, c, s.c_str(), fmt);
  }

  // The reference of `ref` ("row" or "table.row") in column `j` seen from a table of `group`
  // keyed `self` — or in its 合计 column when `j` is kTotalColumn; empty when the row (or the
  // total) is not in this workbook.
  static constexpr std::size_t kTotalColumn = static_cast<std::size_t>(-1);
  std::string reference(const std::string& ref, int group, const std::string& self, std::size_t j, bool same_sheet) {
    std::string table = self, row = ref;
    if (const auto dot = ref.find('.'); dot != std::string::npos) {
      table = ref.substr(0, dot);
      row = ref.substr(dot + 1);
    }
    const auto p = placed_.find({group, table});
    if (p == placed_.end()) return {};
    const auto r = p->second.row_index.find(row);
    if (r == p->second.row_index.end()) return {};
    const bool total = j == kTotalColumn;
    if (total ? !p->second.table->has_total || !p->second.table->rows[r->second].total : j >= p->second.table->columns.size())
      return {};
    const lxw_col_t col = total ? p->second.first_value_col - 1 : p->second.first_value_col + static_cast<lxw_col_t>(j);
    const std::string c = cell(kFirstDataRow + static_cast<lxw_row_t>(r->second), col);
    return same_sheet && table == self ? c : quoted_sheet(p->second.sheet) + c;
  }

  // The value cells of a row ("table.row") as a range, and the row itself.
  struct RowRange {
    std::string range;
    std::string first_cell;  // the range without its first cell: rest
    std::string rest;
    const Row* row = nullptr;
  };
  std::optional<RowRange> row_range(const std::string& ref, int group) {
    const auto dot = ref.find('.');
    if (dot == std::string::npos) return std::nullopt;
    const auto p = placed_.find({group, ref.substr(0, dot)});
    if (p == placed_.end()) return std::nullopt;
    const auto r = p->second.row_index.find(ref.substr(dot + 1));
    const std::size_t n = p->second.table->columns.size();
    if (r == p->second.row_index.end() || n < 2) return std::nullopt;
    const lxw_row_t er = kFirstDataRow + static_cast<lxw_row_t>(r->second);
    const lxw_col_t c0 = p->second.first_value_col;
    const lxw_col_t c1 = c0 + static_cast<lxw_col_t>(n - 1);
    const std::string sheet = quoted_sheet(p->second.sheet);
    return RowRange{sheet + cell(er, c0) + ":" + cell(er, c1), sheet + cell(er, c0), sheet + cell(er, c0 + 1) + ":" + cell(er, c1),
                    &p->second.table->rows[r->second]};
  }

  // Σ factor·term as a formula body, or empty when a term is not in the workbook.
  std::string terms(const std::vector<Term>& ts, int group, const std::string& self, std::size_t j) {
    std::string out;
    for (const auto& t : ts) {
      const std::string ref = reference(t.ref, group, self, j, true);
      if (ref.empty()) return {};
      if (t.factor == 1.0) out += (out.empty() ? "" : "+") + ref;
      else if (t.factor == -1.0) out += "-" + ref;
      else out += (out.empty() || t.factor < 0 ? "" : "+") + number(t.factor) + "*" + ref;
    }
    return out;
  }

  std::string formula(const Row& r, const Table& t, int group, std::size_t j, lxw_row_t row, lxw_col_t col) {
    const auto& d = r.derivation;
    switch (d.op) {
      case Derivation::Op::None: return {};
      case Derivation::Op::Sum: {
        const std::string s = terms(d.terms, group, t.key, j);
        return s.empty() ? s : "=" + s;
      }
      case Derivation::Op::Cumulative: {
        const std::string s = terms(d.terms, group, t.key, j);
        if (s.empty()) return s;
        return j == 0 ? "=" + s : "=" + cell(row, col - 1) + (s[0] == '-' ? "" : "+") + s;
      }
      case Derivation::Op::Ratio: {
        const std::string a = terms(d.terms, group, t.key, j);
        const std::string b = terms(d.denominator, group, t.key, j);
        if (a.empty() || b.empty()) return {};
        return "=(" + a + ")/(" + b + ")";
      }
    }
    return {};
  }

  void write_title(lxw_worksheet* ws, const std::string& title, const std::string& unit) {
    std::string s = title;
    s += unit_suffix(unit, book_.lang);
    string(ws, kTitleRow, 0, s, f_.title);
  }

  void write_table(lxw_worksheet* ws, const Table& t, int group) {
    const Lang lang = book_.lang;
    write_title(ws, title(t, lang), t.unit);
    const lxw_col_t first = t.has_total ? 3 : 2;
    string(ws, kHeaderRow, 0, msg_in(lang, Report::table_number_column), f_.header);
    string(ws, kHeaderRow, 1, lang == Lang::Zh ? t.row_label_zh : t.row_label_en, f_.header);
    if (t.has_total) string(ws, kHeaderRow, 2, msg_in(lang, Report::table_total_column), f_.header);
    std::vector<double> widths(first + t.columns.size(), 6);
    widths[0] = std::max<double>(6, static_cast<double>(display_width(msg_in(lang, Report::table_number_column))) + 2);
    widths[1] = static_cast<double>(display_width(lang == Lang::Zh ? t.row_label_zh : t.row_label_en)) + 2;
    for (std::size_t j = 0; j < t.columns.size(); ++j) {
      string(ws, kHeaderRow, first + static_cast<lxw_col_t>(j), t.columns[j], f_.header);
      widths[first + j] = std::max(widths[first + j], static_cast<double>(display_width(t.columns[j])) + 2);
    }
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      const Row& r = t.rows[i];
      const lxw_row_t row = kFirstDataRow + static_cast<lxw_row_t>(i);
      const std::size_t level = static_cast<std::size_t>(std::clamp(r.level, 0, 3));
      const bool bold = level == 0;
      string(ws, row, 0, r.number, f_.text);
      string(ws, row, 1, label(r, lang), f_.labels[level]);
      widths[0] = std::max(widths[0], static_cast<double>(r.number.size()) + 2);
      widths[1] = std::max(widths[1], static_cast<double>(display_width(label(r, lang)) + 2 * level) + 2);
      if (t.has_total && r.total) {
        const auto last = static_cast<lxw_col_t>(first + t.columns.size() - 1);
        std::string f = t.columns.empty() ? std::string() : "=SUM(" + cell(row, first) + ":" + cell(row, last) + ")";
        if (r.total_derivation) {  // a ratio of totals, not the sum of the row
          Row of_totals;
          of_totals.derivation = *r.total_derivation;
          f = formula(of_totals, t, group, kTotalColumn, row, 2);
        }
        write_number(ws, row, 2, f, *r.total, r.kind, bold);
        widths[2] = std::max(widths[2], static_cast<double>(format_value(*r.total, r.kind).size()) + 2);
      }
      for (std::size_t j = 0; j < t.columns.size(); ++j) {
        const lxw_col_t col = first + static_cast<lxw_col_t>(j);
        if (const std::string* text = cell_text(t, r, j)) {  // a name or a word, not a number
          string(ws, row, col, *text, f_.text);
          widths[col] = std::max(widths[col], static_cast<double>(display_width(*text)) + 2);
          continue;
        }
        if (j >= r.values.size() || !r.values[j]) continue;
        const Kind kind = cell_kind(t, r, j);
        const double v = *r.values[j];
        const std::string f = formula(r, t, group, j, row, col);
        write_number(ws, row, col, f, v, kind, bold);
        widths[col] = std::max(widths[col], static_cast<double>(format_value(v, kind).size()) + 2);
      }
    }
    lxw_row_t row = kFirstDataRow + static_cast<lxw_row_t>(t.rows.size()) + 1;
    for (const auto& n : t.notes) string(ws, row++, 0, n.in(book_.lang), f_.note);
    widths[1] = std::min(widths[1], kMaxLabelWidth);
    for (std::size_t c = 0; c < widths.size(); ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr);
    worksheet_freeze_panes(ws, kFirstDataRow, 2);
  }

  // A summary item's formula, or empty when it has none or its rows are not in the workbook.
  std::string item_formula(const Item& it, int group, const std::string& rate_cell) {
    const auto& f = it.formula;
    if (f.fn == ItemFormula::Fn::None || !it.value) return {};
    const auto rr = row_range(f.row, group);
    if (!rr) return {};
    const WorkbookContext& ctx = book_.groups.at(static_cast<std::size_t>(group));
    switch (f.fn) {
      case ItemFormula::Fn::None: return {};
      case ItemFormula::Fn::Npv:
        if (rate_cell.empty()) return {};
        switch (ctx.timing) {
          case Timing::EndOfPeriod: return fmt::format("=NPV({},{})", rate_cell, rr->range);
          case Timing::AtStart: return fmt::format("={}+NPV({},{})", rr->first_cell, rate_cell, rr->rest);
          case Timing::MidPeriod: return fmt::format("=NPV({0},{1})*(1+{0})^0.5", rate_cell, rr->range);
        }
        return {};
      case ItemFormula::Fn::Irr: return fmt::format("=IRR({},{})", rr->range, number(*it.value));
      case ItemFormula::Fn::Min: return fmt::format("=MIN({})", rr->range);
      case ItemFormula::Fn::Payback: {
        // T − 1 + |cumulative(T−1)| / NCF(T), T the first year the cumulative flow is not
        // negative. COUNTIF finds T only when every negative year comes before it, so the
        // formula is written only for such rows.
        const auto cum = row_range(f.cumulative, group);
        if (!cum) return {};
        bool seen_nonnegative = false;
        for (const auto& v : cum->row->values) {
          if (!v) return {};
          if (*v >= 0) seen_nonnegative = true;
          else if (seen_nonnegative) return {};
        }
        const std::string n = fmt::format("COUNTIF({},\"<0\")", cum->range);
        const std::string base = ctx.timing == Timing::AtStart ? "-1" : "";
        return fmt::format("=IF({0}=0,0,{0}{3}-INDEX({1},1,{0})/INDEX({2},1,{0}+1))", n, cum->range, rr->range, base);
      }
    }
    return {};
  }

  // `label` as a formula that shows the rate cell's value where the label shows the rate
  // (`ic=6.00%`, `ic = 6.00%`), when `formula` discounts at `rate_cell`; empty otherwise.
  static std::string live_rate_label(const std::string& label, const std::string& formula, const std::string& rate_cell,
                                     const WorkbookContext& ctx) {
    if (formula.empty() || rate_cell.empty() || !ctx.discount_rate || formula.find(rate_cell) == std::string::npos) return {};
    const std::string ic = format_percent(*ctx.discount_rate);  // as the summary writes it
    std::size_t at = std::string::npos;
    for (const char* before : {"ic=", "ic = ", "is=", "is = "})
      if (const auto k = label.find(before + ic); k != std::string::npos) at = k + std::string(before).size();
    if (at == std::string::npos) return {};
    const auto quoted = [](std::string_view text) {
      std::string q = "\"";
      for (char c : text) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      return q + "\"";
    };
    // format_percent's two decimals, in the spreadsheet's own format code.
    return "=" + quoted(label.substr(0, at)) + "&TEXT(" + rate_cell + ",\"0.00%\")&" + quoted(label.substr(at + ic.size()));
  }

  void write_blocks(lxw_worksheet* ws, lxw_row_t& row, const std::vector<TextBlock>& blocks, std::vector<double>& widths) {
    for (const auto& b : blocks) {
      ++row;
      string(ws, row++, 0, b.heading, f_.bold);
      if (!b.columns.empty()) {
        for (std::size_t c = 0; c < b.columns.size(); ++c) {
          string(ws, row, static_cast<lxw_col_t>(c), b.columns[c], f_.header);
          if (c >= widths.size()) widths.resize(c + 1, 8);
          widths[c] = std::max(widths[c], static_cast<double>(display_width(b.columns[c])) + 2);
        }
        ++row;
      }
      for (const auto& cells : b.rows) {
        for (std::size_t c = 0; c < cells.size(); ++c) {
          string(ws, row, static_cast<lxw_col_t>(c), cells[c], f_.text);
          if (c >= widths.size()) widths.resize(c + 1, 8);
          // The last cell of a line may run on (a message); the others set their column.
          if (c + 1 < cells.size()) widths[c] = std::max(widths[c], static_cast<double>(display_width(cells[c])) + 2);
        }
        ++row;
      }
    }
  }

  void write_summary(lxw_worksheet* ws, const SummarySheet& m, int group) {
    const Lang lang = book_.lang;
    const Summary& s = m.summary;
    write_title(ws, lang == Lang::Zh ? s.title_zh : s.title_en, s.unit);
    string(ws, kHeaderRow, 0, msg_in(lang, Report::summary_indicator_column), f_.header);
    string(ws, kHeaderRow, 1, msg_in(lang, Report::summary_figure_column), f_.header);
    string(ws, kHeaderRow, 2, msg_in(lang, Report::summary_note_column), f_.header);
    std::vector<double> widths{static_cast<double>(display_width(msg_in(lang, Report::summary_indicator_column))) + 2, 14, 12};
    lxw_row_t row = kFirstDataRow;
    std::string rate_cell;
    const WorkbookContext& ctx = book_.groups.at(static_cast<std::size_t>(group));
    // The rate the sheet's NPV formulas read: the group's benchmark rate, or the sheet's own.
    WorkbookContext rated = ctx;
    if (m.rate) rated.discount_rate = m.rate->value;
    if (rated.discount_rate) {
      const std::string label_text = m.rate ? m.rate->label : msg_in(lang, Report::benchmark_rate_cell);
      string(ws, row, 0, label_text, f_.text);
      write_number(ws, row, 1, {}, *rated.discount_rate, Kind::Rate);
      string(ws, row, 2,
             m.rate ? m.rate->note : msg_in(lang, Report::benchmark_rate_cell_note, "rate"_a = format_percent(*rated.discount_rate)),
             f_.note);
      widths[0] = std::max(widths[0], static_cast<double>(display_width(label_text)) + 2);
      rate_cell = "$B$" + std::to_string(row + 1);
      ++row;
    }
    for (const auto& it : s.items) {
      const std::string& text_label = lang == Lang::Zh ? it.label_zh : it.label_en;
      const std::string f = it.value && std::isfinite(*it.value) ? item_formula(it, group, rate_cell) : std::string();
      // An item whose formula discounts at the rate cell names that rate in its label (ic=6.00%):
      // the label is a formula on the same cell, so that a planner who edits the rate does not
      // see the old rate beside the new value.
      if (const std::string live = live_rate_label(text_label, f, rate_cell, rated); !live.empty())
        worksheet_write_formula_str(ws, row, 0, live.c_str(), f_.text, text_label.c_str());
      else
        string(ws, row, 0, text_label, f_.text);
      widths[0] = std::max(widths[0], static_cast<double>(display_width(text_label)) + 2);
      if (it.value && std::isfinite(*it.value)) {
        write_number(ws, row, 1, f, *it.value, it.kind);
        widths[1] = std::max(widths[1], static_cast<double>(format_value(*it.value, it.kind).size()) + 2);
      }
      std::string note = lang == Lang::En && !it.text_en.empty() ? it.text_en : it.text;
      if (!it.value && !it.reason.empty()) note += (note.empty() ? "" : "; ") + it.reason.in(lang);
      string(ws, row, 2, note, f_.text);
      ++row;
    }
    write_blocks(ws, row, m.blocks, widths);
    widths[0] = std::min(widths[0], kMaxLabelWidth);
    for (std::size_t c = 0; c < widths.size(); ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr);
    worksheet_freeze_panes(ws, kFirstDataRow, 1);
  }

  void write_text(lxw_worksheet* ws, const TextSheet& t) {
    string(ws, kTitleRow, 0, t.title, f_.title);
    std::vector<double> widths{12};
    lxw_row_t row = kTitleRow;
    write_blocks(ws, row, t.blocks, widths);
    for (auto& w : widths) w = std::min(w, kMaxLabelWidth);
    for (std::size_t c = 0; c < widths.size(); ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr);
  }

  const Workbook& book_;
  lxw_workbook* wb_;
  Formats f_;
  std::vector<std::string> names_;
  std::map<std::pair<int, std::string>, Placed> placed_;
  std::size_t formulas_ = 0;
};

}  // namespace

std::string sheet_name(const std::string& wanted) {
  // The characters Excel refuses become spaces, and runs of spaces one ("uses: sources" must not
  // read "uses  sources").
  std::string s;
  for (char c : wanted) {
    const char k = std::string(":\\/?*[]").find(c) == std::string::npos ? c : ' ';
    if (k == ' ' && (s.empty() || s.back() == ' ')) continue;
    s += k;
  }
  while (!s.empty() && s.front() == '\'') s.erase(s.begin());
  const std::string cut = utf8_prefix(s, 31);
  // A cut through a word of Latin letters goes back to the word's start: "Maturity wall", not
  // "Maturity wall (contractual prin". Chinese has no spaces to go back to, and needs none.
  if (cut.size() < s.size()) {
    const auto letter = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    std::size_t end = cut.size();
    if (letter(cut.back()) && letter(s[end])) {
      const auto space = cut.find_last_of(' ');
      if (space != std::string::npos && space > 0) end = space;
    }
    s = cut.substr(0, end);
    // An aside cut open reads as a typo: "Maturity wall (contractual" ends before its parenthesis.
    if (const auto open = s.find_last_of('('); open != std::string::npos && s.find(')', open) == std::string::npos && open > 0)
      s.erase(open);
    // Nor does it end on what opens or joins: "Revenue, taxes and surcharges," loses the comma,
    // "Economic cost-benefit flows of" its "of".
    for (bool trimmed = true; trimmed;) {
      trimmed = false;
      while (!s.empty() && std::string(" ,;(&-").find(s.back()) != std::string::npos) s.pop_back(), trimmed = true;
      for (const char* word : {" and", " of", " for", " from", " by", " the", " their", " its", " each", " to", " with", " in", " or"}) {
        const std::string w = word;
        if (s.size() > w.size() && s.compare(s.size() - w.size(), w.size(), w) == 0) {
          s.erase(s.size() - w.size());
          trimmed = true;
        }
      }
    }
  }
  while (!s.empty() && (s.back() == '\'' || s.back() == ' ')) s.pop_back();
  return s.empty() ? std::string("Sheet") : s;
}

std::string write_xlsx(const Workbook& book, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return "the file could not be created";
  lxw_doc_properties props{};
  std::string title = book.title;
  std::string author = "appraise " APPRAISE_VERSION;
  props.title = title.data();
  props.author = author.data();
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) props.created = static_cast<time_t>(std::strtoll(epoch, nullptr, 10));
  workbook_set_properties(wb, &props);
  std::string error;
  try {
    Writer(book, wb).write();
  } catch (const std::exception& e) {
    error = e.what();
  }
  const lxw_error rc = workbook_close(wb);  // frees the workbook whatever happened
  if (error.empty() && rc != LXW_NO_ERROR) error = lxw_strerror(rc);
  return error;
}

}  // namespace appraise::report
