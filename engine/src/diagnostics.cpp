#include "appraise/diagnostics.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "appraise/text.hpp"

namespace appraise {
namespace {

const char* severity_word(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

// Levenshtein distance on bytes; keys are ASCII.
std::size_t edit_distance(const std::string& a, const std::string& b) {
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

}  // namespace

std::string render(const Diagnostic& d, const std::string& program) {
  std::string out = fmt::format("{}: {}: ", program, severity_word(d.severity));
  if (d.location) {
    const auto& loc = *d.location;
    out += loc.file;
    if (loc.line > 0) out += fmt::format(":{}:{}", loc.line, loc.column);
    out += ": ";
  }
  if (!d.field.empty()) out += d.field + ": ";
  out += d.message;
  out += '\n';
  if (d.location && d.location->line > 0 && !d.source_line.empty()) {
    const auto& loc = *d.location;
    const std::string num = std::to_string(loc.line);
    const std::string gutter(num.size(), ' ');
    const std::size_t caret_col =
        display_width_of_prefix(d.source_line, static_cast<std::size_t>(std::max(loc.column - 1, 0)));
    const std::size_t caret_len = static_cast<std::size_t>(std::max(loc.length, 1));
    out += fmt::format("{} |\n{} | {}\n{} | {}{}\n", gutter, num, d.source_line, gutter,
                       std::string(caret_col, ' '), std::string(caret_len, '^'));
    if (!d.expected.empty()) out += fmt::format("{} = expected {}\n", gutter, d.expected);
    if (!d.hint.empty()) out += fmt::format("{} = {}\n", gutter, d.hint);
  } else {
    if (!d.expected.empty()) out += fmt::format("  = expected {}\n", d.expected);
    if (!d.hint.empty()) out += fmt::format("  = {}\n", d.hint);
  }
  return out;
}

std::string render_all(const Diagnostics& ds, const std::string& subject, const std::string& program) {
  std::string out;
  for (const auto& d : ds) {
    out += render(d, program);
    out += '\n';
  }
  const auto errors = ds.error_count();
  const auto warnings = ds.warning_count();
  if (errors > 0) {
    out += fmt::format("{} error{}", errors, errors == 1 ? "" : "s");
    if (warnings > 0) out += fmt::format(", {} warning{}", warnings, warnings == 1 ? "" : "s");
    out += fmt::format(" in {} (nothing was computed)\n", subject);
  }
  return out;
}

std::optional<std::string> closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_d = static_cast<std::size_t>(-1);
  for (const auto& c : candidates) {
    const std::size_t dist = edit_distance(word, c);
    if (dist < best_d) {
      best_d = dist;
      best = c;
    }
  }
  const std::size_t limit = std::max<std::size_t>(1, (word.size() + 2) / 3);
  if (best && best_d <= limit) return best;
  return std::nullopt;
}

}  // namespace appraise
