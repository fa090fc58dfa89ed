// The consent story of a capture, read back from what the pages recorded: which action was asked,
// on which page the banner was handled and when, what the consent manager said afterwards.
import type { Capture, CapturedConsent, CapturedPage } from "../model/capture.js";

/** Which part of a page counts: all of it, or only before / from a given ms of the page's clock. */
export type Window = { all: true } | { beforeMs: number } | { fromMs: number };

export interface ConsentStory {
  action: CapturedConsent["action"];
  /**
   * The page where the banner was handled (reject/accept): the first where the answer was given,
   * else the first where it was tried. A crawl of several lanes or fresh visitors has one choice
   * page per visitor; each page's own record says how its visitor fared.
   */
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
  const choices = ok.filter((p) => p.privacy?.consent?.role === "choice");
  const choicePage = choices.find((p) => answered(p.privacy?.consent)) ?? choices[0];
  const c = choicePage?.privacy?.consent;
  const choiceMade = action !== "none" && answered(c);
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

/** True when a recognised banner was found on the page and its reject/accept steps succeeded. */
export function answered(
  c: CapturedConsent | undefined,
): c is CapturedConsent & { actionMs: number } {
  return (
    !!c &&
    c.action !== "none" &&
    c.popupFound &&
    c.actionMs !== undefined &&
    c.actionResult === true
  );
}

/**
 * The part of each page seen before its visitor answered the banner: the whole page, except on a
 * page where the answer was given (only before the click) and pages loaded after it (nothing).
 */
export function beforeAnswer(story: ConsentStory): (page: CapturedPage) => Window | undefined {
  return (page) => {
    if (page.outcome !== "ok") return undefined;
    const c = page.privacy?.consent;
    if (c?.role === "choice" && answered(c)) return { beforeMs: c.actionMs };
    if (c?.role === "after" && story.choiceMade) return undefined;
    return { all: true };
  };
}
