/** A catalog whose every text tries to run a script or break out of its context. */
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";

const PAYLOAD = `<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">"'</textarea></script>`;

export function hostileCatalog(): Catalog {
  const { catalog, problems } = compileCatalog({
    name: "hostile",
    version: "1.0.0",
    title: `Hostile ${PAYLOAD}`,
    description: PAYLOAD,
    docsBaseUrl: "https://docs.example.com/errors/",
    categories: { weird: { kind: "validation", title: `Weird ${PAYLOAD}` } },
    errors: {
      XSS_PROBE: {
        category: "weird",
        title: `Probe ${PAYLOAD}`,
        description: PAYLOAD,
        message: `Bad {field} ${PAYLOAD.replace(/[{}]/g, "")}`,
        details: { field: { type: "string", description: PAYLOAD, example: PAYLOAD } },
        symptoms: [PAYLOAD],
        causes: [`nonce cause ${PAYLOAD}`],
        solutions: [{ title: PAYLOAD, text: PAYLOAD, code: `</code></pre>${PAYLOAD}`, language: `x"><script>` }],
        links: [{ title: PAYLOAD, url: "https://example.com/?q=<script>" }],
      },
    },
  });
  if (!catalog) throw new Error(`the hostile catalog did not compile: ${JSON.stringify(problems)}`);
  return catalog;
}
