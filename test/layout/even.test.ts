import { describe, expect, it } from "vitest";
import { flowBalanced, spread } from "../../src/layout/balance.js";
import { evenLastPage } from "../../src/layout/even.js";
import { flowItems as items } from "../support/flowItems.js";

/** A small deterministic generator (mulberry32), so the cases are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("evenLastPage", () => {
  it("when no setting is even, keeps the most even one tried, the quote in running text", () => {
    const next = random(13);
    let better = 0;
    let cases = 0;
    for (let n = 0; n < 300; n++) {
      const columns = 3 + Math.floor(next() * 3);
      const counts = Array.from({ length: 3 + Math.floor(next() * 6) }, () =>
        Math.max(2, Math.round(2 + next() * 6)),
      );
      const list = items(counts);
      const quote = { columns: [Math.ceil(columns / 2)], slots: 4 + Math.floor(next() * 4) };
      const setting = { tops: [], obstruction: quote };
      const maxSlots = 60;
      const inPlace = flowBalanced(list, { item: 0, line: 0 }, columns, maxSlots, quote);
      if (!inPlace || spread(inPlace) <= 1) continue;
      const page = evenLastPage(list, { item: 0, line: 0 }, columns, maxSlots, setting);
      if (!page.balanced) continue;
      cases++;
      const got = spread(page.balanced.flow);
      if (got > 1) {
        // Never less even than the quote left where it was.
        expect(got, String(counts)).toBeLessThanOrEqual(spread(inPlace));
        if (got < spread(inPlace)) better++;
      }
      // A quote kept has text in its column; one moved or left out says so.
      const kept = page.setting.obstruction;
      if (kept) {
        const used = new Set(page.balanced.flow.placements.map((p) => p.column));
        for (const c of kept.columns) expect(used.has(c), String(counts)).toBe(true);
      }
      if (kept?.columns.join() !== quote.columns.join()) expect(page.note).toBeDefined();
    }
    console.log(`${cases} pages not even with the quote in place; ${better} set more evenly`);
    expect(cases).toBeGreaterThan(10);
    expect(better).toBeGreaterThan(0);
  });
});
