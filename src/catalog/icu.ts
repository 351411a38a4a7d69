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

/** What a message's arguments are: their names in order, and a sample value of each kind. */
interface Arguments {
  readonly names: string[];
  readonly samples: Record<string, string | number | Date>;
}

function argumentsOf(elements: readonly MessageFormatElement[], into: Arguments): Arguments {
  for (const e of elements) {
    if (e.type === TYPE.literal || e.type === TYPE.pound) continue;
    if (e.type === TYPE.tag) {
      argumentsOf(e.children, into);
      continue;
    }
    if (!into.names.includes(e.value)) into.names.push(e.value);
    into.samples[e.value] =
      e.type === TYPE.date || e.type === TYPE.time
        ? new Date(0)
        : e.type === TYPE.number || e.type === TYPE.plural
          ? 1
          : e.type === TYPE.select
            ? "other"
            : "x";
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      // Options without a prototype: a value such as `constructor` or `__proto__` names no
      // option and takes `other`, as ICU says, instead of an inherited property that breaks the message.
      e.options = Object.assign(Object.create(null) as typeof e.options, e.options);
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
  let compiled: IntlMessageFormat;
  const args = argumentsOf(ast, { names: [], samples: {} });
  try {
    compiled = new IntlMessageFormat(ast, locale);
    // A message that parses may still never render (a number skeleton with an unknown currency).
    compiled.format(args.samples);
  } catch (error) {
    return { problem: `ICU message cannot be rendered: ${(error as Error).message}` };
  }
  return {
    source,
    parts: [source],
    params: args.names,
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
