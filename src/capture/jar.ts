// Turns a CDP Network.Cookie of the final jar into the Capture's JarCookie.

import type { JarCookie } from "../model/capture.js";
import type { Protocol } from "./cdp-connection.js";
import { partitionSite } from "./response-cookies.js";

export function toJarCookie(c: Protocol.Network.Cookie): JarCookie {
  const expires = Number(c.expires);
  const sameSite = c.sameSite;
  const partitionKey = partitionSite(c.partitionKey);
  return {
    name: String(c.name ?? ""),
    domain: String(c.domain ?? "").replace(/^\./, ""),
    path: String(c.path ?? "/"),
    value: String(c.value ?? ""),
    // CDP: -1 (or session: true) for session cookies, else seconds since the epoch.
    ...(!c.session && expires > 0 ? { expires: new Date(expires * 1000).toISOString() } : {}),
    secure: !!c.secure,
    httpOnly: !!c.httpOnly,
    ...(sameSite ? { sameSite } : {}),
    ...(partitionKey ? { partitionKey } : {}),
  };
}
