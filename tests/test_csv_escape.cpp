// The CSV text rule (report::csv_escape): quoting, and text a spreadsheet would run as a formula.
#include <doctest/doctest.h>

#include "appraise/report/table.hpp"

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
