// A rogue or unlisted party brought onto the page by another party's script, frame or redirect:
// names who let it in ("rogue X was loaded by your authorized vendor Y via Y's script Z").

import { partyOfUrl } from "../../domain/party.js";
import type { PiggybackEvidence } from "../../model/report.js";
import { EVAL, INLINE } from "../initiator-chain.js";
import type { JudgedRequest } from "../judge-requests.js";
import { type CheckContext, defineCheck, type FindingDraft } from "./check.js";

/** Who let the party in: a vendor smuggling a partner, or the publisher's own deployment. */
export type PiggybackVia = PiggybackEvidence["via"];

/**
 * The loader (the page's own domain for `first-party`), its script, frame or redirect hop nearest
 * the receiver, the rogue parties the chain crossed between them, and for a tag manager its
 * container (script URL) and the container id read from it, if any.
 */
export type PiggybackLoader = Pick<
  PiggybackEvidence,
  "via" | "loader" | "script" | "scriptKind" | "through" | "container" | "containerId"
>;

/** GTM-XXXXXXX, TP-4F2K9, …: the shape tag managers give container ids in their script URLs. */
const CONTAINER_ID = /^[A-Z]{2,5}-(?=[A-Z0-9]*\d)[A-Z0-9]{4,12}$/;

/** A container id named by the script URL (`?id=GTM-…` or a file name `TP-PB7Q2.js`). */
export function containerIdOf(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  for (const [, v] of u.searchParams) if (CONTAINER_ID.test(v)) return v;
  const file =
    u.pathname
      .split("/")
      .pop()
      ?.replace(/(\.min)?\.js$/i, "") ?? "";
  return CONTAINER_ID.test(file) ? file : undefined;
}

const isLabel = (u: string) => u === INLINE || u === EVAL;

/**
 * Walks the chain back from the receiver (its last element). The loader is the nearest party
 * before the receiver that is not rogue: a rogue intermediary (an iframe of a partner) is passed
 * through and listed, so "skimlytics via partnerhub's iframe" still names the authorized vendor
 * whose script brought partnerhub. Inline and eval scripts have no party and are skipped: the
 * script that inserted them is their loader. Undefined when nothing but the page brought it in.
 */
export function findLoader(
  ctx: CheckContext<"requests" | "parties">,
  jr: JudgedRequest,
  chain: readonly string[],
  receiver: string,
): PiggybackLoader | undefined {
  const firstParty = ctx.pages[jr.pageIndex]?.firstParty ?? new Set<string>();
  const hops = new Set(jr.request.redirects.map((h) => h.url));
  const through: string[] = [];
  for (let i = chain.length - 2; i >= 0; i--) {
    const url = chain[i] as string;
    if (isLabel(url)) continue;
    const party = partyOfUrl(url);
    if (party === "" || party === receiver) continue;
    const scriptKind = hops.has(url) ? "redirect" : isFrame(jr, url) ? "frame" : "script";
    if (firstParty.has(party))
      return { via: "first-party", loader: party, script: url, scriptKind, through };
    const status = ctx.partyByDomain.get(party)?.status;
    if (status === "rogue") {
      if (!through.includes(party)) through.unshift(party);
      continue;
    }
    const placedByPage = chain
      .slice(0, i)
      .every((u) => isLabel(u) || firstParty.has(partyOfUrl(u)));
    const containerId = containerIdOf(url);
    const category = ctx.partyByDomain.get(party)?.category;
    const tagManager = category === "tag-manager" || (placedByPage && containerId !== undefined);
    return {
      via: tagManager ? "tag-manager" : "vendor",
      loader: party,
      script: url,
      scriptKind,
      through,
      ...(tagManager ? { container: url, ...(containerId ? { containerId } : {}) } : {}),
    };
  }
  return rootLoader(jr, chain, through);
}

/**
 * Nothing but rogue parties stood between the page and the receiver: the outermost of them is the
 * root that brought the rest (a rogue ad exchange bringing three more rogue parties is the one
 * entry to remove), reported whatever its own status.
 */
function rootLoader(
  jr: JudgedRequest,
  chain: readonly string[],
  through: string[],
): PiggybackLoader | undefined {
  const root = through[0];
  if (!root) return undefined;
  const hops = new Set(jr.request.redirects.map((h) => h.url));
  // The root's own script nearest the receiver: the one that did the loading.
  const script =
    [...chain.slice(0, -1)].reverse().find((u) => !isLabel(u) && partyOfUrl(u) === root) ?? "";
  const scriptKind = hops.has(script) ? "redirect" : isFrame(jr, script) ? "frame" : "script";
  return { via: "vendor", loader: root, script, scriptKind, through: through.slice(1) };
}

function isFrame(jr: JudgedRequest, url: string): boolean {
  return jr.page.frames.some((f) => f.url === url);
}

/**
 * Severity: a rogue party brought by a vendor is `high` (the vendor shares the audience with a
 * partner nobody approved); by a rogue party that the page (or only rogue parties) brought,
 * `medium` (that root is the one entry to remove); by the publisher's tag manager or own script it is the publisher's
 * deployment, `low` (rogue-party already carries the weight; this names the container); a rogue
 * domain of the vendor's own company (per the company map) is `medium`. Without an allowlist
 * (unlisted parties) nothing is known to be wrong: a vendor's partner is `info` (who brought whom)
 * and the publisher's own deployments are not reported (that is how every tag gets on a page).
 */
function severityOf(
  receiverStatus: string,
  l: PiggybackLoader,
  sameCompany: boolean,
  loaderStatus: string | undefined,
): FindingDraft["severity"] | undefined {
  if (receiverStatus !== "rogue") return l.via === "vendor" ? "info" : undefined;
  if (l.via !== "vendor") return "low";
  // An unapproved loader bringing more unapproved parties: the root to remove.
  if (loaderStatus === "rogue") return "medium";
  return sameCompany ? "medium" : "high";
}

const stripQuery = (u: string) => u.replace(/[?#].*$/, "");

/** "rogue X was loaded by your authorized vendor Y via Y's script Z (through W)". */
function sentence(f: { party?: string; evidence: PiggybackEvidence }): string {
  const e = f.evidence;
  const who = `${e.receiverStatus === "rogue" ? "rogue " : ""}${f.party}`;
  const through =
    Array.isArray(e.through) && e.through.length ? ` (through ${e.through.join(", ")})` : "";
  const hop =
    e.scriptKind === "redirect" ? "redirect" : e.scriptKind === "frame" ? "frame" : "script";
  if (e.via === "tag-manager") {
    const id = e.containerId ? ` container ${e.containerId}` : "";
    return `${who} was deployed by your own tag manager ${e.loader}${id} (${e.container})${through}`;
  }
  if (e.via === "first-party") return `${who} was loaded by your own script ${e.script}${through}`;
  const vendor = e.loaderStatus === "authorized" ? "your authorized vendor" : "";
  return `${who} was loaded by ${vendor} ${e.loader} via ${e.loader}'s ${hop} ${e.script}${through}`.replace(
    / {2,}/g,
    " ",
  );
}

type Pending = Omit<FindingDraft<"piggyback">, "evidence"> & {
  evidence: Omit<PiggybackEvidence, "pages" | "requests">;
  pages: string[];
  requests: number;
};

export const piggybackCheck = defineCheck({
  meta: {
    code: "piggyback",
    title: "Party brought in by another party",
    description:
      "A rogue or unlisted party was loaded by another party's script, frame or redirect, not by the site: the evidence names the loader and its script (\"rogue X was loaded by your authorized vendor Y via Y's script Z\"). When the loader is the site's own tag manager (via: tag-manager, with the container and its id) or its own script (via: first-party), it is the publisher's own deployment: remove it from the container or authorize it.",
    severity: "high",
    severityRules: [
      { severity: "medium", when: "the rogue party belongs to the loader's own company" },
      {
        severity: "medium",
        when: "the loader is itself rogue, brought by the page or by rogue parties only (the root to remove)",
      },
      { severity: "low", when: "the site's own tag manager or script deployed a rogue party" },
      {
        severity: "info",
        when: "no allowlist was given and a vendor brought a partner (the site's own deployments are then not reported)",
      },
    ],
    sentence,
  },
  requires: ["requests", "parties"],
  run(ctx) {
    const found = new Map<string, Pending>();
    for (const jr of ctx.requests) {
      for (const c of jr.contacts) {
        const receiver = ctx.partyByDomain.get(c.party);
        if (!receiver || (receiver.status !== "rogue" && receiver.status !== "unlisted")) continue;
        const loader = findLoader(ctx, jr, c.chain, c.party);
        if (!loader) continue;
        const entity = receiver.entity;
        const same =
          entity !== undefined && ctx.partyByDomain.get(loader.loader)?.entity === entity;
        const severity = severityOf(
          receiver.status,
          loader,
          same,
          ctx.partyByDomain.get(loader.loader)?.status,
        );
        if (!severity) continue;
        const key = JSON.stringify([loader.via, stripQuery(loader.script)]);
        const id = JSON.stringify([c.party, loader.loader, key]);
        const hit = found.get(id);
        if (hit) {
          hit.requests++;
          if (!hit.pages.includes(jr.page.url)) hit.pages.push(jr.page.url);
          continue;
        }
        found.set(id, {
          severity,
          party: c.party,
          page: jr.page.url,
          parties: [loader.loader],
          key,
          pages: [jr.page.url],
          requests: 1,
          evidence: {
            receiver: c.party,
            receiverStatus: receiver.status,
            ...loader,
            ...(ctx.partyByDomain.get(loader.loader)?.status
              ? { loaderStatus: ctx.partyByDomain.get(loader.loader)?.status }
              : {}),
            ...(same ? { sameCompany: entity } : {}),
            request: c.url,
            chain: [jr.page.url, ...c.chain],
          },
        });
      }
    }
    return [...found.values()].map(({ pages, requests, ...d }) => ({
      ...d,
      evidence: { ...d.evidence, pages, requests },
    }));
  },
});
