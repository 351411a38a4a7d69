/** The shop's HTTP API on Express, its routes written the way Express's guide shows them. */
import express from "express";
import { expressErrorHandler } from "../../../src/server/index.js";
import { catalog } from "./errors.js";
import { cancel, findOrder, reserve } from "./orders.js";

export const app = express();
app.use(express.json());

app.post("/orders", (req, res) => {
  reserve(String(req.body?.sku));
  res.status(201).json({ ordered: req.body?.sku });
});

app.get("/orders/:orderId", (req, res) => {
  res.json(findOrder(req.params.orderId));
});

app.delete("/orders/:orderId", (req, res) => {
  cancel(req.params.orderId);
  res.status(204).end();
});

app.use(expressErrorHandler({ catalog }));
