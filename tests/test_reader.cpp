// The YAML document reader: locations, duplicate and unknown keys, typed values, bad files.
#include <doctest/doctest.h>

#include "appraise/io/reader.hpp"

using namespace appraise;
using namespace appraise::io;

namespace {

struct Read {
  Diagnostics diags;
  std::optional<Document> doc;
};

Read parse(const std::string& text) {
  auto p = parse_yaml_text(text, "inline.yaml");
  return {p.diagnostics, p.document};
}

}  // namespace

TEST_SUITE("reader") {

TEST_CASE("an unknown key is an error that names the closest known key, at its line and column") {
  auto p = parse("operations:\n  opex: 100\n  opex_growht: 2.5%\n");
  REQUIRE(p.doc);
  Reader r(*p.doc, p.diags);
  MapReader top(r, p.doc->root, "");
  MapReader ops(r, *top.get("operations"), "operations");
  CHECK(ops.number("opex") == 100.0);
  (void)ops.rate("opex_growth");
  ops.finish();
  top.finish();
  REQUIRE(p.diags.error_count() == 1);
  const auto& d = p.diags.front();
  CHECK(d.location->line == 3);
  CHECK(d.location->column == 3);
  CHECK(d.location->length == 11);
  CHECK(d.message.en == "unknown key `opex_growht` in `operations`");
  CHECK(d.hint.en.find("did you mean `opex_growth`?") == 0);
}

TEST_CASE("a duplicate key is an error pointing at the second occurrence") {
  auto p = parse("a: 1\nb: 2\na: 3\n");
  REQUIRE(p.doc);
  Reader r(*p.doc, p.diags);
  MapReader top(r, p.doc->root, "");
  (void)top.number("a");
  (void)top.number("b");
  top.finish();
  REQUIRE(p.diags.error_count() == 1);
  CHECK(p.diags.front().location->line == 3);
  CHECK(p.diags.front().message.en == "duplicate key `a` (first given on line 1)");
}

TEST_CASE("rates accept 6% and 0.06, and refuse a bare 6 with a hint") {
  auto p = parse("a: 6%\nb: 0.06\nc: 6\nd: six\ne: '7.5 %'\n");
  REQUIRE(p.doc);
  Reader r(*p.doc, p.diags);
  MapReader top(r, p.doc->root, "");
  CHECK(*top.rate("a") == doctest::Approx(0.06).epsilon(1e-15));
  CHECK(*top.rate("b") == doctest::Approx(0.06).epsilon(1e-15));
  CHECK_FALSE(top.rate("c"));
  CHECK_FALSE(top.rate("d"));
  CHECK(*top.rate("e") == doctest::Approx(0.075).epsilon(1e-15));
  top.finish();
  REQUIRE(p.diags.error_count() == 2);
  CHECK(p.diags.items()[0].message.en == "a rate of 6 would mean 600%");
  CHECK(p.diags.items()[0].hint.en.find("`6%`") != std::string::npos);
  CHECK(p.diags.items()[1].message.en == "`six` is not a rate");
}

TEST_CASE("a missing required key is reported at its parent mapping") {
  auto p = parse("project:\n  name: x\n");
  REQUIRE(p.doc);
  Reader r(*p.doc, p.diags);
  MapReader top(r, p.doc->root, "");
  MapReader proj(r, *top.get("project"), "project");
  CHECK(proj.require("unit", Message("the money unit, such as 万元")) == nullptr);
  REQUIRE(p.diags.error_count() == 1);
  CHECK(p.diags.front().location->line == 1);  // at `project:`, the key that owns the mapping
  CHECK(p.diags.front().message.en == "`unit` is missing in `project`");
}

TEST_CASE("empty files, broken YAML and non-UTF-8 bytes are diagnosed, not parsed") {
  CHECK(parse("").diags.front().message.en == "the file is empty");
  CHECK(parse("# only a comment\n").diags.front().message.en == "the file is empty");
  auto broken = parse("a: [1, 2\nb: 3\n");
  CHECK_FALSE(broken.doc);
  CHECK(broken.diags.front().message.en.find("not valid YAML") != std::string::npos);
  auto gbk = parse("name: \xC7\xC5\xC1\xBA\n");  // "桥梁" in GBK
  CHECK_FALSE(gbk.doc);
  CHECK(gbk.diags.front().location->line == 1);
  CHECK(gbk.diags.front().location->column == 7);
  CHECK(gbk.diags.front().message.en.find("not UTF-8") != std::string::npos);
  // The excerpt shows the first broken run as bytes and nothing of a second one, which would
  // print as mojibake.
  auto two = parse("name: \xC7\xC5 # \xC1\xBA\n");
  CHECK(two.diags.front().source_line == "name: \\xC7\\xC5 # …");
}

TEST_CASE("amounts refuse percentages, thousands separators and absurd magnitudes") {
  auto p = parse("a: 5%\nb: 1,000\nc: 1e300\nd: .nan\n");
  REQUIRE(p.doc);
  Reader r(*p.doc, p.diags);
  MapReader top(r, p.doc->root, "");
  CHECK_FALSE(top.number("a"));
  CHECK_FALSE(top.number("b"));
  CHECK_FALSE(top.number("c"));
  CHECK_FALSE(top.number("d"));
  CHECK(p.diags.error_count() == 4);
}

}  // TEST_SUITE
