import { applyDigits, type DigitStyle } from "../text/digits.js";
import type { SetLine } from "../text/finalize.js";
import { type Alignment, alignOffset } from "../text/justify.js";
import { prepareParagraph, setParagraph } from "../text/paragraph.js";
import type { Justification } from "../text/stretch.js";
import type { StyledSpan, TextStyle } from "../text/types.js";
import type { ElementStyle } from "./template.js";
import type { LayoutLine } from "./types.js";

/** A run of text in a template style; a paragraph is one or more of them. */
export interface StyledRun {
  text: string;
  style: ElementStyle;
}

/** How a paragraph is set: its colour unless a style has its own, fallback fonts, indent. */
export interface SetOptions {
  color: string;
  fallbacks: readonly string[];
  firstIndent?: number;
  /** Collects the characters no font in the chain has. */
  missing?: Set<string>;
  /** Base direction of the paragraphs: the article's language's. */
  direction: "rtl" | "ltr";
  align: Alignment;
  justification: Justification;
  /** Even out the lines of ragged text (headlines, pull-quotes). */
  balanced?: boolean;
  /** Ask for this many lines (column balancing re-sets a paragraph one line longer or shorter). */
  lines?: number;
  /** The digits of numbers in Arabic text; default as written. */
  digits?: DigitStyle;
}

export function textStyle(style: ElementStyle, options: SetOptions): TextStyle {
  return {
    font: style.font,
    size: style.size,
    color: style.color ?? options.color,
    fallbacks: options.fallbacks,
  };
}

/** A paragraph set in lines at a measure, not yet placed on a page. */
export interface SetText {
  text: string;
  lines: SetLine[];
  rtl: boolean;
  missing: string[];
}

/** Bidi, shaping and line breaking of one paragraph made of styled runs. */
export function setRuns(runs: readonly StyledRun[], measure: number, options: SetOptions): SetText {
  const spans: StyledSpan[] = [];
  let text = "";
  for (const run of runs) {
    spans.push({
      start: text.length,
      end: text.length + run.text.length,
      style: textStyle(run.style, options),
    });
    text += run.text;
  }
  // One code unit for one: the spans stay where they are.
  text = applyDigits(text, options.digits ?? "source", options.direction === "rtl");
  const prepared = prepareParagraph({ text, spans, direction: options.direction });
  const lines = setParagraph(prepared, {
    measure,
    firstIndent: options.firstIndent ?? 0,
    justification: options.justification,
    justify: options.align === "justify",
    ...(options.balanced ? { balanced: true } : {}),
    ...(options.lines ? { lines: options.lines } : {}),
  });
  for (const char of prepared.missing) options.missing?.add(char);
  return { text, lines, rtl: prepared.paragraphLevel % 2 === 1, missing: prepared.missing };
}

/** Places a set line: `right` is the right edge of its measure, `baseline` its y. */
export function placeLine(
  set: SetText,
  line: SetLine,
  index: number,
  where: {
    right: number;
    baseline: number;
    measure: number;
    align: Alignment;
    /** 0 when the first line is not indented. */
    firstIndent: number;
  },
  ids: { block: number; column: number | null; paragraph: number | null },
): LayoutLine {
  const indent = index === 0 ? where.firstIndent : 0;
  const measure = where.measure - indent;
  const shaped = line;
  const align = where.align === "justify" ? "start" : where.align;
  const left = where.right - where.measure + (set.rtl ? 0 : indent);
  // Sums in the pieces' order, without arrays of numbers between: placeLine runs for every line,
  // and arrays that hold integers on one line and fractions on the next cost it recompilations.
  let spaces = 0;
  let natural = 0;
  let actual = 0;
  let kashidas = 0;
  for (const p of shaped.pieces) {
    if (p.kind === "glue") {
      spaces++;
      natural += p.naturalWidth ?? p.width;
      actual += p.width;
    }
    if ((p.kashidaWidth ?? 0) > 0) kashidas++;
  }
  return {
    block: ids.block,
    column: ids.column,
    x: left + alignOffset(shaped, measure, align, set.rtl),
    y: where.baseline,
    width: shaped.width,
    measure,
    text: set.text.slice(line.start, line.end),
    last: line.last,
    spaceNatural: spaces ? natural / spaces : 0,
    spaceActual: spaces ? actual / spaces : 0,
    kashidas,
    pieces: shaped.pieces,
    paragraph: ids.paragraph,
  };
}
