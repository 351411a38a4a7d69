/** The diff as a person reads it, as JSON for tools, and as Markdown for a pull-request comment. */
import type { CatalogDiff, Change, Impact } from "./diff.js";

const TITLES: Record<Impact, string> = {
  breaking: "Breaking",
  compatible: "Compatible",
  docs: "Documentation",
};

export function verdict(d: CatalogDiff): string {
  const bump = `needs a ${d.required} version bump`;
  if (d.versionOk) return `${d.from} → ${d.to} (${d.actual}): ${bump}: ok`;
  return `${d.from} → ${d.to} (${d.actual}): ${bump}: the version bump is too small`;
}

function grouped(d: CatalogDiff): [Impact, Change[]][] {
  return (["breaking", "compatible", "docs"] as const)
    .map((impact) => [impact, d.changes.filter((c) => c.impact === impact)] as [Impact, Change[]])
    .filter(([, list]) => list.length > 0);
}

export function humanReport(d: CatalogDiff): string {
  const lines = [`${d.catalog}: ${d.changes.length === 0 ? "no changes" : `${d.changes.length} change(s)`}`];
  for (const [impact, list] of grouped(d)) {
    lines.push(`  ${TITLES[impact]}:`);
    for (const c of list) lines.push(`    ${c.message}  [${c.rule}]${c.accepted ? "  (accepted)" : ""}`);
  }
  lines.push(`  Version: ${verdict(d)}`);
  return `${lines.join("\n")}\n`;
}

export function jsonReport(d: CatalogDiff): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}

export function markdownReport(d: CatalogDiff): string {
  const icon = d.breaking ? "⚠️" : "✅";
  const lines = [`### ${icon} Error contract: \`${d.catalog}\` ${d.from} → ${d.to}`, ""];
  if (d.changes.length === 0) lines.push("No changes to the error contract.", "");
  for (const [impact, list] of grouped(d)) {
    lines.push(`**${TITLES[impact]} (${list.length})**`, "");
    for (const c of list)
      lines.push(`- ${c.message.replace(/\|/g, "\\|")} \`${c.rule}\`${c.accepted ? " _(accepted)_" : ""}`);
    lines.push("");
  }
  lines.push(`**Version:** ${verdict(d)}`);
  return `${lines.join("\n")}\n`;
}
