// A test's history under its row in any table where the test appears: its last executions (status, duration, run,
// link to the CI run) and their durations as a small plain SVG bar chart, oldest left. Data: /tests/history.
import { getJson } from './api.js';
import { cell, element, milliseconds, when } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const LIMIT = 30;

/** Adds a "History" button to the first cell of {@code row}; it opens and closes the history in a row below it. */
export function historyToggle(row, project, test, columns) {
  const button = element('button', 'History', 'history-toggle');
  button.type = 'button';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-label', `History of ${test.class ? `${test.class}.` : ''}${test.name}`);
  let detail = null;
  button.addEventListener('click', async () => {
    if (detail) {
      detail.remove();
      detail = null;
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    detail = row.parentElement.insertRow(row.sectionRowIndex + 1);
    detail.className = 'history';
    const holder = cell(detail, 'Loading…');
    holder.colSpan = columns;
    button.setAttribute('aria-expanded', 'true');
    try {
      const query = { suite: test.suite, name: test.name, limit: LIMIT };
      if (test.class) query.class = test.class;
      const answer = await getJson(`/api/v1/projects/${encodeURIComponent(project)}/tests/history`, query);
      holder.textContent = '';
      holder.append(durationChart(answer.executions), executionTable(answer.executions));
    } catch (e) {
      holder.textContent = `History unavailable: ${e.message}`;
    }
  });
  row.cells[0].append(' ', button);
}

/** Durations as bars, oldest left, failed ones in the failure colour; the table below holds the same numbers. */
function durationChart(executions) {
  const width = 300;
  const height = 60;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'duration-chart');
  svg.setAttribute('role', 'img');
  const durations = executions.map((x) => x.duration_ms);
  const max = Math.max(1, ...durations);
  svg.setAttribute('aria-label', executions.length
    ? `durations of the last ${executions.length} executions, ${Math.min(...durations)} to ${max} ms` : 'no executions kept');
  const step = width / Math.max(executions.length, 1);
  [...executions].reverse().forEach((x, i) => {
    const bar = document.createElementNS(SVG, 'rect');
    const h = Math.max(1, (x.duration_ms / max) * (height - 2));
    bar.setAttribute('x', String(i * step + 1));
    bar.setAttribute('y', String(height - h));
    bar.setAttribute('width', String(Math.max(1, step - 2)));
    bar.setAttribute('height', String(h));
    bar.setAttribute('class', x.status === 'failed' || x.status === 'error' ? 'bar bad' : 'bar');
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${x.duration_ms} ms, ${x.status}, ${when(x.observed_at)}`;
    bar.append(title);
    svg.append(bar);
  });
  return svg;
}

function executionTable(executions) {
  const table = element('table');
  table.className = 'history-table';
  const head = table.createTHead().insertRow();
  ['When', 'Status', 'Duration', 'Run', 'Commit', 'Branch', 'Retry', 'Failure'].forEach((h) => {
    const th = element('th', h);
    th.scope = 'col';
    head.append(th);
  });
  const body = table.createTBody();
  if (!executions.length) cell(body.insertRow(), 'No executions kept (raw outcomes live 30 days).').colSpan = 8;
  executions.forEach((x) => {
    const row = body.insertRow();
    cell(row, when(x.observed_at));
    cell(row, element('span', x.status + (x.flaky ? ' (flaky)' : ''), x.status === 'passed' ? 'good' : x.status === 'skipped' ? '' : 'bad'));
    cell(row, milliseconds(x.duration_ms), { num: true });
    const run = `${x.run.pipeline}#${x.run.id}.${x.run.attempt}${x.run.job ? ` (${x.run.job})` : ''}`;
    if (x.run.url) {
      const link = element('a', run);
      link.href = x.run.url; // ingest accepts only http(s) URLs
      link.rel = 'noopener noreferrer';
      cell(row, link);
    } else {
      cell(row, run);
    }
    cell(row, x.run.commit ? x.run.commit.slice(0, 12) : '—');
    cell(row, x.run.branch || '—');
    cell(row, String(x.retry), { num: true });
    cell(row, x.failure ? `${x.failure.type || ''} ${x.failure.message || ''}`.trim() : '');
  });
  return table;
}
