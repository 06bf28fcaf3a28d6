#!/usr/bin/env bash
# Set up appraise on a fresh Debian 12 machine: install the Debian packages it builds
# against, then configure and build in Release. Safe to run again.
#   ./setup.sh            install dependencies (needs root or sudo) and build into build/
#   APPRAISE_NO_APT=1 ./setup.sh    build only (dependencies already installed)
set -euo pipefail
cd "$(dirname "$0")"

packages=(
  build-essential cmake ninja-build pkg-config
  libeigen3-dev libboost-math-dev libyaml-cpp-dev
  doctest-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  libglpk-dev                       # the refinancing plan's linear programme
  libxlsxwriter-dev                 # the XLSX workbook (--format xlsx)
  clang libclang-rt-dev             # tests: the sanitizer build (ASan, UBSan) and the fuzz harnesses (libFuzzer)
  python3 gnumeric chromium         # tests only: the output files read back; ssconvert recalculates workbooks,
                                    # headless Chromium renders the HTML report
  libbenchmark-dev libquantlib0-dev # bench/ only: Google Benchmark and the QuantLib comparison
)

# The HTML report's front end comes from npm (web/package.json): Debian's Node.js and npm when
# the machine has none.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

if [[ -z "${APPRAISE_NO_APT:-}" ]]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    echo "setup: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
fi

# ECharts, pinned by web/package-lock.json; installed again only when the lock file changed.
if [[ ! -f web/node_modules/.package-lock.json || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
  echo "setup: installing the HTML report's front end (npm ci in web/)" >&2
  (cd web && npm ci --no-audit --no-fund >&2)
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
cmake --build build -j"$(nproc)" >&2
echo "setup: built build/appraise" >&2
