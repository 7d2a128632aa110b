import { LitElement, html, svg } from 'lit';
import dagre from '@dagrejs/dagre';

const nodeWidth = 200;
const nodeHeight = 54;
let graphs = 0;

// What fits a node's width; the whole text is in the node's title (its tooltip and accessible name).
const cut = text => (text.length > 27 ? `${text.slice(0, 26)}…` : text);

/** A plan's steps as a directed graph, laid out by dagre, each step coloured by its status. */
class PlanGraph extends LitElement {
  static properties = { steps: { type: Array }, label: { type: String } };

  constructor() {
    super();
    // Ids are page-wide in the light DOM: each graph its own arrow head.
    this.arrow = `arrow-${++graphs}`;
  }

  createRenderRoot() {
    return this;
  }

  layout() {
    const graph = new dagre.graphlib.Graph();
    graph.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 48, marginx: 8, marginy: 8 });
    graph.setDefaultEdgeLabel(() => ({}));
    for (const step of this.steps) {
      graph.setNode(step.step_id, { width: nodeWidth, height: nodeHeight });
    }

    for (const step of this.steps) {
      for (const dependency of step.dependencies ?? []) {
        if (graph.hasNode(dependency)) {
          graph.setEdge(dependency, step.step_id);
        }
      }
    }

    dagre.layout(graph);
    return graph;
  }

  render() {
    if (!this.steps?.length) {
      return html`<p>No steps.</p>`;
    }

    const graph = this.layout();
    const { width, height } = graph.graph();
    const edges = graph.edges().map(e => graph.edge(e).points.map(p => `${p.x},${p.y}`).join(' '));
    return html`
      <svg class="plan-graph" viewBox="0 0 ${width} ${height}" width=${width} height=${height} role="img" aria-label=${this.label ?? 'Plan steps'}>
        <defs><marker id=${this.arrow} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow"></path></marker></defs>
        ${edges.map(points => svg`<polyline class="edge" points=${points} marker-end="url(#${this.arrow})"></polyline>`)}
        ${this.steps.map(step => this.node(step, graph.node(step.step_id)))}
      </svg>`;
  }

  node(step, { x, y }) {
    const status = step.status ?? 'pending';
    const text = cut(step.description);
    const detail = cut(`${status}${step.agent_role ? ` · ${step.agent_role}` : ''}`);
    return svg`
      <g class="step status-${status}" data-step-id=${step.step_id} data-status=${status} transform="translate(${x - nodeWidth / 2},${y - nodeHeight / 2})">
        <title>${step.description} (${status}${step.agent_role ? `, ${step.agent_role}` : ''})</title>
        <rect width=${nodeWidth} height=${nodeHeight} rx="6"></rect>
        <text x="10" y="21" class="description">${text}</text>
        <text x="10" y="41" class="status">${detail}</text>
      </g>`;
  }
}

customElements.define('mplp-plan-graph', PlanGraph);
