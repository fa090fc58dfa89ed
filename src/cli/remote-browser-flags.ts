// --browser-endpoint (scan, compare, init, worker): a browser reached over CDP instead of
// launched. What a launch alone can set (command-line switches, profile preferences) cannot be
// given to a browser that already runs: those flags are refused with it, naming the flag, and
// README "Remote browsers" says how to start the remote browser with them instead.
import type { Command } from "commander";
import { endpointProblem } from "../crawl/browser-endpoint.js";
import { UsageError } from "../errors.js";

export interface RemoteBrowserFlags {
  browserEndpoint?: string;
}

/** The launch-time settings a command was given, by the flag that gives them. */
export interface LaunchOnlySettings {
  chromePath?: string | undefined;
  blockThirdPartyCookies?: boolean | undefined;
  hostRules?: string | undefined;
  insecure?: boolean | undefined;
  /** --signals (or a compare mode) asking for DNT or GPC. */
  dnt?: boolean | undefined;
  gpc?: boolean | undefined;
}

/** Each refused flag and what to do instead. */
const LAUNCH_ONLY: { key: keyof LaunchOnlySettings; flag: string; instead: string }[] = [
  { key: "chromePath", flag: "--chrome-path", instead: "the remote browser is already chosen" },
  {
    key: "blockThirdPartyCookies",
    flag: "--block-third-party-cookies",
    instead: "start the remote browser with a profile that blocks third-party cookies",
  },
  {
    key: "hostRules",
    flag: "--host-rules",
    instead: "start the remote browser with --host-resolver-rules",
  },
  {
    key: "insecure",
    flag: "--insecure",
    instead: "start the remote browser with --ignore-certificate-errors",
  },
  {
    key: "dnt",
    flag: "--signals dnt",
    instead: "Do Not Track is a profile preference of the remote browser",
  },
  {
    key: "gpc",
    flag: "--signals gpc",
    instead:
      "start the remote browser with --enable-features=GlobalPrivacyControl,GlobalPrivacyControlForce",
  },
];

export function withBrowserEndpointFlag(cmd: Command): Command {
  return cmd.option(
    "--browser-endpoint <url>",
    "use a running browser over CDP (ws://… or http://host:port) instead of launching one",
  );
}

/**
 * The endpoint, checked; refuses it beside a flag that only a launch can apply (exit 2). `via`
 * names where a signal came from when it was not --signals (compare's --modes).
 */
export function remoteBrowserSettings(
  flags: RemoteBrowserFlags,
  launchOnly: LaunchOnlySettings,
  via?: string,
): { browserEndpoint?: string } {
  const endpoint = flags.browserEndpoint;
  if (endpoint === undefined) return {};
  const problem = endpointProblem(endpoint);
  if (problem)
    throw new UsageError(
      `--browser-endpoint '${endpoint}': ${problem}.`,
      "Give ws://host:port/devtools/browser/… or http://host:port (the browser's --remote-debugging-port).",
    );
  for (const { key, flag, instead } of LAUNCH_ONLY) {
    const v = launchOnly[key];
    if (v === undefined || v === false) continue;
    const named = via && (key === "dnt" || key === "gpc") ? `${via} (${key})` : flag;
    throw new UsageError(
      `${named} cannot be used with --browser-endpoint: it is set when a browser is launched.`,
      `Drop one of them; to have it with a remote browser, ${instead}.`,
    );
  }
  return { browserEndpoint: endpoint };
}
