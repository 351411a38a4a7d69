/** The shop's orders: what the handlers call, and where most errors are raised. */
import { shopErrors } from "./errors.js";

interface Order {
  readonly id: string;
  readonly sku: string;
  shipped: boolean;
}

const orders = new Map<string, Order>([["o-1", { id: "o-1", sku: "mug", shipped: true }]]);
const stock = new Map<string, number>([
  ["mug", 0],
  ["cup", 5],
]);

export function reserve(sku: string): void {
  const left = stock.get(sku) ?? 0;
  if (left <= 0) throw shopErrors.OUT_OF_STOCK?.({ sku });
  stock.set(sku, left - 1);
}

export function findOrder(id: string): Order {
  const order = orders.get(id);
  if (!order) throw shopErrors.ORDER_NOT_FOUND?.({ orderId: id });
  return order;
}

export function cancel(id: string): void {
  const order = findOrder(id);
  const { ORDER_SHIPPED } = shopErrors;
  if (order.shipped) throw ORDER_SHIPPED?.({ orderId: id });
  orders.delete(id);
}
