// The visitor of a privacy scan (--signals, --consent, --opt-out-cookie): opt-out cookies in every
// new browser context, the consent banner handled by autoconsent on every page, and what each page
// saw recorded in the Capture: its navigator signals and its consent state.
import type { CdpConnection, CdpSession, Protocol } from "../capture/cdp-connection.js";
import type { Visitor, VisitorPage, VisitRole } from "../crawl/visitor.js";
import type { CapturedPrivacy, CaptureOptions } from "../model/capture.js";
import { answered } from "../signals/consent-state.js";
import { type ConsentAction, ConsentDriver } from "./autoconsent-driver.js";
import type { OptOutCookie } from "./opt-out-cookies.js";

export interface PrivacySettings {
  dnt: boolean;
  gpc: boolean;
  /** Undefined: the banner is left alone and no consent is recorded (a plain signals scan). */
  consent?: ConsentAction;
  optOutCookies: OptOutCookie[];
}

/** How long the banner may take after the page settled: the click, the CMP's self-test. */
const CONSENT_WAIT_MS = 1800;

export class PrivacyVisitor implements Visitor {
  readonly makesChoice: boolean;

  constructor(private readonly privacy: PrivacySettings) {
    this.makesChoice = privacy.consent === "reject" || privacy.consent === "accept";
  }

  /** The signals the browser must send: for launchBrowser. */
  get signals(): { dnt: boolean; gpc: boolean } {
    return { dnt: this.privacy.dnt, gpc: this.privacy.gpc };
  }

  async setUpContext(conn: CdpConnection, browserContextId: string): Promise<void> {
    if (!this.privacy.optOutCookies.length) return;
    await conn.send("Storage.setCookies", {
      browserContextId,
      cookies: this.privacy.optOutCookies.map(toCdpCookie),
    });
  }

  page(role: VisitRole | undefined): VisitorPage {
    const action = this.privacy.consent;
    const pageRole = role ?? (action === "none" ? "no-choice" : undefined);
    const driver = action ? new ConsentDriver(action) : undefined;
    let nav: CapturedPrivacy["navigator"];
    return {
      prepare: async (top) => {
        await driver?.install(top);
      },
      prepareFrame: async (frame) => {
        await driver?.installFrame(frame);
      },
      inspect: async (top) => {
        const [n] = await Promise.all([
          readNavigator(top),
          // Before the page unloads: the self-test must run in the live document.
          driver?.finish(Date.now() + CONSENT_WAIT_MS),
        ]);
        nav = n;
      },
      finish: (page) => {
        const record: CapturedPrivacy = {};
        const warnings: string[] = [];
        let choiceMade = false;
        if (nav) record.navigator = nav;
        if (driver && action && pageRole) {
          const seen = driver.peek();
          const t0 = Date.parse(page.startedAt);
          record.consent = {
            action,
            role: pageRole,
            ...(seen.cmp || seen.cmps[0] ? { cmp: seen.cmp ?? seen.cmps[0] } : {}),
            popupFound: seen.popupFound,
            ...(seen.actionAt !== undefined ? { actionMs: Math.max(0, seen.actionAt - t0) } : {}),
            ...(seen.actionResult !== undefined ? { actionResult: seen.actionResult } : {}),
            ...(seen.selfTest !== undefined ? { selfTest: seen.selfTest } : {}),
            ...(seen.errors.length ? { errors: seen.errors } : {}),
          };
          choiceMade = pageRole === "choice" && answered(record.consent);
          if (pageRole === "choice" && page.outcome === "ok") {
            if (!seen.popupFound)
              warnings.push(`${page.url}: no consent banner that autoconsent recognises was found`);
            else if (seen.actionResult === undefined)
              warnings.push(
                `${page.url}: the ${seen.cmp} banner's ${action} steps had not finished when the page was left (a longer --dwell gives them time)`,
              );
            else if (seen.actionResult === false)
              warnings.push(
                `${page.url}: autoconsent could not ${action} on the ${seen.cmp} banner`,
              );
          }
          if (pageRole === "after" && seen.popupFound)
            warnings.push(`${page.url}: the consent banner showed again after the choice`);
        }
        const out = record.navigator || record.consent ? { ...page, privacy: record } : page;
        return { page: out, choiceMade, warnings };
      },
    };
  }

  options(): Partial<CaptureOptions> {
    return privacyOptions(this.privacy);
  }
}

/** The privacy settings as a capture's or report's options keep them: no opt-out cookie values. */
export function privacyOptions(p: PrivacySettings): {
  signals: string[];
  consent?: ConsentAction;
  optOutCookies?: string[];
} {
  return {
    signals: [...(p.dnt ? ["dnt"] : []), ...(p.gpc ? ["gpc"] : [])],
    ...(p.consent ? { consent: p.consent } : {}),
    // Values stay out: an opt-out cookie can carry an account token.
    ...(p.optOutCookies.length
      ? { optOutCookies: p.optOutCookies.map((c) => `${c.name}@${c.domain}`) }
      : {}),
  };
}

async function readNavigator(top: CdpSession): Promise<CapturedPrivacy["navigator"]> {
  const r = await top
    .send("Runtime.evaluate", {
      expression:
        '({ dnt: "doNotTrack" in navigator ? navigator.doNotTrack : null, gpc: "globalPrivacyControl" in navigator ? navigator.globalPrivacyControl : null })\n//# sourceURL=skimscan-signals',
      returnByValue: true,
    })
    .catch(() => undefined);
  const v = r?.result?.value as { dnt?: unknown; gpc?: unknown } | undefined;
  if (!v) return undefined;
  return {
    doNotTrack: typeof v.dnt === "string" ? v.dnt : null,
    globalPrivacyControl: typeof v.gpc === "boolean" ? v.gpc : null,
  };
}

function toCdpCookie(c: OptOutCookie): Protocol.Network.CookieParam {
  return {
    name: c.name,
    value: c.value,
    domain: c.domain.startsWith(".") ? c.domain : `.${c.domain}`,
    path: "/",
    secure: true,
    sameSite: "None",
    // A year, like the opt-out cookies vendors set themselves.
    expires: Math.floor(Date.now() / 1000) + 365 * 24 * 3600,
  };
}
