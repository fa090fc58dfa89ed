// The consent story of a capture, read back from what the pages recorded: which action was asked,
// on which page the banner was handled and when, what the consent manager said afterwards.
import type { Capture, CapturedConsent, CapturedPage } from "../model/capture.js";

export interface ConsentStory {
  action: CapturedConsent["action"];
  /** The page where the banner was handled (reject/accept). */
  choicePage?: CapturedPage;
  /** True when a recognised banner was found and its reject/accept steps ran to the end. */
  choiceMade: boolean;
  /** ms on the choice page's clock when the click began. */
  actionMs?: number;
  cmp?: string;
  /** The CMP's state read back by the rule's self-test after the click. */
  selfTest?: boolean;
  /** Pages loaded after the choice (in the same visitor session). */
  afterPages: CapturedPage[];
  /** After pages where the banner showed again (the choice was not kept). */
  bannerAgain: CapturedPage[];
}

/** Undefined when the capture was not made with --consent. */
export function consentStory(capture: Capture): ConsentStory | undefined {
  const action = capture.options.consent;
  if (action !== "none" && action !== "reject" && action !== "accept") return undefined;
  const ok = capture.pages.filter((p) => p.outcome === "ok");
  const choicePage = ok.find((p) => p.privacy?.consent?.role === "choice");
  const c = choicePage?.privacy?.consent;
  const choiceMade =
    action !== "none" && !!c?.popupFound && c.actionMs !== undefined && c.actionResult === true;
  const afterPages = choiceMade ? ok.filter((p) => p.privacy?.consent?.role === "after") : [];
  const cmp = c?.cmp ?? ok.map((p) => p.privacy?.consent?.cmp).find((x) => x !== undefined);
  return {
    action,
    ...(choicePage ? { choicePage } : {}),
    choiceMade,
    ...(choiceMade && c?.actionMs !== undefined ? { actionMs: c.actionMs } : {}),
    ...(cmp ? { cmp } : {}),
    ...(c?.selfTest !== undefined ? { selfTest: c.selfTest } : {}),
    afterPages,
    bannerAgain: afterPages.filter((p) => p.privacy?.consent?.popupFound),
  };
}
