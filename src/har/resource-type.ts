// The CDP resource type of a HAR entry: the exporter's own field when it wrote one (Chromium
// `_resourceType`, WebPageTest `_request_type` / `_type`), else a guess from MIME type and URL.

const CDP_TYPES = [
  "Document",
  "Stylesheet",
  "Image",
  "Media",
  "Font",
  "Script",
  "TextTrack",
  "XHR",
  "Fetch",
  "Prefetch",
  "EventSource",
  "WebSocket",
  "Manifest",
  "SignedExchange",
  "Ping",
  "CSPViolationReport",
  "Preflight",
  "Other",
];
const BY_LOWER = new Map(CDP_TYPES.map((t) => [t.toLowerCase(), t]));
// Names other exporters use for the same types.
BY_LOWER.set("html", "Document");
BY_LOWER.set("css", "Stylesheet");
BY_LOWER.set("js", "Script");
BY_LOWER.set("javascript", "Script");
BY_LOWER.set("img", "Image");
BY_LOWER.set("beacon", "Ping");
BY_LOWER.set("xmlhttprequest", "XHR");
BY_LOWER.set("websocket", "WebSocket");
BY_LOWER.set("subdocument", "Document");
BY_LOWER.set("sub_frame", "Document");
BY_LOWER.set("main_frame", "Document");

/** A named type, in CDP spelling, or undefined when the name is not one skimscan knows. */
export function namedResourceType(name: unknown): string | undefined {
  if (typeof name !== "string" || name === "") return undefined;
  return BY_LOWER.get(name.trim().toLowerCase());
}

const EXTENSIONS: [RegExp, string][] = [
  [/\.(m?js)$/i, "Script"],
  [/\.css$/i, "Stylesheet"],
  [/\.(gif|png|jpe?g|webp|avif|svg|ico|bmp)$/i, "Image"],
  [/\.(woff2?|ttf|otf|eot)$/i, "Font"],
  [/\.(html?)$/i, "Document"],
  [/\.(mp4|webm|mp3|m4a|ogg)$/i, "Media"],
];

/** Guess from what came back and what was asked for, as DevTools does for a HAR it imports. */
export function guessResourceType(input: {
  url: string;
  method: string;
  mimeType?: string;
  requestContentType?: string;
}): string {
  if (/^wss?:/i.test(input.url)) return "WebSocket";
  if ((input.requestContentType ?? "").toLowerCase().startsWith("text/ping")) return "Ping";
  const mime = (input.mimeType ?? "").toLowerCase().split(";")[0]?.trim() ?? "";
  if (mime === "text/html" || mime === "application/xhtml+xml") return "Document";
  if (/(java|ecma)script/.test(mime)) return "Script";
  if (mime === "text/css") return "Stylesheet";
  if (mime.startsWith("image/")) return "Image";
  if (mime.startsWith("font/") || mime.includes("font-")) return "Font";
  if (mime.startsWith("video/") || mime.startsWith("audio/")) return "Media";
  if (mime === "text/event-stream") return "EventSource";
  let path = "";
  try {
    path = new URL(input.url).pathname;
  } catch {
    // Not a URL: nothing to guess from.
  }
  for (const [re, type] of EXTENSIONS) if (re.test(path)) return type;
  return "Other";
}
