// From behaviour records to fingerprinting probes: which probe families each party's scripts used
// on a page, with the APIs and counts that show it. A chart drawing on a canvas it never reads,
// a one-off navigator.language read or a site's own screen-size statistics are no probe.

import { partyOfUrl } from "../../domain/party.js";
import type { BehaviourRecord } from "../../model/capture.js";
import { CANVAS_MIN_SIDE, FONT_PROBE_MIN, NAVIGATOR_BREADTH_MIN } from "./thresholds.js";

export type ProbeFamily = "canvas" | "webgl" | "audio" | "fonts" | "navigator" | "webrtc";

export interface ProbeApi {
  api: string;
  count: number;
  script: string;
  detail?: Record<string, string | number | boolean>;
}

export interface PartyProbes {
  party: string;
  families: ProbeFamily[];
  /** The APIs that made each family, per family. */
  apis: Partial<Record<ProbeFamily, ProbeApi[]>>;
  scripts: string[];
  /** ms of the first probing call (page clock). */
  firstMs: number;
}

const CANVAS_READS = /\.(toDataURL|toBlob|getImageData|convertToBlob)$/;

/** A canvas read that identifies the browser: big enough, and not only a copied image. */
export function isCanvasProbe(r: BehaviourRecord): boolean {
  if (r.family !== "canvas" || !CANVAS_READS.test(r.api)) return false;
  const d = r.detail ?? {};
  const w = Number(d.width ?? 0);
  const h = Number(d.height ?? 0);
  if (w < CANVAS_MIN_SIDE || h < CANVAS_MIN_SIDE) return false;
  return !(d.image === true && d.text !== true && d.shapes !== true);
}

function isWebglProbe(r: BehaviourRecord): boolean {
  if (r.family !== "webgl") return false;
  return /\.getExtension$/.test(r.api) || /^UNMASKED_/.test(String(r.detail?.param ?? ""));
}

function isAudioProbe(r: BehaviourRecord): boolean {
  if (r.api === "OfflineAudioContext.startRendering") return r.detail?.oscillator === true;
  return r.api === "AnalyserNode.getFloatFrequencyData";
}

function isWebrtcProbe(r: BehaviourRecord): boolean {
  return r.family === "webrtc" && r.api !== "RTCPeerConnection";
}

/** Navigator breadth counts these too: each is one more fact about the device. */
const DEVICE_FAMILIES = new Set(["navigator", "media-devices", "battery", "permissions"]);

/** Families one party's records show (records of other parties must be filtered out first). */
export function probeFamilies(records: readonly BehaviourRecord[]): {
  families: ProbeFamily[];
  apis: Partial<Record<ProbeFamily, ProbeApi[]>>;
} {
  const apis: Partial<Record<ProbeFamily, ProbeApi[]>> = {};
  const add = (f: ProbeFamily, r: BehaviourRecord) => {
    const list = apis[f] ?? [];
    const seen = list.find((a) => a.api === r.api && a.script === r.script);
    if (seen) seen.count += r.count;
    else
      list.push({
        api: r.api,
        count: r.count,
        script: r.script,
        ...(r.detail ? { detail: r.detail } : {}),
      });
    apis[f] = list;
  };
  const fonts = new Map<string, number>();
  const navProps = new Set<string>();
  for (const r of records) {
    if (isCanvasProbe(r)) add("canvas", r);
    else if (isWebglProbe(r)) add("webgl", r);
    else if (isAudioProbe(r)) add("audio", r);
    else if (isWebrtcProbe(r)) add("webrtc", r);
    else if (r.family === "fonts" && !/measureText$/.test(r.api)) {
      fonts.set(r.api, (fonts.get(r.api) ?? 0) + r.count);
    } else if (DEVICE_FAMILIES.has(r.family)) navProps.add(r.api.replace(/^Worker/, ""));
  }
  // Each font API counts distinct fonts on its own; the widest one is the probe's breadth.
  if (Math.max(0, ...fonts.values()) >= FONT_PROBE_MIN) {
    for (const r of records) if (r.family === "fonts" && fonts.has(r.api)) add("fonts", r);
  }
  if (navProps.size >= NAVIGATOR_BREADTH_MIN) {
    for (const r of records) if (DEVICE_FAMILIES.has(r.family)) add("navigator", r);
  }
  const order: ProbeFamily[] = ["canvas", "webgl", "audio", "fonts", "navigator", "webrtc"];
  return { families: order.filter((f) => apis[f]), apis };
}

/**
 * Probes per party on one page. `scriptParty` names the party of a calling script (a blob: worker
 * is named by whoever created it); records with no party (inline code of the page) are skipped.
 */
export function partyProbes(
  records: readonly BehaviourRecord[],
  scriptParty: (script: string) => string = partyOfUrl,
): PartyProbes[] {
  const byParty = new Map<string, BehaviourRecord[]>();
  for (const r of records) {
    const party = r.script ? scriptParty(r.script) : "";
    if (!party) continue;
    byParty.set(party, [...(byParty.get(party) ?? []), r]);
  }
  const out: PartyProbes[] = [];
  for (const [party, list] of byParty) {
    const { families, apis } = probeFamilies(list);
    if (families.length === 0) continue;
    const used = Object.values(apis).flat();
    out.push({
      party,
      families,
      apis,
      scripts: [...new Set(used.map((a) => a.script))],
      firstMs: Math.min(...list.filter((r) => used.some((a) => a.api === r.api)).map((r) => r.ms)),
    });
  }
  return out.sort((a, b) => a.party.localeCompare(b.party));
}
