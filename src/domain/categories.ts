// The short list of third-party categories skimscan reports, and how outside vocabularies map onto it.
// Reports and allowlist `categories:` entries use only these words, whatever the source said.

export const CATEGORIES = [
  "advertising",
  "analytics",
  "social",
  "tag-manager",
  "consent",
  "cdn",
  "customer-success",
  "video",
  "content",
  "utility",
  "unknown",
] as const;

export type Category = (typeof CATEGORIES)[number];

/**
 * third-party-web's categories (see its README, "Third Parties by Category") → ours.
 * Each choice, and why:
 */
const FROM_THIRD_PARTY_WEB: Record<string, Category> = {
  // Ad networks, exchanges, retargeting and ad verification: the core of audience-data resale.
  ad: "advertising",
  analytics: "analytics",
  // Share buttons, embeds and social login: they see every visitor of every page they sit on.
  social: "social",
  "tag-manager": "tag-manager",
  // "Consent Management Provider": consent banners and TCF frameworks.
  "consent-provider": "consent",
  cdn: "cdn",
  // Live chat, reviews, help desks.
  "customer-success": "customer-success",
  video: "video",
  // "Content & Publishing": syndicated content, news widgets, publishing platforms' assets.
  content: "content",
  // "Developer Utilities": maps, payments, captchas, bot detection, fonts of utility vendors.
  utility: "utility",
  // "Hosting Platforms" (WordPress.com, Wix, Shopify, Squarespace) deliver the site and its assets
  // the way a CDN does; their purpose is delivery, not audience collection, so they sit with cdn.
  hosting: "cdn",
  // "Marketing": marketing automation, lead capture, e-mail and pop-up tools (HubSpot, Mailchimp,
  // OptinMonster, Drift) and a few DSPs. They identify visitors in order to market to them, which
  // is what a publisher's privacy review treats as advertising, not as measurement.
  marketing: "advertising",
  // "Mixed / Other": shared origins with no precise purpose; saying less is more honest.
  other: "unknown",
};

/** Maps a third-party-web category onto the short list; anything new or odd is `unknown`. */
export function categoryFromThirdPartyWeb(category: string): Category {
  return FROM_THIRD_PARTY_WEB[category.trim().toLowerCase()] ?? "unknown";
}

/**
 * Maps a free-form category word (a user's file, Disconnect's services.json, DuckDuckGo's
 * Tracker Radar) onto the short list, or `unknown`.
 */
export function categoryFromWord(word: string): Category {
  const w = word.trim().toLowerCase();
  if ((CATEGORIES as readonly string[]).includes(w)) return w as Category;
  const tpw = FROM_THIRD_PARTY_WEB[w];
  if (tpw) return tpw;
  if (/advert|\bads?\b|marketing|retarget|action pixel|conversion/.test(w)) {
    return "advertising";
  }
  if (/analytic|audience measurement|session replay|measurement/.test(w)) {
    return "analytics";
  }
  if (/social/.test(w)) return "social";
  if (/tag.?manag/.test(w)) return "tag-manager";
  if (/consent|cmp\b/.test(w)) return "consent";
  if (/cdn|hosting/.test(w)) return "cdn";
  if (/video|audio|media player/.test(w)) return "video";
  if (/customer|chat|support/.test(w)) return "customer-success";
  if (/content|publish/.test(w)) return "content";
  if (/utility|tool|captcha|payment|font|map|fraud|login|sso\b/.test(w)) return "utility";
  return "unknown";
}

/** True for one of the short list's words, for validating allowlist `categories:`. */
export function isCategory(word: string): word is Category {
  return (CATEGORIES as readonly string[]).includes(word);
}
