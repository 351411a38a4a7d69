/**
 * The contract diff: what changed between two versions of a catalog, and what it
 * does to the clients that depend on it. Breaking: an error removed or renamed, a
 * code, JSON-RPC number, status or exit code changed, the kind changed (and with it
 * the runtime class: `instanceof UnavailableError` turns false), retryability
 * flipped, a details field removed or retyped, a message parameter removed, a
 * sub-code or reason removed, the wire format changed, the identity a format puts
 * on the wire changed (a problem `type` URI, a Google ErrorInfo domain), an
 * extension field sent on the wire changed. Compatible: errors, sub-codes, reasons,
 * details and extension fields added. Docs: the text around them, field by field
 * with old and new values. From those, the semver bump required.
 */
import type { Catalog } from "../catalog/model.js";
import { type Acceptance, catalogChanges } from "./catalogChanges.js";

export type { Acceptance } from "./catalogChanges.js";

export type Impact = "breaking" | "compatible" | "docs";
export type Bump = "major" | "minor" | "patch" | "none";

export interface Change {
  readonly impact: Impact;
  /** A stable rule name, such as `error-removed` or `status-changed`. */
  readonly rule: string;
  /** The error it concerns, when it concerns one. */
  readonly error?: string;
  /** The field that changed (`status`, `title`, `meta.owner`), when one did. */
  readonly field?: string;
  /** The old and new values as text, when a field changed. */
  readonly from?: string;
  readonly to?: string;
  readonly message: string;
  /** Accepted by the ignore file: reported, but not counted as breaking. */
  readonly accepted?: boolean;
}

export interface CatalogDiff {
  readonly catalog: string;
  readonly from: string;
  readonly to: string;
  readonly changes: readonly Change[];
  /** The bump the changes need. */
  readonly required: Bump;
  /** The bump from the old version to the new one. */
  readonly actual: Bump | "downgrade" | "invalid";
  /** True when the new version's bump is at least the required one. */
  readonly versionOk: boolean;
  readonly breaking: boolean;
}

const ORDER: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** A version's major, minor and patch, undefined when it is not semver. */
export function semver(version: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** The bump between two versions. */
export function bumpBetween(from: string, to: string): Bump | "downgrade" | "invalid" {
  const a = semver(from);
  const b = semver(to);
  if (!a || !b) return "invalid";
  for (let i = 0; i < 3; i++) {
    if ((b[i] as number) > (a[i] as number)) return (["major", "minor", "patch"] as const)[i] as Bump;
    if ((b[i] as number) < (a[i] as number)) return "downgrade";
  }
  return "none";
}

/** The bump a set of changes needs: major for a breaking one, minor for a compatible one, patch for docs. */
function requiredBump(changes: readonly Change[]): Bump {
  if (changes.some((c) => c.impact === "breaking")) return "major";
  if (changes.some((c) => c.impact === "compatible")) return "minor";
  return changes.length > 0 ? "patch" : "none";
}

/** Compare two versions of a catalog; changes an acceptance names are kept, marked accepted, and break nothing. */
export function diffCatalogs(
  from: Catalog,
  to: Catalog,
  accepted: readonly Acceptance[] = [],
  now = Date.now(),
): CatalogDiff {
  const isAccepted = (c: Change) => accepted.some((a) => a.rule === c.rule && (a.error === "*" || a.error === c.error));
  const changes = catalogChanges(from, to, now).map((c) => (isAccepted(c) ? { ...c, accepted: true } : c));
  const required = requiredBump(changes.filter((c) => !c.accepted));
  const actual = bumpBetween(from.version, to.version);
  // Before 1.0.0, a minor bump may break (semver's 0.y.z), so it counts as a major one.
  const effective = actual === "minor" && semver(from.version)?.[0] === 0 ? "major" : actual;
  const versionOk = effective !== "downgrade" && effective !== "invalid" && ORDER[effective] >= ORDER[required];
  const breaking = required === "major";
  return { catalog: to.name, from: from.version, to: to.version, changes, required, actual, versionOk, breaking };
}
