/**
 * Message templates: `Required field missing: {field}`. `{{` and `}}` stand for
 * literal braces. Parsing happens once per catalog; rendering is a concatenation.
 */
import type { Template } from "./model.js";

const PARAM = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parse a template; on malformed input returns the reason instead. */
export function parseTemplate(source: string): Template | { readonly problem: string } {
  const parts: string[] = [];
  const params: string[] = [];
  let literal = "";
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === "{" && source[i + 1] === "{") {
      literal += "{";
      i += 2;
    } else if (ch === "}" && source[i + 1] === "}") {
      literal += "}";
      i += 2;
    } else if (ch === "{") {
      const end = source.indexOf("}", i);
      const name = end === -1 ? "" : source.slice(i + 1, end);
      if (!PARAM.test(name)) {
        return {
          problem: `malformed placeholder at character ${i + 1}: use {name}, or {{ for a literal brace`,
        };
      }
      parts.push(literal, name);
      if (!params.includes(name)) params.push(name);
      literal = "";
      i = end + 1;
    } else if (ch === "}") {
      return { problem: `unmatched "}" at character ${i + 1}: use }} for a literal brace` };
    } else {
      literal += ch;
      i += 1;
    }
  }
  parts.push(literal);
  return { source, parts, params };
}

function show(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Render a template with values. A parameter with no value shows as the placeholder
 * `<name>`, as the docs show one, so that an omission is seen instead of vanishing;
 * `onMissing` hears of it.
 */
export function renderTemplate(
  template: Template,
  values: Readonly<Record<string, unknown>> | undefined,
  onMissing?: (name: string) => void,
): string {
  if (template.format) return template.format(values ?? {});
  const { parts } = template;
  if (parts.length === 1) return parts[0] as string;
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    const value = values?.[name];
    if (value === undefined || value === null) {
      out += `<${name}>`;
      onMissing?.(name);
    } else out += show(value);
    out += parts[i + 1] as string;
  }
  return out;
}
