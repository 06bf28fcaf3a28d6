#pragma once
// Private to the loaders of scenario, risk, economic, portfolio, ledger and programme files: the
// pieces of their catalogue messages (messages/loader_data.def) that are lists of the file's
// own words.
#include <string>
#include <vector>

#include "appraise/io/document.hpp"
#include "appraise/messages/io.hpp"

namespace appraise::io::detail {

/// The accepted words, each in backticks, as each language lists them: "`a`, `b` or `c`" and
/// "`a`、`b` 或 `c`" (the same words as choice_list, in both languages).
[[nodiscard]] inline Message choices(const std::vector<std::string>& words) {
  std::vector<std::string> ticked;
  for (const auto& w : words) ticked.push_back("`" + w + "`");
  if (ticked.size() < 2) return Message::same(ticked.empty() ? std::string() : ticked.front());
  const std::string last = ticked.back();
  ticked.pop_back();
  using namespace appraise::literals;
  return msg(messages::Io::data_choices_or, "rest"_a = joined(ticked), "last"_a = last);
}

/// What a node holds instead of what was expected ("a mapping"), for `{got}`.
[[nodiscard]] inline Message got(const Node& n) { return Message(describe(n)); }

}  // namespace appraise::io::detail
