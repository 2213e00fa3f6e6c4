/** The page being built: its geometry, and the blocks and lines put on it. */
import type { DigitStyle } from "../text/digits.js";
import type { Alignment } from "../text/justify.js";
import { placeLine, type SetOptions, type SetText, type StyledRun } from "./setText.js";
import type { ElementStyle, Template } from "./template.js";
import type { Block, LayoutPage } from "./types.js";

/** Where a line's baseline sits in its grid slot or line box, as a share of the line height. */
export const BASELINE_IN_LINE = 0.74;
/** Rules: the thin ones (strip, column rules' default). */
export const HAIRLINE = 0.5;

export interface Geometry {
  template: Template;
  /** The article's writing direction: paragraphs' base direction and the columns' order. */
  rtl: boolean;
  /** Characters of the article that no font of the template has. */
  missing: Set<string>;
  /** How the digits of numbers in Arabic text are set. */
  digits: DigitStyle;
  left: number;
  right: number;
  width: number;
  columnWidth: number;
  /** Right edge of column c (1 = rightmost). */
  columnRight(c: number): number;
}

/** Languages written right to left: their articles' columns run from the right, too. */
const RTL_LANGUAGES = new Set(["ar", "fa", "ur", "he", "yi", "ps", "sd", "ug", "ckb", "dv", "syr"]);

export function isRightToLeft(lang: string): boolean {
  return RTL_LANGUAGES.has(lang.toLowerCase().split(/[-_]/)[0] ?? "");
}

export function geometryOf(
  template: Template,
  rtl: boolean,
  digits: DigitStyle = template.digits,
): Geometry {
  const left = template.margins.left;
  const right = template.page.width - template.margins.right;
  const { count, gutter } = template.columns;
  const columnWidth = (right - left - (count - 1) * gutter) / count;
  return {
    template,
    rtl,
    missing: new Set(),
    digits,
    left,
    right,
    width: right - left,
    columnWidth,
    columnRight: (c) =>
      rtl
        ? right - (c - 1) * (columnWidth + gutter)
        : left + (c - 1) * (columnWidth + gutter) + columnWidth,
  };
}

/** Builds one page's blocks and lines; the head helpers append to it. */
export class PageBuilder {
  readonly page: LayoutPage;
  constructor(width: number, height: number) {
    this.page = { width, height, blocks: [], lines: [] };
  }

  block(block: Block): number {
    this.page.blocks.push(block);
    return this.page.blocks.length - 1;
  }

  /** Sets a paragraph across `measure` from `top` and returns the y under its last line. */
  text(
    kind: Block["kind"],
    set: SetText,
    style: ElementStyle,
    at: { right: number; measure: number; top: number; align: Alignment; column?: number | null },
  ): number {
    const index = this.block({
      kind,
      x: at.right - at.measure,
      y: at.top,
      width: at.measure,
      height: set.lines.length * style.size * style.lineHeight,
      column: at.column ?? null,
    });
    return this.lines(index, set, style, at);
  }

  /** Puts a paragraph's lines in block `index`, from `top`; returns the y under the last. */
  lines(
    index: number,
    set: SetText,
    style: ElementStyle,
    at: { right: number; measure: number; top: number; align: Alignment; column?: number | null },
  ): number {
    const lineHeight = style.size * style.lineHeight;
    set.lines.forEach((line, i) => {
      this.page.lines.push(
        placeLine(
          set,
          line,
          i,
          {
            right: at.right,
            measure: at.measure,
            align: at.align,
            firstIndent: 0,
            baseline: at.top + i * lineHeight + lineHeight * BASELINE_IN_LINE,
          },
          { block: index, column: at.column ?? null, paragraph: null },
        ),
      );
    });
    return at.top + set.lines.length * lineHeight;
  }

  rule(x: number, y: number, width: number, height: number, stroke: number, color: string): void {
    this.block({ kind: "rule", x, y, width, height, column: null, stroke, color });
  }
}

export function opts(
  g: Geometry,
  color: string,
  align: Alignment = "start",
  balanced = false,
): SetOptions {
  return {
    color,
    fallbacks: g.template.fallbacks,
    missing: g.missing,
    direction: g.rtl ? "rtl" : "ltr",
    align,
    justification: g.template.justify,
    digits: g.digits,
    ...(balanced ? { balanced } : {}),
  };
}

export function run(text: string, style: ElementStyle): StyledRun[] {
  return [{ text, style }];
}
