// `--opt-out-cookie NAME=VALUE@domain`: cookies a visitor's browser already holds when the visit
// starts, e.g. an ad network's opt-out cookie, so parties that ignore them can be seen.
import { UsageError } from "../errors.js";

export interface OptOutCookie {
  name: string;
  value: string;
  /** The cookie's domain: it and its subdomains receive it. */
  domain: string;
}

const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const DOMAIN = /^\.?([a-z0-9-]+\.)+[a-z0-9-]+$/i;

export function parseOptOutCookie(flag: string, text: string): OptOutCookie {
  const at = text.lastIndexOf("@");
  const eq = text.indexOf("=");
  if (at < 0 || eq <= 0 || eq > at)
    throw new UsageError(`${flag} expects NAME=VALUE@domain, got "${text}"`);
  const name = text.slice(0, eq);
  const value = text.slice(eq + 1, at);
  const domain = text
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/^\./, "");
  if (!NAME.test(name)) throw new UsageError(`${flag}: "${name}" is not a valid cookie name`);
  if (/[;\s,"\\]/.test(value))
    throw new UsageError(`${flag}: the value of ${name} may not hold ';', ',', quotes or spaces`);
  if (!DOMAIN.test(domain))
    throw new UsageError(`${flag}: "${domain}" is not a domain (NAME=VALUE@example.com)`);
  return { name, value, domain };
}
