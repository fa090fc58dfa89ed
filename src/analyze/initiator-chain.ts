// Who brought a request onto the page: initiator stacks joined with each script's own load, with
// run-time inserted scripts (createdBy), frames and redirects, into one chain, outermost first.
import type {
  CapturedFrame,
  CapturedPage,
  CapturedRequest,
  CapturedScript,
  CapturedStack,
} from "../model/capture.js";

export const INLINE = "(inline)";
export const EVAL = "(eval)";
/** The source recorded no initiator (a HAR from an exporter that writes none): said, not guessed. */
export const UNKNOWN = "(unknown)";
const MAX_DEPTH = 64;

function stripFragment(url: string): string {
  const i = url.indexOf("#");
  return i < 0 ? url : url.slice(0, i);
}

const RESOURCE_PREFERENCE = ["Script", "Document", "Other"];

/** Chains for the requests of one page, memoized; safe against cycles and missing data. */
export class InitiatorChains {
  private readonly byId = new Map<string, CapturedRequest>();
  private readonly byUrl = new Map<string, CapturedRequest[]>();
  private readonly scripts = new Map<string, CapturedScript>();
  private readonly scriptsById = new Map<string, CapturedScript[]>();
  private readonly top = new Set<string>();
  private readonly memo = new Map<string, string[]>();

  constructor(private readonly page: CapturedPage) {
    const ordered = [...page.requests].sort((a, b) => a.startedMs - b.startedMs);
    for (const r of ordered) {
      this.byId.set(r.id, r);
      for (const u of [r.url, ...r.redirects.map((h) => h.url)]) {
        const key = stripFragment(u);
        const list = this.byUrl.get(key) ?? [];
        list.push(r);
        this.byUrl.set(key, list);
      }
    }
    for (const s of page.scripts) {
      this.scripts.set(`${s.targetId}:${s.id}`, s);
      const list = this.scriptsById.get(s.id) ?? [];
      list.push(s);
      this.scriptsById.set(s.id, list);
    }
    const pageTarget = page.targets.find((t) => t.type === "page");
    for (const u of [page.url, page.finalUrl]) this.top.add(stripFragment(u));
    for (const f of page.frames) {
      if (!f.parentId && (!pageTarget || f.targetId === pageTarget.id))
        this.top.add(stripFragment(f.url));
    }
    for (const r of page.requests) {
      if (r.resourceType === "Document" && this.top.has(stripFragment(r.url))) {
        for (const h of r.redirects) this.top.add(stripFragment(h.url));
      }
    }
  }

  /** True when the URL is the page's own top-level document (the chain's implicit start). */
  isTopDocument(url: string): boolean {
    return this.top.has(stripFragment(url));
  }

  /**
   * What brought the request in, outermost first, without the page itself and without the
   * request's own URL or redirect hops: tag scripts, "(inline)"/"(eval)" inserted scripts, frames.
   */
  responsible(request: CapturedRequest): string[] {
    const hit = this.memo.get(request.id);
    if (hit) return hit;
    const chain = collapse(this.forRequest(request, new Set(), 0));
    this.memo.set(request.id, chain);
    return chain;
  }

  /** The request's full chain without the page: responsible, then its redirect hops, then its URL. */
  chain(request: CapturedRequest): string[] {
    return collapse([
      ...this.responsible(request),
      ...request.redirects.map((h) => h.url),
      request.url,
    ]);
  }

  /**
   * What compiled a run-time script (eval, an inserted inline script), outermost first, ending
   * with its "(eval)"/"(inline)" label.
   */
  scriptChain(script: CapturedScript): string[] {
    return collapse(this.fromNode({ url: "", script }, script.targetId, new Set(), 0));
  }

  private forRequest(r: CapturedRequest, seen: Set<string>, depth: number): string[] {
    const key = `req:${r.id}`;
    if (seen.has(key) || depth > MAX_DEPTH) return [];
    seen.add(key);
    const init = r.initiator ?? { type: "other" };
    if (init.type === "unknown") return [UNKNOWN];
    if (init.stack && hasFrames(init.stack))
      return this.fromStack(init.stack, r.targetId, seen, depth + 1);
    if (init.type === "preflight" && init.requestId) {
      const actual = this.byId.get(init.requestId);
      return actual ? this.forRequest(actual, seen, depth + 1) : [];
    }
    const frame = r.frameId ? this.page.frames.find((f) => f.id === r.frameId) : undefined;
    if (init.url && !isLocal(init.url) && !this.isSelf(r, init.url))
      return this.fromUrl(init.url, r.targetId, seen, depth + 1);
    if (r.targetType.endsWith("worker")) {
      const target = this.page.targets.find((t) => t.id === r.targetId);
      if (target?.url && !this.isSelf(r, target.url))
        return this.fromUrl(target.url, r.targetId, seen, depth + 1);
      return [];
    }
    if (!frame) return [];
    const isFrameDocument =
      r.resourceType === "Document" &&
      (frame.documentRequestId === r.id || this.isSelf(r, frame.url));
    if (!isFrameDocument && frame.url && !isLocal(frame.url))
      return this.fromUrl(frame.url, r.targetId, seen, depth + 1);
    // A frame's own document, or a request from an about:blank/srcdoc frame (ads write into
    // those): whoever made the frame brought it in.
    return this.frameCreator(frame, seen, depth + 1);
  }

  /** The script that inserted the frame (Page.frameAttached stack), else its parent's document. */
  private frameCreator(frame: CapturedFrame, seen: Set<string>, depth: number): string[] {
    const key = `frame:${frame.id}`;
    if (seen.has(key) || depth > MAX_DEPTH) return [];
    seen.add(key);
    const parent = frame.parentId
      ? this.page.frames.find((f) => f.id === frame.parentId)
      : undefined;
    if (frame.createdBy && hasFrames(frame.createdBy)) {
      return this.fromStack(frame.createdBy, parent?.targetId ?? frame.targetId, seen, depth + 1);
    }
    if (!parent) return [];
    if (parent.url && !isLocal(parent.url))
      return this.fromUrl(parent.url, parent.targetId, seen, depth + 1);
    return this.frameCreator(parent, seen, depth + 1);
  }

  private isSelf(r: CapturedRequest, url: string): boolean {
    const u = stripFragment(url);
    return stripFragment(r.url) === u || r.redirects.some((h) => stripFragment(h.url) === u);
  }

  /** Resolves a URL named by a stack frame, a parser initiator or a frame: its own load chain. */
  private fromUrl(url: string, targetId: string, seen: Set<string>, depth: number): string[] {
    if (this.isTopDocument(url) || isLocal(url)) return [];
    const load = this.loadOf(url, targetId);
    if (!load) return [url];
    const inner = this.forRequest(load, seen, depth + 1);
    const hops = load.redirects.map((h) => h.url);
    return [...inner, ...hops, url];
  }

  private loadOf(url: string, targetId: string): CapturedRequest | undefined {
    const candidates = this.byUrl.get(stripFragment(url));
    if (!candidates || candidates.length === 0) return undefined;
    const rank = (r: CapturedRequest) => {
      const i = RESOURCE_PREFERENCE.indexOf(r.resourceType);
      return (i < 0 ? 10 : i) + (r.targetId === targetId ? 0 : 0.5);
    };
    return [...candidates].sort((a, b) => rank(a) - rank(b))[0];
  }

  private script(targetId: string, scriptId: string): CapturedScript | undefined {
    if (!scriptId) return undefined;
    return this.scripts.get(`${targetId}:${scriptId}`) ?? this.scriptsById.get(scriptId)?.[0];
  }

  /** A stack names scripts innermost first; the outermost one is joined with its own origin. */
  private fromStack(
    stack: CapturedStack,
    targetId: string,
    seen: Set<string>,
    depth: number,
  ): string[] {
    type Node = { url: string; script?: CapturedScript };
    const nodes: Node[] = [];
    for (let s: CapturedStack | undefined = stack, n = 0; s && n < MAX_DEPTH; s = s.parent, n++) {
      for (const f of s.frames) {
        const script = this.script(targetId, f.scriptId);
        const runtime =
          script && (script.kind === "eval" || (script.kind === "inline" && script.createdBy));
        const named = f.url || script?.url || "";
        const url = runtime || isLocal(named) ? "" : named;
        if (!url && !runtime) continue;
        const last = nodes[nodes.length - 1];
        if (last && (url ? last.url === url : last.script === script)) continue;
        nodes.push(runtime ? { url: "", script } : { url });
      }
    }
    if (nodes.length === 0) return [];
    const outermost = nodes[nodes.length - 1] as Node;
    const root = this.fromNode(outermost, targetId, seen, depth + 1);
    const rest = nodes
      .slice(0, -1)
      .reverse()
      .map((n) => (n.url ? n.url : labelOf(n.script)))
      .filter((u) => !this.isTopDocument(u));
    return [...root, ...rest];
  }

  private fromNode(
    node: { url: string; script?: CapturedScript },
    targetId: string,
    seen: Set<string>,
    depth: number,
  ) {
    if (node.url) return this.fromUrl(node.url, targetId, seen, depth);
    const s = node.script as CapturedScript;
    const key = `script:${s.targetId}:${s.id}`;
    if (seen.has(key) || depth > MAX_DEPTH) return [labelOf(s)];
    seen.add(key);
    const creator =
      s.createdBy && hasFrames(s.createdBy)
        ? this.fromStack(s.createdBy, s.targetId, seen, depth + 1)
        : [];
    return [...creator, labelOf(s)];
  }
}

/** URLs that name no document of their own on the network (about:blank, srcdoc, data:). */
function isLocal(url: string): boolean {
  return /^(about|data|javascript):/i.test(url);
}

function labelOf(script: CapturedScript | undefined): string {
  return script?.kind === "eval" ? EVAL : INLINE;
}

function hasFrames(stack: CapturedStack): boolean {
  for (let s: CapturedStack | undefined = stack, n = 0; s && n < MAX_DEPTH; s = s.parent, n++) {
    if (s.frames.length > 0) return true;
  }
  return false;
}

/** Drops consecutive repeats (a script calling itself through a hop is one link). */
function collapse(chain: string[]): string[] {
  return chain.filter((u, i) => i === 0 || u !== chain[i - 1]);
}
