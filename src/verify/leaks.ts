/**
 * What must never reach a caller in an error body or header: a stack trace, a file
 * path of the server, SQL or a database's error text, a secret-looking token. Each
 * pattern is linear (no nested quantifiers) and runs on at most the first 256 KiB of a
 * text. A leak is reported by its kind and where it is, never by its value.
 */

interface LeakPattern {
  readonly leak: string;
  readonly pattern: RegExp;
}

const PATTERNS: readonly LeakPattern[] = [
  // V8 (`at fn (/app/x.js:1:2)`), Python, Java and .NET frames.
  {
    leak: "a stack trace",
    pattern: /\bat [^\n]{0,200}?\(?(?:file:\/\/)?(?:node:[\w/]+|[\w./\\@-]{1,300}\.[cm]?[jt]sx?):\d+:\d+/,
  },
  { leak: "a stack trace", pattern: /Traceback \(most recent call last\)|File "[^"\n]{1,400}", line \d+/ },
  { leak: "a stack trace", pattern: /\bat [\w$.]{1,300}\([\w$]{1,200}\.(?:java|kt|scala|cs):\d+\)/ },
  // Absolute paths of a server: Unix homes and app folders, node_modules, Windows drives.
  {
    leak: "a file path",
    pattern:
      /(?:^|[\s"'(=:])(?:\/(?:home|root|usr|var|opt|srv|etc|Users)\/[\w.-]{1,200}\/|[A-Za-z]:\\(?:Users|Windows|inetpub|Program Files|app)\\)|node_modules[\\/]/,
  },
  // SQL statements (upper-case keywords: prose says "select a plan from") and database errors.
  {
    leak: "SQL",
    pattern:
      /\b(?:SELECT\s[^;]{1,500}?\sFROM\s|INSERT\s+INTO\s|UPDATE\s+\S{1,100}\s+SET\s|DELETE\s+FROM\s)|syntax error at or near|SQLITE_[A-Z]{2,}|\bER_[A-Z_]{4,}\b|duplicate key value violates|ORA-\d{5}/,
  },
  // Tokens with a known shape.
  {
    leak: "a secret-looking token",
    pattern:
      /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[0-9A-Za-z]{30,}|\bxox[abposr]-[0-9A-Za-z-]{10,}|\beyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}|-----BEGIN (?:[A-Z ]{1,20} )?PRIVATE KEY-----|\bBearer\s+[\w.~+/-]{20,}=*/,
  },
];

/** How much of one text is searched. */
const MAX_SEARCHED = 256 * 1024;

/** The kinds of leak a text shows, each once. */
export function leaksIn(text: string): string[] {
  const searched = text.length > MAX_SEARCHED ? text.slice(0, MAX_SEARCHED) : text;
  const found: string[] = [];
  for (const { leak, pattern } of PATTERNS) if (!found.includes(leak) && pattern.test(searched)) found.push(leak);
  return found;
}

/** Response headers that carry a caller's own secrets by design, and are not searched for tokens. */
const OWN_SECRETS = new Set(["set-cookie"]);

/** Every leak of a response: in its body, and in each header but those that carry the caller's own secrets. */
export function responseLeaks(
  body: string | undefined,
  headers: Readonly<Record<string, string>> | undefined,
): { leak: string; where: string }[] {
  const out = (body ? leaksIn(body) : []).map((leak) => ({ leak, where: "the body" }));
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (OWN_SECRETS.has(name)) continue;
    for (const leak of leaksIn(value)) out.push({ leak, where: `the ${name} header` });
  }
  return out;
}
