#!/usr/bin/env node
// The HTML report's script (web/report.js) never shows "-0.00": a figure that rounds to zero at
// the decimals shown (a residue such as -3.6e-12, or -0.004 at two decimals) reads 0.00, as the
// text tables, the CSV and the workbook write it.
//
// The script runs here in Node against a stand-in page and a stand-in ECharts that keep every
// chart's option: each command's document is built with every number a tiny negative, then every
// text of every option (titles, subtitles, mark labels) and what every formatter in it returns
// (axis labels, tooltips, called as ECharts calls them) is searched for a minus before a zero.
// The charts' own shapes are tested in html_reports.py, in Chromium.
//
//     node tests/outputs/web_numbers.js web/report.js
'use strict';
const fs = require('fs');
const vm = require('vm');

const script = fs.readFileSync(process.argv[2] || 'web/report.js', 'utf8');
let failures = 0;
let shown = 0;  // formatted texts that were read
function fail(what) { console.error('FAILED: ' + what); ++failures; }

// A number that is zero at the decimals shown, with a minus: "-0", "-0.00", "-0.00 %".
const negativeZero = /(^|[^0-9.])-0(\.0+)?(?![0-9.])/;

function element() {
  return { attrs: {}, setAttribute(k, v) { this.attrs[k] = v; }, appendChild() {} };
}

// Runs the script on one embedded document; returns the options of the charts it drew.
function draw(command, doc, lang) {
  const options = [];
  const page = {
    getElementById(id) { return id === 'appraise-data' ? { textContent: JSON.stringify({ command, lang, document: doc }) } : element(); },
    createElement: element,
    body: element(),
  };
  const echarts = {
    init() {
      let option = null;
      return { setOption(o) { option = o; options.push(o); }, getOption() { return { series: option.series || [] }; } };
    },
  };
  vm.runInNewContext(script, { document: page, echarts, JSON, Math, Number, String, Object, Array });
  return options;
}

// The arguments ECharts gives a formatter: a value (axis labels, valueFormatter), an item
// ({seriesName, value: [x, y]}), or the items of an axis ([{dataIndex, value}]).
function callsOf(f, tiny) {
  const texts = [];
  for (const arg of [tiny, { seriesName: 's', dataIndex: 0, value: [tiny, tiny] }, [{ seriesName: 's', dataIndex: 0, value: [tiny, tiny] }]]) {
    try {
      const out = f(arg);
      if (typeof out === 'string') texts.push(out);
    } catch (e) { /* not the shape this formatter is given */ }
  }
  return texts;
}

function check(where, text) {
  ++shown;
  if (negativeZero.test(text)) fail(`${where}: ${JSON.stringify(text)}`);
}

function walk(where, value, tiny, seen) {
  if (value === null || value === undefined || seen.has(value)) return;
  if (typeof value === 'string') return check(where, value);
  if (typeof value === 'function') {
    for (const text of callsOf(value, tiny)) check(where + '()', text);
    return;
  }
  if (typeof value !== 'object') return;
  seen.add(value);
  for (const k of Object.keys(value)) {
    if (k === 'data' && Array.isArray(value[k]) && value[k].every((x) => typeof x === 'number' || x === null)) continue;  // raw values
    walk(where + '.' + k, value[k], tiny, seen);
  }
}

// Every command's document, each number `x`.
function documents(x) {
  const unit = '万元';
  const row = (key, n) => ({ key, label_zh: key, label_en: key, values: Array(n).fill(x), total: x });
  return {
    run: {
      meta: { unit, timing: 'end-of-year' },
      indicators: { payback_post_tax: 1.5 },
      statements: {
        project_investment_cash_flow: { years: [2026, 2027, 2028], rows: [row('net_cash_flow_post_tax', 3), row('cumulative_post_tax', 3)] },
        loan_schedule: { years: [2026, 2027, 2028], rows: [row('debt_service', 3), row('cash_available', 3), row('dscr', 3)] },
      },
      checks: [{ name: 'dscr_min', threshold: x }],
    },
    sensitivity: {
      meta: { unit, tornado_indicator: 'fnpv_post_tax' },
      base: { fnpv_post_tax: x },
      factors: [{ name: '建设投资', op: 'scale',
                  points: [{ change: -0.1, values: { fnpv_post_tax: x } }, { change: 0.1, values: { fnpv_post_tax: x } }],
                  critical_post_tax: { status: 'found', change: x, fnpv_at_change: x } }],
      tornado: [{ name: '建设投资', swing: x }],
    },
    simulate: {
      meta: { unit },
      indicators: Object.fromEntries(['fnpv_post_tax', 'firr_post_tax', 'dscr_min'].map((k) => [k, {
        computed: true, count: 10, threshold: x, probability_below: x,
        histogram: [{ from: x, to: x, count: 10 }], cdf: [x, x],
      }])),
    },
    compare: {
      meta: { unit },
      comparison: { years: ['基本方案', '悲观'], rows: [row('fnpv_post_tax', 2), row('firr_post_tax', 2)] },
      options: { options: [{ name: '甲', investment: x, fnpv: x, equivalent_annual: x }], recommended: '甲' },
    },
    debt: {
      meta: { unit },
      tables: { cost_path: { years: [2026, 2027], rows: [row('cost_without_plan', 2), row('cost_with_plan', 2), row('target', 2), row('refinanced', 2)] } },
    },
    schedule: {
      meta: { unit },
      loan_schedule: { title_zh: '借款还本付息计划表', title_en: 'Loan schedule', years: [2026, 2027],
                       rows: [row('l_principal', 2), row('l_interest_paid', 2), row('l_closing', 2)] },
    },
  };
}

let charts = 0;
for (const tiny of [-3.6e-12, -0.004, -0.0000001]) {
  for (const [command, doc] of Object.entries(documents(tiny))) {
    for (const lang of ['zh', 'en']) {
      const options = draw(command, doc, lang);
      if (!options.length) fail(`${command} (${lang}): no chart was drawn`);
      charts += options.length;
      options.forEach((o, i) => walk(`${command}/${lang}/chart ${i + 1} (${tiny})`, o, tiny, new Set()));
    }
  }
}
// A figure as the tables show it: a zero without its sign (so that the search above read
// formatted figures), and halves rounded as core/units' format_fixed rounds them: the shortest
// decimal of the double, half away from zero. The expected texts are Python's
// Decimal(repr(x)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP), as in tests/test_units.cpp;
// 1.005, 0.285 and 9.995 are cases where round(x × 100) / 100, the former rule, said 1.00, 0.28 and 9.99.
for (const [x, text] of [[-3.6e-12, '0.00'], [-0.004, '0.00'], [1.005, '1.01'], [-0.015, '-0.02'], [2.675, '2.68'],
                         [0.285, '0.29'], [9.995, '10.00'], [0.125, '0.13'], [-1234567.891, '-1,234,567.89']]) {
  const subtitles = draw('sensitivity', documents(x).sensitivity, 'zh').map((o) => o.title && o.title.subtext);
  if (!subtitles.includes(`竖线：基本方案 ${text} 万元`))
    fail(`the tornado does not show a base case of ${x} as ${text}: ${JSON.stringify(subtitles)}`);
}

// A rate is shown as percent by moving the point of its reading, as core/units'
// format_percent_number does: a critical change of 0.00035 (0.035 %) is marked 0.04%, where
// 0.00035 × 100 is 0.034999999999999996 and would read 0.03%. Expected: Python's
// Decimal(repr(x)).scaleb(2).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP), as in tests/test_units.cpp.
for (const [x, text] of [[0.00035, '0.04%'], [0.00225, '0.23%'], [-0.0000001, '0.00%']]) {
  const marks = JSON.stringify(draw('sensitivity', documents(x).sensitivity, 'zh'));
  if (!marks.includes(JSON.stringify(text))) fail(`the spider chart does not mark a critical change of ${x} as ${text}`);
}

if (failures) {
  console.error(`${failures} failure(s)`);
  process.exit(1);
}
console.log(`OK: ${charts} charts, ${shown} texts without -0`);
