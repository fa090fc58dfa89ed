// The CDP client's deadlines against a real WebSocket peer that answers what it is told to: a
// missed deadline names the method and the target, a browser that still answers the probe keeps
// the connection, one that does not closes it as unresponsive, and late answers are ignored.
import { afterEach, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { CdpConnection, CdpError, CdpTimeoutError } from "../../src/capture/cdp-connection.js";
import { deadlineFor, deadlinesForPage, LONG_COMMANDS } from "../../src/capture/cdp-deadlines.js";

interface Peer {
  url: string;
  /** Methods the peer never answers. */
  silent: Set<string>;
  /** Stop answering anything. */
  hang(): void;
  sockets: WebSocket[];
  send(msg: unknown): void;
  close(): Promise<void>;
}

async function peer(): Promise<Peer> {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise((resolve) => wss.once("listening", resolve));
  const silent = new Set<string>();
  let hung = false;
  const sockets: WebSocket[] = [];
  wss.on("connection", (ws) => {
    sockets.push(ws);
    ws.on("message", (data) => {
      const msg = JSON.parse(data.toString()) as { id: number; method: string };
      if (hung || silent.has(msg.method)) return;
      ws.send(JSON.stringify({ id: msg.id, result: { product: "Fake/1.0" } }));
    });
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    silent,
    hang: () => {
      hung = true;
    },
    sockets,
    send: (msg) => {
      for (const s of sockets) s.send(JSON.stringify(msg));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.terminate();
        wss.close(() => resolve());
      }),
  };
}

let current: Peer | undefined;
let conn: CdpConnection | undefined;
afterEach(async () => {
  conn?.close();
  await current?.close();
});

const fast = { shortMs: 150, longMs: 400, probeMs: 150 };

describe("CDP command deadlines", () => {
  it("classes navigation, body fetches and evaluations as long, the rest as short", () => {
    const d = deadlinesForPage(45_000);
    expect(d.longMs).toBe(55_000);
    expect(deadlinesForPage(1_000).longMs).toBe(30_000);
    for (const m of ["Page.navigate", "Network.getResponseBody", "Fetch.getResponseBody"]) {
      expect(LONG_COMMANDS.has(m as never)).toBe(true);
      expect(deadlineFor(m, d)).toBe(d.longMs);
    }
    expect(deadlineFor("Target.createBrowserContext", d)).toBe(d.shortMs);
    expect(deadlineFor("Runtime.addBinding", d)).toBe(d.shortMs);
  });

  it("rejects a command that misses its deadline, naming the method and the target", async () => {
    current = await peer();
    conn = await CdpConnection.connect(current.url, { deadlines: fast });
    current.silent.add("Runtime.addBinding");
    current.send({
      method: "Target.attachedToTarget",
      params: {
        sessionId: "S1",
        targetInfo: { targetId: "T1", type: "page", url: "https://www.pub.test/a" },
        waitingForDebugger: false,
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const err = await conn
      .session("S1")
      .send("Runtime.addBinding", { name: "x" })
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(CdpTimeoutError);
    expect((err as CdpTimeoutError).method).toBe("Runtime.addBinding");
    expect((err as Error).message).toBe(
      "Runtime.addBinding: no answer within 150 ms (target T1 (https://www.pub.test/a) session S1)",
    );
    // The browser itself still answers: the connection stays open.
    expect(await conn.isAnswering()).toBe(true);
    expect(conn.isClosed).toBe(false);
    expect(await conn.send("Browser.getVersion")).toEqual({ product: "Fake/1.0" });
  });

  it("closes the connection as unresponsive when the browser itself stops answering", async () => {
    current = await peer();
    conn = await CdpConnection.connect(current.url, { deadlines: fast });
    const reasons: string[] = [];
    conn.onClose((r) => reasons.push(r));
    current.hang();
    const other = conn.send("Target.getTargets").catch((e: Error) => e);
    const first = await conn.send("Target.createBrowserContext", {}).catch((e: Error) => e);
    expect(first).toBeInstanceOf(CdpTimeoutError);
    // The probe runs after the first miss; when it misses too, everything pending fails at once.
    await new Promise<void>((resolve) => conn?.onClose(() => resolve()));
    expect(conn.unresponsive).toBe(true);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(
      /^the browser stopped answering \((Target\.getTargets|Target\.createBrowserContext): no answer within 150 ms \(the browser\)\)$/,
    );
    expect(await other).toBeInstanceOf(CdpError);
    const late = await conn.send("Target.getTargets").catch((e: Error) => e);
    expect((late as Error).message).toMatch(/^Target\.getTargets: the browser stopped answering/);
  });

  it("ignores an answer that comes after the deadline", async () => {
    current = await peer();
    conn = await CdpConnection.connect(current.url, { deadlines: fast });
    current.silent.add("Page.enable");
    const err = await conn
      .session("S9")
      .send("Page.enable", {})
      .catch((e: Error) => e);
    expect((err as Error).message).toBe("Page.enable: no answer within 150 ms (session S9)");
    current.send({ id: 1, result: {} });
    expect(await conn.isAnswering()).toBe(true);
  });

  it("rejects pending and later commands once the peer goes away", async () => {
    current = await peer();
    conn = await CdpConnection.connect(current.url, { deadlines: { ...fast, shortMs: 5000 } });
    current.silent.add("Target.getTargets");
    const pending = conn.send("Target.getTargets").catch((e: Error) => e);
    for (const s of current.sockets) s.terminate();
    expect(((await pending) as Error).message).toMatch(/^Target\.getTargets: the connection/);
    expect(conn.unresponsive).toBe(false);
  });
});
