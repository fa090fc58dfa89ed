// Keeps one browser alive for a crawl: launched on first use, noticed when it dies (connection
// closed, process gone) and launched again for the pages still to come, a bounded number of times.
import { BrowserError } from "../errors.js";
import { connectBrowser, type RemoteOptions } from "./connect-browser.js";
import { type LaunchedBrowser, type LaunchOptions, launchBrowser } from "./launch-browser.js";

export interface KeptBrowser {
  b: LaunchedBrowser;
  /** Increases with every launch: contexts and tabs of an older generation are gone. */
  generation: number;
  /** Aborted when this browser dies, so waits on its pages end at once. */
  died: AbortSignal;
}

export class BrowserKeeper {
  private current: Promise<KeptBrowser> | undefined;
  /** What `current` resolved to, so a death is forgotten at once, not a microtask later. */
  private currentKept: KeptBrowser | undefined;
  private generation = 0;
  private relaunches = 0;
  private closed = false;
  private readonly all = new Set<LaunchedBrowser>();
  private readonly ending = new Set<Promise<void>>();

  constructor(
    private readonly opts: LaunchOptions & RemoteOptions,
    private readonly hooks: {
      onLaunch?: (b: LaunchedBrowser, generation: number) => void;
      log?: (level: "info" | "warn", message: string) => void;
      maxRelaunches?: number;
    } = {},
  ) {}

  /** The live browser, launching (again) when needed; throws BrowserError when it cannot. */
  get(): Promise<KeptBrowser> {
    if (this.closed) return Promise.reject(new BrowserError("the crawl is over"));
    this.current ??= this.launch();
    return this.current;
  }

  /** How many times the browser was relaunched after dying. */
  get restarts(): number {
    return this.relaunches;
  }

  /** The browser of `kept` is dead: the next get() launches a new one. */
  dead(kept: KeptBrowser): void {
    // Synchronous on purpose: a page retried right after this call must get a new browser.
    if (this.currentKept === kept) {
      this.current = undefined;
      this.currentKept = undefined;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    // Dead browsers still being ended count too: nothing of theirs may outlive the crawl.
    await Promise.all([
      ...[...this.all].map((b) => b.close().catch(() => undefined)),
      ...this.ending,
    ]);
  }

  private async launch(): Promise<KeptBrowser> {
    if (this.generation > 0) {
      if (this.relaunches >= (this.hooks.maxRelaunches ?? 5)) {
        throw new BrowserError(`the browser died ${this.relaunches + 1} times; giving up`);
      }
      this.relaunches++;
      this.hooks.log?.(
        "warn",
        this.opts.browserEndpoint
          ? "the remote browser went away; connecting again"
          : "the browser went away; starting a new one",
      );
    }
    const b = this.opts.browserEndpoint
      ? await connectBrowser(this.opts.browserEndpoint, this.opts, this.generation > 0)
      : await launchBrowser(this.opts);
    this.all.add(b);
    const generation = ++this.generation;
    const controller = new AbortController();
    const kept: KeptBrowser = { b, generation, died: controller.signal };
    const onDeath = (reason = "the browser went away") => {
      if (controller.signal.aborted) return;
      controller.abort(new Error(reason));
      if (!this.closed) this.dead(kept);
      // The dead (or hung) browser is ended and its temporary profile removed.
      this.all.delete(b);
      const ending = b.close().catch(() => undefined);
      this.ending.add(ending);
      void ending.then(() => this.ending.delete(ending));
    };
    b.browser?.on("disconnected", () => onDeath());
    b.browser?.process()?.once("exit", () => onDeath());
    // Closed by a missed deadline: the browser stopped answering and is killed.
    b.conn.onClose((reason) => onDeath(b.conn.unresponsive ? reason : undefined));
    this.hooks.onLaunch?.(b, generation);
    this.currentKept = kept;
    return kept;
  }
}
