import { LitElement, html } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { signIn, signOut, useToken } from './auth.js';
import './pages/approvals.js';
import './pages/context.js';
import './pages/plan.js';

const uuid = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';
const routes = [
  [/^\/console\/?(approvals\/?)?$/, () => html`<mplp-approvals></mplp-approvals>`],
  [new RegExp(`^/console/contexts/${uuid}/?$`), id => html`<mplp-context .contextId=${id}></mplp-context>`],
  [new RegExp(`^/console/plans/${uuid}/?$`), id => html`<mplp-plan .planId=${id}></mplp-plan>`],
];

/** The shell: sign-in, navigation, and the page the path names (deep links are served the same index). */
class ConsoleApp extends LitElement {
  static properties = { path: { state: true }, search: { state: true }, session: { state: true }, error: { state: true } };

  constructor() {
    super();
    this.path = location.pathname;
    this.search = location.search;
    this.session = undefined;
  }

  // Light DOM: one stylesheet from the app's origin styles everything (no inline styles under the CSP).
  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    addEventListener('popstate', () => this.navigated(location.pathname));
    this.addEventListener('click', e => this.follow(e));
    signIn().then(session => { this.session = session; }, e => { this.error = e.message; this.session = null; });
  }

  /** Links inside the console change the page without a reload (the session and streams stay). */
  follow(e) {
    const link = e.composedPath().find(n => n instanceof HTMLAnchorElement);
    if (!link || link.origin !== location.origin || !link.pathname.startsWith('/console') || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) {
      return;
    }

    e.preventDefault();
    history.pushState(null, '', link.pathname + link.search);
    this.navigated(link.pathname);
  }

  async navigated(path) {
    this.path = path;
    this.search = location.search;
    await this.updateComplete;
    // Keyboard and screen reader users land on the new page's heading.
    this.querySelector('main h1')?.focus();
  }

  submitToken(e) {
    e.preventDefault();
    useToken(new FormData(e.target).get('token'));
    location.reload();
  }

  render() {
    return html`
      <a class="skip" href="#main">Skip to content</a>
      <header>
        <span class="brand">MPLP console</span>
        <nav aria-label="Console"><a href="/console/approvals">Approvals</a></nav>
        ${this.session ? html`<span class="who">Signed in as <strong>${this.session.principal}</strong></span>
          <button type="button" class="link" @click=${() => { signOut(); location.assign('/console/'); }}>Sign out</button>` : ''}
      </header>
      <main id="main">${keyed(this.path + this.search, this.page())}</main>`;
  }

  page() {
    if (this.session === undefined) {
      return html`<p role="status">Signing in…</p>`;
    }

    if (this.session === null) {
      return html`
        <h1 tabindex="-1">Sign in</h1>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        <p>No identity provider is configured. Open the link <code>./mplp run</code> prints, or paste a bearer token
          (<code>./mplp token PRINCIPAL</code>); it is kept in this tab only.</p>
        <form @submit=${this.submitToken}>
          <label>Bearer token <input name="token" type="password" required autocomplete="off"></label>
          <button type="submit">Sign in</button>
        </form>`;
    }

    for (const [pattern, page] of routes) {
      const match = pattern.exec(this.path);
      if (match) {
        return page(match[1]);
      }
    }

    return html`<h1 tabindex="-1">Not found</h1><p>The console has no page at <code>${this.path}</code>. <a href="/console/approvals">Approvals</a></p>`;
  }
}

customElements.define('mplp-console', ConsoleApp);
