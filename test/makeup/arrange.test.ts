/**
 * The arrangement search on grids made up for the test: stories as shapes of known depths,
 * without any text set.
 */
import { describe, expect, it } from "vitest";
import {
  ArrangeError,
  arrange,
  type Grid,
  type Placed,
  type Shape,
  STORY_GAP,
  type Unit,
} from "../../src/makeup/arrange.js";
import type { Rectangle } from "../../src/makeup/story.js";

/** A story whose text takes `area` column-lines under a head of `head` lines, at any span. */
function story(name: string, head: number, area: number, spans: number[]): Unit {
  const shapes: Shape[] = spans.map((columns) => ({
    columns,
    lines: head + Math.ceil(area / columns),
    overflow: 0,
    least: head + 3,
    stretch: 0,
    soft: 0,
  }));
  return { name, shapes, brief: false };
}

function grid(columns: number, slots: number, reserves: Rectangle[] = []): Grid {
  return { columns, slots, reserves, rtl: true };
}

function overlaps(a: Rectangle, b: Rectangle): boolean {
  return (
    a.column < b.column + b.columns &&
    b.column < a.column + a.columns &&
    a.slot < b.slot + b.lines &&
    b.slot < a.slot + a.lines
  );
}

function inside(r: Rectangle, g: Grid): boolean {
  return (
    r.column >= 1 &&
    r.column + r.columns - 1 <= g.columns &&
    r.slot >= 0 &&
    r.slot + r.lines <= g.slots
  );
}

function checkTiling(placed: readonly Placed[], g: Grid): void {
  for (const [i, p] of placed.entries()) {
    expect(inside(p.rect, g)).toBe(true);
    for (const q of placed.slice(i + 1)) expect(overlaps(p.rect, q.rect)).toBe(false);
    for (const r of g.reserves) expect(overlaps(p.rect, r)).toBe(false);
  }
}

describe("arrange", () => {
  it("puts the lead at the top of the reading start", () => {
    const units = [
      story("lead", 6, 240, [3, 4, 5, 6]),
      story("second", 4, 120, [2, 3]),
      story("third", 4, 90, [2, 3]),
    ];
    const g = grid(6, 100);
    const { placed } = arrange(units, g);
    const lead = placed.find((p) => p.unit === 0);
    expect(lead?.rect).toMatchObject({ column: 1, slot: 0 });
    checkTiling(placed, g);
  });

  it("fills the page exactly when the stories' shapes allow it", () => {
    // Two stories of 2 columns × 50 lines and one of 4 columns × 49 under them tile 4 × 100.
    const units = [story("a", 5, 90, [2]), story("b", 5, 90, [2]), story("c", 4, 180, [4])];
    const g = grid(4, 100);
    const result = arrange(units, g);
    checkTiling(result.placed, g);
    expect(result.placed.map((p) => p.jumped)).toEqual([0, 0, 0]);
    const covered = result.placed.reduce((sum, p) => sum + p.rect.columns * p.rect.lines, 0);
    // Everything but the gap line between the two rows.
    expect(covered).toBe(4 * 100 - 4 * STORY_GAP);
  });

  it("keeps clear of reserved boxes", () => {
    const units = [
      story("lead", 6, 200, [2, 3, 4]),
      story("b", 4, 160, [2, 3]),
      story("c", 4, 60, [1, 2]),
    ];
    const box = { column: 3, columns: 2, slot: 70, lines: 30 };
    const g = grid(4, 100, [box]);
    const { placed } = arrange(units, g);
    checkTiling(placed, g);
  });

  it("keeps a story's given span and depth", () => {
    const lead = { ...story("lead", 6, 240, [3, 4, 5, 6]), forced: { columns: 4, lines: 60 } };
    const { placed } = arrange([lead, story("b", 4, 100, [2, 3])], grid(6, 100));
    expect(placed[0]?.rect).toMatchObject({ column: 1, columns: 4, slot: 0, lines: 60 });
  });

  it("jumps what does not fit, and says how much", () => {
    const units = [story("lead", 6, 800, [6])];
    const { placed } = arrange(units, grid(6, 100));
    expect(placed[0]?.rect.lines).toBe(100);
    expect(placed[0]?.jumped).toBeGreaterThan(0);
  });

  it("names the story that finds no room when given shapes collide", () => {
    const a = { ...story("a", 4, 100, [3]), forced: { columns: 3, lines: 60 } };
    const b = { ...story("b", 4, 100, [3]), forced: { columns: 3, lines: 60 } };
    const run = () => arrange([a, b], grid(4, 100));
    expect(run).toThrow(ArrangeError);
    try {
      run();
    } catch (error) {
      expect((error as ArrangeError).unit).toBe(1);
    }
  });

  it("prefers the more important story higher and larger", () => {
    const units = [
      story("lead", 6, 300, [3, 4]),
      story("b", 4, 100, [2, 3]),
      story("c", 4, 100, [2, 3]),
    ];
    const { placed, terms } = arrange(units, grid(6, 100));
    const b = placed.find((p) => p.unit === 1) as Placed;
    const c = placed.find((p) => p.unit === 2) as Placed;
    expect(b.rect.slot).toBeLessThanOrEqual(c.rect.slot);
    expect(terms.higher).toBe(0);
  });
});
