#!/usr/bin/env python3
"""`appraise run` over several models: a folder's models in name order with a note for each file
that is not a model; `--format jsonl` writes one record per model, each the document `--format
json` writes for that model alone; the text report is each model's report in turn; a folder with
bad models reports every problem, exits 2 and writes nothing.

    batch_run.py APPRAISE   (run from the project root)
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

appraise = sys.argv[1]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def run(*args):
    return subprocess.run([appraise, *args], capture_output=True)


models = ["tests/programme/bond-park.yaml", "tests/programme/road.yaml"]  # the folder's models, in name order

r = run("run", "tests/programme", "--format", "jsonl")
check(r.returncode == 1, f"the folder's models miss checks: exit 1 (got {r.returncode})")
lines = r.stdout.decode("utf-8").split("\n")
check(lines[-1] == "", "the records end with a newline")
records = lines[:-1]
check(len(records) == 2, f"one record per model (got {len(records)})")
for line, model in zip(records, models):
    check("\n" not in line and line.startswith("{"), f"{model}: one JSON object on one line")
    alone = json.loads(run("run", model, "--format", "json").stdout)
    check(json.loads(line) == alone, f"{model}: the record is the document `run {model} --format json` writes")
notes = r.stderr.decode("utf-8")
for other, kind in [("joined-by-hand.yaml", "债务组合文件"), ("small-debt.yaml", "债务组合文件"), ("small.yaml", "项目规划文件")]:
    check(f"appraise：注：tests/programme/{other}：已略过：它是{kind}，不是项目模型" in notes, f"a note for {other}")
notes_en = run("run", "tests/programme", "--format", "jsonl", "--lang", "en").stderr.decode("utf-8")
check("appraise: note: tests/programme/small.yaml: left out: it is a programme, not a project model" in notes_en,
      "the note in English with --lang en")

# Models named one by one come in the order given; the text report is each model's in turn.
r = run("run", models[1], models[0])
text = r.stdout.decode("utf-8")
check(text.startswith("小型道路（tests/programme/road.yaml）\n"), "the first report is the first model named")
check("\n小型公园配套（tests/programme/bond-park.yaml）\n" in text, "the second follows")
r = run("run", models[1], models[0], "--format", "jsonl")
check([json.loads(l)["meta"]["model"] for l in r.stdout.decode().splitlines()] == [models[1], models[0]],
      "the records follow the order given")

# `-o FILE.jsonl` picks JSON Lines; bad models: everything reported, nothing written.
with tempfile.TemporaryDirectory() as tmp:
    out = Path(tmp) / "runs.jsonl"
    r = run("run", *models, "-o", str(out))
    check(len(out.read_text(encoding="utf-8").splitlines()) == 2, "-o runs.jsonl writes JSON Lines")
    bad = Path(tmp) / "bad.jsonl"
    r = run("run", "tests/batch/bad", *models, "-o", str(bad))
    err = r.stderr.decode("utf-8")
    check(r.returncode == 2, f"bad models: exit 2 (got {r.returncode})")
    check(not bad.exists(), "bad models: no output file")
    check("tests/batch/bad/bad-rate.yaml:9:19" in err and "tests/batch/bad/missing-years.yaml:3:1" in err,
          "every bad model's problems are reported")
    check("中有 3 处错误" in err, "with their count")

# The examples folder: every project model in models/ is run (the issue-12 examples among them),
# each record the model's own run; the debt portfolios are left out with a note.
examples = sorted(p for p in Path("models").glob("*.yaml") if not p.name.startswith("city-debt"))
r = run("run", "models/", "--format", "jsonl")
check(r.returncode in (0, 1), f"models/: the examples run (got exit {r.returncode})")
names = [json.loads(l)["meta"]["model"] for l in r.stdout.decode("utf-8").splitlines()]
check([Path(n).name for n in names] == [p.name for p in examples],
      f"models/: one record per example model, in name order (got {names})")
for needed in ["stalled-building-sale.yaml", "parking-garage-revitalisation.yaml", "parking-garage-as-is.yaml",
               "land-redevelopment.yaml", "toll-bridge.yaml"]:
    check(needed in [Path(n).name for n in names], f"models/: {needed} is run")
# Issue 12's JSON names, in the examples' records (item 7).
records = {Path(n).name: json.loads(l) for n, l in zip(names, r.stdout.decode("utf-8").splitlines())}


def row_keys(record, table):
    return [row["key"] for row in record["statements"][table]["rows"]]


garage = records.get("parking-garage-revitalisation.yaml", {}).get("indicators", {})
for key in ["firr_incremental_pre_tax", "firr_incremental_post_tax", "fnpv_incremental_pre_tax", "fnpv_incremental_post_tax"]:
    check(isinstance(garage.get(key), float), f"parking-garage-revitalisation: indicators.{key}")
check("incremental_cash_flow" in records.get("parking-garage-revitalisation.yaml", {}).get("statements", {}),
      "parking-garage-revitalisation: statements.incremental_cash_flow")
for name in ["stalled-building-sale.yaml", "land-redevelopment.yaml"]:
    for key in ["total_investment", "construction_interest_total"]:
        check(isinstance(records.get(name, {}).get("indicators", {}).get(key), float), f"{name}: indicators.{key}")
if "stalled-building-sale.yaml" in records:
    sale = records["stalled-building-sale.yaml"]
    check("cost_of_sales" in row_keys(sale, "total_cost"), "stalled-building-sale: total_cost.cost_of_sales")
    check("land_appreciation_tax" in row_keys(sale, "profit_and_distribution"),
          "stalled-building-sale: profit_and_distribution.land_appreciation_tax")
    check("input_vat_deducted" in row_keys(sale, "project_investment_cash_flow"),
          "stalled-building-sale: project_investment_cash_flow.input_vat_deducted")
for debt in ["city-debt.yaml", "city-debt-ledger.yaml"]:
    check(f"models/{debt}：已略过：它是债务组合文件，不是项目模型" in r.stderr.decode("utf-8"),
          f"models/: a note for {debt}")

r = run("debt", "models/city-debt.yaml", "--format", "jsonl")
check(r.returncode == 2 and "`jsonl`" in r.stderr.decode(), "jsonl is refused where a command writes no records")
r = run("run", models[0], models[1], "-s", "scenarios/toll-bridge-cases.yaml")
check(r.returncode == 2, "a scenario file with several models is refused")

if failures:
    sys.exit("batch run:\n  " + "\n  ".join(failures))
print("batch run: every check passed")
