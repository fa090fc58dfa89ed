// Owns the raw CDP connection and the browser-level auto-attach: every new target (page, OOPIF,
// worker, service worker) is handed, paused, to the page that owns its browser context, then let
// run. A target seen a second time (through another parent) is only released.
import type { CdpConnection, CdpEvent, CdpSession, Protocol } from "./cdp-connection.js";

export interface TargetOwner {
  /** Instrument a paused target; the recorder releases it afterwards. */
  instrument(
    session: CdpSession,
    info: Protocol.Target.TargetInfo,
    parentTargetId: string | undefined,
  ): Promise<void>;
  detached(sessionId: string): void;
}

const AUTO_ATTACH: Protocol.Target.SetAutoAttachRequest = {
  autoAttach: true,
  waitForDebuggerOnStart: true,
  flatten: true,
};

export class Recorder {
  private readonly owners = new Map<string, TargetOwner>();
  /** sessionId → the target it is attached to and who owns it. */
  private readonly sessions = new Map<string, { targetId: string; owner?: TargetOwner }>();
  /** targetId → the one session that instruments it. */
  private readonly instrumented = new Map<string, string>();
  /** sessionId → settles once that session has been instrumented (or let go). */
  private readonly ready = new Map<string, { done: Promise<void>; resolve: () => void }>();

  constructor(readonly conn: CdpConnection) {}

  static readonly autoAttachParams = AUTO_ATTACH;

  async start(): Promise<void> {
    this.conn.onEvery("Target.attachedToTarget", (p, sessionId) => {
      // A target instrumented while the browser closes (or the target goes) answers its late
      // commands with "connection closed": expected, and the target is released all the same.
      this.onAttached(p, sessionId).catch(() => undefined);
    });
    this.conn.onEvery("Target.detachedFromTarget", (p) => this.onDetached(p.sessionId));
    await this.conn.send("Target.setAutoAttach", AUTO_ATTACH);
  }

  /** Targets of this browser context go to owner from now on. */
  register(browserContextId: string, owner: TargetOwner): void {
    this.owners.set(browserContextId, owner);
  }

  unregister(browserContextId: string): void {
    this.owners.delete(browserContextId);
  }

  /**
   * Detaches a running target and attaches it again, so it goes to the owner now registered for
   * its browser context; resolves once that owner has instrumented it. A running target is not
   * paused on attach: without this wait, what it does before its collectors are on is lost.
   */
  async reattach(targetId: string): Promise<void> {
    const old = this.instrumented.get(targetId);
    await this.conn.send("Target.detachFromTarget", { targetId }).catch(() => undefined);
    // The new session must not be taken for a duplicate of the old one if its detach event lags.
    if (old && this.instrumented.get(targetId) === old) this.onDetached(old);
    const attached = await this.conn
      .send("Target.attachToTarget", { targetId, flatten: true })
      .catch(() => undefined);
    const sessionId = attached?.sessionId;
    if (!sessionId) return;
    await this.readiness(sessionId).done;
    this.ready.delete(sessionId);
  }

  private readiness(sessionId: string): { done: Promise<void>; resolve: () => void } {
    let r = this.ready.get(sessionId);
    if (!r) {
      let resolve = () => {};
      const done = new Promise<void>((res) => {
        resolve = res;
      });
      r = { done, resolve };
      this.ready.set(sessionId, r);
    }
    return r;
  }

  private async onAttached(
    p: CdpEvent<"Target.attachedToTarget">,
    parentSessionId: string | undefined,
  ): Promise<void> {
    const { sessionId, targetInfo: info } = p;
    const session = this.conn.session(sessionId);
    const ready = this.readiness(sessionId);
    const owner = info.browserContextId ? this.owners.get(info.browserContextId) : undefined;
    const release = async () => {
      await session.send("Runtime.runIfWaitingForDebugger").catch(() => undefined);
      ready.resolve();
    };
    if (!owner || this.instrumented.has(info.targetId)) {
      this.sessions.set(sessionId, { targetId: info.targetId });
      await release();
      // Not ours (puppeteer's first tab, another context) or a duplicate: let it go entirely.
      await this.conn
        .session(parentSessionId)
        .send("Target.detachFromTarget", { sessionId })
        .catch(() => undefined);
      return;
    }
    this.instrumented.set(info.targetId, sessionId);
    this.sessions.set(sessionId, { targetId: info.targetId, owner });
    const parentTargetId = parentSessionId
      ? this.sessions.get(parentSessionId)?.targetId
      : undefined;
    try {
      await owner.instrument(session, info, parentTargetId);
    } finally {
      await release();
    }
  }

  private onDetached(sessionId: string): void {
    this.ready.get(sessionId)?.resolve();
    this.ready.delete(sessionId);
    const s = this.sessions.get(sessionId);
    if (!s) return;
    this.sessions.delete(sessionId);
    if (this.instrumented.get(s.targetId) === sessionId) this.instrumented.delete(s.targetId);
    s.owner?.detached(sessionId);
    this.conn.forgetSession(sessionId);
  }
}
