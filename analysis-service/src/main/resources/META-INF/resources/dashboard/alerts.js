// The firing alerts of a project as a list that follows the live stream: a fired event adds (or updates) its series,
// a resolved event moves it to "resolved while this page was open". Series are told apart by their fingerprint.
import { element, pct, when } from './format.js';

/** One shape for both sources: a row of GET /api/v1/alerts?state=firing and the data of a CloudEvent. */
export function fromFiring(a) {
  return { fingerprint: a.fingerprint, kind: a.kind, severity: a.severity, labels: a.labels || {}, since: a.starts_at,
    value: a.value, summary: null };
}

export function fromEvent(event) {
  const d = event.data || {};
  return { fingerprint: d.fingerprint || event.subject, kind: d.rule?.kind, severity: d.rule?.severity,
    labels: d.labels || {}, since: d.starts_at, value: d.value, summary: d.summary, status: d.status,
    resolved: event.type === 'dev.testpulse.alert.resolved', endsAt: d.ends_at };
}

export class AlertList {
  constructor({ list, empty, resolvedList, resolvedBox }) {
    Object.assign(this, { list, empty, resolvedList, resolvedBox });
  }

  /**
   * Shows exactly these firing alerts (at load and after a reconnect, when events may have been missed); one that was
   * shown and fires no more resolved meanwhile.
   */
  reset(alerts) {
    const firing = new Set(alerts.map((a) => a.fingerprint));
    [...this.list.children].filter((li) => !firing.has(li.dataset.fingerprint)).forEach((li) => this.resolved(li));
    this.list.replaceChildren(...alerts.map((a) => this.item(a)));
    this.refresh();
  }

  resolved(li) {
    li.classList.add('resolved');
    li.querySelector('.severity').textContent = 'resolved';
    this.resolvedList.prepend(li);
    this.resolvedBox.hidden = false;
  }

  /** Applies one CloudEvent from the stream. */
  apply(event) {
    const alert = fromEvent(event);
    const existing = this.find(alert.fingerprint);
    if (alert.resolved) {
      existing?.remove();
      this.resolved(this.item(alert));
    } else if (existing) {
      existing.replaceWith(this.item(alert));
    } else {
      this.list.prepend(this.item(alert));
    }
    this.refresh();
  }

  find(fingerprint) {
    return [...this.list.children].find((li) => li.dataset.fingerprint === fingerprint);
  }

  refresh() {
    this.empty.hidden = this.list.children.length > 0;
  }

  item(a) {
    const li = element('li', undefined, `alert severity-${a.severity || 'unknown'}`);
    li.dataset.fingerprint = a.fingerprint;
    const scope = Object.entries(a.labels).filter(([k]) => k !== 'project').map(([k, v]) => `${k} ${v}`).join(', ');
    li.append(element('strong', a.resolved ? 'resolved' : (a.severity || 'alert'), 'severity'),
      element('span', ` ${a.kind || ''}`, 'kind'),
      element('span', scope ? ` · ${scope}` : '', 'scope'));
    if (a.value !== null && a.value !== undefined && a.kind !== 'critical_failed') {
      li.append(element('span', ` · ${pct(a.value)}`, 'value'));
    }
    if (a.summary) li.append(element('div', a.summary, 'summary'));
    li.append(element('div', a.resolved ? `resolved ${when(a.endsAt)}` : `since ${when(a.since)}`, 'muted'));
    return li;
  }
}
