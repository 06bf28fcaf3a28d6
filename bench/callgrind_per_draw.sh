#!/bin/sh
# Instructions per Monte Carlo draw, counted by callgrind: the figure to decide by on a shared
# machine (instruction counts do not depend on the load; timings do).
#
#   bench/callgrind_per_draw.sh [BUILD_DIR]      (default: build)
#
# Runs bench_risk `bridge`, `risk` and `sewage` (bench/bench_risk.cpp says what they are) on one thread at
# 20,000 and 40,000 draws under `valgrind --tool=callgrind` and prints, for each, the difference
# of the two totals divided by 20,000: the cost of one draw (sampling, applying the draw, the
# evaluation, collecting its indicators) without the setup and the statistics' fixed part.
# About a minute on an idle machine.
set -eu
build=${1:-build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
total() {
  valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$build/bench/bench_risk" --threads 1 --draws "$2" "$1" \
    >/dev/null 2>"$out/err"
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/err"
}
for case in bridge risk sewage; do
  a=$(total "$case" 20000)
  b=$(total "$case" 40000)
  echo "$case: $(( (b - a) / 20000 )) instructions per draw (callgrind: $a at 20,000 draws, $b at 40,000)"
done
