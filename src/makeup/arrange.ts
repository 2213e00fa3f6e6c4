/**
 * The arrangement of a page's stories: rectangles of whole columns and grid lines that tile
 * the page around its reserved boxes. A beam search over skyline placements, in the plan's
 * order: each story takes a run of columns whose text so far ends on the same line (so every
 * story is a clean rectangle under the ones above it), with one of its shapes, at its natural
 * depth or cut to meet a neighbour's bottom or the page's. The arrangements are scored for
 * fill, jumps, order of importance and shape (Strecker & Hennig's fitness, on a grid like
 * Jacobs et al.'s templates).
 */
import type { Rectangle } from "./story.js";

/** A story's shape at one span: how deep it is when all its text is set at that span. */
export interface Shape {
  columns: number;
  /** Grid lines it takes when all of it fits (its head included); the page's depth when not. */
  lines: number;
  /** Its lines of text that the whole page's depth at this span leaves over. */
  overflow: number;
  /** The fewest lines it may be given: its head and a few lines of text. */
  least: number;
  /** Lines it can grow by without more text: its lead photo's frame taller. */
  stretch: number;
  /** How far under the template's resolution its photos print at this span, 0..1 (0: sharp). */
  soft: number;
  /** The columns its lead photo spans in this shape. */
  photoSpan?: number;
}

/** What the arrangement places: a story, or the briefs' column. */
export interface Unit {
  /** Names the unit in messages. */
  name: string;
  shapes: Shape[];
  /** The plan's span and depth, when it gives them. */
  forced?: { columns?: number; lines?: number };
  brief: boolean;
  /**
   * Lines jumped as a setting measured them, by `${columns}x${lines}`: they replace the
   * estimate (a shallower rectangle may leave out the pull-quote and jump less).
   */
  measured?: Map<string, number>;
}

/** The key of a rectangle's shape in Unit.measured. */
export function shapeKey(columns: number, lines: number): string {
  return `${columns}x${lines}`;
}

/** The page's story area: its columns and grid lines, and the boxes reserved in it. */
export interface Grid {
  columns: number;
  slots: number;
  reserves: Rectangle[];
  /** Columns are numbered from the reading start: right to left on an Arabic page. */
  rtl: boolean;
}

export interface Placed {
  unit: number;
  rect: Rectangle;
  shape: Shape;
  /** The lines its text needs at that span (the page's depth when it does not fit). */
  natural: number;
  /** Lines of its text estimated to go on to the next page. */
  jumped: number;
}

export interface Arrangement {
  placed: Placed[];
  score: number;
  terms: Record<string, number>;
  /** Placements tried over the search, partial arrangements included. */
  considered: number;
}

/** Grid lines between stories stacked in a column: the rule between them stands in it. */
export const STORY_GAP = 1;

/** The score's weights: fill is worth most; the rest are penalties. */
const WEIGHTS = {
  /** Per share of the page's story area that holds story (0..1). */
  fill: 100,
  /** Per story that jumps to the next page. */
  jump: 5,
  /** Per story that jumps with fewer than SHORT_JUMP lines: a page turned for a paragraph. */
  shortJump: 15,
  /** Per line of text jumped. */
  jumpedLine: 0.01,
  /** Per pair of stories where the less important stands higher. */
  higher: 3,
  /** Per pair of stories where the less important is larger. */
  larger: 3,
  /** A story (not the briefs) one column wide. */
  narrow: 6,
  /** A story whose columns hold fewer than SHALLOW_TEXT lines of text, per column past the first. */
  shallow: 4,
  /** The briefs' column away from the page's outer edge. */
  briefsInside: 3,
  /** The deepest white at a column's bottom, as a share of the page's depth. */
  hole: 10,
  /** The briefs' column cut short: its last briefs wait for the next page. */
  briefsCut: 30,
  /** A photo printed at no resolution at all (scaled by how far under the template's it is). */
  soft: 40,
};
/** A jump of fewer lines than this sends the reader to another page for a paragraph. */
export const SHORT_JUMP = 15;
/** Fewer lines than this under a story's head make a strip, not a story. */
const SHALLOW_TEXT = 8;
/** Lines of text a story shows at least under its head on a page (Shape.least). */
export const LEAST_TEXT = 3;
/** Partial arrangements kept after each story. */
const BEAM = 400;

interface State {
  /** Each column's first free line (its stories' bottoms and the gap under them). */
  levels: number[];
  placed: Placed[];
  /** Penalties and fill so far. */
  partial: number;
}

/** Each column's last line: the page's, or above a reserved box at the bottom. */
function capsOf(grid: Grid): { caps: number[]; tops: number[] } {
  const caps = Array.from({ length: grid.columns }, () => grid.slots);
  const tops = Array.from({ length: grid.columns }, () => 0);
  for (const r of grid.reserves) {
    for (let c = r.column - 1; c < r.column - 1 + r.columns; c++) {
      if (r.slot === 0) tops[c] = Math.max(tops[c] ?? 0, r.lines + STORY_GAP);
      else caps[c] = Math.min(caps[c] ?? grid.slots, r.slot - STORY_GAP);
    }
  }
  return { caps, tops };
}

/** The depths a story may take at `top` with `avail` lines below: natural, or meeting a bottom. */
function depthsFor(
  shape: Shape,
  unit: Unit,
  top: number,
  avail: number,
  levels: number[],
): number[] {
  if (unit.forced?.lines !== undefined)
    return unit.forced.lines <= avail ? [unit.forced.lines] : [];
  const depths = new Set<number>();
  if (shape.lines <= avail && shape.overflow === 0) depths.add(shape.lines);
  if (avail >= shape.least) depths.add(avail);
  for (const level of levels) {
    const d = level - STORY_GAP - top;
    if (d >= shape.least && d <= avail) depths.add(d);
  }
  return [...depths];
}

/** Lines of text beyond a rectangle `lines` deep. */
function jumpedAt(shape: Shape, lines: number): number {
  if (lines >= shape.lines && shape.overflow === 0) return 0;
  return shape.overflow + Math.max(0, shape.lines - lines) * shape.columns;
}

/** The partial score of one placement: the story it holds, less its shape's penalties. */
function placementScore(
  unit: Unit,
  shape: Shape,
  lines: number,
  jumped: number,
  area: number,
): number {
  let score = (WEIGHTS.fill * shape.columns * Math.min(lines, shape.lines + shape.stretch)) / area;
  if (jumped > 0) score -= WEIGHTS.jump + WEIGHTS.jumpedLine * jumped;
  // A depth the plan gives is the editor's: a short jump there is not the search's doing.
  if (jumped > 0 && jumped < SHORT_JUMP && unit.forced?.lines === undefined)
    score -= WEIGHTS.shortJump;
  if (jumped > 0 && unit.brief) score -= WEIGHTS.briefsCut;
  score -= WEIGHTS.soft * shape.soft;
  if (!unit.brief && shape.columns === 1) score -= WEIGHTS.narrow;
  // A shallow story reads as a strip, the worse the wider it runs.
  if (!unit.brief && Math.min(lines, shape.lines) - shape.least + LEAST_TEXT < SHALLOW_TEXT)
    score -= WEIGHTS.shallow * Math.max(1, shape.columns - 1);
  return score;
}

/** Penalties of the order of importance: a later story higher or larger than an earlier one. */
function orderScore(placed: readonly Placed[], units: readonly Unit[]): Record<string, number> {
  let higher = 0;
  let larger = 0;
  const stories = placed.filter((p) => !units[p.unit]?.brief);
  for (let i = 0; i < stories.length; i++) {
    for (let j = i + 1; j < stories.length; j++) {
      const a = stories[i] as Placed;
      const b = stories[j] as Placed;
      const [early, late] = a.unit < b.unit ? [a, b] : [b, a];
      if (late.rect.slot < early.rect.slot) higher++;
      const area = (p: Placed) => p.rect.columns * Math.min(p.rect.lines, p.natural);
      if (area(late) > area(early)) larger++;
    }
  }
  return { higher: 0 - WEIGHTS.higher * higher, larger: 0 - WEIGHTS.larger * larger };
}

export class ArrangeError extends Error {
  constructor(
    message: string,
    readonly unit: number,
  ) {
    super(message);
  }
}

/**
 * The best arrangement of the units on the grid, in their order: the first is the lead, at
 * the top of the reading start. Throws an ArrangeError naming the first unit that finds no
 * room in any arrangement.
 */
export function arrange(units: readonly Unit[], grid: Grid): Arrangement {
  const { caps, tops } = capsOf(grid);
  const usable = caps.reduce((sum, cap, c) => sum + Math.max(0, cap - (tops[c] ?? 0)), 0);
  let beam: State[] = [{ levels: [...tops], placed: [], partial: 0 }];
  let considered = 0;
  units.forEach((unit, u) => {
    const next = new Map<string, State>();
    for (const state of beam) {
      const { levels } = state;
      const shapes = unit.forced?.columns
        ? unit.shapes.filter((s) => s.columns === unit.forced?.columns)
        : unit.shapes;
      // The lead takes the top of the reading start: the first column left free at the top.
      const leadColumn = u === 0 ? levels.indexOf(Math.min(...levels)) : -1;
      for (const shape of shapes) {
        for (let a = 0; a + shape.columns <= grid.columns; a++) {
          if (u === 0 && a !== leadColumn) continue;
          const top = levels[a] ?? 0;
          let cap = Number.POSITIVE_INFINITY;
          let flat = true;
          for (let c = a; c < a + shape.columns; c++) {
            if (levels[c] !== top) flat = false;
            cap = Math.min(cap, caps[c] ?? 0);
          }
          if (!flat) continue;
          const avail = cap - top;
          for (const lines of depthsFor(shape, unit, top, avail, levels)) {
            const jumped =
              unit.measured?.get(shapeKey(shape.columns, lines)) ?? jumpedAt(shape, lines);
            const rect = { column: a + 1, columns: shape.columns, slot: top, lines };
            const natural = Math.min(shape.lines + shape.stretch, grid.slots);
            const nextLevels = [...levels];
            for (let c = a; c < a + shape.columns; c++)
              nextLevels[c] = top + lines >= cap ? (caps[c] ?? 0) : top + lines + STORY_GAP;
            let partial = state.partial + placementScore(unit, shape, lines, jumped, usable);
            if (unit.brief && a !== 0 && a + shape.columns !== grid.columns)
              partial -= WEIGHTS.briefsInside;
            const placed = [...state.placed, { unit: u, rect, shape, natural, jumped }];
            const key = `${nextLevels.join(",")}|${placed.map((p) => `${p.rect.column}:${p.rect.columns}`).join(",")}`;
            considered++;
            const known = next.get(key);
            if (!known || known.partial < partial)
              next.set(key, { levels: nextLevels, placed, partial });
          }
        }
      }
    }
    if (next.size === 0) throw new ArrangeError(`no room for ${unit.name}`, u);
    beam = [...next.values()].sort((a, b) => b.partial - a.partial).slice(0, BEAM);
  });
  let best: Arrangement | undefined;
  for (const state of beam) {
    const fill =
      state.placed.reduce((sum, p) => sum + p.rect.columns * Math.min(p.rect.lines, p.natural), 0) /
      usable;
    const jumps = state.placed.filter((p) => p.jumped > 0);
    const fillTerm = WEIGHTS.fill * fill;
    // Where text is short, white spread along the bottom reads as short copy; a column left
    // empty for most of its height reads as a story missing.
    const bottoms = [...tops];
    for (const p of state.placed) {
      for (let c = p.rect.column - 1; c < p.rect.column - 1 + p.rect.columns; c++)
        bottoms[c] = Math.max(bottoms[c] ?? 0, p.rect.slot + Math.min(p.rect.lines, p.natural));
    }
    const deepestHole = Math.max(0, ...caps.map((cap, c) => cap - (bottoms[c] ?? 0)));
    const holeTerm = 0 - (WEIGHTS.hole * deepestHole) / grid.slots;
    const jumpTerm =
      -WEIGHTS.jump * jumps.length -
      WEIGHTS.shortJump *
        jumps.filter((p) => p.jumped < SHORT_JUMP && units[p.unit]?.forced?.lines === undefined)
          .length;
    const jumpedTerm = -WEIGHTS.jumpedLine * jumps.reduce((sum, p) => sum + p.jumped, 0);
    const terms: Record<string, number> = {
      fill: fillTerm,
      jumps: jumpTerm,
      jumpedLines: jumpedTerm,
      hole: holeTerm,
      ...orderScore(state.placed, units),
      // The shape penalties are the rest of the partial score.
      shape: state.partial - fillTerm - jumpTerm - jumpedTerm,
    };
    const score = Object.values(terms).reduce((sum, t) => sum + t, 0);
    if (!best || score > best.score) best = { placed: state.placed, score, terms, considered: 0 };
  }
  if (!best) throw new ArrangeError("no arrangement", 0);
  best.considered = considered;
  return best;
}
