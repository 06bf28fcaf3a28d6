#!/usr/bin/env bash
# The sanitizer run of CI (the CTest test `sanitize.unit_tests`, label `sanitize`): the engine and
# its unit tests built with clang, AddressSanitizer and UBSan (-DAPPR_SANITIZERS=ON: every report
# stops the program), then the unit tests and the replay of every input that ever failed a fuzz
# harness (tests/fuzz/regressions/). Any sanitizer report, failed test or build error fails it;
# so does a clang that cannot build the project.
#   tests/sanitize.sh [BUILD_DIR]        default build/sanitize
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/sanitize}
command -v clang++ >/dev/null || { echo "sanitize: clang++ is not installed (./setup.sh installs clang)" >&2; exit 1; }
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# Debug at -O1: the optimisation AddressSanitizer is meant for (-O0 is several times slower and
# finds nothing more). Line tables only: a report's stack names file and line, and the build is
# cheaper than with full debug information. Only the engine, the unit tests and the replay are
# built: the CLI's golden tests run the same engine code again through the binary.
cmake -S . -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" \
  -DCMAKE_CXX_COMPILER=clang++ -DAPPR_SANITIZERS=ON -DAPPR_BENCHMARKS=OFF "${launcher[@]}" >/dev/null
cmake --build "$out" -j2 --target appraise_tests fuzz_replay
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
start=$SECONDS
"$out/tests/appraise_tests" --no-intro
# A sanitizer build is several times slower than the campaign's: a hang is 60 s here.
for h in model scenario risk portfolio ledger programme; do
  APPRAISE_FUZZ_HANG_SECONDS=60 "$out/tests/fuzz/fuzz_replay" "$h" "tests/fuzz/regressions/$h"
done
echo "sanitize: unit tests and fuzz regressions clean under ASan and UBSan in $((SECONDS - start)) s"
