// Replays inputs through a fuzz harness without libFuzzer, in the ordinary build:
//     fuzz_replay HARNESS FILE_OR_FOLDER...
// Every file (a folder: every file in it, by name) goes through the harness that found it; a
// finding aborts (the test fails with the harness's message), and an input that takes longer than
// the campaign's -timeout (5 s) fails as a hang. tests/fuzz/regressions/<harness>/ holds every
// input that ever failed, replayed by CTest (fuzz.replay.<harness>). An input whose name holds
// `.refused.` (operation-years-set-1e15.refused.yaml) must moreover be refused with located
// errors, as the CLI must refuse it (exit 2, file:line:column): computing it anyway, or stopping
// with an error that names no key, fails the replay.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "harness.hpp"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const appraise::fuzz::Harness* h = argc > 1 ? appraise::fuzz::find_harness(argv[1]) : nullptr;
  if (!h || argc < 3) {
    std::fprintf(stderr, "usage: fuzz_replay HARNESS FILE_OR_FOLDER...\n  harnesses:");
    for (const auto& x : appraise::fuzz::harnesses()) std::fprintf(stderr, " %s", x.name);
    std::fprintf(stderr, "\n");
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) {
    const fs::path p(argv[i]);
    if (fs::is_directory(p)) {
      for (const auto& e : fs::directory_iterator(p))
        if (e.is_regular_file()) files.push_back(e.path());
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  // The campaign's -timeout; a sanitizer build, several times slower, sets its own
  // (APPRAISE_FUZZ_HANG_SECONDS).
  double hang_seconds = 5.0;
  if (const char* env = std::getenv("APPRAISE_FUZZ_HANG_SECONDS")) hang_seconds = std::atof(env);
  int slow = 0, accepted = 0;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "fuzz_replay: cannot read %s\n", f.c_str());
      return 2;
    }
    const std::string bytes(std::istreambuf_iterator<char>(in), {});
    std::fprintf(stderr, "%s: %s (%zu bytes)\n", h->name, f.c_str(), bytes.size());
    const auto start = std::chrono::steady_clock::now();
    const appraise::fuzz::Outcome outcome = h->run(bytes);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds > hang_seconds) {
      std::fprintf(stderr, "fuzz_replay: %s took %.1f s (a hang: more than %.0f s)\n", f.c_str(), seconds, hang_seconds);
      ++slow;
    }
    if (f.filename().string().find(".refused.") != std::string::npos && outcome != appraise::fuzz::Outcome::Refused) {
      std::fprintf(stderr, "fuzz_replay: %s was %s, not refused with located errors\n", f.c_str(),
                   outcome == appraise::fuzz::Outcome::Computed ? "computed" : "stopped by an error that names no key");
      ++accepted;
    }
  }
  std::fprintf(stderr, "%s: %zu inputs replayed, %d too slow, %d not refused as their name says\n", h->name, files.size(), slow,
               accepted);
  return slow || accepted ? 1 : 0;
}
