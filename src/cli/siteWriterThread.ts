/**
 * The worker thread of siteWriter.ts: writes each batch of files it is sent through
 * one OutputFolder and says how much it wrote; a failure is sent back once, and the
 * thread ends when told to.
 */
import { parentPort, workerData } from "node:worker_threads";
import { OutputFolder } from "../docs/outFolder.js";
import { type BatchMessage, failureOf, type WriterWord } from "./siteWriter.js";

const { dir } = workerData as { dir: string };
let out: OutputFolder | undefined;
let failed = false;

parentPort?.on("message", (message: BatchMessage | { end: true }) => {
  if ("end" in message) return parentPort?.close();
  const { paths, ends, buffer } = message;
  let word: WriterWord = { written: buffer.byteLength };
  if (!failed) {
    try {
      out ??= new OutputFolder(dir);
      const bytes = new Uint8Array(buffer);
      let start = 0;
      for (let i = 0; i < paths.length; i++) {
        const end = ends[i] as number;
        out.write(paths[i] as string, bytes.subarray(start, end));
        start = end;
      }
    } catch (error) {
      failed = true;
      word = { failure: failureOf(error) };
    }
  }
  parentPort?.postMessage(word);
});
