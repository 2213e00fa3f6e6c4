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
    const w = new ContentWriter();
    for (const v of values) {
      w.reset().number(v);
      expect(w.bytes().toString("latin1"), String(v)).toBe(num(v));
    }
  });

  it("writes integers, text and bytes, and grows past its first buffer", () => {
    const w = new ContentWriter();
    w.int(-42).byte(0x20).int(7).text(" Tf\n");
    expect(w.bytes().toString("latin1")).toBe("-42 7 Tf\n");
    for (const n of [0, 9, 10, 99, 100, 101, 1000, 65535, -10, -100, 2 ** 31, -(2 ** 40)]) {
      expect(w.reset().int(n).bytes().toString("latin1")).toBe(String(n));
    }
    w.reset();
    for (let i = 0; i < 5000; i++) w.text("0123456789");
    expect(w.bytes().length).toBe(50_000);
  });
});
