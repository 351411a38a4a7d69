/**
 * How the guards tell callers apart at the edges: the peer address each runtime's
 * handler argument carries (Bun's `requestIP`, Deno's `remoteAddr`, @hono/node-server's
 * socket), and an address's network (an IPv6 /64 and other prefixes, a zone index,
 * an IPv4-mapped IPv6 address, something that is no address). Written for the
 * mutants a StrykerJS run left alive (docs/testing.md).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { platformAddress } from "../../src/guard/address.js";
import { callerNet } from "../../src/guard/callers.js";
import { flattenHeaders } from "../../src/guard/headers.js";

const request = new Request("http://api.local/");

test("the peer address of each runtime's handler argument, and nothing from what is none", () => {
  assert.equal(platformAddress(request, { incoming: { socket: { remoteAddress: "10.0.0.1" } } }), "10.0.0.1");
  assert.equal(platformAddress(request, { remoteAddr: { hostname: "10.0.0.2" } }), "10.0.0.2");
  assert.equal(
    platformAddress(request, { requestIP: (r: Request) => (r === request ? { address: "10.0.0.3" } : null) }),
    "10.0.0.3",
  );
  assert.equal(platformAddress(request, { requestIP: () => null }), undefined, "Bun without an address");
  assert.equal(platformAddress(request, { requestIP: "10.0.0.4" }), undefined, "requestIP that is no function");
  assert.equal(platformAddress(request, { incoming: {} }), undefined, "a node request without its socket");
  for (const none of [null, undefined, "10.0.0.5", 5, {}]) assert.equal(platformAddress(request, none), undefined);
  assert.equal(platformAddress(request, { remoteAddr: { hostname: "" } }), undefined, "an empty address is none");
  assert.equal(platformAddress(request, { remoteAddr: { hostname: 7 } }), undefined, "nor one that is no string");
});

test("an address's network beyond callers.test.ts's: other prefixes, a /128, IPv4, what is no address", () => {
  assert.equal(callerNet("fe80::1:2:3:4%eth0", 64), "fe80::/64", "a zone index after a full address");
  assert.equal(callerNet("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 48), "2001:db8:1::/48");
  assert.equal(callerNet("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 56), "2001:db8:1::/56");
  assert.equal(
    callerNet("2001:db8:1:2ff:aaaa::1", 60),
    "2001:db8:1:2f0::/60",
    "a prefix inside a group keeps its bits",
  );
  assert.equal(callerNet("2001:db8::1", 128), "2001:db8::1", "a /128 is the address itself");
  assert.equal(callerNet("192.0.2.7", 64), "192.0.2.7");
  assert.equal(callerNet("not:an:address::zz", 64), "not:an:address::zz");
  assert.equal(callerNet(undefined, 64), undefined);
});

test("headers flattened: lists joined, numbers as text, undefined left out", () => {
  assert.deepEqual(flattenHeaders({ a: ["1", "2"], b: 3, c: undefined, d: "x" }), { a: "1, 2", b: "3", d: "x" });
});
