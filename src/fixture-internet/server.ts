// The local fixture internet: one loopback server (TLS and plain HTTP on the same port) that
// serves fixtures/sites/<hostname>/ by Host header. Chromium reaches it through
// --host-resolver-rules="MAP * 127.0.0.1:PORT", so tests, the demo and the bench never touch the web.
import { readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import path from "node:path";
import { WebSocketServer } from "ws";
import { FIXTURES_DIR, PACKAGE_ROOT } from "../package-info.js";
import { contentTypeOf } from "./content-type.js";
import { loadRoutes, matchRoute, type Route } from "./routes.js";

export interface ReceivedRequest {
  host: string;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  secure: boolean;
}

/** Answers a request for a host programmatically; return false to fall through to files. */
export type HostHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: Buffer,
) => boolean | Promise<boolean>;

export interface FixtureServerOptions {
  /** Folder holding one sub-folder per hostname. Defaults to the bundled fixtures/sites. */
  root?: string;
  /** Hosts served by code instead of (or before) files, e.g. the bench's generated site. */
  handlers?: Record<string, HostHandler>;
  port?: number;
}

export interface FixtureServer {
  port: number;
  /** Pass to `--host-rules`. */
  hostRules: string;
  /** Every request received, in order (tests assert against it). */
  received: ReceivedRequest[];
  /**
   * Resolves with the first matching request, among those already received (from index `since`,
   * default 0: all of them) or still to come.
   */
  waitForRequest(
    match: (r: ReceivedRequest) => boolean,
    opts?: { timeoutMs?: number; since?: number },
  ): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

export const SITES_DIR = path.join(FIXTURES_DIR, "sites");

export async function startFixtureServer(opts: FixtureServerOptions = {}): Promise<FixtureServer> {
  const root = opts.root ?? SITES_DIR;
  const received: ReceivedRequest[] = [];
  const waiters = new Set<(r: ReceivedRequest) => void>();
  const record = (r: ReceivedRequest) => {
    received.push(r);
    for (const w of [...waiters]) w(r);
  };
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, secure: boolean) => {
    const body = await readBody(req);
    const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    const url = new URL(req.url ?? "/", `https://${host}`);
    record({
      host,
      method: req.method ?? "GET",
      path: url.pathname + url.search,
      headers: req.headers,
      body,
      secure,
    });
    try {
      const handler = opts.handlers?.[host];
      if (handler && (await handler(req, res, body))) return;
      await serveFromFiles(root, host, url, req, res, body);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`fixture server error: ${(err as Error).message}`);
    }
  };

  const tls = {
    key: readFileSync(path.join(FIXTURES_DIR, "tls/key.pem")),
    cert: readFileSync(path.join(FIXTURES_DIR, "tls/cert.pem")),
  };
  const httpsServer = https.createServer(tls, (req, res) => void handle(req, res, true));
  const httpServer = http.createServer((req, res) => void handle(req, res, false));
  const wss = new WebSocketServer({ noServer: true });
  wss.on("connection", (socket) => {
    socket.on("message", (data) => socket.send(`echo:${data.toString()}`));
    socket.send("hello");
  });
  for (const server of [httpsServer, httpServer]) {
    server.on("upgrade", (req, socket, head) => {
      record({
        host: (req.headers.host ?? "").replace(/:\d+$/, ""),
        method: "GET",
        path: req.url ?? "/",
        headers: req.headers,
        body: Buffer.alloc(0),
        secure: server === httpsServer,
      });
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
    });
    server.keepAliveTimeout = 1000;
  }

  // One port for both schemes: a TLS ClientHello starts with byte 0x16.
  const sockets = new Set<net.Socket>();
  const front = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.once("readable", () => {
      const first = socket.read(1) as Buffer | null;
      if (!first) return socket.destroy();
      socket.unshift(first);
      (first[0] === 0x16 ? httpsServer : httpServer).emit("connection", socket);
    });
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    front.once("error", reject);
    front.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (front.address() as net.AddressInfo).port;
  return {
    port,
    hostRules: `MAP * 127.0.0.1:${port}`,
    received,
    waitForRequest: (match, { timeoutMs = 30_000, since = 0 } = {}) =>
      new Promise((resolve, reject) => {
        const seen = received.slice(since).find(match);
        if (seen) return resolve(seen);
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`fixture server: no matching request within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (r: ReceivedRequest) => {
          if (!match(r)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(r);
        };
        waiters.add(waiter);
      }),
    close: async () => {
      for (const s of sockets) s.destroy();
      wss.close();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function serveFromFiles(
  root: string,
  host: string,
  url: URL,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: Buffer,
): Promise<void> {
  const siteDir = path.join(root, host);
  if (!isDir(siteDir)) {
    res.writeHead(502, { "content-type": "text/plain" });
    res.end(`no fixture site for host ${host}`);
    return;
  }
  const route = matchRoute(await loadRoutes(siteDir), url.pathname);
  if (route) return serveRoute(siteDir, route, url, req, res, body);
  const file = resolveFile(siteDir, url.pathname);
  if (!file) {
    res.writeHead(404, { "content-type": "text/html" });
    res.end("<!doctype html><title>Not found</title><h1>404</h1>");
    return;
  }
  res.writeHead(200, { "content-type": contentTypeOf(file), "cache-control": "no-store" });
  res.end(await readFile(file));
}

async function serveRoute(
  siteDir: string,
  route: Route,
  url: URL,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: Buffer,
): Promise<void> {
  if (route.hang) return; // never answers: a page that never stops loading
  if (route.delayMs) await new Promise((r) => setTimeout(r, route.delayMs));
  const headers: Record<string, string | string[]> = { "cache-control": "no-store" };
  // `{{now}}` in a body: a response that differs every time (a volatile script).
  let payload: Buffer | string = (route.body ?? "").replaceAll("{{now}}", String(Date.now()));
  if (route.file) {
    const file = resolveFile(siteDir, route.file);
    if (!file) throw new Error(`route file ${route.file} missing in ${siteDir}`);
    payload = await readFile(file);
    headers["content-type"] = contentTypeOf(file);
  }
  if (route.package) {
    const modules = path.join(PACKAGE_ROOT, "node_modules");
    const file = path.resolve(modules, route.package);
    if (!file.startsWith(modules) || !isFile(file))
      throw new Error(`route package file ${route.package} not installed in ${modules}`);
    payload = await readFile(file);
    headers["content-type"] = contentTypeOf(file);
  }
  if (route.echo) {
    payload = JSON.stringify({ method: req.method, query: url.search, bytes: body.length });
    headers["content-type"] = "application/json";
  }
  for (const [name, value] of Object.entries(route.headers ?? {})) {
    headers[name.toLowerCase()] = expand(value, url);
  }
  if (route.redirect) headers.location = expand(route.redirect, url) as string;
  res.writeHead(route.status ?? (route.redirect ? 302 : 200), headers);
  res.end(payload);
}

/** `{{query}}` in a route's header or redirect is replaced by the request's query string. */
function expand<T extends string | string[]>(value: T, url: URL): T {
  const sub = (s: string) =>
    s.replaceAll("{{query}}", url.search.slice(1)).replaceAll("{{path}}", url.pathname);
  return (Array.isArray(value) ? value.map(sub) : sub(value)) as T;
}

function resolveFile(siteDir: string, pathname: string): string | undefined {
  const rel = decodeURIComponent(pathname).replace(/^\/+/, "");
  const candidate = path.resolve(siteDir, rel);
  if (!candidate.startsWith(siteDir)) return undefined;
  if (isDir(candidate))
    return isFile(path.join(candidate, "index.html"))
      ? path.join(candidate, "index.html")
      : undefined;
  return isFile(candidate) ? candidate : undefined;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
