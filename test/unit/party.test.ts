import { describe, expect, it } from "vitest";
import { hostOf, normalizeHost, partyOf } from "../../src/domain/party.js";

describe("partyOf", () => {
  it.each([
    ["www.publisher.example", "publisher.example"],
    ["publisher.example", "publisher.example"],
    ["a.b.c.publisher.example", "publisher.example"],
    ["cdn.partner.test", "partner.test"],
    ["foo.github.io", "foo.github.io"],
    ["bar.github.io", "bar.github.io"],
    ["x.foo.github.io", "foo.github.io"],
    ["d111111abcdef8.cloudfront.net", "d111111abcdef8.cloudfront.net"],
    ["d222222abcdef8.cloudfront.net", "d222222abcdef8.cloudfront.net"],
    ["www.bbc.co.uk", "bbc.co.uk"],
    ["news.bbc.co.uk", "bbc.co.uk"],
    ["WWW.Example.CO.UK", "example.co.uk"],
    ["www.publisher.example.", "publisher.example"],
    ["WWW.PUBLISHER.EXAMPLE", "publisher.example"],
    ["www.publisher.example:8443", "publisher.example"],
    ["127.0.0.1", "127.0.0.1"],
    ["10.0.0.7:8080", "10.0.0.7"],
    ["[::1]", "::1"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["2001:db8::1", "2001:db8::1"],
    ["localhost", "localhost"],
    ["localhost:3000", "localhost"],
    ["intranet", "intranet"],
    ["xn--bcher-kva.example", "xn--bcher-kva.example"],
    ["shop.bücher.example", "xn--bcher-kva.example"],
    ["foo.local", "foo.local"],
    ["a.foo.invalid", "foo.invalid"],
    ["co.uk", "co.uk"],
    ["github.io", "github.io"],
    ["", ""],
  ])("%s → %s", (host, party) => {
    expect(partyOf(host)).toBe(party);
  });
});

describe("hostOf / normalizeHost", () => {
  it.each([
    ["https://WWW.Publisher.Example:8443/a?b#c", "www.publisher.example"],
    ["https://[::1]:8443/", "::1"],
    ["wss://socket.vendor.example/live", "socket.vendor.example"],
    ["https://bücher.example/", "xn--bcher-kva.example"],
    ["data:image/gif;base64,R0lGOD", ""],
    ["about:blank", ""],
    ["blob:https://www.publisher.example/5f1c", "www.publisher.example"],
    ["not a url", ""],
  ])("hostOf(%s) = %s", (url, host) => {
    expect(hostOf(url)).toBe(host);
  });

  it("normalizes case, trailing dots and ports", () => {
    expect(normalizeHost("Pixel.Vendor.Example.:443")).toBe("pixel.vendor.example");
  });
});
