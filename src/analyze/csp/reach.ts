// Which policy governs a request: the one the site sends on its own documents (and workers), or
// none of the site's at all — a cross-origin frame or worker runs under its own origin's policy.

import { hostOf, partyOf } from "../../domain/party.js";
import type { ReportRequest } from "../../model/report.js";
import { destinationOf, type RequestDestination } from "./policy.js";

export type Reach =
  /** Governed by the site's policy (a first-party document or worker made it). */
  | "in"
  /** Made inside a third party's frame or worker: the site's policy cannot stop it. */
  | "out"
  /** The page's own top document: loaded before any policy applies. */
  | "top";

type Req = Pick<ReportRequest, "url" | "kind" | "type" | "target" | "frame">;

/** A worker's own script: requested under the worker's URL as its "frame". */
export function isWorkerScript(r: Req): boolean {
  return r.type === "Script" && r.kind !== "iframe" && sameResource(r.url, r.frame);
}

function sameResource(a: string, b: string): boolean {
  return a.split("#")[0] === b.split("#")[0];
}

/** Where the request stands relative to a policy served on the site's first-party responses. */
export function reachOf(r: Req, firstParty: ReadonlySet<string>): Reach {
  if (r.kind === "document") return "top";
  // A frame's navigation is checked against its parent's frame-src: the parent made it.
  if (r.kind === "iframe") return r.target === "page" ? "in" : containerReach(r, firstParty);
  // A worker's own script is checked against the registering document's worker-src.
  if (isWorkerScript(r)) return r.target === "page" || r.target === "service_worker" ? "in" : "out";
  return containerReach(r, firstParty);
}

function containerReach(r: Req, firstParty: ReadonlySet<string>): Reach {
  const frame = r.frame;
  // about:blank, srcdoc, blob: and data: documents and workers inherit their creator's policy.
  if (!/^(https?|wss?):/i.test(frame)) return "in";
  return firstParty.has(partyOf(hostOf(frame))) ? "in" : "out";
}

/** The destination of a report request (worker scripts and beacons told apart). */
export function destinationOfRequest(r: Req): RequestDestination {
  return destinationOf(r.type, { isWorkerScript: isWorkerScript(r), beacon: r.kind === "beacon" });
}
