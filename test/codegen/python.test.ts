/**
 * The generated Python of every bundled catalog, run by python3: it imports, its
 * classes form the hierarchy, and `from_response` decodes what errata's encoder
 * sends (each error's examples, with and without hints, in the catalog's format),
 * headers-only Retry-After in both forms, and foreign bodies, without raising.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { compileCatalog } from "../../src/catalog/compile.js";
import type { Catalog } from "../../src/catalog/model.js";
import { pythonBaseClass, pythonErrorClasses, pythonKindClasses, pythonModule } from "../../src/codegen/python.js";
import { createErrors, createFactory } from "../../src/runtime/createErrors.js";
import type { ErrataError } from "../../src/runtime/ErrataError.js";
import { errorResponse } from "../../src/server/respond.js";
import { encode } from "../../src/wire/index.js";
import { BUNDLED, loadBundled, loadFixture, tempFiles } from "../helpers.js";

interface Case {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly base64: boolean;
  readonly expect: Record<string, unknown>;
}

const RUNNER = `
import base64, importlib, json, sys
sys.path.insert(0, sys.argv[1])
m = importlib.import_module(sys.argv[2])
base = getattr(m, sys.argv[3])
out = []
for case in json.load(sys.stdin):
    body = base64.b64decode(case["body"]) if case["base64"] else case["body"]
    e = m.from_response(case["status"], case["headers"], body)
    assert isinstance(e, base) and isinstance(e, Exception)
    out.append({"cls": type(e).__name__, "code": e.code, "name": e.name, "message": e.message, "status": e.status,
                "details": e.details, "request_id": e.request_id, "retry_after": e.retry_after,
                "retryable": e.retryable, "subcode": e.subcode, "reason": e.reason})
print(json.dumps(out))
`;

for (const name of BUNDLED) {
  test(`${name}: python3 decodes what errata sends`, () => {
    const catalog = loadBundled(name);
    const classes = Object.fromEntries(pythonKindClasses(catalog));
    const own = pythonErrorClasses(catalog);
    const cases: Case[] = [];
    for (const def of catalog.errors) {
      const raise = createFactory(def, { stack: false });
      const examples = def.examples.length > 0 ? def.examples : [{ details: {}, subcode: undefined }];
      for (const example of examples) {
        const error = raise(example.details, {
          requestId: "req-42",
          ...(example.subcode ? { subcode: example.subcode } : {}),
        });
        for (const hints of [true, false]) {
          const encoded = encode(error, catalog.format, { catalog, hints });
          const binary = typeof encoded.body !== "string";
          cases.push({
            status: encoded.status,
            headers: encoded.headers,
            body: binary ? Buffer.from(encoded.body).toString("base64") : (encoded.body as string),
            base64: binary,
            expect: {
              cls: def.kind === "outcome" ? pythonBaseClass(catalog) : (own.get(def.name) ?? classes[def.kind]),
              code: def.code,
              name: def.name,
              message: error.message,
              request_id: "req-42",
              subcode: error.subcode ?? null,
            },
          });
        }
      }
    }
    const foreign: Case[] = [
      {
        status: 503,
        headers: { "Content-Type": "text/html", "Retry-After": "7", "X-Request-Id": "req-h" },
        body: "<html>down</html>",
        base64: false,
        expect: { cls: classes.unavailable, code: "HTTP_503", retry_after: 7, request_id: "req-h", retryable: true },
      },
      {
        status: 429,
        headers: { "retry-after": new Date(Date.now() + 120_000).toUTCString() },
        body: "",
        base64: false,
        expect: { cls: classes.rate_limit, code: "HTTP_429" },
      },
      {
        status: 404,
        headers: {},
        body: "\u0000\u0001garbage",
        base64: false,
        expect: { cls: classes.not_found, code: "HTTP_404", retryable: false },
      },
    ];
    const dir = tempFiles({ [`${name}_errors.py`]: pythonModule(catalog) });
    const runner = join(dir, "runner.py");
    writeFileSync(runner, RUNNER);
    const r = spawnSync("python3", [runner, dir, `${name}_errors`, pythonBaseClass(catalog)], {
      input: JSON.stringify([...cases, ...foreign]),
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    const results = JSON.parse(r.stdout) as Record<string, unknown>[];
    for (const [i, c] of [...cases, ...foreign].entries()) {
      const got = results[i] ?? {};
      for (const [key, value] of Object.entries(c.expect)) {
        assert.deepEqual(got[key], value, `${name} case ${i} ${key}: ${JSON.stringify(got)}`);
      }
    }
    const dated = results[cases.length + 1] ?? {};
    assert.ok(Number(dated.retry_after) >= 110 && Number(dated.retry_after) <= 121, JSON.stringify(dated));
  });
}

test("a converted catalog in Python: exit codes, no status for a CLI's errors, extension fields verbatim", () => {
  const dir = tempFiles({ "shop_errors.py": pythonModule(loadFixture("shop")) });
  const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
import shop_errors as m
cli = m.ConfigMissingError("SHOP-0901", "No configuration", name="CONFIG_MISSING")
cart = m.CartEmptyError("SHOP-0001", "The cart c1 is empty")
import typing
hints = typing.get_type_hints(m.Extensions)
print(json.dumps({"cli": [cli.status, cli.exit_code, cli.meta], "cart": [cart.status, cart.exit_code, cart.meta["tags"]],
  "extensions": sorted(hints), "classification": list(typing.get_args(hints["classification"])), "tags": str(hints["tags"])}))
`;
  const r = spawnSync("python3", ["-I", "-c", script, dir], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    cli: [null, 78, { classification: "actionable", owner: "team-cli" }],
    cart: [400, null, ["cart", "checkout"]],
    extensions: ["classification", "level", "owner", "sdk_class", "tags"],
    classification: ["actionable", "unexpected", "unsupported"],
    tags: "typing.List[str]",
  });
});

test("Python in the caller's language: from_response keeps the localized message and the code; translations ship", () => {
  const tracemem = loadBundled("tracemem");
  const google = compileCatalog({
    name: "shop",
    version: "1.0.0",
    format: "google",
    domain: "shop.example.com",
    locales: ["en", "fr"],
    errors: {
      CART_EMPTY: {
        category: "validation",
        message: "The cart {cart} is empty",
        details: { cart: "string" },
        solutions: [{ language: "bash", code: "curl -X POST /carts/c1/items" }, "Add an item first"],
        translations: {
          fr: { title: "Panier vide", message: "Le panier {cart} est vide", solutions: ["Ajoutez un article :"] },
        },
      },
    },
  }).catalog as Catalog;
  const answer = (catalog: Catalog, name: string, details: Record<string, unknown>) => {
    const error = createErrors(catalog)[name]?.(details) as ErrataError;
    const r = errorResponse(error, { "accept-language": "fr-CA, fr;q=0.9, en;q=0.5" }, { catalog });
    return { status: r.status, headers: r.headers, body: r.body as string };
  };
  const dir = tempFiles({ "tracemem_errors.py": pythonModule(tracemem), "shop_errors.py": pythonModule(google) });
  const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
import tracemem_errors as t, shop_errors as s
cases = json.load(sys.stdin)
out = []
for module, case in ((t, cases[0]), (s, cases[1])):
    e = module.from_response(case["status"], case["headers"], case["body"])
    out.append([type(e).__name__, e.code, e.message, e.localized])
fr = t.translation("INVALID_API_KEY", "fr-CA")
out.append([t.LOCALES, t.DEFAULT_LOCALE, fr["locale"], fr["title"], fr["solutions"][2], t.translation("INVALID_API_KEY", "de")["title"]])
out.append(s.translation("CART_EMPTY", "fr-CA")["solutions"])
e = s.from_response(cases[1]["status"], cases[1]["headers"], cases[1]["body"])
out.append([e.details, e.retryable])
print(json.dumps(out))
`;
  const cases = [
    answer(tracemem, "POLICY_NOT_FOUND", { policy: "discount_cap_v1" }),
    answer(google, "CART_EMPTY", { cart: "c1" }),
  ];
  const r = spawnSync("python3", ["-I", "-c", script, dir], { input: JSON.stringify(cases), encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [
    [
      "PolicyNotFoundError",
      "POLICY_NOT_FOUND",
      "Politique 'discount_cap_v1' introuvable",
      { locale: "fr", message: "Politique 'discount_cap_v1' introuvable" },
    ],
    // Google: message in the default language, the caller's in LocalizedMessage.
    ["CartEmptyError", "CART_EMPTY", "The cart c1 is empty", { locale: "fr", message: "Le panier c1 est vide" }],
    [
      ["en", "fr"],
      "en",
      "fr",
      "Clé d'API invalide",
      "Assurez-vous que la clé d'API n'a pas été révoquée",
      "Invalid API Key",
    ],
    // A translated solution replaces the one at its place (here the code's prose); the others stay.
    ["Ajoutez un article :", "Add an item first"],
    // Google's standard messages only: the details and errata's hints come from ErrorInfo's metadata.
    [{ cart: "c1" }, false],
  ]);
});
