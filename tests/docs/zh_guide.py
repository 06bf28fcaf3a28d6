#!/usr/bin/env python3
"""The Chinese user guide (docs/zh/) cannot rot: every command it shows is run with the current
build and every excerpt it shows must still be in what that command prints, or in the file it
quotes.

    zh_guide.py APPRAISE [PAGE.md ...]   (run from the project root; default: docs/zh/*.md)
    zh_guide.py --self-test APPRAISE     the checker itself fails on a wrong excerpt

What a page may hold, and how each is checked:

- A ```console block: lines starting with `$ ` are commands, run with bash in a scratch folder
  that holds copies of models/ and scenarios/, with `appraise` and `build/appraise` both the
  build under test, APPRAISE_LANG and COLUMNS unset (the defaults a new user gets); lines
  starting with `> ` right after a command continue it (a here-document, as a terminal shows
  it). The lines
  after a command, up to the next `$ `, are an excerpt of what it printed (its standard output,
  then its standard error). A line that is only `...` or `……` (any indentation) stands for lines
  left out: the pieces between them must each appear as consecutive whole lines, in order.
  `$ echo $?` checks the exit code of the command before it (the next line is the code).
  A command that shows neither an excerpt nor its exit code must still exit 0 or 1.
- A ```yaml or ```csv block whose first line is `# 文件：PATH` (or `# file: PATH`): the rest is an
  excerpt of that file of the repository, checked the same way.
- A ```sh block: each command line is either one of the README's own commands (it must appear
  in README.md as it is written) or is run like a console command and must exit 0 or 1.
- Every relative link of a page must name a file or folder that exists; the links of README.md
  (whose Chinese opening leads here) and of the English pages in docs/ are checked too.

Trailing spaces are ignored everywhere; nothing else is.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ELISION = {"...", "……", "…"}
failures = []


def fail(page, line, what):
    failures.append(f"{page}:{line}: {what}")


def blocks(text):
    """(info string, first line number of the content, content lines) of each fenced block."""
    out = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)(```+|~~~+)\s*([\w-]*)", lines[i])
        if not m:
            i += 1
            continue
        fence, info, start = m.group(2), m.group(3), i + 1
        j = start
        while j < len(lines) and not lines[j].strip().startswith(fence):
            j += 1
        indent = len(m.group(1))
        content = [l[indent:] if l[:indent].strip() == "" else l for l in lines[start:j]]
        out.append((info, start + 1, content))
        i = j + 1
    return out


def pieces(excerpt):
    """The excerpt split at its elision lines: a list of runs of consecutive lines."""
    runs, cur = [], []
    for line in excerpt:
        if line.strip() in ELISION:
            if cur:
                runs.append(cur)
            cur = []
        else:
            cur.append(line.rstrip())
    if cur:
        runs.append(cur)
    # Blank lines at the edges of a piece carry no meaning in a rendered page.
    trimmed = []
    for run in runs:
        while run and run[0] == "":
            run = run[1:]
        while run and run[-1] == "":
            run = run[:-1]
        if run:
            trimmed.append(run)
    return trimmed


def find_in_order(haystack, excerpt):
    """None when every piece of the excerpt is in haystack's lines, in order; else the first
    piece that is not (from where the previous one ended)."""
    lines = [l.rstrip() for l in haystack.split("\n")]
    pos = 0
    for run in pieces(excerpt):
        found = -1
        for k in range(pos, len(lines) - len(run) + 1):
            if lines[k:k + len(run)] == run:
                found = k
                break
        if found < 0:
            return run
        pos = found + len(run)
    return None


class Sandbox:
    """A scratch folder with the examples and the build under test as `appraise`."""

    def __init__(self, appraise, root):
        self.dir = tempfile.mkdtemp(prefix="appraise-docs-zh-")
        for folder in ("models", "scenarios"):
            shutil.copytree(root / folder, Path(self.dir) / folder)
        for where in ("bin", "build"):
            (Path(self.dir) / where).mkdir()
            os.symlink(os.path.abspath(appraise), Path(self.dir) / where / "appraise")
        self.env = {k: v for k, v in os.environ.items() if k not in ("APPRAISE_LANG", "COLUMNS")}
        self.env["PATH"] = str(Path(self.dir) / "bin") + os.pathsep + self.env.get("PATH", "")

    def run(self, command):
        r = subprocess.run(["bash", "-c", command], cwd=self.dir, env=self.env, capture_output=True,
                           timeout=300)
        text = r.stdout.decode("utf-8", "replace") + r.stderr.decode("utf-8", "replace")
        return r.returncode, text

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def check_console(page, start, content, box):
    i = 0
    last_code = None
    while i < len(content):
        line = content[i]
        if not line.startswith("$ "):
            if line.strip():
                fail(page, start + i, f"console line outside any command: {line!r}")
            i += 1
            continue
        command = line[2:].strip()
        j = i + 1
        while j < len(content) and (content[j].startswith("> ") or content[j] == ">"):
            command += "\n" + content[j][2:]  # continuation lines, as the shell's PS2 shows them
            j += 1
        i_out = j
        while j < len(content) and not content[j].startswith("$ "):
            j += 1
        shown = content[i_out:j]
        if command == "echo $?":
            want = "".join(shown).strip()
            if last_code is None:
                fail(page, start + i, "`echo $?` with no command before it")
            elif want != str(last_code):
                fail(page, start + i, f"exit code shown as {want}, the command exits {last_code}")
        else:
            last_code, text = box.run(command)
            code_shown = j < len(content) and content[j].strip() == "$ echo $?"
            if not pieces(shown) and not code_shown and last_code not in (0, 1):
                fail(page, start + i, f"`{command}` exits {last_code}:\n{text[:2000]}")
            missing = find_in_order(text, shown)
            if missing is not None:
                fail(page, start + i, f"`{command}` no longer prints:\n  " + "\n  ".join(missing)
                     + "\n(first lines it printed:)\n  " + "\n  ".join(text.split("\n")[:40]))
        i = j


def check_file_excerpt(page, start, content, root):
    m = re.match(r"^#\s*(?:文件：|文件:|file:)\s*(\S+)", content[0]) if content else None
    if not m:
        return
    path = root / m.group(1)
    if not path.is_file():
        fail(page, start, f"the excerpt quotes {m.group(1)}, which does not exist")
        return
    missing = find_in_order(path.read_text(encoding="utf-8-sig"), content[1:])
    if missing is not None:
        fail(page, start, f"{m.group(1)} no longer holds:\n  " + "\n  ".join(missing))


def check_sh(page, start, content, readme, box):
    for k, line in enumerate(content):
        command = line.split("#")[0].strip() if not line.lstrip().startswith("#") else ""
        if not command:
            continue
        if command.startswith("./setup.sh") or command.startswith("ctest"):
            if command not in readme:
                fail(page, start + k, f"`{command}` is not one of README.md's commands")
            continue
        code, text = box.run(command)
        if code not in (0, 1):
            fail(page, start + k, f"`{command}` exits {code}:\n{text[:2000]}")


def check_links(page, text, path):
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        file = target.split("#")[0]
        if not (path.parent / file).exists():
            fail(page, 0, f"link to {target}, which does not exist")


def check_pages(appraise, pages, root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    box = Sandbox(appraise, root)
    try:
        for path in pages:
            page = str(path)
            text = path.read_text(encoding="utf-8")
            check_links(page, text, path)
            for info, start, content in blocks(text):
                if info == "console":
                    check_console(page, start, content, box)
                elif info in ("yaml", "csv"):
                    check_file_excerpt(page, start, content, root)
                elif info == "sh":
                    check_sh(page, start, content, readme, box)
    finally:
        box.close()


def self_test(appraise, root):
    """A right excerpt passes and a wrong one fails: the check can fail."""
    good = ("```console\n$ appraise run models/toll-bridge.yaml\n江滨大桥收费桥梁项目\n...\n判别\n"
            "```\n\n```console\n$ appraise check models/no-such-model.yaml\n$ echo $?\n3\n```\n")
    bad_excerpt = "```console\n$ appraise run models/toll-bridge.yaml\n判别\n...\n江滨大桥收费桥梁项目\n```\n"
    bad_code = "```console\n$ appraise run models/toll-bridge.yaml\n$ echo $?\n1\n```\n"
    bad_file = "```yaml\n# 文件：models/toll-bridge.yaml\nproject:\n  name: 不存在的项目\n```\n"
    bad_link = "[模型](../no-such-page.md)\n"
    with tempfile.TemporaryDirectory() as d:
        results = {}
        for name, text in (("good", good), ("bad_excerpt", bad_excerpt), ("bad_code", bad_code),
                           ("bad_file", bad_file), ("bad_link", bad_link)):
            page = Path(d) / "docs" / "zh" / f"{name}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(text, encoding="utf-8")
            failures.clear()
            check_pages(appraise, [page], root)
            results[name] = list(failures)
    failures.clear()
    if results["good"]:
        failures.append("a right page failed: " + "; ".join(results["good"]))
    for name in ("bad_excerpt", "bad_code", "bad_file", "bad_link"):
        if not results[name]:
            failures.append(f"the {name} page passed")


def main():
    args = sys.argv[1:]
    root = Path.cwd()
    if args and args[0] == "--self-test":
        self_test(args[1], root)
        summary = "self-test of the docs/zh checker"
    else:
        appraise, pages = args[0], [Path(p) for p in args[1:]]
        if not pages:
            pages = sorted((root / "docs" / "zh").glob("*.md"))
        if not pages:
            failures.append("docs/zh holds no page")
        check_pages(appraise, pages, root)
        others = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
        for path in others:
            check_links(str(path.relative_to(root)), path.read_text(encoding="utf-8"), path)
        summary = f"{len(pages)} pages of docs/zh checked, and the links of {len(others)} other pages"
    for f in failures:
        print("FAILED:", f)
    print(f"{summary}; {len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
