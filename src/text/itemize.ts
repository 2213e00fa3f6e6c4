import type { BreakOpportunity } from "./linebreak.js";
import type { StyledSpan, TextStyle } from "./types.js";

/**
 * Boxes are the unbreakable parts of words; glue is inter-word white space (where lines
 * break and justification stretches); a hard break ends a line whatever the width.
 */
export type SegmentKind = "box" | "glue" | "hardBreak";

/** A stretch of one paragraph with one kind, one bidi level and one style. */
export interface Segment {
  kind: SegmentKind;
  start: number;
  end: number;
  level: number;
  style: TextStyle;
  /** A line may end after this segment. */
  breakAfter: boolean;
}

const WHITE_SPACE = /[\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;
/** Line feed, vertical tab, form feed, carriage return, NEL, line and paragraph separators. */
const HARD_BREAK = /[\n\v\f\r\u0085\u2028\u2029]/;

function kindOf(char: string): SegmentKind {
  if (HARD_BREAK.test(char)) return "hardBreak";
  return WHITE_SPACE.test(char) ? "glue" : "box";
}

/**
 * Cuts a paragraph at every change of kind, bidi level and style, and at every UAX #14 break
 * opportunity, so each segment can be shaped alone and a line can end only between segments.
 */
export function itemize(
  text: string,
  levels: ArrayLike<number>,
  spans: readonly StyledSpan[],
  breaks: readonly BreakOpportunity[],
): Segment[] {
  const breakAt = new Set<number>();
  for (const b of breaks) breakAt.add(b.position);
  const segments: Segment[] = [];
  let spanIndex = 0;
  let start = 0;
  while (start < text.length) {
    while (spanIndex < spans.length && (spans[spanIndex]?.end ?? 0) <= start) spanIndex++;
    const span = spans[spanIndex];
    if (!span) throw new Error(`no style covers offset ${start} of the paragraph`);
    const kind = kindOf(text[start] as string);
    const level = levels[start] ?? 0;
    let end = start + 1;
    while (
      end < text.length &&
      end < span.end &&
      !breakAt.has(end) &&
      (levels[end] ?? 0) === level &&
      kind !== "hardBreak" &&
      kindOf(text[end] as string) === kind
    ) {
      end++;
    }
    // A surrogate pair or a base with its marks never splits (levels agree within them).
    segments.push({ kind, start, end, level, style: span.style, breakAfter: breakAt.has(end) });
    start = end;
  }
  return segments;
}
