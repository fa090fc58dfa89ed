// Every number and rule the leak detectors decide with, in one list the README publishes: a reader
// can see why a value was or was not reported.

import { MIN_BINARY_STRING } from "./decode.js";
import { MAX_INFLATED_BYTES } from "./decode-bytes.js";
import { MAX_DECODE_DEPTH, MAX_VALUES_PER_REQUEST, MIN_BASE64_LENGTH } from "./decode-value.js";
import { MIN_PHONE_DIGITS, MIN_PLAIN_NAME_LENGTH } from "./hashes.js";
import {
  ID_MAX_LENGTH,
  ID_MIN_ENTROPY_BITS_PER_CHAR,
  ID_MIN_LENGTH,
  ID_MIN_NO_DIGIT_LENGTH,
  ID_MIN_NUMERIC_LENGTH,
  TIMESTAMP_WINDOW_DAYS,
} from "./identifiers.js";
import { DEFAULT_MAX_COOKIE_DAYS } from "./long-lived-cookie.js";
import {
  MIN_SEARCH_TERM_LENGTH,
  MIN_SPECIFIC_TERM_LENGTH,
  SEARCH_PARAMS,
} from "./search-term-leak.js";
import { MIN_PART_LENGTH } from "./stored-values.js";

export interface Threshold {
  name: string;
  value: number | string;
  meaning: string;
}

export const LEAK_THRESHOLDS: readonly Threshold[] = [
  {
    name: "identifier minimum length",
    value: ID_MIN_LENGTH,
    meaning: "shorter values are never identifiers",
  },
  {
    name: "identifier maximum length",
    value: ID_MAX_LENGTH,
    meaning: "longer values are content, not identifiers",
  },
  {
    name: "identifier minimum entropy",
    value: `${ID_MIN_ENTROPY_BITS_PER_CHAR} bits/char`,
    meaning: "Shannon entropy per character; repeated or word-like values score lower",
  },
  {
    name: "digits-only identifier minimum length",
    value: ID_MIN_NUMERIC_LENGTH,
    meaning: "shorter numbers are dates, prices, counters or postcodes",
  },
  {
    name: "identifier without digits",
    value: `${ID_MIN_NO_DIGIT_LENGTH}+ chars, 25–75% capitals`,
    meaning: "words, slugs and CamelCase names are not identifiers; base64 ids are",
  },
  {
    name: "timestamp window",
    value: `±${TIMESTAMP_WINDOW_DAYS} days`,
    meaning: "10-, 13- or 16-digit numbers this close to the scan time are Unix times, not ids",
  },
  {
    name: "stored-value rule",
    value: "required",
    meaning:
      "id-sync and first-party-id-leak need the value in a cookie or web storage written during the scan (or a third-party cookie of the final jar): nonces, cache busters, auction ids and account ids in tag code are never reported",
  },
  {
    name: "identifier part minimum length",
    value: MIN_PART_LENGTH,
    meaning:
      "a sent value this long that is part of a stored value (GA1.1.<id>) counts as that value",
  },
  {
    name: "not identifiers",
    value: "dates, versions, URLs, host and file names, consent strings",
    meaning: "structured values that look random but identify no one",
  },
  { name: "decode depth", value: MAX_DECODE_DEPTH, meaning: "nested encodings followed at most" },
  {
    name: "values per request",
    value: MAX_VALUES_PER_REQUEST,
    meaning: "decoding budget of one request",
  },
  {
    name: "inflated bytes",
    value: MAX_INFLATED_BYTES,
    meaning: "decompression stops here (bomb guard)",
  },
  {
    name: "base64 minimum length",
    value: MIN_BASE64_LENGTH,
    meaning: "shorter strings are not tried as base64",
  },
  {
    name: "binary string minimum length",
    value: MIN_BINARY_STRING,
    meaning: "printable runs this long are read out of binary bodies",
  },
  {
    name: "search parameters",
    value: SEARCH_PARAMS.join(", "),
    meaning: "page URL parameters holding search terms (configurable)",
  },
  {
    name: "search term minimum length",
    value: MIN_SEARCH_TERM_LENGTH,
    meaning: "shorter terms are not looked for",
  },
  {
    name: "specific search term length",
    value: MIN_SPECIFIC_TERM_LENGTH,
    meaning: "shorter single-word terms count only in a field named like a search field",
  },
  {
    name: "plain name minimum length",
    value: MIN_PLAIN_NAME_LENGTH,
    meaning: "shorter seeded names are matched only hashed",
  },
  {
    name: "phone minimum digits",
    value: MIN_PHONE_DIGITS,
    meaning: "phones are matched by their digits",
  },
  {
    name: "maximum cookie lifetime",
    value: `${DEFAULT_MAX_COOKIE_DAYS} days`,
    meaning: "third-party cookies asking for longer are reported (--max-cookie-days)",
  },
];
