// The CSV text rule (report::csv_escape): quoting, and text a spreadsheet would run as a formula.
#include <doctest/doctest.h>

#include "appraise/report/table.hpp"
#include "appraise/report/xlsx.hpp"

using appraise::report::csv_escape;

TEST_CASE("csv_escape quotes what would split a field") {
  CHECK(csv_escape("江滨大桥") == "江滨大桥");
  CHECK(csv_escape("a,b") == "\"a,b\"");
  CHECK(csv_escape("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_escape("two\nlines") == "\"two\nlines\"");
}

TEST_CASE("csv_escape keeps formulas from running: a leading apostrophe, as OWASP advises") {
  CHECK(csv_escape("=1+1") == "'=1+1");
  CHECK(csv_escape("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0");
  CHECK(csv_escape("-2+3") == "'-2+3");
  CHECK(csv_escape("@SUM(A1:A9)") == "'@SUM(A1:A9)");
  CHECK(csv_escape("\t=1") == "'\t=1");
  CHECK(csv_escape("=HYPERLINK(\"http://x\",\"1\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"1\"\")\"");
  CHECK(csv_escape("+1 yr") == "'+1 yr");
}

TEST_CASE("csv_escape leaves plain numbers alone, however they start") {
  for (const char* n : {"-1234.5", "+15%", "-15%", "1e-3", "-2.5E+10", "0", "-.5"}) CHECK(csv_escape(n) == n);
  for (const char* not_number : {"-", "+", "-e5", "-1e", "--1", "-1%%"}) CHECK(csv_escape(not_number) == std::string("'") + not_number);
}

TEST_CASE("sheet names: 31 characters, cut between words, nothing Excel refuses") {
  using appraise::report::sheet_name;
  // Cut back to the last whole word, and no trailing comma or opening parenthesis.
  CHECK(sheet_name("Maturity wall (contractual principal by year)") == "Maturity wall");
  CHECK(sheet_name("Revenue, taxes and surcharges, and VAT") == "Revenue, taxes and surcharges");
  CHECK(sheet_name("Candidates ranked by their contribution") == "Candidates ranked");
  // A colon becomes one space, not two.
  CHECK(sheet_name("Total investment: uses and sources") == "Total investment uses");
  CHECK(sheet_name("Economic cost-benefit flows of the project") == "Economic cost-benefit flows");
  // Chinese is cut at 31 characters (no spaces to go back to), and a short name is kept whole.
  CHECK(sheet_name("经济费用效益分析投资费用估算调整表") == "经济费用效益分析投资费用估算调整表");
  CHECK(sheet_name(std::string(40, 'x')) == std::string(31, 'x'));
  CHECK(sheet_name("a/b") == "a b");
  CHECK(sheet_name("''") == "Sheet");
}
