// Diffs between runs by stable keys, and their rendering with hostile strings.
import { describe, expect, it } from "vitest";
import { diffReports } from "../../src/gate/diff-reports.js";
import { applyPolicy, parseFailOn } from "../../src/gate/policy.js";
import { renderDiff } from "../../src/report/render-diff.js";
import { cookie, finding, party, report } from "../helpers/report-builder.js";

describe("diffReports", () => {
  const old = report({
    parties: [party("a.example", "authorized"), party("gone.example", "unlisted")],
    findings: [finding("id-sync", "a.example")],
    cookies: [cookie("uid", "a.example")],
  });
  const now = report({
    parties: [party("a.example", "rogue"), party("new.example", "rogue")],
    findings: [finding("id-sync", "a.example"), finding("url-leak", "new.example")],
    cookies: [cookie("uid", "a.example"), cookie("_nx", "new.example")],
  });
  const d = diffReports(old, now);

  it("finds additions, removals and status changes by key, not position", () => {
    expect(d.added.parties.map((p) => p.domain)).toEqual(["new.example"]);
    expect(d.removed.parties.map((p) => p.domain)).toEqual(["gone.example"]);
    expect(d.changed).toEqual([{ domain: "a.example", from: "authorized", to: "rogue" }]);
    expect(d.added.findings.map((f) => f.code)).toEqual(["url-leak"]);
    expect(d.added.cookies.map((c) => c.name)).toEqual(["_nx"]);
    expect(d.removed.findings).toEqual([]);
  });

  it("is empty for the same report reordered", () => {
    const shuffled = {
      ...now,
      parties: [...now.parties].reverse(),
      cookies: [...now.cookies].reverse(),
    };
    const same = diffReports(now, shuffled);
    expect(
      [same.added, same.removed].flatMap((x) => [...x.parties, ...x.findings, ...x.cookies]),
    ).toEqual([]);
    expect(same.changed).toEqual([]);
  });

  it("renders text, markdown and json, neutralising hostile names", () => {
    const hostile = report({
      cookies: [cookie("<img src=x onerror=alert(1)>\u001b[31m", "evil.example")],
    });
    const policy = applyPolicy(hostile, {
      failOn: parseFailOn(["new-rogue"]),
      baselines: [{ file: "o", report: old }],
      minPages: 1,
    }).policy;
    if (!policy) throw new Error("no policy");
    const view = { old: ["o.json"], current: "n.json", diff: diffReports(old, hostile), policy };
    const text = renderDiff(view, "text");
    expect(text).not.toContain("\u001b");
    const md = renderDiff(view, "markdown");
    // Hostile text only ever stands inside code spans, where Markdown renders it inert.
    expect(md).toContain("`<img src=x onerror=alert(1)>`");
    expect(md.replace(/`[^`]*`/g, "")).not.toContain("<");
    const json = JSON.parse(renderDiff(view, "json"));
    expect(json.added.cookies[0].name).toContain("<img");
  });
});
