// Script integrity (issue 12), the pure parts: hashes checked against openssl, integrity
// attributes, the normalised form, the allowlist's integrity pins and justifications, and the
// change-detection checks run through buildReport on hand-made captures and baselines.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import {
  integrityHolds,
  normalisedHash,
  sriDigests,
  sriHash,
} from "../../src/capture/script-hash.js";
import { parseAllowlist } from "../../src/config/allowlist.js";
import { justificationWarnings } from "../../src/config/justification.js";
import { ConfigError } from "../../src/errors.js";
import type { CapturedPage } from "../../src/model/capture.js";
import type { Report } from "../../src/model/report.js";
import {
  makeCapture,
  makePage,
  makeRequest,
  makeScript,
  parser,
} from "./helpers/capture-builder.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "skimscan-sri-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The reference the issue names: `openssl dgst -sha256 -binary FILE | base64`. */
function openssl(bytes: Buffer | string): string {
  const file = path.join(tmp, `b${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, bytes);
  const digest = execFileSync("openssl", ["dgst", "-sha256", "-binary", file]);
  return `sha256-${digest.toString("base64")}`;
}

const VENDOR = "https://cdn.vendor.example/v3/lib.js";
const SHOP = "https://www.shop.example/checkout/";
const V1 = "/* lib v1 */ window.lib = 1;\n";
const V2 = "/* lib v2 */ window.lib = 1; new Image().src = 'https://skim.example/c';\n";

function pageWith(
  scripts: Array<{ url: string; body: string; id?: string }>,
  url = SHOP,
): CapturedPage {
  const page = makePage(url);
  scripts.forEach((s, i) => {
    page.requests.push(makeRequest(`r${i}`, s.url, { initiator: parser(url) }));
    page.scripts.push(
      makeScript(s.id ?? `${i + 10}`, s.url, {
        hash: sriHash(s.body),
        bytes: Buffer.byteLength(s.body),
        normalisedHash: normalisedHash(s.body),
      }),
    );
  });
  return page;
}

function report(
  pages: CapturedPage[],
  opts: Parameters<typeof buildReport>[1] = {},
  at?: string,
): Report {
  return buildReport(makeCapture(pages, at ? { startedAt: at } : {}), {
    lookup: () => undefined,
    ...opts,
  });
}

const allowlist = (text: string) => parseAllowlist(text, "allow.yaml").allowlist;
const codes = (r: Report) => r.findings.map((f) => f.code).sort();

describe("script hashes", () => {
  it("match openssl for text, binary and empty bodies", () => {
    for (const body of [V1, Buffer.from([0, 255, 10, 13, 0x80]), "", "é ü 😀"]) {
      const buf = typeof body === "string" ? Buffer.from(body, "utf8") : body;
      expect(sriHash(buf)).toBe(openssl(buf));
    }
  });

  it("an integrity attribute holds by its strongest algorithm, like a browser", () => {
    const d = sriDigests(Buffer.from(V1));
    expect(integrityHolds(d.sha256, d)).toBe(true);
    expect(integrityHolds(`${d.sha384} sha256-wrong`, d)).toBe(true);
    expect(integrityHolds(`${d.sha256} sha384-wrong`, d)).toBe(false);
    expect(integrityHolds(sriHash(V2), d)).toBe(false);
    expect(integrityHolds(`${d.sha512}?opt`, d)).toBe(true);
  });

  it("the normalised form ignores timestamps and tokens, not code", () => {
    expect(normalisedHash("x = 1733570000000; id='a81f0c9d2e3b4a5f6e7d'")).toBe(
      normalisedHash("x = 1733570099999; id='ffffffff2e3b4a5f6e00'"),
    );
    expect(normalisedHash("send('https://a.example')")).not.toBe(
      normalisedHash("send('https://b.example')"),
    );
  });
});

describe("allowlist integrity and justification", () => {
  it("reads pins on url entries and justifications everywhere", () => {
    const pin = sriHash(V1);
    const a = allowlist(
      `authorized:\n  - url: ${VENDOR}\n    integrity: [${pin}]\n    justification: "payment polyfill, ticket SEC-9"\n  - domain: a.example\n    note: contract\n  - b.example\n`,
    );
    expect(a.authorized[0]?.integrity).toEqual([pin]);
    expect(a.authorized[0]?.justification).toBe("payment polyfill, ticket SEC-9");
    expect(justificationWarnings(a)).toEqual([
      'allow.yaml:7: authorized entry "domain:b.example" has no justification (add justification: or note:)',
    ]);
  });

  it("integrity on another entry kind is a configuration error naming the line", () => {
    const text = `authorized:\n  - domain: vendor.example\n    integrity: ${sriHash(V1)}\n`;
    expect(() => allowlist(text)).toThrow(ConfigError);
    expect(() => allowlist(text)).toThrow(/line 3|:3/);
    expect(() => allowlist(`authorized:\n  - url: ${VENDOR}\n    integrity: md5-abc\n`)).toThrow(
      /sha256-/,
    );
  });

  it("a pin that does not match turns the party rogue (integrity-mismatch); one that matches keeps it authorized", () => {
    const pinned = (pin: string) =>
      allowlist(
        `firstParty: [shop.example]\nauthorized:\n  - url: ${VENDOR}\n    integrity: ${pin}\n`,
      );
    const good = report([pageWith([{ url: VENDOR, body: V1 }])], {
      allowlist: pinned(openssl(V1)),
    });
    expect(good.parties.find((p) => p.domain === "vendor.example")?.status).toBe("authorized");
    expect(good.scripts?.[0]?.verdict).toBe("authorized");
    const bad = report([pageWith([{ url: VENDOR, body: V2 }])], { allowlist: pinned(openssl(V1)) });
    expect(bad.parties.find((p) => p.domain === "vendor.example")?.status).toBe("rogue");
    expect(bad.scripts?.[0]).toMatchObject({ verdict: "rogue", rule: "integrity-mismatch" });
    expect(bad.findings.find((f) => f.code === "rogue-party")?.evidence.rule).toBe(
      "integrity-mismatch",
    );
  });
});

describe("change detection against baselines", () => {
  const base = report([pageWith([{ url: VENDOR, body: V1 }])], {}, "2026-06-23T10:00:00.000Z");

  it("the same scripts again give no finding", () => {
    const now = report([pageWith([{ url: VENDOR, body: V1 }])], { baselines: [{ report: base }] });
    expect(codes(now)).not.toContain("script-changed");
    expect(now.scripts?.[0]).toMatchObject({
      firstSeen: base.scan.startedAt,
      lastChanged: base.scan.startedAt,
    });
  });

  it("a changed script at the same URL is script-changed, with both hashes and the pages", () => {
    const a = allowlist(`firstParty: [shop.example]\nauthorized:\n  - vendor.example\n`);
    const now = report([pageWith([{ url: VENDOR, body: V2 }])], {
      baselines: [{ report: base }],
      allowlist: a,
    });
    const f = now.findings.find((x) => x.code === "script-changed");
    expect(f).toMatchObject({ severity: "high", party: "vendor.example" });
    expect(f?.evidence).toMatchObject({
      before: [openssl(V1)],
      after: [openssl(V2)],
      pages: [SHOP],
    });
    expect(
      report([pageWith([{ url: VENDOR, body: V2 }])], {
        baselines: [{ report: base }],
      }).findings.find((x) => x.code === "script-changed")?.severity,
    ).toBe("medium");
  });

  it("several baselines are a union: a hash seen in any is known", () => {
    const other = report([pageWith([{ url: VENDOR, body: V2 }])], {}, "2026-06-16T10:00:00.000Z");
    const now = report([pageWith([{ url: VENDOR, body: V2 }])], {
      baselines: [{ report: base }, { report: other }],
    });
    expect(codes(now)).not.toContain("script-changed");
  });

  it("a volatile script (two hashes in one scan) is compared by its normalised form", () => {
    const stamp = (t: number) => `window.stamp = ${t};\n`;
    const twice = (t: number) => {
      const p = pageWith([{ url: VENDOR, body: stamp(t) }]);
      p.reloadScripts = [
        makeScript("99", VENDOR, {
          hash: sriHash(stamp(t + 7)),
          normalisedHash: normalisedHash(stamp(t + 7)),
        }),
      ];
      return p;
    };
    const before = report([twice(1000)]);
    expect(before.scripts?.[0]?.volatile).toBe(true);
    const now = report([twice(2000)], { baselines: [{ report: before }] });
    expect(codes(now)).not.toContain("script-changed");
    // Real code changes still show through the normalised form.
    const changed = twice(3000);
    changed.scripts[0] = makeScript("10", VENDOR, {
      hash: sriHash(V2),
      normalisedHash: normalisedHash(V2),
    });
    expect(codes(report([changed], { baselines: [{ report: before }] }))).toContain(
      "script-changed",
    );
  });

  it("new-script on critical pages only, even for an authorized party; sri-missing for third parties there", () => {
    const a = allowlist(
      `firstParty: [shop.example]\nauthorized:\n  - vendor.example\n  - other.example\n`,
    );
    const added = "https://cdn.other.example/new.js";
    const now = report(
      [
        pageWith([
          { url: VENDOR, body: V1 },
          { url: added, body: "x()" },
        ]),
      ],
      {
        baselines: [{ report: base }],
        allowlist: a,
        criticalPages: ["/checkout/**"],
      },
    );
    const found = now.findings.filter((f) => f.code === "new-script");
    expect(found.map((f) => f.evidence.url)).toEqual([added]);
    expect(found[0]?.severity).toBe("medium");
    expect(
      now.findings
        .filter((f) => f.code === "sri-missing")
        .map((f) => f.evidence.url)
        .sort(),
    ).toEqual([added, VENDOR]);
    const notCritical = report(
      [
        pageWith([
          { url: VENDOR, body: V1 },
          { url: added, body: "x()" },
        ]),
      ],
      {
        baselines: [{ report: base }],
        criticalPages: ["/account/**"],
      },
    );
    expect(codes(notCritical)).not.toContain("new-script");
  });

  it("a baseline of another device or without scripts[] gives no script findings, and says so", () => {
    const mobile = {
      ...base,
      scan: {
        ...base.scan,
        browser: {
          ...base.scan.browser,
          device: {
            name: "mobile",
            viewport: { width: 1, height: 1 },
            deviceScaleFactor: 1,
            mobile: true,
            touch: true,
          },
        },
      },
    };
    const older = { ...base, scripts: undefined };
    const now = report([pageWith([{ url: VENDOR, body: V2 }])], {
      baselines: [
        { file: "m.json", report: mobile },
        { file: "old.json", report: older },
      ],
    });
    expect(codes(now)).not.toContain("script-changed");
    expect(now.warnings.join("\n")).toMatch(/m\.json was scanned as mobile/);
    expect(now.warnings.join("\n")).toMatch(/old\.json has no scripts\[\]/);
  });
});

describe("security header changes", () => {
  const HEADERS = {
    "content-security-policy":
      "default-src 'self'; script-src 'self' https://cdn.vendor.example; object-src 'none'",
    "strict-transport-security": "max-age=31536000; includeSubDomains",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
  };
  const withHeaders = (h: Record<string, string>) => ({ ...makePage(SHOP), securityHeaders: h });
  const base = report([withHeaders(HEADERS)], {}, "2026-06-23T10:00:00.000Z");
  const headerFindings = (h: Record<string, string>) =>
    report([withHeaders(h)], { baselines: [{ report: base }] }).findings.filter((f) =>
      f.code.startsWith("header-"),
    );

  it("an unchanged header set gives nothing; a stricter one neither", () => {
    expect(headerFindings(HEADERS)).toEqual([]);
    expect(
      headerFindings({
        ...HEADERS,
        "referrer-policy": "no-referrer",
        "strict-transport-security": "max-age=63072000; includeSubDomains; preload",
      }),
    ).toEqual([]);
  });

  it("a CSP removed is header-removed", () => {
    const { "content-security-policy": _, ...rest } = HEADERS;
    expect(
      headerFindings(rest).map((f) => [f.code, (f.evidence as { header: string }).header]),
    ).toEqual([["header-removed", "content-security-policy"]]);
  });

  it("HSTS max-age lowered and a CSP directive widened are header-changed, with reasons", () => {
    const found = headerFindings({
      ...HEADERS,
      "strict-transport-security": "max-age=300; includeSubDomains",
      "content-security-policy":
        "default-src 'self'; script-src 'self' https://cdn.vendor.example 'unsafe-inline'; object-src 'none'",
      "x-frame-options": "SAMEORIGIN",
    });
    expect(
      found.map((f) => [
        f.code,
        (f.evidence as { header: string }).header,
        (f.evidence as { reasons?: string[] }).reasons,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ["header-changed", "strict-transport-security", ["max-age lowered from 31536000 to 300"]],
        ["header-changed", "content-security-policy", ["script-src gained 'unsafe-inline'"]],
        ["header-changed", "x-frame-options", ["deny → SAMEORIGIN"]],
      ]),
    );
    expect(found).toHaveLength(3);
  });
});

describe("security headers as the server sent them", () => {
  it("takes skimscan's own policy under test out again, keeping the site's", async () => {
    const { securityHeadersOf } = await import("../../src/capture/security-headers.js");
    const ours = { name: "Content-Security-Policy", value: "img-src 'self'" };
    const site = "default-src 'self'";
    expect(
      securityHeadersOf(
        {
          "content-security-policy": `${site}\nimg-src 'self'`,
          "x-frame-options": "DENY",
          server: "x",
        },
        ours,
      ),
    ).toEqual({ "content-security-policy": site, "x-frame-options": "DENY" });
    expect(securityHeadersOf({ "content-security-policy": "img-src 'self'" }, ours)).toEqual({});
    expect(securityHeadersOf({ "content-security-policy": site })).toEqual({
      "content-security-policy": site,
    });
  });
});
