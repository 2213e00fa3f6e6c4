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

/**
 * The kind of a UTF-16 code unit. Hard breaks: line feed, vertical tab, form feed, carriage
 * return, NEL, line and paragraph separators. Glue: tab, space, no-break space, Ogham space
 * mark, the spaces U+2000 to U+200A, narrow no-break, medium mathematical and ideographic
 * space. Tested by code rather than by regular expression: a paragraph asks for every unit.
 */
export function kindOf(code: number): SegmentKind {
  if (code > 0x20 && code < 0x85) return "box";
  if ((code >= 0x0a && code <= 0x0d) || code === 0x85 || code === 0x2028 || code === 0x2029)
    return "hardBreak";
  if (
    code === 0x09 ||
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  )
    return "glue";
  return "box";
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
    const kind = kindOf(text.charCodeAt(start));
    const level = levels[start] ?? 0;
    let end = start + 1;
    while (
      end < text.length &&
      end < span.end &&
      !breakAt.has(end) &&
      (levels[end] ?? 0) === level &&
      kind !== "hardBreak" &&
      kindOf(text.charCodeAt(end)) === kind
    ) {
      end++;
    }
    // A surrogate pair or a base with its marks never splits (levels agree within them).
    segments.push({ kind, start, end, level, style: span.style, breakAfter: breakAt.has(end) });
    start = end;
  }
  return segments;
}
