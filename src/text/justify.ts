import { loadFont } from "../fonts/registry.js";
import { type PlacedPiece, placePiece, type SetLine } from "./finalize.js";
import { type Justification, pieceStretch } from "./stretch.js";
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

/** The word with its kashida stretched by `extra` pt. */
function elongated(piece: PlacedPiece, extra: number): PlacedPiece {
  const elongation = piece.elongation;
  if (!elongation || extra <= 0) return placePiece(piece, piece.x);
  const font = loadFont(piece.style.font);
  const units = (extra * font.unitsPerEm) / piece.style.size;
  const glyphs: Glyph[] = elongation.glyphs.map((g) => (g.kashida ? { ...g, xAdvance: units } : g));
  return placePiece(piece, piece.x, piece.width + extra, {
    glyphs,
    naturalWidth: piece.width,
    kashidaWidth: extra,
  });
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
  const kashidaWords = chooseKashidas(source, j.mode === "spacing" ? 0 : j.maxKashidasPerLine);
  const capacities = source.map((p, i) => (kashidaWords.has(i) ? pieceStretch(p, j).kashida : 0));
  const kashidaTotal = capacities.reduce((sum, c) => sum + c, 0);
  const spaceTotal = glue.reduce((sum, g) => sum + (g?.stretch ?? 0), 0);
  let toKashida =
    j.mode === "kashida"
      ? Math.min(extra, kashidaTotal)
      : kashidaTotal + spaceTotal > 0
        ? Math.min(kashidaTotal, (extra * kashidaTotal) / (kashidaTotal + spaceTotal))
        : 0;
  // With no space on the line, the kashidas must carry it all, if they can.
  if (spaceTotal === 0 && glue.every((g) => g === null)) toKashida = Math.min(extra, kashidaTotal);
  const toSpaces = extra - toKashida;
  const spaceCount = glue.filter(Boolean).length;
  source.forEach((p, i) => {
    const g = glue[i];
    const cap = capacities[i] ?? 0;
    if (g) {
      const share = spaceTotal > 0 ? (toSpaces * g.stretch) / spaceTotal : toSpaces / spaceCount;
      pieces[i] = placePiece(p, p.x, p.width + share, { naturalWidth: p.width });
    } else
      pieces[i] = cap > 0 ? elongated(p, (toKashida * cap) / kashidaTotal) : placePiece(p, p.x);
  });
  return replace(line, pieces);
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
