// --browser-endpoint: a browser that already runs elsewhere (a Chrome started with
// --remote-debugging-port, a browser pool), reached over CDP instead of launched. The scan owns
// only what it creates there: every page and lane gets its own browser context, made with
// disposeOnDetach so that even a scan killed mid-way leaves nothing behind; close() disposes the
// contexts and disconnects, and never closes the remote browser itself.
import { CdpConnection } from "../capture/cdp-connection.js";
import { deadlinesForPage } from "../capture/cdp-deadlines.js";
import { installCspInjector } from "../capture/csp-injector.js";
import { Recorder } from "../capture/recorder.js";
import { normalUserAgent } from "../capture/user-agent.js";
import { BrowserError } from "../errors.js";
import { describeEndpoint, resolveEndpoint } from "./browser-endpoint.js";
import type { LaunchedBrowser, LaunchOptions } from "./launch-browser.js";

export interface RemoteOptions {
  /** ws://, wss:// (the browser's own socket) or http(s)://host:port (its /json/version). */
  browserEndpoint?: string;
}

/** Reconnects after the endpoint went away wait this long for it to come back. */
const RECONNECT_MS = 15_000;

export async function connectBrowser(
  endpoint: string,
  opts: LaunchOptions,
  reconnecting = false,
): Promise<LaunchedBrowser> {
  const shown = describeEndpoint(endpoint);
  const until = Date.now() + (reconnecting ? RECONNECT_MS : 0);
  let conn: CdpConnection | undefined;
  let ws = "";
  for (;;) {
    try {
      ws = await resolveEndpoint(endpoint);
      // One connection only: a pool may give every new connection a browser of its own.
      conn = await CdpConnection.connect(ws, { deadlines: deadlinesOf(opts) });
      break;
    } catch (err) {
      conn?.close();
      if (Date.now() >= until) {
        throw new BrowserError(
          `could not reach the browser at ${shown}: ${(err as Error).message.split("\n")[0]}`,
          "check that it runs with --remote-debugging-port and that this machine can reach it, or drop --browser-endpoint to launch a local browser",
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return attach(conn, { ws, shown }, opts);
}

/** The same command deadlines as a launched browser's connection. */
function deadlinesOf(opts: LaunchOptions) {
  return {
    ...(opts.timeoutMs !== undefined ? deadlinesForPage(opts.timeoutMs) : {}),
    ...opts.deadlines,
  };
}

/** The recorder on the remote browser, and a close() that leaves the browser as it was. */
async function attach(
  conn: CdpConnection,
  endpoint: { ws: string; shown: string },
  opts: LaunchOptions,
): Promise<LaunchedBrowser> {
  const owned = trackContexts(conn);
  const close = async () => {
    await disposeOwnContexts(conn, owned);
    conn.close();
  };
  try {
    const version = await conn.send("Browser.getVersion");
    const userAgent = normalUserAgent(String(version.product), String(version.userAgent));
    const recorder = new Recorder(conn);
    await recorder.start();
    if (opts.csp) await installCspInjector(conn, opts.csp);
    return {
      conn,
      recorder,
      userAgent,
      userDataDir: "",
      wsEndpoint: endpoint.ws,
      behaviourHooks: opts.behaviourHooks !== false,
      info: {
        version: String(version.product),
        userAgent: userAgent.userAgent,
        userAgentMetadata: { ...userAgent.userAgentMetadata },
        endpoint: endpoint.shown,
      },
      close,
    };
  } catch (err) {
    await close();
    throw new BrowserError(
      `could not use the browser at ${endpoint.shown}: ${(err as Error).message}`,
    );
  }
}

/**
 * Contexts made on this connection with disposeOnDetach go when it closes, but asynchronously:
 * the ones still open are disposed explicitly first, so the remote browser is clean when close()
 * resolves. Only contexts this scan created are touched (a pool may serve other clients).
 */
async function disposeOwnContexts(conn: CdpConnection, owned: Set<string>): Promise<void> {
  if (conn.isClosed) return;
  const { browserContextIds } = await conn
    .send("Target.getBrowserContexts")
    .catch(() => ({ browserContextIds: [] as string[] }));
  const open = browserContextIds.filter((id) => owned.has(id));
  await Promise.all(
    open.map((browserContextId) =>
      conn.send("Target.disposeBrowserContext", { browserContextId }).catch(() => undefined),
    ),
  );
}

/** Notes every browser context created through conn, whoever in the crawl creates it. */
function trackContexts(conn: CdpConnection): Set<string> {
  const owned = new Set<string>();
  const send = conn.send.bind(conn) as (method: string, params?: unknown) => Promise<unknown>;
  const tracked = async (method: string, params?: unknown) => {
    const r = await send(method, params);
    if (method === "Target.createBrowserContext")
      owned.add(String((r as { browserContextId: string }).browserContextId));
    return r;
  };
  (conn as unknown as { send: typeof tracked }).send = tracked;
  return owned;
}
