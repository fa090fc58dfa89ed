// The leak-analysis flags (--identity, --max-cookie-days, --search-param, --fill-forms): parsed,
// validated (exit 2 with the fix), and recorded in scan.options with the identity's values redacted.
import type { Command } from "commander";
import { DEFAULT_MAX_COOKIE_DAYS } from "../analyze/leaks/long-lived-cookie.js";
import { SEARCH_PARAMS } from "../analyze/leaks/search-term-leak.js";
import type { Identity, LeakOptions } from "../analyze/leaks/types.js";
import { quoteValue, UsageError } from "../errors.js";
import { REDACTED } from "../model/redacted.js";
import { collect } from "./parse-values.js";

const IDENTITY_KEYS = ["email", "phone", "name"] as const;

export interface LeakFlags {
  identity?: string;
  maxCookieDays?: string;
  searchParam?: string[];
  fillForms?: string;
}

export interface LeakSettings {
  leaks: LeakOptions;
  /** --fill-forms: which forms a scan with --identity may submit. */
  fillForms: "safe" | "all";
  /** What scan.options records: identity keys only, never the values. */
  record: Record<string, unknown>;
}

export function withLeakFlags(cmd: Command, { forms = false } = {}): Command {
  cmd
    .option(
      "--identity <pairs>",
      "test identity to seed and look for: email=…,phone=…,name=… (the scan types it into forms)",
    )
    .option(
      "--max-cookie-days <n>",
      `report third-party cookies asking to live longer (default ${DEFAULT_MAX_COOKIE_DAYS})`,
    )
    .option(
      "--search-param <name>",
      `a page URL parameter carrying search terms, added to ${SEARCH_PARAMS.join(", ")} (repeatable)`,
      collect,
    );
  if (forms) {
    cmd.option(
      "--fill-forms <which>",
      "with --identity: safe (never submit a form with a password or payment field) | all",
    );
  }
  return cmd;
}

/** `email=a@b.example,phone=+1 555 0100,name=Jane Doe` → an Identity; every mistake is exit 2. */
export function parseIdentity(text: string): Identity {
  const identity: Identity = {};
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? "" : part.slice(eq + 1).trim();
    if (!(IDENTITY_KEYS as readonly string[]).includes(key)) {
      throw new UsageError(
        `--identity: unknown key ${quoteValue(key || part)}.`,
        "Use email=…,phone=…,name=… (any of them), e.g. --identity email=jane.doe@example.com",
      );
    }
    if (!value) throw new UsageError(`--identity: ${key} has no value.`);
    if (identity[key as keyof Identity] !== undefined) {
      throw new UsageError(`--identity: ${key} is given twice.`);
    }
    if (key === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
      throw new UsageError(`--identity: ${quoteValue(value)} is not an e-mail address.`);
    }
    if (key === "phone" && (value.replace(/\D/g, "").length < 6 || /[^\d\s+().-]/.test(value))) {
      throw new UsageError(
        `--identity: ${quoteValue(value)} is not a phone number.`,
        "Digits with optional + ( ) - . and spaces, e.g. phone=+44 20 7946 0958",
      );
    }
    if (key === "name" && value.length < 3) {
      throw new UsageError(
        `--identity: the name ${quoteValue(value)} is too short to find reliably.`,
      );
    }
    identity[key as keyof Identity] = value;
  }
  return identity;
}

export function parseLeakFlags(flags: LeakFlags): LeakSettings {
  const identity = flags.identity === undefined ? undefined : parseIdentity(flags.identity);
  let maxCookieDays = DEFAULT_MAX_COOKIE_DAYS;
  if (flags.maxCookieDays !== undefined) {
    const v = flags.maxCookieDays.trim();
    maxCookieDays = Number(v);
    if (!/^\d+$/.test(v) || maxCookieDays < 1 || maxCookieDays > 36_500) {
      throw new UsageError(
        `--max-cookie-days expects a whole number of days from 1 to 36500, got ${quoteValue(flags.maxCookieDays)}.`,
        "For example: --max-cookie-days 395 (13 months)",
      );
    }
  }
  const extra = (flags.searchParam ?? []).map((p) => {
    const v = p.trim();
    if (!/^[A-Za-z0-9_.[\]-]{1,64}$/.test(v)) {
      throw new UsageError(
        `--search-param expects a query parameter name such as 'term', got ${quoteValue(p)}.`,
      );
    }
    return v;
  });
  const fillForms = flags.fillForms ?? "safe";
  if (fillForms !== "safe" && fillForms !== "all") {
    throw new UsageError(`--fill-forms expects safe or all, got ${quoteValue(flags.fillForms)}.`);
  }
  if (flags.fillForms !== undefined && !identity) {
    throw new UsageError("--fill-forms needs --identity (what should be typed?).");
  }
  const searchParams = [...new Set([...SEARCH_PARAMS, ...extra])];
  return {
    leaks: { ...(identity ? { identity } : {}), maxCookieDays, searchParams },
    fillForms,
    record: {
      ...(identity
        ? {
            identity: Object.fromEntries(Object.keys(identity).map((k) => [k, REDACTED])),
            fillForms,
          }
        : {}),
      maxCookieDays,
      ...(extra.length ? { searchParams: extra } : {}),
    },
  };
}
