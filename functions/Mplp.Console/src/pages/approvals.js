import { LitElement, html } from 'lit';
import { api, collectionOf, optional } from '../api.js';
import '../plan-graph.js';
import { changesSincePreviousRound, eventLog, mayBeLaterRound } from '../rounds.js';

/**
 * The approvals inbox: pending confirms, with what the signed-in principal may decide on each as
 * the API answers it (GET /confirms/{id}/decision-options: the checks of a decision, made without
 * one). Only those decisions are offered; the rest are listed with the reason.
 */
class Approvals extends LitElement {
  static properties = { items: { state: true }, error: { state: true }, notice: { state: true }, busy: { state: true } };

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      // A principal whose roles hold only in some contexts lists one of them (?context_id=, as the API wants).
      const context = new URLSearchParams(location.search).get('context_id');
      const page = await api(`/confirms?status=pending&limit=200${context ? `&context_id=${encodeURIComponent(context)}` : ''}`);
      // One read of a context's log serves every confirm in it.
      const logs = new Map();
      const logOf = contextId => logs.get(contextId) ?? logs.set(contextId, eventLog(contextId).catch(() => null)).get(contextId);
      const items = await Promise.all(page.items.map(confirm => this.details(confirm, logOf)));
      // The newest request first: that is what someone opening the inbox came for.
      this.items = items.sort((a, b) => b.confirm.requested_at.localeCompare(a.confirm.requested_at));
      this.error = null;
    } catch (e) {
      this.error = e.message;
    }
  }

  async details(confirm, logOf) {
    const id = confirm.confirm_id;
    // A tool-call approval (target_type other) has no object to read: the confirm carries the action.
    const other = confirm.target_type === 'other';
    const [options, policy, target] = await Promise.all([
      api(`/confirms/${id}/decision-options`),
      optional(`/confirms/${id}/policy`),
      other ? null : api(`/${collectionOf(confirm.target_type)}/${confirm.target_id}`).catch(() => null),
    ]);
    const action = other ? confirm.trace?.attributes?.action ?? null : null;
    const contextId = other ? confirm.trace?.context_id : target?.context_id;
    // The log is readable with trace:read only; without it the card says nothing of rounds.
    const log = confirm.target_type === 'plan' && target && mayBeLaterRound(confirm, policy) ? await logOf(target.context_id) : null;
    const changes = log ? changesSincePreviousRound(log, id, confirm.target_id) : null;
    return { confirm, options, policy, target, action, contextId, changes };
  }

  async decide(item, status, form) {
    const data = new FormData(form);
    const role = data.get('role') || item.options.roles[0];
    this.busy = item.confirm.confirm_id;
    try {
      await api(`/confirms/${item.confirm.confirm_id}/decisions`, {
        method: 'POST',
        body: { status, reason: data.get('reason') || undefined, decided_by_role: role || undefined },
      });
      this.notice = `Your ${status === 'approved' ? 'approval' : 'rejection'} of ${this.titleOf(item)} was recorded.`;
      await this.load();
    } catch (e) {
      this.notice = `Not recorded: ${e.message}`;
    } finally {
      this.busy = null;
    }
  }

  render() {
    const items = this.items ?? [];
    const mine = items.filter(i => this.offered(i).length > 0);
    const others = items.filter(i => this.offered(i).length === 0);
    return html`
      <h1 tabindex="-1">Approvals</h1>
      <p role="status" class="notice">${this.notice ?? ''}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.items === undefined ? html`<p>Loading…</p>` : html`
        <section aria-labelledby="yours">
          <h2 id="yours">Waiting for your decision (${mine.length})</h2>
          ${mine.length ? mine.map(i => this.card(i)) : html`<p>Nothing waits for you.</p>`}
        </section>
        ${others.length ? html`
          <section aria-labelledby="others">
            <h2 id="others">Pending, not yours to decide (${others.length})</h2>
            ${others.map(i => this.card(i))}
          </section>` : ''}`}`;
  }

  /** The decisions the API says this principal may make now, of those the console offers. */
  offered(item) {
    return item.options.statuses.filter(s => s === 'approved' || s === 'rejected');
  }

  titleOf({ confirm, target, action }) {
    if (confirm.target_type === 'other') {
      return `action “${action?.tool ?? action?.name ?? confirm.target_id}”`;
    }

    return `${confirm.target_type} “${target?.title ?? target?.name ?? confirm.target_id}”`;
  }

  card(item) {
    const { confirm, options, policy, contextId } = item;
    const offered = this.offered(item);
    const approvals = confirm.decisions.filter(d => d.status === 'approved').length;
    return html`
      <article class="confirm card" data-confirm-id=${confirm.confirm_id} aria-labelledby="c-${confirm.confirm_id}">
        <h3 id="c-${confirm.confirm_id}">
          ${confirm.target_type === 'plan' ? html`<a href="/console/plans/${confirm.target_id}">${this.titleOf(item)}</a>` : this.titleOf(item)}
        </h3>
        <dl class="facts">
          <dt>Requested</dt><dd>${new Date(confirm.requested_at).toLocaleString()} by role ${confirm.requested_by_role}</dd>
          ${confirm.reason ? html`<dt>Reason</dt><dd>${confirm.reason}</dd>` : ''}
          <dt>Policy</dt><dd>${policy ? this.policyText(policy, approvals) : 'none: the first decision resolves it'}</dd>
          ${contextId ? html`<dt>Context</dt><dd><a href="/console/contexts/${contextId}">${contextId}</a></dd>` : ''}
          ${item.changes ? html`<dt>Rounds</dt><dd class="round-changes">${item.changes.length
            ? `Changed since the previous round: ${item.changes.join(', ')}` : 'Unchanged since the previous round'}</dd>` : ''}
        </dl>
        ${this.targetView(item)}
        <h4>Decisions so far</h4>
        ${confirm.decisions.length ? html`<ul class="decisions">${confirm.decisions.map(d => html`
          <li>${d.status} by role ${d.decided_by_role ?? '(none)'}, ${new Date(d.decided_at).toLocaleString()}${d.reason ? html`: “${d.reason}”` : ''}</li>`)}</ul>`
          : html`<p>None yet.</p>`}
        ${offered.length ? this.decisionForm(item, offered)
          : html`<p class="muted">You cannot decide on this confirm: ${options.reasons.join('; ') || 'the API offers no decision'}.</p>`}
      </article>`;
  }

  policyText(policy, approvals) {
    const roles = policy.allowed_roles.length ? policy.allowed_roles.join(', ') : 'any role';
    const timeout = policy.timeout_seconds ? `; times out after ${policy.timeout_seconds} s without a decision (then ${policy.on_timeout})` : '';
    return `${approvals} of ${policy.required_approvals} approvals; decided by ${roles}${timeout}`;
  }

  targetView({ confirm, target, action }) {
    if (confirm.target_type === 'other') {
      return this.actionView(action);
    }

    if (!target) {
      return html`<p class="muted">The target is not readable with your roles.</p>`;
    }

    if (confirm.target_type === 'plan') {
      return html`<p>Plan status: <strong>${target.status}</strong>; objective: ${target.objective}</p>
        <mplp-plan-graph .steps=${target.steps} label="Steps of plan ${target.title}"></mplp-plan-graph>`;
    }

    return html`<details><summary>The ${confirm.target_type} as JSON</summary><pre>${JSON.stringify(target, null, 2)}</pre></details>`;
  }

  /** A tool call's arguments (or, without that field, whatever else describes the action), as indented JSON. */
  actionView(action) {
    if (!action) {
      return html`<p class="muted">The request describes no action.</p>`;
    }

    const { tool: _tool, name: _name, ...details } = action;
    const shown = Object.keys(details).length === 1 && 'arguments' in details ? details.arguments : details;
    return html`<h4>Arguments</h4><pre class="arguments">${JSON.stringify(shown, null, 2)}</pre>`;
  }

  decisionForm(item, offered) {
    const id = item.confirm.confirm_id;
    const roles = item.options.roles;
    return html`
      <form class="decide" @submit=${e => e.preventDefault()}>
        ${roles.length > 1 ? html`<label>Decide as role <select name="role">${roles.map(r => html`<option>${r}</option>`)}</select></label>`
          : roles.length === 1 ? html`<p>Deciding as role <strong>${roles[0]}</strong>.</p>` : ''}
        <label for="reason-${id}">Reason</label>
        <textarea id="reason-${id}" name="reason" rows="2" maxlength="2000"></textarea>
        <div class="buttons">
          ${offered.includes('approved') ? html`<button type="button" class="approve" ?disabled=${this.busy === id}
            @click=${e => this.decide(item, 'approved', e.target.form)}>Approve</button>` : ''}
          ${offered.includes('rejected') ? html`<button type="button" class="reject" ?disabled=${this.busy === id}
            @click=${e => this.decide(item, 'rejected', e.target.form)}>Reject</button>` : ''}
        </div>
      </form>`;
  }
}

customElements.define('mplp-approvals', Approvals);
