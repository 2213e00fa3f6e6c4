/**
 * The bidi stage (UAX #9): resolved levels per paragraph, line levels (L1), visual order (L2)
 * and glyph mirroring (L4). Levels come from bidi-js; everything after them is ours, because
 * the layout reorders runs of shaped text, not characters, and bidi-js only reorders strings.
 *
 * All offsets are UTF-16 code-unit offsets into the paragraph text, like the rest of the text
 * pipeline; the two code units of a surrogate pair always get the same level.
 */
import bidiFactory, { type Bidi, type BidiCharTypeName } from "bidi-js";

/**
 * bidi-js is a CommonJS package whose typings say `export default`, so under NodeNext TypeScript
 * types the default import as the module object, while Node (and Vite) hand over the factory
 * itself. Accept both rather than cast, so a change on either side still works.
 */
const createBidi: () => Bidi =
  typeof bidiFactory === "function" ? bidiFactory : bidiFactory.default;

/** bidi-js parses its Unicode tables lazily inside the object, so one per module keeps that cost single. */
const bidi = createBidi();

/** Resolved embedding levels of one paragraph, before any line is cut from it. */
export interface ParagraphLevels {
  /** One level per UTF-16 code unit of the paragraph text; odd means right-to-left. */
  levels: Uint8Array;
  /** 0 for a left-to-right paragraph, 1 for right-to-left. */
  paragraphLevel: number;
}

/**
 * Characters rule X9 removes. They keep a level here (rule 5.2 "retaining BNs and explicit
 * formatting characters") so offsets stay aligned with the text, but nothing may depend on it.
 */
const REMOVED_BY_X9: ReadonlySet<BidiCharTypeName> = new Set([
  "BN",
  "LRE",
  "RLE",
  "LRO",
  "RLO",
  "PDF",
]);

/** Rule L1 resets these when they trail a line or precede a segment/paragraph separator. */
const TRAILING: ReadonlySet<BidiCharTypeName> = new Set(["WS", "LRI", "RLI", "FSI", "PDI"]);

/**
 * A BMP character of each bidi class that is neither a bracket nor mirrored, so that swapping it
 * in for an astral character changes nothing but the class lookup (see {@link withBmpStandIns}).
 */
const STAND_IN: Readonly<Record<BidiCharTypeName, string>> = {
  L: "A",
  R: "\u05d0",
  AL: "\u0627",
  EN: "0",
  ES: "+",
  ET: "#",
  AN: "\u0660",
  CS: ",",
  B: "\u2029",
  S: "\t",
  WS: " ",
  ON: "!",
  BN: "\u200b",
  NSM: "\u0300",
  LRO: "\u202d",
  RLO: "\u202e",
  LRE: "\u202a",
  RLE: "\u202b",
  PDF: "\u202c",
  LRI: "\u2066",
  RLI: "\u2067",
  FSI: "\u2068",
  PDI: "\u2069",
};

const SURROGATE = /[\ud800-\udfff]/;

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Whether text[i] is the low half of a well-formed surrogate pair. */
function isLowOfPair(text: string, i: number): boolean {
  return i > 0 && isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1));
}

/** The bidi class of the code point that the code unit text[i] belongs to. */
function classAt(text: string, i: number): BidiCharTypeName {
  const at = isLowOfPair(text, i) ? i - 1 : i;
  const cp = text.codePointAt(at) ?? 0;
  return bidi.getBidiCharTypeName(String.fromCodePoint(cp));
}

/**
 * bidi-js classifies code units, not code points, so every astral character (emoji are ON,
 * Adlam and Hanifi Rohingya are R, Arabic mathematical letters AL) would come out as L. Each
 * pair is replaced by a BMP stand-in of its class followed by a BN, which X9 removes, so the
 * string keeps its length and the algorithm sees exactly one character of the right class.
 */
function withBmpStandIns(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHigh(unit) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      out += `${STAND_IN[classAt(text, i)]}\u200b`;
      i++;
    } else {
      out += text[i];
    }
  }
  return out;
}

/**
 * Arabic letters (AL) and marks (NSM), white space, and punctuation that is neutral or a
 * separator (ON, CS, ES, ET), with no digits, no left-to-right letters and no controls: in a
 * right-to-left paragraph all of it resolves to level 1 (with no numbers W4–W6 leave the
 * separators neutral, and N1/N2 give every neutral run the R direction, which surrounds it or
 * is the paragraph's own). Most paragraphs of an Arabic article are this, and skip the full
 * algorithm.
 */
const PLAIN_ARABIC =
  /^[\u0606-\u065f\u066a\u066d-\u06dc\u06de-\u06ef\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc !"#%'()*,\-./:;?[\]\u00a0\u00ab\u00bb\u2013\u2014\u2018\u2019\u201c\u201d\u2026]*$/;

/**
 * Rules P2/P3 and X1–I2 for one paragraph. With "auto" the level comes from the first strong
 * character (skipping isolates); if the text holds paragraph separators (a forced line break
 * kept inside a paragraph), every part is resolved at that same level so that one
 * `paragraphLevel` describes the whole text, as the line-layout code expects.
 */
export function resolveLevels(text: string, direction: "ltr" | "rtl" | "auto"): ParagraphLevels {
  if (direction === "rtl" && PLAIN_ARABIC.test(text)) {
    return { levels: new Uint8Array(text.length).fill(1), paragraphLevel: 1 };
  }
  const hasAstral = SURROGATE.test(text);
  const input = hasAstral ? withBmpStandIns(text) : text;
  let result = bidi.getEmbeddingLevels(input, direction);
  const paragraphLevel = result.paragraphs[0]?.level ?? (direction === "rtl" ? 1 : 0);
  if (direction === "auto" && result.paragraphs.some((p) => p.level !== paragraphLevel)) {
    result = bidi.getEmbeddingLevels(input, paragraphLevel === 1 ? "rtl" : "ltr");
  }
  const levels = result.levels;
  if (hasAstral) {
    for (let i = 1; i < text.length; i++) {
      if (isLowOfPair(text, i)) levels[i] = levels[i - 1] ?? paragraphLevel;
    }
  }
  return { levels, paragraphLevel };
}

/**
 * Rule L1 for the line text[start, end): levels depend on where the line ends, so they are
 * recomputed per line from the paragraph levels rather than stored. Separators, and white
 * space or isolate controls that trail the line or precede a separator, go back to the
 * paragraph level so they sit at the paragraph's edge instead of inside reversed runs.
 * Characters removed by X9 inside such a sequence are treated as part of it.
 *
 * The result is indexed from `start` (result[0] is the level of text[start]).
 */
export function lineLevels(
  text: string,
  para: ParagraphLevels,
  start: number,
  end: number,
): Uint8Array {
  if (!(0 <= start && start <= end && end <= text.length && end <= para.levels.length)) {
    throw new RangeError(`line [${start}, ${end}) is outside the paragraph (${text.length})`);
  }
  const base = para.paragraphLevel;
  const out = para.levels.slice(start, end);
  let resetting = true; // at the line end, or just before a separator
  for (let i = end - 1; i >= start; i--) {
    const type = classAt(text, i);
    if (type === "S" || type === "B") {
      out[i - start] = base;
      resetting = true;
    } else if (TRAILING.has(type) || REMOVED_BY_X9.has(type)) {
      if (resetting) out[i - start] = base;
    } else {
      resetting = false;
    }
  }
  return out;
}

/**
 * Rule L2 on any items (characters, or whole runs of shaped text): from the highest level
 * down to the lowest odd level, reverse every maximal stretch at that level or higher. It looks
 * only at levels so the layout can reorder runs without going back to the text.
 *
 * Returns logical indices in visual (left-to-right) order.
 */
export function visualOrder(levels: ArrayLike<number>): number[] {
  const n = levels.length;
  const order: number[] = [];
  let highest = 0;
  let lowest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const level = levels[i] ?? 0;
    order.push(i);
    if (level > highest) highest = level;
    if (level < lowest) lowest = level;
  }
  if (n === 0) return order;
  const lowestOdd = lowest | 1;
  // The levels travel with their items, so current[k] is always the level of order[k].
  const current = Array.from({ length: n }, (_, i) => levels[i] ?? 0);
  for (let level = highest; level >= lowestOdd; level--) {
    let i = 0;
    while (i < n) {
      if ((current[i] ?? 0) < level) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < n && (current[j + 1] ?? 0) >= level) j++;
      reverse(order, i, j);
      reverse(current, i, j);
      i = j + 1;
    }
  }
  return order;
}

function reverse(a: number[], from: number, to: number): void {
  for (let i = from, j = to; i < j; i++, j--) {
    const t = a[i] as number;
    a[i] = a[j] as number;
    a[j] = t;
  }
}

/**
 * Rule L4 for text[start, end): right-to-left characters with a Bidi_Mirrored_Glyph are
 * swapped for it, so "(" in Arabic reads as an opening parenthesis on the right. Fonts may do
 * this themselves via the rtlm feature, but not all do, so the swap happens before shaping.
 *
 * `levels` is indexed like `text` (e.g. {@link ParagraphLevels.levels}); L1 never changes the
 * level of a mirrored character, so paragraph levels and line levels give the same result.
 */
export function mirroredText(text: string, levels: Uint8Array, start: number, end: number): string {
  if (end <= start) return "";
  // bidi-js takes an inclusive end.
  const mirrors = bidi.getMirroredCharactersMap(text, levels, start, end - 1);
  if (mirrors.size === 0) return text.slice(start, end);
  let out = "";
  for (let i = start; i < end; i++) out += mirrors.get(i) ?? text[i];
  return out;
}

/**
 * The whole paragraph laid out as one line (L1, L2, L4), as a string in left-to-right display
 * order: a way to see what the algorithm did, for tests and debugging. Surrogate pairs move as
 * one character; X9-removed controls are kept in place; combining marks are not re-ordered
 * after their bases (L3 is left to the shaper).
 */
export function visualString(text: string, direction: "ltr" | "rtl" | "auto"): string {
  const para = resolveLevels(text, direction);
  const line = lineLevels(text, para, 0, text.length);
  const mirrored = mirroredText(text, para.levels, 0, text.length);
  const starts: number[] = [];
  const itemLevels: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (isLowOfPair(text, i)) continue;
    starts.push(i);
    itemLevels.push(line[i] ?? para.paragraphLevel);
  }
  let out = "";
  for (const item of visualOrder(itemLevels)) {
    const from = starts[item] as number;
    const to = isLowOfPair(text, from + 1) ? from + 2 : from + 1;
    out += mirrored.slice(from, to);
  }
  return out;
}
