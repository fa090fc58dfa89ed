// Markdown short enough for a pull-request comment or $GITHUB_STEP_SUMMARY: the verdict, the rogue
// parties (new ones first when a baseline marked them), findings, and a link-free table.
import type { Report, ReportParty } from "../model/report.js";
import { mdCode, mdWord } from "./escape-markdown.js";
import {
  failedPages,
  findingTitle,
  isRoguePartyFinding,
  partiesByStatus,
  plural,
  policyViolated,
  rogueParties,
  shortUrl,
  sortFindings,
} from "./report-view.js";
import { rootCauseLine, rootCauses } from "./root-causes.js";

/** Rows per table: a PR comment is capped at 65,536 characters and people read the top. */
const MAX_ROWS = 25;

export function renderMarkdown(report: Report): string {
  const s = report.summary;
  const out: string[] = [];
  const rogue = rogueParties(report);
  const newRogue = rogue.filter((p) => p.new === true);
  const marked = report.parties.some((p) => p.new !== undefined);
  const icon = policyViolated(report) ? "❌" : "✅";
  const rogueText = `${plural(s.rogue, "rogue third party", "rogue third parties")}${marked ? ` (${newRogue.length} new)` : ""}`;
  const verdict = policyViolated(report)
    ? `policy violated, ${rogueText}`
    : `policy holds, ${s.rogue > 0 ? rogueText : "no rogue third party"}`;
  out.push(`### ${icon} skimscan: ${verdict}`, "");
  const reasons = report.policy?.reasons ?? [];
  if (reasons.length > 0) out.push(...reasons.map((r) => `- ${mdCode(r, false)}`), "");
  out.push(
    `${plural(s.pages, "page")} · ${plural(s.requests, "request")} · ` +
      `${plural(s.thirdParties, "third party", "third parties")} ` +
      `(${s.rogue} rogue, ${s.unlisted} unlisted, ${s.authorized} authorized) · ` +
      `${plural(s.cookies, "cookie")} · ${plural(s.findings, "finding")}`,
  );
  const failed = failedPages(report);
  if (report.partial) out.push("", "> [!WARNING]", "> Partial report: the scan was interrupted.");
  if (failed.length > 0) {
    out.push(
      "",
      `> [!WARNING]`,
      `> ${failed.length} of ${plural(s.pages, "page")} could not be scanned.`,
    );
  }

  if (rogue.length > 0) {
    // New ones first: they are what the pull request introduced.
    const ordered = [...newRogue, ...rogue.filter((p) => p.new !== true)];
    out.push("", "#### Rogue third parties", "");
    out.push(partyTable(ordered, marked));
  }

  const roots = rootCauses(report);
  if (roots.length > 0) {
    out.push("", "#### Remove these to remove the rest", "");
    for (const r of roots) out.push(`- ${mdCode(rootCauseLine(r), false)}`);
  }

  // Rogue parties have their own table above; their findings would only repeat it.
  const findings = sortFindings(report.findings.filter((f) => !isRoguePartyFinding(f)));
  if (findings.length > 0) {
    const anyNew = findings.some((f) => f.new !== undefined);
    out.push("", "#### Findings", "");
    out.push(
      anyNew
        ? "| Severity | Finding | Party | Page | New |"
        : "| Severity | Finding | Party | Page |",
      anyNew ? "|---|---|---|---|---|" : "|---|---|---|---|",
    );
    for (const f of findings.slice(0, MAX_ROWS)) {
      const cells = [
        mdWord(f.severity),
        `${findingTitle(f.code)} ${mdCode(f.code)}`,
        mdCode(f.party ?? ""),
        mdCode(f.page ?? ""),
      ];
      if (anyNew) cells.push(f.new ? "🆕" : "");
      out.push(`| ${cells.join(" | ")} |`);
    }
    if (findings.length > MAX_ROWS)
      out.push("", `…and ${findings.length - MAX_ROWS} more findings.`);
  }

  const others = [...partiesByStatus(report)]
    .filter(([status]) => status === "unlisted" || status === "authorized")
    .flatMap(([, parties]) => parties);
  if (others.length > 0) {
    out.push("", "<details><summary>Other third parties</summary>", "");
    out.push(partyTable(others, false), "", "</details>");
  }

  if (failed.length > 0) {
    out.push("", "#### Pages not scanned", "", "| Page | Reason |", "|---|---|");
    for (const p of failed.slice(0, MAX_ROWS)) {
      out.push(`| ${mdCode(p.url)} | ${mdCode(p.reason ?? "unknown")} |`);
    }
  }
  return `${out.join("\n")}\n`;
}

function partyTable(parties: ReportParty[], markNew: boolean): string {
  const head = ["Party", "Status", "Hosts", "Requests", "Cookies", "Pages", "Loaded by"];
  if (markNew) head.push("New");
  const rows = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const p of parties.slice(0, MAX_ROWS)) {
    const hosts = p.hosts.length > 3 ? [...p.hosts.slice(0, 3), `+${p.hosts.length - 3}`] : p.hosts;
    const chain = p.loadedBy[0]?.map((step, i) => (i === 0 ? step : shortUrl(step))).join(" → ");
    const cells = [
      mdCode(p.domain),
      mdWord(p.status),
      mdCode(hosts.join(", ")),
      mdWord(p.requests),
      mdWord(p.cookies),
      String(p.pages.length),
      chain ? mdCode(chain) : "",
    ];
    if (markNew) cells.push(p.new ? "🆕" : "");
    rows.push(`| ${cells.join(" | ")} |`);
  }
  if (parties.length > MAX_ROWS) rows.push("", `…and ${parties.length - MAX_ROWS} more.`);
  return rows.join("\n");
}
