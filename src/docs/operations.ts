/**
 * The API's operations in the reference: which operations return an error, an
 * operation's errors by status (catalog/operations.ts), and the Markdown of both (an "Operations" section,
 * and "Returned by" under each error). The site's pages are in operationPages.ts.
 */
import type { Catalog, ErrorDefinition, Operation } from "../catalog/model.js";
import { errorsByStatus, operationsReturning, routeOf } from "../catalog/operations.js";
import { cell, inlineCode, plainText } from "./markdownText.js";
import { proseMarkdown } from "./prose.js";

/** The anchor of an operation's section in the Markdown reference, as GitHub makes it from the heading. */
export function operationAnchor(operation: Operation): string {
  return `operation-${operation.id.toLowerCase().replace(/[^a-z0-9_-]/g, "")}`;
}

/** "Returned by" under an error: each operation that may return it, with its route. */
export function returnedByMarkdown(catalog: Catalog, def: ErrorDefinition): string[] {
  const operations = operationsReturning(catalog, def.name);
  if (operations.length === 0) return [];
  const items = operations.map((o) => `[${plainText(o.id)}](#${operationAnchor(o)}) (${inlineCode(routeOf(o))})`);
  return [`**Returned by:** ${items.join(", ")}`, ""];
}

function operationMarkdown(catalog: Catalog, o: Operation): string[] {
  const out = [
    `### Operation ${plainText(o.id)}`,
    "",
    `${inlineCode(routeOf(o))}${o.summary ? `: ${plainText(o.summary)}` : ""}`,
    "",
  ];
  if (o.description) out.push(proseMarkdown(o.description, 4), "");
  if (o.parameters.length > 0) {
    out.push(
      ...o.parameters.map(
        (p) => `- ${inlineCode(`{${p.name}}`)}${p.description ? `: ${plainText(p.description)}` : ""}`,
      ),
      "",
    );
  }
  out.push("| Status | Error | Description | Common |", "|--------|-------|-------------|--------|");
  for (const { status, errors } of errorsByStatus(catalog, o)) {
    for (const d of errors) {
      const common = o.errors.includes(d.name) ? "" : "yes";
      out.push(`| ${status ?? "none"} | ${inlineCode(d.name)} | ${cell(d.title)} | ${common} |`);
    }
  }
  return [...out, ""];
}

/** The "Operations" section: each operation, its route, and its errors by status. */
export function operationsMarkdown(catalog: Catalog): string[] {
  if (catalog.operations.length === 0) return [];
  return ["## Operations", "", ...catalog.operations.flatMap((o) => operationMarkdown(catalog, o))];
}
