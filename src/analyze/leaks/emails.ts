// E-mail addresses in request data, found without a seeded identity, with the look-alikes that are
// not addresses left out: retina images ("logo@2x.png"), package versions ("react@18.2.0"),
// scoped packages, hosts without a dot ("user@localhost"), URL credentials and role mailboxes.

const EMAIL =
  /(?<![A-Za-z0-9._%+\-/@:])([A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_-])?)@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)(?![A-Za-z0-9-]|\.[A-Za-z0-9])/g;

/** Endings that are file extensions, not top-level domains: "logo@2x.png" is an image. */
export const FILE_EXTENSIONS = new Set([
  "png",
  "jpg",
  "jpeg",
  "gif",
  "svg",
  "webp",
  "avif",
  "ico",
  "bmp",
  "tif",
  "tiff",
  "js",
  "mjs",
  "cjs",
  "ts",
  "css",
  "map",
  "json",
  "html",
  "htm",
  "php",
  "asp",
  "aspx",
  "txt",
  "xml",
  "woff",
  "woff2",
  "ttf",
  "otf",
  "eot",
  "mp4",
  "webm",
  "mp3",
  "m4a",
  "ogg",
  "wasm",
  "pdf",
]);

/** Mailboxes of organisations, not of visitors: not personal data of the audience. */
export const ROLE_MAILBOXES = new Set([
  "abuse",
  "admin",
  "contact",
  "dpo",
  "help",
  "hello",
  "info",
  "noreply",
  "no-reply",
  "postmaster",
  "privacy",
  "sales",
  "support",
  "webmaster",
]);

/** Distinct e-mail addresses (lower-case) that appear in `text`. */
export function findEmails(text: string): string[] {
  if (!text.includes("@")) return [];
  const found = new Set<string>();
  for (const m of text.matchAll(EMAIL)) {
    const local = (m[1] ?? "").toLowerCase();
    const domain = (m[2] ?? "").toLowerCase();
    const tld = domain.slice(domain.lastIndexOf(".") + 1);
    if (!/^[a-z]{2,24}$/.test(tld) && !/^xn--[a-z0-9-]+$/.test(tld)) continue;
    if (FILE_EXTENSIONS.has(tld)) continue;
    if (/^\d+x$/.test(domain.split(".")[0] ?? "")) continue;
    if (ROLE_MAILBOXES.has(local)) continue;
    found.add(`${local}@${domain}`);
  }
  return [...found];
}
