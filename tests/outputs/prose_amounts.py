#!/usr/bin/env python3
"""Every sentence the commands print writes its amounts as the tables do, with thousands
separators: a planner pastes notes, summaries and advice into the feasibility report, and
`FNPV(ic=6.00%) -7758.57` under a table reading -7,758.57 looks like another figure.

Each command is run on every example (simulate and the scenario files on a few), in both
languages, as text. A line is split into its
columns (two spaces or more apart); a column that is one number is a table cell, whose format is
its row's (a ratio such as an interest coverage of 2542.47 has no separators), and every other
column, a sentence, must not hold four digits or more before a decimal point without a comma.

KNOWN lists the sentences other engineers' areas still print ungrouped (reported to the lead);
each must still occur, so that the list shrinks when one is fixed.

    prose_amounts.py APPRAISE   (run from the project root)
"""
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from harness import fail, finish, run_appraise  # noqa: E402

appraise = sys.argv[1]
UNGROUPED = re.compile(r"(^|[^0-9,.])[0-9]{4,}\.[0-9]")
CELL = re.compile(r"^[-+]?[0-9][0-9,]*(\.[0-9]+)?( ?%)?$|^[—-]$")

KNOWN = {  # a part of the sentence -> where it is written
}
seen_known = set()

examples = sorted(p for p in Path("models").glob("*.yaml") if "debt" not in p.name)
options = [p for p in sorted(Path("scenarios").glob("*.yaml")) if re.search(r"^options:", p.read_text(encoding="utf-8"), re.M)]
commands = [["run", str(p)] for p in examples] + [["compare", str(p)] for p in options]
commands += [["sensitivity", str(p)] for p in examples]
commands += [["debt", "models/city-debt.yaml"], ["programme", "scenarios/city-programme.yaml"], ["schedule", "models/toll-bridge.yaml"],
             ["run", "models/toll-bridge.yaml", "-s", "scenarios/toll-bridge-cases.yaml"],
             ["sensitivity", "models/toll-bridge.yaml", "-s", "scenarios/toll-bridge-risk.yaml"],
             ["simulate", "models/toll-bridge.yaml", "-s", "scenarios/toll-bridge-risk.yaml", "--draws", "300", "--seed", "1"],
             ["simulate", "models/river-bridge-public.yaml", "--draws", "300", "--seed", "1"]]
if len(examples) < 9 or len(options) < 2:
    fail(f"found {len(examples)} examples and {len(options)} options files: the test reads the wrong folder")

sentences = 0
for args in commands:
    for lang in ("zh", "en"):
        text = run_appraise(appraise, [*args, "--lang", lang]).decode("utf-8")
        for line in text.splitlines():
            for column in re.split(r"\s{2,}", line.strip()):
                if not column or CELL.match(column):
                    continue
                sentences += 1
                if not UNGROUPED.search(column):
                    continue
                known = [k for k in KNOWN if k in column]
                if known:
                    seen_known.update(known)
                    continue
                fail(f"appraise {' '.join(args)} --lang {lang}: {column[:200]}")

for k, where in KNOWN.items():
    if k not in seen_known:
        fail(f"the known ungrouped sentence {k!r} ({where}) no longer occurs: take it off KNOWN")

finish(f"{len(commands) * 2} outputs, {sentences} sentences and labels read")
