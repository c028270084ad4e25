// Reads of the REST API and the alert stream. Where reads need a token (testpulse.auth.read=token) the token the user
// typed is kept in sessionStorage (this tab only) and sent as a header, never in a URL, so it stays out of access logs.

const TOKEN_KEY = 'testpulse.token';

/** Thrown when the API answers 401: the page asks for a token and tries again. */
export class NeedsToken extends Error {}

/** Any other answer that is not 2xx, with the problem's detail when the API sent one, and the JSON body it sent. */
export class ApiError extends Error {
  constructor(status, detail, body) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value.trim()),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

function headers(accept) {
  const h = { Accept: accept };
  const t = token.get();
  if (t) h.Authorization = `Bearer ${t}`;
  return h;
}

async function failure(response) {
  if (response.status === 401) return new NeedsToken();
  let body;
  try {
    body = await response.json();
  } catch (ignored) {
    // not JSON: the status says enough
  }
  return new ApiError(response.status, body && body.detail, body);
}

/** GET a JSON document of the API; path and query as given (the caller encodes path segments). */
export async function getJson(path, query = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const url = params.size ? `${path}?${params}` : path;
  const response = await fetch(url, { headers: headers('application/json') });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** PUT a JSON document; answers the JSON the API returns, or throws NeedsToken / ApiError (with the problem's detail). */
export async function putJson(path, body) {
  const h = headers('application/json');
  h['Content-Type'] = 'application/json';
  const response = await fetch(path, { method: 'PUT', headers: h, body: JSON.stringify(body) });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/**
 * Follows /api/v1/alerts/stream with fetch and a stream reader (EventSource cannot send a header) and calls onEvent with
 * each CloudEvent. Reconnects with a growing pause when the stream ends; onState hears 'live', 'reconnecting' or an
 * error. Returns a function that stops it.
 */
export function followAlerts(project, { onEvent, onState, onReconnect }) {
  const controller = new AbortController();
  let pause = 1000;
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const query = project ? `?project=${encodeURIComponent(project)}` : '';
        const response = await fetch(`/api/v1/alerts/stream${query}`,
          { headers: headers('text/event-stream'), signal: controller.signal });
        if (!response.ok) throw await failure(response);
        onState('live');
        if (pause > 1000) onReconnect();
        pause = 1000;
        await readEvents(response.body, onEvent);
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof NeedsToken) {
          onState(error);
          return;
        }
      }
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 30000);
    }
  };
  run();
  return () => controller.abort();
}

/** Splits a text/event-stream into events (RFC: fields up to a blank line; data lines joined by newlines). */
async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (data.length) dispatch(data.join('\n'), onEvent);
        data = [];
      } else if (line.startsWith('data:')) {
        data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      }
      // id:, event:, retry: and comments need nothing here: each data is a whole CloudEvent with its own id
    }
  }
}

function dispatch(text, onEvent) {
  try {
    onEvent(JSON.parse(text));
  } catch (error) {
    console.warn('testpulse: an alert event that is not JSON was skipped', error);
  }
}
