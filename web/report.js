// The appraise HTML report's charts, drawn with Apache ECharts from the command's own JSON
// document (embedded in the page as #appraise-data), so every number a chart shows is a number of
// `--format json`. SVG renderer, no animation (the page is printed and captured). Each chart's
// container records what was drawn (data-title, data-series, data-points) for the tests.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('appraise-data').textContent);
  var zh = data.lang === 'zh';
  var doc = data.document;
  var labels = data.labels || {};
  var holder = document.getElementById('charts');
  var count = 0;

  function t(zhText, enText) { return zh ? zhText : enText; }
  // The one formatting of a number the page shows (axis labels, tooltips, marks, subtitles): to
  // `digits` decimals with thousands separators, and never "-0.00". It rounds as the tables do
  // (core/units' format_fixed, docs/outputs.md): the figure as it reads, the shortest decimal that
  // reads back as the same number (String(x): 2.675, 1.005), half away from zero at the decimals
  // shown, so 2.675 is 2.68 and 1.005 is 1.01 in a chart as in its table; a figure that rounds to
  // zero has no sign (-3.6e-12 is 0.00). Done on the decimal text rather than by toLocaleString,
  // whose rounding and sign of a zero are the browser's.
  function plainDecimal(a) {  // the shortest decimal of a ≥ 0 without an exponent: 1e-7 → 0.0000001
    var s = String(a), e = s.indexOf('e');
    if (e < 0) return s;
    var mantissa = s.slice(0, e).replace('.', ''), exp = Number(s.slice(e + 1));
    var point = (s.indexOf('.') < 0 || s.indexOf('.') > e ? e : s.indexOf('.')) + exp;
    if (point <= 0) return '0.' + new Array(1 - point).join('0') + mantissa;
    if (point >= mantissa.length) return mantissa + new Array(point - mantissa.length + 1).join('0');
    return mantissa.slice(0, point) + '.' + mantissa.slice(point);
  }
  // `shift` 2 shows a rate as percent by moving the point of its reading (0.00035 reads 0.035 %),
  // not by multiplying (0.00035 × 100 is 0.034999999999999996), as format_percent_number does.
  function num(v, digits, shift) {
    if (v === null || v === undefined) return '';
    var x = Number(v);
    if (!isFinite(x)) return x.toLocaleString('en-US');
    var text = plainDecimal(Math.abs(x));
    if (text.indexOf('.') < 0) text += '.';
    if (shift) {
      var at = text.indexOf('.') + shift;
      text = text.replace('.', '');
      while (text.length < at) text += '0';
      text = (text.slice(0, at).replace(/^0+(?=\d)/, '') || '0') + '.' + text.slice(at);
    }
    var dot = text.indexOf('.'), keep = dot + 1 + digits;
    while (text.length <= keep) text += '0';
    var up = text.charAt(keep) >= '5';
    var d = text.slice(0, digits === 0 ? dot : keep).split('');
    if (up) {
      var i = d.length - 1;
      for (; i >= 0; --i) {
        if (d[i] === '.') continue;
        if (d[i] !== '9') { d[i] = String(Number(d[i]) + 1); break; }
        d[i] = '0';
      }
      if (i < 0) d.unshift('1');
    }
    var parts = d.join('').split('.');
    var shown = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (parts.length > 1 ? '.' + parts[1] : '');
    return (x < 0 && /[1-9]/.test(shown) ? '-' : '') + shown;
  }
  function money(v) { return num(v, 2); }
  function pct(v) { return v === null || v === undefined ? '' : num(v, 2, 2) + ' %'; }
  function label(key, fallback) { return labels[key] || fallback || key; }
  function row(table, key) {
    if (!table) return null;
    for (var i = 0; i < table.rows.length; ++i) if (table.rows[i].key === key) return table.rows[i];
    return null;
  }

  // One chart: a titled container, an ECharts instance on the SVG renderer, and the record of
  // its series for the tests.
  function chart(id, title, subtitle, option) {
    var el = document.createElement('div');
    el.className = 'chart';
    el.id = 'chart-' + id;
    holder.appendChild(el);
    option.animation = false;
    option.title = { text: title, subtext: subtitle || '', left: 'center' };
    option.tooltip = option.tooltip || { trigger: 'axis' };
    if (!option.grid) option.grid = { left: 80, right: 70, top: 80, bottom: 50 };
    var c = echarts.init(el, null, { renderer: 'svg', locale: zh ? 'ZH' : 'EN' });
    c.setOption(option);
    var series = c.getOption().series;
    el.setAttribute('data-title', title);
    el.setAttribute('data-series', String(series.length));
    el.setAttribute('data-points', series.map(function (s) { return (s.data || []).length; }).join(','));
    ++count;
    return c;
  }

  function moneyAxis(name) {
    return { type: 'value', name: name, axisLabel: { formatter: function (v) { return num(v, 0); } } };
  }

  // ---- run: the project's cash flow and its debt service ----
  function runCharts(d, prefix, n) {
    var st = d.statements || {};
    var unit = d.meta.unit;
    var pcf = st.project_investment_cash_flow;
    if (pcf) {
      var net = row(pcf, 'net_cash_flow_post_tax');
      var cum = row(pcf, 'cumulative_post_tax');
      var payback = d.indicators.payback_post_tax;
      var marks = [];
      if (payback !== null && payback !== undefined) {
        // Payback counts years from the start of construction: it falls in year floor(T) (0-based),
        // one later when the first flow is at t = 0.
        var at = Math.floor(payback) + (d.meta.timing === 'at-start' ? 1 : 0);
        if (at >= 0 && at < pcf.years.length)
          marks.push({ xAxis: pcf.years[at], label: { formatter: t('投资回收期 ', 'payback ') + num(payback, 2) + t(' 年', ' years') } });
      }
      chart('cash-flow' + n, prefix + t('项目投资现金流量（所得税后）', 'Project cash flow after income tax'),
            t('单位：', 'unit: ') + unit + (payback !== null ? t('；投资回收期 ', '; payback ') + num(payback, 2) + t(' 年（自建设期初）', ' years from the start') : ''), {
        legend: { top: 50 },
        tooltip: { trigger: 'axis', valueFormatter: money },
        xAxis: { type: 'category', data: pcf.years },
        yAxis: moneyAxis(unit),
        series: [
          { name: net.label_zh && zh ? net.label_zh : net.label_en, type: 'bar', data: net.values,
            markLine: { symbol: 'none', data: marks, lineStyle: { type: 'dashed', color: '#c23531' } } },
          { name: zh ? cum.label_zh : cum.label_en, type: 'line', data: cum.values, symbolSize: 4 }
        ]
      });
    }
    // A public project is decided on its economic flows: benefits and costs by year, their net.
    var ef = st.economic_flows;
    var benefit = row(ef, 'benefit'), cost = row(ef, 'cost'), netBenefit = row(ef, 'net_benefit');
    if (benefit && cost && netBenefit) {
      var enpv = d.indicators.enpv;
      var eirr = d.indicators.eirr;
      chart('economic-flows' + n, prefix + t('项目投资经济费用效益流量', 'Economic cost-benefit flows'),
            t('单位：', 'unit: ') + unit + (enpv !== null && enpv !== undefined ? t('；经济净现值 ', '; ENPV ') + money(enpv) : '') +
              (eirr !== null && eirr !== undefined ? t('，经济内部收益率 ', ', EIRR ') + pct(eirr) : ''), {
        legend: { top: 50 },
        tooltip: { trigger: 'axis', valueFormatter: money },
        xAxis: { type: 'category', data: ef.years },
        yAxis: moneyAxis(unit),
        series: [
          { name: zh ? netBenefit.label_zh : netBenefit.label_en, type: 'bar', data: netBenefit.values },
          { name: zh ? benefit.label_zh : benefit.label_en, type: 'line', data: benefit.values, symbolSize: 4 },
          { name: zh ? cost.label_zh : cost.label_en, type: 'line', data: cost.values, symbolSize: 4 }
        ]
      });
    }
    var loans = st.loan_schedule;
    var service = row(loans, 'debt_service');
    var cash = row(loans, 'cash_available');
    var dscr = row(loans, 'dscr');
    if (service && cash && dscr) {
      var target = null;
      (d.checks || []).forEach(function (c) { if (c.name === 'dscr_min' || c.name === 'dscr') target = c.threshold; });
      chart('debt-service' + n, prefix + t('还本付息与可用于还本付息的资金', 'Debt service and the cash available for it'),
            t('偿债备付率（右轴）', 'DSCR (right axis)') + (target !== null ? t('；目标 ', '; target ') + num(target, 2) : ''), {
        legend: { top: 50 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: loans.years },
        yAxis: [moneyAxis(d.meta.unit), { type: 'value', name: 'DSCR', splitLine: { show: false } }],
        series: [
          { name: zh ? cash.label_zh : cash.label_en, type: 'bar', data: cash.values, tooltip: { valueFormatter: money } },
          { name: zh ? service.label_zh : service.label_en, type: 'bar', data: service.values, tooltip: { valueFormatter: money } },
          { name: zh ? dscr.label_zh : dscr.label_en, type: 'line', yAxisIndex: 1, data: dscr.values, connectNulls: false,
            tooltip: { valueFormatter: function (v) { return num(v, 2); } },
            markLine: target === null ? undefined : { symbol: 'none', data: [{ yAxis: target, name: t('目标', 'target') }],
                                                      label: { formatter: t('目标 ', 'target ') + num(target, 2) },
                                                      lineStyle: { color: '#c23531' } } }
        ]
      });
    }
  }

  // ---- sensitivity: spider and tornado of the decisive NPV ----
  // meta.tornado_indicator names it: the post-tax FNPV, the incremental one of a with/without
  // model, or ENPV for a public project (whose critical point is critical_economic).
  var npvNames = {
    fnpv_post_tax: ['所得税后财务净现值', 'FNPV after income tax'],
    fnpv_incremental_post_tax: ['增量财务净现值（所得税后）', 'incremental FNPV after income tax'],
    enpv: ['经济净现值', 'ENPV']
  };
  function sensitivityCharts(d) {
    var unit = d.meta.unit;
    var key = d.meta.tornado_indicator || 'fnpv_post_tax';
    var npv = npvNames[key] ? t(npvNames[key][0], npvNames[key][1]) : key;
    var base = d.base[key];
    var series = [];
    d.factors.forEach(function (f) {
      if (f.op !== 'scale') return;  // percentage changes share one axis
      var pts = f.points.map(function (p) { return [p.change * 100, p.values[key]]; });
      pts.push([0, base]);
      pts.sort(function (a, b) { return a[0] - b[0]; });
      var cp = key === 'enpv' ? f.critical_economic : f.critical_post_tax;
      var s = { name: f.name, type: 'line', data: pts, symbolSize: 6 };
      if (cp && cp.change !== null && cp.status === 'found')
        s.markPoint = { symbol: 'circle', symbolSize: 10, data: [{ coord: [cp.change * 100, cp.fnpv_at_change], name: t('临界点', 'critical point'),
                        label: { show: true, position: 'top', formatter: num(cp.change, 2, 2) + '%' } }] };
      series.push(s);
    });
    if (series.length)
      chart('spider', t('敏感性分析图（', 'Sensitivity (') + npv + t('）', ')'),
            t('横轴：不确定因素变化率（%）；圆点：临界点（', 'x: change of the factor (%); dots: critical points (') + npv +
              t('为 0）', ' = 0)'), {
        legend: { top: 50, type: 'scroll' },
        tooltip: { trigger: 'item', formatter: function (p) { return p.seriesName + '<br>' + num(p.value[0], 2) + '%: ' + money(p.value[1]); } },
        xAxis: { type: 'value', name: '%', axisLabel: { formatter: '{value}%' } },
        yAxis: moneyAxis(unit),
        series: series
      });
    // Tornado: each factor's bar spans its FNPV at the lowest and the highest change (the base
    // case stands in for a side without changes), widest first, as the JSON's tornado orders them.
    var names = [], lows = [], swings = [], ends = [];
    d.tornado.slice().reverse().forEach(function (tw) {
      var f = d.factors.filter(function (x) { return x.name === tw.name; })[0];
      if (!f || tw.swing === null || !f.points.length) return;
      var lo = f.points[0], hi = f.points[0];
      f.points.forEach(function (p) { if (p.change < lo.change) lo = p; if (p.change > hi.change) hi = p; });
      var a = lo.change > 0 ? base : lo.values[key];
      var b = hi.change < 0 ? base : hi.values[key];
      if (a === null || b === null) return;
      names.push(f.name);
      lows.push(Math.min(a, b));
      swings.push(tw.swing);
      ends.push([a, b]);
    });
    if (names.length)
      chart('tornado', t('龙卷风图（', 'Tornado (') + npv + t('）', ')'),
            t('竖线：基本方案 ', 'line: base case ') + money(base) + ' ' + unit, {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (ps) {
          var i = ps[0].dataIndex;
          return names[i] + '<br>' + money(ends[i][0]) + ' / ' + money(ends[i][1]);
        } },
        grid: { left: 160, right: 60, top: 80, bottom: 40 },
        xAxis: moneyAxis(unit),
        yAxis: { type: 'category', data: names },
        series: [
          { name: 'base', type: 'bar', stack: 'tornado', stackStrategy: 'all', data: lows, itemStyle: { color: 'transparent' },
            emphasis: { disabled: true }, silent: true },
          { name: t('摆幅', 'swing'), type: 'bar', stack: 'tornado', stackStrategy: 'all', data: swings,
            markLine: { symbol: 'none', data: [{ xAxis: base }], lineStyle: { color: '#333' }, label: { formatter: t('基本方案', 'base') } } }
        ]
      });
  }

  // ---- simulate: histogram and cumulative distribution of each indicator ----
  function simulateCharts(d) {
    var unit = d.meta.unit;
    var order = ['fnpv_post_tax', 'firr_post_tax', 'dscr_min'];
    Object.keys(d.indicators).forEach(function (k) { if (order.indexOf(k) < 0) order.push(k); });
    order.forEach(function (k) {
      var s = d.indicators[k];
      if (!s || !s.computed || !s.histogram || !s.histogram.length || !s.count) return;
      var isRate = /^firr|irr$/.test(k);
      var isMoney = /^fnpv/.test(k);
      var show = isRate ? pct : isMoney ? money : function (v) { return num(v, 2); };
      var name = label(k, k);
      var th = s.threshold;
      var p = s.probability_below;
      var sub = th !== null && th !== undefined && p !== null
        ? t(name + '低于 ' + show(th) + ' 的概率为 ' + num(p, 2, 2) + ' %', 'P(' + name + ' < ' + show(th) + ') = ' + num(p, 2, 2) + ' %') : '';
      chart('histogram-' + k, name + t('：频数分布', ': histogram'), sub + (isMoney ? t('；单位：', '; unit: ') + unit : ''), {
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: s.histogram.map(function (h) { return show(h.from) + ' ~ ' + show(h.to); }),
                 axisLabel: { rotate: 30, fontSize: 10 } },
        yAxis: { type: 'value', name: t('次数', 'draws') },
        grid: { left: 70, right: 40, top: 80, bottom: 90 },
        series: [{ name: t('次数', 'draws'), type: 'bar', data: s.histogram.map(function (h) {
          return { value: h.count, itemStyle: { color: th !== null && h.to <= th ? '#c23531' : '#5470c6' } };
        }) }]
      });
      if (s.cdf && s.cdf.length)
        chart('cdf-' + k, name + t('：累积概率分布', ': cumulative distribution'), sub, {
          tooltip: { trigger: 'axis', formatter: function (ps) { return show(ps[0].value[0]) + ': ' + num(ps[0].value[1], 0) + ' %'; } },
          xAxis: { type: 'value', scale: true, axisLabel: { formatter: function (v) { return show(v); } } },
          yAxis: { type: 'value', name: '%', min: 0, max: 100 },
          series: [{ name: name, type: 'line', showSymbol: false, data: s.cdf.map(function (v, i) { return [v, i]; }),
                     markLine: th === null || th === undefined ? undefined : { symbol: 'none', data: [{ xAxis: th }],
                       label: { formatter: sub }, lineStyle: { color: '#c23531' } } }]
        });
    });
  }

  // ---- compare: the cases side by side ----
  function compareCharts(d) {
    var table = d.comparison;
    var fnpv = row(table, 'fnpv_post_tax');
    var firr = row(table, 'firr_post_tax');
    if (fnpv && firr)
      chart('cases', t('情景比较：财务净现值与财务内部收益率（所得税后）', 'Cases: FNPV and FIRR after income tax'), t('单位：', 'unit: ') + d.meta.unit, {
        legend: { top: 50 },
        xAxis: { type: 'category', data: table.years },
        yAxis: [moneyAxis(d.meta.unit), { type: 'value', name: 'FIRR', axisLabel: { formatter: function (v) { return pct(v); } }, splitLine: { show: false } }],
        series: [
          { name: zh ? fnpv.label_zh : fnpv.label_en, type: 'bar', data: fnpv.values, tooltip: { valueFormatter: money } },
          { name: zh ? firr.label_zh : firr.label_en, type: 'line', yAxisIndex: 1, data: firr.values, tooltip: { valueFormatter: pct } }
        ]
      });
    if (d.options && d.options.options.length) {
      var o = d.options.options;
      chart('options', t('互斥方案比选', 'Mutually exclusive options'),
            d.options.recommended ? t('推荐方案：', 'recommended: ') + d.options.recommended : '', {
        legend: { top: 50 },
        tooltip: { trigger: 'axis', valueFormatter: money },
        xAxis: { type: 'category', data: o.map(function (x) { return x.name; }) },
        yAxis: moneyAxis(d.meta.unit),
        series: [
          { name: t('建设投资', 'investment'), type: 'bar', data: o.map(function (x) { return x.investment; }) },
          { name: t('财务净现值', 'FNPV'), type: 'bar', data: o.map(function (x) { return x.fnpv; }) },
          { name: t('等额年值', 'equivalent annual value'), type: 'bar', data: o.map(function (x) { return x.equivalent_annual; }) }
        ]
      });
    }
  }

  // ---- debt: the weighted cost path against the target, and the refinancing by year ----
  function debtCharts(d) {
    var path = d.tables.cost_path;
    var without = row(path, 'cost_without_plan');
    var withPlan = row(path, 'cost_with_plan');
    var target = row(path, 'target');
    var refinanced = row(path, 'refinanced');
    var series = [
      { name: zh ? without.label_zh : without.label_en, type: 'line', data: without.values },
      { name: zh ? withPlan.label_zh : withPlan.label_en, type: 'line', data: withPlan.values }
    ];
    if (target) series.push({ name: zh ? target.label_zh : target.label_en, type: 'line', data: target.values, lineStyle: { type: 'dashed', color: '#c23531' }, symbol: 'none' });
    series.push({ name: zh ? refinanced.label_zh : refinanced.label_en, type: 'bar', yAxisIndex: 1, data: refinanced.values,
                  tooltip: { valueFormatter: money }, itemStyle: { opacity: 0.6 } });
    series.forEach(function (s) { if (s.type === 'line') s.tooltip = { valueFormatter: pct }; });
    chart('cost-path', t('债务综合成本路径与目标', 'Weighted debt cost against the target'), t('置换额（右轴）单位：', 'refinancing (right axis) in ') + d.meta.unit, {
      legend: { top: 50 },
      xAxis: { type: 'category', data: path.years },
      yAxis: [{ type: 'value', scale: true, axisLabel: { formatter: function (v) { return pct(v); } } },
              { type: 'value', name: d.meta.unit, splitLine: { show: false } }],
      series: series
    });
  }

  // ---- schedule: the loan's service and balance ----
  function scheduleCharts(d) {
    var s = d.loan_schedule;
    function ending(suffix) { return s.rows.filter(function (r) { return r.key.slice(-suffix.length) === suffix; })[0]; }
    var principal = ending('_principal'), interest = ending('_interest_paid'), closing = ending('_closing');
    if (!principal || !interest || !closing) return;
    chart('schedule', zh ? s.title_zh : s.title_en, t('单位：', 'unit: ') + d.meta.unit, {
      legend: { top: 50 },
      tooltip: { trigger: 'axis', valueFormatter: money },
      xAxis: { type: 'category', data: s.years },
      yAxis: [moneyAxis(d.meta.unit), { type: 'value', splitLine: { show: false } }],
      series: [
        { name: zh ? principal.label_zh : principal.label_en, type: 'bar', stack: 'service', data: principal.values },
        { name: zh ? interest.label_zh : interest.label_en, type: 'bar', stack: 'service', data: interest.values },
        { name: zh ? closing.label_zh : closing.label_en, type: 'line', yAxisIndex: 1, data: closing.values }
      ]
    });
  }

  if (data.command === 'run') {
    var runs = doc.runs || [doc];
    runs.forEach(function (d, i) {
      var prefix = runs.length > 1 && d.meta.scenario ? d.meta.scenario + '：' : '';
      runCharts(d, prefix, runs.length > 1 ? '-' + (i + 1) : '');
    });
  } else if (data.command === 'sensitivity') sensitivityCharts(doc);
  else if (data.command === 'simulate') simulateCharts(doc);
  else if (data.command === 'compare') compareCharts(doc);
  else if (data.command === 'debt') debtCharts(doc);
  else if (data.command === 'schedule') scheduleCharts(doc);
  document.body.setAttribute('data-charts', String(count));
})();
