// A Content-Security-Policy as data: parsed from a header value, written back, and asked which
// directive governs a request (with the CSP3 fallback chains). Pure; no browser.

/** Directive name → source expressions, in the order written. */
export type Policy = Map<string, string[]>;

/** Parses one policy (one header value; `,`-joined policies are split by parsePolicies). */
export function parsePolicy(text: string): Policy {
  const policy: Policy = new Map();
  for (const part of text.split(";")) {
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    const name = tokens.shift()?.toLowerCase();
    // The first occurrence of a directive wins; later duplicates are ignored (CSP3 §2.2.1).
    if (!name || policy.has(name) || !/^[a-z-]+$/.test(name)) continue;
    policy.set(name, tokens);
  }
  return policy;
}

/** Several policies in one header value, separated by commas, each enforced on its own. */
export function parsePolicies(text: string): Policy[] {
  return text
    .split(",")
    .map((t) => parsePolicy(t))
    .filter((p) => p.size > 0);
}

export function serializePolicy(policy: Policy): string {
  return [...policy].map(([name, sources]) => [name, ...sources].join(" ")).join("; ");
}

/** What a request is, for choosing its directive. */
export type RequestDestination =
  | "script"
  | "style"
  | "image"
  | "font"
  | "media"
  | "connect"
  | "frame"
  | "worker"
  | "manifest"
  | "object"
  | "form"
  | "other";

/** The directive the browser consults for a destination, most specific first (CSP3 §6.8). */
const FALLBACKS: Record<RequestDestination, string[]> = {
  script: ["script-src-elem", "script-src", "default-src"],
  style: ["style-src-elem", "style-src", "default-src"],
  image: ["img-src", "default-src"],
  font: ["font-src", "default-src"],
  media: ["media-src", "default-src"],
  connect: ["connect-src", "default-src"],
  frame: ["frame-src", "child-src", "default-src"],
  worker: ["worker-src", "child-src", "script-src", "default-src"],
  manifest: ["manifest-src", "default-src"],
  object: ["object-src", "default-src"],
  form: ["form-action"],
  other: ["default-src"],
};

/** The directive that decides, or undefined when the policy says nothing (allowed). */
export function governingDirective(
  policy: Policy,
  dest: RequestDestination,
): { name: string; sources: string[] } | undefined {
  for (const name of FALLBACKS[dest]) {
    const sources = policy.get(name);
    if (sources) return { name, sources };
  }
  return undefined;
}

/** The directive a generated policy writes for a destination (no -elem variants). */
export function directiveFor(dest: RequestDestination): string {
  return {
    script: "script-src",
    style: "style-src",
    image: "img-src",
    font: "font-src",
    media: "media-src",
    connect: "connect-src",
    frame: "frame-src",
    worker: "worker-src",
    manifest: "manifest-src",
    object: "object-src",
    form: "form-action",
    other: "default-src",
  }[dest];
}

/** CDP resource type (and what else a capture knows) → the request's destination. */
export function destinationOf(
  resourceType: string,
  opts: { isWorkerScript?: boolean; mimeType?: string; beacon?: boolean } = {},
): RequestDestination {
  if (opts.isWorkerScript) return "worker";
  if (opts.beacon) return "connect";
  switch (resourceType) {
    case "Script":
      return "script";
    case "Stylesheet":
      return "style";
    case "Image":
      return "image";
    case "Font":
      return "font";
    case "Media":
      return "media";
    case "XHR":
    case "Fetch":
    case "EventSource":
    case "WebSocket":
    case "Ping":
    case "CSPViolationReport":
      return "connect";
    case "Document":
      return "frame";
    case "Manifest":
      return "manifest";
    default:
      return opts.mimeType?.startsWith("image/") ? "image" : "other";
  }
}
