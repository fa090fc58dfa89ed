// The published thresholds of the behaviour checks (README "Behaviour" section lists them).

/** A canvas read back smaller than this on either side is a sprite or icon, not a probe. */
export const CANVAS_MIN_SIDE = 16;
/** Distinct fonts measured (canvas font, inline font-family measured, FontFaceSet.check). */
export const FONT_PROBE_MIN = 20;
/** Distinct navigator/screen/time-zone properties read (and device APIs asked). */
export const NAVIGATOR_BREADTH_MIN = 6;
/** Probe families one party must combine to be fingerprinting. */
export const FINGERPRINT_FAMILIES_MIN = 2;
/** Pages (visitor contexts) that must carry the same non-stored identifier for `high`. */
export const FINGERPRINT_CONTEXTS_MIN = 2;
/** Frames or posts of mouse/scroll coordinates that make a payload stream event-shaped. */
export const EVENT_STREAM_MIN = 5;
/** Markup tags in one string that make it a DOM snapshot. */
export const DOM_SNAPSHOT_MIN_TAGS = 10;
