// A deterministic benchmark publisher: N pages, each with 6 to 10 third parties that behave like
// real tags (delayed pixel injection, ad iframes with their own pixels, beacons, cookies, chained
// loaders). Served by the fixture server's host handlers; the ground truth of third-party hosts per
// page is known, so a scanner's recall can be measured.
import type http from "node:http";
import type { HostHandler } from "../src/fixture-internet/server.js";

export const BENCH_SITE = "www.benchpost.example";
const VENDORS = 40;
const GIF = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");

/** mulberry32: a small seeded PRNG, so every run generates the same site. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const vendorDomain = (v: number) => `vendor${String(v).padStart(2, "0")}.example`;

interface PagePlan {
  html: string;
  /** Third-party hosts a browser contacts when it loads this page. */
  hosts: string[];
}

function planPage(index: number, total: number): PagePlan {
  const random = rng(index * 7919 + 17);
  const count = 6 + Math.floor(random() * 5);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * VENDORS));
  const body: string[] = [];
  const hosts: string[] = [];
  for (const v of [...chosen].sort((a, b) => a - b)) {
    const d = vendorDomain(v);
    const delay = 50 + Math.floor(random() * 400);
    switch (v % 4) {
      case 0: // a tag that injects its pixel after a delay
        body.push(`<script async src="https://cdn.${d}/tag.js?d=${delay}&p=${index}"></script>`);
        hosts.push(`cdn.${d}`, `px.${d}`);
        break;
      case 1: // an ad iframe with its own impression pixel and cookies
        body.push(
          `<iframe width="300" height="250" src="https://ads.${d}/frame.html?p=${index}"></iframe>`,
        );
        hosts.push(`ads.${d}`, `imp.${d}`);
        break;
      case 2: // a script that sets a cookie and sends a beacon
        body.push(`<script async src="https://cdn.${d}/beacon.js?p=${index}"></script>`);
        hosts.push(`cdn.${d}`, `b.${d}`);
        break;
      default: // a pixel in the HTML plus a loader that chains a second script that fires another
        body.push(`<img width="1" height="1" alt="" src="https://px.${d}/px.gif?e=pv&p=${index}">`);
        body.push(`<script async src="https://cdn.${d}/loader.js?d=${delay}"></script>`);
        hosts.push(`px.${d}`, `cdn.${d}`, `lib.${d}`);
    }
  }
  // Every fifth page also carries a fingerprinting probe (canvas, WebGL, audio, fonts, navigator),
  // so the behaviour hooks are measured where they work hardest.
  if (index % 5 === 0) {
    const d = vendorDomain((index * 3) % VENDORS);
    body.push(`<script async src="https://cdn.${d}/probe.js?p=${index}"></script>`);
    hosts.push(`cdn.${d}`, `b.${d}`);
  }
  const links = [index + 1, index + 2, (index * 2 + 1) % total]
    .filter((n) => n < total && n !== index)
    .map((n) => `<a href="/p/${n}.html">Story ${n}</a>`)
    .join(" · ");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Benchpost story ${index}</title></head>
<body><h1>Story ${index}</h1><p>${"Lorem ipsum dolor sit amet. ".repeat(40)}</p>
${body.join("\n")}
<nav>${links}</nav></body></html>`;
  return { html, hosts: [...new Set(hosts)].sort() };
}

const vendorJs: Record<string, (q: URLSearchParams, d: string) => string> = {
  "/tag.js": (q, d) =>
    `setTimeout(function(){var i=new Image();i.src="https://px.${d}/px.gif?e=tag&p=${q.get("p")}&r="+Math.random();},${Number(q.get("d")) || 100});`,
  "/beacon.js": (_q, d) =>
    `document.cookie="_${d.slice(0, 8)}_id="+Math.random().toString(36).slice(2)+"; path=/; max-age=31536000; SameSite=Lax";
navigator.sendBeacon("https://b.${d}/collect",JSON.stringify({u:location.href,t:Date.now()}));`,
  "/loader.js": (q, d) =>
    `setTimeout(function(){var s=document.createElement("script");s.src="https://lib.${d}/lib.js";document.head.appendChild(s);},${Number(q.get("d")) || 100});`,
  "/lib.js": (_q, d) => `new Image().src="https://px.${d}/px.gif?e=lib&r="+Math.random();`,
  "/probe.js": (_q, d) => PROBE_JS.replace("COLLECT", `https://b.${d}/collect`),
};

/** A fingerprinting probe as real ones are written: every family, a hash sent with fetch. */
const PROBE_JS = `(function(){
var c=document.createElement("canvas");c.width=240;c.height=60;var x=c.getContext("2d");
x.textBaseline="alphabetic";x.fillStyle="#f60";x.fillRect(100,1,62,20);x.fillStyle="#069";x.font="11pt Arial";
x.fillText("Cwm fjordbank gly \u{1F603}",2,15);var s=c.toDataURL();
var fonts=["Arial","Verdana","Courier New","Georgia","Tahoma","Trebuchet MS","Times New Roman","Palatino","Garamond","Bookman","Comic Sans MS","Impact","Lucida Console","Monaco","Consolas","Calibri","Cambria","Candara","Segoe UI","Helvetica","Futura","Gill Sans","Optima","Didot","Baskerville","Rockwell","Franklin Gothic","Century Gothic","Geneva","Menlo"];
for(var i=0;i<fonts.length;i++){x.font="72px '"+fonts[i]+"', monospace";s+=x.measureText("mmmmmmmmmmlli").width;}
var n=navigator;s+=[n.hardwareConcurrency,n.deviceMemory,n.languages.join(),n.platform,n.maxTouchPoints,n.plugins.length,screen.colorDepth,screen.availWidth,Intl.DateTimeFormat().resolvedOptions().timeZone].join("|");
var gl=document.createElement("canvas").getContext("webgl");var e=gl&&gl.getExtension("WEBGL_debug_renderer_info");if(e)s+=gl.getParameter(e.UNMASKED_RENDERER_WEBGL);
var h=0;for(var j=0;j<s.length;j++)h=(h*31+s.charCodeAt(j))|0;
var a=new OfflineAudioContext(1,5000,44100),o=a.createOscillator(),k=a.createDynamicsCompressor();o.connect(k);k.connect(a.destination);o.start(0);
a.startRendering().then(function(){fetch("COLLECT",{method:"POST",body:JSON.stringify({fp:(h>>>0).toString(16)})});});
})();`;

function vendorHandler(domain: string): HostHandler {
  return (req, res) => {
    const url = new URL(req.url ?? "/", `https://${domain}`);
    const js = vendorJs[url.pathname];
    if (js) return send(res, 200, "text/javascript", js(url.searchParams, domain));
    if (url.pathname === "/frame.html") {
      res.setHeader(
        "set-cookie",
        `ad_uid=${Math.random().toString(36).slice(2)}; Path=/; Max-Age=31536000; SameSite=None; Secure`,
      );
      return send(
        res,
        200,
        "text/html",
        `<!doctype html><body style="margin:0"><div style="width:300px;height:250px;background:#ddd">Ad</div>
<img width="1" height="1" alt="" src="https://imp.${domain}/i.gif?p=${url.searchParams.get("p")}"></body>`,
      );
    }
    if (url.pathname === "/px.gif" || url.pathname === "/i.gif") {
      res.setHeader(
        "set-cookie",
        `uid=${Math.random().toString(36).slice(2)}; Path=/; Max-Age=31536000; SameSite=None; Secure`,
      );
      return send(res, 200, "image/gif", GIF);
    }
    if (url.pathname === "/collect") return send(res, 204, "text/plain", "");
    return send(res, 404, "text/plain", "not found");
  };
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): true {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
  return true;
}

export interface GeneratedSite {
  pages: string[];
  /** Third-party hosts per page URL. */
  truth: Map<string, string[]>;
  handlers: Record<string, HostHandler>;
}

export function generateSite(pageCount: number): GeneratedSite {
  const plans = Array.from({ length: pageCount }, (_, i) => planPage(i, pageCount));
  const pages = plans.map((_, i) => `https://${BENCH_SITE}/p/${i}.html`);
  const handlers: Record<string, HostHandler> = {
    [BENCH_SITE]: (req, res) => {
      const m = /^\/p\/(\d+)\.html$/.exec(new URL(req.url ?? "/", "https://x").pathname);
      const plan = m ? plans[Number(m[1])] : undefined;
      if (plan) return send(res, 200, "text/html; charset=utf-8", plan.html);
      if (req.url === "/" && plans[0])
        return send(res, 200, "text/html; charset=utf-8", plans[0].html);
      if (req.url === "/sitemap.xml") {
        const locs = pages.map((p) => `<url><loc>${p}</loc></url>`).join("");
        return send(
          res,
          200,
          "application/xml",
          `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs}</urlset>`,
        );
      }
      return send(res, 404, "text/plain", "not found");
    },
  };
  for (let v = 0; v < VENDORS; v++) {
    const d = vendorDomain(v);
    for (const sub of ["cdn", "px", "ads", "imp", "b", "lib"])
      handlers[`${sub}.${d}`] = vendorHandler(d);
  }
  return { pages, truth: new Map(plans.map((p, i) => [pages[i] as string, p.hosts])), handlers };
}
