// The bytes every script response delivered, hashed as they arrive (Network.getResponseBody after
// loadingFinished, base64-decoded when CDP hands it so): external scripts are fingerprinted from
// the body as delivered, not from the source text the engine compiled. Bodies are not kept.
import type { CapturedScript, CapturedTarget } from "../model/capture.js";
import type { CdpEvent, CdpSession } from "./cdp-connection.js";
import type { Collector } from "./collector.js";
import {
  bodyBytes,
  integrityHolds,
  normalisedHash,
  type SriAlgorithm,
  sriDigests,
} from "./script-hash.js";

export interface ScriptBody {
  url: string;
  /** "sha256-…", or null when the browser would not hand the body over. */
  hash: string | null;
  hashError?: string;
  bytes?: number;
  normalisedHash?: string;
  digests?: Record<SriAlgorithm, string>;
}

const SCRIPT_MIME = /javascript|ecmascript|^text\/jscript/i;

export class ScriptBodiesCollector implements Collector {
  /** Per URL, in the order the responses finished. */
  private readonly byUrl = new Map<string, ScriptBody[]>();
  private readonly pending = new Set<Promise<unknown>>();

  attach(session: CdpSession, _target: CapturedTarget): Promise<void> {
    const scriptUrls = new Map<string, string>();
    session.on("Network.responseReceived", (p) => {
      if (isScriptResponse(p)) scriptUrls.set(p.requestId, p.response.url);
    });
    session.on("Network.loadingFinished", (p) => {
      const url = scriptUrls.get(p.requestId);
      if (url === undefined) return;
      scriptUrls.delete(p.requestId);
      this.read(session, p.requestId, url);
    });
    // Network.enable is the network collector's; listening is all this one needs.
    return Promise.resolve();
  }

  /** The bodies delivered for a URL, in order (several when the URL was loaded more than once). */
  bodies(url: string): readonly ScriptBody[] {
    return this.byUrl.get(url) ?? [];
  }

  /** Waits for the body reads still running (bounded by the caller). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private read(session: CdpSession, requestId: string, url: string): void {
    const entry: ScriptBody = { url, hash: null, hashError: "body still being read" };
    this.byUrl.set(url, [...(this.byUrl.get(url) ?? []), entry]);
    const p = session
      .send("Network.getResponseBody", { requestId })
      .then((res) => {
        const buf = bodyBytes(String(res.body ?? ""), res.base64Encoded === true);
        const digests = sriDigests(buf);
        Object.assign(entry, {
          hash: digests.sha256,
          bytes: buf.length,
          normalisedHash: normalisedHash(buf.toString("utf8")),
          digests,
        });
        delete entry.hashError;
      })
      .catch((err: Error) => {
        entry.hashError = `the browser no longer holds the response body (${err.message})`;
      });
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}

function isScriptResponse(p: CdpEvent<"Network.responseReceived">): boolean {
  return p.type === "Script" || SCRIPT_MIME.test(p.response.mimeType ?? "");
}

/**
 * External scripts get the hash of the body delivered for their URL (the n-th script compiled from
 * a URL pairs with its n-th response); one without a readable body gets null and the reason.
 */
export function hashScripts(
  scripts: readonly CapturedScript[],
  bodiesOf: (url: string) => readonly ScriptBody[],
  integrityByUrl: ReadonlyMap<string, string>,
): CapturedScript[] {
  const used = new Map<string, number>();
  return scripts.map((s) => {
    if (s.kind !== "url") return s;
    const bodies = bodiesOf(s.url);
    const n = used.get(s.url) ?? 0;
    used.set(s.url, n + 1);
    const body = bodies[Math.min(n, bodies.length - 1)];
    if (!body) return { ...s, hash: null, hashError: "no response body was seen for this URL" };
    const attribute = integrityByUrl.get(s.url);
    return {
      ...s,
      hash: body.hash,
      ...(body.hashError ? { hashError: body.hashError } : {}),
      ...(body.bytes !== undefined ? { bytes: body.bytes } : {}),
      ...(body.normalisedHash ? { normalisedHash: body.normalisedHash } : {}),
      ...(attribute !== undefined
        ? {
            integrity: {
              attribute,
              valid: body.digests ? integrityHolds(attribute, body.digests) : false,
            },
          }
        : {}),
    };
  });
}
