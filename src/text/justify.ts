import { loadFont } from "../fonts/registry.js";
import type { PlacedPiece, SetLine } from "./finalize.js";
import { type Justification, pieceStretch } from "./stretch.js";
import type { Glyph } from "./types.js";

/** Where a line sits in its measure. RTL "start" is flush right. */
export type Alignment = "start" | "end" | "center" | "justify";

/** Re-places a line's pieces left to right after some of them changed. */
function replace(pieces: readonly PlacedPiece[], changed: readonly PlacedPiece[]): PlacedPiece[] {
  const visual = pieces.map((p, i) => ({ p, i })).sort((a, b) => a.p.x - b.p.x || a.i - b.i);
  const out = changed.slice();
  let x = 0;
  for (const { i } of visual) {
    const piece = out[i] as PlacedPiece;
    out[i] = { ...piece, x };
    x += piece.width;
  }
  return out;
}

/** The word with its kashida stretched by `extra` pt. */
function elongated(piece: PlacedPiece, extra: number): PlacedPiece {
  const elongation = piece.elongation;
  if (!elongation || extra <= 0) return piece;
  const font = loadFont(piece.style.font);
  const units = (extra * font.unitsPerEm) / piece.style.size;
  const glyphs: Glyph[] = elongation.glyphs.map((g) => (g.kashida ? { ...g, xAdvance: units } : g));
  return {
    ...piece,
    glyphs,
    width: piece.width + extra,
    naturalWidth: piece.width,
    kashidaWidth: extra,
  };
}

/**
 * Which words of a line take a kashida: the best-placed points first (alreq priority), at most
 * `limit`, and spread over the line rather than bunched at one end.
 */
function chooseKashidas(pieces: readonly PlacedPiece[], limit: number): Set<number> {
  const candidates = pieces
    .map((p, i) => ({ i, priority: p.elongation?.priority ?? 0 }))
    .filter((c) => c.priority > 0);
  if (candidates.length <= limit) return new Set(candidates.map((c) => c.i));
  const chosen = new Set<number>();
  for (let priority = 1; priority <= 6 && chosen.size < limit; priority++) {
    const level = candidates.filter((c) => c.priority === priority);
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

/**
 * Fills a line to the measure exactly. Spaces shrink toward their minimum or stretch; in
 * hybrid mode the stretch is shared between word spaces and kashidas in proportion to what
 * each can give, so neither carries it alone; in kashida mode the kashidas give first.
 * Whatever the kashidas cannot take goes to the spaces.
 */
export function justifyLine(line: SetLine, measure: number, j: Justification): SetLine {
  const extra = measure - line.width;
  if (Math.abs(extra) < 1e-9 || j.mode === "none") return line;
  const glue = line.pieces.map((p) => (p.kind === "glue" ? pieceStretch(p, j) : null));
  let pieces = line.pieces.slice();
  if (extra < 0) {
    const shrink = glue.reduce((sum, g) => sum + (g?.shrink ?? 0), 0);
    if (shrink <= 0) return line;
    const ratio = Math.max(-1, extra / shrink);
    pieces = pieces.map((p, i) =>
      glue[i]
        ? { ...p, naturalWidth: p.width, width: p.width + ratio * (glue[i]?.shrink ?? 0) }
        : p,
    );
  } else {
    const kashidaWords = chooseKashidas(
      line.pieces,
      j.mode === "spacing" ? 0 : j.maxKashidasPerLine,
    );
    const capacity = (i: number) =>
      kashidaWords.has(i) ? pieceStretch(line.pieces[i] as PlacedPiece, j).kashida : 0;
    const kashidaTotal = line.pieces.reduce((sum, _, i) => sum + capacity(i), 0);
    const spaceTotal = glue.reduce((sum, g) => sum + (g?.stretch ?? 0), 0);
    let toKashida =
      j.mode === "kashida"
        ? Math.min(extra, kashidaTotal)
        : kashidaTotal + spaceTotal > 0
          ? Math.min(kashidaTotal, (extra * kashidaTotal) / (kashidaTotal + spaceTotal))
          : 0;
    // With no space on the line, the kashidas must carry it all, if they can.
    if (spaceTotal === 0 && glue.every((g) => g === null))
      toKashida = Math.min(extra, kashidaTotal);
    const toSpaces = extra - toKashida;
    const spaceCount = glue.filter(Boolean).length;
    pieces = pieces.map((p, i) => {
      const g = glue[i];
      if (g) {
        const share = spaceTotal > 0 ? (toSpaces * g.stretch) / spaceTotal : toSpaces / spaceCount;
        return { ...p, naturalWidth: p.width, width: p.width + share };
      }
      const cap = capacity(i);
      return cap > 0 ? elongated(p, (toKashida * cap) / kashidaTotal) : p;
    });
  }
  const placed = replace(line.pieces, pieces);
  const width = placed.reduce((sum, p) => sum + p.width, 0);
  return { ...line, pieces: placed, width };
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
