/**
 * Terminal output: colour only on a TTY, never with NO_COLOR or TERM=dumb (FORCE_COLOR
 * forces it). Everything the CLI prints passes `terminalSafe`: catalog text is
 * untrusted, so control characters (escape sequences that write the clipboard, spoof
 * links or clear the screen, carriage returns, bidirectional overrides) are removed,
 * and a line that would be a CI workflow command (`::error`, `::add-mask::`, `##[`)
 * is neutralised unless the CLI itself is writing annotations.
 */
import { styleText } from "node:util";

type Format = Parameters<typeof styleText>[0];

export interface Output {
  readonly color: boolean;
  style(format: Format, text: string): string;
}

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

export function createOutput(stream: { isTTY?: boolean }): Output {
  const color = colorEnabled(stream);
  return {
    color,
    style: (format, text) => (color ? styleText(format, text, { validateStream: false }) : text),
  };
}

/**
 * An escape sequence (CSI `ESC [ … final`; OSC, DCS, APC, PM or SOS up to BEL or ST;
 * ESC and one character), or one control character: C0 but tab and newline, DEL,
 * C1, and the bidirectional overrides and isolates.
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|[\s\S]?)|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
/** SGR (colour) sequences, the only ones errata writes itself. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const SGR = /^\x1b\[[0-9;]*m$/;
/** A line a CI runner reads as a command: GitHub's `::name …::` and the older `##[name]`. */
const WORKFLOW_COMMAND = /^(\s*)(::|##\[)/gm;

/**
 * Text made safe to print: escape sequences and other controls removed (colour kept
 * when `color`), and workflow commands broken (a zero-width space after the first
 * character) unless `commands` says the CLI is writing its own annotations.
 */
export function terminalSafe(text: string, options: { color?: boolean; commands?: boolean } = {}): string {
  const out = text.replace(UNSAFE, (found) => (options.color && SGR.test(found) ? found : ""));
  if (options.commands) return out;
  return out.replace(WORKFLOW_COMMAND, (_m, space: string, mark: string) => `${space}${mark[0]}\u200b${mark.slice(1)}`);
}

/** Characters JSON leaves raw that a terminal may act on (DEL, C1, bidirectional controls). */
const JSON_RAW = /[\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/** JSON text made safe to print, losslessly: those characters written as `\\uXXXX` escapes (JSON escapes C0 itself). */
export function jsonSafe(text: string): string {
  return text.replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** What the CLI is printing: text, JSON (lint, diff), or CI annotations it writes itself. */
export type OutputMode = "text" | "json" | "annotations";

/** A writer that makes everything it prints safe for its mode. */
export function safeWriter(write: (s: string) => void, color: boolean, mode: () => OutputMode): (s: string) => void {
  return (s) => {
    const m = mode();
    write(m === "json" ? jsonSafe(s) : terminalSafe(s, { color, commands: m === "annotations" }));
  };
}
