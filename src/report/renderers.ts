// The registry of report formats: one name, one file extension, one pure render function each.
import type { Report } from "../model/report.js";
import { renderHtml } from "./render-html.js";
import { renderInventory } from "./render-inventory.js";
import { renderJson } from "./render-json.js";
import { renderJunit } from "./render-junit.js";
import { renderMarkdown } from "./render-markdown.js";
import { renderSarif } from "./render-sarif.js";
import { renderText } from "./render-text.js";
import type { Style } from "./style.js";

export { plainStyle, type Style } from "./style.js";

export const FORMATS = ["text", "json", "html", "markdown", "sarif", "junit", "inventory"] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  /** Colours for the text format (the CLI builds it); plain when absent. */
  style?: Style;
  /** Terminal columns for the text format; 80 when absent. */
  width?: number;
  verbose?: boolean;
  /** File that SARIF results point at; default the allowlist path, else "skimscan.yaml". */
  sarifLocation?: string;
}

const RENDERERS: Record<Format, (report: Report, opts: RenderOptions) => string> = {
  text: (r, o) => renderText(r, o),
  json: (r) => renderJson(r),
  html: (r) => renderHtml(r),
  markdown: (r) => renderMarkdown(r),
  sarif: (r, o) => renderSarif(r, o),
  junit: (r) => renderJunit(r),
  inventory: (r) => renderInventory(r),
};

export function render(format: Format, report: Report, opts: RenderOptions = {}): string {
  return RENDERERS[format](report, opts);
}

/** Longest suffix first, so "x.sarif.json" is SARIF and "x.junit.xml" is JUnit. */
const EXTENSIONS: [string, Format][] = [
  [".sarif.json", "sarif"],
  [".junit.xml", "junit"],
  [".sarif", "sarif"],
  [".json", "json"],
  [".html", "html"],
  [".htm", "html"],
  [".md", "markdown"],
  [".markdown", "markdown"],
  [".xml", "junit"],
  [".txt", "text"],
  [".csv", "inventory"],
];

export function formatFromExtension(file: string): Format | undefined {
  const lower = file.toLowerCase();
  return EXTENSIONS.find(([ext]) => lower.endsWith(ext))?.[1];
}
