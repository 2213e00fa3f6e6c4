import * as fontkit from "fontkit";
import { describe, expect, it } from "vitest";
import { bundledFont, fontkitFont, loadFont } from "../../src/fonts/registry.js";
import { subsetTrueType } from "../../src/pdf/truetypeSubset.js";

type Sub = fontkit.Font & { numGlyphs: number };

function open(bytes: Uint8Array): Sub {
  return fontkit.create(Buffer.from(bytes)) as Sub;
}

function pathOf(font: fontkit.Font, id: number): string {
  return JSON.stringify(font.getGlyph(id).path.commands);
}

describe("subsetTrueType", () => {
  for (const file of [
    "Amiri-Regular.ttf",
    "NotoNaskhArabic-Regular.ttf",
    "NotoKufiArabic-Bold.ttf",
  ]) {
    it(`${file}: keeps the glyphs in the order asked, with their outlines and advances`, () => {
      const font = loadFont(bundledFont(file));
      const ids = [0, 3, 100, 250, 400, 100];
      const sub = open(
        subsetTrueType(
          font,
          ids.map((glyphId) => ({ glyphId })),
        ),
      );
      expect(sub.numGlyphs).toBeGreaterThanOrEqual(ids.length);
      ids.forEach((id, i) => {
        expect(pathOf(sub, i), `glyph ${id}`).toBe(pathOf(fontkitFont(font), id));
        expect(sub.getGlyph(i).advanceWidth).toBe(fontkitFont(font).getGlyph(id).advanceWidth);
      });
    });
  }

  it("gives a glyph copy the advance asked for, and leaves the outline alone", () => {
    const font = loadFont(bundledFont("Amiri-Regular.ttf"));
    const sub = open(
      subsetTrueType(font, [{ glyphId: 0 }, { glyphId: 450 }, { glyphId: 450, advance: 777 }]),
    );
    expect(sub.getGlyph(1).advanceWidth).toBe(fontkitFont(font).getGlyph(450).advanceWidth);
    expect(sub.getGlyph(2).advanceWidth).toBe(777);
    expect(pathOf(sub, 2)).toBe(pathOf(fontkitFont(font), 450));
  });

  it("brings in the components of composite glyphs, renumbered", () => {
    const font = loadFont(bundledFont("NotoNaskhArabic-Regular.ttf"));
    // Find composite glyphs: their outlines are drawn from other glyphs.
    const composites: number[] = [];
    for (let id = 1; id < 1600 && composites.length < 5; id++) {
      const decoded = (
        fontkitFont(font).getGlyph(id) as unknown as {
          _decode(): { numberOfContours: number } | null;
        }
      )._decode();
      if (decoded && decoded.numberOfContours < 0) composites.push(id);
    }
    expect(composites.length).toBeGreaterThan(0);
    const sub = open(
      subsetTrueType(font, [{ glyphId: 0 }, ...composites.map((glyphId) => ({ glyphId }))]),
    );
    expect(sub.numGlyphs).toBeGreaterThan(composites.length + 1);
    for (const [i, id] of composites.entries()) {
      expect(pathOf(sub, i + 1), `glyph ${id}`).toBe(pathOf(fontkitFont(font), id));
    }
  });
});
