// Streams one HAR file into records: entries are converted one at a time as the parser meets
// them and their bodies dropped, so a HAR of any size is read within bounded memory. A file that
// is not JSON, not a HAR or cut short is a ConfigError naming the file (exit 2); a bad entry is
// skipped and counted, and the rest is read.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { JSONParser } from "@streamparser/json";
import { ConfigError } from "../errors.js";
import { hasCookieMaterial } from "./har-cookies.js";
import { BadEntry, recordFromEntry } from "./har-entry.js";
import type { ParsedHar } from "./har-to-capture.js";
import type { HarEntry, HarLogHead, HarPage } from "./har-types.js";

const HINT =
  "Give a HAR 1.2 file: DevTools → Network → Export HAR, Firefox → Save All As HAR, a WebPageTest or browsertime HAR.";
const KNOWN_VERSIONS = new Set(["1.1", "1.2", "1.3"]);

export async function readHar(file: string, maxBodyBytes: number): Promise<ParsedHar> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new ConfigError("is not a file.", file, undefined, HINT);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(
      `cannot read the HAR (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`,
      file,
      undefined,
      HINT,
    );
  }
  const head: HarLogHead = {};
  const pages: HarPage[] = [];
  const out: ParsedHar = {
    file,
    head,
    pages,
    records: [],
    skipped: [],
    cookieMaterial: false,
    warnings: [],
  };
  let sawLog = false;
  let entryCount = 0;
  const parser = new JSONParser({
    paths: ["$.log.version", "$.log.creator", "$.log.browser", "$.log.pages.*", "$.log.entries.*"],
    keepStack: false,
  });
  parser.onValue = ({ value, key, stack }) => {
    sawLog = true;
    const where = stack[stack.length - 1]?.key;
    if (where === "entries") {
      const index = entryCount++;
      const entry = value as unknown as HarEntry;
      try {
        out.records.push(recordFromEntry(entry, index, maxBodyBytes));
        if (!out.cookieMaterial && hasCookieMaterial(entry?.request, entry?.response))
          out.cookieMaterial = true;
      } catch (err) {
        if (!(err instanceof BadEntry)) throw err;
        out.skipped.push({ index, reason: err.message });
      }
    } else if (where === "pages") {
      if (value && typeof value === "object") pages.push(value as HarPage);
    } else if (key === "version") head.version = value;
    else if (key === "creator") head.creator = value as HarLogHead["creator"];
    else if (key === "browser") head.browser = value as HarLogHead["browser"];
  };
  let bytes = 0;
  let first = true;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      let buf = chunk as Buffer;
      // Fiddler and some Windows tools write a UTF-8 byte order mark.
      if (first && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      first = false;
      bytes += buf.length;
      parser.write(buf);
    }
    if (bytes === 0) throw new ConfigError("is empty, not a HAR.", file, undefined, HINT);
    if (!parser.isEnded) parser.end();
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const msg = (err as Error).message;
    if (bytes === 0) throw new ConfigError("is empty, not a HAR.", file, undefined, HINT);
    throw new ConfigError(
      /end|unexpected end/i.test(msg) && !/token/i.test(msg)
        ? `is cut short: the JSON ends before the HAR does (${msg}). The file was probably truncated while saving or copying.`
        : `is not valid JSON (${msg}).`,
      file,
      undefined,
      HINT,
    );
  }
  if (!sawLog)
    throw new ConfigError(
      'is JSON but not a HAR: it has no "log" object with creator, pages or entries.',
      file,
      undefined,
      HINT,
    );
  if (entryCount === 0)
    throw new ConfigError(
      "is a HAR without entries: there is nothing to analyze.",
      file,
      undefined,
      HINT,
    );
  if (out.records.length === 0) {
    const why = out.skipped[0]?.reason ?? "unreadable";
    throw new ConfigError(
      `has ${entryCount} entries and none can be read (entry 1 ${why}).`,
      file,
      undefined,
      HINT,
    );
  }
  const version = typeof head.version === "string" ? head.version : undefined;
  if (!version || !KNOWN_VERSIONS.has(version))
    out.warnings.push(
      `${file}: log.version is ${version ? `"${version}"` : "missing"}, not 1.1 or 1.2: read as HAR 1.2`,
    );
  return out;
}
