// A target attaches while the browser closes (a page with thousands of frames at the end of a
// scan): its instrumentation's commands fail with "connection closed". That is expected and must
// not surface as an unhandled rejection (issue 10: `CdpError: Runtime.addBinding: connection
// closed` ended a scan with exit 1 and no report). Driven by a real WebSocket peer.
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { CdpConnection } from "../../src/capture/cdp-connection.js";
import { Recorder } from "../../src/capture/recorder.js";

let wss: WebSocketServer | undefined;
afterEach(async () => {
  for (const c of wss?.clients ?? []) c.terminate();
  await new Promise((resolve) => wss?.close(resolve));
});

describe("Recorder while the browser closes", () => {
  it("swallows the late commands of a target attached as the connection closes", async () => {
    wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((resolve) => wss?.once("listening", resolve));
    wss.on("connection", (ws) => {
      ws.on("message", (data) => {
        const msg = JSON.parse(data.toString()) as { id: number; method: string };
        if (msg.method === "Target.setAutoAttach") {
          ws.send(JSON.stringify({ id: msg.id, result: {} }));
          ws.send(
            JSON.stringify({
              method: "Target.attachedToTarget",
              params: {
                sessionId: "S1",
                targetInfo: {
                  targetId: "F1",
                  type: "iframe",
                  url: "https://frames.test/f.html",
                  browserContextId: "C1",
                },
                waitingForDebugger: true,
              },
            }),
          );
        }
        // The browser goes away in the middle of the frame's instrumentation.
        if (msg.method === "Runtime.addBinding") ws.terminate();
      });
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const { port } = wss.address() as { port: number };
      const conn = await CdpConnection.connect(`ws://127.0.0.1:${port}`);
      const recorder = new Recorder(conn);
      const instrumented: string[] = [];
      recorder.register("C1", {
        instrument: async (session, info) => {
          instrumented.push(info.targetId);
          await session.send("Runtime.addBinding", { name: "__b" });
        },
        detached: () => undefined,
      });
      const closed = new Promise<void>((resolve) => conn.onClose(() => resolve()));
      await recorder.start();
      await closed;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(instrumented).toEqual(["F1"]);
      expect(conn.isClosed).toBe(true);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
