// The pages a crawl did not visit and why: one entry per page, counted always, listed up to a cap.
import { compareOrder, earlier, type Order } from "./crawl-order.js";
import type { SkippedUrl, SkipReason } from "./frontier.js";

interface Skip {
  record: SkippedUrl;
  order: Order;
  kept: boolean;
}

export class SkipLog {
  private readonly skips = new Map<string, Skip>();
  private kept = 0;
  /** Skips counted but not listed (over the cap, or not wanted as records). */
  dropped = 0;

  constructor(
    private readonly maxRecords: number,
    /** Which skips to list; default: all but links to other sites or to non-pages. */
    private readonly wanted: (skip: SkippedUrl) => boolean = (s) =>
      !(s.source === "link" && (s.reason === "other-site" || s.reason === "invalid")),
  ) {}

  /**
   * Records a skip of the page `key`. Found again, it stays one skip; when the new find sorts
   * earlier (which does not depend on which page finished loading first), its record is kept.
   */
  add(key: string, record: SkippedUrl, order: Order): void {
    const previous = this.skips.get(key);
    if (previous) {
      if (earlier(order, previous.order)) {
        previous.record = record;
        previous.order = order;
      }
      return;
    }
    const kept = this.wanted(record) && this.kept < this.maxRecords;
    if (kept) this.kept++;
    else this.dropped++;
    this.skips.set(key, { record, order, kept });
  }

  /** The page turned out to be visited after all (found nearer the start, or a redirect). */
  remove(key: string): void {
    const previous = this.skips.get(key);
    if (!previous) return;
    this.skips.delete(key);
    if (previous.kept) this.kept--;
    else this.dropped--;
  }

  /** Listed skips in crawl order. */
  records(): SkippedUrl[] {
    return [...this.skips.values()]
      .filter((s) => s.kept)
      .sort((a, b) => compareOrder(a.order, b.order))
      .map((s) => s.record);
  }

  counts(): Record<SkipReason, number> {
    const counts: Record<SkipReason, number> = {
      invalid: 0,
      "other-site": 0,
      excluded: 0,
      "not-included": 0,
      "over-depth": 0,
      robots: 0,
      "over-max-pages": 0,
      interrupted: 0,
    };
    for (const s of this.skips.values()) counts[s.record.reason]++;
    return counts;
  }
}
