#pragma once
// Private to the loaders of scenario, risk, economic, portfolio, ledger and programme files: the
// pieces of their catalogue messages (messages/loader_data.def) that are lists of the file's
// own words.
#include <string>
#include <vector>

#include "appraise/io/document.hpp"
#include "appraise/io/reader.hpp"
#include "appraise/messages/io.hpp"

namespace appraise::io::detail {

/// The accepted words, each in backticks, as each language lists them: "`a`, `b` or `c`" and
/// "`a`、`b` 或 `c`": io::choices (reader.hpp), which read_choice uses too.
using appraise::io::choices;

/// What a node holds instead of what was expected ("a mapping"), for `{got}`.
[[nodiscard]] inline Message got(const Node& n) { return described(n); }

}  // namespace appraise::io::detail
