import { EventSourceParserStream } from 'eventsource-parser/stream';
import { accessToken } from './auth.js';

/** A problem+json answer (docs/api.md#errors), or a failure without one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function headers(extra = {}) {
  const token = await accessToken();
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

/** A call to the public API, as the signed-in principal. */
export async function api(path, { method = 'GET', body } = {}) {
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers: await headers(body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }

  return json;
}

/** As api, but null for a 404 (an optional part, such as a confirm's policy or a plan's execution). */
export async function optional(path) {
  try {
    return await api(path);
  } catch (e) {
    if (e.status === 404) {
      return null;
    }

    throw e;
  }
}

/**
 * A context's event log, live (docs/streaming.md). EventSource cannot send a bearer token, so the
 * stream is read with fetch; a dropped connection resumes after the last event seen (Last-Event-ID):
 * nothing missed, nothing repeated. A refusal (4xx) ends it. Returns a function that stops it.
 */
export function streamEvents(contextId, params, onEvent, onState) {
  const stop = new AbortController();
  const url = `/api/v1/contexts/${contextId}/events/stream?${new URLSearchParams(params)}`;
  let lastId = null;
  (async () => {
    while (!stop.signal.aborted) {
      try {
        const extra = { Accept: 'text/event-stream' };
        if (lastId !== null) {
          extra['Last-Event-ID'] = lastId;
        }

        const response = await fetch(url, { headers: await headers(extra), signal: stop.signal });
        if (!response.ok) {
          const problem = await response.json().catch(() => null);
          if (response.status < 500) {
            onState('refused', new ApiError(response.status, problem).message);
            return;
          }

          throw new ApiError(response.status, problem);
        }

        onState('live');
        const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            break;
          }

          lastId = value.id ?? lastId;
          onEvent(JSON.parse(value.data), Number(value.id));
        }
      } catch (e) {
        if (stop.signal.aborted) {
          return;
        }

        onState('reconnecting', e.message);
      }

      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  })();
  return () => stop.abort();
}

/** The collection of a module name (a confirm's target_type). */
export const collectionOf = type => ({ context: 'contexts', plan: 'plans', trace: 'traces', extension: 'extensions' })[type] ?? `${type}s`;
