/** Data that flows between the text stages: styled paragraph → bidi → shaped pieces → lines. */

export type Direction = "ltr" | "rtl";

/** How a stretch of text is drawn. `font` is a path resolved by the font registry. */
export interface TextStyle {
  font: string;
  /** Font size in pt. */
  size: number;
  /** OpenType features in hb-shape syntax ("kern", "-liga", "ss01=1"). */
  features?: readonly string[];
  language?: string;
  /** Fonts to draw characters the main font lacks, nearest weight first. */
  fallbacks?: readonly string[];
  /** Fill colour, "#rrggbb". */
  color?: string;
}

/** A span of a paragraph's text (UTF-16 offsets, end exclusive) and its style. */
export interface StyledSpan {
  start: number;
  end: number;
  style: TextStyle;
}

/** One paragraph before any text processing: its text and the styles covering it, in order. */
export interface StyledParagraph {
  text: string;
  spans: readonly StyledSpan[];
  /** Base direction: "rtl" for Arabic articles; "auto" applies UAX #9 rules P2/P3. */
  direction: Direction | "auto";
}

/** One glyph as HarfBuzz positions it, in font units. */
export interface Glyph {
  id: number;
  /** Index of the first UTF-16 code unit of the glyph's cluster, relative to the shaped text. */
  cluster: number;
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  /** HarfBuzz glyph flags (unsafe-to-break, safe-to-insert-tatweel). */
  flags: number;
  /**
   * Set on a tatweel inserted for justification: it carries no text, and is drawn as this
   * glyph's outline stretched from its natural `advance` (font units) to `xAdvance`.
   */
  kashida?: { advance: number };
}
