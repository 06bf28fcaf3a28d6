#include "appraise/io/reader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <map>

#include "appraise/core/text.hpp"
#include "appraise/core/units.hpp"
#include "appraise/messages/core.hpp"
#include "appraise/project/validation.hpp"

namespace appraise::io {

using messages::Io;
using namespace literals;

void Reader::add(Severity s, const Node& at, const std::string& field, Message message, Message expected, Message hint) {
  Diagnostic d;
  d.severity = s;
  d.location = location(at);
  d.field = field;
  d.message = std::move(message);
  d.expected = std::move(expected);
  d.hint = std::move(hint);
  if (at.mark.line >= 1 && static_cast<std::size_t>(at.mark.line) <= doc_.lines.size())
    d.source_line = doc_.lines[at.mark.line - 1];
  diags_.add(std::move(d));
}

void Reader::note_place(const std::string& path, const Node& value) {
  if (!places_) return;
  // A scalar at its value; a list or mapping at its key (its value starts on a later line).
  const Node at = value.is_scalar() ? value : key_of(value);
  std::string line;
  if (at.mark.line >= 1 && static_cast<std::size_t>(at.mark.line) <= doc_.lines.size()) line = doc_.lines[at.mark.line - 1];
  places_->add(path, {location(at), std::move(line)});
}

void Reader::error(const Node& at, const std::string& field, Message message, Message expected, Message hint) {
  add(Severity::Error, at, field, std::move(message), std::move(expected), std::move(hint));
}

void Reader::warning(const Node& at, const std::string& field, Message message, Message hint) {
  add(Severity::Warning, at, field, std::move(message), {}, std::move(hint));
}

void Reader::error(const std::string& field, Message message, Message hint) {
  Diagnostic d;
  d.location = SourceLocation{doc_.path, 0, 0, 1};
  d.field = field;
  d.message = std::move(message);
  d.hint = std::move(hint);
  diags_.add(std::move(d));
}

bool refuse_other_kind(Reader& r) {
  const Document& doc = r.document();
  // One file, one kind: a model's `project:` beside a portfolio's or a programme's section would
  // otherwise be read as whichever the command expects, the rest ignored without a word.
  const std::array<DocumentKind, 3> whole{DocumentKind::Model, DocumentKind::Portfolio, DocumentKind::Programme};
  const Node* first = nullptr;
  DocumentKind first_kind = DocumentKind::Model;
  for (const DocumentKind k : whole) {
    const Node* key = kind_key(doc.root, k);
    if (!key) continue;
    if (!first) {
      first = key;
      first_kind = k;
      continue;
    }
    r.error(*key, key->scalar,
            msg(Io::two_kinds, "first"_a = first->scalar, "first_kind"_a = document_noun(first_kind), "second"_a = key->scalar,
                "second_kind"_a = document_noun(k)),
            {}, msg(Io::two_kinds_hint));
    return true;
  }
  const auto found = kind_of(doc.root);
  if (!found || *found == doc.kind) return false;
  const Node& at = *kind_key(doc.root, *found);
  Message hint;
  switch (*found) {
    case DocumentKind::Model: hint = msg(Io::other_kind_run, "path"_a = doc.path); break;
    case DocumentKind::Portfolio: hint = msg(Io::other_kind_debt, "path"_a = doc.path); break;
    case DocumentKind::Programme: hint = msg(Io::other_kind_programme, "path"_a = doc.path); break;
    case DocumentKind::Ledger: break;
    case DocumentKind::Scenarios:
      if (doc.root.find("scenarios") || doc.root.find("options")) {
        hint = msg(Io::other_kind_compare, "path"_a = doc.path);
      } else {  // a risk file: its model, as the command line would name it
        const Node* model = doc.root.find("model");
        hint = msg(Io::other_kind_risk, "path"_a = doc.path,
                   "model"_a = model && model->is_scalar() ? Message::same(path_beside(doc.path, model->scalar))
                                                           : msg(Io::other_kind_model_placeholder));
      }
      break;
  }
  r.error(at, at.scalar, msg(Io::other_kind, "found"_a = document_noun(*found), "expected"_a = document_noun(doc.kind)),
          msg(Io::other_kind_expected, "expected"_a = document_noun(doc.kind), "start"_a = traits(doc.kind).starts_with), hint);
  return true;
}

namespace {

// The byte just past the value that starts at byte `start` of `line`, when it ends on this
// line: a quoted text's closing quote, a flow collection's closing bracket.
std::optional<std::size_t> end_on_line(const std::string& line, std::size_t start) {
  if (start >= line.size()) return std::nullopt;
  const char open = line[start];
  if (open == '"' || open == '\'') {
    for (std::size_t i = start + 1; i < line.size(); ++i) {
      if (open == '"' && line[i] == '\\') { ++i; continue; }
      if (line[i] == open) {
        if (open == '\'' && i + 1 < line.size() && line[i + 1] == '\'') { ++i; continue; }
        return i + 1;
      }
    }
    return std::nullopt;
  }
  if (open != '[' && open != '{') return std::nullopt;
  int depth = 0;
  char quote = 0;
  for (std::size_t i = start; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (quote == '"' && c == '\\') { ++i; continue; }
      if (c == quote) quote = 0;
      continue;
    }
    if ((c == '"' || c == '\'') && i > 0 && (line[i - 1] == ' ' || line[i - 1] == '[' || line[i - 1] == '{' || line[i - 1] == ',')) quote = c;
    else if (c == '[' || c == '{') ++depth;
    else if ((c == ']' || c == '}') && --depth == 0) return i + 1;
    else if (c == '#' && line[i - 1] == ' ') return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

SourceLocation Reader::location(const Node& at) const {
  SourceLocation loc{doc_.path, at.mark.line, at.mark.column, 1};
  if (at.mark.line < 1 || static_cast<std::size_t>(at.mark.line) > doc_.lines.size()) return loc;
  const std::string& line = doc_.lines[at.mark.line - 1];
  const std::size_t start = static_cast<std::size_t>(std::max(at.mark.column - 1, 0));
  // Columns as editors count them: characters, not bytes (a Chinese character is 3 bytes).
  loc.column = static_cast<int>(code_points_in_prefix(line, start)) + 1;
  if (start >= line.size()) return loc;
  const std::string_view rest = std::string_view(line).substr(start);
  std::size_t chars = 1;
  if (const auto end = end_on_line(line, start)) {
    chars = code_points_in_prefix(rest, *end - start);
  } else if (at.is_scalar() && !at.quoted) {
    chars = code_points_in_prefix(at.scalar, at.scalar.size());
  } else if (at.is_scalar()) {
    chars = code_points_in_prefix(rest, rest.size());  // a quoted text that runs on to later lines
  }
  loc.length = static_cast<int>(std::max<std::size_t>(1, std::min(chars, code_points_in_prefix(rest, rest.size()))));
  return loc;
}

Node key_of(const Node& value) {
  if (value.key_mark.line < 1) return value;
  Node at;
  at.kind = Node::Kind::Scalar;
  at.scalar = value.key_text;
  at.mark = value.key_mark;
  return at;
}

Message full_width_bracket_hint(const Node& n) {
  if (!n.is_scalar()) return {};
  for (const char* b : {"\xE3\x80\x90", "\xEF\xBC\xBB", "\xEF\xBD\x9B"})  // 【 ［ ｛
    if (n.scalar.find(b) != std::string::npos) return msg(Io::read_full_width_bracket, "bracket"_a = b);
  return {};
}

bool is_percent_text(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return (!s.empty() && s.back() == '%') || (s.size() >= 3 && s.substr(s.size() - 3) == "\xEF\xBC\x85");
}

std::string choice_list(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += "`" + words[i] + "`";
  }
  return out;
}

Message choices(const std::vector<std::string>& words) {
  if (words.empty()) return {};
  std::vector<std::string> quoted;
  for (const auto& w : words) quoted.push_back("`" + w + "`");
  const std::string last = quoted.back();
  quoted.pop_back();
  if (quoted.empty()) return Message::same(last);
  return msg(Io::data_choices_or, "rest"_a = joined(quoted), "last"_a = last);
}

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::optional<std::string> closest_word(const std::string& word, const std::vector<std::string>& words) {
  // Capitals are far from the word by edit distance (PERT is four edits from pert) and near by meaning.
  for (const auto& w : words)
    if (w != word && lower_ascii(w) == lower_ascii(word)) return w;
  return closest_match(word, words);
}

namespace {

bool check_kind_scalar(Reader& r, const Node& n, const std::string& field, const Message& expected) {
  if (n.is_scalar()) return true;
  Message hint;
  if (n.is_sequence()) hint = msg(Io::read_no_list_here);
  else if (n.is_map()) hint = msg(Io::read_no_mapping_here);
  r.error(n, field, msg(Io::read_expected_got, "expected"_a = expected, "got"_a = described(n)), {}, hint);
  return false;
}

// A number for messages: 9000, 0.3, 999,999,999,900 -- never 0.30000000000000004, and no
// exponent a planner must decode (9.999999999e+11) below 1e15; far beyond, 1e+20.
std::string number_text(double v) {
  const std::string g = fmt::format("{:.10g}", v);
  if (g.find('e') == std::string::npos || !(std::abs(v) >= 1.0 && std::abs(v) < 1e15)) return g;
  return group_thousands(format_fixed(v, 0));
}

// The accepted range of a rule, for the `expected` line, when `what` does not say it already.
Message with_range(const NumberRule& rule) {
  const std::string& en = rule.what.en;
  if (!rule.show_range || en.find(" from ") != std::string::npos || en.find(" or more") != std::string::npos)
    return rule.what;
  if (rule.min && rule.max)
    return msg(Io::range_from_to, "what"_a = rule.what, "min"_a = number_text(*rule.min), "max"_a = number_text(*rule.max));
  if (rule.min && *rule.min == 0.0 && !rule.min_exclusive) return msg(Io::range_zero_or_more, "what"_a = rule.what);
  if (rule.min)
    return msg(rule.min_exclusive ? Io::range_above : Io::range_at_least, "what"_a = rule.what, "min"_a = number_text(*rule.min));
  if (rule.max) return msg(Io::range_at_most, "what"_a = rule.what, "max"_a = number_text(*rule.max));
  return rule.what;
}

}  // namespace

NumberRule number_rule(const Limit& limit, Message what, bool show_range) {
  NumberRule rule;
  rule.min = limit.min;
  rule.min_exclusive = limit.min_open;
  if (limit.max < limits::kLargestAmount) rule.max = limit.max;
  rule.max_abs = limits::kLargestAmount;
  rule.integer = limit.whole;
  rule.what = std::move(what);
  rule.show_range = show_range;
  return rule;
}

RateRule rate_rule(const Limit& limit, Message what) {
  RateRule rule;
  rule.min = limit.min;
  rule.max = limit.max;
  rule.what = std::move(what);
  return rule;
}

bool money_unit_ok(Reader& r, const Node& n, const std::string& field, const std::string& unit) {
  if (unit.find_first_not_of(' ') == std::string::npos) {
    r.error(n, field, msg(Io::model_unit_blank), msg(Io::model_unit_expected));
    return false;
  }
  for (const char* magnitude : {"万", "亿", "千", "百万", "千万", "十万", "百"})
    if (unit == magnitude) {
      r.error(n, field, msg(Io::unit_bare_magnitude, "unit"_a = unit), msg(Io::model_unit_expected),
              msg(Io::unit_bare_magnitude_hint, "unit"_a = unit));
      return false;
    }
  return true;
}

Message money_unit_hint(std::string_view key, const std::string& unit) {
  // 1.2亿 in the units a Chinese file keeps money in.
  static const std::vector<std::pair<std::string, const char*>> example{
      {"元", "120000000"}, {"千元", "120000"}, {"万元", "12000"}, {"百万元", "120"}, {"亿元", "1.2"}};
  for (const auto& [u, e] : example)
    if (u == unit) return msg(Io::read_money_word_in, "unit"_a = unit, "key"_a = key, "example"_a = e);
  return msg(Io::read_money_word_in_unit, "unit"_a = unit, "key"_a = key);
}

Message for_unit(const Message& hint, const Message& unit_hint) {
  // core says the model's unit of a money word (万, 亿, 元); the caller knows this value's.
  return !unit_hint.empty() && hint == msg(messages::Core::read_money_word) ? unit_hint : hint;
}

std::optional<double> read_number(Reader& r, const Node& n, const std::string& field, const NumberRule& rule) {
  if (!check_kind_scalar(r, n, field, rule.what)) return std::nullopt;
  const auto p = parse_number(n.scalar);
  if (!p.value) {
    Message hint = for_unit(p.hint, rule.unit_hint);
    if (is_percent_text(n.scalar)) hint = msg(Io::read_amount_no_percent);
    if (auto h = full_width_bracket_hint(n); !h.empty()) hint = std::move(h);
    r.error(n, field, p.error, rule.what.empty() ? p.expected : with_range(rule), hint);
    return std::nullopt;
  }
  const double v = *p.value;
  const std::string shown = shorten(n.scalar);
  if (std::abs(v) > rule.max_abs) {
    std::string limit = fmt::format("{:g}", rule.max_abs);  // 1e+15 -> 1e15
    if (const auto plus = limit.find("e+"); plus != std::string::npos) limit.erase(plus + 1, 1);
    r.error(n, field, msg(Io::read_too_large, "value"_a = shown, "limit"_a = limit), with_range(rule), msg(Io::read_check_unit));
    return std::nullopt;
  }
  if (rule.integer && v != std::floor(v)) {
    r.error(n, field, msg(Io::read_not_whole, "value"_a = shown), with_range(rule));
    return std::nullopt;
  }
  if (rule.min && (v < *rule.min || (rule.min_exclusive && v == *rule.min))) {
    if (*rule.min == 0.0 && v < 0 && !rule.min_exclusive)
      r.error(n, field, msg(Io::read_negative, "value"_a = shown), with_range(rule),
              rule.what.en.rfind("an amount", 0) == 0 ? msg(Io::read_amounts_positive) : Message{});
    else
      r.error(n, field,
              msg(rule.min_exclusive ? Io::read_not_above : Io::read_below_min, "value"_a = shown,
                  "min"_a = number_text(*rule.min)),
              with_range(rule));
    return std::nullopt;
  }
  if (rule.max && v > *rule.max) {
    r.error(n, field, msg(Io::read_above_max, "value"_a = shown, "max"_a = number_text(*rule.max)), with_range(rule));
    return std::nullopt;
  }
  return v;
}

std::optional<BarePercent> bare_percent(std::string_view text, const RateRule& rule) {
  if (!rule.bare_max || is_percent_text(text)) return std::nullopt;
  const auto bare = parse_number(text);
  if (!bare.value || !(std::abs(*bare.value) > *rule.bare_max)) return std::nullopt;
  const std::string shown = shorten(text), percent = number_text(*bare.value * 100.0);
  // "Or 7000% if you really mean that" only where 7000% is in the field's range.
  const bool in_range = *bare.value >= rule.min && *bare.value <= rule.max;
  return BarePercent{msg(Io::data_bare_percent, "value"_a = shown, "percent"_a = percent),
                     msg(in_range ? Io::data_bare_percent_hint : Io::data_bare_percent_hint_only, "value"_a = shown,
                         "percent"_a = percent)};
}

RateRule relative_change_rule() {
  return {.min = -1.0, .max = 10.0, .kind = Proportion::Factor, .what = msg(Io::risk_a_change),
          .example = msg(Io::risk_change_expected), .bare_max = kBareChangeMax};
}

std::optional<double> read_rate(Reader& r, const Node& n, const std::string& field, const RateRule& rule) {
  const Message expected = rule.example.empty() ? msg(Io::rate_such_as, "what"_a = rule.what) : rule.example;
  if (!check_kind_scalar(r, n, field, expected)) return std::nullopt;
  if (const auto bare = bare_percent(n.scalar, rule)) {
    r.error(n, field, bare->error, expected, bare->hint);
    return std::nullopt;
  }
  const auto p = parse_rate(n.scalar, rule.kind);
  if (!p.value) {
    const Message h = full_width_bracket_hint(n);
    r.error(n, field, p.error, expected, h.empty() ? p.hint : h);
    return std::nullopt;
  }
  const double v = *p.value;
  auto pct = [](double x) { return number_text(x * 100.0) + "%"; };
  if (v < rule.min || v > rule.max) {
    const std::string shown = shorten(n.scalar);
    r.error(n, field,
            v < rule.min ? msg(Io::read_below_min, "value"_a = shown, "min"_a = pct(rule.min))
                         : msg(Io::read_above_max, "value"_a = shown, "max"_a = pct(rule.max)),
            msg(Io::range_from_to, "what"_a = rule.what, "min"_a = pct(rule.min), "max"_a = pct(rule.max)));
    return std::nullopt;
  }
  return v;
}

std::optional<double> read_rate_change(Reader& r, const Node& n, const std::string& field) {
  if (n.is_scalar() && !is_percent_text(n.scalar))
    if (const auto p = parse_number(n.scalar); p.value && std::abs(*p.value) >= 1.0) {
      r.error(n, field,
              msg(*p.value > 0 ? Io::data_rate_change_raises : Io::data_rate_change_lowers, "value"_a = shorten(n.scalar),
                  "points"_a = std::abs(*p.value) * 100.0),
              msg(Io::data_rate_change_expected), msg(Io::data_rate_change_percent_hint, "value"_a = shorten(n.scalar)));
      return std::nullopt;
    }
  // A change is not a rate: -150% takes a 6% rate nowhere a rate can be, and the model's own
  // checks say so of the changed rate; the reading speaks of a change.
  return read_rate(r, n, field, {.min = -10.0, .max = 10.0, .kind = Proportion::Factor, .what = msg(Io::data_a_change_in_rate),
                                 .example = msg(Io::data_rate_change_expected)});
}

std::optional<std::string> read_text(Reader& r, const Node& n, const std::string& field) {
  if (!check_kind_scalar(r, n, field, msg(Io::read_text_expected))) return std::nullopt;
  return n.scalar;
}

std::optional<bool> read_flag(Reader& r, const Node& n, const std::string& field) {
  if (n.is_scalar() && !n.quoted) {
    // 是 and 否 as a Chinese ledger writes them.
    if (n.scalar == "true" || n.scalar == "yes" || n.scalar == "on" || n.scalar == "\xE6\x98\xAF") return true;
    if (n.scalar == "false" || n.scalar == "no" || n.scalar == "off" || n.scalar == "\xE5\x90\xA6") return false;
  }
  r.error(n, field, msg(Io::read_flag_got, "got"_a = described(n)), msg(Io::read_flag_expected));
  return std::nullopt;
}

MapReader::MapReader(Reader& r, const Node& node, std::string path) : r_(r), node_(node), path_(std::move(path)) {
  if (!node.is_map()) {
    valid_ = false;
    if (path_.empty())
      r.error(node, path_,
              msg(Io::read_file_not_mapping, "section"_a = traits(r.document().kind).starts_with, "got"_a = described(node)), {},
              msg(Io::read_file_start_hint, "section"_a = traits(r.document().kind).starts_with));
    else
      r.error(node, path_, msg(Io::read_mapping_got, "got"_a = described(node)), msg(Io::read_mapping_expected),
              full_width_bracket_hint(node));
    return;
  }
  std::map<std::string, int> first_line;
  for (const auto& [k, v] : node.entries) {
    if (!k.is_scalar()) {
      r.error(k, path_, msg(Io::read_key_not_word, "got"_a = described(k)), {}, msg(Io::read_key_hint));
      continue;
    }
    auto [it, inserted] = first_line.emplace(k.scalar, k.mark.line);
    if (!inserted)
      r.error(k, path_of(k.scalar), msg(Io::read_duplicate_key, "key"_a = k.scalar, "line"_a = it->second), {},
              msg(Io::read_duplicate_key_hint));
  }
}

std::string MapReader::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

bool MapReader::has(std::string_view key) {
  known_.emplace_back(key);
  if (!valid_) return false;
  for (const auto& [k, v] : node_.entries)
    if (k.is_scalar() && k.scalar == key) return true;
  return false;
}

const Node* MapReader::get(std::string_view key) {
  known_.emplace_back(key);
  if (!valid_) return nullptr;
  const Node* n = node_.find(key);
  if (n && !n->is_null() && r_.places()) r_.note_place(path_of(key), *n);
  return (n && !n->is_null()) ? n : nullptr;
}

const Node* MapReader::key_node(std::string_view key) const {
  for (const auto& [k, v] : node_.entries)
    if (k.is_scalar() && k.scalar == key) return &k;
  return nullptr;
}

const Node* MapReader::require(std::string_view key, const Message& expected) {
  const Node* n = get(key);
  if (n || !valid_) return n;
  if (const Node* present = node_.find(key)) {
    r_.error(*present, path_of(key), msg(Io::read_key_empty, "key"_a = key), expected);
    return n;
  }
  // A key that is a near miss for the missing one (operation_year for operation_years) is the
  // one problem to report, at the misspelt key.
  std::vector<std::string> wanted{std::string(key)};
  for (const auto& [k, v] : node_.entries) {
    if (!k.is_scalar() || std::find(known_.begin(), known_.end(), k.scalar) != known_.end()) continue;
    if (closest_match(k.scalar, wanted)) {
      r_.error(k, path_of(key), msg(Io::read_key_misspelt, "key"_a = key, "found"_a = shorten(k.scalar)), expected,
               msg(Io::read_rename_key, "found"_a = shorten(k.scalar), "key"_a = key));
      misspelt_.push_back(k.scalar);
      return n;
    }
  }
  if (path_.empty()) {
    // A missing section belongs to the whole file, not to the line the file happens to start with.
    r_.error(Node{}, "", msg(Io::read_section_missing, "document"_a = document_noun(r_.document().kind), "key"_a = key),
             expected);
  } else {
    // Point at the key that owns this mapping: `project:` for a key missing in project.
    r_.error(key_of(node_), path_of(key), msg(Io::read_key_missing_in, "key"_a = key, "path"_a = path_), expected);
  }
  return n;
}

std::optional<double> MapReader::number(std::string_view key, const NumberRule& rule) {
  const Node* n = get(key);
  return n ? read_number(r_, *n, path_of(key), rule) : std::nullopt;
}

std::optional<double> MapReader::rate(std::string_view key, const RateRule& rule) {
  const Node* n = get(key);
  return n ? read_rate(r_, *n, path_of(key), rule) : std::nullopt;
}

std::optional<std::string> MapReader::text(std::string_view key) {
  const Node* n = get(key);
  return n ? read_text(r_, *n, path_of(key)) : std::nullopt;
}

std::optional<bool> MapReader::flag(std::string_view key) {
  const Node* n = get(key);
  return n ? read_flag(r_, *n, path_of(key)) : std::nullopt;
}

namespace {

// The keys a mapping knows, for a hint: "a, b, c" in English, "`a`、`b`、`c`" in Chinese, where
// keys are code set apart from the sentence around them.
Message key_list(const std::vector<std::string>& keys) {
  std::vector<std::string> ticked;
  for (const auto& k : keys) ticked.push_back("`" + k + "`");
  Message m = joined(ticked);
  m.en = joined(keys).en;
  return m;
}

}  // namespace

void MapReader::finish() {
  if (!valid_) return;
  std::vector<std::string> known = known_;
  std::sort(known.begin(), known.end());
  known.erase(std::unique(known.begin(), known.end()), known.end());
  for (const auto& [k, v] : node_.entries) {
    if (!k.is_scalar() || std::binary_search(known.begin(), known.end(), k.scalar)) continue;
    if (std::find(misspelt_.begin(), misspelt_.end(), k.scalar) != misspelt_.end()) continue;
    const Message keys = key_list(known);
    const auto c = closest_match(k.scalar, known);
    const Message hint = c ? msg(Io::read_did_you_mean_key, "key"_a = *c, "keys"_a = keys) : msg(Io::read_known_keys, "keys"_a = keys);
    const std::string name = shorten(k.scalar);
    r_.error(k, path_of(name),
             path_.empty() ? msg(Io::read_unknown_key, "key"_a = name) : msg(Io::read_unknown_key_in, "key"_a = name, "path"_a = path_),
             {}, hint);
  }
}

}  // namespace appraise::io
