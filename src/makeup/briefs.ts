/** The briefs' column: a section title, then the briefs one under another, each a story of its own. */
import { HAIRLINE, opts, PageBuilder, run } from "../layout/page.js";
import { setRuns } from "../layout/setText.js";
import type { Shape } from "./arrange.js";
import {
  type PageFrame,
  type Pending,
  type Rectangle,
  rectangleGeometry,
  type StoryPart,
  setStoryPart,
} from "./story.js";

/** Lines a brief shows at least under its headline, or it waits for the next page whole. */
const LEAST_BRIEF_TEXT = 3;

/** The section title over the briefs, and a rule under it; returns the next grid line. */
function sectionTitle(b: PageBuilder, frame: PageFrame, rect: Rectangle, label: string): number {
  const g = rectangleGeometry(frame.g, rect.column, rect.columns);
  const { template } = g;
  const L = template.baseline;
  const style = template.styles.kicker;
  const top = frame.gridTop + rect.slot * L;
  const set = setRuns(run(label, style), g.width, opts(g, template.colors.accent));
  const y = b.text("section", set, style, {
    right: g.right,
    measure: g.width,
    top,
    align: "start",
  });
  b.rule(g.left, y + 1, g.width, 0, HAIRLINE * 2, template.colors.accent);
  return rect.slot + Math.ceil((y + 1 - top) / L + 0.3);
}

/**
 * Sets the briefs in their column, one under another with a rule between. A brief that does
 * not fit whole waits for the next page (it jumps only when it is longer than a column).
 */
export function briefsColumn(
  b: PageBuilder,
  frame: PageFrame,
  briefs: readonly Pending[],
  rect: Rectangle,
  label: string,
): { pending: Pending; part: StoryPart; rect: Rectangle; started: boolean }[] {
  const L = frame.g.template.baseline;
  const bottom = rect.slot + rect.lines;
  let slot = sectionTitle(b, frame, rect, label);
  const parts: { pending: Pending; part: StoryPart; rect: Rectangle; started: boolean }[] = [];
  for (const pending of briefs) {
    const own = { column: rect.column, columns: 1, slot, lines: bottom - slot };
    const trial =
      own.lines > 0
        ? setStoryPart(
            new PageBuilder(b.page.width, b.page.height),
            frame,
            pending.story,
            own,
            pending.start,
          )
        : undefined;
    // A brief is not split over pages unless no column could hold it whole.
    const wholeOrTooLong = trial && (trial.done || own.lines >= frame.slots - rect.slot);
    if (!trial || !wholeOrTooLong || own.lines < trial.headLines + LEAST_BRIEF_TEXT) {
      const waiting: StoryPart = {
        next: pending.start.cursor,
        items: pending.story.items,
        done: false,
        lines: 0,
        headLines: 0,
      };
      parts.push({ pending, part: waiting, rect: { ...own, lines: 0 }, started: false });
      slot = bottom;
      continue;
    }
    const part = setStoryPart(b, frame, pending.story, own, pending.start);
    parts.push({ pending, part, rect: { ...own, lines: part.lines }, started: true });
    slot += part.lines + 1;
    if (slot < bottom) {
      const g = rectangleGeometry(frame.g, rect.column, 1);
      const y = frame.gridTop + (slot - 0.5) * L;
      b.rule(g.left + g.width * 0.3, y, g.width * 0.4, 0, HAIRLINE, frame.g.template.colors.rule);
    }
  }
  return parts;
}

/** The briefs' column's shape: one column, as deep as the title and every brief. */
export function briefsShape(frame: PageFrame, briefs: readonly Pending[], label: string): Shape {
  const b = new PageBuilder(frame.g.template.page.width, frame.g.template.page.height);
  const rect = { column: 1, columns: 1, slot: 0, lines: frame.slots };
  const parts = briefsColumn(b, frame, briefs, rect, label);
  const last = parts.at(-1);
  const done = parts.every((p) => p.part.done);
  const titleLines = parts[0]?.rect.slot ?? 0;
  return {
    columns: 1,
    lines: last ? last.rect.slot + last.rect.lines : titleLines,
    overflow: done ? 0 : parts.filter((p) => !p.part.done).length * 10,
    least: titleLines + (parts[0]?.part.headLines ?? 0) + LEAST_BRIEF_TEXT,
    stretch: 0,
    soft: 0,
  };
}
