#!/usr/bin/env python3
"""The XLSX workbooks opened again and checked (issue 13's "Done when"):

- every table and summary the command's CSV carries is a sheet of the workbook (found by its
  title row), and every number in it equals the engine's figure, which the same command prints
  with --format csv --full-precision (libxlsxwriter keeps 16 significant digits: 1e-15 relative);
- the formulas are there: totals, net flows, cumulative rows, coverage ratios, and on the
  summary NPV, IRR, the payback interpolation and the minimum DSCR;
- Gnumeric's `ssconvert --recalc` recomputes every formula of the workbook and reproduces every
  cached value within 1e-9 relative (of the larger magnitude, or absolutely below 1); a control
  workbook whose cached value was falsified shows that ssconvert really recomputes;
- text a spreadsheet would run (=, +, -, @ first) in a model's names stays text;
- no cell reads "-0.00": Excel and WPS put a minus sign before any negative value, so a stored
  value that rounds to zero at the decimals its number format shows must be stored as 0 (the
  engine's figure otherwise, to the last digit); and a row's 合计 still agrees, to the decimals
  shown, with the sum of the cells as stored (docs/outputs.md).

    workbooks.py APPRAISE   (run from the project root; needs ssconvert from Debian's gnumeric)
"""
import csv
import decimal
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from harness import fail, finish, run_appraise  # noqa: E402
from xlsx_reader import read_workbook, shown_decimals, split_ref  # noqa: E402

appraise = sys.argv[1]
checked = {"sheets": 0, "numbers": 0, "formulas": 0, "recalculated": 0, "zeroed": 0, "totals": 0}
SSCONVERT = shutil.which("ssconvert")
if not SSCONVERT:
    sys.exit("ssconvert (Debian package gnumeric) is not installed: ./setup.sh installs it")

# Each command: its arguments (the output options are added).
COMMANDS = {
    "run_toll_bridge": ["run", "models/toll-bridge.yaml"],
    "run_sewage_plant": ["run", "models/sewage-plant.yaml"],
    "run_industrial_park": ["run", "models/industrial-park.yaml"],
    "run_parking_en": ["run", "models/parking-revitalisation.yaml", "--lang", "en"],
    "run_stalled_building": ["run", "models/stalled-building-sale.yaml"],
    "run_parking_garage": ["run", "models/parking-garage-revitalisation.yaml"],
    "run_land": ["run", "models/land-redevelopment.yaml"],
    "run_river_bridge_public": ["run", "models/river-bridge-public.yaml"],  # the economic adjustment tables
    "run_scenarios": ["run", "models/toll-bridge.yaml", "-s", "scenarios/toll-bridge-cases.yaml"],
    "schedule": ["schedule", "models/toll-bridge.yaml"],
    "compare": ["compare", "scenarios/bridge-options.yaml"],
    "sensitivity": ["sensitivity", "models/toll-bridge.yaml", "-s", "scenarios/toll-bridge-risk.yaml"],
    "simulate": ["simulate", "models/sewage-plant.yaml", "--draws", "2000", "--seed", "7", "--bins", "8"],
    "debt": ["debt", "models/city-debt.yaml"],
    "programme": ["programme", "scenarios/city-programme.yaml"],
}


def run(args):
    return run_appraise(appraise, args)


def csv_blocks(text):
    """The CSV's blocks: (title, unit, header, rows). Scenario heading lines are skipped."""
    blocks, lines = [], []
    for line in text.split("\n") + [""]:
        if line.startswith(("情景,", "scenario,")):
            continue
        if line == "":
            if lines:
                rows = list(csv.reader(io.StringIO("\n".join(lines))))
                blocks.append((rows[0][0], rows[0][2] if len(rows[0]) > 2 else "", rows[1], rows[2:]))
            lines = []
        else:
            lines.append(line)
    return blocks


def number(s):
    return float(s) if s not in ("", None) else None


def close(a, b, rel):
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def shown(v, decimals):
    """`v` as a spreadsheet shows it with `decimals` decimals: its 15 significant digits rounded
    half away from zero, a minus sign before any negative value (so -0.004 shows "-0.00")."""
    d = decimal.Decimal("%.15g" % abs(v)).quantize(decimal.Decimal(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_UP)
    return ("-" if v < 0 else "") + format(d, "f")


def rounds_to_zero(v, decimals):
    return decimals is not None and float(shown(abs(v), decimals)) == 0


def expected_stored(v, cell):
    """What a number cell must store for the engine's figure `v`: 0 when `v` rounds to zero at the
    decimals the cell's format shows, `v` otherwise."""
    if v is not None and v != 0 and cell is not None and rounds_to_zero(v, shown_decimals(cell.format)):
        checked["zeroed"] += 1
        return 0.0
    return v


def check_no_negative_zero(name, sheets):
    """No cell a spreadsheet would show as -0.00 (or -0.00 %, -0)."""
    for sheet, cells, _ in sheets:
        for ref, c in cells.items():
            d = shown_decimals(c.format)
            if c.value is not None and d is not None and c.value < 0 and rounds_to_zero(c.value, d):
                fail(f"{name}/{sheet}!{ref}: stores {c.value!r}, which Excel and WPS show as {shown(c.value, d)!r}")


def sheet_cell(cells, row, col):
    for ref, c in cells.items():
        if split_ref(ref) == (row, col):
            return c
    return None


def by_position(cells):
    return {split_ref(ref): c for ref, c in cells.items()}


def check_book(name, args, tmp):
    book = Path(tmp) / f"{name}.xlsx"
    run([*args, "-o", str(book)])
    engine = run([*args, "--format", "csv", "--full-precision"]).decode("utf-8")
    sheets = read_workbook(book)
    grids = [(n, by_position(c)) for n, c, _ in sheets]
    titles = [(g.get((0, 0)).text if g.get((0, 0)) else "") for _, g in grids]
    used = set()
    for title, unit, header, rows in csv_blocks(engine):
        if title in ("选择结果", "起约束作用的限制"):  # the programme's text blocks, on its summary sheet
            continue
        wanted = title + (("（单位：" + unit + "）" if re.search(r"[\u4e00-\u9fff]", title) else f" (unit: {unit})") if unit else "")
        match = next((i for i, t in enumerate(titles) if t == wanted and i not in used), None)
        if match is None:
            fail(f"{name}: no sheet titled {wanted!r}")
            continue
        used.add(match)
        checked["sheets"] += 1
        sheet, grid = grids[match]
        if header[0] == "key":  # a summary: key, label, value, note; the sheet has label, value
            labels = {c.text: r for (r, col), c in grid.items() if col == 0 and c.text}
            for key, label, value, *_ in rows:
                v = number(value)
                r = labels.get(label)
                if r is None:
                    fail(f"{name}/{sheet}: no row {label!r}")
                    continue
                cell = grid.get((r, 1))
                got = cell.value if cell else None
                v = expected_stored(v, cell)
                if (v is None) != (got is None) or (v is not None and not close(v, got, 1e-15)):
                    fail(f"{name}/{sheet}/{key}: {got} is not the engine's {v}")
                checked["numbers"] += v is not None
            continue
        has_total = len(header) > 3 and header[3] in ("合计", "total")
        first = 3 if has_total else 2
        values_from = 4 if has_total else 3
        for i, row in enumerate(rows):
            r = 2 + i
            number_text = row[0][2:-1] if row[0].startswith('="') else row[0]
            got_number = grid.get((r, 0))
            if (got_number.text if got_number else "") != number_text:
                fail(f"{name}/{sheet} row {r + 1}: number {got_number.text if got_number else None!r}, expected {number_text!r}")
            got_label = grid.get((r, 1))
            # CSV neutralises text a spreadsheet would run with an apostrophe; a string cell
            # needs none.
            label = row[1][1:] if row[1][:2] in ("'=", "'+", "'-", "'@") else row[1]
            if (got_label.text if got_label else "") != label:
                fail(f"{name}/{sheet} row {r + 1}: label {got_label.text if got_label else None!r}, expected {label!r}")
            cells = ([(2, row[3])] if has_total else []) + [(first + j, s) for j, s in enumerate(row[values_from:])]
            for col, s in cells:
                cell = grid.get((r, col))
                # A text cell (the debt plan's action and year, "2028" too): the same text.
                if cell is not None and cell.value is None and cell.text:
                    if cell.text != s:
                        fail(f"{name}/{sheet} row {r + 1} col {col + 1}: {cell.text!r} is not the engine's {s!r}")
                    continue
                v = expected_stored(number(s), cell)
                got = cell.value if cell else None
                if (v is None) != (got is None) or (v is not None and not close(v, got, 1e-15)):
                    fail(f"{name}/{sheet} row {r + 1} col {col + 1}: {got} is not the engine's {v}")
                checked["numbers"] += v is not None
            # The 合计 as the engine gives it, to the decimals shown, is the sum of the row's
            # cells as stored (a planner's SUM over them).
            total = grid.get((r, 2)) if has_total else None
            # A total written as another formula than the row's SUM (a ratio of totals: a
            # conversion factor) is checked by the recalculation instead.
            ratio_total = total is not None and total.formula and not total.formula.upper().startswith("=SUM(")
            if total is not None and total.value is not None and number(row[3]) is not None and not ratio_total:
                d = shown_decimals(total.format)
                years = [grid.get((r, first + j)) for j in range(len(row) - values_from)]
                added = sum(c.value for c in years if c is not None and c.value is not None)
                if d is not None and shown(added, d).lstrip("-") != shown(number(row[3]), d).lstrip("-"):
                    fail(f"{name}/{sheet} row {r + 1}: the cells add up to {shown(added, d)}, the 合计 is {shown(number(row[3]), d)}")
                checked["totals"] += 1
    for i, (n, _) in enumerate(grids):
        if i not in used and not n.startswith(("输入参数", "Inputs")) and "输入参数" not in n and "Inputs" not in n:
            fail(f"{name}: sheet {n!r} holds no table of the command's output")
    return book, sheets


def recalculate(book, tmp):
    out = Path(tmp) / (book.stem + ".recalc.xlsx")
    r = subprocess.run([SSCONVERT, "--recalc", str(book), str(out)], capture_output=True)
    if r.returncode != 0 or not out.exists():
        sys.exit(f"ssconvert --recalc {book} failed: {r.stderr.decode()}")
    return read_workbook(out)


def check_recalc(name, sheets, book, tmp):
    again = recalculate(book, tmp)
    count = 0
    for (sheet, cells, _), (_, cells2, _) in zip(sheets, again):
        for ref, c in cells.items():
            if not c.formula:
                continue
            count += 1
            c2 = cells2.get(ref)
            if c.value is None and c.text is not None:  # a formula giving text (a label naming the rate cell)
                if c2 is None or c2.text != c.text:
                    fail(f"{name}/{sheet}!{ref} ={c.formula}: Gnumeric gives {c2.text if c2 else 'nothing'!r}, the engine's {c.text!r}")
            elif c2 is None or c2.value is None:
                fail(f"{name}/{sheet}!{ref} ={c.formula}: Gnumeric gives {c2.text if c2 else 'nothing'}")
            elif not close(c.value, c2.value, 1e-9):
                fail(f"{name}/{sheet}!{ref} ={c.formula}: recalculated {c2.value!r}, the engine's {c.value!r}")
    checked["recalculated"] += count
    return count


def falsified_copy(book, tmp):
    """The workbook with the first formula's cached value of its first table sheet set wrong."""
    out = Path(tmp) / (book.stem + ".false.xlsx")
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        done = False
        for item in zin.infolist():
            data = zin.read(item.filename)
            if not done and item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode("utf-8")
                m = re.search(r"(<f>SUM\([^<]*\)</f><v>)([^<]*)(</v>)", text)
                if m:
                    text = text[: m.start(2)] + "123456789" + text[m.end(2):]
                    done = True
                data = text.encode("utf-8")
            zout.writestr(item, data)
    return out


with tempfile.TemporaryDirectory() as tmp:
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    for name, args in COMMANDS.items():
        book, sheets = check_book(name, args, tmp)
        check_no_negative_zero(name, sheets)
        formulas = [c.formula for _, cells, _ in sheets for c in cells.values() if c.formula]
        checked["formulas"] += len(formulas)
        if name.startswith("run"):
            # A public project without financing has no coverage ratios (MIN) and no payback
            # the COUNTIF formula can find; it has the economic NPV and IRR instead.
            public = name == "run_river_bridge_public"
            for fn in ("NPV(", "IRR(", "SUM(") if public else ("NPV(", "IRR(", "IF(COUNTIF(", "MIN(", "SUM("):
                if not any(f.startswith(fn) for f in formulas):
                    fail(f"{name}: no {fn} formula")
            if len(formulas) < 300:
                fail(f"{name}: only {len(formulas)} formulas")
            inputs = [n for n, _, _ in sheets if "输入参数" in n or "Inputs" in n]
            if not inputs:
                fail(f"{name}: no inputs sheet")
        if name == "debt":
            # The savings rows of the cost path follow the interest, fee and one-off rows (review 8,
            # #13): a clerk correcting a penalty sees the net and cumulative savings follow.
            path = [cells for n, cells, _ in sheets if n == "综合成本路径"]
            path_formulas = [c.formula for c in path[0].values() if c.formula] if path else []
            if len(path_formulas) < 30:
                fail(f"debt/综合成本路径: {len(path_formulas)} formulas, expected the saving, net and cumulative rows")
        if name == "programme":
            # 变化（基点） follows the two cost rows (review 8, #13).
            if not any("*10000" in f or "10000*" in f for f in formulas):
                fail("programme: the change in basis points is no formula")
        if formulas:
            check_recalc(name, sheets, book, tmp)

    # The land redevelopment's statements have rounding residues (-3.6e-12 in 净现金流量 and on the
    # balance sheet): the check of stored zeros above has met some.
    if checked["zeroed"] == 0:
        fail("no engine figure that rounds to zero was met: the -0.00 check checked nothing")

    # Gnumeric recomputes rather than repeating the cached value.
    book = Path(tmp) / "run_toll_bridge.xlsx"
    false = falsified_copy(book, tmp)
    recomputed = [c.value for _, cells, _ in recalculate(false, tmp) for c in cells.values() if c.formula]
    if 123456789.0 in recomputed:
        fail("ssconvert --recalc kept a falsified cached value: the recalculation proves nothing")

    # The benchmark rate edited in its cell (8% for 6%): the FNPV labels follow it, none still
    # names the old rate, and the cell's note says what does not follow it.
    edited = Path(tmp) / "rate.xlsx"
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text, count = re.subn(r'(<c r="B3"[^>]*><v>)0\.06(</v>)', r"\g<1>0.08\g<2>", data.decode("utf-8"))
                if count != 1:
                    fail("the benchmark rate is not 0.06 in B3 of the first sheet")
                data = text.encode("utf-8")
            zout.writestr(item, data)
    labels = [c.text for c in recalculate(edited, tmp)[0][1].values() if c.text and c.text.startswith("项目投资财务净现值")]
    if not any("ic=8.00%" in t for t in labels) or any("ic=6.00%" in t for t in labels):
        fail(f"the FNPV labels do not follow the edited benchmark rate: {labels}")
    notes = [c.text for c in read_workbook(book)[0][1].values() if c.text and "不随此单元格更新" in c.text]
    if not notes:
        fail("the benchmark rate cell has no note saying what does not follow it")

    # Text that a spreadsheet would run stays text.
    model = Path("models/toll-bridge.yaml").read_text(encoding="utf-8")
    model = model.replace("name: 江滨大桥收费桥梁项目", "name: \"=1+1\"", 1).replace("通行费收入", "\"@SUM(9,9)\"")
    hostile = Path(tmp) / "hostile.yaml"
    hostile.write_text(model, encoding="utf-8")
    sheets = check_book("hostile", ["run", str(hostile)], tmp)[1]
    for sheet, cells, raw in sheets:
        for c in cells.values():
            if c.formula and ("1+1" in c.formula or "SUM(9,9)" in c.formula):
                fail(f"hostile/{sheet}: a name became the formula {c.formula}")
    texts = {c.text for _, cells, _ in sheets for c in cells.values() if c.text}
    if "@SUM(9,9)" not in texts:
        fail("hostile: the revenue line's name is not in the workbook as text")

    # Byte for byte again with the same SOURCE_DATE_EPOCH.
    again = Path(tmp) / "again.xlsx"
    run([*COMMANDS["run_toll_bridge"], "-o", str(again)])
    if again.read_bytes() != book.read_bytes():
        fail("the same run with the same SOURCE_DATE_EPOCH wrote a different workbook")

finish(f"{checked['sheets']} sheets, {checked['numbers']} numbers against the engine ({checked['zeroed']} stored as 0), "
       f"{checked['totals']} totals against their cells, {checked['formulas']} formulas, {checked['recalculated']} recalculated by Gnumeric")
