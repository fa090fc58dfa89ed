// The Capture as JSON Lines, so a long crawl holds no page once it is done: a header line (the
// run's metadata), one line per page as it completes, a footer line (finish time, partial,
// warnings). Readers take this form and the older single-JSON Capture alike.
import { createReadStream, type WriteStream } from "node:fs";
import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Capture, CapturedPage } from "../model/capture.js";

/** Everything of a Capture that is known before the first page: the header line. */
export type CaptureHeader = Omit<Capture, "pages" | "finishedAt" | "partial" | "warnings">;
export type CaptureFooter = Pick<Capture, "finishedAt" | "partial" | "warnings">;

/** Where a crawl puts its pages as they finish. */
export interface CaptureSink {
  header(h: CaptureHeader): Promise<void>;
  page(p: CapturedPage): Promise<void>;
  footer(f: CaptureFooter): Promise<void>;
}

type Line =
  | ({ type: "header" } & CaptureHeader)
  | { type: "page"; page: CapturedPage }
  | ({ type: "footer" } & CaptureFooter);

/** Writes the JSON Lines capture; pages are written (and released) one at a time. */
export class CaptureFileWriter implements CaptureSink {
  private out: WriteStream | undefined;
  private failed: Error | undefined;
  pages = 0;

  constructor(readonly file: string) {}

  async header(h: CaptureHeader): Promise<void> {
    await mkdir(path.dirname(path.resolve(this.file)), { recursive: true });
    // Opened here so an unwritable path is a rejected promise, never a stream 'error' event that
    // nobody listens to (which would end the process).
    const fh = await open(this.file, "w");
    const out = fh.createWriteStream();
    out.on("error", (e) => {
      this.failed ??= e;
    });
    this.out = out;
    await this.write({ type: "header", ...h });
  }

  async page(p: CapturedPage): Promise<void> {
    this.pages++;
    await this.write({ type: "page", page: p });
  }

  async footer(f: CaptureFooter): Promise<void> {
    await this.write({ type: "footer", ...f });
    const out = this.out;
    this.out = undefined;
    if (out)
      await new Promise<void>((resolve, reject) =>
        out.end((e?: Error) => (e ? reject(e) : resolve())),
      );
  }

  private write(line: Line): Promise<void> {
    const out = this.out;
    if (!out) return Promise.reject(new Error("capture stream written before its header"));
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      // Waiting for each write to flush keeps a fast crawl from piling pages up in memory.
      out.write(`${JSON.stringify(line)}\n`, (e) => (e ? reject(e) : resolve()));
    });
  }
}

/** Keeps the whole Capture in memory (scan(), the bench's bare comparisons, small scans). */
export class CaptureCollector implements CaptureSink {
  private h: CaptureHeader | undefined;
  private f: CaptureFooter | undefined;
  readonly pages: CapturedPage[] = [];

  async header(h: CaptureHeader): Promise<void> {
    this.h = h;
  }
  async page(p: CapturedPage): Promise<void> {
    this.pages.push(p);
  }
  async footer(f: CaptureFooter): Promise<void> {
    this.f = f;
  }

  capture(): Capture {
    if (!this.h || !this.f) throw new Error("the capture is not finished");
    return { ...this.h, ...this.f, pages: inVisitOrder(this.pages) };
  }
}

/** True when the file starts with a JSON Lines capture header rather than a whole JSON Capture. */
export async function isCaptureLines(file: string): Promise<boolean> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(64);
    const { bytesRead } = await fh.read(buf, 0, 64, 0);
    return /^\s*\{"type":"header"/.test(buf.subarray(0, bytesRead).toString("utf8"));
  } finally {
    await fh.close();
  }
}

const CUT_SHORT = "the capture file ends early (the scan was cut off): only its pages are here";

/**
 * Reads a JSON Lines capture into a Capture. A file cut short (the process was killed, even in
 * the middle of a line) still yields its complete pages, marked partial, with a warning; a
 * damaged line with more lines after it throws with its number.
 */
export async function readCaptureLines(file: string): Promise<Capture> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let header: CaptureHeader | undefined;
  let footer: CaptureFooter | undefined;
  const pages: CapturedPage[] = [];
  let n = 0;
  // A line that is not JSON is an error unless it is the last one and has no newline: the last
  // line of a file cut short is simply incomplete.
  let unreadable: { n: number; message: string } | undefined;
  for await (const text of lines) {
    n++;
    if (!text.trim()) continue;
    if (unreadable) throw new Error(`line ${unreadable.n} is not JSON: ${unreadable.message}`);
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch (err) {
      unreadable = { n, message: (err as Error).message };
      continue;
    }
    if (line.type === "header") {
      const { type: _, ...h } = line;
      header = h;
    } else if (line.type === "page") pages.push(line.page);
    else if (line.type === "footer") {
      const { type: _, ...f } = line;
      footer = f;
    } else throw new Error(`line ${n} is neither header, page nor footer`);
  }
  // A writer ends every line with "\n": an unreadable last line with its newline is damage.
  if (unreadable && (await endsWithNewline(file))) {
    throw new Error(`line ${unreadable.n} is not JSON: ${unreadable.message}`);
  }
  if (!header) {
    throw new Error(
      unreadable ? `line ${unreadable.n} is not JSON: ${unreadable.message}` : "no header line",
    );
  }
  const last = pages.at(-1)?.finishedAt ?? header.startedAt;
  const cut = unreadable ? ` (line ${unreadable.n} is cut in the middle)` : "";
  return {
    ...header,
    ...(footer && !unreadable
      ? footer
      : {
          finishedAt: last,
          partial: true,
          warnings: [...(footer?.warnings ?? []), `${CUT_SHORT}${cut}`],
        }),
    pages: inVisitOrder(pages),
  };
}

async function endsWithNewline(file: string): Promise<boolean> {
  const fh = await open(file, "r");
  try {
    const { size } = await fh.stat();
    if (size === 0) return false;
    const buf = Buffer.alloc(1);
    await fh.read(buf, 0, 1, size - 1);
    return buf[0] === 0x0a;
  } finally {
    await fh.close();
  }
}

/**
 * Pages are streamed as they finish, which depends on timing; a Capture lists them in the order
 * they were handed out ("p1", "p2", …), so a report's page order and firstSeen are deterministic.
 */
export function inVisitOrder(pages: CapturedPage[]): CapturedPage[] {
  const n = (p: CapturedPage) => Number(/^p(\d+)$/.exec(p.id)?.[1] ?? Number.MAX_SAFE_INTEGER);
  return pages
    .map((p, i) => ({ p, i, n: n(p) }))
    .sort((a, b) => a.n - b.n || a.i - b.i)
    .map((x) => x.p);
}
