#!/usr/bin/env python3
"""CSV for Excel, checked by bytes: `-o x.csv` starts with the UTF-8 byte-order mark and holds
the Chinese labels as UTF-8; --no-bom and stdout leave it out, --bom puts it on stdout; numbers
are rounded as the tables show them unless --full-precision; row numbers stay text (="1.10").

    csv_for_excel.py APPRAISE   (run from the project root)
"""
import csv
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

BOM = b"\xef\xbb\xbf"
appraise = sys.argv[1]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def run(*args):
    r = subprocess.run([appraise, *args], capture_output=True)
    if r.returncode not in (0, 1):
        sys.exit(f"appraise {' '.join(args)} exited {r.returncode}: {r.stderr.decode()}")
    return r.stdout


with tempfile.TemporaryDirectory() as tmp:
    out = Path(tmp) / "toll.csv"
    run("run", "models/toll-bridge.yaml", "-o", str(out))  # the extension picks CSV
    data = out.read_bytes()
    check(data.startswith(BOM), "-o x.csv starts with EF BB BF")
    text = data[len(BOM):].decode("utf-8")
    check(text.startswith("财务指标汇总表,indicators,万元\n"), "the first line is the Chinese title in UTF-8")
    check("项目投资现金流量表" in text, "the statements' Chinese titles are there")

    # Excel's reading: every cell of the statements' number column is the formula ="…", i.e.
    # text; the numbers carry two decimals (money) or four (rates as fractions).
    rows = list(csv.reader(io.StringIO(text)))
    numbers = [r[0] for r in rows if r and r[0].startswith("=")]
    check(len(numbers) > 50, "row numbers are written as text formulas")
    check(all(n.startswith('="') and n.endswith('"') for n in numbers), 'row numbers read ="1.1"')
    summary = {r[0]: r[2] for r in rows[2:19] if len(r) >= 3}
    check(summary.get("firr_post_tax", "").count(".") == 1 and len(summary["firr_post_tax"].split(".")[1]) == 4,
          "a rate is a fraction with four decimals")
    check(len(summary.get("fnpv_post_tax", "x.xxx").split(".")[1]) == 2, "money has two decimals")

    # The rounded figure is the engine's, rounded half away from zero at the displayed precision.
    doc = json.loads(run("run", "models/toll-bridge.yaml", "--format", "json"))
    exact = doc["indicators"]["fnpv_post_tax"]
    check(abs(float(summary["fnpv_post_tax"]) - exact) <= 0.005 + 1e-9, "FNPV rounds to the JSON's figure")

    full = Path(tmp) / "full.csv"
    run("run", "models/toll-bridge.yaml", "-o", str(full), "--full-precision", "--no-bom")
    fdata = full.read_bytes()
    check(not fdata.startswith(BOM), "--no-bom leaves the mark out")
    frows = list(csv.reader(io.StringIO(fdata.decode("utf-8"))))
    fsummary = {r[0]: r[2] for r in frows[2:19] if len(r) >= 3}
    check(float(fsummary["fnpv_post_tax"]) == exact, "--full-precision writes the double exactly")

    stdout = run("run", "models/toll-bridge.yaml", "--format", "csv")
    check(not stdout.startswith(BOM), "stdout has no mark unless asked")
    check(run("schedule", "models/toll-bridge.yaml", "--format", "csv", "--bom").startswith(BOM), "--bom on stdout")
    txt = Path(tmp) / "toll.txt"
    run("run", "models/toll-bridge.yaml", "-o", str(txt), "--format", "csv")
    check(txt.read_bytes().startswith(b"\xe8\xb4\xa2"), "-o with another extension: no mark")

for f in failures:
    print("FAILED:", f)
sys.exit(1 if failures else 0)
