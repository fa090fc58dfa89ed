// What --browser-endpoint may say and how it becomes a DevTools WebSocket URL: ws:// and wss://
// are the browser's own socket; http(s)://host:port is asked for /json/version, whose
// webSocketDebuggerUrl is used with the host and port the user gave (the browser names itself
// as it sees itself, often 127.0.0.1, which is not where it is from this machine).

const SCHEMES = new Set(["ws:", "wss:", "http:", "https:"]);

/** Why the text is no endpoint, or undefined when it is one. */
export function endpointProblem(text: string): string | undefined {
  if (!URL.canParse(text)) return "not a URL";
  const u = new URL(text);
  if (!SCHEMES.has(u.protocol)) return `${u.protocol} is not ws:, wss:, http: or https:`;
  if (!u.hostname) return "no host";
  return undefined;
}

/** The endpoint as messages and the capture show it: no user, password or query (tokens). */
export function describeEndpoint(text: string): string {
  if (!URL.canParse(text)) return text;
  const u = new URL(text);
  u.username = "";
  u.password = "";
  u.search = "";
  u.hash = "";
  return u.toString().replace(/\/$/, "");
}

/** The WebSocket URL /json/version names, moved to the host and port the user reached it at. */
export function socketFromVersion(httpEndpoint: string, webSocketDebuggerUrl: string): string {
  const given = new URL(httpEndpoint);
  const ws = new URL(webSocketDebuggerUrl);
  ws.protocol = given.protocol === "https:" ? "wss:" : "ws:";
  ws.host = given.host;
  ws.username = given.username;
  ws.password = given.password;
  if (given.search && !ws.search) ws.search = given.search;
  return ws.toString();
}

/** The DevTools WebSocket URL of the endpoint; throws when it cannot be found. */
export async function resolveEndpoint(text: string, timeoutMs = 5000): Promise<string> {
  const u = new URL(text);
  if (u.protocol === "ws:" || u.protocol === "wss:") return text;
  const base = new URL(text);
  base.pathname = `${base.pathname.replace(/\/$/, "")}/json/version`;
  const res = await fetch(base, { signal: AbortSignal.timeout(timeoutMs) }).catch((err) => {
    throw new Error(`${(err as Error).message}${causeOf(err)}`);
  });
  if (!res.ok) throw new Error(`/json/version answered HTTP ${res.status}`);
  const body = (await res.json().catch(() => undefined)) as
    | { webSocketDebuggerUrl?: unknown }
    | undefined;
  const ws = body?.webSocketDebuggerUrl;
  if (typeof ws !== "string" || !URL.canParse(ws))
    throw new Error("/json/version names no webSocketDebuggerUrl");
  return socketFromVersion(text, ws);
}

/** fetch() says "fetch failed"; the reason (ECONNREFUSED …) is in its cause. */
function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message;
  return why ? ` (${why})` : "";
}
