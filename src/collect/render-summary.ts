// Words and tables for `skimscan collect report`: text, json, markdown, html.
import { mdCode as escapeMarkdown } from "../report/escape-markdown.js";
import { escapeHtml as escapeMarkup } from "../report/escape-markup.js";
import { cleanText } from "../report/sanitize.js";
import type { CollectSummary, HostSummary } from "./summarize.js";

export type SummaryFormat = "text" | "json" | "markdown" | "html";

const browsers = (h: HostSummary) =>
  Object.entries(h.browsers)
    .sort((a, b) => b[1] - a[1])
    .map(([f, n]) => `${f} ${n}`)
    .join(", ");

const SECTIONS: Array<[keyof CollectSummary, string]> = [
  ["rogue", "Rogue hosts seen by visitors"],
  ["blockedAuthorized", "Authorized hosts blocked (the policy breaks something)"],
  ["withoutUrl", "Blocked without a URL (inline code, eval)"],
];

export function renderSummary(s: CollectSummary, format: SummaryFormat): string {
  if (format === "json") return `${JSON.stringify(s, null, 2)}\n`;
  if (format === "markdown") return markdown(s);
  if (format === "html") return html(s);
  return text(s);
}

function rejectedLine(s: CollectSummary): string {
  const r = Object.entries(s.rejected);
  return r.length ? r.map(([k, n]) => `${k} ${n}`).join(", ") : "none";
}

function text(s: CollectSummary): string {
  const out = [
    `CSP reports from visitors${s.since ? ` since ${s.since}` : ""}: ${s.reports}; refused: ${rejectedLine(s)}`,
  ];
  for (const [key, title] of SECTIONS) {
    const list = s[key] as HostSummary[];
    out.push("", `${title}: ${list.length}`);
    for (const h of list)
      out.push(
        cleanText(
          `  ${h.host} (${h.party || "-"}, ${h.verdict}) ${h.reports} report(s), ${h.directives.join(" ")}; ${h.firstSeen} → ${h.lastSeen}; ${browsers(h)}`,
        ),
        ...h.pages.slice(0, 5).map((p) => `      ${cleanText(p)}`),
      );
  }
  return `${out.join("\n")}\n`;
}

function markdown(s: CollectSummary): string {
  const out = [
    "# CSP reports from visitors",
    "",
    `Reports${s.since ? ` since ${s.since}` : ""}: **${s.reports}** · refused: ${escapeMarkdown(rejectedLine(s), false)}`,
  ];
  for (const [key, title] of SECTIONS) {
    const list = s[key] as HostSummary[];
    out.push("", `## ${title} (${list.length})`, "");
    if (!list.length) {
      out.push("None.");
      continue;
    }
    out.push("| Host | Party | Reports | Directives | First seen | Last seen | Pages | Browsers |");
    out.push("|---|---|---:|---|---|---|---|---|");
    for (const h of list)
      out.push(
        `| ${escapeMarkdown(h.host)} | ${escapeMarkdown(h.party || "-")} | ${h.reports} | ${escapeMarkdown(h.directives.join(", "))} | ${h.firstSeen} | ${h.lastSeen} | ${escapeMarkdown(h.pages.join(", "))} | ${escapeMarkdown(browsers(h))} |`,
      );
  }
  return `${out.join("\n")}\n`;
}

function html(s: CollectSummary): string {
  const e = escapeMarkup;
  const sections = SECTIONS.map(([key, title]) => {
    const list = s[key] as HostSummary[];
    const rows = list
      .map(
        (h) =>
          `<tr><td>${e(h.host)}</td><td>${e(h.party || "-")}</td><td>${h.reports}</td><td>${e(h.directives.join(", "))}</td><td>${e(h.firstSeen)}</td><td>${e(h.lastSeen)}</td><td>${e(h.pages.join(" "))}</td><td>${e(browsers(h))}</td></tr>`,
      )
      .join("\n");
    return `<h2>${e(title)} (${list.length})</h2>\n<table><thead><tr><th>Host</th><th>Party</th><th>Reports</th><th>Directives</th><th>First seen</th><th>Last seen</th><th>Pages</th><th>Browsers</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
  }).join("\n");
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>CSP reports from visitors</title></head><body>\n<h1>CSP reports from visitors</h1>\n<p>Reports${s.since ? ` since ${e(s.since)}` : ""}: ${s.reports}; refused: ${e(rejectedLine(s))}</p>\n${sections}\n</body></html>\n`;
}
