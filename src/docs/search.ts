/**
 * The site's search data, built once when the site is made and split into files an
 * index page loads only as a query needs them (as Pagefind splits its index), so a
 * page opens at the same speed at any catalog size:
 * - word shards: every word of an error's fields, with the error ids it appears in
 *   and the weight of the best field it appears in, one file per word's first two
 *   characters (a query word loads the one shard its prefix lives in);
 * - record chunks: what the result list shows of each error, 100 errors a file;
 * - facets: each error's category, group, status, retry and section, loaded
 *   when a filter is used.
 * Each file is a script that hands its data to `errataSearch(…)`: the pages' Content
 * Security Policy allows the site's own scripts, and scripts load from disk too,
 * where a page may not fetch.
 */
import type { DocEntry } from "./entries.js";
import { scriptJson } from "./html.js";

/** The folder of an index's search files, beside its index.html. */
export const SEARCH_FOLDER = "_search";
/** Errors per record chunk. */
const CHUNK = 100;

/** The fields searched, best first, with the weight of a word found in each. */
const FIELDS = [
  ["code", 100],
  ["name", 90],
  ["title", 50],
  ["className", 30],
  ["operations", 25],
  ["groupTitle", 20],
  ["categoryTitle", 20],
  ["meta", 15],
  ["message", 10],
  ["description", 4],
  ["causes", 4],
  ["solutions", 4],
  ["symptoms", 4],
] as const satisfies readonly (readonly [keyof DocEntry, number])[];

/** The distinct weights, best first: a posting carries its weight's index as a letter (A for the first). */
const WEIGHTS = [...new Set(FIELDS.map(([, w]) => w))];
const WEIGHT_OF = new Map(FIELDS.map(([field, w]) => [field, WEIGHTS.indexOf(w)]));
const MARKS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** What separates words, here and in the page's script, which splits a query with it. */
export const WORD_BREAK = /[^0-9a-z\u00c0-\uffff]+/;

/** The words of a text. */
function words(text: string): string[] {
  return text.toLowerCase().split(WORD_BREAK).filter(Boolean);
}

function fieldText(entry: DocEntry, field: keyof DocEntry): string {
  const v = entry[field];
  if (v === undefined || v === null) return "";
  if (field === "meta") {
    return Object.entries(entry.meta)
      .map(([k, value]) => `${k} ${([] as unknown[]).concat(value).join(" ")}`)
      .join(" ");
  }
  return Array.isArray(v) ? v.join(" ") : String(v);
}

/** What a result shows of an error, and where its page is (relative to the index). */
interface SearchRecord {
  readonly name: string;
  readonly code: string;
  readonly title: string;
  readonly message: string;
  readonly href: string;
  readonly status?: number;
  readonly groupTitle?: string;
  readonly retryPolicy: string;
  readonly retryable: boolean;
  readonly locale: string;
}

/** What a filter or a section heading reads of an error (a catalog is chosen by its search root). */
interface SearchFacets {
  readonly category: string;
  readonly group: string;
  readonly status: string;
  readonly retryable: string;
  readonly section: string;
}

const FACETS = ["category", "group", "status", "retryable", "section"] as const;

/** What an index page embeds of its search: small at any size. */
export interface SearchManifest {
  readonly count: number;
  readonly chunk: number;
  /** Every shard's key (a word's first one or two characters). */
  readonly keys: readonly string[];
  readonly weights: readonly number[];
}

/** A shard's or chunk's file name: the key's UTF-16 units in hex, safe on every file system. */
export function shardFile(key: string): string {
  let out = "w";
  for (let i = 0; i < key.length; i++) out += key.charCodeAt(i).toString(16).padStart(4, "0");
  return `${out}.js`;
}

function script(value: unknown): string {
  return `errataSearch(${scriptJson(value)});\n`;
}

/** The search data of one index, fed error by error in the index's order. */
export class SearchIndex {
  readonly #postings = new Map<string, number[]>();
  readonly #records: SearchRecord[] = [];
  readonly #facets: SearchFacets[] = [];

  /** Index an error: `href` is its page relative to the index, `section` the heading it is listed under. */
  add(entry: DocEntry, href: string, section: string): void {
    const id = this.#records.length;
    // Fields are visited best first, so a word's first sight in this error is its best weight:
    // a list whose last posting is this error's already has it. No map per error.
    for (const [field] of FIELDS) {
      const text = fieldText(entry, field);
      if (text === "") continue;
      const posting = id * 16 + (WEIGHT_OF.get(field) as number);
      const found = words(text);
      // A code or name is also one word as a whole: "shop-00" finds SHOP-0001.
      if (field === "code" || field === "name") found.push(text.toLowerCase());
      for (const w of found) {
        const list = this.#postings.get(w);
        if (list === undefined) this.#postings.set(w, [posting]);
        else if ((list[list.length - 1] as number) >> 4 !== id) list.push(posting);
      }
    }
    this.#records.push({
      name: entry.name,
      code: entry.code,
      title: entry.title,
      message: entry.message,
      href,
      ...(entry.status !== undefined ? { status: entry.status } : {}),
      ...(entry.groupTitle ? { groupTitle: entry.groupTitle } : {}),
      retryPolicy: entry.retryPolicy,
      retryable: entry.retryable,
      locale: entry.locale,
    });
    this.#facets.push({
      category: entry.category,
      group: entry.group ?? "",
      status: entry.status === undefined ? "none" : String(entry.status),
      retryable: String(entry.retryable),
      section,
    });
  }

  /** The files under the index's folder (`_search/…`), and what the index page embeds. */
  *files(): Generator<readonly [string, string], SearchManifest> {
    const shards = new Map<string, string[]>();
    for (const word of this.#postings.keys()) {
      const key = word.slice(0, 2);
      const list = shards.get(key);
      if (list) list.push(word);
      else shards.set(key, [word]);
    }
    for (const [key, list] of shards) {
      list.sort();
      yield [`${SEARCH_FOLDER}/${shardFile(key)}`, script(list.map((w) => [w, this.#encoded(w)]))];
    }
    for (let start = 0; start < this.#records.length; start += CHUNK) {
      yield [`${SEARCH_FOLDER}/c${start / CHUNK}.js`, script(this.#records.slice(start, start + CHUNK))];
    }
    yield [`${SEARCH_FOLDER}/facets.js`, script(facetColumns(this.#facets))];
    return { count: this.#records.length, chunk: CHUNK, keys: [...shards.keys()].sort(), weights: WEIGHTS };
  }

  /** A word's postings: each id as its distance from the one before, in base 36, then its weight's letter. */
  #encoded(word: string): string {
    let out = "";
    let previous = 0;
    for (const posting of this.#postings.get(word) ?? []) {
      const id = posting >> 4;
      out += (id - previous).toString(36) + MARKS[posting & 15];
      previous = id;
    }
    return out;
  }
}

/** Each facet as its distinct values and, per error, the index of its value. */
function facetColumns(rows: readonly SearchFacets[]): Record<string, { values: string[]; rows: number[] }> {
  const out: Record<string, { values: string[]; rows: number[] }> = {};
  for (const facet of FACETS) {
    const values = new Map<string, number>();
    const column = rows.map((row) => {
      const value = row[facet];
      const known = values.get(value);
      if (known !== undefined) return known;
      values.set(value, values.size);
      return values.size - 1;
    });
    out[facet] = { values: [...values.keys()], rows: column };
  }
  return out;
}
