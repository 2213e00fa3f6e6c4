import { visualOrder } from "./bidi.js";
import type { LineRange } from "./breakLines.js";
import type { Piece } from "./prepare.js";
import type { Glyph } from "./types.js";

/** A piece placed on a line: `x` is its left edge in pt from the line's left end. */
export interface PlacedPiece extends Piece {
  x: number;
  /** Width before justification, where justification changed it (pt). */
  naturalWidth?: number;
  /** Length of the kashida justification gave this word (pt). */
  kashidaWidth?: number;
}

/**
 * A piece at a position, in one object shape for every piece: lines are built and re-placed
 * many times per page, and copies of varying shape (spreads) cost far more than fixed fields.
 */
export function placePiece(
  p: Piece,
  x: number,
  width = p.width,
  changes?: { naturalWidth?: number; kashidaWidth?: number; glyphs?: readonly Glyph[] },
): PlacedPiece {
  const placed: PlacedPiece = {
    kind: p.kind,
    start: p.start,
    end: p.end,
    level: p.level,
    style: p.style,
    breakAfter: p.breakAfter,
    text: p.text,
    glyphs: changes?.glyphs ?? p.glyphs,
    width,
    x,
  };
  if (p.elongation) placed.elongation = p.elongation;
  if (changes?.naturalWidth !== undefined) placed.naturalWidth = changes.naturalWidth;
  if (changes?.kashidaWidth !== undefined) placed.kashidaWidth = changes.kashidaWidth;
  return placed;
}

/** A finished line: its pieces in logical order, each placed at its visual position. */
export interface SetLine {
  /** Logical order, as a reader reads them: the order glyphs are emitted to the PDF. */
  pieces: PlacedPiece[];
  /** Indexes into `pieces`, left to right. */
  visual: number[];
  /** UTF-16 range of the paragraph text the line shows, trailing white space excluded. */
  start: number;
  end: number;
  /** Set width in pt. */
  width: number;
  last: boolean;
}

/**
 * Orders a line's pieces visually by UAX #9 rule L2 over the pieces' levels and places them
 * left to right. White space at the end of the line hangs: it is dropped from the set line.
 */
export function finalizeLine(pieces: readonly Piece[], range: LineRange): SetLine {
  let end = range.end;
  while (end > range.start && pieces[end - 1]?.kind !== "box") end--;
  // Spaces keep their resolved levels: between two Latin words inside Arabic they belong to the
  // Latin run. Only white space at the line's end would take the paragraph level (rule L1),
  // and that hangs outside the line.
  const shown = pieces.slice(range.start, end);
  const order = visualOrder(shown.map((p) => p.level));
  const placed: PlacedPiece[] = new Array(shown.length);
  let x = 0;
  for (const index of order) {
    const piece = shown[index] as Piece;
    placed[index] = placePiece(piece, x);
    x += piece.width;
  }
  return {
    pieces: placed,
    visual: order,
    start: shown[0]?.start ?? pieces[range.start]?.start ?? 0,
    end: shown.at(-1)?.end ?? shown[0]?.start ?? 0,
    width: x,
    last: range.last,
  };
}
