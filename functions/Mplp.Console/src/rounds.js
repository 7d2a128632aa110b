import { api } from './api.js';

/** Every event of a context's log, oldest first, page by page. */
export async function eventLog(contextId) {
  const events = [];
  let cursor = null;
  do {
    const page = await api(`/contexts/${contextId}/events?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    events.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return events;
}

/**
 * Whether the confirm may be past its first round: a round ends in a rejection (a decision, or a
 * policy's timeout) before a resubmission starts the next. Only then is the log worth reading.
 */
export const mayBeLaterRound = (confirm, policy) => confirm.decisions.some(d => d.status === 'rejected') || Boolean(policy?.timeout_seconds);

/**
 * What changed in a plan since the previous approval round of its confirm, from the context's event
 * log (the API keeps no earlier version of a plan): a round starts when the confirm is created and
 * at each resubmission (`confirm.updated` from rejected to pending, which logs with or without a
 * policy, unlike `confirm.approval.requested`). The log names changed fields only (`plan.updated`'s
 * `changed`), not their values, so the answer is field names: null in the first round, else the
 * fields changed since the previous round started (empty: unchanged).
 */
export function changesSincePreviousRound(events, confirmId, planId) {
  const starts = events.flatMap((e, i) => (e.data?.confirm_id === confirmId && (e.event_type === 'confirm.created'
    || (e.event_type === 'confirm.updated' && e.data.status_from === 'rejected' && e.data.status_to === 'pending')) ? [i] : []));
  if (starts.length < 2) {
    return null;
  }

  const changed = events.slice(starts.at(-2) + 1)
    .filter(e => e.event_type === 'plan.updated' && e.data?.plan_id === planId)
    .flatMap(e => e.data.changed ?? []);
  return [...new Set(changed)].sort();
}
