// Fetches robots.txt and sitemaps THROUGH the scan's browser, so host-resolver rules, the proxy
// and --insecure apply exactly as they do to pages: one utility tab in its own context, and
// Network.loadNetworkResource + IO.read (binary-safe, so gzip sitemaps arrive intact).
import type { CdpSession } from "../capture/cdp-connection.js";
import type { LaunchedBrowser } from "./launch-browser.js";
import { withDeadline } from "./page-steps.js";

export interface FetchedResource {
  /** HTTP status; undefined when no response arrived (DNS, refused, TLS, timeout). */
  status?: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Chromium's net error name when the load failed, e.g. net::ERR_NAME_NOT_RESOLVED. */
  error?: string;
}

export class BrowserFetcher {
  private session: Promise<{ top: CdpSession; frameId: string; contextId: string }> | undefined;

  constructor(
    private readonly b: LaunchedBrowser,
    private readonly timeoutMs = 15_000,
  ) {}

  /** Never throws: a failed load is a resource with `error` and no status. */
  async fetch(url: string): Promise<FetchedResource> {
    const until = Date.now() + this.timeoutMs;
    try {
      const s = await withDeadline(this.open(), until);
      if (!s) return { headers: {}, body: Buffer.alloc(0), error: "timed out" };
      const loaded = await withDeadline(
        s.top.send("Network.loadNetworkResource", {
          frameId: s.frameId,
          url,
          options: { disableCache: true, includeCredentials: false },
        }),
        until,
      );
      if (!loaded) return { headers: {}, body: Buffer.alloc(0), error: "timed out" };
      const r = loaded.resource as {
        success: boolean;
        netErrorName?: string;
        httpStatusCode?: number;
        stream?: string;
        headers?: Record<string, string>;
      };
      const headers = Object.fromEntries(
        Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
      );
      const body = r.stream ? await this.read(s.top, r.stream, until) : Buffer.alloc(0);
      if (!r.success && r.httpStatusCode === undefined) {
        return { headers, body, error: r.netErrorName ?? "failed" };
      }
      return { status: r.httpStatusCode, headers, body };
    } catch (err) {
      return { headers: {}, body: Buffer.alloc(0), error: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    const s = await this.session?.catch(() => undefined);
    this.session = undefined;
    if (s) this.b.recorder.unregister(s.contextId);
    if (s && !this.b.conn.isClosed) {
      await this.b.conn
        .send("Target.disposeBrowserContext", { browserContextId: s.contextId })
        .catch(() => undefined);
    }
  }

  private open() {
    this.session ??= (async () => {
      const { conn } = this.b;
      const contextId = String(
        (await conn.send("Target.createBrowserContext", { disposeOnDetach: true }))
          .browserContextId,
      );
      // The recorder's auto-attach hands the new tab to the context's owner: take its session.
      const top = new Promise<CdpSession>((resolve) => {
        this.b.recorder.register(contextId, {
          instrument: async (session, info) => {
            if (info.type !== "page") return;
            await session.send("Network.enable");
            resolve(session);
          },
          detached: () => undefined,
        });
      });
      await conn.send("Target.createTarget", { url: "about:blank", browserContextId: contextId });
      const session = await top;
      const tree = await session.send("Page.getFrameTree");
      return { top: session, frameId: String(tree.frameTree.frame.id), contextId };
    })();
    return this.session;
  }

  private async read(top: CdpSession, handle: string, until: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    try {
      for (;;) {
        const r = await withDeadline(top.send("IO.read", { handle, size: 1 << 20 }), until);
        if (!r) break;
        const data = String(r.data ?? "");
        chunks.push(r.base64Encoded ? Buffer.from(data, "base64") : Buffer.from(data, "utf8"));
        if (r.eof) break;
      }
    } finally {
      void top.send("IO.close", { handle }).catch(() => undefined);
    }
    return Buffer.concat(chunks);
  }
}
