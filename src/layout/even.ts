/**
 * The last page of an article, evened out: balanced columns, and when paragraphs alone cannot
 * balance them, a lead photo's frame a line taller or shorter, or the pull-quote left out.
 */
import type { Figure } from "./figure.js";
import {
  balanceFlow,
  type FlowCursor,
  type FlowItem,
  type Obstruction,
  type PageFlow,
  spread,
} from "./flow.js";

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

/** Whether a column the pull-quote stands in has no line of text. */
function quoteColumnsWithoutText(flow: PageFlow, obstruction: Obstruction): boolean {
  const used = new Set(flow.placements.map((p) => p.column));
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
  const balance = (s: PageSetting) =>
    balanceFlow(items, cursor, columns, maxSlots, s.obstruction, s.tops);
  let chosen = setting;
  let balanced = balance(setting);
  if (reframe && balanced && spread(balanced.flow) > 1) {
    // A cover photo's frame may gain or lose a line (its crop absorbs it): the columns under
    // it then hold a line more or less, which can even the page where paragraphs cannot.
    for (const lines of FRAME_ADJUSTMENTS) {
      const other = reframe(lines);
      const trial = balance(other);
      if (trial && spread(trial.flow) <= 1) {
        chosen = other;
        balanced = trial;
        break;
      }
    }
  }
  const { obstruction } = chosen;
  const quoteAlone = obstruction && balanced && quoteColumnsWithoutText(balanced.flow, obstruction);
  if (obstruction && balanced && (spread(balanced.flow) > 1 || quoteAlone)) {
    // A short article (more so under a lead photo) can leave the pull-quote a column of its
    // own, or no way to even the columns with it: a pull-quote belongs in running text, so
    // the page is set without it when that balances.
    const withoutQuote = { ...chosen, obstruction: undefined };
    const without = balance(withoutQuote);
    if (without && spread(without.flow) <= 1) {
      return {
        balanced: without,
        setting: withoutQuote,
        note: quoteAlone
          ? "pull-quote left out: the article is too short to set text around it in its column"
          : "pull-quote left out: with it, page 1's columns could not be balanced",
      };
    }
  }
  return { balanced, setting: chosen };
}
