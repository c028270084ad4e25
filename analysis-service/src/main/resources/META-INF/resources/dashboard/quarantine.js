// The project page's quarantine: the tests that are muted or skipped, with why, since, until and the rule's evidence;
// a Release button on each and a Mute form (also filled from a flaky test's Mute button). Writes need the admin token
// or the project's token: the API answers 401/403 otherwise, and the page says so.

import { getJson, putJson } from './api.js';
import { cell, element, when } from './format.js';

const testName = (t) => (t.class ? `${t.class}.${t.name}` : t.name);

/** Shows the list in #quarantine and wires the form; onChange re-renders after a write. */
export async function renderQuarantine(project, { onChange, say }) {
  const base = `/api/v1/projects/${encodeURIComponent(project)}/quarantine`;
  const list = await getJson(base);
  const tbody = document.querySelector('#quarantine tbody');
  tbody.replaceChildren();
  if (!list.tests.length) cell(tbody.insertRow(), 'No test is muted or skipped.').colSpan = 8;
  list.tests.forEach((t) => {
    const row = tbody.insertRow();
    cell(row, testName(t), { header: true });
    cell(row, t.suite);
    cell(row, element('span', t.state, t.state === 'skipped' ? 'bad' : ''));
    cell(row, `${t.reason} (${t.by})`);
    cell(row, when(t.since));
    cell(row, when(t.until));
    cell(row, t.evidence || '—');
    const release = element('button', 'Release');
    release.type = 'button';
    release.addEventListener('click', () => write(base, { suite: t.suite, class: t.class, name: t.name, state: 'enabled',
      reason: 'released from the dashboard' }, onChange, say));
    cell(row, release);
  });
  const form = document.getElementById('mute-form');
  form.onsubmit = (e) => { // a property, not a listener: each re-render would add one more
    e.preventDefault();
    write(base, { suite: form.suite.value, class: form.class.value || undefined, name: form.name.value, state: form.state.value,
      reason: form.reason.value, until: form.until.value ? new Date(form.until.value).toISOString() : undefined }, onChange, say);
  };
}

/** Fills the Mute form with a test (a flaky test's Mute button) and moves the focus to its reason. */
export function prefillMute(t) {
  const form = document.getElementById('mute-form');
  form.suite.value = t.suite;
  form.class.value = t.class || '';
  form.name.value = t.name;
  form.state.value = 'muted';
  form.reason.focus();
}

async function write(base, body, onChange, say) {
  try {
    await putJson(base, body);
    say('');
    await onChange();
  } catch (error) {
    say(`Not changed: ${error.message}`);
  }
}
