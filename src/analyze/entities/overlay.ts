// skimscan's own corrections on top of third-party-web: brands grouped under the company a
// publisher contracts with, a few categories fixed, a few missing domains. Every entry says why.
import type { Category } from "../../domain/categories.js";

export interface CompanyRule {
  /** The company a publisher deals with (what `entity:` in an allowlist names). */
  entity: string;
  /** The group that owns that company, when it trades under its own name. */
  parent?: string;
  why: string;
}

/**
 * Keyed by third-party-web's `company`, or its entity name where it gives no company.
 * Without these, third-party-web reports YouTube, Instagram or Bing Ads as companies of their own,
 * and `entity: Google` in an allowlist would miss YouTube.
 */
export const COMPANIES: Readonly<Record<string, CompanyRule>> = {
  YouTube: { entity: "Google", why: "YouTube is a Google product; its ads and data are Google's" },
  Blogger: { entity: "Google", why: "Blogger/Blogspot is a Google product" },
  Firebase: { entity: "Google", why: "Firebase is a Google (Cloud) product" },
  "Google FundingChoices": { entity: "Google", why: "Funding Choices is Google's consent tool" },
  Facebook: { entity: "Meta", why: "Facebook Inc. renamed itself Meta Platforms in 2021" },
  Instagram: { entity: "Meta", why: "Instagram is a Meta product" },
  "Bing Ads": { entity: "Microsoft", why: "Bing and its ads (UET) are Microsoft Advertising" },
  Skype: { entity: "Microsoft", why: "Skype is a Microsoft product" },
  LinkedIn: {
    entity: "LinkedIn",
    parent: "Microsoft",
    why: "LinkedIn trades and contracts under its own name; Microsoft owns it since 2016",
  },
  "LinkedIn Ads": {
    entity: "LinkedIn",
    parent: "Microsoft",
    why: "LinkedIn's ads (Insight Tag) are LinkedIn Marketing Solutions, same company as LinkedIn",
  },
  GitHub: { entity: "GitHub", parent: "Microsoft", why: "Microsoft owns GitHub since 2018" },
  AppNexus: {
    entity: "Xandr",
    parent: "Microsoft",
    why: "AppNexus became AT&T's Xandr, which Microsoft bought in 2022",
  },
  "Amazon Ads": { entity: "Amazon", why: "Amazon's advertising business" },
  "Amazon Web Services": { entity: "Amazon", why: "AWS is Amazon; third-party-web splits them" },
  "Amazon Pay": { entity: "Amazon", why: "Amazon's payment service" },
  Alexa: { entity: "Amazon", why: "Alexa Internet (site metrics) was an Amazon subsidiary" },
  Twitch: { entity: "Twitch", parent: "Amazon", why: "Amazon owns Twitch since 2014" },
  "Cloudflare CDN": {
    entity: "Cloudflare",
    why: "cdnjs and Cloudflare's other CDN hosts are Cloudflare's; third-party-web splits them",
  },
  "Adobe Systems": {
    entity: "Adobe",
    why: "third-party-web names Adobe both 'Adobe' and 'Adobe Systems'; one company",
  },
  AddThis: { entity: "AddThis", parent: "Oracle", why: "Oracle bought AddThis in 2016" },
  Moat: { entity: "Moat", parent: "Oracle", why: "Oracle bought Moat in 2017" },
  "ByteDance Ltd": { entity: "ByteDance", why: "TikTok's owner, named without the legal suffix" },
  Optanon: { entity: "OneTrust", why: "Optanon is OneTrust's cookie-consent product" },
  "Yahoo!": { entity: "Yahoo", why: "Yahoo Inc., so that the AOL brands below group with it" },
  AOL: { entity: "Yahoo", why: "AOL and Yahoo merged (Oath, Verizon Media), now Yahoo Inc." },
  "AOL / Oath / Verizon Media": {
    entity: "Yahoo",
    why: "the AOL/Oath ad stack is Yahoo Inc.'s since 2021",
  },
};

/**
 * Other names publishers use for a company of the map, so `entity: jsDelivr` in an allowlist
 * covers what the map calls "JSDelivr CDN". Matching is case-insensitive and ignores a trailing
 * legal form (Inc., Ltd, GmbH, …) besides these.
 */
export const ALIASES: Readonly<Record<string, { entity: string; why: string }>> = {
  jsDelivr: {
    entity: "JSDelivr CDN",
    why: "the project calls itself jsDelivr; the map adds 'CDN'",
  },
  Facebook: { entity: "Meta", why: "Facebook Inc. renamed itself Meta Platforms in 2021" },
  "Meta Platforms": { entity: "Meta", why: "Meta's legal name" },
  Alphabet: { entity: "Google", why: "Google's parent company" },
  X: { entity: "Twitter", why: "Twitter renamed itself X in 2023" },
  "X Corp": { entity: "Twitter", why: "Twitter's company name since 2023" },
  TikTok: {
    entity: "ByteDance",
    why: "TikTok is ByteDance's; the map files its pixel under ByteDance",
  },
  Snap: { entity: "Snapchat", why: "Snap Inc. is the company behind Snapchat and its pixel" },
  Oath: { entity: "Yahoo", why: "Oath (AOL + Yahoo) is Yahoo Inc. since 2021" },
  "Verizon Media": { entity: "Yahoo", why: "Verizon Media became Yahoo Inc. in 2021" },
};

/** Keyed by third-party-web entity name: categories that mislead a privacy review. */
export const CATEGORY_OVERRIDES: Readonly<Record<string, { category: Category; why: string }>> = {
  Clarity: {
    category: "analytics",
    why: "Microsoft Clarity records sessions and heatmaps of visitors: analytics, not a utility",
  },
  // Consent management platforms third-party-web files under utility (or, for Sourcepoint, ad);
  // a publisher looks for its CMP under consent.
  ...Object.fromEntries(
    [
      "Cookiebot",
      "TrustArc",
      "TRUSTe",
      "iubenda",
      "Cookie-Script.com",
      "Cookie Reports",
      "CookieQ",
      "Sourcepoint",
    ].map((name) => [
      name,
      { category: "consent" as const, why: "a consent management platform (cookie banner)" },
    ]),
  ),
  Snapchat: {
    category: "advertising",
    why: "what sites embed is the Snap Pixel, an ad conversion and retargeting pixel",
  },
};

export interface ExtraDomain {
  /** A domain: it and its subdomains. */
  domain: string;
  product: string;
  entity: string;
  parent?: string;
  category: Category;
  why: string;
}

/**
 * Domains third-party-web lacks (it lists some of these companies' hosts one by one).
 * Being less specific than third-party-web's own hosts, they never override them.
 */
export const EXTRA_DOMAINS: readonly ExtraDomain[] = [
  {
    domain: "google.com",
    product: "Google",
    entity: "Google",
    category: "utility",
    why: "third-party-web names only some google.com hosts; the rest are still Google's",
  },
  {
    domain: "googleapis.com",
    product: "Google APIs",
    entity: "Google",
    category: "utility",
    why: "Google's API hosts (third-party-web lists some one by one); see OPERATOR_ONLY_SUFFIXES",
  },
  {
    domain: "gstatic.com",
    product: "Google Static Content",
    entity: "Google",
    category: "cdn",
    why: "Google's static-asset domain; third-party-web lists a few of its hosts",
  },
  {
    domain: "posthog.com",
    product: "PostHog",
    entity: "PostHog",
    category: "analytics",
    why: "PostHog's cloud (us.i.posthog.com, eu.i.posthog.com, their assets hosts): product analytics and session replay; absent from third-party-web",
  },
  {
    domain: "snplow.net",
    product: "Snowplow",
    entity: "Snowplow",
    category: "analytics",
    why: "Snowplow's hosted collectors (<org>.collector.snplow.net); third-party-web lists only its sp.js CDN host",
  },
  {
    domain: "snowplowanalytics.com",
    product: "Snowplow",
    entity: "Snowplow",
    category: "analytics",
    why: "Snowplow's own domain, also used by its hosted collectors and tracker downloads",
  },
  {
    domain: "linkedin.com",
    product: "LinkedIn",
    entity: "LinkedIn",
    parent: "Microsoft",
    category: "social",
    why: "third-party-web names only www, platform and ads hosts of linkedin.com",
  },
  {
    domain: "twitter.com",
    product: "Twitter",
    entity: "Twitter",
    category: "social",
    why: "third-party-web names only a few twitter.com hosts",
  },
  {
    domain: "x.com",
    product: "Twitter",
    entity: "Twitter",
    category: "social",
    why: "Twitter's new name and domain since 2023",
  },
  {
    domain: "threads.net",
    product: "Threads",
    entity: "Meta",
    category: "social",
    why: "Meta's Threads embeds",
  },
  {
    domain: "whatsapp.com",
    product: "WhatsApp",
    entity: "Meta",
    category: "social",
    why: "WhatsApp share buttons and web widgets; Meta owns WhatsApp",
  },
  {
    domain: "whatsapp.net",
    product: "WhatsApp",
    entity: "Meta",
    category: "social",
    why: "WhatsApp's media and API domain",
  },
  {
    domain: "wa.me",
    product: "WhatsApp",
    entity: "Meta",
    category: "social",
    why: "WhatsApp's click-to-chat short links",
  },
];

/**
 * Public suffixes whose every subdomain is run by the suffix's owner, so "*.x" entries on them
 * keep covering subdomains (see isSharedSuffix in domain-index.ts). googleapis.com is on the
 * Public Suffix List for Cloud Storage buckets, but its hosts are Google's own APIs.
 */
export const OPERATOR_ONLY_SUFFIXES: ReadonlySet<string> = new Set(["googleapis.com"]);
