import type { Alignment } from "../text/justify.js";
import type { Figure } from "./figure.js";
import type { SetText } from "./setText.js";

/** A paragraph of the body flow: its set lines all sit on the baseline grid, one slot each. */
export interface TextItem {
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

/** A photo in the text: a box of whole grid slots that is never split. */
export interface FigureItem {
  kind: "figure";
  figure: Figure;
  slots: number;
  /** The body paragraph it follows. */
  paragraph: number;
  keepWithNext: false;
}

export type FlowItem = TextItem | FigureItem;

/** Grid slots an item takes: a paragraph's lines, or a figure's height. */
export function sizeOf(item: FlowItem): number {
  return item.kind === "figure" ? item.slots : item.set.lines.length;
}

/**
 * Where the flow stands: line `line` of item `item` is the next to place. `deferred` is a
 * figure that did not fit where the text reached it: it waits for the next column's top while
 * the text after it fills the column, as a compositor floats a picture.
 */
export interface FlowCursor {
  item: number;
  line: number;
  deferred?: number;
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

/** Whether the flow has placed everything, deferred figures included. */
export function isDone(items: readonly FlowItem[], cursor: FlowCursor): boolean {
  return cursor.item >= items.length && cursor.deferred === undefined;
}

function regionsFor(
  caps: readonly number[],
  tops: readonly number[],
  obstruction: Obstruction | undefined,
): { regions: Region[]; start: number | null } {
  let start: number | null = null;
  if (obstruction) {
    const height = Math.min(...obstruction.columns.map((c) => caps[c - 1] ?? 0));
    const top = Math.max(...obstruction.columns.map((c) => tops[c - 1] ?? 0));
    const centre =
      top + Math.floor((height - top - obstruction.slots) / 2) + (obstruction.shift ?? 0);
    // Text runs above and below the box: at least a paragraph's minimum on each side.
    const lowest = height - obstruction.slots - MIN_LINES_AT_BREAK;
    start = Math.max(Math.min(top + MIN_LINES_AT_BREAK, lowest), Math.min(centre, lowest), top);
  }
  const regions: Region[] = [];
  caps.forEach((cap, i) => {
    const column = i + 1;
    const top = Math.min(tops[i] ?? 0, cap);
    if (start !== null && obstruction?.columns.includes(column)) {
      regions.push({ column, start: top, end: Math.min(start, cap) });
      regions.push({ column, start: start + (obstruction?.slots ?? 0), end: cap });
    } else {
      regions.push({ column, start: top, end: cap });
    }
  });
  return { regions, start };
}

/**
 * How many lines of a paragraph to put in a region with `space` free slots: no paragraph
 * leaves a single line alone at the region's bottom (orphan) or carries one alone to the next
 * (widow), and an item kept with the next never ends a region.
 */
function linesToTake(items: readonly FlowItem[], cursor: FlowCursor, space: number): number {
  const item = items[cursor.item] as TextItem;
  const count = item.set.lines.length;
  const remaining = count - cursor.line;
  if (remaining <= space) {
    if (!item.keepWithNext) return remaining;
    const next = items[cursor.item + 1];
    const needed = next ? Math.min(MIN_LINES_AT_BREAK, sizeOf(next)) : 0;
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
 * Whether a figure goes at `slot` of a region: whole, and either at the region's top or with
 * room for two lines of text under it (a picture never ends a column with nothing below it,
 * unless the article ends there).
 */
function figureFits(slots: number, slot: number, region: Region, textFollows: boolean): boolean {
  const below = region.end - slot - slots;
  if (below < 0) return false;
  return slot === region.start || below >= MIN_LINES_AT_BREAK || !textFollows;
}

/** Whether any text comes after item `index`. */
function textAfter(items: readonly FlowItem[], index: number): boolean {
  for (let i = index + 1; i < items.length; i++) if (items[i]?.kind !== "figure") return true;
  return false;
}

/** What a page's flow works around, and how it may bend its rules. */
export interface PageRules {
  /** The pull-quote's box. */
  obstruction?: Obstruction | undefined;
  /** Each column's first free slot (under a lead photo); default 0. */
  tops?: readonly number[];
  /** The first region takes at least one line whatever the rules, so a page makes progress. */
  force?: boolean;
  /** A figure that does not fit where the text reaches it waits for the next column (default). */
  defer?: boolean;
}

/**
 * Fills one page's columns, right to left, from the cursor. `caps` gives each column's end, in
 * grid slots.
 */
export function flowPage(
  items: readonly FlowItem[],
  from: FlowCursor,
  caps: readonly number[],
  options: PageRules = {},
): PageFlow {
  const { obstruction, force = false, tops = [], defer = true } = options;
  const { regions, start } = regionsFor(caps, tops, obstruction);
  const placements: Placement[] = [];
  const cursor: FlowCursor = { ...from };
  const slotsOf = (index: number) => (items[index] as FigureItem).slots;
  const placeFigure = (index: number, column: number, slot: number): number => {
    const slots = slotsOf(index);
    for (let k = 0; k < slots; k++)
      placements.push({ item: index, line: k, column, slot: slot + k });
    return slot + slots;
  };
  for (const region of regions) {
    let slot = region.start;
    const waiting = cursor.deferred;
    if (waiting !== undefined && figureFits(slotsOf(waiting), slot, region, true)) {
      slot = placeFigure(waiting, region.column, slot);
      delete cursor.deferred;
    }
    while (cursor.item < items.length && slot < region.end) {
      const item = items[cursor.item] as FlowItem;
      if (item.kind === "figure") {
        if (figureFits(item.slots, slot, region, textAfter(items, cursor.item))) {
          slot = placeFigure(cursor.item, region.column, slot);
        } else if (defer && cursor.deferred === undefined && cursor.item + 1 < items.length) {
          cursor.deferred = cursor.item;
        } else {
          break;
        }
        cursor.item++;
        continue;
      }
      let take = linesToTake(items, cursor, region.end - slot);
      if (take === 0 && force && placements.length === 0) take = 1;
      if (take === 0) break;
      for (let k = 0; k < take; k++) {
        placements.push({ item: cursor.item, line: cursor.line, column: region.column, slot });
        slot++;
        cursor.line++;
      }
      if (cursor.line >= item.set.lines.length) {
        cursor.item++;
        cursor.line = 0;
      }
    }
    // The text ended while a figure waited: it closes the article where there is room.
    const last = cursor.deferred;
    if (
      last !== undefined &&
      cursor.item >= items.length &&
      figureFits(slotsOf(last), slot, region, false)
    ) {
      slot = placeFigure(last, region.column, slot);
      delete cursor.deferred;
    }
  }
  return { placements, next: cursor, obstructionStart: start };
}

/** Most lines held back from a page so that a figure is not left alone on the next. */
const MAX_HOLD_BACK = 12;

/**
 * A page's flow that does not strand a figure: when the text ends on this page while a figure
 * waits for the next column, it would stand alone after the article. Some of the text is then
 * held back, the fewest lines that widow and orphan rules allow, so that it follows the figure
 * on the next page; failing that, the figure is not deferred and the text waits behind it.
 */
export function flowKeepingFigures(
  items: readonly FlowItem[],
  from: FlowCursor,
  caps: readonly number[],
  rules: PageRules,
): PageFlow {
  const flow = flowPage(items, from, caps, rules);
  const stranded = (f: PageFlow) => f.next.item >= items.length && f.next.deferred !== undefined;
  if (!stranded(flow) || from.deferred !== undefined) return flow;
  const lastColumn = Math.max(...flow.placements.map((p) => p.column), 1);
  const end = Math.max(
    0,
    ...flow.placements.filter((p) => p.column === lastColumn).map((p) => p.slot + 1),
  );
  for (let held = 1; held <= MAX_HOLD_BACK; held++) {
    const shorter = caps.map((cap, i) => (i + 1 === lastColumn ? Math.max(0, end - held) : cap));
    const trial = flowPage(items, from, shorter, rules);
    if (trial.next.deferred !== undefined && !stranded(trial)) return trial;
  }
  return flowPage(items, from, caps, { ...rules, defer: false });
}

/** Slots left to fill from the cursor on. */
export function linesLeft(items: readonly FlowItem[], from: FlowCursor): number {
  let total = 0;
  for (let i = from.item; i < items.length; i++) total += sizeOf(items[i] as FlowItem);
  if (from.deferred !== undefined) total += sizeOf(items[from.deferred] as FlowItem);
  return total - from.line;
}

/**
 * Column heights to try for a balanced page: every column ends at `bottom` or one slot lower,
 * the lower ones chosen from the right, from the even share down to the page's foot. Columns
 * that start lower (under a lead photo) hold fewer lines for the same bottom. In order of the
 * lines they hold, fewest first.
 */
function* capChoices(
  needed: number,
  columns: number,
  max: number,
  tops: readonly number[],
): Generator<{ total: number; caps: number[] }> {
  const hold = (caps: readonly number[]) =>
    caps.reduce((sum, cap, i) => sum + Math.max(0, cap - (tops[i] ?? 0)), 0);
  const all = (bottom: number) => Array.from({ length: columns }, () => Math.min(max, bottom));
  let lowest = 0;
  while (lowest < max && hold(all(lowest + 1)) < needed) lowest++;
  // Made a bottom at a time, as the search asks: it usually stops within a few.
  for (let bottom = lowest; bottom <= max; bottom++) {
    const level: { total: number; caps: number[] }[] = [];
    for (let extra = 0; extra < columns; extra++) {
      const pick = (from: number, chosen: number[]): void => {
        if (chosen.length === extra) {
          const caps = Array.from({ length: columns }, (_, i) =>
            Math.min(max, bottom + (chosen.includes(i) ? 1 : 0)),
          );
          const total = hold(caps);
          if (total >= needed) level.push({ total, caps });
          return;
        }
        for (let i = from; i < columns; i++) pick(i + 1, [...chosen, i]);
      };
      pick(0, []);
    }
    yield* level.sort((a, b) => a.total - b.total);
  }
}

/**
 * Whether the flow leaves a column empty under a lead photo while the text beside the photo
 * runs on below it: a short article may stand beside its photo, but one that reaches below it
 * starts under it.
 */
function leavesColumnEmpty(flow: PageFlow, tops: readonly number[]): boolean {
  let used = 0;
  let last = 0;
  let bottom = 0;
  for (const p of flow.placements) {
    used |= 1 << p.column;
    if (p.column > last) last = p.column;
    if (p.slot + 1 > bottom) bottom = p.slot + 1;
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
  tops: readonly number[] = [],
): PageFlow | null {
  const needed =
    linesLeft(items, from) + (obstruction ? obstruction.slots * obstruction.columns.length : 0);
  const room = Array.from(
    { length: columns },
    (_, i) => maxSlots - Math.min(maxSlots, tops[i] ?? 0),
  );
  if (needed > room.reduce((a, b) => a + b, 0)) return null;
  // The pull-quote's box stays inside its columns' text area, above the balanced bottom.
  const quoteFits = (caps: readonly number[]) =>
    !obstruction ||
    obstruction.columns.every((c) => (caps[c - 1] ?? 0) - (tops[c - 1] ?? 0) >= obstruction.slots);
  let last: number | undefined;
  let best = null as { flow: PageFlow; spread: number } | null;
  for (const { total, caps } of capChoices(needed, columns, maxSlots, tops)) {
    if (!quoteFits(caps)) continue;
    last ??= total + columns * BALANCE_SEARCH;
    if (best && total > last) return best.flow;
    // Past the search's range with nothing set yet, only even bottoms are tried: the page is
    // far from balancing, and every split of the odd lines would cost as much again.
    if (total > last && caps.some((cap) => cap !== caps[0])) continue;
    for (const shift of obstruction ? OBSTRUCTION_SHIFTS : [0]) {
      const flow = flowPage(items, from, caps, {
        obstruction: obstruction && { ...obstruction, shift },
        tops,
      });
      if (!isDone(items, flow.next) || leavesColumnEmpty(flow, tops)) continue;
      const s = spread(flow);
      if (s <= 1) return flow;
      if (!best || s < best.spread) best = { flow, spread: s };
    }
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
  tops: readonly number[] = [],
): { flow: PageFlow; items: readonly FlowItem[] } | null {
  const flow = flowBalanced(items, from, columns, maxSlots, obstruction, tops);
  if (!flow || spread(flow) <= 1) return flow && { flow, items };
  // A paragraph begun on an earlier page keeps its lines: they are set already.
  const first = from.line > 0 ? from.item + 1 : from.item;
  const order = items
    .map((item, index) => ({ item, index }))
    .slice(first)
    .filter((entry): entry is { item: TextItem; index: number } => entry.item.kind !== "figure")
    .sort((a, b) => b.item.set.lines.length - a.item.set.lines.length);
  for (const delta of [1, -1]) {
    for (const { item, index } of order) {
      const count = item.set.lines.length + delta;
      if (!item.reset || count < 1) continue;
      const set = item.reset(count);
      if (set.lines.length !== count) continue;
      const trial = items.map((it, i) => (i === index ? { ...item, set } : it));
      const balanced = flowBalanced(trial, from, columns, maxSlots, obstruction, tops);
      if (balanced && spread(balanced) <= 1) return { flow: balanced, items: trial };
    }
  }
  return { flow, items };
}
