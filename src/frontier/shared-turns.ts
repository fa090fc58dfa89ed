// --rate beyond one process: when the page starts of an origin must be spaced across several
// processes (the queue's workers), a shared turn-taker is installed here and the crawl asks it,
// after its own limiter, right before each page starts. Nothing installed: the crawl is unchanged.

/** Ms to wait before asking again; 0 means go, and the turn is taken. */
export type TurnTaker = (url: string, rate: number) => Promise<number>;

let shared: TurnTaker | undefined;

/** Installs (or with undefined removes) the process's shared turn-taker. */
export function shareTurns(taker: TurnTaker | undefined): void {
  shared = taker;
}

/** Waits for the shared turn of the URL's origin; false when aborted first. */
export async function sharedTurn(
  url: string,
  rate: number,
  signal?: AbortSignal,
): Promise<boolean> {
  const taker = shared;
  if (!taker) return true;
  for (;;) {
    if (signal?.aborted) return false;
    const wait = await taker(url, rate);
    if (wait <= 0) return true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      }
      signal?.addEventListener("abort", done, { once: true });
    });
  }
}
