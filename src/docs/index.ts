/**
 * errata/docs: the troubleshooting reference, written from the catalog so it never
 * drifts: Markdown shaped like a hand-written reference, a static searchable site,
 * and the records behind the site's search and `errata serve`'s JSON API.
 */
export { ACTOR, retrySentence } from "./advice.js";
export { type DocEntry, docEntries, docEntry } from "./entries.js";
export { type ExampleResponse, exampleResponses } from "./examples.js";
export { renderMarkdown } from "./markdown.js";
export { writeFiles, writeInside } from "./outFolder.js";
export { buildSite, type SiteFiles } from "./site.js";
