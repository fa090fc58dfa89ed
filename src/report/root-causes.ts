// "Remove these to remove the rest": the roots of the piggyback findings — each first unapproved
// party on a chain (or the approved tag that injected it) with every party it brought, directly or
// through the parties it brought. Pure: report in, roots out; the text, Markdown and HTML reports
// show the same list.
import { type FindingOf, isFindingOf, type Report } from "../model/report.js";

export interface RootCause {
  /** The party to remove (or to stop the tag from loading). */
  root: string;
  /** Its status in the report (rogue, unlisted, …). */
  status: string;
  /** The approved party and its script that injected the root, when one did. */
  injectedBy?: { party: string; script: string };
  /** Parties it brought, sorted. */
  brought: string[];
}

function rootOf(f: FindingOf<"piggyback">): {
  root: string;
  injectedBy?: RootCause["injectedBy"];
  brought: string[];
} {
  const e = f.evidence;
  const through = e.through;
  const receiver = f.party ?? "";
  const loader = e.loader;
  if (e.loaderStatus === "rogue" || e.loaderStatus === "unlisted") {
    return { root: loader, brought: [...through, receiver] };
  }
  const [root = receiver, ...rest] = [...through, receiver];
  return {
    root,
    injectedBy: { party: loader, script: e.script },
    brought: rest,
  };
}

/** Roots that brought at least one party, most parties first. */
export function rootCauses(report: Report): RootCause[] {
  const status = new Map(report.parties.map((p) => [p.domain, p.status]));
  const roots = new Map<string, { injectedBy?: RootCause["injectedBy"]; brought: Set<string> }>();
  for (const f of report.findings.filter(isFindingOf("piggyback"))) {
    if (f.severity === "info") continue;
    const r = rootOf(f);
    if (!r.root) continue;
    const acc = roots.get(r.root) ?? { brought: new Set<string>() };
    if (r.injectedBy && !acc.injectedBy) acc.injectedBy = r.injectedBy;
    for (const b of r.brought) if (b && b !== r.root) acc.brought.add(b);
    roots.set(r.root, acc);
  }
  // A root brought by another root is folded into it: removing the outer one removes both.
  for (const [root, acc] of roots) {
    for (const [other, o] of roots) {
      if (other === root || !o.brought.has(root)) continue;
      for (const b of acc.brought) if (b !== other) o.brought.add(b);
      acc.brought.clear();
    }
  }
  return [...roots]
    .filter(([, acc]) => acc.brought.size > 0)
    .map(([root, acc]) => ({
      root,
      status: status.get(root) ?? "unknown",
      ...(acc.injectedBy ? { injectedBy: acc.injectedBy } : {}),
      brought: [...acc.brought].sort(),
    }))
    .sort((a, b) => b.brought.length - a.brought.length || a.root.localeCompare(b.root));
}

/** One line per root, for the text and Markdown reports. */
export function rootCauseLine(r: RootCause): string {
  const via = r.injectedBy ? `, injected by ${r.injectedBy.party}'s ${r.injectedBy.script}` : "";
  return `${r.root} (${r.status}${via}) brought ${r.brought.join(", ")}`;
}
