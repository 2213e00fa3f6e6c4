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

/** HarfBuzz's glyph flag: a tatweel may go before this cluster without changing the shaping. */
const SAFE_TO_INSERT_TATWEEL = 4;
const TATWEEL = "\u0640";

/** A word shaped with a tatweel at its best kashida point, ready to be stretched. */
export interface Elongation {
  at: number;
  priority: number;
  /**
   * The word's glyphs (visual order) with the tatweel in place; the tatweel has `kashida` set
   * and no advance yet, so the word is exactly as wide as unstretched. Clusters index the
   * word's own text: the tatweel is never part of it.
   */
  glyphs: readonly Glyph[];
}

/**
 * Finds where a word can take a kashida: the best point (kashidaPoints) where HarfBuzz says a
 * tatweel is safe and where the shaping with the tatweel keeps every other glyph as it was,
 * so stretching it never breaks a join or a ligature.
 */
export function elongate(
  text: string,
  glyphs: readonly Glyph[],
  shapeWith: (text: string) => readonly Glyph[],
): Elongation | undefined {
  for (const { at, priority } of kashidaPoints(text)) {
    const before = glyphs.find((g) => g.cluster === at);
    if (!before || (before.flags & SAFE_TO_INSERT_TATWEEL) === 0) continue;
    const shaped = shapeWith(text.slice(0, at) + TATWEEL + text.slice(at));
    const tatweels = shaped.filter((g) => g.cluster === at);
    const tatweel = tatweels[0];
    if (tatweels.length !== 1 || !tatweel || tatweel.xAdvance <= 0) continue;
    const others = shaped.filter((g) => g !== tatweel);
    const unchanged =
      others.length === glyphs.length &&
      others.every((g, i) => g.id === glyphs[i]?.id && g.xAdvance === glyphs[i]?.xAdvance);
    if (!unchanged) continue;
    return {
      at,
      priority,
      glyphs: shaped.map((g) =>
        g === tatweel
          ? { ...g, xAdvance: 0, kashida: { advance: tatweel.xAdvance } }
          : { ...g, cluster: g.cluster > at ? g.cluster - 1 : g.cluster },
      ),
    };
  }
  return undefined;
}
