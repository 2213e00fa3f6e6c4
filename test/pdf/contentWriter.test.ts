import { describe, expect, it } from "vitest";
import { ContentWriter } from "../../src/pdf/contentWriter.js";
import { num } from "../../src/pdf/glyphRuns.js";

describe("ContentWriter", () => {
  it("writes numbers exactly as num() does", () => {
    const values = [0, -0, 1, -1, 12, 0.5, -0.0004, 0.0005, 1.23456, -1.2345, 100.1, 999.9999];
    let random = 7;
    for (let k = 0; k < 5000; k++) {
      random = (random * 48271) % 2147483647;
      values.push(((random % 2_000_000) - 1_000_000) / (1 + (random % 997)));
    }
    for (const v of values) {
      expect(new ContentWriter().number(v).view().toString("latin1"), String(v)).toBe(num(v));
    }
  });

  it("writes integers, text and bytes, and grows past its first buffer", () => {
    const w = new ContentWriter();
    w.int(-42).byte(0x20).int(7).text(" Tf\n");
    expect(w.view().toString("latin1")).toBe("-42 7 Tf\n");
    for (const n of [0, 9, 10, 99, 100, 101, 1000, 65535, -10, -100, 2 ** 31, -(2 ** 40)]) {
      expect(new ContentWriter().int(n).view().toString("latin1")).toBe(String(n));
    }
  });

  it("hands out views that later writes and growth leave as they were", () => {
    const w = new ContentWriter();
    const first = w.text("BT ET\n").view();
    const start = w.size;
    for (let i = 0; i < 5000; i++) w.text("0123456789");
    const second = w.view(start);
    expect(first.toString("latin1")).toBe("BT ET\n");
    expect(second.length).toBe(50_000);
    expect(second.toString("latin1", 0, 10)).toBe("0123456789");
    expect(w.size).toBe(50_006);
  });
});
