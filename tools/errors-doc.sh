#!/usr/bin/env bash
# Writes docs/errors.md and docs/zh/errors.md from the error catalogue in tests/errors/: for
# every NAME.yaml, a heading, the line that says what the case shows, the bad model (and the
# CSV ledger NAME.csv that a portfolio case reads, when there is one) and the exact message
# `appraise check` prints (NAME.expected in English, NAME.zh.expected in Chinese; CTest checks
# both against the real output as errors.NAME).
#
# What a case shows: its leading `# ...` comment in English, and the `# zh: ...` comment on its
# second line in Chinese (every case has both; a file saved as UTF-16 is read through iconv).
# An empty file cannot hold them: it is described as such in both languages.
#
#   tools/errors-doc.sh            rewrite docs/errors.md and docs/zh/errors.md
#   tools/errors-doc.sh --check    exit 1 when either page is not what would be written
#                                  (CTest runs this as docs.errors)
#
# Needs bash and coreutils, and iconv (glibc's, on every Debian system) for the UTF-16 case.
set -euo pipefail
export LC_ALL=C  # byte-order sorting and byte-wise tr, the same on every machine

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
catalogue="$root/tests/errors"
target="$root/docs/errors.md"
target_zh="$root/docs/zh/errors.md"

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

# The Chinese description of a case: its `# zh: ...` second line. A case saved as UTF-16 (with
# its byte-order mark) is decoded first, since its Chinese is not in the bytes as UTF-8.
describe_zh() {
  local yaml="$1" second
  if [[ ! -s "$yaml" ]]; then
    printf '%s\n' "空文件（0 字节）。"
    return
  fi
  if [[ "$(head -c 2 "$yaml" | od -An -tx1 | tr -d ' \n')" == "fffe" ]]; then
    second="$(iconv -f UTF-16 -t UTF-8 < "$yaml" | sed -n 2p | tr -d '\r')"
  else
    second="$(tr -d '\000' < "$yaml" | sed -n 2p | tr -d '\r')"
  fi
  if [[ "$second" == "# zh: "* ]]; then
    printf '%s\n' "${second#\# zh: }"
  else
    echo "errors-doc.sh: $yaml has no '# zh: what this case shows' second line (the Chinese of its first)" >&2
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

# The expected message of case NAME in one language (SUFFIX .expected or .zh.expected); fails,
# saying how to write it, when it is missing.
expected_of() {
  local expected="$catalogue/$1$2"
  if [[ ! -f "$expected" ]]; then
    echo "errors-doc.sh: $expected is missing (write it with APPRAISE_UPDATE_GOLDEN=1 ctest -R errors.$1)" >&2
    return 1
  fi
  printf '%s' "$expected"
}

generate() {
  local yaml
  for yaml in "$catalogue"/*.yaml; do describe "$yaml" > /dev/null || return 1; done
  cat <<'EOF'
# Error catalogue

Every error `appraise check` reports for a project model, a programme (the cases named
`programme-…`; docs/programme-format.md), a scenario file (the cases named `scenario-…`,
`sensitivity-…` and `simulation-…`: a change, a sensitivity step or a simulation input that would
leave its model invalid; docs/scenario-format.md, docs/risk.md) or a debt portfolio's CSV ledger
(the cases named `ledger-…`, shown with the ledger the portfolio file names;
docs/portfolio-format.md), with a small file that causes it and the exact message it prints.
Each message gives the file, line and column (columns count characters, as editors do; in a
ledger, the row as Excel and WPS number it too), the line with a caret under the problem, what
was expected, and a remedy. All problems in a file are reported at once, in file order, and nothing is computed
while there is one; the exit code is 2.

This page is generated from `tests/errors/` by `tools/errors-doc.sh`: do not edit it by hand.
Each case is also a test (`ctest -R errors.`), and `ctest -R docs.errors` fails when this page
is out of date.

EOF
  cases describe .expected "| case | what it shows |" \
    ":" "(the file is empty)" "(bytes shown as \`cat -v\` does: \`^@\` is NUL, \`M-\` marks a byte above 127)"
}

# The index table and every case, in either page: cases DESCRIBE SUFFIX TABLE_HEAD COLON
# EMPTY_TEXT ESCAPED_TEXT. A `|` in a description is escaped: it would split the table's cell.
cases() {
  local describe="$1" suffix="$2" head="$3" colon="$4" empty="$5" escaped="$6" yaml name expected
  echo "$head"
  echo "| --- | --- |"
  for yaml in "$catalogue"/*.yaml; do
    name="$(basename "$yaml" .yaml)"
    echo "| [$name](#$name) | $("$describe" "$yaml" | sed 's/|/\\|/g') |"
  done
  for yaml in "$catalogue"/*.yaml; do
    name="$(basename "$yaml" .yaml)"
    expected="$(expected_of "$name" "$suffix")" || return 1
    echo
    echo "## $name"
    echo
    "$describe" "$yaml"
    echo
    show_case "$yaml" "$expected" "$catalogue/$name.expected" "$name" "$colon" "$empty" "$escaped"
  done
}

# One case's file and message, in either page: show_case YAML EXPECTED ENGLISH_EXPECTED NAME COLON
# EMPTY_TEXT ESCAPED_TEXT (the words are the page's language; whether bytes need escaping is
# decided on the English message, the same for both pages).
show_case() {
  local yaml="$1" expected="$2" english="$3" name="$4" colon="$5" empty="$6" escaped="$7" line
  echo "\`tests/errors/$name.yaml\`$colon"
  echo
  if [[ ! -s "$yaml" ]]; then
    echo "$empty"
  elif needs_escaping "$yaml" "$english"; then
    echo "$escaped"
    echo
    echo '```text'
    cat -v "$yaml"
    echo '```'
  else
    echo '```yaml'
    cat "$yaml"
    echo '```'
  fi
  if [[ -f "$catalogue/$name.csv" ]]; then
    echo
    echo "\`tests/errors/$name.csv\`$colon"
    echo
    echo '```text'
    cat "$catalogue/$name.csv"
    echo '```'
  fi
  echo
  echo '```text'
  echo "\$ appraise check tests/errors/$name.yaml"
  # CTest runs the cases by absolute path; the page shows what a run from the project root prints.
  while IFS= read -r line || [[ -n "$line" ]]; do
    printf '%s\n' "${line//"$root/"/}"
  done < "$expected"
  echo '```'
}

generate_zh() {
  local yaml
  for yaml in "$catalogue"/*.yaml; do describe_zh "$yaml" > /dev/null || return 1; done
  cat <<'EOF'
# 错误目录

`appraise check` 对项目模型、项目库（以 `programme-…` 命名的示例，见[项目库与资金约束](programme.md)）、情景文件（以 `scenario-…`、`sensitivity-…` 和 `simulation-…` 命名的示例：情景的改动、敏感性分析的一步或模拟的一个输入会使模型失效）和债务组合的 CSV 台账（以 `ledger-…` 命名的示例，与组合文件所指的台账一并列出，见[债务组合](debt.md)）报出的每一种错误都列在这里：一个引起该错误的小文件，以及它打印的原文。每条信息给出文件、行和列（列按字符计，与编辑器一致；台账还给出 Excel 和 WPS 中的行号），摘出出错的行并用 `^` 指出位置，说明应当怎样写，并给出改正的办法。一个文件中的所有问题一次报出，按在文件中的先后排列；只要还有一处错误，就不进行任何计算，退出码为 2。

本页由 `tools/errors-doc.sh` 从 `tests/errors/` 生成，请勿手工修改。每个示例同时也是一项测试（`ctest -R errors.`，中英文信息都检查），本页过时时 `ctest -R docs.errors` 会失败。英文信息（`--lang en`）见 [docs/errors.md](../errors.md)。表中的“说明”是示例文件第二行的 `# zh: …` 注释（第一行是英文说明）。

EOF
  cases describe_zh .zh.expected "| 示例 | 说明 |" \
    "：" "（文件为空）" "（字节按 \`cat -v\` 的方式显示：\`^@\` 是 NUL，\`M-\` 表示大于 127 的字节）"
}

if [[ "${1:-}" == "--check" ]]; then
  fresh="$(mktemp)"
  trap 'rm -f "$fresh"' EXIT
  status=0
  for want in "$target" "$target_zh"; do
    if [[ "$want" == "$target" ]]; then generate > "$fresh"; else generate_zh > "$fresh"; fi
    if [[ ! -f "$want" ]] || [[ "$(cksum < "$fresh")" != "$(cksum < "$want")" ]]; then
      echo "${want#"$root/"} is out of date with tests/errors/: run tools/errors-doc.sh and commit the result" >&2
      if command -v diff > /dev/null; then diff -u "$want" "$fresh" | head -n 40 >&2 || true; fi
      status=1
    fi
  done
  exit "$status"
elif [[ $# -gt 0 ]]; then
  echo "usage: tools/errors-doc.sh [--check]" >&2
  exit 2
fi

mkdir -p "$(dirname "$target")"
generate > "$target.tmp"
mv "$target.tmp" "$target"
generate_zh > "$target_zh.tmp"
mv "$target_zh.tmp" "$target_zh"
