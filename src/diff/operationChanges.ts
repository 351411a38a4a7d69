/**
 * What changed in the catalog's operations: one removed, or moved to another route,
 * breaks its callers; one added is compatible. An error an operation may now return
 * is something its clients must now handle (a minor version); one it no longer
 * returns is compatible. An operation's errors include the common ones it gets.
 */
import type { Catalog, Operation } from "../catalog/model.js";
import { operationErrors, routeOf } from "../catalog/operations.js";
import type { Change } from "./diff.js";

/** The changes to one operation present in both versions. */
function changed(a: Operation, b: Operation): Change[] {
  const changes: Change[] = [];
  const [x, y] = [routeOf(a), routeOf(b)];
  if (x !== y) {
    const message = `operation ${b.id} moved: ${x} → ${y}; its callers still call the old route`;
    changes.push({ impact: "breaking", rule: "operation-route-changed", field: "route", from: x, to: y, message });
  }
  const [before, after] = [new Set(operationErrors(a)), new Set(operationErrors(b))];
  for (const name of after) {
    if (before.has(name)) continue;
    const message = `operation ${b.id} may now return ${name}: its clients must handle it`;
    changes.push({ impact: "compatible", rule: "operation-error-added", error: name, message });
  }
  for (const name of before) {
    if (after.has(name)) continue;
    const message = `operation ${b.id} no longer returns ${name}`;
    changes.push({ impact: "compatible", rule: "operation-error-removed", error: name, message });
  }
  return changes;
}

/** Operations removed, moved, added, and the errors each may return. */
export function operationChanges(from: Catalog, to: Catalog): Change[] {
  const after = new Map(to.operations.map((o) => [o.id, o]));
  const before = new Set(from.operations.map((o) => o.id));
  const changes: Change[] = [];
  for (const a of from.operations) {
    const b = after.get(a.id);
    if (b) changes.push(...changed(a, b));
    else {
      const message = `operation ${a.id} (${routeOf(a)}) removed: its callers break`;
      changes.push({
        impact: "breaking",
        rule: "operation-removed",
        field: "operations",
        from: a.id,
        to: "none",
        message,
      });
    }
  }
  for (const b of to.operations) {
    if (before.has(b.id)) continue;
    const message = `operation ${b.id} (${routeOf(b)}) added`;
    changes.push({
      impact: "compatible",
      rule: "operation-added",
      field: "operations",
      from: "none",
      to: b.id,
      message,
    });
  }
  return changes;
}
