// Which of a page's links (a[href] collected from the live DOM) could be further pages to crawl.

/**
 * File extensions that are never HTML pages. A link ending in one of them would be a download,
 * an image or a feed, not a page whose third parties we want, so it is not crawled.
 */
export const NON_PAGE_EXTENSIONS: ReadonlySet<string> = new Set(
  [
    // documents and data
    "pdf doc docx xls xlsx ppt pptx odt ods odp rtf txt csv tsv json xml rss atom ics vcf epub mobi md",
    // images
    "jpg jpeg png gif webp avif svg ico bmp tif tiff heic psd",
    // audio and video
    "mp3 m4a aac ogg oga wav flac opus mp4 m4v mov webm avi mkv wmv flv m3u8 mpd ts",
    // archives, binaries, code
    "zip gz tgz bz2 xz 7z rar tar dmg exe msi pkg deb rpm apk ipa iso bin jar css js mjs map wasm",
    // fonts
    "woff woff2 ttf otf eot",
  ]
    .join(" ")
    .split(" "),
);

/**
 * Resolves hrefs against the page URL and keeps the http(s) ones that may be pages: drops
 * mailto:, tel:, javascript:, data:, blob: and other schemes, links to files with a non-page
 * extension (.pdf, .jpg, .zip …), and repeats (first occurrence kept, order preserved).
 * The result is not normalised: the frontier does that with the configured parameters.
 */
export function filterLinks(hrefs: readonly string[], pageUrl: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of hrefs) {
    const href = raw.trim();
    if (!href || href.startsWith("#")) continue;
    let u: URL;
    try {
      u = new URL(href, pageUrl);
    } catch {
      continue;
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") continue;
    if (hasNonPageExtension(u.pathname)) continue;
    if (seen.has(u.href)) continue;
    seen.add(u.href);
    out.push(u.href);
  }
  return out;
}

/** True when the last path segment ends in a known non-page extension, e.g. "/a/report.PDF". */
export function hasNonPageExtension(pathname: string): boolean {
  const last = pathname.slice(pathname.lastIndexOf("/") + 1);
  const dot = last.lastIndexOf(".");
  if (dot < 0) return false;
  return NON_PAGE_EXTENSIONS.has(last.slice(dot + 1).toLowerCase());
}
