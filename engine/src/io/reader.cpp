#include "appraise/io/reader.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

#include "appraise/text.hpp"
#include "appraise/units.hpp"

namespace appraise::io {

void Reader::add(Severity s, const Node& at, const std::string& field, std::string message, std::string expected,
                 std::string hint) {
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

void Reader::error(const Node& at, const std::string& field, std::string message, std::string expected,
                   std::string hint) {
  add(Severity::Error, at, field, std::move(message), std::move(expected), std::move(hint));
}

void Reader::warning(const Node& at, const std::string& field, std::string message, std::string hint) {
  add(Severity::Warning, at, field, std::move(message), {}, std::move(hint));
}

void Reader::error(const std::string& field, std::string message, std::string hint) {
  Diagnostic d;
  d.location = SourceLocation{doc_.path, 0, 0, 1};
  d.field = field;
  d.message = std::move(message);
  d.hint = std::move(hint);
  diags_.add(std::move(d));
}

SourceLocation Reader::location(const Node& at) const {
  SourceLocation loc{doc_.path, at.mark.line, at.mark.column, 1};
  if (at.is_scalar() && at.mark.line >= 1 && static_cast<std::size_t>(at.mark.line) <= doc_.lines.size()) {
    const std::string& line = doc_.lines[at.mark.line - 1];
    const std::size_t start = static_cast<std::size_t>(std::max(at.mark.column - 1, 0));
    const std::size_t rest = start < line.size() ? display_width(std::string_view(line).substr(start)) : 1;
    const std::size_t want = display_width(at.scalar) + (at.quoted ? 2 : 0);
    loc.length = static_cast<int>(std::max<std::size_t>(1, std::min(want, rest)));
  }
  return loc;
}

std::string choice_list(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += "`" + words[i] + "`";
  }
  return out;
}

std::optional<std::string> closest_word(const std::string& word, const std::vector<std::string>& words) {
  return closest_match(word, words);
}

namespace {

bool check_kind_scalar(Reader& r, const Node& n, const std::string& field, const std::string& expected) {
  if (n.is_scalar()) return true;
  r.error(n, field, fmt::format("expected {}, got {}", expected, describe(n)), expected);
  return false;
}

}  // namespace

std::optional<double> read_number(Reader& r, const Node& n, const std::string& field, const NumberRule& rule) {
  if (!check_kind_scalar(r, n, field, rule.what)) return std::nullopt;
  const auto p = parse_number(n.scalar);
  if (!p.value) {
    std::string hint = p.hint;
    if (n.scalar.size() > 1 && n.scalar.back() == '%')
      hint = "amounts are written without `%`; percentages belong to rates, shares and growth";
    r.error(n, field, p.error, rule.what.empty() ? p.expected : rule.what, hint);
    return std::nullopt;
  }
  const double v = *p.value;
  if (std::abs(v) > rule.max_abs) {
    r.error(n, field, fmt::format("{} is too large to be meant (the limit is {:g})", n.scalar, rule.max_abs),
            rule.what, "check the unit: amounts are in the model's money unit, e.g. 万元");
    return std::nullopt;
  }
  if (rule.integer && v != std::floor(v)) {
    r.error(n, field, fmt::format("{} is not a whole number", n.scalar), rule.what);
    return std::nullopt;
  }
  if (rule.min && (v < *rule.min || (rule.min_exclusive && v == *rule.min))) {
    r.error(n, field,
            fmt::format("{} is {} {:g}", n.scalar, rule.min_exclusive ? "not above" : "below", *rule.min), rule.what);
    return std::nullopt;
  }
  if (rule.max && v > *rule.max) {
    r.error(n, field, fmt::format("{} is above {:g}", n.scalar, *rule.max), rule.what);
    return std::nullopt;
  }
  return v;
}

std::optional<double> read_rate(Reader& r, const Node& n, const std::string& field, const RateRule& rule) {
  const std::string expected = rule.what + " such as `6%` or `0.06`";
  if (!check_kind_scalar(r, n, field, expected)) return std::nullopt;
  const auto p = parse_rate(n.scalar, rule.allow_bare_above_one);
  if (!p.value) {
    r.error(n, field, p.error, expected, p.hint);
    return std::nullopt;
  }
  const double v = *p.value;
  if (v < rule.min || v > rule.max) {
    r.error(n, field, fmt::format("{} is outside {} to {}", n.scalar, format_percent(rule.min, 0),
                                  format_percent(rule.max, 0)),
            expected);
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> read_text(Reader& r, const Node& n, const std::string& field) {
  if (!check_kind_scalar(r, n, field, "text")) return std::nullopt;
  return n.scalar;
}

std::optional<bool> read_flag(Reader& r, const Node& n, const std::string& field) {
  if (n.is_scalar() && !n.quoted) {
    if (n.scalar == "true" || n.scalar == "yes" || n.scalar == "on") return true;
    if (n.scalar == "false" || n.scalar == "no" || n.scalar == "off") return false;
  }
  r.error(n, field, fmt::format("expected true or false, got {}", describe(n)), "`true` or `false`");
  return std::nullopt;
}

MapReader::MapReader(Reader& r, const Node& node, std::string path) : r_(r), node_(node), path_(std::move(path)) {
  if (!node.is_map()) {
    valid_ = false;
    r.error(node, path_, fmt::format("expected a mapping of keys, got {}", describe(node)),
            "`key: value` lines indented under it");
    return;
  }
  std::map<std::string, int> first_line;
  for (const auto& [k, v] : node.entries) {
    if (!k.is_scalar()) {
      r.error(k, path_, "a key must be a plain word");
      continue;
    }
    auto [it, inserted] = first_line.emplace(k.scalar, k.mark.line);
    if (!inserted)
      r.error(k, path_of(k.scalar), fmt::format("duplicate key `{}` (first given on line {})", k.scalar, it->second),
              {}, "give each key once; YAML readers would silently keep only one of the values");
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
  return (n && !n->is_null()) ? n : nullptr;
}

const Node* MapReader::require(std::string_view key, std::string_view expected) {
  const Node* n = get(key);
  if (!n && valid_) {
    const bool present = node_.find(key) != nullptr;
    const Node& at = present ? *node_.find(key) : node_;
    r_.error(at, path_of(key),
             present ? fmt::format("`{}` is empty", key)
                     : fmt::format("`{}` is missing{}", key, path_.empty() ? "" : " in `" + path_ + "`"),
             std::string(expected));
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

void MapReader::finish() {
  if (!valid_) return;
  std::vector<std::string> known = known_;
  std::sort(known.begin(), known.end());
  known.erase(std::unique(known.begin(), known.end()), known.end());
  for (const auto& [k, v] : node_.entries) {
    if (!k.is_scalar() || std::binary_search(known.begin(), known.end(), k.scalar)) continue;
    std::string hint;
    if (auto c = closest_match(k.scalar, known))
      hint = fmt::format("did you mean `{}`? known keys: {}", *c, fmt::join(known, ", "));
    else
      hint = fmt::format("known keys here: {}", fmt::join(known, ", "));
    r_.error(k, path_of(k.scalar),
             fmt::format("unknown key `{}`{}", k.scalar, path_.empty() ? "" : " in `" + path_ + "`"), {}, hint);
  }
}

}  // namespace appraise::io
