/**
 * A cache of values per owner object (a font, a document's font) and key (a glyph id, a code
 * point), computed on first use. Owners are held weakly: a document's caches go with it.
 */
export function memoPer<Owner extends object, Key, Value>(
  compute: (owner: Owner, key: Key) => Value,
): (owner: Owner, key: Key) => Value {
  const owners = new WeakMap<Owner, Map<Key, Value>>();
  return (owner, key) => {
    let known = owners.get(owner);
    if (!known) {
      known = new Map();
      owners.set(owner, known);
    }
    const hit = known.get(key);
    if (hit !== undefined || known.has(key)) return hit as Value;
    const value = compute(owner, key);
    known.set(key, value);
    return value;
  };
}
