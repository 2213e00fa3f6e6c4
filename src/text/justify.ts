import type { PlacedPiece, SetLine } from "./finalize.js";

/** Where a line sits in its measure. RTL "start" is flush right. */
export type Alignment = "start" | "end" | "center" | "justify";

/** Re-places a line's pieces left to right after some of them changed width. */
function replace(pieces: PlacedPiece[], widths: number[]): PlacedPiece[] {
  const visual = pieces.map((p, i) => ({ p, i })).sort((a, b) => a.p.x - b.p.x || a.i - b.i);
  const out = pieces.slice();
  let x = 0;
  for (const { p, i } of visual) {
    const width = widths[i] ?? p.width;
    out[i] = { ...p, x, width };
    x += width;
  }
  return out;
}

/**
 * Spreads the room left on a line over its inter-word glue, so it fills the measure exactly.
 * Returns the line unchanged when it has no glue (a single word stays flush).
 */
export function justifySpacing(line: SetLine, measure: number): SetLine {
  const extra = measure - line.width;
  const glue = line.pieces.filter((p) => p.kind === "glue").length;
  if (glue === 0 || Math.abs(extra) < 1e-6) return line;
  const widths = line.pieces.map((p) => (p.kind === "glue" ? p.width + extra / glue : p.width));
  return { ...line, pieces: replace(line.pieces, widths), width: measure };
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
