/**
 * The Python target: one module, standard library only, with an exception
 * hierarchy like a hand-written SDK's (`<Catalog>Error` → `AuthenticationError`,
 * `NotFoundError`, `RateLimitedError`, …) carrying code, message, details,
 * request_id and retry_after, the catalog's errors as data, and
 * `from_response(status, headers, body)`, which decodes the catalog's wire format
 * as errata/wire writes it (a binary frame too) and never raises. The module is
 * written in sections, in the order Python reads them.
 */

import { type Catalog, type Deprecation, TRANSLATION_FIELDS } from "../catalog/model.js";
import { STATUS_KINDS } from "../wire/resolve.js";
import { deprecationParts } from "./deprecation.js";
import { builtinBase, pythonBaseClass, pythonErrorClasses, pythonKindClasses } from "./pythonClasses.js";
import { DECODERS } from "./pythonDecoders.js";

export { pythonBaseClass, pythonErrorClasses, pythonKindClasses } from "./pythonClasses.js";

/** A Python literal of JSON data. */
function py(value: unknown, indent = ""): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${inner}${py(v, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${py(v, inner)},`).join("\n")}\n${indent}}`;
}

const PY_TYPES: Record<string, string> = { string: "str", integer: "int", number: "float", boolean: "bool" };

/**
 * `Extensions`, a TypedDict of the extension fields the catalog declares (functional
 * form, as a field may be named `x-level`), or nothing when `meta` is free-form.
 */
function pythonExtensions(catalog: Catalog): string {
  if (catalog.extensions.length === 0) return "";
  const fields = catalog.extensions.map((f) => {
    const scalar = f.enum
      ? `Literal[${f.enum.map((v) => JSON.stringify(v)).join(", ")}]`
      : f.type === "array"
        ? `List[${f.items ? PY_TYPES[f.items] : "Any"}]`
        : (PY_TYPES[f.type] ?? "Any");
    return `    ${JSON.stringify(f.name)}: ${scalar},`;
  });
  return `\n#: The extension fields the catalog declares (extensions:), on each error as \`meta\`.\nExtensions = TypedDict("Extensions", {\n${fields.join("\n")}\n}, total=False)\n`;
}

/** What every section of the module knows: the catalog and its class names. */
interface Module {
  readonly catalog: Catalog;
  readonly base: string;
  readonly kinds: readonly (readonly [string, string])[];
  readonly own: ReadonlyMap<string, string>;
  readonly requestIdAttribute: string;
}

/** Each error's text by locale, as the catalog writes it (templates unrendered). */
function translationData(catalog: Catalog): Record<string, unknown> {
  return Object.fromEntries(
    catalog.errors
      .filter((e) => Object.keys(e.translations).length > 0)
      .map((e) => [
        e.name,
        Object.fromEntries(
          Object.entries(e.translations).map(([locale, t]) => [
            locale,
            {
              ...(t.title !== undefined ? { title: t.title } : {}),
              ...(t.message !== undefined ? { message: t.message.source } : {}),
              ...(t.description !== undefined ? { description: t.description } : {}),
              ...(t.causes !== undefined ? { causes: t.causes } : {}),
              ...(t.solutions !== undefined ? { solutions: t.solutions } : {}),
            },
          ]),
        ),
      ]),
  );
}

/** Every error of the catalog as data, by name. */
function errorData(catalog: Catalog): Record<string, unknown> {
  return Object.fromEntries(
    catalog.errors.map((e) => [
      e.name,
      {
        name: e.name,
        code: e.code,
        status: e.status ?? null,
        exit_code: e.exitCode ?? null,
        kind: e.kind,
        retryable: e.retryable,
        retry: e.retry.policy,
        message: e.message.source,
        parts: e.message.parts,
        details: e.details.map((f) => f.name),
        docs: e.docsUrl ?? null,
        jsonrpc: e.jsonrpc?.code ?? null,
        meta: e.meta,
        title: e.title,
        description: e.description ?? null,
        causes: e.causes,
        // One per solution, so a translation lines up with it: its prose, or null for code alone.
        solutions: e.solutions.map((s) => s.text ?? s.title ?? null),
      },
    ]),
  );
}

/** The names `import *` gives. */
function exportedNames({ catalog, base, kinds, own }: Module): string[] {
  const exported = [base, ...kinds.map(([, cls]) => cls), ...own.values(), "CATALOG", "VERSION", "FORMAT", "ERRORS"];
  if (catalog.extensions.length > 0) exported.push("Extensions");
  exported.push(
    "LOCALES",
    "DEFAULT_LOCALE",
    "TRANSLATIONS",
    "translation",
    "error_class",
    "from_response",
    "from_tool_result",
  );
  return exported;
}

/** The docstring, imports, `__all__`, and the catalog as data. */
function dataSection(m: Module): string {
  const { catalog } = m;
  const exported = exportedNames(m);
  const errors = errorData(catalog);
  const translations = translationData(catalog);
  return `"""${catalog.title} errors.

Generated by errata from ${catalog.name} ${catalog.version}. Do not edit: change the
catalog and run \`errata codegen --target python\`. Standard library only.

    try:
        ...
    except RateLimitedError as error:
        time.sleep(error.retry_after or 1)

    error = from_response(response.status, response.headers, response.content)
"""

from __future__ import annotations

import json
import math
import re
import struct
${catalog.errors.some((e) => e.deprecated) ? "import warnings\n" : ""}from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Dict, List, Literal, Mapping, Optional, Type, TypedDict, Union

__all__ = [${exported.map((n) => JSON.stringify(n)).join(", ")}]

CATALOG = ${JSON.stringify(catalog.name)}
VERSION = ${JSON.stringify(catalog.version)}
FORMAT = ${JSON.stringify(catalog.format)}
${pythonExtensions(catalog)}
#: Every error of the catalog, by name.
ERRORS: Dict[str, Dict[str, Any]] = ${py(errors)}

#: The languages the catalog's text exists in, as BCP 47 tags; the first is the default.
LOCALES: List[str] = ${py(catalog.locales)}
DEFAULT_LOCALE = ${JSON.stringify(catalog.defaultLocale)}
#: Each error's text in the other languages: name → locale → title, message, description, causes, solutions.
TRANSLATIONS: Dict[str, Dict[str, Dict[str, Any]]] = ${py(translations)}
`;
}

/** `translation()`, the codes, and `_Code`. */
function translationSection(): string {
  return `

def translation(name: str, locale: str) -> Dict[str, Any]:
    """An error's text in a language (title, message, description, causes, solutions),
    each field from the nearest locale that has it: fr-CA, then fr, then the default.
    Messages are templates, as the catalog writes them."""
    entry = ERRORS.get(name) or _BY_CODE.get(name)
    if entry is None:
        raise KeyError(name)
    parts = locale.replace("_", "-").split("-")
    chain = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    by_locale = {k.lower(): v for k, v in TRANSLATIONS.get(entry["name"], {}).items()}
    text: Dict[str, Any] = {"locale": DEFAULT_LOCALE}
    for field in (${TRANSLATION_FIELDS.map((f) => JSON.stringify(f)).join(", ")}):
        for tag in chain:
            found = by_locale.get(tag.lower(), {})
            if field in found:
                text[field] = found[field]
                if text["locale"] == DEFAULT_LOCALE:
                    text["locale"] = next(k for k in TRANSLATIONS[entry["name"]] if k.lower() == tag.lower())
                break
        else:
            text[field] = entry[field]
    # A translated solution replaces the one at its place; the others stay as they are.
    own = entry["solutions"]
    text["solutions"] = [text["solutions"][i] if i < len(text["solutions"]) else s for i, s in enumerate(own)]
    return text

_BY_CODE: Dict[str, Dict[str, Any]] = {e["code"]: e for e in ERRORS.values()}
_RETRYABLE_STATUSES = (408, 429, 500, 502, 503, 504)


class _Code(str):
    """An error code: the catalog's string, which also formats as the number it
    spells where it spells one (STT's f"{e.code:#06x}")."""

    def __format__(self, spec: str) -> str:
        if spec and spec[-1] in "xXdobn":
            try:
                return format(int(self, 0), spec)
            except ValueError:
                pass
        return str.__format__(self, spec)
`;
}

/** The base exception class. */
function baseSection({ catalog, base, requestIdAttribute }: Module): string {
  return `

class ${base}(Exception):
    """An error of the ${catalog.title} API."""

    kind = "server"

    def __init__(
        self,
        code: str,
        message: str,
        *,
        name: Optional[str] = None,
        status: Optional[int] = None,
        details: Optional[Mapping[str, Any]] = None,
        request_id: Optional[str] = None,
        retry_after: Optional[float] = None,
        retryable: Optional[bool] = None,
        subcode: Optional[str] = None,
        reason: Optional[str] = None,
        localized: Optional[Mapping[str, str]] = None,
    ) -> None:
        super().__init__(message)
        entry = ERRORS.get(name or "") or _BY_CODE.get(code)
        self.code = _Code(code)
        self.name = name or (entry["name"] if entry else code)
        self.message = message
        self.status = status if status is not None else (entry["status"] if entry else 500)
        self.details: Dict[str, Any] = dict(details or {})
        self.request_id = request_id
        self.retry_after = retry_after
        if retryable is None:
            retryable = entry["retryable"] if entry else self.status in _RETRYABLE_STATUSES
        self.retryable = retryable
        self.subcode = subcode
        self.reason = reason
        #: The message in the language the server answered in ({"locale", "message"}), from
        #: Content-Language or Google's LocalizedMessage; the code, never the text, is the identity.
        self.localized: Optional[Dict[str, str]] = dict(localized) if localized else None
        self.docs: Optional[str] = entry["docs"] if entry else None
        #: The exit code a command-line tool ends with on this error, when the catalog gives one.
        self.exit_code: Optional[int] = entry["exit_code"] if entry else None
        #: The catalog's extension fields of this error (meta:), verbatim.
        self.meta: ${catalog.extensions.length > 0 ? "Extensions" : "Dict[str, Any]"} = dict(entry["meta"]) if entry else {}

    def __str__(self) -> str:
        # As an SDK's own exception reads: the status and code beside the message, so that
        # code which looks for "429" or a code in str(e) finds them.
        return f"{self.status} {self.code}: {self.message}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r}, status={self.status})"
${
  requestIdAttribute === "request_id"
    ? ""
    : `
    @property
    def ${requestIdAttribute}(self) -> Optional[str]:
        """The request id, by the name the API's SDK gives it."""
        return self.request_id
`
}`;
}

/** The kind classes, each error's own class, and the tables that find them. */
function classesSection({ catalog, base, kinds, own }: Module): string {
  const kindClass = new Map(kinds);
  return `

${kinds
  .map(([kind, cls]) => {
    const builtin = builtinBase(catalog, cls);
    return `class ${cls}(${base}${builtin ? `, ${builtin}` : ""}):\n    kind = ${JSON.stringify(kind)}\n`;
  })
  .join("\n\n")}

_KIND_CLASSES: Dict[str, Type[${base}]] = {
${kinds.map(([kind, cls]) => `    ${JSON.stringify(kind)}: ${cls},`).join("\n")}
}

${[...own]
  .map(([name, cls]) => {
    const def = catalog.errors.find((e) => e.name === name);
    const builtin = builtinBase(catalog, cls);
    const head = `class ${cls}(${kindClass.get(def?.kind ?? "server") ?? base}${builtin ? `, ${builtin}` : ""}):\n    """${name}."""\n`;
    return def?.deprecated ? `${head}${pythonDeprecation(name, def.deprecated)}` : head;
  })
  .join("\n\n")}
_ERROR_CLASSES: Dict[str, Type[${base}]] = {
${[...own].map(([name, cls]) => `    ${JSON.stringify(name)}: ${cls},`).join("\n")}
}

_STATUS_KINDS: Dict[int, str] = {${Object.entries(STATUS_KINDS)
    .map(([status, kind]) => `${status}: ${JSON.stringify(kind)}`)
    .join(", ")}}`;
}

/** A deprecated error's class warns when an instance is made (a DeprecationWarning, Python's own way). */
function pythonDeprecation(name: string, d: Deprecation): string {
  const parts = deprecationParts(d);
  const text = JSON.stringify(`${name} is deprecated${parts.length > 0 ? `: ${parts.join("; ")}` : ""}`);
  return `
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        warnings.warn(${text}, DeprecationWarning, stacklevel=2)
        super().__init__(*args, **kwargs)
`;
}

/** `error_class()`, the readers of JSON values and headers, and the format's `_decode`. */
function decodingSection({ catalog, base }: Module): string {
  return `


def error_class(name: str) -> Type[${base}]:
    """The exception class of an error name or code."""
    entry = ERRORS.get(name) or _BY_CODE.get(name)
    if entry is None:
        return ${base}
    return _ERROR_CLASSES.get(entry["name"]) or _KIND_CLASSES.get(entry["kind"], ${base})


def _str(v: Any) -> Optional[str]:
    return v if isinstance(v, str) else None


def _int(v: Any) -> Optional[int]:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _num(v: Any) -> Optional[float]:
    """A number of seconds: finite and not negative (JSON's 1e999 is inf in Python), else None."""
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return None
    f = float(v)
    if not math.isfinite(f) or f < 0:
        return None
    # A whole number of seconds is an int: "retry in 3600 seconds", not 3600.0.
    return int(f) if f.is_integer() else f


def _bool(v: Any) -> Optional[bool]:
    return v if isinstance(v, bool) else None


def _dict(v: Any) -> Optional[Dict[str, Any]]:
    return v if isinstance(v, dict) else None


def _header(headers: Mapping[str, str], name: str) -> Optional[str]:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def _retry_after(value: Optional[str]) -> Optional[float]:
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return _num(float(value))
    try:
        at = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return max(0, int((at - datetime.now(timezone.utc)).total_seconds() + 0.999))


def _by_template(jsonrpc_code: Optional[int], message: Optional[str]) -> Optional[Dict[str, Any]]:
    """An error sharing a JSON-RPC number with others, told apart by its message template."""
    candidates = [e for e in ERRORS.values() if e["jsonrpc"] == jsonrpc_code]
    for entry in sorted(candidates, key=lambda e: len(e["parts"]) == 1):
        parts = entry["parts"]
        pattern = "".join(re.escape(p) if i % 2 == 0 else "(.*?)" for i, p in enumerate(parts))
        if message is not None and re.fullmatch(pattern, message, re.S):
            return entry
    return None


${DECODERS[catalog.format]}`;
}

/** `from_response()` and `from_tool_result()`: the typed error of a failed response or MCP tool call, never raising. */
function fromResponseSection({ base }: Module): string {
  return `


def from_response(status: int, headers: Mapping[str, str], body: Union[bytes, str, Any]) -> ${base}:
    """The typed error a failed response stands for. Never raises: a body in no known
    shape still gives an error, HTTP_<status>, whose class follows the status."""
    fields: Dict[str, Any] = {}
    try:
        parsed = body
        if FORMAT != "binary":
            if isinstance(parsed, (bytes, bytearray)):
                parsed = bytes(parsed).decode("utf-8")
            if isinstance(parsed, str):
                parsed = json.loads(parsed)
        fields = _decode(parsed)
    except (ValueError, TypeError, KeyError, struct.error, RecursionError):
        fields = {}
    return _error_of(fields, status, headers)


def from_tool_result(result: Any) -> ${base}:
    """The typed error of a failed MCP tool call (\`isError\`): errata's structured error in
    the result's \`_meta["errata/error"]\`, a dict or an object with \`meta\`. Never raises."""
    meta = result.get("_meta") if isinstance(result, dict) else getattr(result, "meta", None)
    data = _dict(meta.get("errata/error")) if isinstance(meta, dict) else None
    fields: Dict[str, Any] = {}
    if data is not None:
        fields = {
            "code": _str(data.get("code")), "name": _str(data.get("name")), "message": _str(data.get("message")),
            "status": _int(data.get("status")), "details": _dict(data.get("details")),
            "retryable": _bool(data.get("retryable")), "retry_after": _num(data.get("retryAfter")),
            "subcode": _str(data.get("subcode")), "reason": _str(data.get("reason")),
            "request_id": _str(data.get("requestId")),
        }
    return _error_of(fields, 200, {})


def _error_of(fields: Dict[str, Any], status: int, headers: Mapping[str, str]) -> ${base}:
    entry = ERRORS.get(fields.get("name") or "") if fields.get("name") else None
    entry = entry or (_BY_CODE.get(fields["code"]) if fields.get("code") else None)
    if entry is None and "jsonrpc_code" in fields:
        entry = _by_template(fields["jsonrpc_code"], fields.get("message"))
    request_id = fields.get("request_id") or _header(headers, "x-request-id")
    localized = fields.get("localized")
    language = (_header(headers, "content-language") or "").split(",")[0].strip()
    if localized is None and language and fields.get("message") is not None:
        localized = {"locale": language, "message": fields["message"]}
    retry_after = fields.get("retry_after")
    if retry_after is None:
        retry_after = _retry_after(_header(headers, "retry-after"))
    if entry is not None:
        cls = _ERROR_CLASSES.get(entry["name"]) or _KIND_CLASSES.get(entry["kind"], ${base})
        code, name = entry["code"], entry["name"]
        message = fields.get("message") or entry["message"]
        error_status = fields.get("status") or entry["status"]
    else:
        kind = _STATUS_KINDS.get(status, "server" if status >= 500 else "validation")
        cls = _KIND_CLASSES.get(kind, ${base})
        name = fields.get("name") or fields.get("code") or "HTTP_%d" % status
        code = fields.get("code") or name
        message = fields.get("message") or "HTTP %d" % status
        error_status = fields.get("status") or status
    return cls(
        code,
        message,
        name=name,
        status=error_status,
        details=fields.get("details") or {},
        request_id=request_id,
        retry_after=retry_after,
        retryable=fields.get("retryable"),
        subcode=fields.get("subcode"),
        reason=fields.get("reason"),
        localized=localized,
    )
`;
}

/** The Python module of a catalog. */
export function pythonModule(catalog: Catalog): string {
  const m: Module = {
    catalog,
    base: pythonBaseClass(catalog),
    kinds: pythonKindClasses(catalog),
    own: pythonErrorClasses(catalog),
    requestIdAttribute: catalog.sdk?.requestIdAttribute ?? "request_id",
  };
  return [dataSection, translationSection, baseSection, classesSection, decodingSection, fromResponseSection]
    .map((section) => section(m))
    .join("");
}
