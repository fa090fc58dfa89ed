// The form step in real Chromium on a forms lab served by code: which fields get the identity
// (top document and same-origin frames, not cross-site ones, not payment forms), with real key
// events, which forms are submitted (never a login or payment form unless `all`, search last).
// One browser for the file: each mode is one page captured in it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturePage } from "../../src/crawl/capture-page.js";
import { launchBrowser } from "../../src/crawl/launch-browser.js";
import type { HostHandler } from "../../src/fixture-internet/server.js";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";

const LAB = "www.forms-lab.test";
const OTHER = "widgets.other-site.test";
const IDENTITY = { email: "jane.doe@example.com", phone: "+44 20 7946 0958", name: "Jane Doe" };

/** Every form reports what it got (and how many key events) to /got?form=…, first party. */
const REPORT = `
  window.keys = 0;
  document.addEventListener("keydown", () => { window.keys++; }, true);
  function report(form, extra) {
    const data = new URLSearchParams(new FormData(form));
    data.set("form", form.id); data.set("keys", String(window.keys));
    if (extra) data.set("extra", extra);
    navigator.sendBeacon("/got", data);
  }
  for (const f of document.forms) f.addEventListener("submit", (e) => {
    if (f.id !== "search") { e.preventDefault(); report(f); }
  });`;

const PAGES: Record<string, string> = {
  "/": `<!doctype html><title>Forms lab</title>
<form id="newsletter"><input type="email" name="email"><input name="full_name" autocomplete="name"><button>Join</button></form>
<form id="login"><input type="email" name="user_email"><input type="password" name="pw"><button>Log in</button></form>
<form id="payment"><input name="cardholder" autocomplete="cc-name"><input name="card" autocomplete="cc-number"><input type="email" name="receipt_email"><button>Pay</button></form>
<form id="search" action="/search" method="get"><input type="search" name="q" value="prefilled"><button>Go</button></form>
<input type="text" name="other" id="free-text">
<input type="email" name="hidden_email" style="display:none">
<iframe src="/frame.html"></iframe>
<iframe src="https://${OTHER}/embed.html"></iframe>
<script>${REPORT}</script>`,
  "/frame.html": `<!doctype html><form id="phone"><input type="tel" name="tel"><button>Call me</button></form><script>${REPORT}</script>`,
  "/search": `<!doctype html><title>Results</title><p>results</p>`,
};
const EMBED = `<!doctype html><form id="xo"><input type="email" name="xo_email"></form>
<script>document.querySelector("input").addEventListener("input", () => fetch("/typed"));</script>`;

const serve =
  (pages: Record<string, string>): HostHandler =>
  (req, res) => {
    const path = new URL(req.url ?? "/", "https://x").pathname;
    const page = pages[path];
    if (req.method === "POST" || !page) {
      res.writeHead(204).end();
      return true;
    }
    res.writeHead(200, { "content-type": "text/html" }).end(page);
    return true;
  };

let server: FixtureServer;
const got = (mode: string) =>
  server.received
    .filter((r) => r.host === LAB && r.path === `/got?mode=${mode}`)
    .map((r) => Object.fromEntries(new URLSearchParams(r.body.toString())));

beforeAll(async () => {
  server = await startFixtureServer({
    handlers: { [LAB]: serve(PAGES), [OTHER]: serve({ "/embed.html": EMBED }) },
  });
  const browser = await launchBrowser({
    blockThirdPartyCookies: false,
    hostRules: server.hostRules,
    insecure: true,
  });
  try {
    for (const mode of ["safe", "all"] as const) {
      // The same lab under a marker so the two runs' reports stay apart.
      PAGES["/"] = (PAGES["/"] as string).replace(/"\/got(\?mode=\w+)?"/, `"/got?mode=${mode}"`);
      PAGES["/frame.html"] = (PAGES["/frame.html"] as string).replace(
        /"\/got(\?mode=\w+)?"/,
        `"/got?mode=${mode}"`,
      );
      await capturePage(browser, `p-${mode}`, `https://${LAB}/`, {
        timeoutMs: 20_000,
        dwellMs: 0,
        maxBodyBytes: 64 * 1024,
        fillForms: { identity: IDENTITY, mode },
      });
    }
  } finally {
    await browser.close();
  }
});
afterAll(() => server?.close());

describe("fill forms, safe mode", () => {
  it("types e-mail and name into the newsletter with real key events and submits it", () => {
    const nl = got("safe").find((g) => g.form === "newsletter");
    expect(nl).toMatchObject({ email: IDENTITY.email, full_name: IDENTITY.name });
    expect(Number(nl?.keys)).toBeGreaterThanOrEqual(IDENTITY.email.length + IDENTITY.name.length);
  });

  it("reaches a same-origin frame's phone field and submits that form", () => {
    expect(got("safe").find((g) => g.form === "phone")).toMatchObject({ tel: IDENTITY.phone });
  });

  it("submits no login and no payment form", () => {
    const forms = got("safe").map((g) => g.form);
    expect(forms).not.toContain("login");
    expect(forms).not.toContain("payment");
  });

  it("never types into a cross-site frame, a hidden field or an unrecognised one", () => {
    expect(server.received.some((r) => r.host === OTHER && r.path === "/typed")).toBe(false);
  });

  it("submits the search form last, its prefilled box replaced: the results load with the typed term", () => {
    const search = server.received.find((r) => r.host === LAB && r.path.startsWith("/search?"));
    expect(search?.path).toBe(`/search?q=${encodeURIComponent(IDENTITY.email)}`);
  });
});

describe("fill forms, all", () => {
  it("also fills and submits the login and payment forms (the password stays empty)", () => {
    const all = got("all");
    expect(all.find((g) => g.form === "login")).toMatchObject({
      user_email: IDENTITY.email,
      pw: "",
    });
    expect(all.find((g) => g.form === "payment")).toMatchObject({
      cardholder: IDENTITY.name,
      receipt_email: IDENTITY.email,
      card: "",
    });
  });
});
