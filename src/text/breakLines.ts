import type { Piece } from "./prepare.js";

/** Pieces [start, end) of a paragraph that make one line. */
export interface LineRange {
  start: number;
  end: number;
  /** Width in pt without the white space that hangs at the line's end. */
  width: number;
  /** The paragraph's last line, or a line ended by a hard break: set flush, not stretched. */
  last: boolean;
}

/** The available width of line n of a paragraph, pt (the first may be indented). */
export type MeasureOf = (line: number) => number;

/** Width of pieces [start, end) without trailing glue, which hangs outside the measure. */
function lineWidth(pieces: readonly Piece[], start: number, end: number): number {
  let last = end;
  while (last > start && pieces[last - 1]?.kind !== "box") last--;
  let width = 0;
  for (let i = start; i < last; i++) width += pieces[i]?.width ?? 0;
  return width;
}

/**
 * First-fit line breaking: each line takes as many pieces as fit. Pieces wider than the
 * measure must have been split before (splitOverwidePieces), so every line makes progress.
 */
export function breakLinesGreedy(pieces: readonly Piece[], measureOf: MeasureOf): LineRange[] {
  const lines: LineRange[] = [];
  let start = 0;
  while (start < pieces.length) {
    const measure = measureOf(lines.length);
    let end = start;
    let lastBreak = -1;
    let hard = false;
    let width = 0;
    let pendingGlue = 0;
    for (let i = start; i < pieces.length; i++) {
      const piece = pieces[i] as Piece;
      if (piece.kind === "hardBreak") {
        lastBreak = i + 1;
        hard = true;
        break;
      }
      if (piece.kind === "glue") {
        pendingGlue += piece.width;
      } else {
        const widened = width + pendingGlue + piece.width;
        if (widened > measure && lastBreak > start) break;
        width = widened;
        pendingGlue = 0;
      }
      if (piece.breakAfter || i === pieces.length - 1) lastBreak = i + 1;
    }
    end = lastBreak > start ? lastBreak : start + 1;
    // Glue after the chosen break point belongs to the line it follows.
    while (end < pieces.length && pieces[end]?.kind === "glue") end++;
    lines.push({
      start,
      end,
      width: lineWidth(pieces, start, end),
      last: hard || end >= pieces.length,
    });
    start = end;
  }
  return lines;
}
