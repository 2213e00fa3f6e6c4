import { JOINING_RANGES } from "./joiningTypes.js";
import type { Glyph } from "./types.js";

export type JoiningType = "D" | "R" | "L" | "C" | "T" | "U";

const TRANSPARENT = /^(?:\p{Mn}|\p{Me}|\p{Cf})$/u;
const ZWNJ = 0x200c;

/** Unicode Joining_Type (ArabicShaping.txt; T for marks and format characters, else U). */
export function joiningType(codePoint: number): JoiningType {
  let lo = 0;
  let hi = JOINING_RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [first, last, type] = JOINING_RANGES[mid] as readonly [number, number, JoiningType];
    if (codePoint < first) hi = mid - 1;
    else if (codePoint > last) lo = mid + 1;
    else return type;
  }
  if (codePoint === ZWNJ) return "U";
  return TRANSPARENT.test(String.fromCodePoint(codePoint)) ? "T" : "U";
}

/** Where a tatweel may go: before text[at]. Priority 1 is the best place (alreq, §3.3.5). */
export interface KashidaPoint {
  at: number;
  priority: number;
}

const SEEN_SAD = new Set([0x633, 0x634, 0x635, 0x636]);
const HEH_DAL = new Set([0x647, 0x629, 0x62f, 0x630, 0x6c0, 0x6c1, 0x6c3, 0x6d5]);
const ALEF_TAH_LAM_KAF = new Set([
  0x627, 0x623, 0x625, 0x622, 0x671, 0x637, 0x638, 0x644, 0x643, 0x6a9, 0x6af,
]);
const BEH_LIKE = new Set([0x628, 0x62a, 0x62b, 0x646, 0x64a, 0x626, 0x67e, 0x6cc]);
const YEH_REH = new Set([0x64a, 0x649, 0x626, 0x6cc, 0x6d2, 0x631, 0x632, 0x698]);
const WAW_AIN_QAF_FEH = new Set([0x648, 0x624, 0x639, 0x63a, 0x642, 0x641, 0x6a4]);

const LAM = new Set([0x644, 0x6b5, 0x6b6, 0x6b7, 0x6b8]);
const ALEF = new Set([0x627, 0x622, 0x623, 0x625, 0x671, 0x672, 0x673, 0x675]);

const joinsForward = (t: JoiningType) => t === "D" || t === "C";
const joinsBackward = (t: JoiningType) => t === "D" || t === "R" || t === "C";

/**
 * Kashida points of one word, best first (ties: the later point first), after the rules of
 * the W3C Arabic Layout Requirements: only between a letter that joins forward and one that
 * joins back, skipping marks, never across ZWNJ nor inside lam-alef:
 * 1 after an initial or medial seen or sad; 2 before a final heh, teh marbuta or dal;
 * 3 before a final alef, tah, lam or kaf; 4 before a medial beh-like letter followed by a
 * final yeh or reh; 5 before a final waw, ain, qaf or feh; 6 before any other final letter.
 * Whether the font's shaping survives the insertion is for the shaper to say.
 */
export function kashidaPoints(text: string): KashidaPoint[] {
  const letters: { at: number; cp: number; type: JoiningType }[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) as number;
    const type = joiningType(cp);
    if (type !== "T") letters.push({ at: i, cp, type });
    i += cp > 0xffff ? 2 : 1;
  }
  const isFinal = (k: number) => {
    const b = letters[k];
    const c = letters[k + 1];
    return !!b && (b.type === "R" || !c || !joinsBackward(c.type));
  };
  const points: KashidaPoint[] = [];
  for (let k = 1; k < letters.length; k++) {
    const a = letters[k - 1];
    const b = letters[k];
    if (!a || !b || !joinsForward(a.type) || !joinsBackward(b.type)) continue;
    if (LAM.has(a.cp) && ALEF.has(b.cp)) continue; // inside lam-alef
    // The name of God (الله, لله) is never elongated: its lam-lam-heh is one ligature.
    if (b.cp === 0x647 && LAM.has(a.cp) && LAM.has(letters[k - 2]?.cp ?? 0)) continue;
    let priority = 0;
    if (SEEN_SAD.has(a.cp)) priority = 1;
    else if (isFinal(k) && HEH_DAL.has(b.cp)) priority = 2;
    else if (isFinal(k) && ALEF_TAH_LAM_KAF.has(b.cp)) priority = 3;
    else if (
      !isFinal(k) &&
      BEH_LIKE.has(b.cp) &&
      YEH_REH.has(letters[k + 1]?.cp ?? 0) &&
      isFinal(k + 1)
    )
      priority = 4;
    else if (isFinal(k) && WAW_AIN_QAF_FEH.has(b.cp)) priority = 5;
    else if (isFinal(k)) priority = 6;
    if (priority > 0) points.push({ at: b.at, priority });
  }
  return points.sort((p, q) => p.priority - q.priority || q.at - p.at);
}

const TATWEEL = "\u0640";
/** HarfBuzz's glyph flag: no contextual lookup spans this cluster's start. */
const SAFE_TO_INSERT_TATWEEL = 4;

/**
 * How much wider, in em, a word may come out when a tatweel undoes one of the font's
 * ligatures or contextual forms (Amiri's في, على, سم): the tatweel must first make up that
 * much before it shows. In Amiri, 316 of the examples' 1,701 words have no point that keeps
 * the forms; undone, 206 of them grow by at most 0.05 em, 252 by 0.1 and 293 by 0.2.
 */
const MAX_REFORM_GROWTH = 0.2;
/** elongate's passes over a word's points: [only those flagged safe, forms may be undone]. */
const PASSES = [
  [true, false],
  [false, false],
  [false, true],
] as const;
/** A word takes a second kashida only when it has at least this many letters. */
const SECOND_KASHIDA_LETTERS = 5;

/** A word shaped with tatweels at one or two of its kashida points, ready to be stretched. */
export interface Elongation {
  /** Where the tatweels go (offsets in the word's own text), best first. */
  points: readonly KashidaPoint[];
  /** Of the best point: what justification ranks words by. */
  priority: number;
  /**
   * The word's glyphs (visual order) with the tatweels in place; each tatweel has `kashida`
   * set and no advance yet. Clusters index the word's own text: a tatweel is never part of it.
   */
  glyphs: readonly Glyph[];
  /**
   * What the tatweels' advances add up to (font units) when the word is exactly as wide as
   * unstretched: 0 where they leave every other glyph as it was. Where they undo a ligature
   * or a contextual form it is the width the word lost (positive) or gained (negative: the
   * word must stretch at least that much before it can take the kashida).
   */
  rest: number;
  /** The tatweels undo a ligature or contextual form: such words are elongated last. */
  reforms: boolean;
  /**
   * A long word's second kashida, for lines that need more than one per word. Few do, so it
   * is shaped on first use; `shape` returns undefined when no second point survives shaping.
   */
  second?: SecondKashida;
}

export interface SecondKashida {
  shape(): Elongation | undefined;
}

const advanceOf = (glyphs: readonly Glyph[]) => glyphs.reduce((sum, g) => sum + g.xAdvance, 0);

/** Letters (not marks) of a word, with their offsets. */
function letterOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) as number;
    if (joiningType(cp) !== "T") offsets.push(i);
    i += cp > 0xffff ? 2 : 1;
  }
  return offsets;
}

/**
 * Shapes the word with a tatweel before each of `at` (ascending) and checks it: each tatweel
 * is one glyph with an advance of its own (a joining one: Amiri's bare U+0640 has none), and
 * the other glyphs are the reference ones, or, when `reform` allows, any whose width stays
 * within MAX_REFORM_GROWTH of the reference's (its tatweels, if any, left aside).
 */
function withTatweels(
  text: string,
  at: readonly number[],
  reference: readonly Glyph[],
  shapeWith: (text: string) => readonly Glyph[],
  unitsPerEm: number,
  reform: boolean,
): { glyphs: Glyph[]; rest: number; reforms: boolean } | undefined {
  let inserted = "";
  let from = 0;
  for (const a of at) {
    inserted += text.slice(from, a) + TATWEEL;
    from = a;
  }
  inserted += text.slice(from);
  // Offset of the k-th tatweel in the shaped text, and of a word offset once shifted.
  const tatweelAt = at.map((a, k) => a + k);
  const shift = (cluster: number) => cluster - tatweelAt.filter((t) => t < cluster).length;
  const shaped = shapeWith(inserted);
  const tatweels = shaped.filter((g) => tatweelAt.includes(g.cluster));
  if (tatweels.length !== at.length || tatweels.some((g) => g.xAdvance <= 0)) return undefined;
  const others = shaped.filter((g) => !tatweelAt.includes(g.cluster));
  const letters = reference.filter((g) => !g.kashida);
  const unchanged =
    others.length === letters.length &&
    others.every((g, i) => g.id === letters[i]?.id && g.xAdvance === letters[i]?.xAdvance);
  const rest = advanceOf(letters) - advanceOf(others);
  if (!unchanged && (!reform || -rest > MAX_REFORM_GROWTH * unitsPerEm)) return undefined;
  return {
    glyphs: shaped.map((g) =>
      tatweelAt.includes(g.cluster)
        ? { ...g, cluster: shift(g.cluster), xAdvance: 0, kashida: { advance: g.xAdvance } }
        : { ...g, cluster: shift(g.cluster) },
    ),
    rest: unchanged ? 0 : rest,
    reforms: !unchanged,
  };
}

/**
 * Finds where a word can take a kashida: the best point (kashidaPoints) where the tatweel
 * keeps every other glyph as it was, so stretching never touches a join or a ligature; failing
 * that, the best point where it undoes a ligature or contextual form of the font at little
 * cost in width. Each point is shaped with its tatweel to tell, those HarfBuzz flags safe to
 * insert a tatweel first: the flag is cleared around any contextual lookup, also where the
 * glyphs come out the same, so the others are tried too. A long word also gets a second
 * point, apart from the first, for very loose lines.
 */
export function elongate(
  text: string,
  glyphs: readonly Glyph[],
  shapeWith: (text: string) => readonly Glyph[],
  unitsPerEm = 1000,
): Elongation | undefined {
  const points = kashidaPoints(text);
  const safe = (at: number) =>
    ((glyphs.find((g) => g.cluster === at)?.flags ?? 0) & SAFE_TO_INSERT_TATWEEL) !== 0;
  // Points HarfBuzz flags safe first, as they mostly keep the glyphs (one shaping for most
  // words); then any that keeps them; then any that undoes a form. The shaper's cache makes
  // the last pass's shapings free.
  for (const [onlySafe, reform] of PASSES) {
    for (const point of points) {
      if (onlySafe && !safe(point.at)) continue;
      const one = withTatweels(text, [point.at], glyphs, shapeWith, unitsPerEm, reform);
      if (!one) continue;
      const elongation: Elongation = { points: [point], priority: point.priority, ...one };
      const second = secondKashida(text, point, points, elongation, shapeWith, unitsPerEm);
      if (second) elongation.second = second;
      return elongation;
    }
  }
  return undefined;
}

/**
 * A second point for a long word: the best of the others that is not next to the first (two
 * tatweels side by side read as one long one), checked against the one-kashida shaping when
 * first asked for. None for a word shorter than SECOND_KASHIDA_LETTERS or with no such point.
 */
function secondKashida(
  text: string,
  first: KashidaPoint,
  points: readonly KashidaPoint[],
  one: Elongation,
  shapeWith: (text: string) => readonly Glyph[],
  unitsPerEm: number,
): SecondKashida | undefined {
  const letters = letterOffsets(text);
  if (letters.length < SECOND_KASHIDA_LETTERS) return undefined;
  const letterIndex = (at: number) => letters.indexOf(at);
  const apart = points.filter((p) => Math.abs(letterIndex(p.at) - letterIndex(first.at)) >= 2);
  if (apart.length === 0) return undefined;
  let shaped: Elongation | null | undefined;
  return {
    shape() {
      if (shaped !== undefined) return shaped ?? undefined;
      shaped = null;
      for (const point of apart) {
        const at = [first.at, point.at].sort((a, b) => a - b);
        const two = withTatweels(text, at, one.glyphs, shapeWith, unitsPerEm, true);
        if (!two) continue;
        shaped = {
          points: [first, point],
          priority: first.priority,
          glyphs: two.glyphs,
          rest: one.rest + two.rest,
          reforms: one.reforms || two.reforms,
        };
        break;
      }
      return shaped ?? undefined;
    },
  };
}
