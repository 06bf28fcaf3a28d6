#!/usr/bin/env bash
# Writes docs/errors.md from the error catalogue in tests/errors/: for every NAME.yaml, a
# heading, the line that says what the case shows (the file's leading `# ...` comment), the bad
# model and the exact message `appraise check` prints (NAME.expected, which CTest checks against
# the real output as errors.NAME).
#
#   tools/errors-doc.sh            rewrite docs/errors.md
#   tools/errors-doc.sh --check    exit 1 when docs/errors.md is not what would be written
#                                  (CTest runs this as docs.errors)
#
# Needs only bash and coreutils.
set -euo pipefail
export LC_ALL=C  # byte-order sorting and byte-wise tr, the same on every machine

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
catalogue="$root/tests/errors"
target="$root/docs/errors.md"

# The description of a case: its first line, when that is a `# ` comment. NUL and the UTF-16
# byte-order mark are dropped first, so a case saved as UTF-16 can describe itself too.
describe() {
  local first
  first="$(tr -d '\000\376\377' < "$1" | head -n 1 | tr -d '\r')"
  if [[ "$first" == "# "* ]]; then
    printf '%s\n' "${first#\# }"
  elif [[ ! -s "$1" ]]; then
    printf '%s\n' "An empty file (0 bytes)."
  else
    echo "errors-doc.sh: $1 does not start with a '# what this case shows' line" >&2
    return 1
  fi
}

# True when the file holds bytes a Markdown page cannot show as they are: control characters,
# or text that is not UTF-8 (which appraise says in the expected message).
needs_escaping() {
  local yaml="$1" expected="$2" all printable
  all="$(wc -c < "$yaml")"
  printable="$(tr -d '\000-\010\013\014\016-\037\177' < "$yaml" | wc -c)"
  [[ "$all" != "$printable" ]] && return 0
  [[ "$(head -n 1 "$expected")" == *"is not UTF-8 text"* ]] && return 0
  return 1
}

generate() {
  local yaml name expected
  for yaml in "$catalogue"/*.yaml; do describe "$yaml" > /dev/null || return 1; done
  cat <<'EOF'
# Error catalogue

Every error `appraise check` reports for a project model, a programme (the cases named
`programme-…`; docs/programme-format.md) or a scenario file (the cases named `scenario-…`,
`sensitivity-…` and `simulation-…`: a change, a sensitivity step or a simulation input that would
leave its model invalid; docs/scenario-format.md, docs/risk.md), with a small file that causes
it and the exact message it prints. Each message gives the file, line and column (columns count
characters, as editors do), the line with a caret under the problem, what was expected, and a
remedy. All problems in a file are reported at once, in file order, and nothing is computed
while there is one; the exit code is 2.

This page is generated from `tests/errors/` by `tools/errors-doc.sh`: do not edit it by hand.
Each case is also a test (`ctest -R errors.`), and `ctest -R docs.errors` fails when this page
is out of date.

EOF
  echo "| case | what it shows |"
  echo "| --- | --- |"
  for yaml in "$catalogue"/*.yaml; do
    name="$(basename "$yaml" .yaml)"
    echo "| [$name](#$name) | $(describe "$yaml") |"
  done
  for yaml in "$catalogue"/*.yaml; do
    name="$(basename "$yaml" .yaml)"
    expected="$catalogue/$name.expected"
    if [[ ! -f "$expected" ]]; then
      echo "errors-doc.sh: $expected is missing (write it with APPRAISE_UPDATE_GOLDEN=1 ctest -R errors.$name)" >&2
      return 1
    fi
    echo
    echo "## $name"
    echo
    describe "$yaml"
    echo
    echo "\`tests/errors/$name.yaml\`:"
    echo
    if [[ ! -s "$yaml" ]]; then
      echo "(the file is empty)"
    elif needs_escaping "$yaml" "$expected"; then
      echo "(bytes shown as \`cat -v\` does: \`^@\` is NUL, \`M-\` marks a byte above 127)"
      echo
      echo '```text'
      cat -v "$yaml"
      echo '```'
    else
      echo '```yaml'
      cat "$yaml"
      echo '```'
    fi
    echo
    echo '```text'
    echo "\$ appraise check tests/errors/$name.yaml"
    # CTest runs the cases by absolute path; the page shows what a run from the project
    # root prints.
    while IFS= read -r line || [[ -n "$line" ]]; do
      printf '%s\n' "${line//"$root/"/}"
    done < "$expected"
    echo '```'
  done
}

if [[ "${1:-}" == "--check" ]]; then
  fresh="$(mktemp)"
  trap 'rm -f "$fresh"' EXIT
  generate > "$fresh"
  if [[ ! -f "$target" ]] || [[ "$(cksum < "$fresh")" != "$(cksum < "$target")" ]]; then
    echo "docs/errors.md is out of date with tests/errors/: run tools/errors-doc.sh and commit the result" >&2
    if command -v diff > /dev/null; then diff -u "$target" "$fresh" | head -n 40 >&2 || true; fi
    exit 1
  fi
  exit 0
elif [[ $# -gt 0 ]]; then
  echo "usage: tools/errors-doc.sh [--check]" >&2
  exit 2
fi

mkdir -p "$(dirname "$target")"
generate > "$target.tmp"
mv "$target.tmp" "$target"
