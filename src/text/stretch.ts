import type { Piece } from "./prepare.js";

/** How lines are filled: spaces and kashidas, spaces only, kashidas first, or not at all. */
export type JustifyMode = "hybrid" | "spacing" | "kashida" | "none";

/** The justification model line breaking and justifying share (template-tunable). */
export interface Justification {
  mode: JustifyMode;
  /** Widest word space as a multiple of the natural space (1.5 allows 50 % stretch). */
  maxSpaceRatio: number;
  /** Narrowest word space as a multiple of the natural one: a hard limit. */
  minSpaceRatio: number;
  /** Longest kashida, in em of the word's font size (a long word may take two). */
  maxKashidaEm: number;
  /** Most words elongated on one line. */
  maxKashidasPerLine: number;
}

export const DEFAULT_JUSTIFICATION: Justification = {
  mode: "hybrid",
  maxSpaceRatio: 1.5,
  minSpaceRatio: 2 / 3,
  maxKashidaEm: 0.6,
  maxKashidasPerLine: 4,
};

/** What a piece can give: every glue piece stretches and shrinks, every elongatable word stretches. */
export interface PieceStretch {
  stretch: number;
  shrink: number;
  /** Kashida capacity in pt (0 for a piece that cannot take one). */
  kashida: number;
  /** What a second kashida adds, in a long word, once every first one is spent (pt). */
  secondKashida: number;
}

/**
 * The limits as an object of one shape (these fields, in this order), whatever made them: a
 * template's parse, a default, a spread with another mode. The breaker and the justifier read
 * them for every piece, and V8 recompiles a function each time it meets another shape.
 */
export function settledJustification(j: Justification, mode: JustifyMode = j.mode): Justification {
  return {
    mode,
    maxSpaceRatio: j.maxSpaceRatio,
    minSpaceRatio: j.minSpaceRatio,
    maxKashidaEm: j.maxKashidaEm,
    maxKashidasPerLine: j.maxKashidasPerLine,
  };
}

function usesSpaces(j: Justification): boolean {
  return j.mode === "hybrid" || j.mode === "spacing" || j.mode === "kashida";
}

function usesKashida(j: Justification): boolean {
  return j.mode === "hybrid" || j.mode === "kashida";
}

export function pieceStretch(piece: Piece, j: Justification): PieceStretch {
  if (piece.kind === "glue") {
    return {
      stretch: usesSpaces(j) ? piece.width * (j.maxSpaceRatio - 1) : 0,
      shrink: piece.width * (1 - j.minSpaceRatio),
      kashida: 0,
      secondKashida: 0,
    };
  }
  const elongation = piece.kind === "box" && usesKashida(j) ? piece.elongation : undefined;
  const kashida = elongation ? j.maxKashidaEm * piece.style.size : 0;
  return { stretch: 0, shrink: 0, kashida, secondKashida: elongation?.second ? kashida : 0 };
}
