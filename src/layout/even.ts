/**
 * The last page of an article, evened out: balanced columns, and when paragraphs alone cannot
 * balance them, a lead photo's frame a line taller or shorter, or the pull-quote left out.
 */

import { balanceFlow, flowBalanced, spread } from "./balance.js";
import type { Figure } from "./figure.js";
import type { FlowCursor, FlowItem, Obstruction, PageFlow } from "./flow.js";

/** What a page's flow is set around: the columns' first free slots, the lead photo, the quote. */
export interface PageSetting {
  tops: number[];
  figure?: Figure | undefined;
  obstruction?: Obstruction | undefined;
}

export interface EvenPage {
  /** The balanced flow and the items it set (some reset a line longer or shorter), if the rest fits. */
  balanced: { flow: PageFlow; items: readonly FlowItem[] } | null;
  setting: PageSetting;
  /** What was left out, and why. */
  note?: string;
}

/** Lines a lead photo's frame may gain or lose to balance a one-page article. */
const FRAME_ADJUSTMENTS = [-1, 1, -2, 2];

/**
 * Whether a column beside a lead photo holds nothing while the text runs on under the photo:
 * the article then ends early in the columns under it, and the page has a bare column at the
 * side of its picture. (A short article without a photo may leave its last columns empty.)
 */
function leavesColumnBare(flow: PageFlow, columns: number, tops: readonly number[]): boolean {
  const used = new Set<number>();
  let bottom = 0;
  for (const p of flow.placements) {
    used.add(p.column);
    bottom = Math.max(bottom, p.slot + 1);
  }
  const under = Math.max(0, ...[...used].map((c) => tops[c - 1] ?? 0));
  if (under === 0) return false;
  for (let c = 1; c <= columns; c++) {
    const top = tops[c - 1] ?? 0;
    if (!used.has(c) && top < under && top + 2 <= bottom) return true;
  }
  return false;
}

/** Whether a column the pull-quote stands in has no line of running text (the source line is none). */
function quoteColumnsWithoutText(
  flow: PageFlow,
  items: readonly FlowItem[],
  obstruction: Obstruction,
): boolean {
  const used = new Set<number>();
  for (const p of flow.placements) {
    const kind = items[p.item]?.kind;
    if (kind === "body" || kind === "subhead") used.add(p.column);
  }
  return obstruction.columns.some((c) => !used.has(c));
}

/**
 * Sets the rest of the article on one page with balanced columns, or returns null as
 * `balanced` when it does not fit. `reframe(lines)` gives the setting with the lead photo's
 * frame that many lines taller (negative: shorter), when the frame may change.
 */
export function evenLastPage(
  items: readonly FlowItem[],
  cursor: FlowCursor,
  columns: number,
  maxSlots: number,
  setting: PageSetting,
  reframe?: (lines: number) => PageSetting,
): EvenPage {
  // Frames that change nothing (a contained picture does not grow) are not tried.
  const frames = reframe
    ? FRAME_ADJUSTMENTS.map(reframe).filter((s) => s.figure?.slots !== setting.figure?.slots)
    : [];
  const balance = (s: PageSetting, resets: boolean) => {
    if (resets) return balanceFlow(items, cursor, columns, maxSlots, s.obstruction, s.tops);
    const flow = flowBalanced(items, cursor, columns, maxSlots, s.obstruction, s.tops);
    return flow && { flow, items };
  };
  // Even: bottoms within a line, and no column left bare while text stands lower in another
  // (an article ending early in its first columns, one beside a lead photo left empty).
  const even = (b: EvenPage["balanced"], s: PageSetting) =>
    b !== null && spread(b.flow) <= 1 && !leavesColumnBare(b.flow, columns, s.tops);
  const first = balance(setting, false);
  if (first === null) return { balanced: null, setting };
  const { obstruction } = setting;
  const quoteAlone =
    obstruction !== undefined && quoteColumnsWithoutText(first.flow, first.items, obstruction);
  if (even(first, setting) && !quoteAlone) return { balanced: first, setting };
  // Cheapest first: the frame changed, then paragraphs reset a line longer or shorter (a line
  // breaking each: on a3-5col's photo page that order took the layout from 21 to 11 ms). A
  // cover photo's frame may gain or lose a line (its crop absorbs it), a contained picture
  // shrink by one: the columns under it then hold a line more or less, which can even the
  // page where paragraphs cannot.
  // When nothing is even, the most even setting tried, the first of equals: the quote in its
  // place before moved, moved before left out.
  let mostEven: (EvenPage & { spread: number }) | null = null;
  const consider = (balanced: EvenPage["balanced"], s: PageSetting, note?: string) => {
    if (!balanced) return;
    const bare = leavesColumnBare(balanced.flow, columns, s.tops);
    const gap = spread(balanced.flow) + (bare ? maxSlots : 0);
    if (!mostEven || gap < mostEven.spread)
      mostEven = { balanced, setting: s, ...(note ? { note } : {}), spread: gap };
  };
  if (!quoteAlone) {
    consider(first, setting);
    for (const resets of [false, true]) {
      for (const other of resets ? [setting, ...frames] : frames) {
        const trial = balance(other, resets);
        if (even(trial, other)) return { balanced: trial, setting: other };
        consider(trial, other);
      }
    }
  }
  if (obstruction) {
    // A short article (more so under a lead photo) can leave the pull-quote a column of its
    // own, or no way to even the columns with it. A pull-quote belongs in running text: it
    // moves to another column, the nearest to its own first, where that balances with text
    // beside it in its column; failing that, the page is set without it.
    const home = obstruction.columns[0] ?? 1;
    const span = obstruction.columns.length;
    const others = Array.from({ length: columns - span + 1 }, (_, i) => i + 1)
      .filter((c) => c !== home)
      .sort((a, b) => Math.abs(a - home) - Math.abs(b - home) || a - b);
    for (const resets of [false, true]) {
      for (const first of others) {
        const moved = {
          ...setting,
          obstruction: {
            ...obstruction,
            columns: Array.from({ length: span }, (_, i) => first + i),
          },
        };
        const trial = balance(moved, resets);
        if (!trial || quoteColumnsWithoutText(trial.flow, trial.items, moved.obstruction)) continue;
        const note = quoteAlone
          ? `pull-quote moved to column ${first}: in column ${home} it would have stood without text`
          : `pull-quote moved to column ${first}: in column ${home} the columns could not be balanced`;
        if (even(trial, moved)) return { balanced: trial, setting: moved, note };
        consider(trial, moved, note);
      }
    }
    const withoutQuote = { ...setting, obstruction: undefined };
    for (const resets of [false, true]) {
      const without = balance(withoutQuote, resets);
      const note = quoteAlone
        ? "pull-quote left out: the article is too short to set text around it in its column"
        : "pull-quote left out: with it, page 1's columns could not be balanced";
      if (even(without, withoutQuote)) return { balanced: without, setting: withoutQuote, note };
      consider(without, withoutQuote, note);
    }
  }
  // Assigned in `consider`: TypeScript cannot see it from here.
  const found = mostEven as (EvenPage & { spread: number }) | null;
  if (found) {
    const { spread: _, ...page } = found;
    return page;
  }
  return { balanced: balance(setting, true), setting };
}
