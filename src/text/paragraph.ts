import { resolveLevels } from "./bidi.js";
import type { LineRange, MeasureOf } from "./breakLines.js";
import { applyFallbacks } from "./fallback.js";
import { finalizeLine, type SetLine } from "./finalize.js";
import { itemize } from "./itemize.js";
import { justifyLine } from "./justify.js";
import { type BreakOptions, breakLinesOptimal } from "./knuthPlass.js";
import { type BreakOpportunity, breakOpportunities } from "./linebreak.js";
import { type Piece, shapeSegments, splitOverwidePieces } from "./prepare.js";
import { defaultShaper, type Shaper } from "./shape.js";
import { type Justification, settledJustification } from "./stretch.js";
import type { StyledParagraph } from "./types.js";

/** The swappable engines of the text pipeline. */
export interface TextEngines {
  shaper: Shaper;
  breakOpportunities: (text: string) => BreakOpportunity[];
  breakLines: (
    pieces: readonly Piece[],
    measureOf: MeasureOf,
    options: BreakOptions,
  ) => LineRange[];
}

export const defaultEngines: TextEngines = {
  shaper: defaultShaper,
  breakOpportunities,
  breakLines: breakLinesOptimal,
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

/** How one paragraph is set. */
export interface ParagraphSetting {
  /** Width of every line in pt; the first is narrower by `firstIndent`. */
  measure: number;
  firstIndent?: number;
  justification: Justification;
  /** Fill every line but the last to the measure (else lines keep their natural width). */
  justify: boolean;
  /** Even out ragged lines (headlines, pull-quotes). */
  balanced?: boolean;
  /** Ask for this many lines when a feasible setting has them. */
  lines?: number;
}

/** Line breaking and finishing: breaks, orders each line visually, and justifies it. */
export function setParagraph(
  prepared: PreparedParagraph,
  setting: ParagraphSetting,
  engines: TextEngines = defaultEngines,
): SetLine[] {
  const indent = setting.firstIndent ?? 0;
  const measureOf: MeasureOf = (line) => (line === 0 ? setting.measure - indent : setting.measure);
  const pieces = splitOverwidePieces(
    prepared.text,
    prepared.pieces,
    setting.measure - indent,
    engines.shaper,
  );
  const justification = settledJustification(setting.justification);
  const options: BreakOptions = {
    justification: setting.justify
      ? justification
      : settledJustification(setting.justification, "none"),
    balanced: setting.balanced === true,
    lines: setting.lines ?? 0,
  };
  return engines.breakLines(pieces, measureOf, options).map((range, i) => {
    const line = finalizeLine(pieces, range);
    // A last line is set flush, unless breaking counted on its spaces shrinking to fit.
    const fill = setting.justify && (!line.last || line.width > measureOf(i));
    return fill ? justifyLine(line, measureOf(i), justification) : line;
  });
}
