#!/usr/bin/env python3
"""Sharded runs merged: `simulate --shard K/N` for N = 1, 2 and 7, merged by `appraise merge`,
print exactly what the unsplit run prints, byte for byte, as text, CSV, JSON and an HTML page,
and write the same workbook (every part of the .xlsx package the same bytes, but for the creation
time in docProps/core.xml); so does `programme --shard K/N`. Parts that do not make up one run are refused (exit 2) with the reason:
a missing or repeated shard, parts of two runs, an input changed since, a file that is not a part.

    shards.py APPRAISE   (run from the project root)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

appraise = sys.argv[1]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def workbook_parts(path):
    """Every member of the .xlsx package, the creation and modification times blanked."""
    with zipfile.ZipFile(path) as z:
        out = {n: z.read(n) for n in z.namelist()}
    if "docProps/core.xml" in out:
        out["docProps/core.xml"] = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\1", out["docProps/core.xml"])
    return out


def run(*args, lang=None):
    env = dict(os.environ)
    if lang:
        env["APPRAISE_LANG"] = lang
    r = subprocess.run([appraise, *args], capture_output=True, env=env)
    if r.returncode not in (0, 1, 2):
        sys.exit(f"appraise {' '.join(map(str, args))} exited {r.returncode}: {r.stderr.decode()}")
    return r


# 7 shards of a run of 28,673 draws: 8 chunks of 4,096 draws (the last one of 1), so every shard
# draws something and the chunks are split unevenly.
simulate = ["simulate", "models/parking-revitalisation.yaml", "--draws", "28673", "--seed", "11", "--threads", "1"]
programme = ["programme", "scenarios/city-programme.yaml"]

with tempfile.TemporaryDirectory() as tmp:
    tmp = Path(tmp)
    for name, cmd, counts in [("simulate", simulate, [1, 2, 7]), ("programme", programme, [1, 2, 3])]:
        single = {f: run(*cmd, "--format", f) for f in ("table", "csv", "json")}
        for f, r in single.items():
            check(r.returncode in (0, 1) and r.stdout, f"{name}: the unsplit run prints {f}")
        for n in counts:
            parts = []
            for k in range(1, n + 1):
                part = tmp / f"{name}-{n}-part-{k}.json"
                r = run(*cmd, "--shard", f"{k}/{n}", "-o", str(part))
                check(r.returncode == 0 and part.exists(), f"{name} shard {k}/{n} writes its part (exit {r.returncode})")
                parts.append(str(part))
            for f, s in single.items():
                m = run("merge", *reversed(parts), "--format", f)  # any order
                check(m.returncode == s.returncode, f"{name} N={n} {f}: the merge exits as the unsplit run")
                check(m.stdout == s.stdout, f"{name} N={n} {f}: the merge prints the unsplit run's bytes")
            for ext in ("html", "xlsx"):
                whole, merged = tmp / f"{name}-whole.{ext}", tmp / f"{name}-{n}-merged.{ext}"
                s = run(*cmd, "-o", str(whole))
                m = run("merge", *parts, "-o", str(merged))
                check(m.returncode == s.returncode and whole.exists() and merged.exists(), f"{name} N={n} {ext}: both written")
                if whole.exists() and merged.exists():
                    same = whole.read_bytes() == merged.read_bytes() if ext == "html" else workbook_parts(whole) == workbook_parts(merged)
                    check(same, f"{name} N={n} {ext}: the merge writes the unsplit run's {ext}")

    p = [str(tmp / f"simulate-7-part-{k}.json") for k in range(1, 8)]
    r = run("merge", *p[:6], lang="en")
    check(r.returncode == 2 and "shard 7 of 7 is missing" in r.stderr.decode(), "a missing shard is named")
    r = run("merge", *p, p[2], lang="en")
    check(r.returncode == 2 and "shard 3 of 7 is given twice" in r.stderr.decode(), "a repeated shard is named")
    r = run("merge", *p[:6], str(tmp / "simulate-2-part-2.json"), lang="en")
    check(r.returncode == 2 and "not a part of the same run" in r.stderr.decode(), "parts of two runs are refused")
    other_seed = tmp / "seed-12-part-2.json"
    run(*[a if a != "11" else "12" for a in simulate], "--shard", "2/2", "-o", str(other_seed))
    r = run("merge", str(tmp / "simulate-2-part-1.json"), str(other_seed), lang="en")
    check(r.returncode == 2 and "its options" in r.stderr.decode() and '"seed":"12"' in r.stderr.decode() and not r.stdout,
          "parts of runs with other seeds are refused, the options named")
    r = run("merge", str(tmp / "programme-1-part-1.json"), str(tmp / "simulate-1-part-1.json"), lang="en")
    check(r.returncode == 2 and "it is a part of `simulate`" in r.stderr.decode(), "parts of two commands are refused")
    # A part edited to claim absurd shard counts: refused at once, the missing shards not all listed.
    doc = json.loads(Path(p[0]).read_text(encoding="utf-8"))
    for shards, expected in [(2000000000, "is not one of 1 to N with N at most 10000"),
                             (1000, "shard 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 989 more of 1000 are missing")]:
        edited = tmp / f"edited-{shards}.json"
        doc["shards"] = shards
        edited.write_text(json.dumps(doc), encoding="utf-8")
        r = run("merge", str(edited), lang="en")
        check(r.returncode == 2 and expected in r.stderr.decode(), f"a part claiming {shards} shards: {r.stderr.decode()[:300]}")
    bad = tmp / "bad.json"
    bad.write_text('{"appraise_part": 1,\n  "command": }\n', encoding="utf-8")
    r = run("merge", str(bad), lang="en")
    check(r.returncode == 2 and f"{bad}:2:14" in r.stderr.decode() and "not a part file: it is not JSON" in r.stderr.decode(),
          "a broken part is located")
    r = run("merge", "models/toll-bridge.yaml", lang="en")
    check(r.returncode == 2 and "not a part file" in r.stderr.decode(), "a model is not a part")
    # An input changed after the shards ran.
    model = tmp / "model.yaml"
    shutil.copy("models/parking-revitalisation.yaml", model)
    parts = []
    for k in (1, 2):
        part = tmp / f"changed-{k}.json"
        run("simulate", str(model), "--draws", "5000", "--shard", f"{k}/2", "-o", str(part))
        parts.append(str(part))
    model.write_text(model.read_text(encoding="utf-8").replace("benchmark_rate: 5%", "benchmark_rate: 7%"), encoding="utf-8")
    r = run("merge", *parts, lang="en")
    check(r.returncode == 2 and "this input has changed since the parts were made" in r.stderr.decode(), "a changed input is refused")
    # A shard writes a part, not a report.
    r = run(*simulate, "--shard", "1/2", "--format", "csv", lang="en")
    check(r.returncode == 2 and not r.stdout, "a shard refuses --format csv")
    r = run(*simulate, "--shard", "3/2", lang="en")
    check(r.returncode == 2 and "`3/2` is not a shard" in r.stderr.decode(), "a shard beyond N is refused")
    r = run(*simulate, "--shard", "1/2")
    part = json.loads(r.stdout)
    check(part["command"] == "simulate" and part["shard"] == 1 and part["shards"] == 2, "without -o the part goes to stdout")

    # The same refusals in Chinese (the default language): the catalogue's sentences, no English.
    r = run("merge", *p[:5])
    err = r.stderr.decode()
    check(r.returncode == 2 and "共 7 个分片，缺少第 6、7 个" in err and "missing" not in err, f"missing shards in Chinese: {err[:300]}")
    r = run("merge", *p, p[2])
    err = r.stderr.decode()
    check(r.returncode == 2 and "第 3 个分片（共 7 个）给了两次" in err and "每个分片的部分结果只给一次" in err, f"a repeated shard in Chinese: {err[:300]}")
    r = run("merge", str(tmp / "programme-1-part-1.json"), str(tmp / "simulate-1-part-1.json"))
    err = r.stderr.decode()
    check(r.returncode == 2 and "不属于同一次运行：它是 `simulate` 的部分结果" in err, f"parts of two commands in Chinese: {err[:300]}")
    r = run("merge", str(bad))
    err = r.stderr.decode()
    check(r.returncode == 2 and "不是部分结果文件：内容不是 JSON" in err and "not a part" not in err, f"a broken part in Chinese: {err[:300]}")
    truncated = tmp / "truncated.json"
    doc = json.loads(Path(p[0]).read_text(encoding="utf-8"))
    doc["shards"] = 1
    doc["data"]["chunks"][0]["s1"] = "many"
    truncated.write_text(json.dumps(doc), encoding="utf-8")
    for lang, expected in [("zh", "部分结果中的数据不是 `simulate --shard` 写出的：chunks[0].s1：应为数值列表"),
                           ("en", "the part's data is not what `simulate --shard` writes: chunks[0].s1: expected a list of numbers")]:
        r = run("merge", str(truncated), lang=lang)
        check(r.returncode == 2 and expected in r.stderr.decode(), f"an edited part's field, {lang}: {r.stderr.decode()[:300]}")
    r = run(*simulate, "--shard", "3/2")
    check(r.returncode == 2 and "`3/2` 不是有效的分片" in r.stderr.decode(), "a shard beyond N is refused in Chinese")

if failures:
    sys.exit("shards:\n  " + "\n  ".join(failures))
print("shards: every check passed")
