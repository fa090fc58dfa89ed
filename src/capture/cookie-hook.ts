// Script cookies: hooks document.cookie and CookieStore.set/delete in every frame before page
// scripts run, attributes each write to the writing script (innermost non-hook frame of an Error
// stack) and reads the cookie back right after, to tell a stored write from a blocked one.
import type { CapturedTarget, CookieWrite } from "../model/capture.js";
import type { CdpSession } from "./cdp-connection.js";
import type { Collector, PageClock } from "./collector.js";
import {
  type HookMessage,
  type HookPayload,
  hookSource,
  installHook,
  newBindingName,
} from "./hook-channel.js";
import { parseSetCookie } from "./set-cookie.js";
import { scriptUrlsFromErrorStack } from "./stacks.js";

const BODY = `
  const desc = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  if (desc && desc.set) {
    Object.defineProperty(Document.prototype, "cookie", {
      configurable: true,
      enumerable: desc.enumerable,
      get() { return desc.get.call(this); },
      set(v) {
        const s = stack();
        const r = desc.set.call(this, v);
        let after = "";
        try { after = desc.get.call(this); } catch {}
        post({ api: "document.cookie", raw: String(v), after, stack: s, url: this.URL });
        return r;
      },
    });
  }
  const CS = globalThis.CookieStore && globalThis.CookieStore.prototype;
  if (CS && CS.set) {
    const set0 = CS.set, del0 = CS.delete, get0 = CS.get;
    const opts = (a, b) => (typeof a === "string" ? { name: a, value: b } : Object.assign({}, a));
    const report = (store, op, o, s, p) => {
      const url = (globalThis.document && document.URL) || location.href;
      p.then(
        () => get0.call(store, o.name).then(
          (c) => post({ api: "CookieStore", op, options: o, stored: c || null, stack: s, url }),
          () => post({ api: "CookieStore", op, options: o, stored: null, stack: s, url })),
        (e) => post({ api: "CookieStore", op, options: o, error: String(e && e.message || e), stack: s, url }));
    };
    CS.set = function (a, b) {
      const s = stack();
      const p = set0.apply(this, arguments);
      try { report(this, "set", opts(a, b), s, p); } catch {}
      return p;
    };
    CS.delete = function (a) {
      const s = stack();
      const p = del0.apply(this, arguments);
      try { report(this, "delete", opts(a), s, p); } catch {}
      return p;
    };
  }
`;

/** The cookie string "a=1; b=2" holds name=value? */
function jarHas(after: string, name: string, value: string): boolean {
  return after.split(/;\s*/).some((pair) => pair === (name ? `${name}=${value}` : value));
}

function pathCovers(cookiePath: string, url: string): boolean {
  try {
    const p = new URL(url).pathname;
    return (
      p === cookiePath || p.startsWith(cookiePath.endsWith("/") ? cookiePath : `${cookiePath}/`)
    );
  } catch {
    return true;
  }
}

export class CookieHookCollector implements Collector {
  readonly writes: CookieWrite[] = [];
  private readonly binding = newBindingName("skc");
  private readonly source = hookSource(this.binding, BODY, "skimscan-cookie-hook");

  constructor(private readonly clock: PageClock) {}

  attach(session: CdpSession, target: CapturedTarget): Promise<void> {
    if (target.type !== "page" && target.type !== "iframe") return Promise.resolve();
    return installHook(session, this.binding, this.source, (m) => this.onMessage(target, m));
  }

  private onMessage(target: CapturedTarget, m: HookMessage): void {
    const d = m.data;
    const scripts = scriptUrlsFromErrorStack(String(d.stack ?? ""));
    const common = {
      setBy: "script" as const,
      url: String(d.url ?? ""),
      ...(scripts[0] ? { script: scripts[0] } : {}),
      scriptStack: scripts,
      ...(m.frameId ? { frameId: m.frameId } : {}),
      targetId: target.id,
      topLevelUrl: this.clock.topUrl(),
      ms: this.clock.ms(),
    };
    const write =
      d.api === "CookieStore"
        ? this.fromCookieStore(d, common)
        : this.fromDocumentCookie(d, common);
    if (write) this.writes.push(write);
  }

  private fromDocumentCookie(
    d: HookPayload,
    common: Partial<CookieWrite>,
  ): CookieWrite | undefined {
    const raw = String(d.raw ?? "");
    const c = parseSetCookie(raw, String(d.url ?? ""), new Date());
    if (!c) return undefined;
    const present = jarHas(String(d.after ?? ""), c.name, c.value);
    // Only a write we could read back is judged: a path elsewhere or HttpOnly hides it anyway.
    const checkable = pathCovers(c.path, String(d.url ?? "")) && !c.httpOnly;
    const blocked = checkable && (c.deletion ? false : !present);
    return {
      ...(common as CookieWrite),
      name: c.name,
      domain: c.domain,
      path: c.path,
      valueLength: c.value.length,
      value: c.value,
      ...(c.requestedExpires ? { requestedExpires: c.requestedExpires } : {}),
      secure: c.secure,
      httpOnly: c.httpOnly,
      ...(c.sameSite ? { sameSite: c.sameSite } : {}),
      partitioned: c.partitioned,
      api: "document.cookie",
      blocked,
      ...(blocked ? { blockedReasons: ["NotStoredAfterWrite"] } : {}),
      deletion: c.deletion,
      raw,
    };
  }

  private fromCookieStore(d: HookPayload, common: Partial<CookieWrite>): CookieWrite {
    const o = (d.options ?? {}) as HookPayload;
    const url = String(d.url ?? "");
    let host = "";
    try {
      host = new URL(url).hostname;
    } catch {}
    const deletion = d.op === "delete";
    const value = deletion ? "" : String(o.value ?? "");
    const expires = typeof o.expires === "number" ? new Date(o.expires).toISOString() : undefined;
    const stored = d.stored as HookPayload | null | undefined;
    const blocked = !!d.error || (!deletion && (!stored || stored.value !== value));
    const sameSite = String(o.sameSite ?? "strict").toLowerCase();
    return {
      ...(common as CookieWrite),
      name: String(o.name ?? ""),
      domain: String(o.domain ?? host).replace(/^\./, ""),
      path: String(o.path ?? "/"),
      valueLength: value.length,
      value,
      ...(expires ? { requestedExpires: expires } : {}),
      // CookieStore cookies are always Secure and never HttpOnly; SameSite defaults to Strict.
      secure: true,
      httpOnly: false,
      sameSite: sameSite === "none" ? "None" : sameSite === "lax" ? "Lax" : "Strict",
      partitioned: !!o.partitioned,
      api: "CookieStore",
      blocked,
      ...(blocked ? { blockedReasons: [d.error ? String(d.error) : "NotStoredAfterWrite"] } : {}),
      deletion,
      raw: JSON.stringify(o),
    };
  }
}
