// The HTML report's own stylesheet and script, inlined and allowed by hash in its CSP: the page
// works without the script (everything is visible) and filters and searches with it.

export const HTML_CSS = `
:root{color-scheme:light dark;--fg:#1d2430;--muted:#5b6675;--bg:#fff;--line:#d9dee5;--rogue:#c62828;
--unlisted:#b26a00;--authorized:#2e7d32;--first:#5b6675;--chip:#f1f3f6}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ee;--muted:#a0a9b6;--bg:#15191f;--line:#323a45;
--rogue:#ff6b6b;--unlisted:#f0a437;--authorized:#6cc070;--chip:#222933}}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);
margin:0 auto;max-width:1200px;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:16px 0 4px}
.muted{color:var(--muted)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;
overflow-wrap:anywhere;word-break:break-word}
table{border-collapse:collapse;width:100%;margin:6px 0;table-layout:auto}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top;
overflow-wrap:anywhere;word-break:break-word;max-width:520px}
th{font-weight:600;background:var(--chip)}
td.num,th.num{text-align:right;white-space:nowrap}
.verdict{font-size:18px;font-weight:700;padding:10px 14px;border-radius:6px;margin:12px 0;border:2px solid}
.verdict.bad{color:var(--rogue);border-color:var(--rogue)}.verdict.good{color:var(--authorized);border-color:var(--authorized)}
.warn{border-left:4px solid var(--unlisted);padding:6px 10px;background:var(--chip);margin:8px 0}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
.card{background:var(--chip);border-radius:6px;padding:8px 14px;min-width:110px}
.card b{display:block;font-size:20px}
.status{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.status-rogue .status,.status.rogue{background:var(--rogue)}.status.unlisted{background:var(--unlisted)}
.status.new{background:#6a1b9a}.status.authorized{background:var(--authorized)}.status.first-party{background:var(--first)}
tr.status-rogue td:first-child{border-left:4px solid var(--rogue)}
details.party{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:6px 12px}
details.party.status-rogue{border-color:var(--rogue)}
details.party>summary{cursor:pointer;font-weight:600}
ol.chain{margin:4px 0;padding-left:20px}ol.chain li{margin:2px 0}
ul{margin:4px 0;padding-left:20px}
#filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:10px 0;padding:8px;background:var(--chip);border-radius:6px}
#filters input[type=search]{min-width:260px;padding:4px 6px}
[hidden]{display:none!important}
.graph-scroll{overflow:auto;border:1px solid var(--line);border-radius:6px;max-height:720px}
.graph-scroll svg{display:block;max-width:100%;height:auto}
td.nowrap{white-space:nowrap;overflow-wrap:normal;word-break:normal}
svg .edge{fill:none;stroke:var(--muted);stroke-width:1.2;opacity:.7}
svg .edge-direct{stroke-dasharray:4 3}
svg .edge-rogue{stroke:var(--rogue);stroke-width:2;opacity:1}
svg .node rect{fill:var(--chip);stroke:var(--line)}
svg .node text{fill:var(--fg);font:12px ui-monospace,Menlo,Consolas,monospace}
svg .node-page rect{stroke:var(--fg)}
svg .status-rogue rect{fill:var(--rogue);stroke:var(--rogue)}svg .status-rogue text{fill:#fff;font-weight:700}
svg .status-unlisted rect{stroke:var(--unlisted);stroke-width:2}
svg .status-authorized rect{stroke:var(--authorized)}
footer{margin-top:40px;font-size:12px}
`;

/** Filters party rows and sections by status and by a host search; reads only data-* attributes. */
export const HTML_JS = `
(function () {
  var form = document.getElementById("filters");
  if (!form) return;
  form.hidden = false;
  var search = document.getElementById("host-search");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=status]"));
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-party]"));
  var count = document.getElementById("filter-count");
  function apply() {
    var wanted = {};
    boxes.forEach(function (b) { wanted[b.value] = b.checked; });
    var q = (search.value || "").trim().toLowerCase();
    var shown = 0;
    items.forEach(function (el) {
      var ok = wanted[el.getAttribute("data-status")] && (!q || el.getAttribute("data-search").indexOf(q) !== -1);
      el.hidden = !ok;
      if (ok && el.tagName === "TR") shown++;
    });
    count.textContent = shown + " shown";
  }
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();
`;
