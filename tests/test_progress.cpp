// The progress line's rule (cli/progress.hpp): shown only for runs expected to take over a
// second, never before a short warm-up, never once done.
#include <doctest/doctest.h>

#include "../cli/progress.hpp"

using appraise::cli::ProgressLine;

TEST_CASE("progress: a run expected to take a second or more shows its line") {
  // 0.5 s for 30 % of the work: about 1.67 s in all.
  CHECK(ProgressLine::worth_showing(0.5, 30, 100));
  // 0.5 s for 60 %: about 0.83 s in all, so it stays silent.
  CHECK_FALSE(ProgressLine::worth_showing(0.5, 60, 100));
  // Exactly the floor: 0.25 s for a quarter is 1.0 s.
  CHECK(ProgressLine::worth_showing(0.25, 25, 100));
}

TEST_CASE("progress: silent during the warm-up, when done, and with nothing to do") {
  CHECK_FALSE(ProgressLine::worth_showing(0.2, 1, 1'000'000));  // slow, but still warming up
  CHECK_FALSE(ProgressLine::worth_showing(5.0, 100, 100));      // done
  CHECK_FALSE(ProgressLine::worth_showing(5.0, 0, 0));          // no work
  CHECK(ProgressLine::worth_showing(1.5, 0, 10));               // nothing done after 1.5 s: slow
  CHECK_FALSE(ProgressLine::worth_showing(0.5, 0, 10));
}

TEST_CASE("progress: the line names the work, the share and the counts") {
  const std::string line = ProgressLine::render("simulate", 450000, 1000000);
  CHECK(line.find("simulate") != std::string::npos);
  CHECK(line.find(" 45%") != std::string::npos);
  CHECK(line.find("450000 / 1000000") != std::string::npos);
}
