/**
 * The site written on a worker thread while this thread makes the next pages. Where
 * making a folder and a file costs the kernel more than rendering the page (ext4 on
 * the benchmark machine: about 0.7 ms a page against 0.2 ms to render it), the two
 * overlap on the second core. Bounded: at most 16 MB of pages wait for the writer,
 * and the maker awaits the writer's word before it makes more. A failure in the
 * writer (a symlinked folder: OUTPUT_REFUSED) stops the maker and is thrown here as
 * the same error; a writer that dies is an error too, never a hang.
 */
import { Worker } from "node:worker_threads";
import type { SiteFile } from "../docs/site.js";
import { ownErrors } from "../own/catalog.js";
import { isErrataError } from "../runtime/ErrataError.js";

const MAX_WAITING = 16 << 20;
const BATCH_BYTES = 1 << 20;

/** What a batch holds: the files' paths, and their contents one after the other in `buffer`, UTF-8. */
export interface BatchMessage {
  readonly paths: readonly string[];
  readonly ends: readonly number[];
  readonly buffer: ArrayBuffer;
}

/**
 * Pages encoded as they are made into one buffer, handed to the writer without a
 * copy. Kept as strings until a batch was full, every page outlived two young
 * collections and was promoted: 100,000 pages filled the old space with garbage
 * faster than the catalog itself. Encoded at once, a page's string dies young.
 */
class Batch {
  readonly #paths: string[] = [];
  readonly #ends: number[] = [];
  #buffer = new Uint8Array(0);
  bytes = 0;

  /** Add a file; false when the batch is full and must be sent first (an empty batch takes any file). */
  add(path: string, content: string): boolean {
    // At most 3 UTF-8 bytes for each UTF-16 unit.
    const room = content.length * 3;
    if (this.bytes + room > this.#buffer.length) {
      if (this.#paths.length > 0) return false;
      this.#buffer = new Uint8Array(Math.max(BATCH_BYTES, room));
    }
    this.bytes += encoder.encodeInto(content, this.#buffer.subarray(this.bytes)).written;
    this.#paths.push(path);
    this.#ends.push(this.bytes);
    return true;
  }

  message(): BatchMessage {
    return { paths: this.#paths, ends: this.#ends, buffer: this.#buffer.buffer };
  }
}

const encoder = new TextEncoder();

/** What the writer says: a batch's buffer of this many bytes is written, or why it stopped. */
export type WriterWord = { readonly written: number } | { readonly failure: WriterFailure };

/** A failure in the writer: an errata error by its name and details, anything else by its message. */
export interface WriterFailure {
  readonly name?: string;
  readonly details?: Record<string, unknown>;
  readonly message: string;
}

export function failureOf(error: unknown): WriterFailure {
  if (isErrataError(error)) return { name: error.name, details: { ...error.details }, message: error.message };
  return { message: error instanceof Error ? error.message : String(error) };
}

function rethrown(failure: WriterFailure): Error {
  const make = failure.name ? (ownErrors as Record<string, unknown>)[failure.name] : undefined;
  if (typeof make === "function") return (make as (details: unknown) => Error)(failure.details ?? {});
  return new Error(`the site's writer failed: ${failure.message}`);
}

/** The thread's module beside this one: built, or run from source through tsx. */
function threadEntry(): URL {
  if (!import.meta.url.endsWith(".ts")) return new URL("./siteWriterThread.js", import.meta.url);
  // On Node 20 a thread does not inherit tsx's hooks: it registers them, then imports the module.
  const api = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./siteWriterThread.ts", import.meta.url).href;
  const code = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** Write the files under `dir` on a worker thread; resolves with how many were written. */
export async function writeSiteInThread(dir: string, files: Iterable<SiteFile>): Promise<number> {
  const worker = new Worker(threadEntry(), { workerData: { dir } });
  let waiting = 0;
  let stopped: Error | undefined;
  let wake: (() => void) | undefined;
  const woken = () => {
    wake?.();
    wake = undefined;
  };
  worker.on("message", (word: WriterWord) => {
    if ("failure" in word) stopped ??= rethrown(word.failure);
    else waiting -= word.written;
    woken();
  });
  worker.on("error", (error) => {
    stopped ??= new Error(`the site's writer failed: ${error.message}`);
    woken();
  });
  let ended = false;
  const exited = new Promise<void>((resolve) =>
    worker.on("exit", () => {
      if (!ended) stopped ??= new Error("the site's writer stopped before it wrote every file");
      woken();
      resolve();
    }),
  );
  let count = 0;
  let batch = new Batch();
  const send = async () => {
    while (waiting > MAX_WAITING && !stopped) await new Promise<void>((resolve) => (wake = resolve));
    if (stopped) throw stopped;
    const message = batch.message();
    waiting += message.buffer.byteLength;
    worker.postMessage(message, [message.buffer]);
    batch = new Batch();
  };
  try {
    for (const [path, content] of files) {
      if (!batch.add(path, content)) {
        await send();
        batch.add(path, content);
      }
      count++;
    }
    await send();
    ended = true;
    worker.postMessage({ end: true });
    await exited;
  } finally {
    await worker.terminate();
  }
  if (stopped) throw stopped;
  return count;
}
