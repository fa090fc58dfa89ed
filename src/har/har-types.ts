// The HAR 1.2 shapes skimscan reads, loosely typed: every exporter adds its own `_fields` and
// leaves out some of the standard ones, so nothing here is trusted before it is checked.

export interface HarNameValue {
  name?: unknown;
  value?: unknown;
}

export interface HarCookie {
  name?: unknown;
  value?: unknown;
  path?: unknown;
  domain?: unknown;
  expires?: unknown;
  httpOnly?: unknown;
  secure?: unknown;
  sameSite?: unknown;
}

export interface HarPostData {
  mimeType?: unknown;
  text?: unknown;
  params?: HarNameValue[];
  /** Not HAR 1.2: the HAR 1.3 draft's field, written by some proxies for binary bodies. */
  encoding?: unknown;
  /** Not HAR 1.2: the same marker under an exporter-private name. */
  _encoding?: unknown;
}

export interface HarRequest {
  method?: unknown;
  url?: unknown;
  headers?: HarNameValue[];
  cookies?: HarCookie[];
  postData?: HarPostData;
  bodySize?: unknown;
}

export interface HarResponse {
  status?: unknown;
  headers?: HarNameValue[];
  cookies?: HarCookie[];
  redirectURL?: unknown;
  bodySize?: unknown;
  content?: { size?: unknown; mimeType?: unknown; text?: unknown; encoding?: unknown };
  /** Chromium DevTools / chrome-har: the network error of a failed request. */
  _error?: unknown;
  _transferSize?: unknown;
}

/** One HAR entry with the private fields of the exporters skimscan knows. */
export interface HarEntry {
  pageref?: unknown;
  startedDateTime?: unknown;
  time?: unknown;
  request?: HarRequest;
  response?: HarResponse;
  cache?: unknown;
  /** Chromium DevTools: the CDP initiator object; WebPageTest / chrome-har: the initiator's URL. */
  _initiator?: unknown;
  _initiator_line?: unknown;
  _initiator_column?: unknown;
  _initiator_type?: unknown;
  /** chrome-har (browsertime, sitespeed.io): the CDP initiator object as a JSON string. */
  _initiator_detail?: unknown;
  /** Chromium DevTools / chrome-har: CDP resource type, lower-case ("script", "image", "ping"). */
  _resourceType?: unknown;
  /** WebPageTest: request type name; some exporters use `_type` for the same thing. */
  _type?: unknown;
  _request_type?: unknown;
  /** WebPageTest: run number and repeat view (1 / true). */
  _run?: unknown;
  _cached?: unknown;
  /** Chromium DevTools: "memory" / "disk" when served from cache. */
  _fromCache?: unknown;
  _requestId?: unknown;
  _request_id?: unknown;
}

export interface HarPage {
  id?: unknown;
  title?: unknown;
  startedDateTime?: unknown;
  /** WebPageTest: the page's URL, run, and repeat view. */
  _URL?: unknown;
  _url?: unknown;
  _run?: unknown;
  _cached?: unknown;
}

export interface HarLogHead {
  version?: unknown;
  creator?: { name?: unknown; version?: unknown };
  browser?: { name?: unknown; version?: unknown };
}
