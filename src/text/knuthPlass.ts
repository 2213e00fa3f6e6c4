import { breakLinesGreedy, type LineRange, type MeasureOf } from "./breakLines.js";
import type { Piece } from "./prepare.js";
import { type Justification, pieceStretch, settledJustification } from "./stretch.js";

/** Demerits of any line, so fewer lines win when all else is equal (TeX's \linepenalty). */
const LINE_PENALTY = 10;
/** Extra demerits when a line's tightness jumps two classes from the line before (\adjdemerits). */
const ADJACENT_FITNESS_DEMERITS = 10_000;
/** Adjustment ratios tried in turn: each pass admits looser lines than the last. */
const TOLERANCES = [1, 2, 5];
/**
 * What a second kashida counts for in a line's stretch: it comes in only once every space and
 * first kashida is at its limit, so a line that needs it is looser than its ratio says. Half
 * weight kept every space within 1.5x over 350 layouts (14 articles, 5 templates, 1 to 6
 * copies) and set tighter paragraphs than full weight (11 articles once on every template:
 * mean space 1.115x, not 1.123x; 3.36 kashidas a line, not 3.41); no weight at all let 16
 * lines reach 1.55x.
 */
const SECOND_KASHIDA_WEIGHT = 0.5;
/** Unjustified lines measure their slack against this share of the measure. */
const BALANCED_SLACK = 0.5;

export interface BreakOptions {
  justification: Justification;
  /**
   * Ragged text whose lines should come out even (headlines, pull-quotes): every line,
   * the last too, pays for its slack.
   */
  balanced?: boolean;
  /**
   * Ask for exactly this many lines, when a feasible setting has them (for column balancing);
   * 0 asks for none.
   */
  lines?: number;
}

/** Running sums over pieces (index p: the first p pieces), so any line's totals cost O(1). */
interface Totals {
  width: Float64Array;
  stretch: Float64Array;
  shrink: Float64Array;
  kashida: Float64Array;
  kashidaWords: Int32Array;
}

function prefixTotals(pieces: readonly Piece[], j: Justification): Totals {
  const n = pieces.length;
  const t: Totals = {
    width: new Float64Array(n + 1),
    stretch: new Float64Array(n + 1),
    shrink: new Float64Array(n + 1),
    kashida: new Float64Array(n + 1),
    kashidaWords: new Int32Array(n + 1),
  };
  for (let i = 0; i < n; i++) {
    const piece = pieces[i] as Piece;
    const s = pieceStretch(piece, j);
    t.width[i + 1] = (t.width[i] as number) + piece.width;
    t.stretch[i + 1] = (t.stretch[i] as number) + s.stretch;
    t.shrink[i + 1] = (t.shrink[i] as number) + s.shrink;
    t.kashida[i + 1] =
      (t.kashida[i] as number) + s.kashida + s.secondKashida * SECOND_KASHIDA_WEIGHT;
    t.kashidaWords[i + 1] = (t.kashidaWords[i] as number) + (s.kashida > 0 ? 1 : 0);
  }
  return t;
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
  // Every call of solve sees options of one shape (see settledJustification).
  const justification = settledJustification(options.justification);
  const balanced = options.balanced === true;
  // A setting in so many lines may need a looser pass than the paragraph's best setting: the
  // caller (column balancing) judges its spaces.
  if (options.lines) {
    const asked: BreakOptions = { justification, balanced, lines: options.lines };
    for (const tolerance of TOLERANCES) {
      const lines = solve(pieces, measureOf, asked, tolerance);
      if (lines?.length === options.lines) return lines;
    }
  }
  const free: BreakOptions = { justification, balanced, lines: 0 };
  for (const tolerance of TOLERANCES) {
    const lines = solve(pieces, measureOf, free, tolerance);
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
  // Reused at every breakpoint: a paragraph has hundreds of them.
  let survivors: Node[] = [];
  const best = new Map<number, Node>();
  const finals: Node[] = [];
  for (let p = 1; p <= n; p++) {
    const piece = pieces[p - 1] as Piece;
    const end = p === n;
    const hard = piece.kind === "hardBreak";
    if (!(end || hard || piece.breakAfter)) continue;
    // Glue after a break belongs to the line it ends.
    if (!end && !hard && pieces[p]?.kind === "glue") continue;
    const last = end || hard;
    best.clear();
    survivors.length = 0;
    const b = lastBox[p] ?? 0;
    for (const node of active) {
      const a = node.position;
      const width = (sums.width[b] as number) - (sums.width[a] as number);
      const measure = measureOf(node.line);
      const words = (sums.kashidaWords[b] as number) - (sums.kashidaWords[a] as number);
      const kashidaTotal = (sums.kashida[b] as number) - (sums.kashida[a] as number);
      const kashida =
        words > j.maxKashidasPerLine ? (kashidaTotal * j.maxKashidasPerLine) / words : kashidaTotal;
      const stretch = (sums.stretch[b] as number) - (sums.stretch[a] as number) + kashida;
      const shrink = (sums.shrink[b] as number) - (sums.shrink[a] as number);
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
    // The survivors become the active list; the old one is reused for the next survivors.
    const previous = active;
    active = survivors;
    survivors = previous;
    if (hard) active.length = 0;
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
      width: (sums.width[lastBox[node.position] ?? 0] as number) - (sums.width[start] as number),
      last: node.position === pieces.length || endPiece?.kind === "hardBreak",
    };
    start = node.position;
    return range;
  });
}
