// The project's runs: the running ones first, with what arrived of them so far, then the latest finished ones. Runs
// have no stream of their own, so while the page is open the table is re-read every few seconds.
import { getJson } from './api.js';
import { cell, count, element, pct, when } from './format.js';

const REFRESH_MS = 5000;
const FINISHED_SHOWN = 10;

/** What names a run (a job of it) on the page and in the row's data-run attribute. */
export function runKey(run) {
  return `${run.pipeline} · ${run.run_id}.${run.attempt}${run.job ? ` · ${run.job}` : ''}`;
}

/** Progress of a running run against its job's recent finished runs; a run past them shows its count alone. */
function progress(run) {
  const executed = run.passed + run.failed;
  if (run.state !== 'running' || !run.expected_tests) return '—';
  if (executed >= run.expected_tests) return `${count(executed)} (past ~${count(run.expected_tests)})`;
  return `${count(executed)} of ~${count(run.expected_tests)} (${Math.floor((100 * executed) / run.expected_tests)}%)`;
}

function fill(tbody, running, finished) {
  const rows = [...running, ...finished.slice(0, FINISHED_SHOWN)];
  tbody.replaceChildren();
  if (!rows.length) {
    cell(tbody.insertRow(), 'No run has sent results yet.').colSpan = 8;
    return;
  }
  rows.forEach((run) => {
    const row = tbody.insertRow();
    row.dataset.run = runKey(run);
    row.dataset.state = run.state;
    cell(row, runKey(run), { header: true });
    cell(row, run.branch || '—');
    const state = element('span', run.state === 'running' ? 'running'
      : `finished${run.finished_by === 'idle' ? ' (idle)' : ''}`, run.state === 'running' ? 'running' : '');
    if (run.finished_by === 'idle') state.title = 'no outcome arrived for the idle timeout and its reporter never said it finished';
    cell(row, state);
    const executed = run.passed + run.failed;
    cell(row, pct(executed ? run.passed / executed : null), { num: true });
    cell(row, `${count(run.passed)} / ${count(executed)}`, { num: true });
    cell(row, count(run.failed), { num: true });
    cell(row, progress(run), { num: true });
    cell(row, when(run.last_at));
  });
}

/**
 * Shows the project's runs in the table and keeps them current; returns a function that stops the refresh. onError
 * hears a failed re-read, and null once a re-read succeeds again.
 */
export async function followRuns(project, tbody, onError) {
  const base = `/api/v1/projects/${encodeURIComponent(project)}/runs`;
  const read = async () => {
    const [running, finished] = await Promise.all([getJson(base, { state: 'running', limit: 100 }),
      getJson(base, { state: 'finished', limit: FINISHED_SHOWN })]);
    fill(tbody, running, finished);
  };
  await read();
  let stopped = false;
  let failing = false;
  let timer;
  const again = () => {
    timer = setTimeout(async () => {
      try {
        await read();
        if (failing) onError(null);
        failing = false;
      } catch (error) {
        failing = true;
        onError(error);
      }
      if (!stopped) again();
    }, REFRESH_MS);
  };
  again();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
