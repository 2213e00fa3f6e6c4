import { loadFont } from "../fonts/registry.js";
import { type PlacedPiece, placePiece, type SetLine } from "./finalize.js";
import { type Justification, type PieceStretch, pieceStretch } from "./stretch.js";
import type { Glyph } from "./types.js";

/** Where a line sits in its measure. RTL "start" is flush right. */
export type Alignment = "start" | "end" | "center" | "justify";

/** Re-places a line's pieces left to right, in its visual order, after widths changed. */
function replace(line: SetLine, pieces: PlacedPiece[]): SetLine {
  let x = 0;
  for (const i of line.visual) {
    const piece = pieces[i] as PlacedPiece;
    piece.x = x;
    x += piece.width;
  }
  return { ...line, pieces, width: x };
}

/**
 * The word stretched by `extra` pt: its first kashida alone, or, with `second` pt more, both,
 * drawn equal. The tatweels also make up the width a word's undone forms lost or gained.
 */
function elongated(piece: PlacedPiece, extra: number, second: number): PlacedPiece {
  const one = piece.elongation;
  // A second point that did not survive shaping leaves its share to the first.
  const elongation = (second > 0 && one?.second?.shape()) || one;
  if (!elongation || extra + second <= 0) return placePiece(piece, piece.x);
  const font = loadFont(piece.style.font);
  const total = ((extra + second) * font.unitsPerEm) / piece.style.size + elongation.rest;
  const each = total / elongation.points.length;
  const glyphs: Glyph[] = elongation.glyphs.map((g) => (g.kashida ? { ...g, xAdvance: each } : g));
  return placePiece(piece, piece.x, piece.width + extra + second, {
    glyphs,
    naturalWidth: piece.width,
    kashidaWidth: extra + second,
  });
}

/**
 * Shortest kashida (em) in a word whose forms it undoes: a ligature broken for a tatweel too
 * short to see would change the word and stretch nothing.
 */
const MIN_REFORMED_KASHIDA = 0.1;

/** Elongation rank: alreq's priority, and a word keeping the font's forms before one that not. */
const rankOf = (piece: PlacedPiece) =>
  piece.elongation ? piece.elongation.priority + (piece.elongation.reforms ? 6 : 0) : 0;

/**
 * Which words of a line take a kashida: the best-placed points first (alreq priority), at most
 * `limit`, and spread over the line rather than bunched at one end.
 */
function chooseKashidas(pieces: readonly PlacedPiece[], limit: number): Set<number> {
  const candidates = pieces.map((p, i) => ({ i, rank: rankOf(p) })).filter((c) => c.rank > 0);
  if (candidates.length <= limit) return new Set(candidates.map((c) => c.i));
  const chosen = new Set<number>();
  for (let rank = 1; rank <= 12 && chosen.size < limit; rank++) {
    const level = candidates.filter((c) => c.rank === rank);
    const room = limit - chosen.size;
    if (level.length <= room) {
      for (const c of level) chosen.add(c.i);
      continue;
    }
    for (let k = 0; k < room; k++) {
      const pick = level[Math.floor(((k + 0.5) * level.length) / room)];
      if (pick) chosen.add(pick.i);
    }
  }
  return chosen;
}

/** How a line's stretch is shared out: pt to first kashidas, second kashidas and spaces. */
interface Shares {
  kashida: number;
  second: number;
  spaces: number;
}

/**
 * Hybrid mode shares the stretch between word spaces and first kashidas in proportion to what
 * each can give, so neither carries it alone; kashida mode spends the kashidas first. Second
 * kashidas come in only once spaces and first kashidas are at their limits, and whatever no
 * kashida can take goes to the spaces.
 */
function share(
  extra: number,
  kashida: number,
  second: number,
  spaces: number,
  spaceCount: number,
  j: Justification,
): Shares {
  // With no space on the line, the kashidas must carry it all, if they can.
  if (spaceCount === 0) {
    const first = Math.min(extra, kashida);
    const more = Math.min(extra - first, second);
    return { kashida: first, second: more, spaces: extra - first - more };
  }
  const first =
    j.mode === "kashida"
      ? Math.min(extra, kashida)
      : kashida + spaces > 0
        ? Math.min(kashida, (extra * kashida) / (kashida + spaces))
        : 0;
  const beyond = Math.max(0, extra - first - (j.mode === "kashida" ? 0 : spaces));
  const more = kashida > 0 && first >= kashida - 1e-9 ? Math.min(second, beyond) : 0;
  return { kashida: first, second: more, spaces: extra - first - more };
}

/**
 * Fills a line to the measure exactly. Spaces shrink toward their minimum or stretch, with
 * kashidas as `share` says. A word whose undone forms are wider than its share of the
 * kashida stretch cannot take it: it is left as it is and the line shared out again.
 */
export function justifyLine(line: SetLine, measure: number, j: Justification): SetLine {
  const extra = measure - line.width;
  if (Math.abs(extra) < 1e-9 || j.mode === "none") return line;
  const source = line.pieces;
  const glue = source.map((p) => (p.kind === "glue" ? pieceStretch(p, j) : null));
  const pieces: PlacedPiece[] = new Array(source.length);
  if (extra < 0) {
    const shrink = glue.reduce((sum, g) => sum + (g?.shrink ?? 0), 0);
    if (shrink <= 0) return line;
    const ratio = Math.max(-1, extra / shrink);
    source.forEach((p, i) => {
      const g = glue[i];
      pieces[i] = g
        ? placePiece(p, p.x, p.width + ratio * g.shrink, { naturalWidth: p.width })
        : placePiece(p, p.x);
    });
    return replace(line, pieces);
  }
  const spaceTotal = glue.reduce((sum, g) => sum + (g?.stretch ?? 0), 0);
  const spaceCount = glue.filter(Boolean).length;
  const words = chooseKashidas(source, j.mode === "spacing" ? 0 : j.maxKashidasPerLine);
  const out = shareOut(source, words, extra, spaceTotal, spaceCount, j);
  source.forEach((p, i) => {
    const g = glue[i];
    const word = out.words.get(i);
    if (g) {
      const part = spaceTotal > 0 ? (out.spaces * g.stretch) / spaceTotal : out.spaces / spaceCount;
      pieces[i] = placePiece(p, p.x, p.width + part, { naturalWidth: p.width });
    } else if (word) pieces[i] = elongated(p, word.first, word.second);
    else pieces[i] = placePiece(p, p.x);
  });
  return replace(line, pieces);
}

/** What a word's kashidas are given, pt: the first, and the second where it has one. */
interface WordStretch {
  first: number;
  second: number;
}

/**
 * The least a word must be stretched to take its kashida (pt): what its undone forms gained,
 * and for those a kashida long enough to see.
 */
function leastStretch(piece: PlacedPiece, both: boolean): number {
  const one = piece.elongation;
  const e = (both && one?.second?.shape()) || one;
  if (!e) return 0;
  const units = loadFont(piece.style.font).unitsPerEm;
  const least = e.reforms ? MIN_REFORMED_KASHIDA * units - e.rest : -e.rest;
  return (Math.max(0, least) * piece.style.size) / units;
}

/**
 * Shares a line's stretch between its spaces and the kashidas of `words`, as `share` says. A
 * word whose share is less than its least stretch is set at that least where the line would
 * be loose without it (its spaces past their limit), and otherwise left as it is; the rest is
 * shared again.
 */
function shareOut(
  source: readonly PlacedPiece[],
  words: ReadonlySet<number>,
  extra: number,
  spaceTotal: number,
  spaceCount: number,
  j: Justification,
): { words: Map<number, WordStretch>; spaces: number } {
  const stretchOf = new Map([...words].map((i) => [i, pieceStretch(source[i] as PlacedPiece, j)]));
  const free = new Set(words);
  const pinned = new Map<number, number>();
  for (;;) {
    let kashida = 0;
    let second = 0;
    for (const i of free) {
      kashida += stretchOf.get(i)?.kashida ?? 0;
      second += stretchOf.get(i)?.secondKashida ?? 0;
    }
    const left = extra - [...pinned.values()].reduce((a, b) => a + b, 0);
    const shares = share(left, kashida, second, spaceTotal, spaceCount, j);
    const given = new Map<number, WordStretch>();
    for (const i of free) {
      const s = stretchOf.get(i) as PieceStretch;
      given.set(i, {
        first: kashida > 0 ? (shares.kashida * s.kashida) / kashida : 0,
        second: second > 0 ? (shares.second * s.secondKashida) / second : 0,
      });
    }
    const short = [...free].filter((i) => {
      const g = given.get(i) as WordStretch;
      return g.first + g.second < leastStretch(source[i] as PlacedPiece, g.second > 0) - 1e-9;
    });
    if (short.length === 0) {
      for (const [i, least] of pinned) given.set(i, { first: least, second: 0 });
      return { words: given, spaces: shares.spaces };
    }
    // Would the line be loose without them (spaces past their limit)?
    const capacity = (f: (s: PieceStretch) => number) =>
      short.reduce((sum, i) => sum + f(stretchOf.get(i) as PieceStretch), 0);
    const without = share(
      left,
      kashida - capacity((s) => s.kashida),
      second - capacity((s) => s.secondKashida),
      spaceTotal,
      spaceCount,
      j,
    );
    const loose = without.spaces > spaceTotal + 1e-9;
    const least = short.map((i) => leastStretch(source[i] as PlacedPiece, false));
    const room = least.reduce((a, b) => a + b, 0) <= left;
    short.forEach((i, k) => {
      free.delete(i);
      if (loose && room) pinned.set(i, least[k] as number);
    });
  }
}

/** The x of the line's left end inside a measure, for a paragraph of the given direction. */
export function alignOffset(
  line: SetLine,
  measure: number,
  align: Alignment,
  rtl: boolean,
): number {
  const room = measure - line.width;
  if (align === "center") return room / 2;
  const flushRight = align === "end" ? !rtl : rtl;
  return flushRight ? room : 0;
}
