// What a record shows in place of a secret (a header or cookie value, an identity, an opt-out
// token): one spelling everywhere, so a reader or a test can search for it.
export const REDACTED = "<redacted>";
