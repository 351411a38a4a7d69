/**
 * Who a request comes from, as the guards tell callers apart: its credential (the
 * Authorization header, else X-Api-Key), and its address's network (an IPv6 /64 by
 * default, since one host usually holds a whole /64).
 */
import ipaddr from "ipaddr.js";
import { headerValue } from "../wire/common.js";
import type { GuardRequest } from "./types.js";

/** The credential a request carries: Authorization, else X-Api-Key. */
export function credentialOf(request: GuardRequest): string | undefined {
  return headerValue(request.headers, "authorization") ?? headerValue(request.headers, "x-api-key");
}

/**
 * The caller an address stands for: an IPv6 address's network of `prefix` bits
 * (`2001:db8:1:2::/64`), an IPv4 address (or an IPv4-mapped IPv6 one) as it is.
 */
export function callerNet(address: string | undefined, prefix: number): string | undefined {
  if (address === undefined || !address.includes(":")) return address;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address.replace(/%.*$/, ""));
  } catch {
    return address;
  }
  if (parsed.kind() === "ipv4" || prefix >= 128) return parsed.toString();
  const bytes = parsed.toByteArray();
  for (let bit = prefix; bit < 128; bit++) (bytes[bit >> 3] as number) &= ~(0x80 >> (bit & 7)) & 0xff;
  return `${ipaddr.fromByteArray(bytes).toString()}/${prefix}`;
}
