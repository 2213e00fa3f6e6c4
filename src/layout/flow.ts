import type { Alignment } from "../text/justify.js";
import type { SetText } from "./setText.js";

/** A paragraph of the body flow: its set lines all sit on the baseline grid, one slot each. */
export interface FlowItem {
  set: SetText;
  kind: "body" | "subhead" | "source";
  align: Alignment;
  firstIndent: number;
  paragraph: number;
  /** Never the last thing in a region (headings): it moves on with the next item's first lines. */
  keepWithNext: boolean;
  /** The paragraph set again in this many lines (looser or tighter), for balancing columns. */
  reset?: (lines: number) => SetText;
}

/** Where the flow stands: line `line` of item `item` is the next to place. */
export interface FlowCursor {
  item: number;
  line: number;
}

/** A line placed in a column (1 = rightmost) at a grid slot (0 = the top one). */
export interface Placement {
  item: number;
  line: number;
  column: number;
  slot: number;
}

/** A box that takes `slots` grid slots out of the given columns, centred in their height. */
export interface Obstruction {
  columns: number[];
  slots: number;
  /** Slots to move the box down (or up, negative) from the centre. */
  shift?: number;
}

export interface PageFlow {
  placements: Placement[];
  next: FlowCursor;
  /** First slot the obstruction covers, when there is one. */
  obstructionStart: number | null;
}

/** The fewest lines of a paragraph that may stand alone at a column's top or bottom. */
const MIN_LINES_AT_BREAK = 2;

interface Region {
  column: number;
  start: number;
  end: number;
}

function regionsFor(
  caps: readonly number[],
  obstruction: Obstruction | undefined,
): { regions: Region[]; start: number | null } {
  let start: number | null = null;
  if (obstruction) {
    const height = Math.min(...obstruction.columns.map((c) => caps[c - 1] ?? 0));
    const centre = Math.floor((height - obstruction.slots) / 2) + (obstruction.shift ?? 0);
    // Text runs above and below the box: at least a paragraph's minimum on each side.
    const lowest = height - obstruction.slots - MIN_LINES_AT_BREAK;
    start = Math.max(Math.min(MIN_LINES_AT_BREAK, lowest), Math.min(centre, lowest), 0);
  }
  const regions: Region[] = [];
  caps.forEach((cap, i) => {
    const column = i + 1;
    if (start !== null && obstruction?.columns.includes(column)) {
      regions.push({ column, start: 0, end: Math.min(start, cap) });
      regions.push({ column, start: start + (obstruction?.slots ?? 0), end: cap });
    } else {
      regions.push({ column, start: 0, end: cap });
    }
  });
  return { regions, start };
}

/**
 * How many lines of an item to put in a region with `space` free slots: no paragraph leaves a
 * single line alone at the region's bottom (orphan) or carries one alone to the next (widow),
 * and an item kept with the next never ends a region.
 */
function linesToTake(items: readonly FlowItem[], cursor: FlowCursor, space: number): number {
  const item = items[cursor.item] as FlowItem;
  const count = item.set.lines.length;
  const remaining = count - cursor.line;
  if (remaining <= space) {
    if (!item.keepWithNext) return remaining;
    const next = items[cursor.item + 1];
    const needed = next ? Math.min(MIN_LINES_AT_BREAK, next.set.lines.length) : 0;
    return space - remaining >= needed ? remaining : 0;
  }
  if (item.keepWithNext) return 0;
  // Split only where both parts keep two lines: no orphan, no widow, and no single line
  // stranded between a column's edge and the pull-quote.
  let take = space;
  if (remaining - take < MIN_LINES_AT_BREAK) take = remaining - MIN_LINES_AT_BREAK;
  return take < MIN_LINES_AT_BREAK ? 0 : take;
}

/**
 * Fills one page's columns, right to left, from the cursor. `caps` gives each column's height
 * in grid slots. With `force`, the first region takes at least one line whatever the rules,
 * so a page always makes progress.
 */
export function flowPage(
  items: readonly FlowItem[],
  from: FlowCursor,
  caps: readonly number[],
  obstruction?: Obstruction,
  force = false,
): PageFlow {
  const { regions, start } = regionsFor(caps, obstruction);
  const placements: Placement[] = [];
  const cursor = { ...from };
  for (const region of regions) {
    let slot = region.start;
    while (cursor.item < items.length && slot < region.end) {
      let take = linesToTake(items, cursor, region.end - slot);
      if (take === 0 && force && placements.length === 0) take = 1;
      if (take === 0) break;
      for (let k = 0; k < take; k++) {
        placements.push({ item: cursor.item, line: cursor.line, column: region.column, slot });
        slot++;
        cursor.line++;
      }
      const item = items[cursor.item] as FlowItem;
      if (cursor.line >= item.set.lines.length) {
        cursor.item++;
        cursor.line = 0;
      }
    }
  }
  return { placements, next: cursor, obstructionStart: start };
}

/** Lines left to place from the cursor on. */
export function linesLeft(items: readonly FlowItem[], from: FlowCursor): number {
  let total = 0;
  for (let i = from.item; i < items.length; i++) total += items[i]?.set.lines.length ?? 0;
  return total - from.line;
}

/** Every way to give `extra` of the columns one slot more than `base`, right columns first. */
function capChoices(total: number, columns: number, max: number): number[][] {
  const base = Math.floor(total / columns);
  const extra = total % columns;
  const out: number[][] = [];
  const pick = (from: number, chosen: number[]): void => {
    if (chosen.length === extra) {
      out.push(
        Array.from({ length: columns }, (_, i) =>
          Math.min(max, base + (chosen.includes(i) ? 1 : 0)),
        ),
      );
      return;
    }
    for (let i = from; i < columns; i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return out;
}

/** Column bottoms in slots (one past the last line), for the columns that hold lines. */
export function columnBottoms(flow: PageFlow): number[] {
  const bottoms = new Map<number, number>();
  for (const p of flow.placements)
    bottoms.set(p.column, Math.max(bottoms.get(p.column) ?? 0, p.slot + 1));
  return [...bottoms.values()];
}

function spread(flow: PageFlow): number {
  const bottoms = columnBottoms(flow);
  return bottoms.length ? Math.max(...bottoms) - Math.min(...bottoms) : 0;
}

/** How far past the exact share of slots the balancing search looks, in slots per column. */
const BALANCE_SEARCH = 3;
/** How far from the centre, in slots, the pull-quote may move to let the columns balance. */
const OBSTRUCTION_SHIFTS = [0, -1, 1, -2, 2, -3, 3];

/**
 * Sets the rest of the flow on its last page with balanced columns. Widow and orphan control
 * can leave a column a line short, so it tries the even shares of a few totals, and every
 * placement of the odd slots, and keeps the first whose column bottoms differ by at most one
 * line (else the most even). Returns null when the rest does not fit on one page.
 */
export function flowBalanced(
  items: readonly FlowItem[],
  from: FlowCursor,
  columns: number,
  maxSlots: number,
  obstruction?: Obstruction,
): PageFlow | null {
  const needed =
    linesLeft(items, from) + (obstruction ? obstruction.slots * obstruction.columns.length : 0);
  if (needed > columns * maxSlots) return null;
  let best = null as { flow: PageFlow; spread: number } | null;
  const last = Math.min(columns * maxSlots, needed + columns * BALANCE_SEARCH);
  for (let total = needed; total <= columns * maxSlots; total++) {
    for (const caps of capChoices(total, columns, maxSlots)) {
      for (const shift of obstruction ? OBSTRUCTION_SHIFTS : [0]) {
        const flow = flowPage(items, from, caps, obstruction && { ...obstruction, shift });
        if (flow.next.item < items.length) continue;
        const s = spread(flow);
        if (s <= 1) return flow;
        if (!best || s < best.spread) best = { flow, spread: s };
      }
    }
    if (best && total >= last) return best.flow;
  }
  return best?.flow ?? null;
}

/**
 * The last page's flow with balanced columns. When widow and orphan control leaves no even
 * split, one paragraph on the page is set a line longer or shorter (the next-best setting of
 * its line breaks), as a compositor would loosen or tighten a paragraph, and the page is
 * balanced again. Returns null when the rest does not fit on one page.
 */
export function balanceFlow(
  items: readonly FlowItem[],
  from: FlowCursor,
  columns: number,
  maxSlots: number,
  obstruction?: Obstruction,
): { flow: PageFlow; items: readonly FlowItem[] } | null {
  const flow = flowBalanced(items, from, columns, maxSlots, obstruction);
  if (!flow || spread(flow) <= 1) return flow && { flow, items };
  // A paragraph begun on an earlier page keeps its lines: they are set already.
  const first = from.line > 0 ? from.item + 1 : from.item;
  const order = items
    .map((item, index) => ({ item, index }))
    .slice(first)
    .sort((a, b) => b.item.set.lines.length - a.item.set.lines.length);
  for (const delta of [1, -1]) {
    for (const { item, index } of order) {
      const count = item.set.lines.length + delta;
      if (!item.reset || count < 1) continue;
      const set = item.reset(count);
      if (set.lines.length !== count) continue;
      const trial = items.map((it, i) => (i === index ? { ...it, set } : it));
      const balanced = flowBalanced(trial, from, columns, maxSlots, obstruction);
      if (balanced && spread(balanced) <= 1) return { flow: balanced, items: trial };
    }
  }
  return { flow, items };
}
