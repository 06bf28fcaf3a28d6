#pragma once
// The fuzz harnesses (docs/hardening.md): each takes a byte string as one kind of input file and
// carries it through load, check and evaluation as the command line would, with the engine's
// library API. A harness returns normally when the input is handled as the CLI promises — a
// result, or errors that each name a line and column — and aborts (a libFuzzer crash, a failed
// replay test) on anything else: an exception the CLI would report as an internal error, an
// error with no place in the file, or what AddressSanitizer and UBSan catch on the way.
//
// The same functions run under libFuzzer (fuzz_main.cpp, clang with -DAPPRAISE_FUZZ=ON) and in
// the ordinary build's replay of tests/fuzz/regressions/ (replay.cpp).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace appraise::fuzz {

/// How an input that did not abort the harness ended: the regression corpus names the inputs
/// that must be refused (`*.refused.*`), and the replay checks they were.
enum class Outcome {
  Computed,  // loaded and carried through (possibly with located errors the CLI prints after computing)
  Refused,   // refused with errors that each name their place (the loader's, or an evaluation error at its key)
  Stopped,   // refused while computing, with an error that names the file but no key (the CLI's exit 2)
};

struct Harness {
  const char* name;  // also the folder of its regressions: tests/fuzz/regressions/<name>/
  const char* what;
  Outcome (*run)(std::string_view bytes);
};

/// Every harness: model, scenario, risk, portfolio, ledger, programme.
[[nodiscard]] std::span<const Harness> harnesses();
[[nodiscard]] const Harness* find_harness(std::string_view name);

// Work caps (a legal input must not take minutes; documented in docs/hardening.md).
inline constexpr std::size_t kMaxScenarios = 16;      // compare: more scenarios are loaded and checked, not evaluated
// Sensitivity runs only for a file with a `sensitivity:` section (the default factors are the
// unit tests' business), on its first factors and changes; a critical point is sought within
// kMaxDelay years of delay. Each factor's critical point costs dozens of evaluations.
inline constexpr std::size_t kMaxFactors = 3;
inline constexpr std::size_t kMaxChanges = 2;
inline constexpr int kMaxDelay = 3;
inline constexpr std::int64_t kMaxDraws = 16;         // simulation: draws (one thread)
inline constexpr std::size_t kMaxCandidates = 12;     // programme: more candidates are evaluated, not chosen among
inline constexpr std::size_t kMaxDebts = 200;         // portfolio: more debts are loaded and checked, not analysed

}  // namespace appraise::fuzz
