/**
 * The bundled catalogs hold everything their seed (../shared/seeds) says: every
 * code, and for each error its status, message, causes, solutions, sub-codes,
 * reasons and example bodies, compared to the seed's own text.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { findError } from "../../src/catalog/lookup.js";
import type { Catalog, ErrorDefinition } from "../../src/catalog/model.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { loadBundled, REPO } from "../helpers.js";

const SEEDS = join(REPO, "..", "shared", "seeds");
const required = process.env.CI === "true" || process.env.ERRATA_REQUIRE_SEEDS === "1";
const skip = existsSync(SEEDS)
  ? false
  : required
    ? false
    : `seeds not found at ${SEEDS}: the five reference documents the bundled catalogs were written from are not part of the repository; they sit in the project's shared/seeds folder, beside the clone, where CI has them (CI=true or ERRATA_REQUIRE_SEEDS=1 makes them required). The bundled catalogs' own tests run without them`;

function seed(marker: string): string {
  const file = readdirSync(SEEDS)
    .map((f) => readFileSync(join(SEEDS, f), "utf8"))
    .find((text) => text.includes(marker));
  assert.ok(file, `no seed contains ${JSON.stringify(marker)}`);
  return file;
}

function get(catalog: Catalog, nameOrCode: string): ErrorDefinition {
  const def = findError(catalog, nameOrCode);
  assert.ok(def, `${catalog.name}: ${nameOrCode} is missing`);
  return def;
}

const texts = (def: ErrorDefinition) => def.solutions.filter((s) => s.text && !s.code).map((s) => s.text);

/** Markdown table rows whose first cell matches, as arrays of trimmed cells. */
function tableRows(text: string, firstCell: RegExp): string[][] {
  return text
    .split("\n")
    .filter((l) => l.startsWith("|"))
    .map((l) =>
      l
        .slice(1, -1)
        .split(" | ")
        .map((c) => c.trim()),
    )
    .filter((cells) => firstCell.test(cells[0] ?? ""));
}

describe("seeds → bundled catalogs", { skip }, () => {
  test("talos: every code, name, description, symptom, cause and snippet", () => {
    const text = seed("TalosError");
    const talos = loadBundled("talos");
    const rows = tableRows(text, /^E\d{3}$/);
    assert.equal(rows.length, 15);
    for (const [code, name, description] of rows) {
      const def = get(talos, code as string);
      assert.equal(`\`${def.name}\``, name);
      assert.equal(def.description, description);
    }
    const errors = createErrors(talos);
    for (const match of text.matchAll(/^TalosError: (E\d{3}) ([A-Z_]+): (.*)$/gm)) {
      const [, code, name, message] = match as unknown as [string, string, string, string];
      const def = get(talos, code);
      assert.equal(def.name, name);
      assert.deepEqual(def.symptoms, [match[0]]);
      const example = def.examples[0]?.details;
      assert.equal(errors[name]?.(example).message, message, `${name} renders its symptom`);
    }
    for (const section of text.split(/^### /m).slice(1)) {
      const code = /^(E\d{3}):/.exec(section)?.[1];
      if (!code) continue;
      const def = get(talos, code);
      const causes = /\*\*Causes\*\*:\n((?:- .*\n)+)/.exec(section)?.[1];
      assert.deepEqual(
        def.causes,
        causes
          ?.trim()
          .split("\n")
          .map((l) => l.slice(2)),
        `${code} causes`,
      );
      const snippet = /\*\*Solutions\*\*:\n\n```(\w+)\n([\s\S]*?)```/.exec(section);
      assert.equal(def.solutions[0]?.language, snippet?.[1]);
      assert.equal(def.solutions[0]?.code, snippet?.[2], `${code} solution snippet`);
    }
  });

  test("stt: every code, meaning, cause, recovery, sub-code, reason and summary row", () => {
    const text = seed("0x0405_01");
    const stt = loadBundled("stt");
    const blocks = text.split(/^(?=0x[0-9A-F]{4}: [A-Z_]+$)/m).slice(1);
    assert.equal(blocks.length, 25);
    for (const block of blocks) {
      const [, code, name] = /^(0x[0-9A-F]{4}): ([A-Z_]+)$/m.exec(block) as unknown as [string, string, string];
      const def = get(stt, code);
      assert.equal(def.name, name);
      assert.equal(def.description, /^Meaning: (.*)$/m.exec(block)?.[1]);
      const bullets = (heading: string) =>
        new RegExp(`^${heading}:\\n\\n((?:  • .*\\n)+)`, "m")
          .exec(block)?.[1]
          ?.trim()
          .split("\n")
          .map((l) => l.replace(/^\s*• /, "")) ?? [];
      assert.deepEqual(def.causes, bullets("Causes"), `${name} causes`);
      assert.deepEqual(texts(def), bullets("Recovery"), `${name} recovery`);
      for (const [, sub, subName, note] of block.matchAll(/• (0x[0-9A-F]{4}_\d\d): ([A-Z_]+) \((.*)\)/g)) {
        const s = def.subcodes.find((x) => x.code === sub);
        assert.equal(s?.name, subName);
        assert.equal(s?.description, note);
      }
      for (const [, reason, meaning] of block.matchAll(/• '(\w+)': (.*)/g)) {
        assert.equal(def.reasons.find((r) => r.name === reason)?.description, meaning, `${name} reason ${reason}`);
      }
      const example = /^Example:\n\n([\s\S]*?)\n\n(?=0x|[A-Z][a-z]+ Errors)/m.exec(block)?.[1];
      if (example) assert.equal(def.solutions.find((s) => s.title === "Example")?.code?.trim(), example.trim());
    }
    for (const [, code, name, label, recoverable, summary] of text.matchAll(
      /^(0x[0-9A-F]{4}) ([A-Z_]+) (\w+) (Yes|No|Auto|Partial) \((.*)\)$/gm,
    )) {
      const def = get(stt, code as string);
      assert.equal(def.name, name);
      assert.equal(stt.categories.find((c) => c.id === def.category)?.label, label);
      assert.equal(def.recovery.recoverable, (recoverable as string).toLowerCase());
      assert.equal(def.recovery.summary, summary, `${name} summary`);
    }
  });

  test("tracemem: JSON-RPC codes, common errors, their data, statuses and solutions", () => {
    const text = seed("-32602");
    const tracemem = loadBundled("tracemem");
    for (const [, code, message, description] of text.matchAll(/^\s+• (-326\d\d) ([A-Za-z ]+?) - (.*)$/gm)) {
      const def = tracemem.errors.find((e) => e.jsonrpc?.code === Number(code) && e.jsonrpc.message === message);
      assert.ok(def, `JSON-RPC ${code} is missing`);
      assert.equal(def.description, description);
    }
    for (const [, status] of text.matchAll(/^\s+• (\d{3}) /gm)) {
      assert.ok(
        tracemem.statuses.some((s) => s.status === Number(status)),
        `status ${status}`,
      );
    }
    const errors = createErrors(tracemem);
    const common = text.split("Common Errors\n")[1]?.split("Error Handling Patterns")[0] ?? "";
    const sections = common.split(/\n\n(?=[A-Z][A-Za-z ]+\n\nError:)/);
    assert.equal(sections.length, 6);
    for (const section of sections) {
      const title = section.trim().split("\n")[0] as string;
      const def = tracemem.errors.find((e) => e.title === title);
      assert.ok(def, `TraceMem error "${title}" is missing`);
      const body = JSON.parse(/json\n(\{[\s\S]*?\n\})/.exec(section)?.[1] ?? "{}") as {
        error: { code: number; message: string; data: string };
      };
      assert.equal(def.jsonrpc?.code, body.error.code);
      assert.equal(def.jsonrpc?.message, body.error.message);
      const example = def.examples[0];
      assert.equal(
        errors[def.name]?.(example?.details, example?.message ? { message: example.message } : {}).message,
        body.error.data,
      );
      const status = /HTTP Status: (\d+)/.exec(section)?.[1];
      if (status) assert.equal(def.status, Number(status));
      const solutions = /Solution:\n\n((?:\s+• .*\n?)+)/
        .exec(section)?.[1]
        ?.trim()
        .split("\n")
        .map((l) => l.replace(/^\s*• /, ""));
      assert.deepEqual(texts(def), solutions, `${title} solutions`);
    }
  });

  test("aragora: every code with its status, message, cause and solution", () => {
    const text = seed("HOLLOW_CONSENSUS");
    const aragora = loadBundled("aragora");
    let sectionStatus: number | undefined;
    let count = 0;
    for (const line of text.split("\n")) {
      const heading = /^### .*\((\d{3})(?:, \d{3})?\)$/.exec(line);
      if (heading) sectionStatus = Number(heading[1]);
      else if (line.startsWith("## ")) sectionStatus = undefined;
      const cells = line.startsWith("| `")
        ? line
            .slice(1, -1)
            .split(" | ")
            .map((c) => c.trim())
        : undefined;
      if (!cells) continue;
      const def = get(aragora, (cells[0] as string).replace(/`/g, ""));
      count++;
      if (cells.length === 4) {
        const [, message, cause, solution] = cells;
        assert.equal(def.message.source, message);
        assert.deepEqual(def.causes, [cause]);
        assert.deepEqual(texts(def), [solution]);
        if (sectionStatus !== undefined && !/Gateway/.test(line)) {
          if (def.category !== "gateway") assert.equal(def.status, sectionStatus, `${def.name} status`);
        }
      } else {
        const [, status, message] = cells;
        assert.equal(def.status, Number(status), `${def.name} status`);
        assert.equal(def.message.source, (message as string).replace(" (not an error)", ""));
        assert.equal(def.notAnError, Number(status) < 400);
      }
    }
    assert.equal(count, aragora.errors.length, "every catalog error is in the seed and the reverse");
    for (const [status, meaning, usedFor] of tableRows(text, /^\d{3}$/)) {
      const row = aragora.statuses.find((s) => s.status === Number(status));
      assert.equal(row?.meaning, meaning);
      assert.equal(row?.usedFor, usedFor);
    }
    const headers = /Rate limit headers:\n```\n([\s\S]*?)```/.exec(text)?.[1] ?? "";
    const example = get(aragora, "RATE_LIMITED").examples[0];
    for (const [, name, value] of headers.matchAll(/^([\w-]+): (.*)$/gm))
      assert.equal(example?.headers[name as string], value);
    const webhook = JSON.parse(/webhook error events include:\n\n```json\n([\s\S]*?)```/i.exec(text)?.[1] ?? "{}");
    const timeout = get(aragora, webhook.data.error.code);
    assert.equal(timeout.examples[0]?.message, webhook.data.error.message);
    assert.equal(timeout.examples[0]?.requestId, webhook.data.error.trace_id);
  });

  test("gitclaw: every code, status, resolution, cause and example body", () => {
    const text = seed("GitClaw");
    const gitclaw = loadBundled("gitclaw");
    const errors = createErrors(gitclaw);
    let status: number | undefined;
    let count = 0;
    for (const line of text.split("\n")) {
      const heading = /^### .*\((\d{3})\)$/.exec(line);
      if (heading) status = Number(heading[1]);
      if (!line.startsWith("| `")) continue;
      const [code, description, resolution] = line
        .slice(1, -1)
        .split(" | ")
        .map((c) => c.trim());
      const def = get(gitclaw, (code as string).replace(/`/g, ""));
      count++;
      assert.equal(def.status, status, `${def.name} status`);
      assert.equal(def.description, description);
      assert.deepEqual(texts(def), [resolution]);
    }
    assert.equal(count, gitclaw.errors.length);
    for (const [, name, json] of text.matchAll(/#### Example: ([A-Z_]+)\n```json\n([\s\S]*?)```/g)) {
      const body = JSON.parse(json as string) as { error: { code: string; message: string; details: object } };
      const def = get(gitclaw, name as string);
      const example = def.examples[0];
      const raised = errors[def.name]?.(example?.details, example?.message ? { message: example.message } : {});
      assert.deepEqual(
        { code: raised?.code, message: raised?.message, details: raised?.details },
        body.error,
        `${name} example`,
      );
    }
    const causes = /\*\*Common Causes:\*\*\n((?:- .*\n)+)/
      .exec(text)?.[1]
      ?.trim()
      .split("\n")
      .map((l) => l.slice(2));
    assert.deepEqual(get(gitclaw, "INVALID_SIGNATURE").causes, causes);
    const headers = /\*\*Headers included:\*\*\n```\n([\s\S]*?)```/.exec(text)?.[1] ?? "";
    for (const [, h, v] of headers.matchAll(/^([\w-]+): (.*)$/gm)) {
      assert.equal(get(gitclaw, "RATE_LIMITED").examples[0]?.headers[h as string], v);
    }
    for (const [st, category, retryable] of tableRows(text, /^\d{3}$/)) {
      const row = gitclaw.statuses.find((s) => s.status === Number(st));
      assert.equal(row?.category, category);
      assert.equal(
        `${row?.retryable === "yes" ? "Yes" : row?.retryable === "no" ? "No" : "Maybe"} (${row?.note})`,
        retryable,
      );
    }
  });

  test("every code-like token in any seed is known to its catalog", () => {
    const all = ["talos", "stt", "tracemem", "aragora", "gitclaw"].map(loadBundled);
    const known = (token: string) =>
      all.some(
        (c) =>
          findError(c, token) !== undefined ||
          c.errors.some((e) => String(e.jsonrpc?.code) === token || e.reasons.some((r) => r.name === token)),
      );
    for (const file of readdirSync(SEEDS)) {
      const text = readFileSync(join(SEEDS, file), "utf8");
      const tokens = new Set([
        ...[...text.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,})`/g)].map((m) => m[1] as string),
        ...[...text.matchAll(/\b(E\d{3}|0x[0-9A-F]{4}(?:_\d\d)?|-326\d\d)\b/g)].map((m) => m[1] as string),
        ...[...text.matchAll(/^0x[0-9A-F]{4}(?:_\d\d)?: ([A-Z_]+)/gm)].map((m) => m[1] as string),
      ]);
      const missing = [...tokens].filter((t) => !known(t) && t !== "ERROR_CODE");
      assert.deepEqual(missing, [], `${file}: codes named in the seed but missing from the catalogs`);
    }
  });
});
