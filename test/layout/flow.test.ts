import { describe, expect, it } from "vitest";
import { columnBottoms, flowBalanced } from "../../src/layout/balance.js";
import {
  columnRegions,
  type FlowCursor,
  type FlowItem,
  fillRegion,
  flowPage,
  linesLeft,
  type Placement,
  RegionEnd,
} from "../../src/layout/flow.js";
import { flowItems as items } from "../support/flowItems.js";

function columnsOf(flow: ReturnType<typeof flowPage>) {
  const byColumn = new Map<number, { item: number; line: number; slot: number }[]>();
  for (const p of flow.placements) byColumn.set(p.column, [...(byColumn.get(p.column) ?? []), p]);
  return byColumn;
}

describe("flowPage", () => {
  it("fills columns right to left, top to bottom, one slot per line", () => {
    const flow = flowPage(items([4, 4]), { item: 0, line: 0 }, [5, 5]);
    const cols = columnsOf(flow);
    expect(cols.get(1)?.map((p) => p.slot)).toEqual([0, 1, 2, 3]);
    expect(flow.next).toEqual({ item: 2, line: 0 });
    expect(cols.get(2)?.map((p) => [p.item, p.line])).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
  });

  it("never leaves a paragraph's first line alone at a column's bottom (orphan)", () => {
    // 4 lines fill column 1 leaving one slot; the next paragraph must not start there.
    const flow = flowPage(items([4, 3]), { item: 0, line: 0 }, [5, 5]);
    const cols = columnsOf(flow);
    expect(cols.get(1)?.length).toBe(4);
    expect(cols.get(2)?.[0]).toMatchObject({ item: 1, line: 0, slot: 0 });
  });

  it("never carries a paragraph's last line alone to the next column (widow)", () => {
    const flow = flowPage(items([6]), { item: 0, line: 0 }, [5, 5]);
    const cols = columnsOf(flow);
    expect(cols.get(1)?.length).toBe(4);
    expect(cols.get(2)?.length).toBe(2);
  });

  it("keeps a heading with the next paragraph's first lines", () => {
    const flow = flowPage(items([4, 1, 3], [1]), { item: 0, line: 0 }, [6, 6]);
    const cols = columnsOf(flow);
    expect(cols.get(1)?.map((p) => p.item)).toEqual([0, 0, 0, 0]);
    expect(cols.get(2)?.[0]).toMatchObject({ item: 1, slot: 0 });
  });

  it("keeps the obstruction's slots free and centres it in the column", () => {
    const flow = flowPage(items([20]), { item: 0, line: 0 }, [10, 10, 10], {
      obstruction: { columns: [2], slots: 4 },
    });
    expect(flow.obstructionStart).toBe(3);
    const middle =
      columnsOf(flow)
        .get(2)
        ?.map((p) => p.slot) ?? [];
    expect(middle.filter((s) => s >= 3 && s < 7)).toEqual([]);
  });

  it("with force, makes progress even when the rules would place nothing", () => {
    const flow = flowPage(items([3]), { item: 0, line: 0 }, [1], { force: true });
    expect(flow.placements.length).toBe(1);
  });
});

/**
 * The least spread of column heights any valid split can reach: an oracle by brute force over
 * every pair of column breaks (3 columns), with the same widow and orphan rules.
 */
function bestSpread(counts: number[]): number {
  const valid = new Set<number>([0]);
  let at = 0;
  for (const n of counts) {
    for (let k = 0; k <= n; k++) {
      if (k === 0 || k === n || (k >= 2 && n - k >= 2)) valid.add(at + k);
    }
    at += n;
  }
  let best = Number.POSITIVE_INFINITY;
  for (const a of valid) {
    for (const b of valid) {
      if (a === 0 || b <= a || b >= at) continue;
      const heights = [a, b - a, at - b];
      best = Math.min(best, Math.max(...heights) - Math.min(...heights));
    }
  }
  return best;
}

describe("flowBalanced", () => {
  it("balances the last page as well as any valid split can", () => {
    const cases = [
      [5, 7, 3, 8],
      [2, 2, 2, 2, 2, 2],
      [11],
      [3, 3, 3, 3, 3, 3],
      [6, 2, 9, 3, 4],
      [5, 7, 3, 9],
      [4, 6, 5, 8, 3, 7],
    ];
    for (const counts of cases) {
      const list = items(counts);
      const flow = flowBalanced(list, { item: 0, line: 0 }, 3, 40);
      expect(flow).not.toBeNull();
      if (!flow) continue;
      const bottoms = columnBottoms(flow);
      const ours = Math.max(...bottoms) - Math.min(...bottoms);
      const best = bestSpread(counts);
      if (best <= 1) expect(ours, String(counts)).toBeLessThanOrEqual(1);
      else expect(ours, String(counts)).toBe(best);
      expect(flow.placements.length).toBe(linesLeft(list, { item: 0, line: 0 }));
    }
  });

  it("starts the text under a lead photo when the text beside it runs on below it", () => {
    // Column 1 starts at slot 10, under a photo; columns 2 and 3 at the top.
    for (const counts of [
      [7, 7, 7],
      [6, 6, 6, 6],
      [9, 5, 8],
      [4, 4, 4, 4, 4, 4],
    ]) {
      const list = items(counts);
      const flow = flowBalanced(list, { item: 0, line: 0 }, 3, 40, undefined, [10, 0, 0]);
      if (!flow) continue;
      const used = new Set(flow.placements.map((p) => p.column));
      const bottom = Math.max(...columnBottoms(flow));
      if (bottom >= 12) expect(used.has(1), String(counts)).toBe(true);
      for (const p of flow.placements.filter((p) => p.column === 1))
        expect(p.slot, String(counts)).toBeGreaterThanOrEqual(10);
    }
  });

  it("returns null when the rest does not fit on one page", () => {
    expect(flowBalanced(items([50, 50]), { item: 0, line: 0 }, 2, 30)).toBeNull();
  });
});

describe("fillRegion into a RegionEnd", () => {
  it("moves the cursor as placing the lines does, and ends where the lowest one does", () => {
    const figure = (slots: number): FlowItem =>
      ({ kind: "figure", slots, figure: {} }) as unknown as FlowItem;
    const text = items([3, 7, 2, 9, 4, 1, 5]);
    const mixed: FlowItem[] = [...text.slice(0, 2), figure(4), ...text.slice(2, 5), figure(6)];
    const box = { columns: [2], slots: 3 };
    let compared = 0;
    for (const list of [text, mixed]) {
      for (let item = 0; item < list.length; item++) {
        for (const cap of [2, 5, 8, 12]) {
          for (const start of [null, 2, 4]) {
            const at: FlowCursor = { item, line: 0 };
            const placing = { ...at };
            const counting = { ...at };
            const placements: Placement[] = [];
            const probe = new RegionEnd();
            for (const region of columnRegions(2, cap, 1, box, start)) {
              fillRegion(list, region, placing, placements);
              fillRegion(list, region, counting, probe);
            }
            expect(counting).toEqual(placing);
            expect(probe.end).toBe(Math.max(-1, ...placements.map((p) => p.slot + 1)));
            expect(probe.placed).toBe(placements.length);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe((text.length + mixed.length) * 4 * 3);
  });
});
