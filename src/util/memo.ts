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

/** Marks a code point not yet looked at in `memoCodePoint`'s table. */
const UNKNOWN = 255;

/**
 * A per-code-point value (0 to 254) worked out once per process: a table for the BMP, a map
 * beyond it. Text stages ask about every character of every paragraph, and the answers come
 * from regular expressions or library calls that cost far more than a table lookup.
 */
export function memoCodePoint(
  compute: (codePoint: number) => number,
): (codePoint: number) => number {
  const bmp = new Uint8Array(0x10000).fill(UNKNOWN);
  const astral = new Map<number, number>();
  return (codePoint) => {
    if (codePoint < 0x10000) {
      let value = bmp[codePoint] as number;
      if (value === UNKNOWN) {
        value = compute(codePoint);
        bmp[codePoint] = value;
      }
      return value;
    }
    let value = astral.get(codePoint);
    if (value === undefined) {
      value = compute(codePoint);
      astral.set(codePoint, value);
    }
    return value;
  };
}

/** `memoCodePoint` for a yes-or-no question. */
export function memoCodePointTest(
  test: (codePoint: number) => boolean,
): (codePoint: number) => boolean {
  const answer = memoCodePoint((codePoint) => (test(codePoint) ? 1 : 0));
  return (codePoint) => answer(codePoint) === 1;
}
