import type { Crop, PhotoSource } from "../image/types.js";
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
  | "rule"
  | "photo"
  | "caption"
  /** Page make-up: the masthead, a jump line or head, a reserved box, the briefs column's title. */
  | "nameplate"
  | "jump"
  | "reserve"
  | "section";

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
  /** A caption's photo: the index of its photo block on the page. */
  figure?: number;
  /** On a page of several stories: the story's index in the plan. */
  story?: number;
}

/** A photo as drawn: the picture's frame (x, y, width, height) and how the picture fills it. */
export interface PhotoBlock extends Block {
  kind: "photo";
  /** The file as the article names it. */
  src: string;
  /** Index of its source in the layout's photos. */
  photo: number;
  /** The upright picture's size in pixels. */
  pixels: { width: number; height: number };
  /** The part of the picture drawn, in its pixels (all of it for "contain"). */
  crop: Crop;
  /** Pixels per inch of the crop at its printed size. */
  ppi: number;
  /** Pixels embedded in the PDF: the crop resampled to the template's resolution, never up. */
  embedded: { width: number; height: number };
  fit: "cover" | "contain";
  /** The PDF's alternate text for the figure. */
  alt?: string;
  /** The body paragraph it follows (a photo in the text), or null (the lead photo). */
  paragraph: number | null;
}

export function isPhotoBlock(block: Block | undefined): block is PhotoBlock {
  return block?.kind === "photo";
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
  /** On a page of several stories: the story's index in the plan. */
  story?: number;
}

/** A flow item as the PDF's structure tree sees it: its kind and paragraph, a photo's caption. */
export type FlowOutline =
  | { kind: "body" | "subhead" | "source"; paragraph: number }
  | { kind: "figure"; photo: number; paragraph: number; captioned: boolean };

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
  /** What the layout left out of the article, and why (a pull-quote with no room). */
  notes?: string[];
  /** The photos the photo blocks draw (bytes included: not part of `layout --json`). */
  photos: PhotoSource[];
  /** A page plan's stories, in plan order: blocks and lines name them by index. */
  stories?: LayoutStory[];
  /** How a page plan was made up: the score and the variants considered. */
  makeup?: MakeupReport;
}

/** A story of a page plan as laid out. */
export interface LayoutStory {
  /** The article file, as the plan names it. */
  file: string;
  headline: string;
  lang: string;
  as: "story" | "brief";
  /** Pages (0-based) the story is set on: the first, then its continuations. */
  pages: number[];
}

/** One page of stories as the make-up chose it. */
export interface MakeupPage {
  /** The page's index in the layout. */
  page: number;
  /** Each story's rectangle: columns (1 = the reading start) and grid slots under the page's head. */
  rectangles: {
    story: number;
    column: number;
    columns: number;
    slot: number;
    lines: number;
    /** Lines of text that went on to the next page. */
    jumped: number;
  }[];
  /** The share of the page's body (less reserved boxes) that holds story, 0..1. */
  fill: number;
  /** The arrangement's score (higher is better) and its terms. */
  score: number;
  terms: Record<string, number>;
  /** Placements the search tried, partial arrangements included (it keeps the best 400 after each story). */
  considered: number;
  /**
   * Each story's shapes the search chose among: columns, lines deep when it all fits (-1 when
   * it does not fit the page), and the columns of its lead photo.
   */
  variants: { story: number; columns: number; lines: number; photoColumns?: number }[][];
  ms: number;
}

export interface MakeupReport {
  pages: MakeupPage[];
  warnings: string[];
}
