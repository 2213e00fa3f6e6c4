import { resolveLevels } from "./bidi.js";
import { breakLinesGreedy, type LineRange, type MeasureOf } from "./breakLines.js";
import { applyFallbacks } from "./fallback.js";
import { finalizeLine, type SetLine } from "./finalize.js";
import { itemize } from "./itemize.js";
import { type BreakOpportunity, breakOpportunities } from "./linebreak.js";
import { type Piece, shapeSegments, splitOverwidePieces } from "./prepare.js";
import { defaultShaper, type Shaper } from "./shape.js";
import type { StyledParagraph } from "./types.js";

/** The swappable engines of the text pipeline. */
export interface TextEngines {
  shaper: Shaper;
  breakOpportunities: (text: string) => BreakOpportunity[];
  breakLines: (pieces: readonly Piece[], measureOf: MeasureOf) => LineRange[];
}

export const defaultEngines: TextEngines = {
  shaper: defaultShaper,
  breakOpportunities,
  breakLines: breakLinesGreedy,
};

/** A paragraph after bidi and shaping: measured pieces ready to be broken at any measure. */
export interface PreparedParagraph {
  text: string;
  paragraphLevel: number;
  pieces: Piece[];
  /** Characters that no font of the styles' fallback chains has. */
  missing: string[];
}

/** Collect and prepare: bidi levels, segmentation at break opportunities, shaping. */
export function prepareParagraph(
  paragraph: StyledParagraph,
  engines: TextEngines = defaultEngines,
): PreparedParagraph {
  const { text } = paragraph;
  const bidi = resolveLevels(text, paragraph.direction);
  const items = itemize(text, bidi.levels, paragraph.spans, engines.breakOpportunities(text));
  const { segments, missing } = applyFallbacks(text, items);
  return {
    text,
    paragraphLevel: bidi.paragraphLevel,
    pieces: shapeSegments(text, segments, engines.shaper),
    missing,
  };
}

/**
 * Breaks a prepared paragraph into lines of the given measure (pt), the first line narrower by
 * `firstIndent`, and orders each line.
 */
export function setParagraph(
  prepared: PreparedParagraph,
  measure: number,
  firstIndent = 0,
  engines: TextEngines = defaultEngines,
): SetLine[] {
  const pieces = splitOverwidePieces(
    prepared.text,
    prepared.pieces,
    measure - firstIndent,
    engines.shaper,
  );
  const measureOf: MeasureOf = (line) => (line === 0 ? measure - firstIndent : measure);
  return engines
    .breakLines(pieces, measureOf)
    .map((range) => finalizeLine(pieces, range, prepared.paragraphLevel));
}
