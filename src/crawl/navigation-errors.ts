// Turns Chromium's net error of a failed top-level navigation into a reason a person can act on.
// Pure; the raw error text is kept in the reason so tools can still match on it.

const HINTS: Array<[RegExp, string]> = [
  [/ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED/, "the host name does not resolve"],
  [/ERR_CONNECTION_REFUSED/, "the server refused the connection"],
  [
    /ERR_CONNECTION_(RESET|CLOSED|TIMED_OUT)|ERR_TIMED_OUT|ERR_ADDRESS_UNREACHABLE|ERR_INTERNET_DISCONNECTED/,
    "the server could not be reached",
  ],
  [/ERR_TOO_MANY_REDIRECTS/, "the page redirects in a loop"],
  [
    /ERR_CERT_|ERR_SSL_|ERR_BAD_SSL/,
    "the TLS certificate was not accepted (for a test server, scan with --insecure)",
  ],
  [/ERR_INVALID_URL|ERR_UNKNOWN_URL_SCHEME|ERR_DISALLOWED_URL_SCHEME/, "the URL cannot be loaded"],
  [/ERR_ABORTED/, "the navigation was aborted (a download, or a URL the browser will not open)"],
  [/ERR_BLOCKED_BY_RESPONSE|ERR_BLOCKED_BY_CLIENT/, "the browser blocked the page"],
  [
    /ERR_EMPTY_RESPONSE|ERR_INVALID_RESPONSE|ERR_INVALID_HTTP_RESPONSE/,
    "the server sent an invalid response",
  ],
];

export function describeNavigationError(errorText: string): string {
  for (const [re, text] of HINTS) if (re.test(errorText)) return `${text} (${errorText})`;
  return `the page could not be loaded (${errorText})`;
}
