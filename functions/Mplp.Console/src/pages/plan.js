import { LitElement, html } from 'lit';
import { api, optional, streamEvents } from '../api.js';
import '../plan-graph.js';

/**
 * A plan: its DAG coloured by step status, live while it executes (the context's event stream,
 * filtered to this plan, triggers a re-read of the plan and its execution), each step's attempts
 * with the agent's output, and Execute / Cancel when the plan's state and the principal allow them.
 */
class PlanPage extends LitElement {
  static properties = {
    planId: { type: String }, plan: { state: true }, execution: { state: true }, attempts: { state: true },
    live: { state: true }, error: { state: true }, notice: { state: true }, mayExecute: { state: true },
  };

  constructor() {
    super();
    this.attempts = {};
    this.mayExecute = true;
  }

  createRenderRoot() {
    return this;
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stop?.();
    clearTimeout(this.refreshTimer);
  }

  async willUpdate(changed) {
    if (changed.has('planId')) {
      this.stop?.();
      await this.load();
    }
  }

  async load() {
    try {
      await this.refresh();
      this.mayExecute = await this.holds('plan:execute');
      this.stop = streamEvents(this.plan.context_id, { plan_id: this.planId }, e => this.received(e), (state, detail) => { this.live = detail ? `${state}: ${detail}` : state; });
    } catch (e) {
      this.error = e.message;
    }
  }

  async refresh() {
    const before = this.execution?.status;
    [this.plan, this.execution] = await Promise.all([api(`/plans/${this.planId}`), optional(`/plans/${this.planId}/execution`)]);
    // "Execution started." would outlive the execution: its end replaces it.
    const now = this.execution?.status;
    if (before === 'running' && now !== 'running' && this.notice) {
      this.notice = `Execution ${now}.`;
    }
  }

  /** Whether the principal holds a capability in the plan's context; unknown (no role:read to ask) counts as yes, and the API decides. */
  async holds(capability) {
    try {
      const principal = document.querySelector('mplp-console')?.session?.principal;
      const check = await api('/permissions/check', { method: 'POST', body: { principal, capability, context_id: this.plan.context_id } });
      return check.allowed;
    } catch {
      return true;
    }
  }

  received(event) {
    const data = event.data ?? {};
    if (data.step_id && data.attempt !== undefined && event.event_type.startsWith('step.')) {
      const list = [...(this.attempts[data.step_id] ?? []).filter(a => a.attempt !== data.attempt), { ...data, outcome: event.event_type.slice(5) }];
      this.attempts = { ...this.attempts, [data.step_id]: list.sort((a, b) => a.attempt - b.attempt) };
    }

    // Events come in bursts (a step's end, its successor's start): one re-read per burst.
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh().catch(e => { this.error = e.message; }), 150);
  }

  async act(path, done) {
    try {
      await api(`/plans/${this.planId}/${path}`, { method: 'POST', body: path === 'execute' ? {} : undefined });
      this.notice = done;
      await this.refresh();
    } catch (e) {
      this.notice = `Refused: ${e.message}`;
    }
  }

  render() {
    if (this.error && !this.plan) {
      return html`<h1 tabindex="-1">Plan</h1><p class="error" role="alert">${this.error}</p>`;
    }

    if (!this.plan) {
      return html`<h1 tabindex="-1">Plan</h1><p>Loading…</p>`;
    }

    const plan = this.plan;
    const statuses = this.execution?.steps ?? {};
    const steps = plan.steps.map(s => ({ ...s, status: statuses[s.step_id] ?? s.status }));
    const running = this.execution?.status === 'running';
    return html`
      <h1 tabindex="-1">Plan “${plan.title}”</h1>
      <dl class="facts">
        <dt>Status</dt><dd class="plan-status" data-status=${plan.status}>${plan.status}</dd>
        <dt>Objective</dt><dd>${plan.objective}</dd>
        <dt>Context</dt><dd><a href="/console/contexts/${plan.context_id}">${plan.context_id}</a></dd>
        <dt>Execution</dt><dd>${this.execution ? `${this.execution.status}: ${this.execution.completed_steps} of ${this.execution.total_steps} steps completed` : 'not started'}</dd>
        <dt>Live</dt><dd class="live">${this.live ?? 'connecting'}</dd>
      </dl>
      <p role="status" class="notice">${this.notice ?? ''}</p>
      ${this.mayExecute ? html`<div class="buttons">
        ${plan.status === 'approved' && !running ? html`<button type="button" @click=${() => this.act('execute', 'Execution started.')}>Execute</button>` : ''}
        ${running ? html`<button type="button" class="reject" @click=${() => this.act('execution/cancel', 'Cancellation asked.')}>Cancel execution</button>` : ''}
      </div>` : ''}
      <mplp-plan-graph .steps=${steps} label="Steps of plan ${plan.title}"></mplp-plan-graph>
      <h2>Steps</h2>
      <table class="steps">
        <thead><tr><th scope="col">Step</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Attempts and output</th></tr></thead>
        <tbody>${steps.map(s => html`
          <tr data-step-id=${s.step_id}>
            <td>${s.description}</td><td>${s.agent_role ?? ''}</td><td class="status-${s.status}">${s.status}</td>
            <td>${(this.attempts[s.step_id] ?? []).map(a => html`
              <details><summary>Attempt ${a.attempt}: ${a.outcome}${a.will_retry ? ' (will retry)' : ''}</summary>
                <pre>${typeof (a.output ?? a.error) === 'string' ? (a.output ?? a.error) : JSON.stringify(a.output ?? a.error, null, 2)}</pre></details>`)}</td>
          </tr>`)}</tbody>
      </table>`;
  }
}

customElements.define('mplp-plan', PlanPage);
