#!/usr/bin/env bash
# A fuzzing campaign over the harnesses of tests/fuzz (docs/hardening.md).
#
#   tests/fuzz/campaign.sh [SECONDS] [HARNESS...]     default: 1800 s each, every harness
#
# Needs the fuzz build: cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++
# -DAPPRAISE_FUZZ=ON -DAPPR_BENCHMARKS=OFF && cmake --build build/fuzz --target fuzzers
#
# For each harness, in $APPRAISE_FUZZ_WORK (default build/fuzz/campaign, outside the repository's
# files): the seed corpus gathered afresh from the examples, the test inputs and the error
# catalogue (seeds/, read only by libFuzzer), the corpus libFuzzer grows (corpus/, kept between
# campaigns), a dictionary generated from the loaders' keys (keys.dict), the inputs that failed
# (artifacts/) and the log. At most two harnesses run at once, at nice 19; a harness that finds
# something is restarted for the rest of its time, so one finding does not end its campaign.
# Every failing input belongs, minimised (fuzz_NAME -minimize_crash=1 ...), in
# tests/fuzz/regressions/NAME/ with its fix.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seconds=${1:-1800}
shift || true
harnesses=("$@")
((${#harnesses[@]})) || harnesses=(model scenario risk portfolio ledger programme)
bin=${APPRAISE_FUZZ_BUILD:-$root/build/fuzz}/tests/fuzz
work=${APPRAISE_FUZZ_WORK:-$root/build/fuzz/campaign}
parallel=${APPRAISE_FUZZ_PARALLEL:-2}

# The seed corpus of one harness: the files of its kind in the examples and the tests, and the
# error catalogue (broken models: good material for every YAML loader).
seeds() {
  local h=$1
  case $h in
    model) ls models/*.yaml tests/errors/*.yaml tests/programme/*.yaml tests/batch/bad/*.yaml ;;
    scenario | risk) ls scenarios/*.yaml tests/errors/*.yaml ;;
    portfolio) ls models/city-debt*.yaml tests/debt/*.yaml tests/errors/*.yaml ;;
    ledger) ls models/*.csv tests/debt/*.csv ;;
    programme) ls scenarios/city-programme.yaml tests/programme/*.yaml tests/errors/*.yaml ;;
  esac
  ls tests/fuzz/regressions/"$h"/*
}

# The dictionary: every key and choice the loaders read (string literals passed to get, require,
# has, number, rate, text, flag and choice, and the words of their choices), the ledger's Chinese
# column names, and YAML's punctuation.
dictionary() {
  {
    grep -ohE '\.(get|require|has|number|rate|text|flag|choice<[^>]*>|choice|key_node)\("[^"]+"' engine/src/io/*.cpp |
      sed -E 's/.*\("//; s/"$//'
    grep -ohE '\{"[A-Za-z_]+", *[A-Za-z:]+\}' engine/src/io/*.cpp | sed -E 's/^\{"//; s/".*//'
    grep -ohE '"[^"a-zA-Z0-9 %{}()\\]{2,8}"' engine/src/io/ledger_reader.cpp engine/src/io/portfolio_loader.cpp | tr -d '"'
  } | sort -u | python3 -c '
import sys
# libFuzzer reads a dictionary entry as printable ASCII with \\, \" and \xNN escapes.
for n, line in enumerate(sys.stdin.buffer.read().splitlines(), 1):
    text = "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else "\\x%02X" % b for b in line)
    print(f"k{n}=\"{text}\"")'
  printf 'p1=": "\np2="- "\np3="\\x0A  "\np4="{"\np5="}"\np6="["\np7="]"\np8="%%"\np9="&a "\np10="*a"\np11="\\x0A"\np12=","\n'
}

run_one() {
  local h=$1 dir=$work/$1
  rm -rf "$dir/seeds" && mkdir -p "$dir/seeds" "$dir/corpus" "$dir/artifacts"
  seeds "$h" | while read -r f; do cp "$f" "$dir/seeds/"; done
  dictionary >"$dir/keys.dict"
  local start end=$((SECONDS + seconds)) runs=0 execs=0
  : >"$dir/log"
  while ((SECONDS < end - 5)); do
    start=$SECONDS
    runs=$((runs + 1))
    # The scratch files of the harness go in the campaign's folder.
    TMPDIR=$dir nice -n 19 "$bin/fuzz_$h" -max_total_time=$((end - SECONDS)) -timeout=5 -rss_limit_mb=2048 \
      -dict="$dir/keys.dict" -artifact_prefix="$dir/artifacts/" -print_final_stats=1 \
      "$dir/corpus" "$dir/seeds" >"$dir/run.log" 2>&1 || true
    n=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$dir/run.log" | grep -oE '[0-9]+$' || true)
    execs=$((execs + ${n:-0}))
    { cat "$dir/run.log"; echo "=== run $runs: ${n:-0} executions in $((SECONDS - start)) s"; } >>"$dir/log"
    if [[ -z $n ]] && ((SECONDS - start < 5)); then
      echo "campaign: $h stopped without running (see $dir/log):" >&2
      tail -5 "$dir/run.log" >&2
      return 1
    fi
    rm -rf "$dir"/appraise-fuzz-*  # a harness that aborted left its scratch folder
  done
  local found corpus
  found=$(find "$dir/artifacts" -type f | wc -l)
  corpus=$(find "$dir/corpus" -type f | wc -l)
  echo "$h: ${seconds} s, $execs executions, $((execs / (seconds > 0 ? seconds : 1))) exec/s, corpus $corpus files, $found findings ($runs runs; $dir)" |
    tee "$dir/summary"
}

mkdir -p "$work"
for h in "${harnesses[@]}"; do
  [[ -x $bin/fuzz_$h ]] || { echo "campaign: $bin/fuzz_$h is not built (see the top of this script)" >&2; exit 2; }
done
for h in "${harnesses[@]}"; do
  while (($(jobs -rp | wc -l) >= parallel)); do wait -n || true; done
  run_one "$h" &
done
wait
for h in "${harnesses[@]}"; do cat "$work/$h/summary"; done
