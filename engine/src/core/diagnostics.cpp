#include "appraise/core/diagnostics.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "appraise/core/text.hpp"
#include "appraise/messages/core.hpp"

namespace appraise {
namespace {

using messages::Core;
using namespace literals;

std::string severity_word(Severity s, Lang lang) {
  switch (s) {
    case Severity::Error: return msg_in(lang, Core::severity_error);
    case Severity::Warning: return msg_in(lang, Core::severity_warning);
    case Severity::Note: return msg_in(lang, Core::severity_note);
  }
  return msg_in(lang, Core::severity_error);
}

std::vector<char32_t> code_points(const std::string& s) {
  std::vector<char32_t> out;
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(s, i, cp);
    out.push_back(cp);
    i += len == 0 ? 1 : len;
  }
  return out;
}

// Levenshtein distance on code points: names are often Chinese (通行费收入), where a distance
// in bytes would count one character as three.
std::size_t edit_distance(const std::vector<char32_t>& a, const std::vector<char32_t>& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// One character of an excerpt as the terminal will show it.
struct Cell {
  std::string text;
  std::size_t width = 1;
};

// The excerpt line as cells: a tab becomes 4 spaces (a terminal would expand it to a tab stop
// the caret line cannot know), control characters and bytes that are not UTF-8 become U+FFFD,
// so the caret stays under the character the column names.
std::vector<Cell> cells_of(const std::string& line) {
  std::vector<Cell> cells;
  std::size_t i = 0;
  while (i < line.size()) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(line, i, cp);
    if (len == 0) {
      cells.push_back({"\xEF\xBF\xBD", 1});
      ++i;
      continue;
    }
    if (cp == '\t') cells.push_back({"    ", 4});
    else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) cells.push_back({"\xEF\xBF\xBD", 1});
    else cells.push_back({line.substr(i, len), static_cast<std::size_t>(code_point_width(cp))});
    i += len;
  }
  return cells;
}

// Excerpts of very long lines are cut to a window around the caret.
constexpr std::size_t kExcerptWidth = 100;

std::string excerpt(const Diagnostic& d) {
  const auto& loc = *d.location;
  const std::vector<Cell> cells = cells_of(d.source_line);
  const std::size_t col = std::min(static_cast<std::size_t>(std::max(loc.column - 1, 0)), cells.size());
  const std::size_t len = static_cast<std::size_t>(std::max(loc.length, 1));
  std::size_t total = 0;
  for (const auto& c : cells) total += c.width;
  // The window of cells to show: everything, or about 30 columns before the caret.
  std::size_t first = 0, last = cells.size();
  if (total > kExcerptWidth) {
    std::size_t w = 0;
    first = col;
    while (first > 0 && w + cells[first - 1].width <= 30) w += cells[--first].width;
    last = first;
    w = 0;
    while (last < cells.size() && w + cells[last].width <= kExcerptWidth) w += cells[last++].width;
  }
  std::string text, carets;
  if (first > 0) { text += "\xE2\x80\xA6"; carets += ' '; }
  for (std::size_t k = first; k < last; ++k) {
    text += cells[k].text;
    if (k < col) carets.append(cells[k].width, ' ');
    else if (k < col + len) carets.append(std::max<std::size_t>(cells[k].width, 1), '^');
  }
  if (last < cells.size()) text += "\xE2\x80\xA6";
  if (col >= last) carets += '^';  // the caret is at the end of the line
  const std::string num = std::to_string(loc.line);
  const std::string gutter(num.size(), ' ');
  // Trailing spaces in the excerpt are noise (and break diffs).
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return fmt::format("{} |\n{} | {}\n{} | {}\n", gutter, num, text, gutter, carets);
}

}  // namespace

void SourceMap::add(std::string path, Place place) { places_.emplace_back(std::move(path), std::move(place)); }

void SourceMap::alias(std::string named, std::string path) { aliases_.emplace_back(std::move(named), std::move(path)); }

const SourceMap::Place* SourceMap::find(std::string path) const {
  for (const auto& [named, indexed] : aliases_)
    if (path.compare(0, named.size(), named) == 0 &&
        (path.size() == named.size() || path[named.size()] == '.' || path[named.size()] == '[')) {
      path = indexed + path.substr(named.size());
      break;
    }
  while (!path.empty()) {
    for (const auto& [p, place] : places_)
      if (p == path) return &place;
    // The enclosing path: up to the last `.` or `[` outside a `[...]` name (names may hold dots).
    std::size_t cut = std::string::npos;
    int depth = 0;
    for (std::size_t i = path.size(); i-- > 0;) {
      if (path[i] == ']') ++depth;
      else if (path[i] == '[' && --depth == 0) { cut = i; break; }
      else if (path[i] == '.' && depth == 0) { cut = i; break; }
    }
    if (cut == std::string::npos) break;
    path.resize(cut);
  }
  return nullptr;
}

std::string render(const Diagnostic& d, Lang lang, const std::string& program) {
  // Chinese separates the parts with the full-width colon; `file:line:col` stays as editors
  // and terminals recognise it.
  const char* sep = lang == Lang::Zh ? "\xEF\xBC\x9A" : ": ";
  std::string out = program + sep + severity_word(d.severity, lang) + sep;
  if (d.location) {
    const auto& loc = *d.location;
    out += loc.file;
    if (loc.line > 0) out += fmt::format(":{}:{}", loc.line, loc.column);
    out += sep;
  }
  if (!d.field.empty()) out += d.field + sep;
  out += d.message.in(lang);
  out += '\n';
  std::string indent = "  ";
  if (d.location && d.location->line > 0 && !d.source_line.empty()) {
    indent = std::string(std::to_string(d.location->line).size(), ' ') + " ";
    out += excerpt(d);
  }
  if (!d.place.empty()) out += indent + "= " + d.place.in(lang) + "\n";
  if (!d.expected.empty()) {
    // 应为利率 but 应为 `6%`: Chinese sets Latin text apart with a space.
    std::string what = d.expected.in(lang);
    if (lang == Lang::Zh && !what.empty() && static_cast<unsigned char>(what.front()) < 0x80) what.insert(0, " ");
    out += indent + "= " + msg_in(lang, Core::expected_line, "what"_a = what) + "\n";
  }
  if (!d.hint.empty()) out += indent + "= " + d.hint.in(lang) + "\n";
  return out;
}

std::string render_all(const Diagnostics& ds, const std::string& subject, Lang lang, const std::string& program) {
  std::string out;
  for (const auto& d : ds) {
    out += render(d, lang, program);
    out += '\n';
  }
  const auto errors = ds.error_count();
  const auto warnings = ds.warning_count();
  if (errors > 0) {
    // x.yaml 中有 but 部分结果文件中有: Chinese sets Latin text apart with a space.
    std::string subject_text = subject;
    if (lang == Lang::Zh && !subject_text.empty() && static_cast<unsigned char>(subject_text.back()) < 0x80) subject_text += ' ';
    const Message counted = errors == 1 ? msg(Core::one_error) : msg(Core::errors, "count"_a = errors);
    if (warnings > 0)
      out += msg_in(lang, Core::summary_with_warnings, "errors"_a = counted,
                    "warnings"_a = warnings == 1 ? msg(Core::one_warning) : msg(Core::warnings, "count"_a = warnings),
                    "subject"_a = subject_text);
    else
      out += msg_in(lang, Core::summary, "errors"_a = counted, "subject"_a = subject_text);
    out += '\n';
  }
  return out;
}

std::optional<std::string> closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  const auto w = code_points(word);
  std::optional<std::string> best;
  std::size_t best_d = static_cast<std::size_t>(-1);
  for (const auto& c : candidates) {
    const std::size_t dist = edit_distance(w, code_points(c));
    if (dist < best_d) {
      best_d = dist;
      best = c;
    }
  }
  const std::size_t limit = std::max<std::size_t>(1, (w.size() + 2) / 3);
  if (best && best_d <= limit) return best;
  // A shortened or lengthened name (通行费 for 通行费收入, tax_rate for income_tax_rate) is
  // a plausible slip too, when exactly one candidate contains the other.
  std::optional<std::string> containing;
  int found = 0;
  for (const auto& c : candidates) {
    const auto cc = code_points(c);
    const auto& shorter = cc.size() < w.size() ? cc : w;
    const auto& longer = cc.size() < w.size() ? w : cc;
    if (shorter.size() < 2 || shorter.size() == longer.size()) continue;
    if (std::search(longer.begin(), longer.end(), shorter.begin(), shorter.end()) != longer.end()) {
      containing = c;
      ++found;
    }
  }
  if (found == 1) return containing;
  return std::nullopt;
}

}  // namespace appraise
