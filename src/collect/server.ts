// `skimscan collect`: an HTTP endpoint for the CSP reports of real visitors' browsers. Each body is
// checked (method, type, size, JSON, shape), rate-limited per client, judged against the allowlist
// and stored before it is acknowledged; anything refused gets a 4xx and is counted, never a crash.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Allowlist } from "../config/allowlist.js";
import { groupCommit } from "./group-commit.js";
import { judgeReport, type StoredReport } from "./judge-report.js";
import { BadReport, parseReportBody, REPORT_TYPES } from "./parse-reports.js";
import { RateLimiter } from "./rate-limit.js";
import type { ReportStore } from "./store.js";

export interface CollectorOptions {
  port: number;
  host: string;
  store: ReportStore;
  allowlist?: Allowlist;
  keepQuery: boolean;
  maxBodyBytes: number;
  /** Reports per minute per client. */
  ratePerMinute: number;
  log?: (level: "info" | "warn", message: string) => void;
  /** Called after rows are durably stored (tests wait on it). */
  onStored?: (rows: readonly StoredReport[]) => void;
}

export interface Collector {
  port: number;
  url: string;
  /** Accepted reports and refused requests (by reason) since start. */
  counters: { accepted: number; rejected: Record<string, number> };
  /** Stops taking requests, finishes those in flight, closes the store. */
  close(): Promise<void>;
}

const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
  "Access-Control-Max-Age": "86400",
};

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startCollector(opts: CollectorOptions): Promise<Collector> {
  const limiter = new RateLimiter(opts.ratePerMinute);
  const store = groupCommit(opts.store);
  const counters = { accepted: 0, rejected: {} as Record<string, number> };
  const inFlight = new Set<Promise<void>>();
  let closing = false;
  let pendingRejections: string[] = [];
  const flushRejections = async () => {
    const batch = pendingRejections;
    pendingRejections = [];
    for (const reason of batch) await store.reject(reason).catch(() => undefined);
  };
  const flushTimer = setInterval(() => void flushRejections(), 2000);
  flushTimer.unref();
  const server = http.createServer((req, res) => {
    const work = handle(req, res).catch(() => undefined);
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;

  const refuse = async (res: http.ServerResponse, e: Refused) => {
    counters.rejected[e.reason] = (counters.rejected[e.reason] ?? 0) + 1;
    // Counted in memory and written every few seconds: a flood must not become a flood of writes.
    pendingRejections.push(e.reason);
    if (!res.headersSent)
      res.writeHead(e.status, {
        ...CORS,
        "Content-Type": "text/plain; charset=utf-8",
        // An unread body stays on the connection: close it rather than read a flood.
        ...(e.status === 413 ? { Connection: "close" } : {}),
      });
    res.end(`${e.message}\n`);
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      if (closing) throw new Refused(503, "shutting-down", "the collector is stopping");
      if (req.method === "OPTIONS") {
        res.writeHead(204, CORS);
        return void res.end();
      }
      if (req.method !== "POST") throw new Refused(405, "method", "only POST carries reports");
      const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      if (!REPORT_TYPES.includes(type))
        throw new Refused(415, "content-type", `not a report content type: '${type}'`);
      const client = req.socket.remoteAddress ?? "?";
      if (!limiter.take(client)) throw new Refused(429, "rate-limited", "too many reports");
      const body = await readCapped(req, opts.maxBodyBytes);
      let rows: StoredReport[];
      try {
        const at = new Date();
        const ua = req.headers["user-agent"];
        rows = parseReportBody(type, body, { keepQuery: opts.keepQuery }).map((r) =>
          judgeReport(r, at, opts.allowlist, ua),
        );
      } catch (err) {
        if (err instanceof BadReport) throw new Refused(400, err.reason, err.message);
        throw err;
      }
      await store.insert(rows);
      counters.accepted += rows.length;
      opts.onStored?.(rows);
      res.writeHead(204, CORS);
      res.end();
    } catch (err) {
      if (err instanceof Refused) return refuse(res, err);
      opts.log?.("warn", `could not store a report: ${(err as Error).message}`);
      await refuse(res, new Refused(500, "store-error", "the report could not be stored"));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  return {
    port,
    url: `http://${hostPart}:${port}/`,
    counters,
    async close() {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await stopped;
      clearInterval(flushTimer);
      await flushRejections();
      await store.close();
    },
  };
}

/** The body as text, refused with 413 as soon as it passes the cap (declared or streamed). */
function readCapped(req: http.IncomingMessage, max: number): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > max)
    return Promise.reject(new Refused(413, "too-large", `the body is over ${max} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.pause();
        reject(new Refused(413, "too-large", `the body is over ${max} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
