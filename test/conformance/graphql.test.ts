/**
 * errata/graphql through GraphQL Yoga's and Apollo Server's own request handling:
 * a declared error keeps its code, details and retry advice in `extensions` beside
 * the partial data; a crash is masked as INTERNAL_ERROR with nothing of it sent;
 * GraphQL's own validation errors stay as GraphQL words them; the HTTP status follows
 * the GraphQL-over-HTTP spec for application/graphql-response+json. A plain fetch
 * client reads Yoga's answer, and fromGraphQLErrors gives the typed errors back.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { createSchema, createYoga } from "graphql-yoga";
import {
  errataApolloLanguage,
  errataFormatError,
  errataYogaErrors,
  errataYogaLanguage,
  fromGraphQLErrors,
} from "../../src/graphql/index.js";
import { createErrors } from "../../src/runtime/createErrors.js";
import { isUpstream } from "../../src/runtime/upstream.js";
import { loadBundled } from "../helpers.js";

const catalog = loadBundled("gitclaw");
const errors = createErrors(catalog);
const quiet = { info: () => {}, error: () => {}, warn: () => {} };

const typeDefs = /* GraphQL */ `
  type Repo { id: ID!, stars: Int }
  type Query { repo(id: ID!): Repo, crash: Int, limited: Int }
`;
const resolvers = {
  Query: {
    repo: (_: unknown, { id }: { id: string }) => ({ id }),
    crash: () => {
      throw new Error("connect ECONNREFUSED db.internal:5432 password=hunter2");
    },
    limited: () => {
      throw errors.RATE_LIMITED?.({ action: "star", limit: 100, window: "1h", retryAfter: 30 });
    },
  },
  Repo: {
    stars: ({ id }: { id: string }) => {
      throw errors.REPO_NOT_FOUND?.({ repoId: id });
    },
  },
};

const QUERY = '{ repo(id: "octo/x") { id stars } crash limited }';

function checkAnswer(body: {
  data?: unknown;
  errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
}) {
  // Partial data: the repo's id is there, its stars and the failing fields are null.
  assert.deepEqual(body.data, { repo: { id: "octo/x", stars: null }, crash: null, limited: null });
  const byPath = new Map(body.errors?.map((e) => [JSON.stringify(e.path), e]));
  const stars = byPath.get(JSON.stringify(["repo", "stars"]));
  assert.equal(stars?.message, "Repository not found: octo/x");
  assert.deepEqual(
    [stars?.extensions?.code, stars?.extensions?.name, stars?.extensions?.retryable, stars?.extensions?.details],
    ["REPO_NOT_FOUND", "REPO_NOT_FOUND", false, { repoId: "octo/x" }],
  );
  assert.equal(stars?.extensions?.docs, "https://docs.gitclaw.dev/errors/repo-not-found");
  const limited = byPath.get(JSON.stringify(["limited"]));
  assert.deepEqual(
    [limited?.extensions?.code, limited?.extensions?.retryable, limited?.extensions?.retryAfter],
    ["RATE_LIMITED", true, 30],
  );
  const crash = byPath.get(JSON.stringify(["crash"]));
  assert.equal(crash?.extensions?.code, "INTERNAL_ERROR");
  const sent = JSON.stringify(body);
  for (const secret of ["hunter2", "ECONNREFUSED", "db.internal", "stacktrace"])
    assert.ok(!sent.includes(secret), secret);
  // The typed errors, read back beside the data.
  const typed = fromGraphQLErrors(body, { catalogs: [catalog] });
  assert.deepEqual(typed.data, body.data);
  const names = typed.errors.map((e) => e.name).sort();
  assert.deepEqual(names, ["INTERNAL_ERROR", "RATE_LIMITED", "REPO_NOT_FOUND"]);
  const repo = typed.errors.find((e) => e.name === "REPO_NOT_FOUND");
  assert.deepEqual([repo?.status, repo?.details, isUpstream(repo as never)], [404, { repoId: "octo/x" }, true]);
}

test("GraphQL Yoga: declared errors with errata's extensions, a crash masked, partial data kept (a plain fetch client)", async () => {
  const yoga = createYoga({
    schema: createSchema({ typeDefs, resolvers }),
    maskedErrors: errataYogaErrors({ catalog, logger: quiet }),
    logging: false,
  });
  await checkOverHttp((init) => yoga.fetch("http://yoga.test/graphql", init));
});

/** QUERY posted as a plain fetch client does, asking for application/graphql-response+json, and its answer checked. */
async function checkOverHttp(send: (init: RequestInit) => Promise<Response> | Response): Promise<void> {
  const res = await send({
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify({ query: QUERY }),
  });
  // GraphQL over HTTP: a response with data is 200, in the media type the client asked for.
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^application\/graphql-response\+json/);
  checkAnswer(await res.json());
}

test("GraphQL Yoga: a validation error stays GraphQL's own, with a 4xx as GraphQL over HTTP wants", async () => {
  const yoga = createYoga({
    schema: createSchema({ typeDefs, resolvers }),
    maskedErrors: errataYogaErrors({ catalog }),
    logging: false,
  });
  const res = await yoga.fetch("http://yoga.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify({ query: "{ nope }" }),
  });
  assert.equal(res.status, 400);
  const body = (await res.json()) as { errors: { message: string; extensions?: { code?: string } }[] };
  assert.match(body.errors[0]?.message ?? "", /Cannot query field "nope"/);
  assert.notEqual(body.errors[0]?.extensions?.code, "INTERNAL_ERROR");
  // Yoga's own code for it is kept.
  assert.equal(fromGraphQLErrors(body).errors[0]?.code, "GRAPHQL_VALIDATION_FAILED");
});

test("Apollo Server: the same answer through its own executeOperation, with no stack trace", async () => {
  const apollo = new ApolloServer({ typeDefs, resolvers, formatError: errataFormatError({ catalog, logger: quiet }) });
  await apollo.start();
  try {
    const response = await apollo.executeOperation({ query: QUERY });
    assert.equal(response.body.kind, "single");
    if (response.body.kind !== "single") return;
    // As it goes over the wire (Apollo's result objects have no prototype).
    checkAnswer(JSON.parse(JSON.stringify(response.body.singleResult)));
  } finally {
    await apollo.stop();
  }
});

/** TraceMem's catalog (English and French) behind a resolver that throws POLICY_NOT_FOUND. */
const tracemem = loadBundled("tracemem");
const policySchema = {
  typeDefs: "type Query { policy(id: ID!): Int, crash: Int }",
  resolvers: {
    Query: {
      policy: (_: unknown, { id }: { id: string }) => {
        throw createErrors(tracemem).POLICY_NOT_FOUND?.({ policy: id });
      },
      crash: () => {
        throw new Error("password=hunter2");
      },
    },
  },
};
const POLICY = '{ policy(id: "p1") crash }';

test("GraphQL Yoga: the catalog's text in the language the request asks for, and Content-Language", async () => {
  const options = { catalog: tracemem, logger: quiet };
  const yoga = createYoga({
    schema: createSchema(policySchema),
    maskedErrors: errataYogaErrors(options),
    plugins: [errataYogaLanguage(options)],
    logging: false,
  });
  const ask = (language?: string) =>
    yoga.fetch("http://yoga.local/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...(language ? { "accept-language": language } : {}) },
      body: JSON.stringify({ query: POLICY }),
    });
  const fr = await ask("fr-CA, fr;q=0.9, en;q=0.5");
  const body = (await fr.json()) as { errors: { message: string; extensions: { code: string } }[] };
  assert.equal(fr.headers.get("content-language"), "fr");
  assert.deepEqual(
    body.errors.map((e) => [e.extensions.code, e.message]),
    [
      ["POLICY_NOT_FOUND", "Politique 'p1' introuvable"],
      ["INTERNAL_ERROR", body.errors[1]?.message],
    ],
  );
  assert.doesNotMatch(JSON.stringify(body), /hunter2/);
  const en = await ask();
  assert.equal(en.headers.get("content-language"), null);
  assert.equal(((await en.json()) as { errors: { message: string }[] }).errors[0]?.message, "Policy 'p1' not found");
});

test("Apollo Server: the same through its own executeOperation, the request's Accept-Language read", async () => {
  const options = { catalog: tracemem, logger: quiet };
  const apollo = new ApolloServer({
    ...policySchema,
    formatError: errataFormatError(options),
    plugins: [errataApolloLanguage(options)],
  });
  await apollo.start();
  try {
    const http = { method: "POST", search: "", body: {}, headers: new HeaderMap([["accept-language", "fr"]]) };
    const response = await apollo.executeOperation({ query: POLICY, http });
    assert.equal(response.body.kind, "single");
    if (response.body.kind !== "single") return;
    const errors = JSON.parse(JSON.stringify(response.body.singleResult.errors)) as { message: string }[];
    assert.equal(errors[0]?.message, "Politique 'p1' introuvable");
    assert.equal(response.http.headers.get("content-language"), "fr");
  } finally {
    await apollo.stop();
  }
});

test("Apollo Server over real HTTP (its standalone server on 127.0.0.1): a plain fetch client reads the same answer", async () => {
  const apollo = new ApolloServer({ typeDefs, resolvers, formatError: errataFormatError({ catalog, logger: quiet }) });
  const { url } = await startStandaloneServer(apollo, { listen: { port: 0, host: "127.0.0.1" } });
  try {
    await checkOverHttp((init) => fetch(url, init));
  } finally {
    await apollo.stop();
  }
});

test("fromGraphQLErrors never throws on what is not a GraphQL response", () => {
  for (const hostile of [null, 1, "x", { errors: "no" }, { errors: [null, 1, { extensions: 5 }] }]) {
    const typed = fromGraphQLErrors(hostile, { catalogs: [catalog] });
    assert.ok(Array.isArray(typed.errors));
  }
});
