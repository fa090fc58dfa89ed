// Saving and loading the raw Capture (`--save-capture`, `skimscan report FILE`): the JSON Lines a
// crawl streams, and the single-JSON form of earlier versions and in-memory captures.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { isCaptureLines, readCaptureLines } from "../crawl/capture-stream.js";
import { ConfigError } from "../errors.js";
import { CAPTURE_VERSION, type Capture, READABLE_CAPTURE_VERSIONS } from "../model/capture.js";

export async function saveCapture(file: string, capture: Capture): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, `${JSON.stringify(capture)}\n`);
}

/** Reads either form: the JSON Lines a crawl streams, or one JSON Capture. */
export async function loadCapture(file: string): Promise<Capture> {
  let lines = false;
  try {
    lines = await isCaptureLines(file);
  } catch {
    // Unreadable: the single-JSON path below says why.
  }
  if (lines) {
    let c: Capture;
    try {
      c = await readCaptureLines(file);
    } catch (err) {
      throw new ConfigError(`is a damaged capture: ${(err as Error).message}`, file);
    }
    return checkCapture(c, file);
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new ConfigError(
      `cannot read the capture (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`,
      file,
      undefined,
      "Give the file written by `skimscan scan … --save-capture FILE`.",
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`is not JSON: ${(err as Error).message}`, file);
  }
  return checkCapture(data as Partial<Capture>, file);
}

function checkCapture(c: Partial<Capture>, file: string): Capture {
  if (!c || typeof c !== "object" || !("captureVersion" in c)) {
    throw new ConfigError(
      "is not a skimscan capture (no captureVersion).",
      file,
      undefined,
      "A report JSON cannot be replayed; give the file written by --save-capture.",
    );
  }
  if (!READABLE_CAPTURE_VERSIONS.includes(c.captureVersion as number)) {
    throw new ConfigError(
      `has captureVersion ${String(c.captureVersion)}; this skimscan reads versions ${READABLE_CAPTURE_VERSIONS.join(" and ")} (it writes ${CAPTURE_VERSION}).`,
      file,
    );
  }
  if (!Array.isArray(c.pages) || typeof c.startedAt !== "string") {
    throw new ConfigError("is a damaged capture (pages or startedAt missing).", file);
  }
  return c as Capture;
}
