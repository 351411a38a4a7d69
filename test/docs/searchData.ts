/**
 * A built site's search files read back, for the tests: each file is
 * `errataSearch(<JSON>);`, the records are in chunks of the manifest's size, and a
 * word's postings are base-36 id steps each closed by its weight's letter.
 */
import { shardFile } from "../../src/docs/search.js";
import type { SiteFiles } from "../../src/docs/site.js";

interface Root {
  base: string;
  catalog: string;
  prefix: string;
  count: number;
  chunk: number;
  keys: string[];
  weights: number[];
}

function data(site: SiteFiles, path: string): unknown {
  const text = site.get(path);
  if (text === undefined) throw new Error(`no ${path} in the site`);
  const m = /^errataSearch\(([\s\S]*)\);\n$/.exec(text);
  if (!m) throw new Error(`${path} is not a search file`);
  return JSON.parse(m[1] as string);
}

/** The search roots an index page embeds (`folder` is the index's folder: "" or "gitclaw/"). */
export function searchRoots(site: SiteFiles, folder: string): Root[] {
  const index = site.get(`${folder}index.html`) ?? "";
  const json = /<script type="application\/json" id="errata-search">([\s\S]*?)<\/script>/.exec(index)?.[1];
  if (!json) throw new Error(`no search manifest in ${folder}index.html`);
  return (JSON.parse(json) as { roots: Root[] }).roots;
}

/** Every record an index's search shows, in the index's order, with hrefs relative to that index. */
export function searchRecords(site: SiteFiles, folder: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const root of searchRoots(site, folder)) {
    for (let c = 0; c * root.chunk < root.count; c++) {
      const chunk = data(site, `${folder}${root.base}_search/c${c}.js`) as Record<string, unknown>[];
      out.push(...chunk.map((r) => ({ ...r, href: `${root.base}${r.href}` })));
    }
  }
  return out;
}

/** The names of the errors with a word that starts with `prefix` (two or more characters), in an index's search. */
export function searchFinds(site: SiteFiles, folder: string, prefix: string): string[] {
  const records = searchRecords(site, folder);
  const found = new Set<string>();
  let offset = 0;
  for (const root of searchRoots(site, folder)) {
    const key = prefix.slice(0, 2);
    const shard = root.keys.includes(key)
      ? (data(site, `${folder}${root.base}_search/${shardFile(key)}`) as string[][])
      : [];
    for (const [word, code] of shard) {
      if (!word?.startsWith(prefix)) continue;
      let id = 0;
      for (const step of (code ?? "").match(/[0-9a-z]+[A-Z]/g) ?? []) {
        id += Number.parseInt(step.slice(0, -1), 36);
        found.add(records[offset + id]?.name as string);
      }
    }
    offset += root.count;
  }
  return [...found].sort();
}
