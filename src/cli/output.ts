/** Terminal output: colour only on a TTY, never with NO_COLOR or TERM=dumb (FORCE_COLOR forces it). */
import { styleText } from "node:util";

type Format = Parameters<typeof styleText>[0];

export interface Output {
  readonly color: boolean;
  style(format: Format, text: string): string;
}

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

export function createOutput(stream: { isTTY?: boolean }): Output {
  const color = colorEnabled(stream);
  return {
    color,
    style: (format, text) => (color ? styleText(format, text, { validateStream: false }) : text),
  };
}
