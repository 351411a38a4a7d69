/** The shop's MCP tool, served with errata/mcp. */
import { z } from "zod";
import { createToolServer, tool } from "../../../src/mcp/index.js";
import { catalog, errors } from "./errors.js";

export const tools = createToolServer(
  { name: "shop", version: "1.0.0" },
  {
    quote_price: tool({
      input: { sku: z.string() },
      handler: async ({ sku }) => {
        if (sku === "mug") throw errors.OUT_OF_STOCK({ sku });
        return { content: [{ type: "text", text: `${sku}: 4.50` }] };
      },
    }),
  },
  { catalog },
);
