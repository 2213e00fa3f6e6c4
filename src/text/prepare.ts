import { loadFont } from "../fonts/registry.js";
import type { Segment } from "./itemize.js";
import { type Elongation, elongate } from "./kashida.js";
import { graphemeBoundaries } from "./linebreak.js";
import type { ShapeOptions, Shaper } from "./shape.js";
import type { Glyph } from "./types.js";

/** A segment shaped and measured: the unit that line breaking places. */
export interface Piece extends Segment {
  text: string;
  /** Glyphs in visual order, font units. */
  glyphs: readonly Glyph[];
  /** Advance width in pt. */
  width: number;
  /** Where and how this word can take a kashida, if it can. */
  elongation?: Elongation;
}

/**
 * Elongations by shaped glyph array: the shaper's cache returns the same array for the same
 * word, font and context, so a word's kashida point is found once per process.
 */
const elongations = new WeakMap<readonly Glyph[], Elongation | null>();

function elongationOf(
  text: string,
  glyphs: readonly Glyph[],
  shaper: Shaper,
  options: ShapeOptions,
  unitsPerEm: number,
): Elongation | undefined {
  let known = elongations.get(glyphs);
  if (known === undefined) {
    const shapeWith = (withTatweel: string) => shaper.shape(withTatweel, options);
    known = elongate(text, glyphs, shapeWith, unitsPerEm) ?? null;
    elongations.set(glyphs, known);
  }
  return known ?? undefined;
}

/** Joining reaches across a style or level change inside a word; a few code units suffice. */
const CONTEXT_CHARS = 4;

function isBox(segment: Segment | undefined): boolean {
  return segment?.kind === "box";
}

function shapeSegment(
  text: string,
  segment: Segment,
  before: string,
  after: string,
  shaper: Shaper,
): Piece {
  const pieceText = text.slice(segment.start, segment.end);
  const font = loadFont(segment.style.font);
  const rtl = segment.level % 2 === 1;
  const options: ShapeOptions = {
    font,
    direction: rtl ? "rtl" : "ltr",
    features: segment.style.features,
    language: segment.style.language,
    before,
    after,
  };
  const glyphs = segment.kind === "hardBreak" ? [] : shaper.shape(pieceText, options);
  const elongation =
    segment.kind === "box" && rtl
      ? elongationOf(pieceText, glyphs, shaper, options, font.unitsPerEm)
      : undefined;
  const piece: Piece = {
    kind: segment.kind,
    start: segment.start,
    end: segment.end,
    level: segment.level,
    style: segment.style,
    breakAfter: segment.breakAfter,
    text: pieceText,
    glyphs,
    width: (advanceOf(glyphs) * segment.style.size) / font.unitsPerEm,
  };
  if (elongation) piece.elongation = elongation;
  return piece;
}

/** The advance of a shaped word, font units: a sum cheaper than any cache lookup. */
function advanceOf(glyphs: readonly Glyph[]): number {
  let advance = 0;
  for (const g of glyphs) advance += g.xAdvance;
  return advance;
}

/** Shapes every segment, with its neighbours inside the same word as joining context. */
export function shapeSegments(text: string, segments: readonly Segment[], shaper: Shaper): Piece[] {
  return segments.map((segment, i) => {
    const prev = segments[i - 1];
    const next = segments[i + 1];
    const before =
      prev && isBox(prev) && isBox(segment)
        ? text.slice(Math.max(prev.start, segment.start - CONTEXT_CHARS), segment.start)
        : "";
    const after =
      next && isBox(next) && isBox(segment)
        ? text.slice(segment.end, Math.min(next.end, segment.end + CONTEXT_CHARS))
        : "";
    return shapeSegment(text, segment, before, after, shaper);
  });
}

/**
 * A word wider than the line is cut at grapheme boundaries into pieces that fit, as a last
 * resort. Each part is shaped with its neighbours as context, so letters keep their joined
 * forms across the cut.
 */
export function splitOverwidePieces(
  text: string,
  pieces: readonly Piece[],
  measure: number,
  shaper: Shaper,
): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    if (piece.kind !== "box" || piece.width <= measure) {
      out.push(piece);
      continue;
    }
    const cuts = graphemeBoundaries(piece.text).map((b) => b + piece.start);
    let start = piece.start;
    while (start < piece.end) {
      // Grow the part one grapheme at a time; always take at least one so this terminates.
      let end = cuts.find((c) => c > start) ?? piece.end;
      let part = shapePart(text, piece, start, end, shaper);
      for (const next of cuts) {
        if (next <= end) continue;
        const longer = shapePart(text, piece, start, next, shaper);
        if (longer.width > measure) break;
        end = next;
        part = longer;
      }
      out.push(part);
      start = end;
    }
  }
  return out;
}

function shapePart(text: string, piece: Piece, start: number, end: number, shaper: Shaper): Piece {
  const segment: Segment = {
    ...piece,
    start,
    end,
    breakAfter: end === piece.end ? piece.breakAfter : true,
  };
  const before = text.slice(Math.max(piece.start, start - CONTEXT_CHARS), start);
  const after = text.slice(end, Math.min(piece.end, end + CONTEXT_CHARS));
  return shapeSegment(text, segment, before, after, shaper);
}
