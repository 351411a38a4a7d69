/**
 * The worker thread of siteWriter.ts: writes each batch of files it is sent through
 * one OutputFolder and says how much it wrote; a failure is sent back once, and the
 * thread ends when told to.
 */
import { parentPort, workerData } from "node:worker_threads";
import { OutputFolder } from "../docs/outFolder.js";
import { failureOf, type WriterWord } from "./siteWriter.js";

const { dir } = workerData as { dir: string };
let out: OutputFolder | undefined;
let failed = false;

parentPort?.on("message", (message: { files?: string[]; bytes?: number; end?: boolean }) => {
  if (message.end) return parentPort?.close();
  let word: WriterWord = { written: message.bytes ?? 0 };
  if (!failed) {
    try {
      out ??= new OutputFolder(dir);
      const files = message.files ?? [];
      for (let i = 0; i < files.length; i += 2) out.write(files[i] as string, files[i + 1] as string);
    } catch (error) {
      failed = true;
      word = { failure: failureOf(error) };
    }
  }
  parentPort?.postMessage(word);
});
