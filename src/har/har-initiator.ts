// A HAR entry's initiator in the Capture's shape. Chromium DevTools writes the CDP initiator
// object (`_initiator` with a stack), chrome-har writes it as a JSON string (`_initiator_detail`),
// WebPageTest and chrome-har also write the initiating URL alone (`_initiator`, `_initiator_line`).
// An entry with none of these gets type "unknown": its chain is marked unknown, never invented.
import type { CapturedInitiator, CapturedStack, StackFrame } from "../model/capture.js";
import type { HarEntry } from "./har-types.js";

/** Initiator type of an entry whose exporter recorded none. */
export const UNKNOWN_INITIATOR = "unknown";

const MAX_STACK_DEPTH = 64;

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function frameOf(f: unknown): StackFrame | undefined {
  if (!f || typeof f !== "object") return undefined;
  const o = f as Record<string, unknown>;
  return {
    url: str(o.url) ?? "",
    functionName: str(o.functionName) ?? "",
    scriptId: str(o.scriptId) ?? "",
    lineNumber: num(o.lineNumber) ?? 0,
    columnNumber: num(o.columnNumber) ?? 0,
  };
}

/** CDP Runtime.StackTrace (callFrames, parent) to the Capture's stack. */
export function stackOf(s: unknown, depth = 0): CapturedStack | undefined {
  if (!s || typeof s !== "object" || depth > MAX_STACK_DEPTH) return undefined;
  const o = s as Record<string, unknown>;
  const frames = (Array.isArray(o.callFrames) ? o.callFrames : [])
    .map(frameOf)
    .filter((f): f is StackFrame => f !== undefined);
  const parent = stackOf(o.parent, depth + 1);
  const description = str(o.description);
  return {
    ...(description ? { description } : {}),
    frames,
    ...(parent ? { parent } : {}),
  };
}

/** The CDP Network.Initiator object, as DevTools and chrome-har store it. */
function fromCdp(o: Record<string, unknown>): CapturedInitiator | undefined {
  const type = str(o.type);
  if (!type) return undefined;
  const url = str(o.url);
  const line = num(o.lineNumber);
  const stack = stackOf(o.stack);
  const requestId = str(o.requestId);
  return {
    type,
    ...(url ? { url } : {}),
    ...(line !== undefined ? { lineNumber: line } : {}),
    ...(stack ? { stack } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

function parseDetail(detail: unknown): Record<string, unknown> | undefined {
  if (detail && typeof detail === "object") return detail as Record<string, unknown>;
  if (typeof detail !== "string" || detail === "") return undefined;
  try {
    const o = JSON.parse(detail) as unknown;
    return o && typeof o === "object" ? (o as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The initiator as far as the entry tells: the full CDP object first (it carries async stacks),
 * then a bare URL (a one-frame stack for scripts, so the chain still joins with that script's own
 * load), else "unknown".
 */
export function harInitiator(entry: HarEntry): CapturedInitiator {
  const detail = parseDetail(entry._initiator_detail) ?? parseDetail(entry._initiator);
  const cdp = detail ? fromCdp(detail) : undefined;
  if (cdp) return cdp;
  const url = str(entry._initiator);
  const type = str(entry._initiator_type)?.toLowerCase();
  if (url && /^[a-z][a-z0-9+.-]*:/i.test(url)) {
    const lineNumber = Math.max(0, (num(entry._initiator_line) ?? 1) - 1);
    if (type === "parser") return { type: "parser", url, lineNumber };
    const columnNumber = Math.max(0, (num(entry._initiator_column) ?? 1) - 1);
    return {
      type: type ?? "script",
      url,
      lineNumber,
      stack: { frames: [{ url, functionName: "", scriptId: "", lineNumber, columnNumber }] },
    };
  }
  // A type without a URL ("other": typed in, or the browser's own) is still an answer.
  if (type && type !== UNKNOWN_INITIATOR) return { type };
  return { type: UNKNOWN_INITIATOR };
}
