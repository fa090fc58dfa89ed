// Types a seeded test identity (--identity) into the page's newsletter, search and login fields
// with real key events and submits the harmless forms, so tags that harvest form input show it.
import type { CdpSession } from "../capture/cdp-connection.js";
import type { PageRecorder } from "../capture/page-recorder.js";
import { QUIET_MS, withDeadline } from "./page-steps.js";

export interface FormIdentity {
  email?: string;
  phone?: string;
  name?: string;
}

/** `safe`: never a form with a password or payment field submitted; `all`: those too. */
export type FillFormsMode = "safe" | "all";

export interface FillFormsOptions {
  identity: FormIdentity;
  mode?: FillFormsMode;
}

export interface FillFormsResult {
  /** Fields typed into, by role (email, phone, name, search). */
  typed: string[];
  /** Forms submitted (their action URL or "(no action)"). */
  submitted: string[];
  /** Forms left unsubmitted because they ask for a password or payment details. */
  sensitive: number;
}

/**
 * Runs in the page (main world): finds the fields in the top document and its same-origin frames,
 * without touching the DOM. Its sourceURL starts with "skimscan-", so captured stacks drop it and
 * a tag's submit handler is never attributed to us.
 */
const FIND = `(() => {
  const docs = [document];
  for (let i = 0; i < docs.length; i++) {
    for (const f of docs[i].querySelectorAll("iframe, frame")) {
      try { if (f.contentDocument && f.contentWindow.location.origin === location.origin) docs.push(f.contentDocument); } catch {}
    }
  }
  const attrs = (el) => [el.name, el.id, el.getAttribute("autocomplete"), el.getAttribute("placeholder"), el.getAttribute("aria-label")].filter(Boolean).join(" ").toLowerCase();
  const visible = (el) => !el.disabled && !el.readOnly && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const roleOf = (el) => {
    const t = (el.getAttribute("type") || "text").toLowerCase(), a = attrs(el);
    if (!["text", "email", "search", "tel", ""].includes(t)) return "";
    if (t === "email" || /e-?mail/.test(a)) return "email";
    if (t === "search" || ["q", "s", "query", "search", "keywords", "term"].includes((el.name || "").toLowerCase()) || /\\bsearch\\b/.test(a)) return "search";
    if (t === "tel" || /phone|\\btel\\b|mobile/.test(a)) return "phone";
    if (/(^|[\\s_-])((full|first|last|given|family)[\\s_-]?)?name\\b|given-name|family-name/.test(a) && !/user-?name|login/.test(a)) return "name";
    return "";
  };
  const inputs = (form) => [...form.querySelectorAll("input, select")];
  const flag = (form) => inputs(form).some((el) => /cc-|card|\\bcvc\\b|\\bcvv\\b|iban|expir/.test(attrs(el))) ? 2 :
    inputs(form).some((el) => (el.getAttribute("type") || "").toLowerCase() === "password") ? 1 : 0;
  const fields = [], roles = [], formOf = [], forms = [], flags = [];
  for (const d of docs) for (const el of d.querySelectorAll("input, textarea")) {
    const role = roleOf(el);
    if (!role || !visible(el)) continue;
    const form = el.form;
    if (form && !forms.includes(form)) { forms.push(form); flags.push(flag(form)); }
    fields.push(el); roles.push(role); formOf.push(form ? forms.indexOf(form) : -1);
  }
  return { fields, roles, formOf, forms, flags };
})()
//# sourceURL=skimscan-fill-forms
`;

/** Focus the field and empty it (a prefilled search box), so what is typed is the identity alone. */
const FOCUS = `function (i) {
  const el = this.fields[i];
  if (!el.isConnected) return false;
  el.scrollIntoView({ block: "center" });
  el.focus();
  if (el.value) el.value = "";
  return el.ownerDocument.activeElement === el;
}
//# sourceURL=skimscan-fill-forms
`;
const BLUR = `function () { const el = document.activeElement; if (el && el.blur) el.blur(); for (const f of this.fields) { const a = f.ownerDocument.activeElement; if (a === f) f.blur(); } }
//# sourceURL=skimscan-fill-forms
`;
const SUBMIT = `function (i) {
  const form = this.forms[i];
  if (!form.isConnected) return "";
  const action = form.getAttribute("action") || "(no action)";
  const button = form.querySelector('button[type=submit], input[type=submit], button:not([type]), input[type=image]');
  if (button) button.click(); else form.requestSubmit();
  return action;
}
//# sourceURL=skimscan-fill-forms
`;

/** What to type into a field of each role: search boxes get the name or e-mail (PII in URLs). */
function valueFor(role: string, id: FormIdentity): string | undefined {
  if (role === "email") return id.email;
  if (role === "phone") return id.phone;
  if (role === "name") return id.name;
  if (role === "search") return id.email ?? id.name;
  return undefined;
}

/** One keyDown/keyUp pair per character, as a keyboard sends them (key events, input events). */
async function typeText(top: CdpSession, text: string): Promise<void> {
  for (const ch of text) {
    await top.send("Input.dispatchKeyEvent", {
      type: "keyDown",
      key: ch,
      text: ch,
      unmodifiedText: ch,
    });
    await top.send("Input.dispatchKeyEvent", { type: "keyUp", key: ch });
  }
}

interface Found {
  objectId: string;
  roles: string[];
  /** Per field: the index of its form, or -1. */
  formOf: number[];
  /** Per form: 0 harmless, 1 asks for a password (login), 2 asks for payment details. */
  flags: number[];
}

async function find(top: CdpSession): Promise<Found | undefined> {
  const r = await top.send("Runtime.evaluate", { expression: FIND, returnByValue: false });
  const objectId = (r.result as { objectId?: string } | undefined)?.objectId;
  if (!objectId || r.exceptionDetails) return undefined;
  const meta = await top.send("Runtime.callFunctionOn", {
    objectId,
    functionDeclaration:
      "function () { return { roles: this.roles, formOf: this.formOf, flags: this.flags }; }",
    returnByValue: true,
  });
  const value = (meta.result as { value?: Omit<Found, "objectId"> }).value;
  return value ? { objectId, ...value } : undefined;
}

/**
 * Fills every field it recognises (email, phone, name, search) in forms without a password or
 * payment field (or in all with mode `all`), then submits those forms, newsletter-like first and
 * search last (a search usually navigates). Never throws: a page that resists is left as it is.
 */
export async function fillForms(top: CdpSession, opts: FillFormsOptions): Promise<FillFormsResult> {
  const result: FillFormsResult = { typed: [], submitted: [], sensitive: 0 };
  try {
    const found = await find(top);
    if (!found) return result;
    const { objectId, roles, formOf, flags } = found;
    const all = opts.mode === "all";
    const call = (fn: string, args: unknown[] = []) =>
      top.send("Runtime.callFunctionOn", {
        objectId,
        functionDeclaration: fn,
        arguments: args.map((value) => ({ value })),
        returnByValue: true,
      });
    for (const [i, role] of roles.entries()) {
      const value = valueFor(role, opts.identity);
      // A login's e-mail field is typed into (skimmers read fields as they are typed), a
      // payment form's fields are not.
      if (!value || (flags[formOf[i] ?? -1] === 2 && !all)) continue;
      const focused = await call(FOCUS, [i]);
      if ((focused.result as { value?: boolean }).value !== true) continue;
      await typeText(top, value);
      result.typed.push(role);
    }
    await call(BLUR);
    result.sensitive = flags.filter((f) => f > 0).length;
    const forms = flags.map((flag, i) => ({
      i,
      search: roles.every((r, j) => formOf[j] !== i || r === "search"),
      allowed: flag === 0 || all,
    }));
    const order = [...forms.filter((f) => !f.search), ...forms.filter((f) => f.search)];
    for (const f of order) {
      if (!f.allowed) continue;
      const sent = await call(SUBMIT, [f.i]);
      const action = (sent.result as { value?: string }).value;
      if (action) result.submitted.push(action);
    }
  } catch {
    // The page navigated away or closed mid-way: what was typed and sent is in the capture.
  }
  return result;
}

/**
 * The page step: fill and submit once the page has settled, then let the network settle again
 * (hashing an address with crypto.subtle is asynchronous; a search submit loads a new page).
 */
export async function fillFormsStep(
  top: CdpSession,
  rec: PageRecorder,
  deadline: number,
  opts: FillFormsOptions,
  signal?: AbortSignal,
): Promise<FillFormsResult | undefined> {
  const filled = await withDeadline(fillForms(top, opts), deadline);
  if (filled && (filled.typed.length > 0 || filled.submitted.length > 0)) {
    await rec.waitQuiet(QUIET_MS, deadline, signal);
  }
  return filled;
}
