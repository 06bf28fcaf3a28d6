#pragma once
/// Diagnostics: the problems found in a model, a scenario or a command line, each with where it
/// is and what would fix it. Loaders collect every problem before they stop (beancount's way),
/// so a planner fixes a file in one pass instead of one error per run. Not an exception type:
/// diagnostics are returned values.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "appraise/core/message.hpp"

namespace appraise {

/// A place in a source file. Lines and columns are 1-based, as editors show them.
struct SourceLocation {
  std::string file;
  int line = 0;      // 0 when the problem has no line (an empty file, a missing file)
  int column = 0;
  int length = 1;    // how many columns the caret underlines
};

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::optional<SourceLocation> location;
  std::string field;        // the dotted path of the value, e.g. "revenue[0].growth"
  Message message;          // what is wrong, in the planner's words
  Message expected;         // the form that would be accepted, when there is one ("a rate such as `6%`")
  Message hint;             // a remedy: "did you mean `opex_growth`?"
  Message place;            // where the location is in the view the user has of the file, when
                            // that is not its line: a CSV ledger's row as a spreadsheet numbers it
  std::string source_line;  // the text of the offending line, for the excerpt
};

/// An ordered collection of diagnostics.
class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const Diagnostics& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
  }

  [[nodiscard]] bool has_errors() const {
    for (const auto& d : items_)
      if (d.severity == Severity::Error) return true;
    return false;
  }
  [[nodiscard]] std::size_t error_count() const { return count(Severity::Error); }
  [[nodiscard]] std::size_t warning_count() const { return count(Severity::Warning); }
  [[nodiscard]] bool empty() const { return items_.empty(); }
  [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }
  [[nodiscard]] auto begin() const { return items_.begin(); }
  [[nodiscard]] auto end() const { return items_.end(); }
  [[nodiscard]] const Diagnostic& front() const { return items_.front(); }

 private:
  [[nodiscard]] std::size_t count(Severity s) const {
    std::size_t n = 0;
    for (const auto& d : items_) n += d.severity == s ? 1 : 0;
    return n;
  }
  std::vector<Diagnostic> items_;
};

/// Where the values of a file are, by the dotted path a message names them with
/// (`financing.loans[0].repayment`), kept with a model so that a problem found after reading (an
/// evaluation error tied to a key) is reported at the key like a loader's error.
class SourceMap {
 public:
  struct Place {
    SourceLocation location;
    std::string source_line;  // for the excerpt
  };
  void add(std::string path, Place place);
  /// `named` (`financing.loans[银行贷款]`) is another name for `path` (`financing.loans[0]`).
  void alias(std::string named, std::string path);
  /// The place of `path`, or of the nearest enclosing path recorded (`financing.loans[0]` for
  /// `financing.loans[0].draw`); nullptr when none is.
  [[nodiscard]] const Place* find(std::string path) const;

 private:
  std::vector<std::pair<std::string, Place>> places_;
  std::vector<std::pair<std::string, std::string>> aliases_;
};

/// Renders one diagnostic in `lang`, in the hledger/rustc layout:
///     appraise: error: models/bridge.yaml:14:7: revenue[0].growth: `three` is not a rate
///        |
///     14 |       growth: three
///        |               ^^^^^
///        = expected a rate such as `3%` or `0.03`
/// (a place, when there is one, is the first `=` line, under the excerpt) or in Chinese:
///     appraise：错误：models/bridge.yaml:14:7：revenue[0].growth：`three` 不是利率
///        …
///        = 应为：利率，如 `3%` 或 `0.03`
/// The caret sits under the column the location names, counted in display columns (a Chinese
/// character takes two).
[[nodiscard]] std::string render(const Diagnostic& d, Lang lang, const std::string& program = "appraise");

/// Renders all diagnostics and a closing summary line ("2 errors in models/x.yaml (nothing
/// was computed)", "models/x.yaml 中有 2 处错误（未进行计算）") when there is at least one error.
[[nodiscard]] std::string render_all(const Diagnostics& ds, const std::string& subject, Lang lang,
                                     const std::string& program = "appraise");

/// The key in `candidates` closest to `word` by edit distance, when it is close enough to be a
/// plausible typo (at most a third of the word's length, at least 1).
[[nodiscard]] std::optional<std::string> closest_match(const std::string& word,
                                                       const std::vector<std::string>& candidates);

}  // namespace appraise
