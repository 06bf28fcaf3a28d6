#pragma once
/// Typed reading of a Document with diagnostics a planner can act on. Every loader reads its
/// file through these: a mapping's keys are read one by one and whatever was never asked for
/// is reported as unknown with a "did you mean"; duplicate keys are errors; a value of the
/// wrong kind says what was expected, where, and how to write it. Reading never stops at the
/// first problem: each reader returns nullopt and records a diagnostic, and the loader goes on.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "appraise/core/units.hpp"
#include "appraise/io/document.hpp"
#include "appraise/messages/io.hpp"

namespace appraise {
struct Limit;  // project/validation.hpp
}

namespace appraise::io {

/// The diagnostics of reading one document, with its text for excerpts.
class Reader {
 public:
  Reader(const Document& doc, Diagnostics& diagnostics) : doc_(doc), diags_(diagnostics) {}

  // The texts are Messages: the catalogue's in both languages (the validation's, say), or a
  // std::string, English only until it moves into the catalogue.
  void error(const Node& at, const std::string& field, Message message, Message expected = {}, Message hint = {});
  void warning(const Node& at, const std::string& field, Message message, Message hint = {});
  /// An error with no particular node (reported at line 0 of the file).
  void error(const std::string& field, Message message, Message hint = {});

  [[nodiscard]] SourceLocation location(const Node& at) const;
  [[nodiscard]] const Document& document() const { return doc_; }
  [[nodiscard]] Diagnostics& diagnostics() { return diags_; }
  [[nodiscard]] bool failed() const { return diags_.has_errors(); }

  /// Records where every value read through a MapReader is, by its path, into `places` (for a
  /// model's SourceMap; nullptr: not recorded, as for large portfolios).
  void record_places(SourceMap* places) { places_ = places; }
  [[nodiscard]] SourceMap* places() { return places_; }
  void note_place(const std::string& path, const Node& value);

 private:
  void add(Severity s, const Node& at, const std::string& field, Message message, Message expected, Message hint);
  const Document& doc_;
  Diagnostics& diags_;
  SourceMap* places_ = nullptr;
};

/// Refuses a document whose sections say it is of another kind than the loader reads
/// (document.hpp kind_of: a debt portfolio given to `run`, a model given to `compare`) with one
/// error at the section that says so, naming the command that reads such a file, instead of the
/// loader's every missing and unknown key. True when it refused.
[[nodiscard]] bool refuse_other_kind(Reader& r);

/// Limits on a number: amounts are bounded so that nothing downstream overflows.
struct NumberRule {
  std::optional<double> min;            // inclusive unless min_exclusive
  bool min_exclusive = false;
  std::optional<double> max;
  double max_abs = 1e15;                // larger magnitudes are refused as typos
  bool integer = false;                 // must be a whole number
  Message what = msg(messages::Io::read_a_number);  // e.g. "an amount in 万元", "a number of years"
  bool show_range = true;               // say min and max in `expected` (not for calendar years)
  /// What to say to a money word in the number (`30亿`, `15.5元`): the unit this value is in.
  /// Empty: core's hint, the model's money unit (`project.unit`); a portfolio's amounts are in
  /// `portfolio.unit` (money_unit_hint), a price in money per unit of volume.
  Message unit_hint{};
};

/// The hint for a money word in an amount of a file whose money unit is `unit`, set by `key`
/// (`portfolio.unit`, `programme.unit`): "write the number alone, in 万元 (`portfolio.unit`):
/// 1.2亿 is `12000`", the example left out for a unit it cannot convert.
[[nodiscard]] Message money_unit_hint(std::string_view key, const std::string& unit);

/// A file's money unit (`project.unit`, `portfolio.unit`): refused, with an error at `n`, when
/// blank or a bare magnitude (`万`, `亿`), which names no currency; the hint writes it with 元.
/// True when `unit` may be used.
bool money_unit_ok(Reader& r, const Node& n, const std::string& field, const std::string& unit);
/// `hint`, parse_number's for a number that failed, with core's hint for a money word (which
/// names the model's unit) replaced by `unit_hint` when there is one.
[[nodiscard]] Message for_unit(const Message& hint, const Message& unit_hint);

/// Limits on a rate (a fraction; `6%` or `0.06` in the file), or on a factor or change written
/// the same way (`kind`: core's parse_rate says how each is read and spoken of).
struct RateRule {
  double min = -0.99;   // rates at or below -100% have no meaning
  double max = 10.0;    // 1000%: anything larger is a typo
  Proportion kind = Proportion::Rate;
  Message what = msg(messages::Io::read_a_rate);
  /// The form expected, with an example that fits `what`; when empty, "{what} such as `6%` or
  /// `0.06`", which fits a rate only.
  Message example{};
  /// For a factor, a spread or a change read as written (Proportion::Factor): a bare number (no
  /// `%`) larger than this in magnitude is a percentage whose sign was left out (`scale: 70` for
  /// 70%), refused with the way to write either meaning (`70%`, or `7000%`), in one message
  /// wherever it happens. The limits below are the ones the loaders use; a value past them is
  /// still accepted written with `%`, so no meaning is out of reach.
  std::optional<double> bare_max{};
};

/// Bare numbers above these are taken for percentages without their sign (RateRule::bare_max):
/// a factor or multiple (a scenario's `scale`, a drawn factor's min, mode, max, mean or values;
/// a debt-ratio threshold) above 10 — 2 doubles, 70 is 70%; a factor's spread (a drawn sd) above
/// 1 — an sd of 10 (1000%) is no plausible spread; a relative change (sensitivity `changes`) above
/// 1 either way — +1000% is no sensitivity step, while 1 (+100%) and -1 (-100%) stay as written.
inline constexpr double kBareFactorMax = 10.0;
inline constexpr double kBareSpreadMax = 1.0;
inline constexpr double kBareChangeMax = 1.0;

/// The rules that read a number or a rate whose range the model's validation sets
/// (project/validation.hpp): the limits are written once there, the words of the messages here.
[[nodiscard]] NumberRule number_rule(const Limit& limit, Message what, bool show_range = true);
[[nodiscard]] RateRule rate_rule(const Limit& limit, Message what);

/// A relative change (a sensitivity step, `changes` in a file or `--changes`): -100% (the value
/// falls to 0) to +1000%, a bare number taken as written up to kBareChangeMax.
[[nodiscard]] RateRule relative_change_rule();

/// RateRule::bare_max on a text: when `text` is a bare number (no %) past rule.bare_max, the error
/// ("写作 70 表示 7000%") and the hint (write `70%`, or `7000%` where that is in the rule's range);
/// nothing otherwise. read_rate says it at the value's place; a command-line option says it too.
struct BarePercent {
  Message error, hint;
};
[[nodiscard]] std::optional<BarePercent> bare_percent(std::string_view text, const RateRule& rule);

[[nodiscard]] std::optional<double> read_number(Reader& r, const Node& n, const std::string& field,
                                                const NumberRule& rule = {});
[[nodiscard]] std::optional<double> read_rate(Reader& r, const Node& n, const std::string& field,
                                              const RateRule& rule = {});
/// A change added to a rate (a scenario's `add: 1%`, a sensitivity factor's `add: [-1%, 1%]`, a
/// drawn `add`): a fraction or a percentage, from -1000% to +1000%. A bare number of 1 or more
/// (`add: 2`) is almost always percentage points, not 200 of them: refused with the way to write
/// it (`2%`), in the same words wherever a rate is changed.
[[nodiscard]] std::optional<double> read_rate_change(Reader& r, const Node& n, const std::string& field);
[[nodiscard]] std::optional<std::string> read_text(Reader& r, const Node& n, const std::string& field);
[[nodiscard]] std::optional<bool> read_flag(Reader& r, const Node& n, const std::string& field);

/// One of a fixed set of words; an unknown word lists the accepted ones (and the closest).
template <class E>
[[nodiscard]] std::optional<E> read_choice(Reader& r, const Node& n, const std::string& field,
                                           std::initializer_list<std::pair<const char*, E>> options);

/// The keys of one mapping. Construct it, read keys with get/require (or the typed helpers),
/// then call finish() to report every key that was never read.
class MapReader {
 public:
  /// `node` must be a mapping; otherwise an error is recorded and valid() is false.
  MapReader(Reader& r, const Node& node, std::string path);

  [[nodiscard]] bool valid() const { return valid_; }
  [[nodiscard]] const Node& node() const { return node_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string path_of(std::string_view key) const;
  [[nodiscard]] Reader& reader() { return r_; }

  /// The value under `key`, or nullptr when the key is absent or its value is empty (`key:`).
  [[nodiscard]] const Node* get(std::string_view key);
  /// Like get, and an error at the mapping when the key is missing. `expected` says what the
  /// key should hold, e.g. "the money unit, such as 万元" (a catalogue message in both languages).
  [[nodiscard]] const Node* require(std::string_view key, const Message& expected);
  /// The key node itself (for errors about the key, e.g. "given twice"), or nullptr.
  [[nodiscard]] const Node* key_node(std::string_view key) const;
  /// True when `key` is present (even with an empty value); marks it as known.
  [[nodiscard]] bool has(std::string_view key);

  [[nodiscard]] std::optional<double> number(std::string_view key, const NumberRule& rule = {});
  [[nodiscard]] std::optional<double> rate(std::string_view key, const RateRule& rule = {});
  [[nodiscard]] std::optional<std::string> text(std::string_view key);
  [[nodiscard]] std::optional<bool> flag(std::string_view key);
  template <class E>
  [[nodiscard]] std::optional<E> choice(std::string_view key, std::initializer_list<std::pair<const char*, E>> options) {
    const Node* n = get(key);
    return n ? read_choice(r_, *n, path_of(key), options) : std::nullopt;
  }

  /// Reports keys never asked for ("unknown key `opex_growht`; did you mean `opex_growth`?").
  void finish();

 private:
  Reader& r_;
  const Node& node_;
  std::string path_;
  bool valid_ = true;
  std::vector<std::string> known_;
  std::vector<std::string> misspelt_;  // unknown keys already reported as a missing key's misspelling
};

/// The key under which `value` sits in its mapping, as a node to report at (a section that
/// is a mapping where a list belongs is reported at `revenue:`, not at its first inner key);
/// `value` itself when it has no key.
[[nodiscard]] Node key_of(const Node& value);

/// A hint when text written where a list or mapping belongs holds full-width brackets typed by
/// a Chinese input method (`【30%, 70%】`, `［…］`, `｛…｝`); empty otherwise.
[[nodiscard]] Message full_width_bracket_hint(const Node& n);

/// True for text written as a percentage: `6%`, `6 %`, or with the full-width `６％` of a
/// Chinese input method.
[[nodiscard]] bool is_percent_text(std::string_view s);

// ---- implementation of the template ----

/// The accepted words for messages: "`a`, `b` or `c`" (English only; choices() gives both languages).
std::string choice_list(const std::vector<std::string>& words);
/// The same in both languages: "`a`, `b` or `c`" and "`a`、`b` 或 `c`".
Message choices(const std::vector<std::string>& words);
/// The accepted word nearest `word`; one that differs only in case first (`PERT` is `pert`).
std::optional<std::string> closest_word(const std::string& word, const std::vector<std::string>& words);
/// `s` with A-Z lowered (column names, choice words; Chinese left as it is).
std::string lower_ascii(std::string s);

template <class E>
std::optional<E> read_choice(Reader& r, const Node& n, const std::string& field,
                             std::initializer_list<std::pair<const char*, E>> options) {
  std::vector<std::string> words;
  for (const auto& [w, e] : options) words.emplace_back(w);
  if (n.is_scalar()) {
    for (const auto& [w, e] : options)
      if (n.scalar == w) return e;
  }
  using namespace appraise::literals;
  Message hint;
  if (n.is_scalar())
    if (auto c = closest_word(n.scalar, words)) hint = msg(messages::Io::read_did_you_mean, "word"_a = *c);
  r.error(n, field,
          msg(messages::Io::read_not_accepted_value, "value"_a = n.is_scalar() ? Message::same(n.scalar) : described(n)),
          msg(messages::Io::read_one_of, "choices"_a = choices(words)), hint);
  return std::nullopt;
}

}  // namespace appraise::io
