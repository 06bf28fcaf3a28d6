// The only file that includes yaml-cpp: it turns YAML text into an appraise::io::Document.
//
// Before yaml-cpp sees the text, it is checked for what yaml-cpp would mishandle or report in
// its own words: size, encoding (GBK, UTF-16), control characters (a NUL silently ends the
// text for yaml-cpp), lone carriage returns, and flow brackets nested deep enough to exhaust
// the stack. yaml-cpp's parser then reports events, from which the tree is built here directly
// (never through yaml-cpp's LoadAll, which can loop forever), and its syntax errors are
// translated into what a planner would fix.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fmt/format.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "appraise/io/document.hpp"
#include "appraise/core/text.hpp"
#include "appraise/messages/io.hpp"

namespace appraise::io {
namespace {

using messages::Io;
using namespace literals;

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::string cur;
  for (char c : text) {
    if (c == '\n') {
      if (!cur.empty() && cur.back() == '\r') cur.pop_back();
      lines.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  lines.push_back(cur);
  return lines;
}

// A diagnostic at a line and a byte column (both 1-based), reported in characters.
Diagnostic located(const std::string& name, const std::vector<std::string>& lines, int line, int byte_column,
                   Message message, Message hint = {}) {
  Diagnostic d;
  int column = byte_column;
  if (line >= 1 && static_cast<std::size_t>(line) <= lines.size()) {
    d.source_line = lines[line - 1];
    column = static_cast<int>(code_points_in_prefix(d.source_line, static_cast<std::size_t>(std::max(byte_column - 1, 0)))) + 1;
  }
  d.location = SourceLocation{name, line, column, 1};
  d.message = std::move(message);
  d.hint = std::move(hint);
  return d;
}

Diagnostic whole_file(const std::string& name, Message message, Message hint = {}) {
  Diagnostic d;
  d.location = SourceLocation{name, 0, 0, 1};
  d.message = std::move(message);
  d.hint = std::move(hint);
  return d;
}

struct Position {
  int line = 1;
  int column = 1;  // bytes
};

Position position_of(std::string_view text, std::size_t offset) {
  Position p;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

// ---- encoding and characters ----

const char* control_name(unsigned char c) {
  switch (c) {
    case 0x00: return "NUL";
    case 0x1A: return "SUB";  // the end-of-file marker (control_end_of_file says so)
    case 0x1B: return "ESC";
    case 0x7F: return "DEL";
    default: return nullptr;
  }
}

// What to do with a workbook or a document given where a text file belongs.
Message text_file_hint(DocumentKind document_kind) {
  const DocumentTraits& kind = traits(document_kind);
  return msg(std::string_view(kind.format) == "CSV" ? Io::file_csv_text_hint : Io::file_text_hint,
             "document"_a = document_noun(document_kind), "reference"_a = kind.reference,
             "examples"_a = document_examples(document_kind));
}

// The first problem with the bytes of the file, if any: not UTF-8, a control character, a lone
// carriage return.
std::optional<Diagnostic> check_characters(std::string_view text, const std::string& name,
                                           const std::vector<std::string>& lines, DocumentKind document_kind) {
  const DocumentTraits& kind = traits(document_kind);
  const Message noun = document_noun(document_kind);
  const auto utf16 = (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'))) ||
                     (text.size() >= 2 && text.find('\0') != std::string_view::npos &&
                      (text[0] == '\0' || text[1] == '\0'));
  if (utf16)
    return whole_file(name, msg(Io::file_utf16), msg(Io::file_utf16_hint));
  // Files planners have at hand that are not models at all.
  const std::string_view head = text.substr(0, 8);
  if (head.substr(0, 4) == std::string_view("PK\x03\x04", 4))
    return whole_file(name, msg(Io::file_is_workbook, "format"_a = kind.format, "document"_a = noun), text_file_hint(document_kind));
  if (head == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    return whole_file(name, msg(Io::file_is_old_workbook, "format"_a = kind.format, "document"_a = noun),
                      text_file_hint(document_kind));
  if (head.substr(0, 5) == "%PDF-")
    return whole_file(name, msg(Io::file_is_pdf, "format"_a = kind.format, "document"_a = noun), text_file_hint(document_kind));
  const auto bad = first_invalid_utf8(text);
  const bool has_nul = text.find('\0') != std::string_view::npos;
  if (bad && has_nul) {
    // Bytes that are neither UTF-8 nor GBK text, with NULs among them: a binary file.
    const Position p = position_of(text, std::min(*bad, text.find('\0')));
    auto d = located(name, lines, p.line, p.column, msg(Io::file_binary), msg(Io::file_binary_hint));
    d.source_line.clear();  // an excerpt of binary data helps no one
    return d;
  }
  if (bad) {
    // GBK text is runs of high bytes, and some pairs of them happen to be valid UTF-8 (as
    // two-byte characters, which Chinese text in UTF-8 never uses): point at the start of the
    // run on this line, where the mis-encoded text begins.
    std::size_t line_start = *bad;
    while (line_start > 0 && text[line_start - 1] != '\n') --line_start;
    std::size_t start = *bad;
    std::optional<std::size_t> run;
    for (std::size_t i = line_start; i < *bad;) {
      char32_t cp = 0;
      const std::size_t len = decode_utf8(text, i, cp);
      if (len == 2) {
        if (!run) run = i;
      } else {
        run.reset();
      }
      i += len == 0 ? 1 : len;
    }
    if (run) start = *run;
    int bad_lines = 0;
    for (const auto& l : lines) bad_lines += first_invalid_utf8(l).has_value() ? 1 : 0;
    const Position p = position_of(text, start);
    auto d = located(name, lines, p.line, p.column,
                     bad_lines > 1 ? msg(Io::file_not_utf8_lines, "count"_a = bad_lines) : msg(Io::file_not_utf8),
                     msg(std::string_view(kind.format) == "CSV" ? Io::file_gbk_csv_hint : Io::file_gbk_hint));
    // A CSV ledger is a spreadsheet's export, read by no one as text: its line's bytes, escaped or
    // shown as they are (GBK read as UTF-8 is mojibake), tell the planner nothing the message
    // and its hint do not. No excerpt then.
    if (std::string_view(kind.format) == "CSV") {
      d.source_line.clear();
      return d;
    }
    // A model: show the bytes of the broken run, so the planner finds the text to retype, and
    // nothing of the line after a second such run (it would print as mojibake).
    std::string& line = d.source_line;
    const std::size_t at = static_cast<std::size_t>(p.column - 1);
    std::size_t end = at;
    while (end < line.size() && static_cast<unsigned char>(line[end]) >= 0x80) ++end;
    std::string shown;
    for (std::size_t i = at; i < end; ++i)
      shown += fmt::format("\\x{:02X}", static_cast<unsigned>(static_cast<unsigned char>(line[i])));
    std::string rest = line.substr(end);
    if (const auto more = first_invalid_utf8(rest)) {
      std::size_t cut = *more;
      while (cut > 0 && static_cast<unsigned char>(rest[cut - 1]) >= 0x80) --cut;  // the whole of that run
      rest = rest.substr(0, cut) + "…";
    }
    line = line.substr(0, at) + shown + rest;
    d.location->length = static_cast<int>(shown.size());
    return d;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) {
      const Position p = position_of(text, i);
      return located(name, lines, p.line, p.column, msg(Io::file_lone_cr), msg(Io::file_lone_cr_hint));
    }
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F ||
        (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0)) {
      const Position p = position_of(text, i);
      const char* known = control_name(c);
      const std::string byte = fmt::format("0x{:02X}", static_cast<unsigned>(c));
      const Message what = c == 0x1A ? msg(Io::control_end_of_file, "byte"_a = byte)
                           : known   ? msg(Io::control_named, "name"_a = known, "byte"_a = byte)
                           : c == 0xC2
                               ? Message::same(fmt::format("U+{:04X}", static_cast<unsigned>(static_cast<unsigned char>(text[i + 1]))))
                               : msg(Io::control_byte, "byte"_a = byte);
      return located(name, lines, p.line, p.column, msg(Io::file_control_character, "what"_a = what),
                     msg(Io::file_control_character_hint));
    }
  }
  return std::nullopt;
}

// Slips of a Chinese input method in the structure of the file, which YAML would read as text
// (and report, if at all, far from the line): a full-width colon after a key (`name：`), a
// full-width space (U+3000) in the indentation. Keys of a model are ASCII words, so a line that
// starts with one followed by `：` is always such a slip. Every such line is reported.
std::vector<Diagnostic> check_input_method(const std::string& name, const std::vector<std::string>& lines) {
  constexpr std::string_view kColon = "\xEF\xBC\x9A";  // ：
  constexpr std::string_view kSpace = "\xE3\x80\x80";  // U+3000
  std::vector<Diagnostic> out;
  for (std::size_t li = 0; li < lines.size(); ++li) {
    const std::string_view l = lines[li];
    const int line_no = static_cast<int>(li) + 1;
    std::size_t i = 0;
    while (i < l.size()) {
      if (l[i] == ' ') { ++i; continue; }
      if (l.substr(i, 3) == kSpace) {
        out.push_back(located(name, lines, line_no, static_cast<int>(i) + 1, msg(Io::yaml_full_width_space),
                              msg(Io::yaml_full_width_space_hint)));
        break;
      }
      break;
    }
    if (!out.empty() && out.back().location->line == line_no) continue;
    if (l.substr(i, 2) == "- ") {
      i += 2;
      while (i < l.size() && l[i] == ' ') ++i;
    }
    const std::size_t key_start = i;
    while (i < l.size() && (std::isalnum(static_cast<unsigned char>(l[i])) || l[i] == '_')) ++i;
    if (i == key_start) continue;
    while (i < l.size() && l[i] == ' ') ++i;
    if (l.substr(i, 3) == kColon)
      out.push_back(located(name, lines, line_no, static_cast<int>(i) + 1,
                            msg(Io::yaml_full_width_colon, "key"_a = l.substr(key_start, i - key_start)),
                            msg(Io::yaml_full_width_colon_hint)));
  }
  return out;
}

// ---- flow brackets, scanned without yaml-cpp ----

struct Bracket {
  int line = 0;
  int column = 0;  // bytes
  char c = 0;
};

// The flow brackets (`[` `{`) still open at `stop` (or at the end), skipping quoted text and
// comments; with `depth_limit`, stops at the first bracket that opens deeper than it and
// returns the stack up to that bracket.
struct BracketScan {
  std::vector<Bracket> open;
  std::optional<Bracket> too_deep;
  std::optional<Bracket> unmatched_close;  // a closing bracket with nothing (or the other kind) open
};

BracketScan scan_brackets(const std::vector<std::string>& lines, Position stop, std::size_t depth_limit) {
  BracketScan s;
  char quote = 0;
  for (std::size_t li = 0; li < lines.size(); ++li) {
    const std::string& line = lines[li];
    const int line_no = static_cast<int>(li) + 1;
    char prev = 0;  // previous non-space character on this line, 0 at the line start
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line_no > stop.line || (line_no == stop.line && static_cast<int>(i) + 1 >= stop.column)) return s;
      const char c = line[i];
      if (quote) {
        if (quote == '"' && c == '\\') { ++i; continue; }
        if (c == quote) {
          if (quote == '\'' && i + 1 < line.size() && line[i + 1] == '\'') { ++i; continue; }
          quote = 0;
          prev = c;
        }
        continue;
      }
      if (c == ' ' || c == '\t') continue;
      const bool token_start = prev == 0 || prev == ':' || prev == '-' || prev == ',' || prev == '[' ||
                               prev == '{' || prev == '?';
      if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) break;
      if ((c == '"' || c == '\'') && token_start) {
        quote = c;
        continue;
      }
      if ((c == '[' || c == '{') && (token_start || !s.open.empty())) {
        const Bracket b{line_no, static_cast<int>(i) + 1, c};
        if (s.open.size() >= depth_limit) {
          s.too_deep = b;
          return s;
        }
        s.open.push_back(b);
      } else if ((c == ']' || c == '}') && !s.open.empty()) {
        if ((c == ']') != (s.open.back().c == '[')) {
          s.unmatched_close = Bracket{line_no, static_cast<int>(i) + 1, c};
        } else {
          s.open.pop_back();
        }
      }
      prev = c;
    }
  }
  return s;
}

// ---- yaml-cpp's errors, in the planner's words ----

struct Explained {
  int line = 0;
  int column = 0;  // bytes
  Message message;
  Message hint;
  int length = 1;  // characters the caret underlines
};

int indent_of(const std::string& line) {
  int n = 0;
  while (static_cast<std::size_t>(n) < line.size() && line[n] == ' ') ++n;
  return n;
}

bool blank_or_comment(const std::string& line) {
  const auto i = line.find_first_not_of(" \t");
  return i == std::string::npos || line[i] == '#';
}

bool is_one_of(const std::string& what, std::initializer_list<const char*> texts) {
  return std::any_of(texts.begin(), texts.end(), [&](const char* t) { return what == t; });
}

Explained explain(const std::string& what, int line, int column, const std::vector<std::string>& lines) {
  Explained e{line, column, {}, {}};
  const std::string& here = line >= 1 && static_cast<std::size_t>(line) <= lines.size() ? lines[line - 1] : std::string();
  int above = line - 1;
  while (above >= 1 && blank_or_comment(lines[above - 1])) --above;
  const std::string* prev = above >= 1 ? &lines[above - 1] : nullptr;

  // A tab in the indentation of the line the parser stopped on is what is wrong, whatever the
  // parser made of it: before a mapping's first key it reads the line as text, and then reports
  // the key's `: ` as a second one on the line.
  const auto first_text = here.find_first_not_of(" \t");
  const auto tab = here.find('\t');
  if (what == YAML::ErrorMsg::TAB_IN_INDENTATION || (tab != std::string::npos && (first_text == std::string::npos || tab < first_text))) {
    if (tab != std::string::npos && (first_text == std::string::npos || tab < first_text)) {
      e.line = line;
      e.column = static_cast<int>(tab) + 1;
    }
    e.message = msg(Io::yaml_tab_indentation);
    e.hint = msg(Io::yaml_tab_hint);
  } else if (what == YAML::ErrorMsg::END_OF_SEQ_FLOW || what == YAML::ErrorMsg::END_OF_MAP_FLOW) {
    const bool list = what == YAML::ErrorMsg::END_OF_SEQ_FLOW;
    const auto scan = scan_brackets(lines, Position{line, column}, static_cast<std::size_t>(-1));
    if (!scan.open.empty()) {
      e.line = scan.open.back().line;
      e.column = scan.open.back().column;
    }
    e.message = msg(list ? Io::yaml_list_not_closed : Io::yaml_mapping_not_closed);
    e.hint = msg(list ? Io::yaml_close_list_hint : Io::yaml_close_mapping_hint);
  } else if (what == YAML::ErrorMsg::FLOW_END) {
    const auto scan = scan_brackets(lines, Position{line, column}, static_cast<std::size_t>(-1));
    const char close = column >= 1 && static_cast<std::size_t>(column) <= here.size() ? here[column - 1] : ']';
    if (!scan.open.empty())
      e.message = msg(Io::yaml_close_mismatch, "close"_a = close, "open"_a = scan.open.back().c, "line"_a = scan.open.back().line,
                      "column"_a = code_points_in_prefix(lines[scan.open.back().line - 1], scan.open.back().column - 1) + 1);
    else
      e.message = msg(Io::yaml_close_unopened, "close"_a = close);
    e.hint = msg(Io::yaml_pair_brackets_hint);
  } else if (what == YAML::ErrorMsg::END_OF_MAP || what == YAML::ErrorMsg::END_OF_SEQ) {
    e.message = msg(Io::yaml_indentation);
    e.hint = msg(Io::yaml_indentation_hint);
    if (prev && indent_of(here) > 0) {
      // A key under a list item, or a list item among keys: say which.
      const auto first = here.find_first_not_of(' ');
      if (first != std::string::npos && here.compare(first, 2, "- ") == 0)
        e.hint = msg(Io::yaml_item_among_keys_hint);
    }
  } else if (what == YAML::ErrorMsg::MAP_VALUE) {
    if (prev && indent_of(here) > indent_of(*prev) && prev->find(": ") != std::string::npos &&
        prev->back() != ':') {
      e.line = line;
      e.column = indent_of(here) + 1;
      e.message = msg(Io::yaml_indented_under_value);
      e.hint = msg(Io::yaml_same_column_hint);
    } else {
      e.message = msg(Io::yaml_second_colon);
      e.hint = msg(Io::yaml_second_colon_hint);
    }
  } else if (what == YAML::ErrorMsg::BLOCK_ENTRY) {
    e.message = msg(Io::yaml_item_here);
    e.hint = msg(Io::yaml_item_here_hint);
  } else if (what == YAML::ErrorMsg::MAP_KEY) {
    e.message = msg(Io::yaml_question_key);
    e.hint = msg(Io::yaml_key_hint);
  } else if (what.rfind(YAML::ErrorMsg::INVALID_ESCAPE, 0) == 0) {
    e.message = msg(Io::yaml_bad_escape, "escape"_a = what.substr(std::string(YAML::ErrorMsg::INVALID_ESCAPE).size()));
    e.hint = msg(Io::yaml_bad_escape_hint);
  } else if (what == YAML::ErrorMsg::UNKNOWN_ANCHOR || what == YAML::ErrorMsg::ALIAS_NOT_FOUND) {
    std::string alias;
    for (std::size_t i = static_cast<std::size_t>(std::max(column, 1)); i < here.size(); ++i) {
      const char c = here[i];
      if (c == ' ' || c == ',' || c == ']' || c == '}' || c == '\t') break;
      alias += c;
    }
    if (column >= 1 && static_cast<std::size_t>(column) <= here.size() && here[column - 1] == '*' && !alias.empty()) {
      e.message = msg(Io::yaml_alias_unknown, "alias"_a = alias);
      e.length = static_cast<int>(code_points_in_prefix(alias, alias.size())) + 1;
    } else {
      e.message = msg(Io::yaml_alias_unknown_unnamed);
    }
    e.hint = msg(Io::yaml_alias_hint);
  } else if (what == YAML::ErrorMsg::ANCHOR_NOT_FOUND) {
    e.message = msg(Io::yaml_anchor_unnamed);
    e.hint = msg(Io::yaml_anchor_unnamed_hint);
  } else if (what == YAML::ErrorMsg::UNKNOWN_TOKEN) {
    e.message = msg(Io::yaml_reserved_character);
    e.hint = msg(Io::yaml_reserved_character_hint);
  } else if (what == YAML::ErrorMsg::EOF_IN_SCALAR || what == YAML::ErrorMsg::DOC_IN_SCALAR) {
    e.message = msg(Io::yaml_quote_not_closed);
    e.hint = msg(Io::yaml_quote_not_closed_hint);
  } else if (is_one_of(what, {YAML::ErrorMsg::YAML_DIRECTIVE_ARGS, YAML::ErrorMsg::YAML_MAJOR_VERSION,
                               YAML::ErrorMsg::REPEATED_YAML_DIRECTIVE, YAML::ErrorMsg::TAG_DIRECTIVE_ARGS,
                               YAML::ErrorMsg::REPEATED_TAG_DIRECTIVE}) ||
             what.rfind(YAML::ErrorMsg::YAML_VERSION, 0) == 0) {
    e.message = msg(Io::yaml_directive);
    e.hint = msg(Io::yaml_directive_hint);
  } else if (is_one_of(what, {YAML::ErrorMsg::CHAR_IN_TAG_HANDLE, YAML::ErrorMsg::TAG_WITH_NO_SUFFIX,
                               YAML::ErrorMsg::END_OF_VERBATIM_TAG, YAML::ErrorMsg::MULTIPLE_TAGS, YAML::ErrorMsg::INVALID_TAG})) {
    e.message = msg(Io::yaml_tag);
    e.hint = msg(Io::yaml_tag_hint);
  } else if (is_one_of(what, {YAML::ErrorMsg::MULTIPLE_ANCHORS, YAML::ErrorMsg::MULTIPLE_ALIASES, YAML::ErrorMsg::ALIAS_CONTENT,
                               YAML::ErrorMsg::CHAR_IN_ALIAS, YAML::ErrorMsg::CHAR_IN_ANCHOR, YAML::ErrorMsg::INVALID_ANCHOR,
                               YAML::ErrorMsg::INVALID_ALIAS})) {
    e.message = msg(Io::yaml_anchor_form);
    e.hint = msg(Io::yaml_anchor_form_hint);
  } else if (what == YAML::ErrorMsg::INVALID_HEX || what.rfind(YAML::ErrorMsg::INVALID_UNICODE, 0) == 0) {
    // The parser stops after the digits it read: point at the escape from its backslash.
    const auto end = static_cast<std::size_t>(std::clamp(column - 1, 0, static_cast<int>(here.size())));
    if (const auto slash = here.rfind('\\', end == 0 ? 0 : end - 1); slash != std::string::npos && end > slash) {
      e.column = static_cast<int>(slash) + 1;
      e.length = static_cast<int>(end - slash);
    }
    e.message = msg(Io::yaml_bad_code_escape);
    e.hint = msg(Io::yaml_bad_escape_hint);
  } else if (what == YAML::ErrorMsg::ZERO_INDENT_IN_BLOCK || what == YAML::ErrorMsg::CHAR_IN_BLOCK) {
    e.message = msg(Io::yaml_block_scalar);
    e.hint = msg(Io::yaml_block_scalar_hint);
  } else {
    e.message = msg(Io::yaml_parser_said, "detail"_a = what);  // yaml-cpp's own words, for the rare errors not explained above
    e.hint = msg(Io::yaml_check_hint);
  }
  return e;
}

// ---- the tree, built from yaml-cpp's parse events ----
//
// yaml-cpp's own node tree is never built. Its YAML::LoadAll asks the parser for documents until
// the parser says there are none, but a token that no rule of the grammar consumes (a `,` outside
// brackets: `,`, `[],`, a root scalar or anchor followed by a `,` line) makes the parser return an
// empty document without moving past it, forever, allocating a node each time (yaml-cpp issue
// 1040, fixed upstream after 0.7). Driving the parser here, a document that starts where the one
// before it started has consumed nothing: that is reported at the token and parsing stops. Every
// other document consumes at least one token, so the number of documents (and the work) is
// bounded by the size of the text.

struct StopParsing {};  // thrown from an event handler to end the parse once an error is recorded

class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& name, const std::vector<std::string>& lines, Diagnostics& diags, std::size_t max_values)
      : name_(name), lines_(lines), diags_(diags), max_values_(max_values) {}

  // The root of the document just handled (null when the document was empty).
  Node take_root() { return std::move(root_); }
  [[nodiscard]] const YAML::Mark& document_start() const { return document_start_; }

  void error_at(const Mark& m, Message message, Message hint = {}) {
    diags_.add(located(name_, lines_, m.line, m.column, std::move(message), std::move(hint)));
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    document_start_ = mark;
    root_ = Node{};
    stack_.clear();
    anchors_.clear();
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { add(leaf(mark), anchor); }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, const std::string& value) override {
    Node n = leaf(mark);
    n.kind = Node::Kind::Scalar;
    n.scalar = value;
    n.quoted = tag == "!";  // yaml-cpp's non-specific tag of a quoted or block scalar
    if (n.quoted) check_closed(n);
    add(std::move(n), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      // The anchor is still open: an alias inside the value it names would repeat forever.
      const Mark at = to_mark(mark);
      const std::string name = alias_name(at);
      error_at(at, msg(Io::yaml_alias_in_itself, "name"_a = name), msg(Io::yaml_alias_in_itself_hint, "name"_a = name));
      throw StopParsing{};
    }
    count(it->second.values, to_mark(mark));
    Node copy = it->second.node;
    copy.key_mark = Mark{};
    copy.key_text.clear();
    place(std::move(copy));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(mark, anchor, Node::Kind::Sequence);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(mark, anchor, Node::Kind::Map);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = 0;
    std::size_t values_before = 0;   // values counted before this collection opened
    std::optional<Node> key;         // a mapping's key waiting for its value
    std::vector<Node> merges;        // values of `<<` keys, in order
  };
  struct Anchored {
    Node node;
    std::size_t values = 0;  // the values an alias to it adds
  };

  static Mark to_mark(const YAML::Mark& m) { return Mark{m.line + 1, m.column + 1}; }

  // The name of the alias `*name` at `at`, as written.
  std::string alias_name(const Mark& at) const {
    if (at.line < 1 || static_cast<std::size_t>(at.line) > lines_.size()) return "name";
    const std::string& l = lines_[at.line - 1];
    std::size_t i = static_cast<std::size_t>(at.column);  // just after the `*`
    std::string out;
    while (i < l.size() && l[i] != ' ' && l[i] != ',' && l[i] != ']' && l[i] != '}' && l[i] != '\t') out += l[i++];
    return out.empty() ? "name" : out;
  }

  Node leaf(const YAML::Mark& mark) {
    Node n;
    n.mark = to_mark(mark);
    check_depth(n.mark);
    count(1, n.mark);
    return n;
  }

  void check_depth(const Mark& at) {
    if (stack_.size() > static_cast<std::size_t>(kMaxDocumentDepth)) {
      error_at(at, msg(Io::yaml_too_deep, "depth"_a = kMaxDocumentDepth), msg(Io::yaml_too_deep_hint));
      throw StopParsing{};
    }
  }

  // Aliases (`*a`) that repeat anchors which themselves hold aliases multiply ("billion laughs"):
  // the values are counted as they would be written out, and refused beyond the limit.
  void count(std::size_t n, const Mark& at) {
    values_ += n;
    if (values_ > max_values_) {
      error_at(at, msg(Io::yaml_too_many_values, "count"_a = max_values_), msg(Io::yaml_too_many_values_hint));
      throw StopParsing{};
    }
  }

  void open(const YAML::Mark& mark, YAML::anchor_t anchor, Node::Kind kind) {
    Frame f;
    f.node.mark = to_mark(mark);
    f.node.kind = kind;
    check_depth(f.node.mark);
    count(1, f.node.mark);
    f.anchor = anchor;
    f.values_before = values_ - 1;
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    for (const auto& m : f.merges) merge_into(f.node, m);
    if (f.anchor != 0) anchors_[f.anchor] = Anchored{f.node, values_ - f.values_before};
    place(std::move(f.node));
  }

  void add(Node n, YAML::anchor_t anchor) {
    if (anchor != 0) anchors_[anchor] = Anchored{n, 1};
    place(std::move(n));
  }

  // Puts a finished value where it belongs: the root, a list's next item, a mapping's key or value.
  void place(Node n) {
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& top = stack_.back();
    if (top.node.kind == Node::Kind::Sequence) {
      top.node.items.push_back(std::move(n));
      return;
    }
    if (!top.key) {
      top.key = std::move(n);
      return;
    }
    Node k = std::move(*top.key);
    top.key.reset();
    if (k.is_scalar() && !k.quoted && k.scalar == "<<") {
      top.merges.push_back(std::move(n));
      return;
    }
    n.key_mark = k.mark;
    if (k.is_scalar()) n.key_text = k.scalar;
    top.node.entries.emplace_back(std::move(k), std::move(n));
  }

  // YAML merge keys (`<<: *defaults` or `<<: [*a, *b]`): the merged mapping's keys join this
  // one unless given here already (yaml-cpp 0.7 does not apply them).
  void merge_into(Node& target, const Node& source) {
    if (source.is_sequence()) {
      for (const auto& s : source.items) merge_into(target, s);
      return;
    }
    if (!source.is_map()) {
      error_at(source.mark, msg(Io::yaml_merge_not_mapping, "got"_a = described(source)), msg(Io::yaml_merge_hint));
      return;
    }
    for (const auto& [k, v] : source.entries) {
      if (k.is_scalar() && target.find(k.scalar) != nullptr) continue;
      target.entries.emplace_back(k, v);
    }
  }

  // A quoted scalar whose closing quote never comes runs to the end of the file in yaml-cpp
  // and swallows every key after it: report the opening quote instead.
  void check_closed(const Node& n) {
    if (n.mark.line < 1 || static_cast<std::size_t>(n.mark.line) > lines_.size()) return;
    const std::string& first = lines_[n.mark.line - 1];
    const auto at = static_cast<std::size_t>(n.mark.column - 1);
    if (at >= first.size() || (first[at] != '"' && first[at] != '\'')) return;
    const char q = first[at];
    for (std::size_t li = static_cast<std::size_t>(n.mark.line - 1); li < lines_.size(); ++li) {
      const std::string& l = lines_[li];
      for (std::size_t i = li + 1 == static_cast<std::size_t>(n.mark.line) ? at + 1 : 0; i < l.size(); ++i) {
        if (q == '"' && l[i] == '\\') { ++i; continue; }
        if (l[i] == q) {
          if (q == '\'' && i + 1 < l.size() && l[i + 1] == '\'') { ++i; continue; }
          return;
        }
      }
    }
    error_at(n.mark, msg(Io::yaml_text_not_closed, "quote"_a = q), msg(Io::yaml_text_not_closed_hint, "quote"_a = q));
  }

  const std::string& name_;
  const std::vector<std::string>& lines_;
  Diagnostics& diags_;
  std::size_t max_values_;
  std::size_t values_ = 0;  // over the whole file, every document
  Node root_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  YAML::Mark document_start_;
};

// What to say about a token the parser could not place (the only one known is `,`).
void report_stuck(const std::string& name, const std::vector<std::string>& lines, const YAML::Mark& at, Diagnostics& diags) {
  const int line = at.line + 1, column = at.column + 1;
  const std::string& here = line >= 1 && static_cast<std::size_t>(line) <= lines.size() ? lines[line - 1] : std::string();
  const char c = column >= 1 && static_cast<std::size_t>(column) <= here.size() ? here[column - 1] : '\0';
  if (c == ',')
    diags.add(located(name, lines, line, column, msg(Io::yaml_invalid, "what"_a = msg(Io::yaml_stray_comma)),
                      msg(Io::yaml_stray_comma_hint)));
  else
    diags.add(located(name, lines, line, column, msg(Io::yaml_invalid, "what"_a = msg(Io::yaml_stuck)), msg(Io::yaml_check_hint)));
}

// The `---` line that starts the document whose content begins at `line`.
int document_marker_line(const std::vector<std::string>& lines, int line) {
  for (int l = std::min<int>(line, static_cast<int>(lines.size())); l >= 1; --l)
    if (lines[l - 1].rfind("---", 0) == 0) return l;
  return line;
}

}  // namespace

namespace {

Diagnostic too_large(const std::string& name, std::optional<double> megabytes, DocumentKind document_kind) {
  const auto limit = traits(document_kind).max_bytes / 1048576;
  const Message noun = document_noun(document_kind);
  return whole_file(name,
                    megabytes ? msg(Io::file_too_large, "megabytes"_a = fmt::format("{:.1f}", *megabytes), "document"_a = noun,
                                    "limit"_a = limit)
                              : msg(Io::file_larger_than, "limit"_a = limit, "document"_a = noun),
                    msg(Io::file_usually_smaller, "document"_a = noun));
}

}  // namespace

ParsedDocument text_document(std::string_view text, const std::string& name, DocumentKind document_kind) {
  ParsedDocument out;
  const DocumentTraits& kind = traits(document_kind);
  if (text.size() > kind.max_bytes) {
    out.diagnostics.add(too_large(name, static_cast<double>(text.size()) / 1048576.0, document_kind));
    return out;
  }
  // A UTF-8 byte-order mark (Windows Notepad adds one) is not content.
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);
  Document doc;
  doc.path = name;
  doc.kind = document_kind;
  doc.lines = split_lines(text);
  if (auto d = check_characters(text, name, doc.lines, document_kind)) {
    out.diagnostics.add(std::move(*d));
    return out;
  }
  out.document = std::move(doc);
  return out;
}

ParsedDocument parse_yaml_text(std::string_view text, const std::string& name, DocumentKind document_kind) {
  ParsedDocument out = text_document(text, name, document_kind);
  if (!out.document) return out;
  const DocumentTraits& kind = traits(document_kind);
  Document doc = std::move(*out.document);
  out.document.reset();
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);
  if (auto slips = check_input_method(name, doc.lines); !slips.empty()) {
    for (auto& d : slips) out.diagnostics.add(std::move(d));
    return out;
  }
  // yaml-cpp recurses once per nesting level; refuse deep flow nesting before it does.
  const auto scan = scan_brackets(doc.lines, Position{static_cast<int>(doc.lines.size()) + 1, 1},
                                  static_cast<std::size_t>(kMaxDocumentDepth));
  if (scan.too_deep) {
    out.diagnostics.add(located(name, doc.lines, scan.too_deep->line, scan.too_deep->column,
                                msg(Io::yaml_too_deep, "depth"_a = kMaxDocumentDepth), msg(Io::yaml_too_deep_hint)));
    return out;
  }
  try {
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    TreeBuilder builder(name, doc.lines, out.diagnostics, kind.max_values);
    std::optional<Node> root;
    std::optional<YAML::Mark> previous_start;
    while (parser.HandleNextDocument(builder)) {
      const YAML::Mark start = builder.document_start();
      if (previous_start && previous_start->pos == start.pos) {
        report_stuck(name, doc.lines, start, out.diagnostics);
        return out;
      }
      previous_start = start;
      Node n = builder.take_root();
      if (n.is_null()) continue;
      if (root) {
        const int marker = document_marker_line(doc.lines, n.mark.line);
        out.diagnostics.add(located(name, doc.lines, marker, 1, msg(Io::yaml_second_document), msg(Io::yaml_second_document_hint)));
        return out;
      }
      root = std::move(n);
    }
    if (!root) {
      const bool comments = std::any_of(doc.lines.begin(), doc.lines.end(), [](const std::string& l) {
        return l.find_first_not_of(" \t") != std::string::npos;
      });
      // A portfolio or a programme replaces the hint with one that names its list too.
      out.diagnostics.add(whole_file(name, msg(Io::yaml_empty),
                                     msg(comments ? Io::yaml_only_comments_hint : Io::yaml_empty_hint,
                                         "document"_a = document_noun(document_kind), "section"_a = kind.starts_with,
                                         "reference"_a = kind.reference, "examples"_a = document_examples(document_kind))));
      return out;
    }
    doc.root = std::move(*root);
  } catch (const StopParsing&) {
    return out;
  } catch (const YAML::DeepRecursion& e) {
    out.diagnostics.add(located(name, doc.lines, e.mark.line + 1, e.mark.column + 1,
                                msg(Io::yaml_too_deep, "depth"_a = kMaxDocumentDepth), msg(Io::yaml_too_deep_hint)));
    return out;
  } catch (const YAML::Exception& e) {
    const auto x = explain(e.msg, e.mark.line + 1, e.mark.column + 1, doc.lines);
    auto d = located(name, doc.lines, x.line, x.column, msg(Io::yaml_invalid, "what"_a = x.message), x.hint);
    d.location->length = x.length;
    out.diagnostics.add(std::move(d));
    return out;
  }
  if (!out.diagnostics.has_errors()) out.document = std::move(doc);
  return out;
}

namespace {

// The file's text, or why it cannot be read (a folder, missing, unreadable, too large).
std::optional<std::string> file_text(const std::string& path, DocumentKind document_kind, ParsedDocument& failed) {
  const DocumentTraits& kind = traits(document_kind);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    failed.diagnostics.add(whole_file(path, msg(Io::file_is_folder)));
    failed.io_error = true;
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    failed.diagnostics.add(whole_file(path, msg(Io::file_unreadable)));
    failed.io_error = true;
    return std::nullopt;
  }
  // Read at most one block past the limit: a huge file (or /dev/zero) is refused, not loaded.
  // In blocks, so that a small file does not cost a buffer of the limit's size.
  std::string text;
  std::array<char, 1 << 16> block{};
  while (in && text.size() <= kind.max_bytes) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    text.append(block.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    failed.diagnostics.add(whole_file(path, msg(Io::file_read_failed)));
    failed.io_error = true;
    return std::nullopt;
  }
  if (text.size() > kind.max_bytes) {
    const auto size = std::filesystem::is_regular_file(path, ec) ? std::filesystem::file_size(path, ec) : 0;
    failed.diagnostics.add(too_large(path, size > kind.max_bytes && !ec ? std::optional<double>(static_cast<double>(size) / 1048576.0)
                                                                        : std::nullopt,
                                     document_kind));
    return std::nullopt;
  }
  return text;
}

}  // namespace

ParsedDocument read_text_file(const std::string& path, DocumentKind document_kind) {
  ParsedDocument failed;
  const auto text = file_text(path, document_kind, failed);
  return text ? text_document(*text, path, document_kind) : failed;
}

ParsedDocument parse_yaml_file(const std::string& path, DocumentKind document_kind) {
  ParsedDocument failed;
  const auto text = file_text(path, document_kind, failed);
  if (!text) return failed;
  // A CSV file read as YAML fails at its first `: ` or says nothing true: named as what it is.
  // Most often a debt ledger given to `appraise debt` instead of the portfolio file naming it.
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".csv") {
    failed.diagnostics.add(whole_file(path, msg(Io::file_is_csv, "document"_a = document_noun(document_kind)),
                                      msg(Io::file_csv_ledger_hint, "name"_a = std::filesystem::path(path).filename().string())));
    return failed;
  }
  return parse_yaml_text(*text, path, document_kind);
}

}  // namespace appraise::io
