import { breakLinesGreedy, type LineRange, type MeasureOf } from "./breakLines.js";
import type { Piece } from "./prepare.js";
import { type Justification, pieceStretch } from "./stretch.js";

/** Demerits of any line, so fewer lines win when all else is equal (TeX's \linepenalty). */
const LINE_PENALTY = 10;
/** Extra demerits when a line's tightness jumps two classes from the line before (\adjdemerits). */
const ADJACENT_FITNESS_DEMERITS = 10_000;
/** Adjustment ratios tried in turn: each pass admits looser lines than the last. */
const TOLERANCES = [1, 2, 5];
/** Unjustified lines measure their slack against this share of the measure. */
const BALANCED_SLACK = 0.5;

export interface BreakOptions {
  justification: Justification;
  /**
   * Ragged text whose lines should come out even (headlines, pull-quotes): every line,
   * the last too, pays for its slack.
   */
  balanced?: boolean;
  /** Ask for exactly this many lines, when a feasible setting has them (for column balancing). */
  lines?: number;
}

interface Totals {
  width: number;
  stretch: number;
  shrink: number;
  kashida: number;
  kashidaWords: number;
}

/** Running sums over pieces, so any line's totals cost O(1). */
function prefixTotals(pieces: readonly Piece[], j: Justification): Totals[] {
  const sums: Totals[] = [{ width: 0, stretch: 0, shrink: 0, kashida: 0, kashidaWords: 0 }];
  for (const piece of pieces) {
    const prev = sums[sums.length - 1] as Totals;
    const s = pieceStretch(piece, j);
    sums.push({
      width: prev.width + piece.width,
      stretch: prev.stretch + s.stretch,
      shrink: prev.shrink + s.shrink,
      kashida: prev.kashida + s.kashida,
      kashidaWords: prev.kashidaWords + (s.kashida > 0 ? 1 : 0),
    });
  }
  return sums;
}

function fitness(ratio: number): number {
  if (ratio < -0.5) return 0;
  if (ratio <= 0.5) return 1;
  if (ratio <= 1) return 2;
  return 3;
}

interface Node {
  /** Breakpoint: the line ends before pieces[position]. */
  position: number;
  line: number;
  fitness: number;
  demerits: number;
  previous: Node | null;
}

/**
 * Total-fit line breaking (Knuth and Plass) over shaped pieces: boxes are words, glue is word
 * space with stretch and shrink, and words that can take a kashida add stretch of their own,
 * so breaking and justification share one model. Lines may end after any piece that allows a
 * break. Every feasible breakpoint keeps its best node per line count, so a caller can ask for
 * one line more or less. When no setting is feasible even loosely, first-fit breaking takes over,
 * which never loops.
 */
export function breakLinesOptimal(
  pieces: readonly Piece[],
  measureOf: MeasureOf,
  options: BreakOptions,
): LineRange[] {
  if (pieces.length === 0) return [];
  for (const tolerance of TOLERANCES) {
    const lines = solve(pieces, measureOf, options, tolerance);
    if (lines) return lines;
  }
  return breakLinesGreedy(pieces, measureOf);
}

function solve(
  pieces: readonly Piece[],
  measureOf: MeasureOf,
  options: BreakOptions,
  tolerance: number,
): LineRange[] | null {
  const j = options.justification;
  // Unjustified lines keep their natural width: their cost is the slack they leave.
  const ragged = options.balanced === true || j.mode === "none";
  const sums = prefixTotals(pieces, j);
  const n = pieces.length;
  // lastBox[p]: one past the last box before position p; trailing glue hangs.
  const lastBox = new Array<number>(n + 1).fill(0);
  for (let p = 1; p <= n; p++)
    lastBox[p] = pieces[p - 1]?.kind === "box" ? p : (lastBox[p - 1] ?? 0);

  let active: Node[] = [{ position: 0, line: 0, fitness: 1, demerits: 0, previous: null }];
  const finals: Node[] = [];
  for (let p = 1; p <= n; p++) {
    const piece = pieces[p - 1] as Piece;
    const end = p === n;
    const hard = piece.kind === "hardBreak";
    if (!(end || hard || piece.breakAfter)) continue;
    // Glue after a break belongs to the line it ends.
    if (!end && !hard && pieces[p]?.kind === "glue") continue;
    const last = end || hard;
    const best = new Map<number, Node>();
    const survivors: Node[] = [];
    for (const node of active) {
      const a = sums[node.position] as Totals;
      const b = sums[lastBox[p] ?? 0] as Totals;
      const width = b.width - a.width;
      const measure = measureOf(node.line);
      const words = b.kashidaWords - a.kashidaWords;
      const kashida =
        words > j.maxKashidasPerLine
          ? ((b.kashida - a.kashida) * j.maxKashidasPerLine) / words
          : b.kashida - a.kashida;
      const stretch = b.stretch - a.stretch + kashida;
      const shrink = b.shrink - a.shrink;
      const slack = measure - width;
      let ratio: number;
      if (last && slack >= 0 && !options.balanced) ratio = 0;
      else if (ragged)
        ratio = slack >= 0 ? slack / (measure * BALANCED_SLACK) : Number.NEGATIVE_INFINITY;
      else if (slack >= 0)
        ratio = stretch > 0 ? slack / stretch : slack > 1e-6 ? Number.POSITIVE_INFINITY : 0;
      else ratio = shrink > 0 ? slack / shrink : Number.NEGATIVE_INFINITY;
      if (ratio < -1) continue; // too full now, and only fuller later: drop the node
      survivors.push(node);
      if (ratio > tolerance) continue;
      const badness = 100 * Math.abs(ratio) ** 3;
      const fit = fitness(ratio);
      let demerits = (LINE_PENALTY + badness) ** 2;
      if (Math.abs(fit - node.fitness) > 1) demerits += ADJACENT_FITNESS_DEMERITS;
      const total = node.demerits + demerits;
      const line = node.line + 1;
      const known = best.get(line);
      if (!known || total < known.demerits)
        best.set(line, { position: p, line, fitness: fit, demerits: total, previous: node });
    }
    active = hard ? [] : survivors;
    for (const node of best.values()) {
      if (end) finals.push(node);
      else active.push(node);
    }
    if (active.length === 0 && !end) return null;
  }
  const wanted = options.lines;
  const pool = wanted ? finals.filter((f) => f.line === wanted) : finals;
  const chosen = (pool.length ? pool : finals).reduce<Node | null>(
    (acc, f) => (!acc || f.demerits < acc.demerits ? f : acc),
    null,
  );
  if (!chosen) return null;
  const path: Node[] = [];
  for (let node: Node | null = chosen; node?.previous; node = node.previous) path.push(node);
  path.reverse();
  let start = 0;
  return path.map((node) => {
    const endPiece = pieces[node.position - 1];
    const range: LineRange = {
      start,
      end: node.position,
      width: (sums[lastBox[node.position] ?? 0] as Totals).width - (sums[start] as Totals).width,
      last: node.position === pieces.length || endPiece?.kind === "hardBreak",
    };
    start = node.position;
    return range;
  });
}
