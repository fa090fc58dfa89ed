// Renders `skimscan diff`: what was added and removed between two runs, as text, Markdown or JSON.
import type { ReportDiff } from "../gate/diff-reports.js";
import type { ReportPolicy } from "../model/report.js";
import { mdCode } from "./escape-markdown.js";
import { cleanText } from "./sanitize.js";

export type DiffFormat = "text" | "markdown" | "json";

export interface DiffView {
  old: string[];
  current: string;
  diff: ReportDiff;
  policy: ReportPolicy;
}

export function renderDiff(view: DiffView, format: DiffFormat): string {
  if (format === "json") {
    const slim = {
      old: view.old,
      new: view.current,
      policy: view.policy,
      added: {
        parties: view.diff.added.parties.map((p) => ({
          domain: p.domain,
          status: p.status,
          pages: p.pages.length,
        })),
        findings: view.diff.added.findings.map((f) => ({
          id: f.id,
          code: f.code,
          severity: f.severity,
          party: f.party,
        })),
        cookies: view.diff.added.cookies.map((c) => ({
          name: c.name,
          domain: c.domain,
          path: c.path,
          party: c.party,
        })),
      },
      removed: {
        parties: view.diff.removed.parties.map((p) => ({ domain: p.domain, status: p.status })),
        findings: view.diff.removed.findings.map((f) => ({
          id: f.id,
          code: f.code,
          party: f.party,
        })),
        cookies: view.diff.removed.cookies.map((c) => ({
          name: c.name,
          domain: c.domain,
          path: c.path,
        })),
      },
      changed: view.diff.changed,
      scripts: view.diff.scripts,
    };
    return `${JSON.stringify(slim, null, 2)}\n`;
  }
  const md = format === "markdown";
  const esc = md ? (v: string) => mdCode(v, false) : cleanText;
  const lines: string[] = [];
  const head = (s: string) => lines.push(md ? `### ${s}` : s);
  const item = (s: string) => lines.push(md ? `- ${s}` : `  + ${s}`);
  const gone = (s: string) => lines.push(md ? `- ~~${s}~~` : `  - ${s}`);
  lines.push(
    md
      ? `## skimscan diff: ${view.policy.violated ? "❌ policy violated" : "✅ nothing forbidden added"}`
      : `skimscan diff — ${view.policy.violated ? "POLICY VIOLATED" : "nothing forbidden added"}`,
  );
  for (const r of view.policy.reasons) lines.push(md ? `- **${esc(r)}**` : `  ! ${esc(r)}`);
  lines.push("");
  const { added, removed, changed } = view.diff;
  head(
    `Parties: ${added.parties.length} added, ${removed.parties.length} removed, ${changed.length} changed status`,
  );
  for (const p of added.parties) item(`${esc(p.domain)} (${p.status}, ${p.pages.length} page(s))`);
  for (const p of removed.parties) gone(`${esc(p.domain)} (${p.status})`);
  for (const c of changed)
    lines.push(
      md ? `- ${esc(c.domain)}: ${c.from} → ${c.to}` : `  ~ ${esc(c.domain)}: ${c.from} → ${c.to}`,
    );
  head(`Findings: ${added.findings.length} added, ${removed.findings.length} removed`);
  for (const f of added.findings)
    item(`${f.code} [${f.severity}]${f.party ? ` ${esc(f.party)}` : ""}`);
  for (const f of removed.findings) gone(`${f.code}${f.party ? ` ${esc(f.party)}` : ""}`);
  head(`Cookies: ${added.cookies.length} added, ${removed.cookies.length} removed`);
  for (const c of added.cookies)
    item(
      `${esc(c.name)} on ${esc(c.domain)}${c.path === "/" ? "" : esc(c.path)} (${esc(c.party)})`,
    );
  for (const c of removed.cookies) gone(`${esc(c.name)} on ${esc(c.domain)}`);
  const s = view.diff.scripts;
  head(
    `Scripts: ${s.added.length} added, ${s.removed.length} removed, ${s.changed.length} changed content`,
  );
  for (const x of s.added) item(`${esc(x.url)} on ${esc(x.page)} (${esc(x.party)})`);
  for (const x of s.removed) gone(`${esc(x.url)} on ${esc(x.page)}`);
  for (const x of s.changed)
    lines.push(`${md ? "-" : "  ~"} ${esc(x.url)}: ${x.before.join(", ")} → ${x.after.join(", ")}`);
  head(`Security headers: ${s.headers.length} changed`);
  for (const h of s.headers)
    lines.push(
      `${md ? "-" : "  ~"} ${esc(h.page)} ${h.header}: ${esc(h.before ?? "(none)")} → ${esc(h.after ?? "(removed)")}`,
    );
  return `${lines.join("\n")}\n`;
}
