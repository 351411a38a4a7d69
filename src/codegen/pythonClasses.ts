/**
 * The Python target's class names: the catalog's base class, one class per kind and
 * one per error, each kept clear of Python's built-in exceptions (so `import *`
 * hides none), and subclassing an OSError built-in where its name stands for one.
 */
import type { Catalog } from "../catalog/model.js";
import { pascalCase } from "../catalog/names.js";
import { KIND_CLASSES } from "../runtime/classes.js";

/**
 * Built-ins of the OSError family: a generated class named like one takes the
 * catalog's prefix and subclasses the built-in too, so `except ConnectionRefusedError`
 * (STT's example) still catches it. Other built-ins take arguments errata's classes
 * do not, and are not subclassed.
 */
const OS_ERRORS = new Set([
  "BlockingIOError",
  "BrokenPipeError",
  "ChildProcessError",
  "ConnectionAbortedError",
  "ConnectionError",
  "ConnectionRefusedError",
  "ConnectionResetError",
  "FileExistsError",
  "FileNotFoundError",
  "InterruptedError",
  "IsADirectoryError",
  "NotADirectoryError",
  "PermissionError",
  "ProcessLookupError",
  "TimeoutError",
]);

/** Every built-in exception name of Python 3, which no generated class may take. */
const PYTHON_BUILTIN_NAMES = new Set([
  "TimeoutError",
  "ConnectionError",
  "ArithmeticError",
  "AssertionError",
  "AttributeError",
  "BaseException",
  "BlockingIOError",
  "BrokenPipeError",
  "BufferError",
  "ChildProcessError",
  "ConnectionAbortedError",
  "ConnectionRefusedError",
  "ConnectionResetError",
  "EOFError",
  "EnvironmentError",
  "Exception",
  "FileExistsError",
  "FileNotFoundError",
  "FloatingPointError",
  "GeneratorExit",
  "IOError",
  "ImportError",
  "IndentationError",
  "IndexError",
  "InterruptedError",
  "IsADirectoryError",
  "KeyError",
  "KeyboardInterrupt",
  "LookupError",
  "MemoryError",
  "ModuleNotFoundError",
  "NameError",
  "NotADirectoryError",
  "NotImplementedError",
  "OSError",
  "OverflowError",
  "PermissionError",
  "ProcessLookupError",
  "RecursionError",
  "ReferenceError",
  "RuntimeError",
  "StopAsyncIteration",
  "StopIteration",
  "SyntaxError",
  "SystemError",
  "SystemExit",
  "TabError",
  "TypeError",
  "UnboundLocalError",
  "UnicodeDecodeError",
  "UnicodeEncodeError",
  "UnicodeError",
  "UnicodeTranslateError",
  "ValueError",
  "ZeroDivisionError",
]);

/** The base class of a catalog's errors: its SDK's name, else the catalog's name + Error (GitclawError). */
export function pythonBaseClass(catalog: Catalog): string {
  return catalog.sdk?.errorClass ?? `${pascalCase(catalog.name)}Error`;
}

/**
 * The Python class of each kind: the catalog's SDK name for it (GitClaw's transport
 * errors are NetworkError), else errata runtime's name; a name that is one of
 * Python's built-ins (TimeoutError, ConnectionError) gets the catalog's prefix
 * (GitclawTimeoutError), so that `import *` hides nothing.
 */
export function pythonKindClasses(catalog: Catalog): readonly (readonly [string, string])[] {
  const prefix = pascalCase(catalog.name);
  return Object.entries(KIND_CLASSES).map(([kind, cls]) => {
    const name = catalog.sdk?.classes?.[kind] ?? cls.name;
    return [kind, PYTHON_BUILTIN_NAMES.has(name) ? `${prefix}${name}` : name] as const;
  });
}

/**
 * A class of each error's own, subclassing its kind's (STT's ConnectionTimeoutError):
 * the error's name in PascalCase, ending in Error; named like an OSError built-in, it
 * takes the catalog's prefix (SttConnectionRefusedError). Left out where the name is
 * taken (a kind's class, the base, another built-in, another error's): the error
 * then raises its kind's class.
 */
export function pythonErrorClasses(catalog: Catalog): ReadonlyMap<string, string> {
  const prefix = pascalCase(catalog.name);
  const taken = new Set([pythonBaseClass(catalog), ...pythonKindClasses(catalog).map(([, cls]) => cls)]);
  const counts = new Map<string, number>();
  const named = catalog.errors
    .filter((e) => e.kind !== "outcome")
    .map((e) => {
      const pascal = pascalCase(e.name);
      const plain = pascal.endsWith("Error") ? pascal : `${pascal}Error`;
      const cls = OS_ERRORS.has(plain) ? `${prefix}${plain}` : plain;
      counts.set(cls, (counts.get(cls) ?? 0) + 1);
      return [e.name, cls] as const;
    });
  return new Map(named.filter(([, cls]) => !taken.has(cls) && !PYTHON_BUILTIN_NAMES.has(cls) && counts.get(cls) === 1));
}

/** The OSError built-in a generated class stands for, when its name is the catalog's prefix before one. */
export function builtinBase(catalog: Catalog, cls: string): string | undefined {
  const prefix = pascalCase(catalog.name);
  const rest = cls.startsWith(prefix) ? cls.slice(prefix.length) : "";
  return OS_ERRORS.has(rest) ? rest : undefined;
}
