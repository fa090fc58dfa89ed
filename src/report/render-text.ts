// The default terminal report: a summary line, third parties grouped worst first, findings and
// failed pages. Readable at 80 columns; every site string goes through cleanText first.
import type { PartyStatus, Report, ReportCookie, ReportParty } from "../model/report.js";
import { privacySummary } from "./privacy-text.js";
import {
  cookiesOfParty,
  evidencePairs,
  failedPages,
  findingSentence,
  findingsOfParty,
  findingTitle,
  isRoguePartyFinding,
  lifetimeDays,
  partiesByStatus,
  plural,
  policyViolated,
  shortUrl,
  sortFindings,
} from "./report-view.js";
import { rootCauseLine, rootCauses } from "./root-causes.js";
import { cleanText } from "./sanitize.js";
import { plainStyle, type Style } from "./style.js";
import { truncateMiddle, wrap } from "./text-layout.js";

export interface TextOptions {
  style?: Style;
  /** Terminal columns; 80 when unknown. */
  width?: number;
  /** Whole URLs and every cookie instead of shortened ones. */
  verbose?: boolean;
}

const HEADINGS: Record<PartyStatus, string> = {
  rogue: "ROGUE: not on the allowlist",
  unlisted: "UNLISTED: no allowlist given",
  authorized: "AUTHORIZED",
  "first-party": "FIRST PARTY",
};
const MARKS: Record<PartyStatus, string> = {
  rogue: "✗",
  unlisted: "?",
  authorized: "✓",
  "first-party": "·",
};
const MAX_COOKIES = 6;
const MAX_CHAINS = 3;

export function renderText(report: Report, opts: TextOptions = {}): string {
  const style = opts.style ?? plainStyle;
  const width = Math.max(40, Math.min(opts.width ?? 80, 200));
  const verbose = opts.verbose ?? false;
  const out: string[] = [];
  const url = (u: string, room: number) => {
    const clean = cleanText(u);
    return verbose ? clean : truncateMiddle(clean, Math.max(20, room));
  };
  const para = (text: string, indent: string, colour?: (s: string) => string) => {
    for (const line of wrap(text, width, indent)) out.push(colour ? colour(line) : line);
  };

  out.push(...summaryLines(report, width, style));

  const groups = partiesByStatus(report);
  for (const [status, parties] of groups) {
    if (parties.length === 0 || (status === "first-party" && !verbose)) continue;
    out.push("", style.bold(`${HEADINGS[status]} (${parties.length})`));
    for (const party of parties) {
      const colour = statusColour(status, style);
      const label = [party.entity, party.category].filter(Boolean).map(cleanText).join(" · ");
      para(
        `${MARKS[status]} ${cleanText(party.domain)}${party.new ? " (new)" : ""}${label ? `  [${label}]` : ""}`,
        "  ",
        colour,
      );
      para(`hosts: ${party.hosts.map(cleanText).join(", ")}`, "    ");
      para(countsLine(party), "    ");
      if (party.rules.length > 0) {
        const label = status === "rogue" ? "rules matched" : "allowed by";
        para(`${label}: ${party.rules.map(cleanText).join(", ")}`, "    ");
      }
      const partyFindings = findingsOfParty(report, party.domain).filter(
        (f) => !isRoguePartyFinding(f),
      );
      if (partyFindings.length > 0) {
        const text = partyFindings.map((f) => `${cleanText(f.code)} (${f.severity})`);
        para(`findings: ${[...new Set(text)].join(", ")}`, "    ");
      }
      // The other side of a piggyback: the parties this one brought onto the page.
      const brought = report.findings.filter(
        (f) => f.code === "piggyback" && f.evidence.loader === party.domain && f.party,
      );
      if (brought.length > 0) {
        const text = brought.map((f) => `${cleanText(f.party ?? "")} (${f.severity})`);
        para(`brought in: ${[...new Set(text)].join(", ")}`, "    ", style.cyan);
      }
      const cookies = cookiesOfParty(report, party.domain);
      if (cookies.length > 0) {
        const shown = verbose ? cookies : cookies.slice(0, MAX_COOKIES);
        const more = cookies.length - shown.length;
        const text = shown.map((c) => cookieText(c, report.scan.startedAt)).join(", ");
        para(`cookies: ${text}${more > 0 ? `, and ${more} more` : ""}`, "    ");
      }
      if (status === "rogue" || status === "unlisted" || verbose) {
        const chains = verbose ? party.loadedBy : party.loadedBy.slice(0, MAX_CHAINS);
        for (const chain of chains) {
          const steps = chain.map((step, i) =>
            i === 0 ? url(step, 40) : shortUrl(cleanText(step)),
          );
          para(
            `loaded by: ${steps.join(" → ")}`,
            "    ",
            status === "rogue" ? style.cyan : undefined,
          );
        }
        if (chains.length < party.loadedBy.length) {
          para(`… and ${plural(party.loadedBy.length - chains.length, "more chain")}`, "    ");
        }
        const pages = verbose ? party.pages : party.pages.slice(0, 3);
        para(
          `on: ${pages.map((p) => url(p, width - 10)).join(", ")}${pages.length < party.pages.length ? ", …" : ""}`,
          "    ",
        );
      }
    }
  }

  if (report.findings.length > 0) {
    out.push("", style.bold(`FINDINGS (${report.findings.length})`));
    for (const f of sortFindings(report.findings)) {
      const colour =
        f.severity === "high" ? style.red : f.severity === "medium" ? style.yellow : undefined;
      const who = f.party ? ` ${cleanText(f.party)}` : "";
      para(
        `${cleanText(f.severity).toUpperCase()} ${cleanText(f.code)}${who}: ${findingTitle(f.code)}`,
        "  ",
        colour,
      );
      if (f.page) para(`on ${url(f.page, width - 8)}`, "    ");
      // A rogue party's own finding restates its section above; other evidence is kept short.
      if (isRoguePartyFinding(f) && !verbose) continue;
      const sentence = findingSentence(f);
      if (sentence) para(cleanText(sentence), "    ");
      if (sentence && !verbose) continue;
      const pairs = evidencePairs(f.evidence, verbose ? 400 : 60).map(cleanText);
      const shown = verbose ? pairs : pairs.slice(0, 4);
      if (shown.length > 0)
        para(shown.join("  ") + (shown.length < pairs.length ? "  …" : ""), "    ", style.dim);
    }
  }

  const roots = rootCauses(report);
  if (roots.length > 0) {
    out.push("", style.bold(`REMOVE THESE TO REMOVE THE REST (${roots.length})`));
    for (const r of roots) para(cleanText(rootCauseLine(r)), "  ");
  }

  const failed = failedPages(report);
  if (failed.length > 0) {
    out.push("", style.bold(`FAILED PAGES (${failed.length})`));
    for (const page of failed) {
      para(`✗ ${url(page.url, width - 6)}`, "  ", style.red);
      para(cleanText(page.reason ?? "no reason recorded"), "    ");
    }
  }
  const warnings = report.warnings.map(cleanText);
  if (warnings.length > 0) {
    out.push("", style.bold(`WARNINGS (${warnings.length})`));
    for (const w of warnings) para(`! ${w}`, "  ", style.yellow);
  }
  return `${out.join("\n")}\n`;
}

function summaryLines(report: Report, width: number, style: Style): string[] {
  const s = report.summary;
  const rogueText = plural(s.rogue, "rogue third party", "rogue third parties");
  const violated = policyViolated(report);
  const verdict = violated
    ? style.red(style.bold(`✗ policy violated: ${rogueText}`))
    : style.green(
        style.bold(`✓ policy holds: ${s.rogue > 0 ? rogueText : "no rogue third party"}`),
      );
  const facts = [
    plural(s.pages, "page"),
    plural(s.requests, "request"),
    plural(s.thirdParties, "third party", "third parties"),
    `${s.rogue} rogue, ${s.unlisted} unlisted, ${s.authorized} authorized`,
    plural(s.cookies, "cookie"),
    plural(s.findings, "finding"),
  ].join(" · ");
  const lines = [verdict];
  for (const reason of report.policy?.reasons ?? []) {
    lines.push(...wrap(`- ${cleanText(reason)}`, width, "  ").map((l) => style.red(l)));
  }
  lines.push(...wrap(`${report.tool.name} ${report.tool.version}: ${facts}`, width));
  const failed = failedPages(report).length;
  const timedOut = report.scan.pages.filter((p) => p.timedOut).length;
  const note = (text: string, colour: (s: string) => string) => {
    for (const line of wrap(text, width, "", "  ")) lines.push(colour(line));
  };
  if (report.scan.privacy) note(privacySummary(report.scan.privacy), style.cyan);
  const source = report.scan.source;
  if (source?.kind === "har") {
    const by = source.creator
      ? ` by ${cleanText(source.creator.name)}${source.creator.version ? ` ${cleanText(source.creator.version)}` : ""}`
      : "";
    note(
      `! judged from a HAR${by}: it cannot show ${(source.limits ?? []).join(", ")} (see warnings)`,
      style.yellow,
    );
  }
  if (report.partial) {
    note("! partial report: the scan was interrupted, some pages were not scanned", style.yellow);
  }
  if (failed > 0) {
    note(
      `! ${failed} of ${plural(report.scan.pages.length, "page")} failed (listed below)`,
      style.yellow,
    );
  }
  if (timedOut > 0) {
    note(`! ${plural(timedOut, "page")} hit the time limit; what loaded before is kept`, style.dim);
  }
  return lines;
}

function statusColour(status: PartyStatus, style: Style): ((s: string) => string) | undefined {
  if (status === "rogue") return (s) => style.red(style.bold(s));
  if (status === "unlisted") return style.yellow;
  if (status === "authorized") return style.green;
  return style.dim;
}

function countsLine(p: ReportParty): string {
  return [
    plural(p.requests, "request"),
    plural(p.pixels, "pixel"),
    plural(p.beacons, "beacon"),
    plural(p.cookies, "cookie"),
    plural(p.pages.length, "page"),
  ].join(" · ");
}

function cookieText(c: ReportCookie, from: string): string {
  const days = lifetimeDays(c.requestedExpires ?? c.expires, from);
  const facts = [
    days === undefined ? "session" : days < 0 ? "expired" : days === 0 ? "<1d" : `${days}d`,
  ];
  if (c.thirdPartyContext) facts.push("3rd-party");
  if (c.blocked) facts.push("blocked");
  return `${cleanText(c.name)} (${cleanText(c.domain)}, ${facts.join(", ")})`;
}
