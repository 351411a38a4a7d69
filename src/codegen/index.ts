/**
 * errata/codegen: a catalog carried to the languages and tools its clients use.
 * TypeScript (typed factories for a file catalog), Python (an exception hierarchy
 * and a decoder), OpenAPI 3.1 components and JSON Schema of the error bodies.
 */
export { jsonSchema } from "./jsonSchema.js";
export { openApi } from "./openapi.js";
export { pythonModule } from "./python.js";
export { type TypeScriptOptions, typescriptModule } from "./typescript.js";
