// The dashboard: "/" lists every project, "/projects/{project}?window=&branch=" shows one. All data comes from the
// REST API; nothing here computes a rate, it only shows what the API answered.
import { ApiError, NeedsToken, followAlerts, getJson, token } from './api.js';
import { AlertList, fromFiring } from './alerts.js';
import { followRuns } from './runs.js';
import { parseRunPath, renderRun } from './runview.js';
import { historyToggle } from './history.js';
import { prefillMute, renderQuarantine } from './quarantine.js';
import { sparkline, trendChart } from './charts.js';
import { cell, count, element, interval, milliseconds, pct, pp, rateBadge, when } from './format.js';

const view = document.getElementById('view');
const status = document.getElementById('status');
const tokenForm = document.getElementById('token-form');
const forget = document.getElementById('forget-token');
let stopStream = () => {};

/** How far back a trend reaches for a window, and in which steps (the trend API is by time, not by runs). */
function trendRange(windowText) {
  const m = /^(\d+)([mhd])$/.exec(windowText || '');
  const hours = m ? Number(m[1]) * { m: 1 / 60, h: 1, d: 24 }[m[2]] : 24 * 7;
  const span = Math.min(Math.max(hours, 1), 24 * 30);
  const step = span <= 48 ? '1h' : span <= 24 * 14 ? '6h' : '1d';
  const now = Date.now();
  return { from: new Date(now - span * 3600 * 1000).toISOString(), to: new Date(now).toISOString(), step,
    label: m ? windowText : '7 days' };
}

function say(text) {
  status.textContent = text;
}

async function render() {
  stopStream();
  tokenForm.hidden = true;
  forget.hidden = !token.get();
  say('Loading…');
  try {
    const path = location.pathname;
    const run = parseRunPath(path, location.search);
    if (run) await renderRunPage(run);
    else if (path.startsWith('/projects/')) await renderProject(decodeURIComponent(path.slice('/projects/'.length)));
    else await renderOverview();
    say('');
  } catch (error) {
    stopStream();
    if (error instanceof NeedsToken) {
      view.replaceChildren();
      say(token.get() ? 'That token was not accepted.' : '');
      tokenForm.hidden = false;
      document.getElementById('token').focus();
    } else if (error instanceof ApiError) {
      say(error.status === 403 ? `This token may not read this project (${error.message}).`
        : error.status === 404 ? `Not found: ${error.message}`
          : error.status === 503 ? 'analysis-service is not ready yet; reload in a few seconds.'
            : `The API answered ${error.status}: ${error.message}`);
    } else {
      say(`Something went wrong: ${error.message}`);
      throw error;
    }
  }
}

/** Projects › project › run: every level but the current one is a link. */
function crumbs(project, run) {
  const ol = document.getElementById('crumbs');
  const link = (text, href) => {
    const a = element('a', text);
    a.href = href;
    const li = element('li');
    li.append(a);
    return li;
  };
  const current = (text) => {
    const li = element('li', text);
    li.setAttribute('aria-current', 'page');
    return li;
  };
  const items = [link('Projects', '/')];
  if (project && run) items.push(link(project, `/projects/${encodeURIComponent(project)}`), current(`run ${run}`));
  else if (project) items.push(current(project));
  ol.replaceChildren(...items);
}

async function renderRunPage(run) {
  crumbs(run.project, run.runId);
  document.title = `testpulse · ${run.project} · run ${run.runId}`;
  stopStream = await renderRun(view, run, { onError: (error) => say(error ? `The verdict could not be re-read: ${error.message}` : '') });
}

async function renderOverview() {
  crumbs(null);
  document.title = 'testpulse · projects';
  const params = new URLSearchParams(location.search);
  const windowText = params.get('window') || undefined;
  const projects = await getJson('/api/v1/projects');
  const firing = await getJson('/api/v1/alerts', { state: 'firing' });
  view.replaceChildren(document.getElementById('overview-template').content.cloneNode(true));
  const filter = document.getElementById('overview-filter');
  filter.window.value = windowText || '';
  filter.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(`/${query({ window: filter.window.value })}`);
  });
  const tbody = view.querySelector('#projects tbody');
  if (!projects.length) {
    const row = tbody.insertRow();
    cell(row, 'No project has sent results yet.').colSpan = 9;
  }
  const range = trendRange(windowText);
  await Promise.all(projects.map(async (project) => {
    const row = tbody.insertRow();
    row.dataset.project = project;
    const link = element('a', project);
    link.href = `/projects/${encodeURIComponent(project)}${query({ window: windowText })}`;
    cell(row, link, { header: true });
    const [summary, trend] = await Promise.all([
      getJson(`/api/v1/projects/${encodeURIComponent(project)}/summary`, { window: windowText }),
      getJson(`/api/v1/projects/${encodeURIComponent(project)}/trend`, { from: range.from, step: range.step })]);
    const rate = summary.overall.rate;
    cell(row, rateBadge(rate.success_rate, summary.overall.target), { num: true });
    cell(row, `${count(rate.passed)} / ${count(rate.executed)}`, { num: true });
    cell(row, count(rate.failed), { num: true });
    cell(row, count(rate.error), { num: true });
    cell(row, count(rate.skipped), { num: true });
    cell(row, interval(rate.interval), { num: true });
    sparkline(cell(row, ''), trend.points);
    cell(row, String(firing.filter((a) => a.project === project).length), { num: true }).className = 'num firing-count';
  }));
  stopStream = followAlerts(null, {
    onEvent: () => refreshFiringCounts(tbody),
    onState: () => {},
    onReconnect: () => refreshFiringCounts(tbody),
  });
}

async function refreshFiringCounts(tbody) {
  const firing = await getJson('/api/v1/alerts', { state: 'firing' });
  tbody.querySelectorAll('tr[data-project]').forEach((row) => {
    row.querySelector('.firing-count').textContent = String(firing.filter((a) => a.project === row.dataset.project).length);
  });
}

function query(values) {
  const params = new URLSearchParams(Object.entries(values).filter(([, v]) => v));
  return params.size ? `?${params}` : '';
}

async function renderProject(project) {
  crumbs(project);
  document.title = `testpulse · ${project}`;
  const params = new URLSearchParams(location.search);
  const windowText = params.get('window') || undefined;
  const branch = params.get('branch') || undefined;
  const base = `/api/v1/projects/${encodeURIComponent(project)}`;
  const scope = { window: windowText, branch };
  const [summary, failures, flaky, critical, firing, durations] = await Promise.all([
    getJson(`${base}/summary`, scope), getJson(`${base}/failures`, scope), getJson(`${base}/flaky`, scope),
    getJson(`${base}/critical`, scope), getJson('/api/v1/alerts', { state: 'firing', project }),
    getJson(`${base}/durations`, { ...scope, limit: 20 })]);

  view.replaceChildren(document.getElementById('project-template').content.cloneNode(true));
  document.getElementById('project-title').textContent = project;
  const filter = document.getElementById('project-filter');
  filter.window.value = windowText || '';
  filter.branch.value = branch || '';
  filter.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(`/projects/${encodeURIComponent(project)}${query({ window: filter.window.value, branch: filter.branch.value })}`);
  });

  const alerts = new AlertList({ list: document.getElementById('alerts'), empty: document.getElementById('no-alerts'),
    resolvedList: document.getElementById('resolved'), resolvedBox: document.getElementById('resolved-box') });
  alerts.reset(firing.map(fromFiring));
  const liveState = document.getElementById('live-state');
  const quarantine = () => renderQuarantine(project, { onChange: quarantine, say });
  // the stream carries the quarantine's events too (dev.testpulse.test.*): they re-read the list, they are no alerts
  const stopAlerts = followAlerts(project, {
    onEvent: (event) => (String(event.type).startsWith('dev.testpulse.test.') ? quarantine().catch(() => {}) : alerts.apply(event)),
    onState: (state) => { liveState.textContent = typeof state === 'string' ? state : 'stream refused'; },
    onReconnect: async () => alerts.reset((await getJson('/api/v1/alerts', { state: 'firing', project })).map(fromFiring)),
  });
  stopStream = stopAlerts;
  const stopRuns = await followRuns(project, document.getElementById('runs'),
    (error) => say(error ? `Runs could not be re-read: ${error.message}` : ''));
  stopStream = () => {
    stopAlerts();
    stopRuns();
  };

  renderOverall(summary);
  renderSuites(summary);
  renderFailures(failures.groups);
  renderFlaky(project, flaky.tests);
  await quarantine();
  renderCritical(project, critical.tests);
  renderSlowest(project, durations.slowest);
  await renderTrends(project, summary, branch, windowText);
}

function renderOverall(summary) {
  const o = summary.overall;
  const section = document.getElementById('overall');
  const heading = element('h2', `Overall · ${summary.window}${summary.branch ? ` · ${summary.branch}` : ''}`);
  heading.id = 'overall-heading';
  section.append(heading);
  const dl = element('dl', undefined, 'figures');
  const add = (term, value) => {
    const div = element('div');
    div.append(element('dt', term), element('dd', value));
    dl.append(div);
  };
  const rateDd = element('dd', undefined, 'big');
  rateDd.append(rateBadge(o.rate.success_rate, o.target));
  const rateDiv = element('div');
  rateDiv.append(element('dt', 'Success rate'), rateDd);
  dl.append(rateDiv);
  add('Passed / executed', `${count(o.rate.passed)} / ${count(o.rate.executed)}`);
  add('Failed · errors · skipped', `${count(o.rate.failed)} · ${count(o.rate.error)} · ${count(o.rate.skipped)}`);
  add('95% interval', interval(o.rate.interval));
  add('Baseline', o.baseline ? pct(o.baseline.rate) : 'not set');
  add('Δ to baseline', o.delta_pp === null || o.delta_pp === undefined ? '—'
    : `${pp(o.delta_pp)}${o.comparison ? ` (${o.comparison.verdict})` : ''}`);
  add('Target', o.target ? pct(o.target.rate) : 'not set');
  if (summary.muted && summary.muted.failures > 0) {
    // counted in the rate above: said so, with the rate they would leave, so a quarantine never flatters the number
    add('Muted failures', `${count(summary.muted.failures)} (without them ${pct(summary.muted.success_rate_without)})`);
  }
  add('Target attainment', o.attainment_pct === null || o.attainment_pct === undefined ? '—' : `${o.attainment_pct.toFixed(1)}%`);
  section.append(dl);
}

/** Suites worst first: lowest rate, then most failures and errors; a suite with nothing executed last. */
function worstFirst(suites) {
  const rate = (s) => (s.rate.success_rate === null || s.rate.success_rate === undefined ? 2 : s.rate.success_rate);
  return [...suites].sort((a, b) => rate(a) - rate(b) || (b.rate.failed + b.rate.error) - (a.rate.failed + a.rate.error));
}

function renderSuites(summary) {
  const tbody = document.querySelector('#suites tbody');
  if (!summary.suites.length) cell(tbody.insertRow(), 'No suite in this window.').colSpan = 11;
  worstFirst(summary.suites).forEach((s) => {
    const row = tbody.insertRow();
    row.dataset.suite = s.suite;
    cell(row, s.suite, { header: true });
    cell(row, rateBadge(s.rate.success_rate, s.target), { num: true });
    cell(row, `${count(s.rate.passed)} / ${count(s.rate.executed)}`, { num: true });
    cell(row, count(s.rate.failed), { num: true });
    cell(row, count(s.rate.error), { num: true });
    cell(row, count(s.rate.skipped), { num: true });
    cell(row, interval(s.rate.interval), { num: true });
    cell(row, s.baseline ? pct(s.baseline.rate) : '—', { num: true });
    cell(row, pp(s.delta_pp), { num: true });
    cell(row, s.target ? pct(s.target.rate) : '—', { num: true });
    cell(row, s.attainment_pct === null || s.attainment_pct === undefined ? '—' : `${s.attainment_pct.toFixed(1)}%`, { num: true });
  });
}

/** The project's trend, then each suite's, worst first; at most 12 suites so a large project stays quick to open. */
async function renderTrends(project, summary, branch, windowText) {
  const range = trendRange(windowText);
  document.getElementById('trend-range').textContent = `Last ${range.label} in ${range.step} steps; the band is the 95% Wilson interval.`;
  const charts = document.getElementById('charts');
  const base = `/api/v1/projects/${encodeURIComponent(project)}/trend`;
  const scopes = [{ title: 'All suites', suite: undefined, standing: summary.overall },
    ...worstFirst(summary.suites).slice(0, 12).map((s) => ({ title: s.suite, suite: s.suite, standing: s }))];
  const series = await Promise.all(scopes.map((s) => getJson(base,
    { suite: s.suite, branch, from: range.from, to: range.to, step: range.step })));
  scopes.forEach((s, i) => trendChart(charts, { title: s.title, points: series[i].points, from: range.from,
    to: range.to, target: s.standing.target, baseline: s.standing.baseline }));
}

function testName(t) {
  return t.class ? `${t.class}.${t.name}` : t.name;
}

function empty(tbody, text, columns) {
  cell(tbody.insertRow(), text).colSpan = columns;
}

function renderFailures(groups) {
  const tbody = document.querySelector('#failures tbody');
  if (!groups.length) empty(tbody, 'No failures in this window.', 7);
  groups.forEach((g) => {
    const row = tbody.insertRow();
    const cause = element('div');
    // the normalised message groups failures; a real one (and a test it hit) is what a reader recognises
    cause.append(element('code', g.type || 'failure'), element('div', g.example_message || g.message || '', 'message'));
    if (g.example_test) cause.append(element('div', `e.g. ${g.example_test}`, 'message'));
    cell(row, cause, { header: true });
    cell(row, count(g.failures), { num: true });
    cell(row, count(g.tests_hit), { num: true });
    cell(row, (g.suites || []).join(', '));
    cell(row, g.projected_rate_pct === null || g.projected_rate_pct === undefined ? '—' : `${g.projected_rate_pct.toFixed(1)}%`, { num: true });
    cell(row, pp(g.gain_pp), { num: true });
    cell(row, when(g.last_seen));
  });
}

function renderFlaky(project, tests) {
  const tbody = document.querySelector('#flaky tbody');
  if (!tests.length) empty(tbody, 'No flaky test in this window.', 5);
  tests.forEach((t) => {
    const row = tbody.insertRow();
    cell(row, testName(t), { header: true });
    cell(row, t.suite);
    cell(row, t.flake_rate_pct === null || t.flake_rate_pct === undefined ? '—' : `${t.flake_rate_pct.toFixed(1)}%`, { num: true });
    cell(row, `${count(t.flaky_commits)} / ${count(t.commits_seen)}`, { num: true });
    cell(row, when(t.last_flake));
    historyToggle(row, project, t, 5);
    const mute = element('button', 'Mute');
    mute.type = 'button';
    mute.addEventListener('click', () => prefillMute(t));
    row.cells[0].append(' ', mute);
  });
}

function renderCritical(project, tests) {
  const tbody = document.querySelector('#critical tbody');
  if (!tests.length) empty(tbody, 'No critical test ran in this window.', 5);
  tests.forEach((t) => {
    const row = tbody.insertRow();
    cell(row, testName(t), { header: true });
    cell(row, t.suite);
    cell(row, element('span', t.last_status || '—', t.last_status === 'passed' ? 'good' : t.last_status ? 'bad' : ''));
    cell(row, `${count(t.failures)} / ${count(t.executions)}`, { num: true });
    cell(row, t.last_failure ? `${when(t.last_failure)}: ${t.last_failure_message || ''}` : '—');
    historyToggle(row, project, t, 5);
  });
}

function renderSlowest(project, tests) {
  const tbody = document.querySelector('#slowest tbody');
  if (!tests.length) empty(tbody, 'No test ran in this window.', 6);
  tests.forEach((t) => {
    const row = tbody.insertRow();
    cell(row, testName(t), { header: true });
    cell(row, t.suite);
    cell(row, milliseconds(t.p50_ms), { num: true });
    cell(row, milliseconds(t.p95_ms), { num: true });
    cell(row, milliseconds(t.max_ms), { num: true });
    cell(row, count(t.executions), { num: true });
    historyToggle(row, project, t, 6);
  });
}

function navigate(url) {
  history.pushState(null, '', url);
  render();
}

tokenForm.addEventListener('submit', (e) => {
  e.preventDefault();
  token.set(tokenForm.token.value);
  tokenForm.token.value = '';
  render();
});
forget.addEventListener('click', () => {
  token.clear();
  render();
});
window.addEventListener('popstate', render);
// uPlot is a deferred classic script; module scripts run after it, so it is defined here.
render();
