// Who the crawler is beyond its cookies: a visitor that may hold opt-out cookies from the start and
// answer the site's consent banner (issue 7). The crawl calls these hooks; src/consent implements
// them, so the crawl itself knows nothing of consent managers.
import type { CdpConnection, CdpSession } from "../capture/cdp-connection.js";
import type { CapturedPage, CaptureOptions } from "../model/capture.js";

/**
 * A page's place in a visitor's session: "choice" is where the banner is answered, "after" pages
 * load once the answer was given, "no-choice" pages are seen by a visitor who never answered.
 */
export type VisitRole = "choice" | "after" | "no-choice";

export interface VisitorPage {
  /** Before navigation, on the paused top target (scripts the visitor needs in every frame). */
  prepare(top: CdpSession): Promise<void>;
  /** The same, on each cross-site iframe's target while it is paused. */
  prepareFrame(frame: CdpSession): Promise<void>;
  /** After the page settled, before it unloads. */
  inspect(top: CdpSession): Promise<void>;
  /** The captured page with what the visitor saw on it, and whether its choice was made. */
  finish(page: CapturedPage): { page: CapturedPage; choiceMade: boolean; warnings: string[] };
}

export interface Visitor {
  /**
   * True when every new visitor (a lane's browser context) first answers the banner: the first
   * page of each context is visited once as the choice page, then again as an "after" page.
   */
  readonly makesChoice: boolean;
  /** A new browser context for this visitor: cookies it already holds. */
  setUpContext(conn: CdpConnection, browserContextId: string): Promise<void>;
  /** The hooks of one page; role undefined when the visitor has no consent action. */
  page(role: VisitRole | undefined): VisitorPage;
  /** What the Capture's options record of this visitor (no secret values). */
  options(): Partial<CaptureOptions>;
}
