import type { ElementStyle } from "./template.js";
import { prepareParagraph, setParagraph } from "../text/paragraph.js";
import { type Alignment, alignOffset, justifySpacing } from "../text/justify.js";
import type { SetLine } from "../text/finalize.js";
import type { StyledSpan, TextStyle } from "../text/types.js";
import type { LayoutLine } from "./types.js";

/** A run of text in a template style; a paragraph is one or more of them. */
export interface StyledRun {
  text: string;
  style: ElementStyle;
}

export function textStyle(style: ElementStyle, fallbackColor: string): TextStyle {
  return { font: style.font, size: style.size, color: style.color ?? fallbackColor };
}

/** A paragraph set in lines at a measure, not yet placed on a page. */
export interface SetText {
  text: string;
  lines: SetLine[];
  rtl: boolean;
}

/** Bidi, shaping and line breaking of one paragraph made of styled runs. */
export function setRuns(runs: readonly StyledRun[], measure: number, color: string, firstIndent = 0): SetText {
  const spans: StyledSpan[] = [];
  let text = "";
  for (const run of runs) {
    spans.push({ start: text.length, end: text.length + run.text.length, style: textStyle(run.style, color) });
    text += run.text;
  }
  const prepared = prepareParagraph({ text, spans, direction: "rtl" });
  const lines = setParagraph(prepared, measure, firstIndent);
  return { text, lines, rtl: prepared.paragraphLevel % 2 === 1 };
}

/** Places a set line: `right` is the right edge of its measure, `baseline` its y. */
export function placeLine(
  set: SetText,
  line: SetLine,
  index: number,
  where: { right: number; baseline: number; measure: number; align: Alignment; firstIndent?: number },
  ids: { block: number; column: number | null; paragraph: number | null },
): LayoutLine {
  const indent = index === 0 ? (where.firstIndent ?? 0) : 0;
  const measure = where.measure - indent;
  const shaped = where.align === "justify" && !line.last ? justifySpacing(line, measure) : line;
  const align = where.align === "justify" ? "start" : where.align;
  const left = where.right - where.measure + (set.rtl ? 0 : indent);
  return {
    block: ids.block,
    column: ids.column,
    x: left + alignOffset(shaped, measure, align, set.rtl),
    y: where.baseline,
    width: shaped.width,
    measure,
    text: set.text.slice(line.start, line.end),
    last: line.last,
    pieces: shaped.pieces,
    paragraph: ids.paragraph,
  };
}
