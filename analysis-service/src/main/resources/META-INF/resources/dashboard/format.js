// How numbers read on the page: a rate always with its counts, percentages with one decimal.

export const pct = (rate) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);

export const pp = (value) => (value === null || value === undefined ? '—' : `${value > 0 ? '+' : ''}${value.toFixed(1)} pp`);

export const interval = (i) => (i ? `${pct(i.lower)} – ${pct(i.upper)}` : '—');

export const count = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('en'));

/** A duration in whole milliseconds (percentiles are interpolated, a fraction of a millisecond says nothing). */
export const milliseconds = (ms) => (ms === null || ms === undefined ? '—' : `${count(Math.round(ms))} ms`);

export const when = (instant) => (instant ? new Date(instant).toLocaleString() : '—');

/** A table cell; numbers right-aligned. */
export function cell(row, text, { num = false, header = false } = {}) {
  const td = document.createElement(header ? 'th' : 'td');
  if (header) td.scope = 'row';
  if (num) td.className = 'num';
  if (text instanceof Node) td.append(text);
  else td.textContent = text;
  row.append(td);
  return td;
}

export function element(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** A rate with a word next to the colour, so the state never depends on colour alone. */
export function rateBadge(rate, target) {
  const span = element('span', pct(rate));
  if (rate !== null && rate !== undefined && target) {
    span.className = rate >= target.rate ? 'good' : 'bad';
    span.title = rate >= target.rate ? 'at or above target' : 'below target';
  }
  return span;
}
