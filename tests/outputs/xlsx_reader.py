"""Reads the cells of an XLSX workbook with the standard library: each sheet's name and its
cells as {"A1": Cell(value, formula, text)}. Enough for the workbooks appraise writes and the
ones Gnumeric's ssconvert writes back."""
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
        sheets = []
        for s in wb.find("m:sheets", NS).findall("m:sheet", NS):
            target = targets[s.get("{%s}id" % NS["r"])].lstrip("/")
            if not target.startswith("xl/"):
                target = "xl/" + target
            raw = z.read(target)
            cells = {}
            for c in ET.fromstring(raw).iter("{%s}c" % NS["m"]):
                cell = Cell()
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
