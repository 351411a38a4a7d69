/**
 * What the browser tests share: Debian's chromium through playwright-core, a skip
 * message when it is missing (a failure under ERRATA_REQUIRE_BROWSER=1, which
 * .ci/run sets), and a server on 127.0.0.1 at a port the OS picks.
 */
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser, chromium } from "playwright-core";

const CHROMIUM = process.env.ERRATA_CHROMIUM ?? "/usr/bin/chromium";

/** Why the browser tests skip, or undefined when chromium is there. */
export function browserSkip(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env.ERRATA_REQUIRE_BROWSER === "1")
    throw new Error(`ERRATA_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`);
  return `browser tests skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set ERRATA_CHROMIUM; .ci/run does)`;
}

/** Headless chromium with the flags this machine needs (no sandbox as root, no background network). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/** Listen on 127.0.0.1 at a free port; resolves with the server's base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
