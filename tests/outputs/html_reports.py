#!/usr/bin/env python3
"""The HTML reports loaded in headless Chromium (Debian's `chromium`, SVG renderer) and checked:

- each chart rendered: its container holds an <svg> whose text carries the chart's Chinese title,
  with the number of series and of points per series that the command's JSON document implies
  (counted here from `--format json`, independently of the page's script);
- the page embeds the command's JSON document exactly as `--format json` prints it, and draws the
  charts from it; every number of the run's statement tables carries the JSON's exact value and
  shows it rounded as the text tables do;
- the page is self-contained: no script, style or image is loaded from anywhere, and Chromium
  runs with every host unresolvable.

    html_reports.py APPRAISE   (run from the project root)
"""
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from harness import fail, finish, run_appraise  # noqa: E402

appraise = sys.argv[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    sys.exit("chromium (Debian package chromium) is not installed: ./setup.sh installs it")
counted = {"pages": 0, "charts": 0, "cells": 0}


def run(args):
    return run_appraise(appraise, args)


def render(page, tmp):
    profile = tempfile.mkdtemp(dir=tmp)
    r = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile}", "--dump-dom",
                        page.resolve().as_uri()], capture_output=True, timeout=120)
    if r.returncode != 0:
        sys.exit(f"chromium failed on {page}: {r.stderr.decode()[-2000:]}")
    return r.stdout.decode("utf-8")


def charts_of(dom):
    """{id: (title, series, [points], svg text)} of every chart container."""
    out = {}
    starts = [m for m in re.finditer(r'<div class="chart" id="chart-([^"]+)"([^>]*)>', dom)]
    for i, m in enumerate(starts):
        attrs = dict(re.findall(r'(data-[a-z]+)="([^"]*)"', m.group(2)))
        body = dom[m.end(): starts[i + 1].start() if i + 1 < len(starts) else len(dom)]
        points = [int(x) for x in attrs.get("data-points", "").split(",") if x]
        out[m.group(1)] = (html.unescape(attrs.get("data-title", "")), int(attrs.get("data-series", "0")), points, body)
    return out


def expect(name, charts, cid, title_part, series, points):
    counted["charts"] += 1
    if cid not in charts:
        fail(f"{name}: no chart {cid}")
        return
    title, n, pts, body = charts[cid]
    if "<svg" not in body:
        fail(f"{name}/{cid}: no SVG was rendered")
    if title_part not in title or not re.search(r"[\u4e00-\u9fff]", title):
        fail(f"{name}/{cid}: title {title!r} is not the Chinese {title_part!r}")
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", body)]
    if title not in texts:
        fail(f"{name}/{cid}: the SVG does not show the title {title!r}")
    if n != series or pts != points:
        fail(f"{name}/{cid}: {n} series of {pts} points, expected {series} of {points}")


def page(name, args, tmp):
    out = Path(tmp) / f"{name}.html"
    run([*args, "-o", str(out)])
    text = out.read_text(encoding="utf-8")
    doc = json.loads(run([*args, "--format", "json"]))
    counted["pages"] += 1
    markup = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", text, flags=re.S)  # the page, not the scripts' strings
    if re.search(r"<(script|link|img|iframe|object|embed)[^>]+(src|href|data)=", markup, re.I):
        fail(f"{name}: the page loads something from elsewhere")
    m = re.search(r'<script type="application/json" id="appraise-data">(.*?)</script>', text, re.S)
    embedded = json.loads(m.group(1)) if m else {}
    if embedded.get("document") != doc:
        fail(f"{name}: the embedded document is not the --format json output")
    if embedded.get("lang") != "zh":
        fail(f"{name}: the page is not in Chinese by default")
    dom = render(out, tmp)
    if "@media print" not in text:
        fail(f"{name}: no print style")
    return doc, text, charts_of(dom)


def years_of(table):
    return len(table["years"])


with tempfile.TemporaryDirectory() as tmp:
    # run: the cash flow with its cumulative line, the debt service with DSCR.
    doc, text, charts = page("run", ["run", "models/toll-bridge.yaml"], tmp)
    n = years_of(doc["statements"]["project_investment_cash_flow"])
    expect("run", charts, "cash-flow", "项目投资现金流量", 2, [n, n])
    expect("run", charts, "debt-service", "还本付息", 3, [n] * 3)
    if f"投资回收期 {doc['indicators']['payback_post_tax']:.2f} 年" not in charts.get("cash-flow", ("", 0, [], ""))[3]:
        fail("run: the payback year is not marked")
    if "目标 1.20" not in charts.get("debt-service", ("", 0, [], ""))[3]:
        fail("run: the DSCR target line is not marked")
    # Every number of the statement tables: the JSON's exact value, shown rounded.
    for tm in re.finditer(r'<table class="report-table" data-key="([^"]+)">(.*?)</table>', text, re.S):
        table = doc["statements"].get(tm.group(1))
        if table is None:
            fail(f"run: table {tm.group(1)} is not in the JSON")
            continue
        rows = {r["key"]: r for r in table["rows"]}
        for rm in re.finditer(r'<tr class="level-\d" data-key="([^"]+)">(.*?)</tr>', tm.group(2), re.S):
            cells = re.findall(r'<td class="num"(?: data-value="([^"]*)")?>([^<]*)</td>', rm.group(2))
            values = ([rows[rm.group(1)].get("total")] if "total" in rows[rm.group(1)] else []) + rows[rm.group(1)]["values"]
            if len(cells) != len(values):
                fail(f"run/{tm.group(1)}/{rm.group(1)}: {len(cells)} cells for {len(values)} values")
                continue
            for (exact, shown), v in zip(cells, values):
                counted["cells"] += 1
                if (v is None) != (exact == ""):
                    fail(f"run/{tm.group(1)}/{rm.group(1)}: {exact!r} where the JSON has {v}")
                elif v is not None:
                    if float(exact) != v:
                        fail(f"run/{tm.group(1)}/{rm.group(1)}: {exact} is not the JSON's {v!r}")
                    s = shown.replace(",", "").replace(" %", "")
                    scale = 100 if shown.endswith("%") else 1
                    if abs(float(s) - v * scale) > 0.005 + 1e-9 * abs(v * scale):
                        fail(f"run/{tm.group(1)}/{rm.group(1)}: {shown!r} does not show {v!r}")

    # run of a public project: its economic flows, the figures it is decided on.
    doc, text, charts = page("public", ["run", "models/river-bridge-public.yaml"], tmp)
    n = years_of(doc["statements"]["economic_flows"])
    expect("public", charts, "economic-flows", "经济费用效益流量", 3, [n] * 3)
    if f"经济净现值 {doc['indicators']['enpv']:,.2f}" not in charts.get("economic-flows", ("", 0, [], ""))[3]:
        fail("public: the chart does not give the ENPV")
    if "经济费用效益分析与财政指标" not in text:
        fail("public: the page does not show the economic and fiscal indicators")

    # run with scenarios: the charts of every case.
    doc, text, charts = page("scenarios", ["run", "models/toll-bridge.yaml", "-s", "scenarios/toll-bridge-cases.yaml"], tmp)
    for i, r in enumerate(doc["runs"], 1):
        n = years_of(r["statements"]["project_investment_cash_flow"])
        expect("scenarios", charts, f"cash-flow-{i}", r["meta"]["scenario"], 2, [n, n])

    # sensitivity: the spider (percentage factors) and the tornado.
    doc, text, charts = page("sensitivity", ["sensitivity", "models/toll-bridge.yaml"], tmp)
    scale = [f for f in doc["factors"] if f["op"] == "scale"]
    expect("sensitivity", charts, "spider", "敏感性分析图", len(scale), [len(f["points"]) + 1 for f in scale])
    critical = [f for f in scale if f["critical_post_tax"]["status"] == "found"]
    if len(re.findall(r"临界点", charts.get("spider", ("", 0, [], ""))[3])) and not critical:
        fail("sensitivity: critical points marked where none was found")
    ranked = [t for t in doc["tornado"] if t["swing"] is not None]
    expect("sensitivity", charts, "tornado", "龙卷风图", 2, [len(ranked)] * 2)

    # simulate: histogram and cumulative distribution of every computed indicator.
    doc, text, charts = page("simulate", ["simulate", "models/toll-bridge.yaml", "--draws", "3000", "--seed", "11"], tmp)
    for key, s in doc["indicators"].items():
        if not s.get("computed") or not s.get("histogram"):
            continue
        expect("simulate", charts, f"histogram-{key}", "频数分布", 1, [len(s["histogram"])])
        expect("simulate", charts, f"cdf-{key}", "累积概率分布", 1, [len(s["cdf"])])
        if s.get("threshold") is not None and s.get("probability_below") is not None:
            mark = f"{s['probability_below'] * 100:.2f} %"
            if mark not in charts.get(f"cdf-{key}", ("", 0, [], ""))[3]:
                fail(f"simulate/{key}: P(< threshold) = {mark} is not marked")
    for key in ("fnpv_post_tax", "dscr_min"):
        if f"histogram-{key}" not in charts:
            fail(f"simulate: no histogram of {key}")

    # compare: the cases and the options side by side.
    doc, text, charts = page("compare", ["compare", "scenarios/bridge-options.yaml"], tmp)
    cases = len(doc["comparison"]["years"])
    expect("compare", charts, "cases", "情景比较", 2, [cases, cases])
    options = len(doc["options"]["options"])
    expect("compare", charts, "options", "互斥方案比选", 3, [options] * 3)

    # debt: the cost path against the target with the refinancing by year.
    doc, text, charts = page("debt", ["debt", "models/city-debt.yaml"], tmp)
    path = doc["tables"]["cost_path"]
    keys = {r["key"] for r in path["rows"]}
    lines = 2 + ("target" in keys)
    expect("debt", charts, "cost-path", "债务综合成本", lines + 1, [years_of(path)] * (lines + 1))

    # schedule: the loan's principal, interest and balance.
    doc, text, charts = page("schedule", ["schedule", "models/toll-bridge.yaml"], tmp)
    n = years_of(doc["loan_schedule"])
    expect("schedule", charts, "schedule", "借款还本付息计划表", 3, [n] * 3)

finish(f"{counted['pages']} pages, {counted['charts']} charts, {counted['cells']} table cells")
