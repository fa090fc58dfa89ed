// --urls-file: one start URL per line, with # comments and blank lines.
import { readFileSync } from "node:fs";
import { ConfigError, quoteValue } from "../errors.js";

/** Reads and parses --urls-file; an unreadable file is a ConfigError naming it and the cause. */
export function readUrlsFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a directory, not a file"
          : code === "EACCES"
            ? "permission denied"
            : (error as Error).message;
    throw new ConfigError(`cannot read the URLs file: ${why}`, file);
  }
  return parseUrlsFile(text, file);
}

/**
 * Parses the text of a URLs file. A line is a URL, optionally followed by whitespace and a
 * "# comment"; a line starting with # is a comment. A URL needs no scheme when it starts with a
 * host name ("www.example.com/news" is taken as https, as on the command line). The first line
 * that is not an http(s) URL is a ConfigError naming file:line. Order is kept and repeats are
 * kept too: the frontier visits each page once anyway.
 */
export function parseUrlsFile(text: string, file: string): string[] {
  const urls: string[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  for (const [index, raw] of lines.entries()) {
    // "#" inside a URL is a fragment; only "#" after whitespace (or at the start) is a comment.
    const value = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!value) continue;
    const problem = lineProblem(value);
    if (typeof problem === "string") {
      throw new ConfigError(
        `${problem}: ${quoteValue(value)}`,
        file,
        index + 1,
        "Put one http:// or https:// page address per line; start comments with #.",
      );
    }
    urls.push(problem.href);
  }
  return urls;
}

function lineProblem(value: string): URL | string {
  if (/\s/.test(value)) return "one URL per line, without spaces";
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[^:/]+:\d+(\/|$)/.test(value);
  let url: URL;
  try {
    url = new URL(hasScheme ? value : `https://${value}`);
  } catch {
    return "not a valid URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `not a web page (scheme ${url.protocol})`;
  }
  if (!url.hostname || url.hostname.includes("..")) {
    return "no valid host name";
  }
  return url;
}
