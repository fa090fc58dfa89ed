// The repository documents itself: no file points at design notes that only its authors had (a
// sibling "shared" folder, a design document that is not in the repository), and every relative
// link of its Markdown resolves to a file in the repository (and, with an anchor, to a heading).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/package-info.js";
import {
  headingSlug,
  isExternal,
  markdownAnchors,
  markdownLinks,
} from "../helpers/markdown-links.js";

/** Tracked files plus new ones not ignored, so a file is checked before its first commit. */
function repositoryFiles(): string[] {
  const out = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { cwd: PACKAGE_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  return [...new Set(out.split("\0"))]
    .filter((f) => f !== "" && !/^(node_modules|dist)\//.test(f))
    .filter(
      (f) =>
        existsSync(path.join(PACKAGE_ROOT, f)) && statSync(path.join(PACKAGE_ROOT, f)).isFile(),
    )
    .sort();
}

// Spelt in pieces so this file does not name what it forbids.
const FORBIDDEN = [
  ["..", "shared"].join("/"),
  ["DESIGN", "md"].join("."),
  ["/work", "shared"].join("/"),
];

/** "file:line: text" for every line naming a document outside the repository. */
function outsideReferences(file: string, text: string): string[] {
  const hits: string[] = [];
  text.split("\n").forEach((line, i) => {
    if (FORBIDDEN.some((f) => line.includes(f)))
      hits.push(`${file}:${i + 1}: ${line.trim().slice(0, 160)}`);
  });
  return hits;
}

/** "file:line: target (why)" for every relative link of a Markdown file that does not resolve. */
function brokenLinks(
  file: string,
  markdown: string,
  read: (f: string) => string | undefined,
): string[] {
  const broken: string[] = [];
  for (const { line, target } of markdownLinks(markdown)) {
    if (isExternal(target)) continue;
    const [rawPath = "", anchor] = target.split("#", 2);
    const linkPath = decodeURIComponent(rawPath);
    const resolved =
      linkPath === ""
        ? file
        : path.posix.normalize(path.posix.join(path.posix.dirname(file), linkPath));
    const where = `${file}:${line}: ${target}`;
    if (resolved.startsWith("../") || path.posix.isAbsolute(resolved)) {
      broken.push(`${where} (outside the repository)`);
      continue;
    }
    const abs = path.join(PACKAGE_ROOT, resolved);
    if (!existsSync(abs)) {
      broken.push(`${where} (no such file)`);
      continue;
    }
    if (anchor && resolved.endsWith(".md")) {
      const text = read(resolved);
      if (text === undefined || !markdownAnchors(text).has(anchor))
        broken.push(`${where} (no such heading)`);
    }
  }
  return broken;
}

const FILES = repositoryFiles();

function readText(file: string): string | undefined {
  const buf = readFileSync(path.join(PACKAGE_ROOT, file));
  return buf.includes(0) ? undefined : buf.toString("utf8");
}

describe("the repository documents itself", () => {
  it("has no file that refers to documents outside it", () => {
    expect(FILES).toContain("README.md");
    expect(FILES).toContain("docs/ARCHITECTURE.md");
    expect(FILES.length).toBeGreaterThan(100);
    const hits = FILES.flatMap((f) => {
      const text = readText(f);
      return text === undefined ? [] : outsideReferences(f, text);
    });
    expect(
      hits,
      `files referring to documents outside the repository:\n${hits.join("\n")}`,
    ).toEqual([]);
  });

  it("resolves every relative link of README.md and docs/*.md (and every other tracked Markdown)", () => {
    const markdown = FILES.filter((f) => f.endsWith(".md"));
    expect(markdown).toEqual(expect.arrayContaining(["README.md", "docs/ARCHITECTURE.md"]));
    let checked = 0;
    const broken = markdown.flatMap((f) => {
      const text = readText(f) ?? "";
      checked += markdownLinks(text).filter((l) => !isExternal(l.target)).length;
      return brokenLinks(f, text, readText);
    });
    // The walk saw the links it is about: the README points at the architecture document.
    expect(checked).toBeGreaterThan(3);
    expect(broken, `relative links that do not resolve:\n${broken.join("\n")}`).toEqual([]);
  });

  it("links the README to the architecture document and back", () => {
    const readme = readText("README.md") ?? "";
    const architecture = readText("docs/ARCHITECTURE.md") ?? "";
    expect(markdownLinks(readme).map((l) => l.target)).toContain("docs/ARCHITECTURE.md");
    expect(markdownLinks(architecture).map((l) => l.target)).toContain("../README.md");
  });
});

describe("the checks themselves", () => {
  it("catch a reference to an outside document, spelt any of the forbidden ways", () => {
    for (const f of FORBIDDEN) {
      expect(outsideReferences("x.ts", `ok\n// see ${f} for why`)).toEqual([
        `x.ts:2: // see ${f} for why`,
      ]);
    }
    expect(outsideReferences("x.ts", "--session shared, design.ts, docs/ARCHITECTURE.md")).toEqual(
      [],
    );
  });

  it("find links outside code, and only relative ones count", () => {
    const md = [
      'See [the docs](docs/ARCHITECTURE.md#layers) and ![img](<a b.png> "t").',
      "`[not](a-link.md)` and [web](https://example.com/x.md), [mail](mailto:a@b.example)",
      "```",
      "[code](inside-a-fence.md)",
      "```",
      "[ref]: fixtures/README.md",
    ].join("\n");
    const links = markdownLinks(md);
    expect(links.map((l) => [l.line, l.target])).toEqual([
      [1, "docs/ARCHITECTURE.md#layers"],
      [1, "a b.png"],
      [2, "https://example.com/x.md"],
      [2, "mailto:a@b.example"],
      [6, "fixtures/README.md"],
    ]);
    expect(links.filter((l) => !isExternal(l.target)).map((l) => l.target)).toEqual([
      "docs/ARCHITECTURE.md#layers",
      "a b.png",
      "fixtures/README.md",
    ]);
  });

  it("make GitHub's heading anchors, repeats numbered", () => {
    expect(headingSlug("Who is who: companies, categories, filter lists")).toBe(
      "who-is-who-companies-categories-filter-lists",
    );
    expect(headingSlug("Start one: `skimscan init`")).toBe("start-one-skimscan-init");
    expect(headingSlug("The [README](x.md) & more")).toBe("the-readme--more");
    const anchors = markdownAnchors(
      '# A\n## Usage\n```\n# not a heading\n```\n## Usage\n<a id="x"></a>',
    );
    expect([...anchors].sort()).toEqual(["a", "usage", "usage-1", "x"]);
  });

  it("report a missing file, a link out of the repository and a missing heading", () => {
    const md = [
      "[ok](docs/ARCHITECTURE.md#layers)",
      "[gone](docs/NO-SUCH-FILE.md)",
      `[out](${["..", "shared", "x.md"].join("/")})`,
      "[bad anchor](docs/ARCHITECTURE.md#no-such-heading)",
      "[self](#nothing-here)",
    ].join("\n");
    expect(brokenLinks("README.md", md, readText)).toEqual([
      "README.md:2: docs/NO-SUCH-FILE.md (no such file)",
      `README.md:3: ${["..", "shared", "x.md"].join("/")} (outside the repository)`,
      "README.md:4: docs/ARCHITECTURE.md#no-such-heading (no such heading)",
      "README.md:5: #nothing-here (no such heading)",
    ]);
  });
});
