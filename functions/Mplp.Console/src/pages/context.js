import { LitElement, html } from 'lit';
import { api, streamEvents } from '../api.js';

const maxEvents = 2000;

/**
 * A context: its plans, confirms and collab sessions, and its event timeline, live from the event
 * stream (which resumes after its last event when the connection drops), filtered by family and
 * type, each event expandable to its JSON.
 */
class ContextPage extends LitElement {
  static properties = {
    contextId: { type: String }, context: { state: true }, plans: { state: true }, confirms: { state: true }, collabs: { state: true },
    events: { state: true }, family: { state: true }, type: { state: true }, live: { state: true }, error: { state: true },
  };

  constructor() {
    super();
    this.events = [];
    this.family = '';
    this.type = '';
  }

  createRenderRoot() {
    return this;
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stop?.();
    clearTimeout(this.listsTimer);
  }

  willUpdate(changed) {
    if (changed.has('contextId')) {
      this.stop?.();
      this.events = [];
      this.load();
    }
  }

  async load() {
    const id = this.contextId;
    try {
      this.context = await api(`/contexts/${id}`);
      await this.loadLists();
      this.stop = streamEvents(id, {}, (e, position) => this.received(e, position), (state, detail) => { this.live = detail ? `${state}: ${detail}` : state; });
    } catch (e) {
      this.error = e.message;
    }
  }

  async loadLists() {
    const list = collection => api(`/${collection}?context_id=${this.contextId}&limit=200`).then(p => p.items).catch(() => null);
    [this.plans, this.confirms, this.collabs] = await Promise.all([list('plans'), list('confirms'), list('collabs')]);
  }

  received(event, position) {
    this.events = [...this.events.slice(-(maxEvents - 1)), { position, event }];
    // The lists follow the timeline: a burst of their modules' events, one re-read.
    if (['plan', 'confirm', 'collab'].includes(event.source)) {
      clearTimeout(this.listsTimer);
      this.listsTimer = setTimeout(() => this.loadLists(), 300);
    }
  }

  familyOf(event) {
    return event.data?.event_family ?? 'platform';
  }

  render() {
    if (!this.context) {
      return html`<h1 tabindex="-1">Context</h1>${this.error ? html`<p class="error" role="alert">${this.error}</p>` : html`<p>Loading…</p>`}`;
    }

    const families = [...new Set(this.events.map(e => this.familyOf(e.event)))].sort();
    const types = [...new Set(this.events.map(e => e.event.event_type))].sort();
    const shown = this.events.filter(({ event }) => (!this.family || this.familyOf(event) === this.family) && (!this.type || event.event_type === this.type));
    return html`
      <h1 tabindex="-1">Context “${this.context.title}”</h1>
      <dl class="facts"><dt>Status</dt><dd>${this.context.status}</dd><dt>Id</dt><dd>${this.context.context_id}</dd>
        <dt>Approvals</dt><dd><a href="/console/approvals?context_id=${this.context.context_id}">pending in this context</a></dd></dl>
      <div class="columns">
        ${this.listing('Plans', this.plans, p => html`<a href="/console/plans/${p.plan_id}">${p.title}</a> (${p.status})`)}
        ${this.listing('Confirms', this.confirms, c => html`${c.target_type} ${c.target_type === 'plan' ? html`<a href="/console/plans/${c.target_id}">${c.target_id.slice(0, 8)}</a>` : c.target_id.slice(0, 8)} (${c.status})`)}
        ${this.listing('Collab sessions', this.collabs, c => html`${c.title ?? c.name ?? c.collab_id} (${c.mode}, ${c.status})`)}
      </div>
      <h2 id="timeline-heading">Timeline <span class="live">${this.live ?? 'connecting'}</span></h2>
      <form class="filters" @submit=${e => e.preventDefault()}>
        <label>Family <select name="family" @change=${e => { this.family = e.target.value; }}>
          <option value="">all</option>${families.map(f => html`<option ?selected=${f === this.family}>${f}</option>`)}</select></label>
        <label>Type <select name="type" @change=${e => { this.type = e.target.value; }}>
          <option value="">all</option>${types.map(t => html`<option ?selected=${t === this.type}>${t}</option>`)}</select></label>
        <span>${shown.length} of ${this.events.length} events</span>
      </form>
      <ol class="timeline" aria-labelledby="timeline-heading">
        ${shown.map(({ position, event }) => html`
          <li data-event-type=${event.event_type}>
            <details><summary><span class="position">#${position}</span> <time datetime=${event.timestamp}>${new Date(event.timestamp).toLocaleTimeString()}</time>
              <strong>${event.event_type}</strong> <span class="muted">${event.source}</span></summary>
              <pre>${JSON.stringify(event, null, 2)}</pre></details>
          </li>`)}
      </ol>`;
  }

  listing(title, items, item) {
    return html`<section class="card"><h2>${title}</h2>${items === null ? html`<p class="muted">Not readable with your roles.</p>`
      : items?.length ? html`<ul>${items.map(i => html`<li>${item(i)}</li>`)}</ul>` : html`<p>None.</p>`}</section>`;
  }
}

customElements.define('mplp-context', ContextPage);
