// Ctrl-C / SIGTERM: the first signal asks the scan to stop and write its partial report;
// a second one quits at once. Puppeteer's own handlers are off (see crawl/), so this is the only one.
export interface Interrupt {
  signal: AbortSignal;
  /** Which signal arrived, if any. */
  readonly received: NodeJS.Signals | undefined;
  dispose(): void;
}

export function watchInterrupts(onFirst: (sig: NodeJS.Signals) => void): Interrupt {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const handler = (sig: NodeJS.Signals) => {
    if (received) {
      process.exit(130);
    }
    received = sig;
    onFirst(sig);
    controller.abort(new Error(`interrupted by ${sig}`));
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const s of signals) process.on(s, handler);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose() {
      for (const s of signals) process.off(s, handler);
    },
  };
}
