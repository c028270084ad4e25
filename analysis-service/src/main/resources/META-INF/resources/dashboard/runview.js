// One run's view, "/projects/{project}/runs/{run}?pipeline=&attempt=&job=": its verdict (did this run break
// something?): the gate, how many failures of each class, the run's rate against the default branch, and its failures
// grouped by class, new ones first, each with its history. Data: the verdict API; while the run is running the view
// re-reads it, since the verdict so far changes as outcomes arrive.
import { ApiError, getJson } from './api.js';
import { cell, count, element, pct } from './format.js';
import { historyToggle } from './history.js';
import { every } from './poll.js';

const REFRESH_MS = 5000;
const COLUMNS = 4;

/** The verdict's classes in the order a reader needs them: what this run broke first. */
const CLASSES = [
  { key: 'new', title: 'New failures', help: 'not failing on the default branch recently, not known flaky, not quarantined' },
  { key: 'failing_on_default_branch', title: 'Failing on the default branch too', help: 'failing there as well, not caused by this change' },
  { key: 'known_flaky', title: 'Known flaky', help: 'flaky by the evidence: same commit, retries or the producer\'s mark' },
  { key: 'quarantined', title: 'Quarantined', help: 'muted when it ran' },
  { key: 'infra', title: 'Infrastructure', help: 'collapsed as one infrastructure incident' },
];

/** The run as the route names it; project decoded, the rest from the path and the query. */
export function parseRunPath(path, search) {
  const m = /^\/projects\/([^/]+)\/runs\/([^/]+)$/.exec(path);
  if (!m) return null;
  const params = new URLSearchParams(search);
  return { project: decodeURIComponent(m[1]), runId: decodeURIComponent(m[2]), pipeline: params.get('pipeline') || undefined,
    attempt: params.get('attempt') || undefined, job: params.get('job') || undefined };
}

/**
 * The verdict, or null when the API has none for the run (404: not known, or an analysis-service without the verdict
 * API). A gate that failed may be answered with a status of its own: a body that is a verdict is taken whatever the status.
 */
async function readVerdict(run) {
  const path = `/api/v1/projects/${encodeURIComponent(run.project)}/runs/${encodeURIComponent(run.runId)}/verdict`;
  try {
    return await getJson(path, { pipeline: run.pipeline, attempt: run.attempt, job: run.job });
  } catch (error) {
    if (error instanceof ApiError && error.body && error.body.gate) return error.body;
    if (error instanceof ApiError && error.status === 404) return { missing: error.message };
    throw error;
  }
}

function runTitle(run) {
  return `${run.pipeline ? `${run.pipeline} · ` : ''}${run.runId}${run.attempt ? `.${run.attempt}` : ''}${run.job ? ` · ${run.job}` : ''}`;
}

const rateText = (r) => (r ? `${pct(r.rate)} (${count(r.passed)} / ${count(r.total)}, 95%: ${pct(r.low)} – ${pct(r.high)})` : '—');

function renderGate(section, verdict) {
  const gate = verdict.gate;
  const heading = element('h2', gate.passed ? 'Gate passed' : 'Gate failed', gate.passed ? 'good' : 'bad');
  heading.id = 'gate-heading';
  const failOn = (gate.fail_on || []).join(', ') || 'nothing';
  const said = verdict.state === 'running' ? 'so far: the run is still running (re-read every 5 s)' : 'the run finished';
  section.replaceChildren(heading,
    element('p', `${count(gate.failing)} failure(s) of a class that fails the gate (${failOn}); ${said}.`));
  const dl = element('dl', undefined, 'figures');
  dl.id = 'verdict-counts';
  CLASSES.forEach((c) => {
    const div = element('div');
    div.dataset.class = c.key;
    div.append(element('dt', c.title), element('dd', count(verdict.counts[c.key] || 0)));
    dl.append(div);
  });
  const rate = element('dl', undefined, 'figures');
  rate.id = 'verdict-rate';
  const add = (term, value) => {
    const div = element('div');
    div.append(element('dt', term), element('dd', value));
    rate.append(div);
  };
  add('This run', rateText(verdict.rate.run));
  add(`Default branch (${verdict.default_branch})`, verdict.rate.default_branch ? rateText(verdict.rate.default_branch) : 'no runs counted');
  section.append(dl, rate);
}

/** Evidence as "key: value" pairs: whatever the verdict API says backs the class (a rate, a commit, a mark). */
function evidenceText(evidence) {
  if (!evidence || typeof evidence !== 'object') return '';
  return Object.entries(evidence).map(([k, v]) => `${k.replaceAll('_', ' ')}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('; ');
}

function renderFailures(holder, project, failures) {
  holder.replaceChildren();
  if (!failures.length) {
    holder.append(element('p', 'No test failed in this run.', 'muted'));
    return;
  }
  CLASSES.forEach((c) => {
    const ofClass = failures.filter((f) => f.verdict === c.key);
    if (!ofClass.length) return;
    const section = element('section');
    section.className = 'verdict-class';
    section.dataset.class = c.key;
    const heading = element('h2', `${c.title} (${count(ofClass.length)})`);
    heading.id = `class-${c.key}`;
    section.setAttribute('aria-labelledby', heading.id);
    const table = element('table');
    table.append(element('caption', c.help));
    const head = table.createTHead().insertRow();
    ['Test', 'Suite', 'Message', 'Evidence'].forEach((h) => {
      const th = element('th', h);
      th.scope = 'col';
      head.append(th);
    });
    const tbody = table.createTBody();
    ofClass.forEach((f) => {
      const row = tbody.insertRow();
      row.dataset.test = f.class ? `${f.class}.${f.name}` : f.name;
      cell(row, row.dataset.test, { header: true });
      cell(row, f.suite);
      cell(row, element('span', f.message || '', 'message'));
      cell(row, evidenceText(f.evidence));
      historyToggle(row, project, f, COLUMNS);
    });
    const scroll = element('div', undefined, 'scroll');
    scroll.append(table);
    section.append(heading, scroll);
    holder.append(section);
  });
}

/**
 * Draws the run's view into {@code view} from the template; returns a function that stops the re-reading of a
 * running run. A run without a verdict (404) still gets its page, saying so, with the way back to the project.
 */
export async function renderRun(view, run, { onError }) {
  view.replaceChildren(document.getElementById('run-template').content.cloneNode(true));
  document.getElementById('run-title').textContent = runTitle(run);
  const back = document.getElementById('run-back');
  back.href = `/projects/${encodeURIComponent(run.project)}`;
  const gate = document.getElementById('gate');
  const failures = document.getElementById('verdict-failures');
  let shown; // the failures drawn: redrawn only when they changed, so a history opened under one stays open
  const draw = (verdict) => {
    if (verdict.missing !== undefined) {
      const heading = element('h2', 'No verdict for this run');
      heading.id = 'gate-heading';
      gate.replaceChildren(heading, element('p', `The API has no verdict for it (${verdict.missing}): the run is unknown, `
        + 'or this analysis-service does not answer verdicts yet.'));
      failures.replaceChildren();
      return false;
    }
    document.getElementById('run-state').textContent = verdict.state;
    renderGate(gate, verdict);
    const now = JSON.stringify(verdict.failures || []);
    if (now !== shown) renderFailures(failures, run.project, verdict.failures || []);
    shown = now;
    return verdict.state === 'running';
  };
  if (!draw(await readVerdict(run))) return () => {};
  return every(REFRESH_MS, async () => draw(await readVerdict(run)), onError);
}
