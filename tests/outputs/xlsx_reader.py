"""Reads the cells of an XLSX workbook with the standard library: each sheet's name and its
cells as {"A1": Cell(value, formula, text, format)}. Enough for the workbooks appraise writes and
the ones Gnumeric's ssconvert writes back."""
import re
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Optional

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class Cell:
    value: Optional[float] = None  # a number (a formula's cached result too)
    formula: Optional[str] = None
    text: Optional[str] = None
    format: str = "General"  # the number format code of the cell's style


# The built-in number formats a workbook may refer to by id alone (ECMA-376 Part 1, 18.8.30).
BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 49: "@"}


def cell_formats(z):
    """The number format code of each cell style (index into cellXfs)."""
    if "xl/styles.xml" not in z.namelist():
        return []
    styles = ET.fromstring(z.read("xl/styles.xml"))
    codes = dict(BUILTIN_FORMATS)
    fmts = styles.find("m:numFmts", NS)
    if fmts is not None:
        for f in fmts.findall("m:numFmt", NS):
            codes[int(f.get("numFmtId"))] = f.get("formatCode")
    xfs = styles.find("m:cellXfs", NS)
    return [codes.get(int(x.get("numFmtId", "0")), "General") for x in xfs.findall("m:xf", NS)] if xfs is not None else []


def shown_decimals(code):
    """How many decimals of a stored number a format shows: `#,##0.00` two, `0.00%` four (the
    percentage's two), `0.00##` four; None for General and text."""
    section = code.split(";")[0]
    if section in ("General", "@"):
        return None
    section = re.sub(r'"[^"]*"|\\.|\[[^]]*\]', "", section)  # quoted text, escapes, [colour]
    decimals = 0
    if "." in section:
        decimals = len(re.match(r"[0#?]*", section.split(".", 1)[1]).group(0))
    return decimals + 2 * section.count("%")


def split_ref(ref):
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def read_workbook(path):
    """[(sheet name, {ref: Cell})] in the workbook's order, plus the raw XML of each sheet."""
    with zipfile.ZipFile(path) as z:
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.iter(REL + "Relationship")}
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
                shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        formats = cell_formats(z)
        sheets = []
        for s in wb.find("m:sheets", NS).findall("m:sheet", NS):
            target = targets[s.get("{%s}id" % NS["r"])].lstrip("/")
            if not target.startswith("xl/"):
                target = "xl/" + target
            raw = z.read(target)
            cells = {}
            for c in ET.fromstring(raw).iter("{%s}c" % NS["m"]):
                cell = Cell()
                style = int(c.get("s", "0"))
                if style < len(formats):
                    cell.format = formats[style]
                f = c.find("m:f", NS)
                v = c.find("m:v", NS)
                kind = c.get("t")
                if f is not None:
                    cell.formula = f.text
                if kind == "s":
                    cell.text = shared[int(v.text)]
                elif kind == "inlineStr":
                    cell.text = "".join(t.text or "" for t in c.iter("{%s}t" % NS["m"]))
                elif kind == "e":
                    cell.text = v.text  # an error such as #REF!
                elif kind == "str":
                    cell.text = v.text if v is not None else ""
                elif v is not None:
                    cell.value = float(v.text)
                cells[c.get("r")] = cell
            sheets.append((s.get("name"), cells, raw.decode("utf-8")))
        return sheets
