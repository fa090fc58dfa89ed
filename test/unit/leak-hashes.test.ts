// Seeded identity forms (hash vectors from coreutils md5sum/sha1sum/sha256sum) and e-mail detection.
import { describe, expect, it } from "vitest";
import { findEmails } from "../../src/analyze/leaks/emails.js";
import { identityPatterns, matchIdentity } from "../../src/analyze/leaks/hashes.js";

// printf 'jane.doe@example.com' | md5sum / sha1sum / sha256sum; | openssl dgst -sha256 -binary | base64
const MD5 = "0cba00ca3da1b283a57287bcceb17e35";
const SHA1 = "a3caddb38202511eab803116294dc020f7c4f8a2";
const SHA256 = "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d";
const SHA256_B64 = "huC55WwXzE0SOH4ZSbhQU/vnO8POWhGIcTqdMAzGEz0";
// printf '15550100199' | sha256sum
const PHONE_SHA256 = "90be998a6e4b5bec4f18e14bc56a618ba6dd57100b89276067e3a77ff7140b4a";

describe("identity forms", () => {
  const patterns = identityPatterns({
    email: "  Jane.Doe@Example.com ",
    phone: "+1 (555) 010-0199",
    name: "Jane Doe",
  });
  const forms = (value: string) => matchIdentity(value, patterns).map((p) => `${p.kind}:${p.form}`);

  it("hashes the trimmed lower-case email with MD5, SHA-1 and SHA-256", () => {
    expect(forms(MD5)).toEqual(["email:md5"]);
    expect(forms(SHA1.toUpperCase())).toEqual(["email:sha1"]);
    expect(forms(`{"em":"${SHA256}"}`)).toEqual(["email:sha256"]);
    expect(forms(SHA256_B64)).toEqual(["email:sha256-base64"]);
  });

  it("also hashes the email as typed, and Gmail addresses without dots and +tags", () => {
    // printf 'Jane.Doe@Example.com' | sha256sum; printf 'jdoe@gmail.com' | sha256sum
    const typed = "734134e6f19eeaf4130d9630c2affa910e8c110d11c1e15ffbe018c2966143af";
    const gmail = identityPatterns({ email: "J.Doe+news@GMail.com" });
    expect(forms(typed)).toEqual(["email:sha256"]);
    expect(
      matchIdentity("910789803908d9ab8a57b28ff0af7ab81b9607356aef6f18d8499eb1489ed8ab", gmail).map(
        (p) => `${p.of}:${p.form}`,
      ),
    ).toEqual(["gmail canonical:sha256"]);
  });

  it("finds the plain, URL-encoded and base64 email", () => {
    expect(forms("to=JANE.DOE@example.com")).toEqual(["email:plain"]);
    expect(forms("e=jane.doe%40example.com")).toEqual(["email:url-encoded"]);
    const b64 = Buffer.from("jane.doe@example.com").toString("base64");
    expect(forms(`x${b64}y`)).toEqual(["email:base64"]);
  });

  it("matches phones by digits and by hash, names by full name and hashed parts", () => {
    expect(forms("tel=1-555-010-0199")).toEqual(["phone:plain"]);
    expect(forms("n=915550100199")).toEqual([]); // the digits inside a longer number
    expect(forms(PHONE_SHA256)).toEqual(["phone:sha256"]);
    expect(forms("who=jane doe")).toEqual(["name:plain"]);
    expect(forms("Jane")).toEqual([]);
  });
});

describe("findEmails", () => {
  it("finds addresses in text and URLs", () => {
    expect(findEmails("contact jane.doe+news@mail.example.co.uk, or x")).toEqual([
      "jane.doe+news@mail.example.co.uk",
    ]);
    expect(findEmails('{"u":"Bob_1@Example.ORG"}')).toEqual(["bob_1@example.org"]);
  });

  it("leaves out values that only look like addresses", () => {
    for (const text of [
      "hero@2x.webp",
      "logo@2x.png",
      "icon@3x.example",
      "user@localhost",
      "press@quiet-courier",
      "react@18.2.0",
      "https://cdn.example/npm/@scope/pkg@1.2.3/dist/x.js",
      "https://abc123key@o12.ingest.tracker.example/4",
      "support@vendor.example",
      "noreply@pub.example",
      "a@b",
    ]) {
      expect(findEmails(text), text).toEqual([]);
    }
  });
});
