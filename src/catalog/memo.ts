/**
 * A bounded memo of a pure function of a string: what callers send (language tags,
 * Accept and Accept-Language headers) repeats, but may also be anything. Keys longer
 * than `keyLength` are computed and not kept, and a full memo is emptied, so no input
 * can grow it.
 */
export function boundedMemo<V>(
  compute: (key: string) => V,
  { entries = 512, keyLength = 128 }: { readonly entries?: number; readonly keyLength?: number } = {},
): (key: string) => V {
  const kept = new Map<string, V>();
  return (key) => {
    const known = kept.get(key);
    if (known !== undefined || kept.has(key)) return known as V;
    const value = compute(key);
    if (key.length <= keyLength) {
      if (kept.size >= entries) kept.clear();
      kept.set(key, value);
    }
    return value;
  };
}
