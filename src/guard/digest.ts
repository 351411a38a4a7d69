/**
 * SHA-256 and base64 for the guards, on every runtime errata promises. Node's own
 * crypto when the runtime hands it over without an import (`process.getBuiltinModule`:
 * Node 20.16+, Bun, Deno), since Web Crypto's digest costs Node about 40 µs a call
 * against 1 µs; Web Crypto elsewhere (browsers, workers, older Node), which answers
 * asynchronously and never blocks. Both hash the same bytes: strings as UTF-8.
 */

interface NodeHash {
  update(data: string | Uint8Array): NodeHash;
  digest(encoding: "base64url"): string;
}

/** Node's crypto, reached without a `node:` import, when the runtime has it. */
const nodeCrypto = (() => {
  try {
    const host = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    return host?.getBuiltinModule?.("node:crypto") as { createHash(algorithm: "sha256"): NodeHash } | undefined;
  } catch {
    return undefined;
  }
})();

const utf8 = new TextEncoder();
const NUL = new Uint8Array(1);

/**
 * The SHA-256 of parts, each ended by a NUL (so that ["ab", "c"] and ["a", "bc"] differ),
 * base64url: at once with Node's crypto, else a promise of it (Web Crypto). Await it.
 */
export function sha256(...parts: (string | Uint8Array)[]): string | Promise<string> {
  // Not sha256Of over the parts interleaved with NULs: that array costs the guards' hot path 0.6 µs a hash.
  if (nodeCrypto) {
    const hash = nodeCrypto.createHash("sha256");
    for (const part of parts) hash.update(part).update(NUL);
    return hash.digest("base64url");
  }
  return webDigest(parts.flatMap((part) => [part, NUL]));
}

/** The SHA-256 of the chunks one after another, base64url: at once, or a promise of it. Await it. */
export function sha256Of(chunks: readonly (string | Uint8Array)[]): string | Promise<string> {
  if (nodeCrypto) {
    const hash = nodeCrypto.createHash("sha256");
    for (const chunk of chunks) hash.update(chunk);
    return hash.digest("base64url");
  }
  return webDigest(chunks);
}

async function webDigest(chunks: readonly (string | Uint8Array)[]): Promise<string> {
  const bytes = chunks.map((chunk) => (typeof chunk === "string" ? utf8.encode(chunk) : chunk));
  const all = new Uint8Array(bytes.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const b of bytes) {
    all.set(b, at);
    at += b.byteLength;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return toBase64(digest).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/** Bytes as base64 (standard alphabet, padded). */
export function toBase64(bytes: Uint8Array): string {
  let text = "";
  // String.fromCharCode takes its arguments on the stack: 32 KiB at a time.
  for (let i = 0; i < bytes.byteLength; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

/** base64 back to bytes. */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
