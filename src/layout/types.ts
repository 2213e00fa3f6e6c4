import type { PlacedPiece } from "../text/finalize.js";

/** What a block on the page is. */
export type BlockKind =
  | "kicker"
  | "headline"
  | "subheadline"
  | "byline"
  | "dateline"
  | "body"
  | "subhead"
  | "pullquote"
  | "source"
  | "folio"
  | "rule";

/** A rectangle of the page, pt, top-left origin, y down. */
export interface Block {
  kind: BlockKind;
  x: number;
  y: number;
  width: number;
  height: number;
  /** 1 is the rightmost column; null for a block that spans columns. */
  column: number | null;
  /** Stroke width in pt for rules and boxed blocks; 0 draws no frame. */
  stroke?: number;
  /** Stroke colour, "#rrggbb". */
  color?: string;
}

/** One set line of text on a page. */
export interface LayoutLine {
  /** Index of its block in the page's blocks. */
  block: number;
  column: number | null;
  /** Left end of the baseline, pt, y down. */
  x: number;
  y: number;
  /** Set width and available width, pt. */
  width: number;
  measure: number;
  /** The line's text in logical order. */
  text: string;
  /** Last line of its paragraph. */
  last: boolean;
  /** Mean natural and mean set width of the line's word spaces, pt (0 with no space). */
  spaceNatural: number;
  spaceActual: number;
  /** Words elongated with a kashida on this line. */
  kashidas: number;
  /** Glyph runs in logical order, each placed at its visual x (pt from the line's x). */
  pieces: PlacedPiece[];
  /** Index of the body paragraph the line belongs to (it may span columns and pages); null outside the body. */
  paragraph: number | null;
}

export interface LayoutPage {
  width: number;
  height: number;
  blocks: Block[];
  lines: LayoutLine[];
}

export interface Layout {
  pages: LayoutPage[];
  /** Document metadata carried to the PDF. */
  title: string;
  author?: string;
  /** Characters of the article that no font of the template has (drawn as .notdef boxes). */
  missing: string[];
  lang: string;
}
