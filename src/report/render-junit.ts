// JUnit XML for CI test dashboards: one test case per scanned page, failed when a rogue party was on
// it, an error when the page could not be scanned. Text is XML 1.0-clean: no raw control characters.
import type { Report, ReportPage } from "../model/report.js";
import { escapeXml } from "./escape-markup.js";
import { sortFindings, violationsOnPage } from "./report-view.js";
import { cleanText } from "./sanitize.js";

/** A site string as XML attribute or text: one inert line, then XML-escaped. */
const x = (value: unknown): string => escapeXml(cleanText(value));

export function renderJunit(report: Report): string {
  const pages = report.scan.pages;
  const cases = pages.map((page) => testCase(report, page));
  const failures = cases.filter((c) => c.kind === "failure").length;
  const errors = cases.filter((c) => c.kind === "error").length;
  const skipped = cases.filter((c) => c.kind === "skipped").length;
  const seconds = elapsed(report.scan.startedAt, report.scan.finishedAt);
  const attrs =
    `name="skimscan" tests="${pages.length}" failures="${failures}" errors="${errors}" ` +
    `skipped="${skipped}" time="${seconds}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attrs}>`,
    `  <testsuite ${attrs} timestamp="${x(report.scan.startedAt)}">`,
    "    <properties>",
    `      <property name="tool" value="${x(`${report.tool.name} ${report.tool.version}`)}"/>`,
    `      <property name="browser" value="${x(report.scan.browser.version)}"/>`,
    `      <property name="partial" value="${report.partial}"/>`,
    "    </properties>",
    ...cases.map((c) => c.xml),
    "  </testsuite>",
    "</testsuites>",
  ];
  return `${lines.join("\n")}\n`;
}

interface Case {
  kind: "pass" | "failure" | "error" | "skipped";
  xml: string;
}

function testCase(report: Report, page: ReportPage): Case {
  let host = "page";
  try {
    host = new URL(page.url).host;
  } catch {
    // not a URL: keep the generic class name
  }
  const open = `    <testcase classname="${x(`skimscan.${host}`)}" name="${x(page.url)}" time="0">`;
  const findings = sortFindings(report.findings.filter((f) => f.page === page.url));
  const out = findings.length
    ? `      <system-out>${findings.map((f) => x(`${f.severity} ${f.code} ${f.party ?? ""}`)).join("&#10;")}</system-out>`
    : undefined;
  const wrap = (kind: Case["kind"], body: string[]): Case => ({
    kind,
    xml: [open, ...body, ...(out ? [out] : []), "    </testcase>"].join("\n"),
  });

  if (page.outcome === "failed") {
    return wrap("error", [
      `      <error type="page-failed" message="${x(page.reason ?? "the page could not be scanned")}"/>`,
    ]);
  }
  if (page.outcome === "skipped") {
    return wrap("skipped", [`      <skipped message="${x(page.reason ?? "skipped")}"/>`]);
  }
  const { parties, findings: broken } = violationsOnPage(report, page.url);
  if (parties.length > 0 || broken.length > 0) {
    const details = parties.map((domain) => {
      const party = report.parties.find((p) => p.domain === domain);
      const chain = party?.loadedBy.find((c) => c[0] === page.url) ?? party?.loadedBy[0];
      const hosts = party?.hosts.join(", ") ?? "?";
      return `${party?.status ?? "rogue"} ${domain}: hosts ${hosts}${chain ? `; loaded by ${chain.join(" -> ")}` : ""}`;
    });
    for (const f of broken)
      details.push(`finding ${f.code}${f.party ? ` by ${f.party}` : ""} (${f.id})`);
    const what = [
      parties.length > 0 ? `third parties against the policy: ${parties.join(", ")}` : "",
      broken.length > 0 ? `findings: ${[...new Set(broken.map((f) => f.code))].join(", ")}` : "",
    ].filter(Boolean);
    const type = parties.length > 0 ? "rogue-party" : "finding";
    return wrap("failure", [
      `      <failure type="${type}" message="${x(what.join("; "))}">${details.map(x).join("&#10;")}</failure>`,
    ]);
  }
  return wrap("pass", []);
}

function elapsed(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : "0";
}
