/**
 * ICU MessageFormat messages (`{count, plural, one {# key} other {# keys}}`), through
 * FormatJS: the parser checks them and names their arguments, and each message is
 * compiled once, when its catalog is built, for the language it is written in. Only
 * messages with a plural, select, number, date or time argument are ICU; a plain
 * `{field}` template keeps errata's own syntax (where an apostrophe is just text).
 */
import { type MessageFormatElement, parse, TYPE } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import type { Template } from "./model.js";

const ICU_ARGUMENT = /\{\s*[A-Za-z_][A-Za-z0-9_]*\s*,\s*(?:plural|select|selectordinal|number|date|time)\s*[,}]/;

/** True for a message that uses ICU arguments. */
export function isIcu(source: string): boolean {
  return ICU_ARGUMENT.test(source);
}

function argumentsOf(elements: readonly MessageFormatElement[], into: string[]): string[] {
  for (const e of elements) {
    if (e.type === TYPE.literal || e.type === TYPE.pound) continue;
    if (e.type === TYPE.tag) {
      argumentsOf(e.children, into);
      continue;
    }
    if (!into.includes(e.value)) into.push(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    }
  }
  return into;
}

/**
 * Parse an ICU message for a language: its arguments, and a renderer compiled once.
 * On a syntax error, the reason with the line and column inside the message.
 */
export function parseIcu(source: string, locale: string): Template | { readonly problem: string } {
  let ast: MessageFormatElement[];
  try {
    ast = parse(source, { captureLocation: true });
  } catch (error) {
    const where = (error as { location?: { start: { line: number; column: number } } }).location?.start;
    const kind = (error as Error).message;
    return {
      problem: `ICU syntax error${where ? ` at line ${where.line}, column ${where.column} of the message` : ""}: ${kind}`,
    };
  }
  const compiled = new IntlMessageFormat(ast, locale);
  const params = argumentsOf(ast, []);
  return {
    source,
    parts: [source],
    params,
    locale,
    format: (values) => {
      try {
        return String(compiled.format(values as Record<string, string | number | boolean | Date>));
      } catch {
        // A value missing or of the wrong kind: the message as written, so the omission shows.
        return source;
      }
    },
  };
}
