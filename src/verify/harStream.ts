/**
 * The entries of a HAR file's `log.entries`, from its bytes as they stream: a scan of
 * the JSON's structure (strings, with their escapes, skipped with indexOf; brackets
 * counted) finds where each entry begins and ends, and each entry alone is handed to
 * JSON.parse. It reads nothing else of the file into memory. A general streaming JSON
 * parser (@streamparser/json) read 46 MB/s here, under the 50 MB/s goal on its own;
 * this reads only what a HAR needs, at about twice that (BENCHMARKS.md, verify).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN = new Set([0x7b, 0x5b]);
const CLOSE = new Set([0x7d, 0x5d]);

/** The backslashes that end chunk[from, to), added to `carried` when the whole range is backslashes. */
function trailingSlashes(chunk: Buffer, from: number, to: number, carried: number): number {
  let n = 0;
  for (let b = to - 1; b >= from && chunk[b] === BACKSLASH; b--) n++;
  return n === to - from ? carried + n : n;
}

/** Where one entry of a HAR file is, and its parsed value. */
export interface HarEntry {
  readonly index: number;
  readonly value: unknown;
}

/** Why a HAR file could not be read. */
export class HarStreamError extends Error {}

/** A scanner of one file: feed it chunks, take the entries each completes. */
export class HarEntries {
  /** The key each open container was opened under ("" in an array or at the top). */
  private readonly keys: string[] = [];
  private inString = false;
  /** Backslashes that ended the last chunk inside a string (they may escape the next chunk's first quote). */
  private carrySlashes = 0;
  /** Whether the string being read is kept: only for keys of the top two levels. */
  private keepingString = false;
  private stringParts: Buffer[] = [];
  private lastString = "";
  private pendingKey = "";
  private entryParts: Buffer[] = [];
  private entryBytes = 0;
  private inEntry = false;
  private index = 0;
  /** Whether `log.entries` was found. */
  found = false;

  constructor(private readonly maxEntryBytes: number) {}

  /** Whether the scanner stands in `log.entries` (an entry opens at the next bracket). */
  private atEntries(): boolean {
    return this.keys.length === 3 && this.keys[1] === "log" && this.keys[2] === "entries";
  }

  /** The entries the chunk completes. */
  write(chunk: Buffer): HarEntry[] {
    const out: HarEntry[] = [];
    let entryStart = this.inEntry ? 0 : -1;
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.inString) {
        const q = chunk.indexOf(QUOTE, i);
        if (q === -1) {
          this.keepString(chunk, i, n);
          this.carrySlashes = trailingSlashes(chunk, i, n, this.carrySlashes);
          i = n;
          break;
        }
        let slashes = 0;
        for (let b = q - 1; b >= i && chunk[b] === BACKSLASH; b--) slashes++;
        // A run of backslashes that reaches the chunk's start goes on from the one before.
        if (i === 0 && slashes === q) slashes += this.carrySlashes;
        this.carrySlashes = 0;
        if (slashes % 2 === 1) {
          this.keepString(chunk, i, q + 1);
          i = q + 1;
          continue;
        }
        this.keepString(chunk, i, q);
        this.endString();
        i = q + 1;
        continue;
      }
      const c = chunk[i] as number;
      if (c === QUOTE) {
        this.inString = true;
        this.keepingString = this.keys.length <= 2;
        this.stringParts = [];
      } else if (c === COLON) this.pendingKey = this.lastString;
      else if (c === COMMA) this.pendingKey = "";
      else if (OPEN.has(c)) {
        if (this.atEntries()) {
          this.inEntry = true;
          entryStart = i;
        }
        this.keys.push(this.pendingKey);
        this.pendingKey = "";
        if (this.atEntries()) this.found = true;
      } else if (CLOSE.has(c)) {
        if (this.keys.pop() === undefined) throw new HarStreamError("a bracket closes that never opened");
        if (this.inEntry && this.atEntries()) {
          out.push(this.entry(chunk.subarray(entryStart, i + 1)));
          entryStart = -1;
        }
      }
      i++;
    }
    if (this.inEntry && entryStart >= 0) this.keepEntry(chunk.subarray(entryStart));
    return out;
  }

  /** The file ended: it must have closed everything, and had `log.entries`. */
  end(): void {
    if (this.inString || this.keys.length > 0) throw new HarStreamError("the file ends before its JSON does");
    if (!this.found) throw new HarStreamError("no log.entries: not a HAR file");
  }

  private keepString(chunk: Buffer, from: number, to: number): void {
    if (this.keepingString && this.stringParts.length < 64) this.stringParts.push(chunk.subarray(from, to));
  }

  private endString(): void {
    this.inString = false;
    this.lastString = this.keepingString ? Buffer.concat(this.stringParts).toString("utf8").slice(0, 64) : "";
    this.stringParts = [];
  }

  private keepEntry(part: Buffer): void {
    this.entryBytes += part.length;
    if (this.entryBytes > this.maxEntryBytes)
      throw new HarStreamError(`entry ${this.index} is larger than ${this.maxEntryBytes} bytes`);
    // A copy: the stream may reuse the chunk's memory.
    this.entryParts.push(Buffer.from(part));
  }

  private entry(last: Buffer): HarEntry {
    const bytes = this.entryParts.length > 0 ? Buffer.concat([...this.entryParts, last]) : last;
    this.entryParts = [];
    this.entryBytes = 0;
    this.inEntry = false;
    const index = this.index++;
    if (bytes.length > this.maxEntryBytes)
      throw new HarStreamError(`entry ${index} is larger than ${this.maxEntryBytes} bytes`);
    try {
      return { index, value: JSON.parse(bytes.toString("utf8")) };
    } catch (error) {
      throw new HarStreamError(
        `entry ${index} is not JSON: ${error instanceof Error ? error.message.slice(0, 200) : ""}`,
      );
    }
  }
}
