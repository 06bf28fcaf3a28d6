#pragma once
/// Messages in both languages. Every text appraise says to a person — a loader's error and its
/// hint, a usage error, a check against a target, the reason an indicator is absent, a note
/// under a table — is a Message: its English and its Chinese, formatted together from one
/// entry of the message catalogue. The engine makes Messages and never knows which language
/// the run speaks; the renderer picks one at output (`--lang zh|en`, `APPRAISE_LANG`).
///
/// The catalogue is one table of entries (id, English, Chinese), kept as one `.def` file per
/// domain under engine/include/appraise/messages/ and compiled into one list (catalogue());
/// a test scans it: every entry has Chinese, and both languages use the same placeholders.
///
/// How to add a message:
///   1. Add a line to the domain's file, e.g. engine/include/appraise/messages/project.def:
///          APPRAISE_MSG(dscr_below, "{year} DSCR {value} is below {threshold}",
///                       "{year}年偿债备付率 {value}，低于 {threshold}")
///      Placeholders are named (`{year}`, `{value:.2f}`) so that each language puts them where
///      its grammar wants them; both texts must use the same set. Write the Chinese as a
///      financial analyst would (the standard's terms: 财务净现值, 偿债备付率, 建设期利息,
///      个百分点), not word by word; a whole sentence per entry, never fragments glued together.
///   2. Make it where the text is needed, with the domain's header:
///          #include "appraise/messages/project.hpp"
///          using namespace appraise::literals;
///          check.message = msg(messages::Project::dscr_below, "year"_a = 2029, "value"_a = "1.08",
///                              "threshold"_a = "1.30");
///   3. Render it with `m.in(lang)`.
/// A text that is the same in both languages (a name from the user's file) is Message::same(s).

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace appraise {

/// The language a run speaks. Chinese is the default: the users are Chinese planners.
enum class Lang { Zh, En };

/// The language `name` names: "zh" or "en" (as `--lang` and `APPRAISE_LANG` take them);
/// nullopt for anything else.
[[nodiscard]] std::optional<Lang> parse_lang(std::string_view name);

/// A text in both languages.
struct Message {
  std::string en;
  std::string zh;

  Message() = default;
  /// Text that has no Chinese: English only, shown in both languages. Explicit, so that no English
  /// string becomes a message unseen (each such conversion once let English into a Chinese
  /// output); a user-facing text is a catalogue message (msg()), Message::same or ::chosen.
  explicit Message(std::string english) : en(std::move(english)) {}
  explicit Message(const char* english) : en(english) {}
  Message(std::string english, std::string chinese) : en(std::move(english)), zh(std::move(chinese)) {}

  /// A text the caller has already written in the output's language (it chose between a Chinese
  /// and an English text itself): shown as it is. Such a site is a message to move into the
  /// catalogue; grep `Message::chosen`.
  [[nodiscard]] static Message chosen(std::string text) { return same(std::move(text)); }

  /// A text that reads the same in both languages: a name, a number, a path.
  [[nodiscard]] static Message same(std::string text) {
    Message m;
    m.zh = text;
    m.en = std::move(text);
    return m;
  }

  /// The text in `lang` (the English when there is no Chinese).
  [[nodiscard]] const std::string& in(Lang lang) const { return lang == Lang::Zh && !zh.empty() ? zh : en; }
  [[nodiscard]] bool empty() const { return en.empty() && zh.empty(); }
  /// True when the Chinese is missing although there is English.
  [[nodiscard]] bool untranslated() const { return zh.empty() && !en.empty(); }

  /// Appends `more` in each language (a second sentence: "…; …").
  Message& operator+=(const Message& more) {
    en += more.en;
    zh += more.in(Lang::Zh);
    return *this;
  }
  friend bool operator==(const Message&, const Message&) = default;
};

/// A Message in JSON (nlohmann's to_json, found by argument-dependent lookup): its English. JSON
/// is read by programs, which key on English as they key on `title_en`; a document that also
/// carries the Chinese writes it under a `_zh` key of its own.
template <class BasicJson>
void to_json(BasicJson& j, const Message& m) {
  j = m.en;
}

/// An input found invalid while computing (a scenario change that breaks the model, a draw
/// that cannot be applied): thrown with its Message, and said by the CLI in the run's language.
/// what() is the English.
struct InputError : std::invalid_argument {
  explicit InputError(Message m, Message hint_ = {})
      : std::invalid_argument(m.en), message(std::move(m)), hint(std::move(hint_)) {}
  Message message;
  Message hint;
};

/// The message an exception carries: an InputError's Message, else its what() (English only).
[[nodiscard]] inline Message message_of(const std::exception& e) {
  if (const auto* input = dynamic_cast<const InputError*>(&e)) return input->message;
  return Message(std::string(e.what()));
}

/// One entry of the catalogue: its id ("project.dscr_below"), its English and its Chinese.
struct CatalogueEntry {
  std::string_view id;
  std::string_view en;
  std::string_view zh;
};

/// Every entry of every domain, in domain order then file order.
[[nodiscard]] std::span<const CatalogueEntry> catalogue();

/// A named argument of a message: `"year"_a = 2029`. A Message given as an argument is put in
/// each language's text in that language.
template <class T>
struct NamedArg {
  const char* name;
  const T& value;
};
struct ArgName {
  const char* name;
  template <class T>
  NamedArg<T> operator=(const T& value) const {
    return {name, value};
  }
};
namespace literals {
constexpr ArgName operator""_a(const char* name, std::size_t) { return {name}; }
}  // namespace literals

namespace detail {
[[nodiscard]] Message format_message(const CatalogueEntry& entry, fmt::format_args en, fmt::format_args zh);
[[nodiscard]] std::string format_text(const CatalogueEntry& entry, Lang lang, fmt::format_args args);
template <class T>
const T& in(const T& value, Lang) {
  return value;
}
inline const std::string& in(const Message& m, Lang lang) { return m.in(lang); }
}  // namespace detail

/// The message `id` (an enumerator of a domain's catalogue, e.g. messages::Project::dscr_below)
/// with its placeholders filled from the named arguments (`"year"_a = 2029`, after
/// `using namespace appraise::literals`). Throws std::logic_error naming the entry when an
/// argument its text names is not given (a bug the catalogue test cannot see).
template <class Id, class... T>
[[nodiscard]] Message msg(Id id, const NamedArg<T>&... args) {
  return detail::format_message(entry(id), fmt::make_format_args(fmt::arg(args.name, detail::in(args.value, Lang::En))...),
                                fmt::make_format_args(fmt::arg(args.name, detail::in(args.value, Lang::Zh))...));
}

/// The same, in one language only: for a renderer that knows the language it writes.
template <class Id, class... T>
[[nodiscard]] std::string msg_in(Lang lang, Id id, const NamedArg<T>&... args) {
  return detail::format_text(entry(id), lang, fmt::make_format_args(fmt::arg(args.name, detail::in(args.value, lang))...));
}

/// A list of names as each language writes one: "a, b, c" and "a、b、c".
[[nodiscard]] Message joined(const std::vector<std::string>& items);

/// The placeholders of a catalogue text, in order: "{year}年{name:.2f}" gives {"year", "name:.2f"}.
/// Literal braces ("{{") are not placeholders. Used by the catalogue test.
[[nodiscard]] std::vector<std::string> placeholders(std::string_view text);

}  // namespace appraise
