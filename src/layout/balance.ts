/**
 * The last page's columns, balanced: their bottoms at most a line apart. A search over the
 * columns' heights, and when widow and orphan control leaves no even split, one item changed.
 */
import {
  columnRegions,
  type FlowCursor,
  type FlowItem,
  fillRegion,
  isDone,
  linesLeft,
  MIN_LINES_AT_BREAK,
  type Obstruction,
  obstructionStart,
  type PageFlow,
  type Placement,
  RegionEnd,
  type TextItem,
} from "./flow.js";

/**
 * Whether a flow leaves a column empty under a lead photo while the text beside the photo runs
 * on below it: a short article may stand beside its photo, but one that reaches below it
 * starts under it. `ends[c]`: the slot after column c's last line, -1 for an empty column.
 */
function leavesColumnEmpty(
  ends: readonly number[],
  columns: number,
  tops: readonly number[],
): boolean {
  let used = 0;
  let last = 0;
  let bottom = 0;
  for (let c = 1; c <= columns; c++) {
    const end = ends[c] ?? -1;
    if (end < 0) continue;
    used |= 1 << c;
    last = c;
    if (end > bottom) bottom = end;
  }
  for (let c = 1; c < last; c++) {
    if ((used & (1 << c)) === 0 && (tops[c - 1] ?? 0) + MIN_LINES_AT_BREAK <= bottom) return true;
  }
  return false;
}

/** Column bottoms in slots (one past the last line), for the columns that hold lines. */
export function columnBottoms(flow: PageFlow): number[] {
  const bottoms = new Map<number, number>();
  for (const p of flow.placements)
    bottoms.set(p.column, Math.max(bottoms.get(p.column) ?? 0, p.slot + 1));
  return [...bottoms.values()];
}

/** How many slots the lowest column bottom is above the highest. */
export function spread(flow: PageFlow): number {
  const bottoms = columnBottoms(flow);
  return bottoms.length ? Math.max(...bottoms) - Math.min(...bottoms) : 0;
}

/** How far past the lowest bottom that holds the rest the search looks first, in slots. */
const BALANCE_SEARCH = 3;
/** How far from the centre, in slots, the pull-quote may move to let the columns balance. */
const OBSTRUCTION_SHIFTS = [0, -1, 1, -2, 2, -3, 3];
/** One search: every column ends at `bottom` or a slot lower. */
interface Search {
  items: readonly FlowItem[];
  columns: number;
  bottom: number;
  max: number;
  tops: readonly number[];
  obstruction: Obstruction | undefined;
}

/** Where the pull-quote's box goes: its shift from the centre, its columns' height, its top. */
interface Box {
  shift: number;
  height: number;
  start: number;
}

/**
 * The ways to set the pull-quote's box for a bottom: its columns all `bottom` or a slot lower,
 * the box a few slots from their centre, and always inside their text area.
 */
function boxes(s: Search): Box[] {
  const { obstruction, bottom, max, tops } = s;
  if (!obstruction) return [];
  const top = Math.max(0, ...obstruction.columns.map((c) => tops[c - 1] ?? 0));
  const heights = [Math.min(max, bottom + 1), bottom].filter(
    (h, i, all) => all.indexOf(h) === i && h - top >= obstruction.slots,
  );
  return OBSTRUCTION_SHIFTS.flatMap((shift) =>
    heights.map((height) => ({
      shift,
      height,
      start: obstructionStart({ ...obstruction, shift }, height, top),
    })),
  );
}

/**
 * The most even flow for a bottom (its used columns' bottoms closest together), trying each
 * column a slot taller first (the short columns fall to the left) and the pull-quote nearest
 * the centre first; null when none holds the rest. Columns are filled one at a time, depth
 * first, and the search stops at the first flow within a line. A column's fill depends only
 * on where the flow stands (and, in the box's columns, where the box is), so a standing that
 * failed once is not tried again, whatever the box; and a column that ends further from those
 * before it than the best flow so far cuts the search short.
 */
function searchColumns(s: Search, from: FlowCursor): { flow: PageFlow; spread: number } | null {
  const { items, columns, bottom, max, tops, obstruction } = s;
  // The columns filled so far on the way the search is going: where each began, its height
  // and the box's start, to place their lines again for a flow the search keeps, and where
  // each ends. Fills only find where a column ends: most are tried and dropped.
  const begins: FlowCursor[] = [];
  const caps: number[] = [];
  const starts: (number | null)[] = [];
  const ends: number[] = [];
  const probe = new RegionEnd();
  const placementsOf = (filled: number): Placement[] => {
    const placements: Placement[] = [];
    for (let c = 1; c <= filled; c++) {
      const cursor = { ...(begins[c] as FlowCursor) };
      const regions = columnRegions(
        c,
        caps[c] ?? 0,
        tops[c - 1] ?? 0,
        obstruction,
        starts[c] ?? null,
      );
      for (const region of regions) fillRegion(items, region, cursor, placements);
    }
    return placements;
  };
  const failed = new Set<string>();
  const heights = [Math.min(max, bottom + 1), bottom].filter((h, i, all) => all.indexOf(h) === i);
  const ways = boxes(s);
  if (obstruction && ways.length === 0) return null;
  let best: { flow: PageFlow; spread: number } | null = null;
  /** Fills from `column` on; true when the search may stop (a flow within a line). */
  const fill = (
    column: number,
    cursor: FlowCursor,
    lo: number,
    hi: number,
    box: Box | undefined,
  ): boolean => {
    if (isDone(items, cursor)) {
      if (leavesColumnEmpty(ends, column - 1, tops)) return false;
      const spread = Math.max(0, hi - lo);
      if (!best || spread < best.spread) {
        const flow = {
          placements: placementsOf(column - 1),
          next: cursor,
          obstructionStart: box?.start ?? null,
        };
        best = { flow, spread };
      }
      return spread <= 1;
    }
    if (column > columns) return false;
    const inBox = obstruction?.columns.includes(column) === true;
    const key = `${column} ${cursor.item} ${cursor.line} ${cursor.deferred} ${lo} ${hi}${inBox ? ` ${box?.shift} ${box?.height}` : ""}`;
    if (failed.has(key)) return false;
    /** This column `cap` slots high, with the box `way` (if in it), then the next columns. */
    const tryHeight = (cap: number, way: Box | undefined): boolean => {
      const next = { ...cursor };
      const start = way?.start ?? null;
      probe.clear();
      for (const region of columnRegions(column, cap, tops[column - 1] ?? 0, obstruction, start))
        fillRegion(items, region, next, probe);
      const end = probe.end;
      begins[column] = cursor;
      caps[column] = cap;
      starts[column] = start;
      ends[column] = end;
      const low = end < 0 ? lo : Math.min(lo, end);
      const high = end < 0 ? hi : Math.max(hi, end);
      return (!best || high - low < best.spread) && fill(column + 1, next, low, high, way);
    };
    if (!inBox) {
      for (const h of heights) if (tryHeight(h, box)) return true;
    } else if (box) {
      if (tryHeight(box.height, box)) return true;
    } else {
      for (const way of ways) if (tryHeight(way.height, way)) return true;
    }
    failed.add(key);
    return false;
  };
  fill(1, { ...from }, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, undefined);
  return best;
}

/**
 * Sets the rest of the flow on its last page with balanced columns: the first setting whose
 * column bottoms differ by at most one line, from the lowest bottom that can hold the rest
 * to a few slots past it, the pull-quote moved a few slots from the centre if need be; else
 * the most even one there. Only when nothing there holds the rest does it look further down
 * the page. Returns null when the rest does not fit on one page.
 */
export function flowBalanced(
  items: readonly FlowItem[],
  from: FlowCursor,
  columns: number,
  maxSlots: number,
  obstruction?: Obstruction,
  tops: readonly number[] = [],
): PageFlow | null {
  const holds = (bottom: number) =>
    Array.from({ length: columns }, (_, i) =>
      Math.max(0, Math.min(maxSlots, bottom) - Math.min(maxSlots, tops[i] ?? 0)),
    ).reduce((a, b) => a + b, 0);
  const boxed = obstruction ? obstruction.slots * obstruction.columns.length : 0;
  const room = holds(maxSlots);
  const needed = linesLeft(items, from, room - boxed) + boxed;
  if (needed > room) return null;
  let lowest = 0;
  while (lowest < maxSlots && holds(lowest + 1) < needed) lowest++;
  const near = Math.min(maxSlots, lowest + BALANCE_SEARCH);
  const ranges: [number, number][] = [
    [lowest, near],
    [near + 1, maxSlots],
  ];
  for (const [first, last] of ranges) {
    let best: { flow: PageFlow; spread: number } | null = null;
    for (let bottom = first; bottom <= last; bottom++) {
      const found = searchColumns(
        { items, columns, bottom, max: maxSlots, tops, obstruction },
        from,
      );
      if (found && found.spread <= 1) return found.flow;
      if (found && (!best || found.spread < best.spread)) best = found;
    }
    if (best) return best.flow;
  }
  return null;
}

/** Lines an in-text photo's frame may gain or lose to balance the last page (its crop absorbs them). */
const FIGURE_ADJUSTMENTS = [1, -1, 2, -2];

/**
 * The last page's flow with balanced columns. When widow and orphan control leaves no even
 * split, one item on the page is changed and the page balanced again: a photo in the text
 * takes a frame a line or two taller or shorter (its crop absorbs it, and no line is reset),
 * or else one paragraph is set a line longer or shorter (the next-best setting of its line
 * breaks), as a compositor would loosen or tighten a paragraph. Returns null when the rest
 * does not fit on one page.
 */
export function balanceFlow(
  items: readonly FlowItem[],
  from: FlowCursor,
  columns: number,
  maxSlots: number,
  obstruction?: Obstruction,
  tops: readonly number[] = [],
): { flow: PageFlow; items: readonly FlowItem[] } | null {
  const flow = flowBalanced(items, from, columns, maxSlots, obstruction, tops);
  if (!flow || spread(flow) <= 1) return flow && { flow, items };
  // A paragraph begun on an earlier page keeps its lines: they are set already.
  const first = from.line > 0 ? from.item + 1 : from.item;
  const entries = items.map((item, index) => ({ item, index })).slice(first);
  const trials = function* (): Generator<FlowItem[]> {
    for (const { item, index } of entries) {
      if (item.kind !== "figure" || !item.reframe) continue;
      for (const lines of FIGURE_ADJUSTMENTS) {
        const figure = item.reframe(lines);
        if (figure.slots === item.slots) continue;
        yield items.map((it, i) => (i === index ? { ...item, figure, slots: figure.slots } : it));
      }
    }
    const paragraphs = entries
      .filter((entry): entry is { item: TextItem; index: number } => entry.item.kind !== "figure")
      .sort((a, b) => b.item.set.lines.length - a.item.set.lines.length);
    const resetOf = (item: TextItem, delta: number) => {
      const count = item.set.lines.length + delta;
      if (!item.reset || count < 1) return undefined;
      const set = item.reset(count);
      return set.lines.length === count ? { ...item, set } : undefined;
    };
    for (const delta of [1, -1]) {
      for (const { item, index } of paragraphs) {
        const reset = resetOf(item, delta);
        if (reset) yield items.map((it, i) => (i === index ? reset : it));
      }
    }
  };
  for (const trial of trials()) {
    const balanced = flowBalanced(trial, from, columns, maxSlots, obstruction, tops);
    if (balanced && spread(balanced) <= 1) return { flow: balanced, items: trial };
  }
  return { flow, items };
}
