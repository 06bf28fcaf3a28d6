// The project-model loader: the forms it accepts (with values worked out by hand from the
// format's definitions), and its behaviour on hostile or broken input (huge files, deep
// nesting, alias bombs, binary bytes, CRLF, BOM, long lines, Chinese text before an error).
// The error messages themselves are pinned by the catalogue in tests/errors/.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <sstream>

#include "appraise/io/model_loader.hpp"
#include "appraise/core/text.hpp"

using namespace appraise;
using appraise::io::load_model_from_string;

namespace {

// A valid model: 2 construction years (2026–2027), 10 operating years (2028–2037).
const std::string kProject = R"yaml(project:
  name: 示例大桥
  first_year: 2026
  construction_years: 2
  operation_years: 10
  benchmark_rate: 6%
)yaml";

const std::string kInvestment = R"yaml(investment:
  - name: 工程费用
    amount: 10000
    phasing: [40%, 60%]
)yaml";

io::LoadedModel load(const std::string& text) { return load_model_from_string(text, "inline.yaml"); }

// Loads and requires success, printing the diagnostics when there are any.
ProjectModel load_ok(const std::string& text) {
  auto loaded = load(text);
  INFO(render_all(loaded.diagnostics, "inline.yaml", appraise::Lang::En));
  REQUIRE(loaded.model.has_value());
  return *loaded.model;
}

// The first diagnostic, requiring that the text fails to load.
Diagnostic first_error(const std::string& text) {
  auto loaded = load(text);
  REQUIRE_FALSE(loaded.model.has_value());
  REQUIRE_FALSE(loaded.diagnostics.empty());
  return loaded.diagnostics.front();
}

// The diagnostic about `field`, requiring that there is one.
Diagnostic error_at(const std::string& text, const std::string& field) {
  auto loaded = load(text);
  REQUIRE_FALSE(loaded.model.has_value());
  for (const auto& d : loaded.diagnostics)
    if (d.field == field) return d;
  FAIL("no diagnostic about " << field << ":\n" << render_all(loaded.diagnostics, "inline.yaml", appraise::Lang::En));
  return {};
}

// The revenue line's amounts over the operating years.
std::vector<double> revenue_amounts(const std::string& amounts_yaml) {
  const auto m = load_ok(kProject + kInvestment + "revenue:\n  - name: r\n    amounts: " + amounts_yaml + "\n");
  REQUIRE(m.revenue.size() == 1);
  REQUIRE(m.revenue[0].amounts.has_value());
  return m.revenue[0].amounts->resolve(m.first_operating_year(), m.operation_years);
}

void check_values(const std::vector<double>& actual, const std::vector<double>& expected) {
  REQUIRE(actual.size() == expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    INFO("year index " << i);
    CHECK(actual[i] == doctest::Approx(expected[i]).epsilon(1e-12));
  }
}

// The caret line of a rendered diagnostic: the line after the excerpt.
std::string caret_line(const std::string& rendered) {
  std::istringstream in(rendered);
  std::string line, prev, out;
  while (std::getline(in, line)) {
    if (line.find('^') != std::string::npos && prev.find(" | ") != std::string::npos) return line;
    prev = line;
  }
  return out;
}

}  // namespace

TEST_SUITE("model loader: accepted forms") {

TEST_CASE("a minimal model takes the documented defaults") {
  const auto m = load_ok(kProject + kInvestment);
  CHECK(m.name == "示例大桥");
  CHECK(m.unit == "万元");
  CHECK(m.first_year == 2026);
  CHECK(m.construction_years == 2);
  CHECK(m.operation_years == 10);
  CHECK(m.last_year() == 2037);                   // 2026 + 12 − 1
  CHECK(m.benchmark_rate == doctest::Approx(0.06).epsilon(1e-15));
  CHECK(m.timing == Timing::EndOfPeriod);         // year-end, as the standard's tables
  CHECK(m.income_tax_rate == doctest::Approx(0.25).epsilon(1e-15));
  CHECK(m.depreciation.life == 20);
  CHECK(m.depreciation.salvage == doctest::Approx(0.05).epsilon(1e-15));
  CHECK(m.depreciation.intangible_life == 10);
  CHECK(m.depreciation.other_life == 5);
  CHECK(m.taxes.base == TaxesAndSurcharges::Base::Revenue);
  CHECK(m.taxes.rate == 0.0);
  CHECK_FALSE(m.residual_value.has_value());      // book value
  REQUIRE(m.investment.size() == 1);
  CHECK(m.investment[0].asset == AssetClass::Fixed);
  CHECK_FALSE(m.investment[0].life.has_value());
}

TEST_CASE("timing words map to the three conventions") {
  auto timing_of = [](const char* word) {
    std::string p = kProject;
    p.insert(p.find("  benchmark_rate"), std::string("  timing: ") + word + "\n");
    return load_ok(p + kInvestment).timing;
  };
  CHECK(timing_of("end-of-year") == Timing::EndOfPeriod);
  CHECK(timing_of("start") == Timing::AtStart);
  CHECK(timing_of("mid-year") == Timing::MidPeriod);
}

TEST_CASE("rates are read as 6%, 0.06, 6 % and the full-width ６％ of a Chinese input method") {
  for (const char* written : {"6%", "0.06", "'6 %'", "6％"}) {
    std::string p = kProject;
    p.replace(p.find("6%"), 2, written);
    INFO(written);
    CHECK(load_ok(p + kInvestment).benchmark_rate == doctest::Approx(0.06).epsilon(1e-15));
  }
}

TEST_CASE("a series given as one number is that amount in every operating year") {
  check_values(revenue_amounts("2000"), std::vector<double>(10, 2000.0));
}

TEST_CASE("a series given as a list runs from the first operating year; later years are 0") {
  // 2028 = 100, 2029 = 200, 2030 = 300, then nothing (the loader warns about the short list).
  check_values(revenue_amounts("[100, 200, 300]"), {100, 200, 300, 0, 0, 0, 0, 0, 0, 0});
}

TEST_CASE("a series given as base and growth compounds from the first operating year") {
  // 2028: 2000; 2029: 2000 × 1.05 = 2100; 2030: 2100 × 1.05 = 2205; 2031: 2315.25; ...
  const auto v = revenue_amounts("{base: 2000, growth: 5%}");
  CHECK(v[0] == doctest::Approx(2000.0).epsilon(1e-12));
  CHECK(v[1] == doctest::Approx(2100.0).epsilon(1e-12));
  CHECK(v[2] == doctest::Approx(2205.0).epsilon(1e-12));
  CHECK(v[3] == doctest::Approx(2315.25).epsilon(1e-12));
  CHECK(v[9] == doctest::Approx(2000.0 * 1.5513282159785162).epsilon(1e-12));  // 1.05^9
}

TEST_CASE("a growth series with from and to covers only those years, compounding from `from`") {
  // from 2030 to 2032: 2028, 2029 = 0; 2030 = 1000; 2031 = 1000 × 0.9 = 900; 2032 = 810; then 0.
  check_values(revenue_amounts("{base: 1000, growth: -10%, from: 2030, to: 2032}"), {0, 0, 1000, 900, 810, 0, 0, 0, 0, 0});
}

TEST_CASE("a series given as ranges: single years and from/to spans, with 0 in the gaps") {
  // 2028 = 50 (year); 2030–2032 = 70 each; 2035–2037 = 90 each (to defaults to the last year).
  check_values(revenue_amounts("[{year: 2028, amount: 50}, {from: 2030, to: 2032, amount: 70}, {from: 2035, amount: 90}]"),
               {50, 0, 70, 70, 70, 0, 0, 90, 90, 90});
}

TEST_CASE("phasing as shares, amounts or fractions gives the same split") {
  auto phasing_of = [](const std::string& item) {
    const auto m = load_ok(kProject + "investment:\n  - name: a\n" + item);
    REQUIRE(m.investment.size() == 1);
    return m.investment[0];
  };
  SUBCASE("shares with %") {
    const auto it = phasing_of("    amount: 10000\n    phasing: [40%, 60%]\n");
    CHECK(it.amount == 10000.0);
    check_values(it.phasing, {0.4, 0.6});
  }
  SUBCASE("amounts adding up to amount") {
    const auto it = phasing_of("    amount: 10000\n    phasing: [4000, 6000]\n");
    CHECK(it.amount == 10000.0);
    check_values(it.phasing, {0.4, 0.6});
  }
  SUBCASE("amounts alone: the total is their sum") {
    const auto it = phasing_of("    phasing: [2500, 7500]\n");
    CHECK(it.amount == 10000.0);       // 2500 + 7500
    check_values(it.phasing, {0.25, 0.75});
  }
  SUBCASE("fractions adding up to 1") {
    const auto it = phasing_of("    amount: 10000\n    phasing: [0.4, 0.6]\n");
    CHECK(it.amount == 10000.0);
    check_values(it.phasing, {0.4, 0.6});
  }
  SUBCASE("a bare 0 among shares") {
    const auto it = phasing_of("    amount: 8600\n    phasing: [100%, 0]\n");
    check_values(it.phasing, {1.0, 0.0});
  }
}

TEST_CASE("with one construction year, phasing may be left out") {
  std::string p = kProject;
  p.replace(p.find("construction_years: 2"), 21, "construction_years: 1");
  const auto m = load_ok(p + "investment:\n  - name: a\n    amount: 500\n");
  check_values(m.investment[0].phasing, {1.0});
  CHECK(m.investment[0].amount == 500.0);
}

TEST_CASE("taxes: surcharges fall on VAT when a VAT rate is given, and on revenue otherwise") {
  const auto vat = load_ok(kProject + "taxes:\n  vat_rate: 9%\n  surcharge_rate: 12%\n" + kInvestment);
  CHECK(vat.taxes.base == TaxesAndSurcharges::Base::Vat);
  CHECK(vat.taxes.vat_rate == doctest::Approx(0.09).epsilon(1e-15));
  CHECK(vat.taxes.rate == doctest::Approx(0.12).epsilon(1e-15));
  const auto rev = load_ok(kProject + "taxes:\n  surcharge_rate: 0.6%\n" + kInvestment);
  CHECK(rev.taxes.base == TaxesAndSurcharges::Base::Revenue);
  CHECK(rev.taxes.rate == doctest::Approx(0.006).epsilon(1e-15));
}

TEST_CASE("volume × price lines, per-unit and share-of-revenue costs, and the default subsidy taxability") {
  const auto m = load_ok(kProject + kInvestment + R"yaml(revenue:
  - name: 通行费收入
    volume: 1150
    price: {base: 15.5, growth: 1%}
    ramp_up: [70%, 85%]
subsidies:
  - name: 运营补贴
    amounts: 300
operating_costs:
  - name: 收费运营费
    per_unit: 0.55
    of: 通行费收入
  - name: 管理费用
    share_of_revenue: 3%
)yaml");
  REQUIRE(m.revenue.size() == 1);
  CHECK(m.revenue[0].volume.has_value());
  CHECK(m.revenue[0].price->base == 15.5);
  check_values(m.revenue[0].ramp_up, {0.7, 0.85});
  CHECK(m.subsidies[0].taxable);
  REQUIRE(m.operating_costs.size() == 2);
  CHECK(m.operating_costs[0].basis == OperatingCostLine::Basis::PerUnit);
  CHECK(m.operating_costs[0].of == "通行费收入");
  CHECK(m.operating_costs[1].basis == OperatingCostLine::Basis::ShareOfRevenue);
  CHECK(m.operating_costs[1].share == doctest::Approx(0.03).epsilon(1e-15));
}

TEST_CASE("anchors, aliases and merge keys are applied; an explicit key wins over a merged one") {
  const auto m = load_ok(kProject + R"yaml(investment:
  - &civil
    name: 建筑安装工程费
    amount: 6000
    phasing: &split [30%, 70%]
  - <<: *civil
    name: 设备购置费
    amount: 4000
  - name: 预备费
    amount: 1000
    phasing: *split
)yaml");
  REQUIRE(m.investment.size() == 3);
  CHECK(m.investment[1].name == "设备购置费");  // explicit, not the merged 建筑安装工程费
  CHECK(m.investment[1].amount == 4000.0);
  check_values(m.investment[1].phasing, {0.3, 0.7});  // merged
  check_values(m.investment[2].phasing, {0.3, 0.7});  // alias
}

TEST_CASE("document markers, a byte-order mark and CRLF line endings are accepted") {
  CHECK(load_ok("---\n" + kProject + kInvestment + "...\n").name == "示例大桥");
  CHECK(load_ok(kProject + kInvestment + "---\n").name == "示例大桥");  // an empty second document
  CHECK(load_ok("\xEF\xBB\xBF" + kProject + kInvestment).name == "示例大桥");
  std::string crlf;
  for (char c : kProject + kInvestment) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  CHECK(load_ok(crlf).operation_years == 10);
}

}  // TEST_SUITE

TEST_SUITE("model loader: hostile and broken input") {

TEST_CASE("a 10 MB file is refused quickly, as a whole-file error") {
  std::string big = kProject + kInvestment + "subsidies:\n";
  while (big.size() < 10'000'000) big += "  - name: s\n    amounts: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n";
  const auto start = std::chrono::steady_clock::now();
  const auto d = first_error(big);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
  CHECK(d.location->line == 0);
  CHECK(d.message.en.find("MB") != std::string::npos);
}

TEST_CASE("10,000 nested brackets are refused before the YAML parser recurses into them") {
  const std::string deep = "project: " + std::string(10'000, '[') + std::string(10'000, ']') + "\n";
  const auto d = first_error(deep);
  CHECK(d.location->line == 1);
  CHECK(d.location->column == 10 + 64);  // the 65th bracket; "project: " is 9 columns
  CHECK(d.message.en.find("nested more than 64 levels") != std::string::npos);
  CHECK(first_error("a: " + std::string(10'000, '[') + "\n").message.en.find("nested") != std::string::npos);
}

TEST_CASE("10,000 nested block lists are refused without a crash") {
  std::string dashes;
  for (int i = 0; i < 10'000; ++i) dashes += "- ";
  const auto d = first_error(dashes + "x\n");
  CHECK(d.location->line == 1);
  CHECK(d.message.en.find("nested more than") != std::string::npos);
}

TEST_CASE("100 levels of indented mappings are refused at the level that is too deep") {
  std::string text;
  for (int i = 0; i < 100; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  const auto d = first_error(text);
  CHECK(d.message.en.find("nested more than 64 levels") != std::string::npos);
  CHECK(d.location->line > 60);
}

TEST_CASE("an alias bomb (billion laughs) is stopped, not expanded until memory runs out") {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  text += "project: *a9\n";
  const auto d = first_error(text);
  CHECK(d.message.en.find("expands to more than") != std::string::npos);
}

TEST_CASE("binary garbage is refused with a located message") {
  std::uint64_t state = 42;  // xorshift: a fixed, portable byte sequence
  std::string bytes;
  for (int i = 0; i < 4096; ++i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    bytes += static_cast<char>(state & 0xFF);
  }
  const auto d = first_error(bytes);
  REQUIRE(d.location.has_value());
  CHECK(d.location->file == "inline.yaml");
  CHECK_FALSE(d.message.en.empty());
  CHECK(load(bytes.substr(0, 7)).diagnostics.error_count() >= 1);
}

TEST_CASE("a NUL byte is an error at its line and column, not the silent end of the file") {
  std::string text = kProject + "investment:\n  - name: 工程";
  text += '\0';
  text += "费用\n    amount: 1\n";
  const auto d = first_error(text);
  // "  - name: 工程" is 12 characters: the NUL is the 13th, on line 8.
  CHECK(d.location->line == 8);
  CHECK(d.location->column == 13);
  CHECK(d.message.en.find("NUL") != std::string::npos);
}

TEST_CASE("a lone carriage return is an error, not a line silently joined to the next") {
  const auto d = first_error("project:\r  name: x\r");
  CHECK(d.location->line == 1);
  CHECK(d.message.en.find("carriage return") != std::string::npos);
}

TEST_CASE("with CRLF line endings, lines and columns are those an editor shows") {
  const auto d = error_at("project:\r\n  name: 示例\r\n  first_year: 20x6\r\n", "project.first_year");
  CHECK(d.location->line == 3);
  CHECK(d.location->column == 15);
  CHECK(d.source_line == "  first_year: 20x6");  // no stray \r in the excerpt
}

TEST_CASE("after a byte-order mark, line 1's columns do not count the mark") {
  const auto d = error_at("\xEF\xBB\xBFproject: 1\n", "project");
  CHECK(d.location->line == 1);
  CHECK(d.location->column == 10);
}

TEST_CASE("Chinese text before the error: the column counts characters and the caret lines up") {
  const std::string text = kProject + kInvestment + "revenue:\n  - {name: 通行费收入, amounts: 12x}\n";
  const auto loaded = load(text);
  REQUIRE(loaded.diagnostics.error_count() == 1);
  const auto& d = loaded.diagnostics.front();
  CHECK(d.location->line == 12);
  // "  - {name: " (11) + 通行费收入 (5) + ", amounts: " (11) is 27 characters; `12x` is the 28th.
  CHECK(d.location->column == 28);
  CHECK(d.location->length == 3);
  // On screen the five Chinese characters are two columns each: the caret sits at column
  // 27 + 5 = 32 of the source line, after the "12 | " gutter.
  const std::string caret = caret_line(render(d, appraise::Lang::En));
  const std::string gutter = "   | ";
  REQUIRE(caret.rfind(gutter, 0) == 0);
  CHECK(caret.substr(gutter.size()) == std::string(32, ' ') + "^^^");
}

TEST_CASE("a tab before the error is shown as four spaces and the caret follows it") {
  const auto d = first_error(kProject + kInvestment + "residual_value: \tbook1\n");
  const std::string rendered = render(d, appraise::Lang::En);
  CHECK(rendered.find('\t') == std::string::npos);
  // "residual_value: " (16) + tab shown as 4 = 20 columns before the caret.
  CHECK(caret_line(rendered).substr(std::string("   | ").size()) == std::string(20, ' ') + "^^^^^");
}

TEST_CASE("a very long line is cut to a window around the caret") {
  std::string list = "[";
  for (int i = 0; i < 20'000; ++i) list += "1, ";
  list += "oops]";
  const auto d = first_error(kProject + kInvestment + "revenue:\n  - name: r\n    amounts: " + list + "\n");
  CHECK(d.message.en.find("oops") != std::string::npos);
  const std::string rendered = render(d, appraise::Lang::En);
  std::istringstream in(rendered);
  std::string line;
  while (std::getline(in, line)) CHECK(display_width(line) < 200);
  CHECK(rendered.find("oops") != std::string::npos);
  CHECK(caret_line(rendered).find("^^^^") != std::string::npos);
}

TEST_CASE("a long value in a message is shortened") {
  const std::string junk(5000, 'z');
  const auto d = first_error(kProject + "investment:\n  - name: a\n    amount: " + junk + "\n    phasing: [40%, 60%]\n");
  CHECK(d.message.en.size() < 120);
}

TEST_CASE("an unclosed quote is reported at the quote instead of swallowing the rest of the file") {
  const auto loaded = load("project:\n  name: \"示例大桥\n  first_year: 2026\n");
  REQUIRE(loaded.diagnostics.error_count() == 1);
  CHECK(loaded.diagnostics.front().location->line == 2);
  CHECK(loaded.diagnostics.front().location->column == 9);
}

TEST_CASE("an unclosed bracket is reported at the bracket, not where the parser gave up") {
  const auto d = first_error(kProject + "investment:\n  - name: a\n    amount: 1\n    phasing: [40%, 60%\nrevenue: []\n");
  CHECK(d.location->line == 10);
  CHECK(d.location->column == 14);
}

TEST_CASE("several errors are all reported, in file order, whatever order the sections are read in") {
  const auto loaded = load(R"yaml(revenue:
  - name: r
    amounts: -5
project:
  name: x
  first_year: 2026
  construction_years: 2
  operation_years: 10
  benchmark_rate: 6
investment:
  - name: a
    amount: 10000
    phasing: [40%, 50%]
)yaml");
  REQUIRE(loaded.diagnostics.error_count() == 3);
  std::vector<int> lines;
  for (const auto& d : loaded.diagnostics) lines.push_back(d.location->line);
  CHECK(lines == std::vector<int>{3, 9, 13});
}

TEST_CASE("a misspelt required key is one error at the misspelling, not two") {
  std::string p = kProject;
  p.replace(p.find("operation_years"), 15, "operaton_years");
  const auto loaded = load(p + kInvestment);
  REQUIRE(loaded.diagnostics.error_count() == 1);
  CHECK(loaded.diagnostics.front().location->line == 5);
  CHECK(loaded.diagnostics.front().hint.en == "rename `operaton_years` to `operation_years`");
}

TEST_CASE("a missing key is reported at the key that owns the mapping; a missing section at the file") {
  const auto loaded = load("project:\n  name: x\n  first_year: 2026\n  construction_years: 1\n  operation_years: 5\n");
  REQUIRE(loaded.diagnostics.error_count() == 2);
  const auto& section = loaded.diagnostics.items()[0];  // line 0 sorts first
  CHECK(section.location->line == 0);
  CHECK(section.message.en == "the model has no `investment` section");
  const auto& key = loaded.diagnostics.items()[1];
  CHECK(key.location->line == 1);
  CHECK(key.location->length == 7);  // `project`
  CHECK(key.message.en == "`benchmark_rate` is missing in `project`");
}

TEST_CASE("overlapping ranges would count a year twice, and are refused") {
  const auto d = first_error(kProject + kInvestment +
                             "revenue:\n  - name: r\n    amounts: [{from: 2028, to: 2032, amount: 1}, {from: 2032, amount: 2}]\n");
  CHECK(d.message.en.find("2032 is already covered") != std::string::npos);
}

TEST_CASE("settings that would be silently ignored are errors") {
  CHECK(first_error(kProject + kInvestment + "revenue:\n  - name: r\n    amounts: 100\n    ramp_up: [50%]\n").field ==
        "revenue[0].ramp_up");
  CHECK(first_error(kProject + kInvestment +
                    "revenue:\n  - name: r\n    amounts: 100\noperating_costs:\n  - name: c\n    amounts: 5\n    of: r\n")
            .field == "operating_costs[0].of");
}

TEST_CASE("an unknown name in `of` suggests the closest line, also for a shortened Chinese name") {
  const auto d = first_error(kProject + kInvestment +
                             "revenue:\n  - name: 通行费收入\n    volume: 10\n    price: 2\noperating_costs:\n"
                             "  - name: c\n    per_unit: 0.5\n    of: 通行费\n");
  CHECK(d.hint.en == "did you mean `通行费收入`?");
}

}  // TEST_SUITE
