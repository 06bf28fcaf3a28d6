// The message catalogue (core/message.hpp): every entry says its text in Chinese and in English
// with the same placeholders, and a message is formatted in both languages at once.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "appraise/core/diagnostics.hpp"
#include "appraise/core/message.hpp"
#include "appraise/messages/core.hpp"
#include "latin_words.hpp"

using namespace appraise;
using namespace appraise::literals;

namespace {

bool has_cjk(std::string_view s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 >= 0xE3 && b0 <= 0xE9) return true;  // U+3000..U+9FFF: CJK punctuation and ideographs
    if (b0 == 0xEF && static_cast<unsigned char>(s[i + 1]) >= 0xBC) return true;  // full-width forms
  }
  return false;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_SUITE("messages") {

TEST_CASE("every catalogue entry has Chinese and English with the same placeholders") {
  std::set<std::string_view> ids;
  REQUIRE(catalogue().size() > 50);
  for (const auto& e : catalogue()) {
    INFO(e.id);
    CHECK(ids.insert(e.id).second);  // ids are unique
    CHECK_FALSE(e.en.empty());
    CHECK_FALSE(e.zh.empty());
    CHECK(has_cjk(e.zh));
    CHECK(sorted(placeholders(e.en)) == sorted(placeholders(e.zh)));
  }
}

TEST_CASE("the Chinese of every entry has no English words outside code, names and abbreviations") {
  for (const auto& e : catalogue()) {
    INFO(e.id << ": " << e.zh);
    CHECK(latin_words::offending(e.zh).empty());
  }
}

TEST_CASE("placeholders are named, with their format, and literal braces are not placeholders") {
  CHECK(placeholders("{year}年{value:.2f}，{{literal}}") == std::vector<std::string>{"year", "value:.2f"});
  CHECK(placeholders("no placeholder").empty());
}

TEST_CASE("a message is formatted in both languages, a message argument in each its own") {
  const Message counted = msg(messages::Core::errors, "count"_a = 3);
  CHECK(counted.en == "3 errors");
  CHECK(counted.zh == "3 处错误");
  const Message summary = msg(messages::Core::summary, "errors"_a = counted, "subject"_a = std::string("a.yaml"));
  CHECK(summary.en == "3 errors in a.yaml (nothing was computed)");
  CHECK(summary.zh == "a.yaml中有 3 处错误（未进行计算）");  // render_all sets a file name apart (below)
  CHECK(summary.in(Lang::En) == summary.en);
  CHECK(summary.in(Lang::Zh) == summary.zh);
  CHECK(msg_in(Lang::Zh, messages::Core::errors, "count"_a = 2) == "2 处错误");
}

TEST_CASE("the summary of errors sets a file name apart from the Chinese around it, and a Chinese subject not") {
  Diagnostics ds;
  Diagnostic d;
  d.message = Message("x", "x");
  ds.add(d);
  const auto last_line = [&](const std::string& subject, Lang lang) {
    const std::string all = render_all(ds, subject, lang);
    return all.substr(all.rfind('\n', all.size() - 2) + 1);
  };
  CHECK(last_line("a.yaml", Lang::Zh) == "a.yaml 中有 1 处错误（未进行计算）\n");
  CHECK(last_line("部分结果文件", Lang::Zh) == "部分结果文件中有 1 处错误（未进行计算）\n");
  CHECK(last_line("the parts", Lang::En) == "1 error in the parts (nothing was computed)\n");
}

TEST_CASE("an argument the text names but the call does not give is a bug named by its entry") {
  CHECK_THROWS_WITH_AS((void)msg(messages::Core::errors), doctest::Contains("core.errors"), std::logic_error);
}

TEST_CASE("a diagnostic is rendered in the language asked for, its caret under the column by display width") {
  Diagnostic d;
  d.location = SourceLocation{"m.yaml", 3, 7, 2};
  d.field = "project.名称";
  d.message = Message("unknown key", "未知的键");
  d.expected = Message("a key", "一个键");
  d.source_line = "  名称: 大桥";
  const std::string zh = render(d, Lang::Zh);
  CHECK(zh.find("appraise：错误：m.yaml:3:7：project.名称：未知的键\n") == 0);
  CHECK(zh.find("= 应为一个键") != std::string::npos);
  // `  名称: ` takes 8 display columns: the caret under 大桥 (2 characters, 4 columns) starts after them.
  CHECK(zh.find("  | " + std::string(8, ' ') + "^^^^\n") != std::string::npos);
  const std::string en = render(d, Lang::En);
  CHECK(en.find("appraise: error: m.yaml:3:7: project.名称: unknown key\n") == 0);
  CHECK(en.find("= expected a key") != std::string::npos);
}

TEST_CASE("text with no Chinese yet is shown as it is in both languages") {
  const Message m("only English");
  CHECK(m.untranslated());
  CHECK(m.in(Lang::Zh) == "only English");
  CHECK_FALSE(Message::same("大桥").untranslated());
}

TEST_CASE("the Chinese of the catalogue writes probabilities and rates in words, not as P（…） or r_old") {
  for (const auto& e : catalogue()) {
    INFO(e.id << ": " << e.zh);
    CHECK(e.zh.find("P（") == std::string_view::npos);
    CHECK(e.zh.find("r_old") == std::string_view::npos);
    CHECK(e.zh.find("r_new") == std::string_view::npos);
  }
}

}  // TEST_SUITE
