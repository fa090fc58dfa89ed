// The picture of "who let them in": an inline SVG from each page through its tags to each third
// party, built from the parties' loadedBy chains, rogue parties and the edges into them marked.
import type { PartyStatus, Report } from "../model/report.js";
import { escapeHtml } from "./escape-markup.js";
import { shortUrl } from "./report-view.js";
import { cleanText } from "./sanitize.js";
import { truncateMiddle } from "./text-layout.js";

interface GraphNode {
  key: string;
  label: string;
  title: string;
  kind: "page" | "tag" | "party";
  status?: PartyStatus;
  layer: number;
  row: number;
}

interface GraphEdge {
  from: string;
  to: string;
  rogue: boolean;
  direct: boolean;
}

/** Above this many nodes only rogue and unlisted parties are drawn, so the picture stays legible. */
const MAX_NODES = 160;
const COL = 215;
const ROW = 30;
const NODE_W = 190;
const NODE_H = 22;
const LABEL = 24;

export function buildGraph(report: Report, statuses: readonly PartyStatus[]) {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const parties = report.parties.filter((p) => statuses.includes(p.status));
  const add = (
    key: string,
    kind: GraphNode["kind"],
    text: string,
    layer: number,
    status?: PartyStatus,
  ) => {
    const node = nodes.get(key);
    if (node) {
      if (kind === "tag") node.layer = Math.max(node.layer, layer);
      return;
    }
    const clean = cleanText(text);
    const label =
      kind === "party" ? clean : kind === "tag" ? shortUrl(clean) : shortUrl(clean) || clean;
    nodes.set(key, {
      key,
      kind,
      status,
      layer,
      row: 0,
      title: clean,
      label: truncateMiddle(label, LABEL),
    });
  };
  const link = (from: string, to: string, rogue: boolean, direct: boolean) => {
    const id = `${from}\u0000${to}`;
    const edge = edges.get(id);
    if (edge) edge.rogue ||= rogue;
    else edges.set(id, { from, to, rogue, direct });
  };
  for (const party of parties) {
    const partyKey = `party:${party.domain}`;
    add(partyKey, "party", party.domain, Number.MAX_SAFE_INTEGER, party.status);
    const rogue = party.status === "rogue";
    const chains = party.loadedBy.length > 0 ? party.loadedBy : party.pages.map((p) => [p]);
    for (const chain of chains) {
      const [page, ...rest] = chain;
      if (page === undefined) continue;
      // The chain's last step is the party's own resource: the party node stands for it.
      const tags = rest.slice(0, -1);
      const keys = [`page:${page}`, ...tags.map((t) => `tag:${t}`), partyKey];
      add(keys[0] as string, "page", page, 0);
      for (const [i, t] of tags.entries()) add(`tag:${t}`, "tag", t, i + 1);
      for (let i = 0; i + 1 < keys.length; i++) {
        link(keys[i] as string, keys[i + 1] as string, rogue, party.loadedBy.length === 0);
      }
    }
  }
  return { nodes, edges };
}

export function renderGraphSvg(report: Report): string {
  let graph = buildGraph(report, ["rogue", "unlisted", "authorized"]);
  let note = "";
  if (graph.nodes.size > MAX_NODES) {
    graph = buildGraph(report, ["rogue", "unlisted"]);
    note = "Only rogue and unlisted parties are drawn: the full graph is too large to read.";
  }
  const { nodes, edges } = graph;
  if (nodes.size === 0)
    return `<p class="muted">No third party was seen, so there is nothing to draw.</p>`;

  const tagLayers = [...nodes.values()].filter((n) => n.kind === "tag").map((n) => n.layer);
  const partyLayer = Math.max(0, ...tagLayers) + 1;
  const layers: GraphNode[][] = Array.from({ length: partyLayer + 1 }, () => []);
  const ordered = [...nodes.values()].sort((a, b) => statusRank(a) - statusRank(b));
  for (const node of ordered) {
    if (node.kind === "party") node.layer = partyLayer;
    const layer = layers[node.layer] as GraphNode[];
    node.row = layer.length;
    layer.push(node);
  }
  const rows = Math.max(...layers.map((l) => l.length));
  const width = (partyLayer + 1) * COL;
  const height = rows * ROW + 20;
  const pos = (n: GraphNode) => ({ x: 10 + n.layer * COL, y: 10 + n.row * ROW });

  const paths = [...edges.values()].map((e) => {
    const a = nodes.get(e.from);
    const b = nodes.get(e.to);
    if (!a || !b) return "";
    const p = pos(a);
    const q = pos(b);
    const x1 = p.x + NODE_W;
    const y1 = p.y + NODE_H / 2;
    const x2 = q.x;
    const y2 = q.y + NODE_H / 2;
    const mx = (x1 + x2) / 2;
    const cls = ["edge", e.rogue ? "edge-rogue" : "", e.direct ? "edge-direct" : ""]
      .filter(Boolean)
      .join(" ");
    return `<path class="${cls}" d="M${x1} ${y1} C${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}"/>`;
  });
  const boxes = ordered.map((n) => {
    const { x, y } = pos(n);
    const cls = `node node-${n.kind}${n.status ? ` status-${n.status}` : ""}`;
    const mark = n.status === "rogue" ? "✗ " : "";
    const what =
      n.kind === "party" ? `${n.status} third party` : n.kind === "tag" ? "script" : "page";
    return (
      `<g class="${cls}"><title>${escapeHtml(`${what}: ${n.title}`)}</title>` +
      `<rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="4"/>` +
      `<text x="${x + 8}" y="${y + 15}">${escapeHtml(mark + n.label)}</text></g>`
    );
  });
  return (
    (note ? `<p class="muted">${escapeHtml(note)}</p>` : "") +
    `<div class="graph-scroll"><svg xmlns="http://www.w3.org/2000/svg" role="img" ` +
    `aria-label="How third parties got onto the pages: page, then the scripts that loaded them, then the party" ` +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<g class="edges">${paths.join("")}</g><g class="nodes">${boxes.join("")}</g></svg></div>`
  );
}

function statusRank(n: GraphNode): number {
  const order: PartyStatus[] = ["rogue", "unlisted", "authorized", "first-party"];
  return n.status ? order.indexOf(n.status) : 0;
}
