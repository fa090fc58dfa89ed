// Where a URL sorts in the crawl: depth, then the turn of the page that linked to it, then the
// link's position on that page. A URL found by several pages takes the smallest of these.

export interface Order {
  depth: number;
  /** The order in which the linking page was handed out; -1 for seeds. */
  parentSeq: number;
  /** The link's position among the links its page offered (or the seed's position). */
  index: number;
}

export function earlier(a: Order, b: Order): boolean {
  if (a.depth !== b.depth) return a.depth < b.depth;
  if (a.parentSeq !== b.parentSeq) return a.parentSeq < b.parentSeq;
  return a.index < b.index;
}

export function compareOrder(a: Order, b: Order): number {
  return earlier(a, b) ? -1 : earlier(b, a) ? 1 : 0;
}
