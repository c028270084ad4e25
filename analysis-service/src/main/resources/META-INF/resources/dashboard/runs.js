// The project's runs: the running ones, with what arrived of them so far, then the latest finished ones; a few of each
// unless the reader asks for all, so a burst of runs never pushes the charts down a screen. Each run links to its view
// (runview.js). Runs have no stream of their own, so while the page is open the table is re-read every few seconds.
import { getJson } from './api.js';
import { cell, count, element, pct, when } from './format.js';
import { every } from './poll.js';

const REFRESH_MS = 5000;
/** Runs of each state shown until "Show all". */
const SHOWN = 5;
/** The most of each state read: the API's limit for running runs, the latest finished ones. */
const RUNNING_READ = 100;
const FINISHED_READ = 50;
const COLUMNS = 8;

/** What names a run (a job of it) on the page and in the row's data-run attribute. */
export function runKey(run) {
  return `${run.pipeline} · ${run.run_id}.${run.attempt}${run.job ? ` · ${run.job}` : ''}`;
}

/** The run's own page: /projects/{project}/runs/{run}?pipeline=&attempt=&job= (the verdict API's parameters). */
function runHref(project, run) {
  const params = new URLSearchParams({ pipeline: run.pipeline, attempt: String(run.attempt) });
  if (run.job) params.set('job', run.job);
  return `/projects/${encodeURIComponent(project)}/runs/${encodeURIComponent(run.run_id)}?${params}`;
}

/** Progress of a running run against its job's recent finished runs; a run past them shows its count alone. */
function progress(run) {
  const executed = run.passed + run.failed;
  if (run.state !== 'running' || !run.expected_tests) return '—';
  if (executed >= run.expected_tests) return `${count(executed)} (past ~${count(run.expected_tests)})`;
  return `${count(executed)} of ~${count(run.expected_tests)} (${Math.floor((100 * executed) / run.expected_tests)}%)`;
}

function addRow(tbody, project, run) {
  const row = tbody.insertRow();
  row.dataset.run = runKey(run);
  row.dataset.state = run.state;
  const link = element('a', runKey(run));
  link.href = runHref(project, run);
  cell(row, link, { header: true });
  cell(row, run.branch || '—');
  const state = element('span', run.state === 'running' ? 'running'
    : `finished${run.finished_by === 'idle' ? ' (idle)' : ''}`, run.state === 'running' ? 'running' : '');
  if (run.finished_by === 'idle') {
    state.title = 'no outcome came for the idle timeout (or its outcomes happened longer ago) and its reporter never said it finished';
  }
  cell(row, state);
  const executed = run.passed + run.failed;
  cell(row, pct(executed ? run.passed / executed : null), { num: true });
  cell(row, `${count(run.passed)} / ${count(executed)}`, { num: true });
  cell(row, count(run.failed), { num: true });
  cell(row, progress(run), { num: true });
  cell(row, when(run.last_at));
}

/** "37 running, the last 10 finished": a count that says when it reached what was read. */
function summary(running, finished) {
  const runningText = `${running.length}${running.length >= RUNNING_READ ? '+' : ''} running`;
  return `${runningText}, ${finished.length >= FINISHED_READ ? `the last ${finished.length}` : finished.length} finished`;
}

/** Fills the table with a few runs of each state, or all read; the foot counts them and offers the rest. */
function fill(table, project, running, finished, view) {
  const tbody = table.tBodies[0];
  const hadFocus = table.contains(document.activeElement) && document.activeElement.classList.contains('runs-toggle');
  tbody.replaceChildren();
  const rows = view.all ? [...running, ...finished] : [...running.slice(0, SHOWN), ...finished.slice(0, SHOWN)];
  if (!rows.length) cell(tbody.insertRow(), 'No run has sent results yet.').colSpan = COLUMNS;
  rows.forEach((run) => addRow(tbody, project, run));
  const hidden = running.length + finished.length - rows.length;
  const foot = table.tFoot || table.createTFoot();
  foot.replaceChildren();
  const line = cell(foot.insertRow(), `${summary(running, finished)}${hidden ? `; ${hidden} more not shown` : ''}`);
  line.colSpan = COLUMNS;
  line.className = 'muted runs-count';
  if (running.length <= SHOWN && finished.length <= SHOWN) return;
  const toggle = element('button', view.all ? 'Show fewer' : 'Show all', 'runs-toggle');
  toggle.type = 'button';
  toggle.setAttribute('aria-expanded', String(view.all));
  toggle.addEventListener('click', () => {
    view.all = !view.all;
    fill(table, project, running, finished, view);
  });
  line.append(' ', toggle);
  if (hadFocus) toggle.focus(); // a re-read or the click itself replaced the button the reader was on
}

/**
 * Shows the project's runs in the table and keeps them current; returns a function that stops the refresh. onError
 * hears a failed re-read, and null once a re-read succeeds again.
 */
export async function followRuns(project, table, onError) {
  const base = `/api/v1/projects/${encodeURIComponent(project)}/runs`;
  const view = { all: false };
  const read = async () => {
    const [running, finished] = await Promise.all([getJson(base, { state: 'running', limit: RUNNING_READ }),
      getJson(base, { state: 'finished', limit: FINISHED_READ })]);
    fill(table, project, running, finished, view);
  };
  await read();
  return every(REFRESH_MS, read, onError);
}
