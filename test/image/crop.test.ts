import { describe, expect, it } from "vitest";
import { coverCrop, effectivePpi, embeddedSize } from "../../src/image/crop.js";

describe("coverCrop", () => {
  const sizes = [
    [600, 400],
    [400, 600],
    [512, 512],
    [4000, 3000],
    [1, 1],
    [3, 2000],
  ] as const;
  const aspects = [0.5, 2 / 3, 1, 1.5, 16 / 9, 3];
  const foci: [number, number][] = [
    [0, 0],
    [0.5, 0.5],
    [1, 1],
    [0.2, 0.9],
  ];

  it("stays inside the picture, as large as the aspect allows", () => {
    for (const [w, h] of sizes) {
      for (const aspect of aspects) {
        for (const focus of foci) {
          const c = coverCrop(w, h, aspect, focus);
          const at = `${w}×${h} aspect ${aspect} focus ${focus}`;
          expect(c.x, at).toBeGreaterThanOrEqual(0);
          expect(c.y, at).toBeGreaterThanOrEqual(0);
          expect(c.x + c.width, at).toBeLessThanOrEqual(w);
          expect(c.y + c.height, at).toBeLessThanOrEqual(h);
          expect(Number.isInteger(c.x) && Number.isInteger(c.width), at).toBe(true);
          // One side is the picture's whole side.
          expect(c.width === w || c.height === h, at).toBe(true);
          // The aspect is kept to within a pixel's rounding.
          if (c.width > 10 && c.height > 10)
            expect(Math.abs(c.width / c.height - aspect) / aspect, at).toBeLessThan(0.02);
        }
      }
    }
  });

  it("centres on the focus point, moved in from the edges", () => {
    const centred = coverCrop(1000, 400, 1, [0.5, 0.5]);
    expect(centred).toEqual({ x: 300, y: 0, width: 400, height: 400 });
    expect(coverCrop(1000, 400, 1, [0.3, 0.5]).x).toBe(100);
    expect(coverCrop(1000, 400, 1, [0.05, 0.5]).x).toBe(0);
    expect(coverCrop(1000, 400, 1, [0.99, 0.5]).x).toBe(600);
    const tall = coverCrop(400, 1000, 2, [0.5, 0.25]);
    expect(tall).toEqual({ x: 0, y: 150, width: 400, height: 200 });
  });
});

describe("resolution", () => {
  it("gives pixels per inch of the printed width", () => {
    expect(effectivePpi({ x: 0, y: 0, width: 600, height: 400 }, 144)).toBe(300);
    expect(effectivePpi({ x: 0, y: 0, width: 300, height: 200 }, 216)).toBe(100);
  });

  it("downsamples to the target resolution and never upsamples", () => {
    const crop = { x: 0, y: 0, width: 4000, height: 2667 };
    // 2 inches wide at 300 ppi: 600 pixels.
    expect(embeddedSize(crop, 144, 96, 300)).toEqual({ width: 600, height: 400 });
    const small = { x: 10, y: 10, width: 300, height: 200 };
    expect(embeddedSize(small, 144, 96, 300)).toEqual({ width: 300, height: 200 });
  });
});
