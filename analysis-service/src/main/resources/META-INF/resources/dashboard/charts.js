// Charts through uPlot (the WebJar served from the jar). Every chart has a text alternative: an aria-label that says
// what it shows, and for trend charts the numbers themselves in a table.
import { cell, element, interval, pct } from './format.js';

const COLORS = { rate: '#1a56b0', band: 'rgba(26, 86, 176, 0.15)', target: '#0b7a3b', baseline: '#8a4b00' };

const seconds = (instant) => Date.parse(instant) / 1000;
const percent = (value) => (value === null || value === undefined ? null : Math.round(value * 1000) / 10);

/** A tiny line of a project's rate per step, for the overview table. */
export function sparkline(container, points) {
  const rates = points.map((p) => percent(p.rate.success_rate));
  const known = rates.filter((r) => r !== null);
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', known.length
    ? `${points.length} steps, from ${known[0]}% to ${known[known.length - 1]}%` : 'no executed tests in this range');
  if (!known.length) return null;
  return new uPlot({
    width: 120, height: 32, pxAlign: false, cursor: { show: false }, legend: { show: false },
    scales: { x: { time: true }, y: { range: [0, 100] } },
    axes: [{ show: false }, { show: false }],
    series: [{}, { stroke: COLORS.rate, width: 1.5, points: { show: points.length < 3, size: 4 } }],
  }, [points.map((p) => seconds(p.start)), rates], container);
}

/**
 * A suite's (or the project's) rate per step with its 95% Wilson band, the target and the baseline as lines, and
 * below it the same numbers in a table.
 */
export function trendChart(container, { title, points, target, baseline, from, to }) {
  const figure = element('figure', undefined, 'chart');
  const caption = element('figcaption', title);
  const plot = element('div', undefined, 'plot');
  figure.append(caption, plot, dataTable(title, points));
  container.append(figure);
  // The x axis spans the whole range asked for, with empty ends, so that a few steps sit where they happened and the
  // target and baseline lines cross the chart even when only one step has data.
  const start = Math.min(seconds(from), ...points.map((p) => seconds(p.start)));
  const end = Math.max(seconds(to), ...points.map((p) => seconds(p.start)));
  const rows = [{ x: start }, ...points.map((p) => ({ x: seconds(p.start), rate: p.rate })), { x: end }];
  const constant = (rate) => rows.map(() => (rate === null || rate === undefined ? null : percent(rate)));
  const data = [rows.map((r) => r.x),
    rows.map((r) => percent(r.rate?.success_rate)),
    rows.map((r) => percent(r.rate?.interval?.lower)),
    rows.map((r) => percent(r.rate?.interval?.upper)),
    constant(target?.rate),
    constant(baseline?.rate)];
  const last = points.length ? points[points.length - 1].rate : null;
  plot.setAttribute('role', 'img');
  plot.setAttribute('aria-label', `${title}: ${points.length} steps` + (last ? `, last ${pct(last.success_rate)}` : '')
    + (target ? `, target ${pct(target.rate)}` : '') + (baseline ? `, baseline ${pct(baseline.rate)}` : ''));
  const showValue = (u, v) => (v === null || v === undefined ? '—' : `${v.toFixed(1)}%`);
  const chart = new uPlot({
    width: Math.max(plot.clientWidth, 260), height: 220,
    scales: { x: { time: true, range: [start, end] }, y: { range: [0, 100] } },
    axes: [{}, { values: (u, ticks) => ticks.map((t) => `${t}%`), size: 50 }],
    series: [
      {},
      { label: 'Success rate', stroke: COLORS.rate, width: 2, value: showValue, points: { show: points.length < 30, size: 5 } },
      { label: '95% lower', stroke: COLORS.band, value: showValue, points: { show: false } },
      { label: '95% upper', stroke: COLORS.band, value: showValue, points: { show: false } },
      { label: 'Target', stroke: COLORS.target, width: 1.5, dash: [8, 4], value: showValue, show: !!target, points: { show: false } },
      { label: 'Baseline', stroke: COLORS.baseline, width: 1.5, dash: [2, 4], value: showValue, show: !!baseline, points: { show: false } },
    ],
    bands: [{ series: [3, 2], fill: COLORS.band }],
  }, data, plot);
  new ResizeObserver(() => chart.setSize({ width: Math.max(plot.clientWidth, 260), height: 220 })).observe(plot);
  return chart;
}

function dataTable(title, points) {
  const details = element('details');
  details.append(element('summary', 'Numbers'));
  const wrap = element('div', undefined, 'scroll');
  const table = element('table', undefined, 'trend-table');
  table.append(element('caption', `${title} per step`));
  const head = table.createTHead().insertRow();
  ['Step start', 'Success rate', 'Passed / executed', '95% interval'].forEach((h, i) => {
    const th = element('th', h, i ? 'num' : undefined);
    th.scope = 'col';
    head.append(th);
  });
  const body = table.createTBody();
  points.forEach((p) => {
    const row = body.insertRow();
    cell(row, new Date(p.start).toLocaleString(), { header: true });
    cell(row, pct(p.rate.success_rate), { num: true });
    cell(row, `${p.rate.passed} / ${p.rate.executed}`, { num: true });
    cell(row, interval(p.rate.interval), { num: true });
  });
  wrap.append(table);
  details.append(wrap);
  return details;
}
