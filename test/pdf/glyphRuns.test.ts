import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bundledFont, loadFont } from "../../src/fonts/registry.js";
import { logicalGlyphs, num } from "../../src/pdf/glyphRuns.js";
import { defaultShaper } from "../../src/text/shape.js";

const seedWords = [
  ...new Set(readFileSync("examples/jaafari-lavrov.txt", "utf8").split(/\s+/u).filter(Boolean)),
];
const hard = ["لا", "لأ", "علا", "الله", "بَّ", "بَّ", "كـتـاب", "مسيَّساً", "(كلمة)", "«نص»", "پاکستان"];

describe("logicalGlyphs", () => {
  for (const file of ["Amiri-Regular.ttf", "NotoNaskhArabic-Regular.ttf", "Amiri-Bold.ttf"]) {
    it(`${file}: the glyphs' texts in emission order spell every word exactly`, () => {
      const font = loadFont(bundledFont(file));
      for (const word of [...seedWords, ...hard]) {
        const rtl = /\p{Script=Arabic}/u.test(word);
        const glyphs = defaultShaper.shape(word, { font, direction: rtl ? "rtl" : "ltr" });
        const text = logicalGlyphs({ rtl, text: word, glyphs })
          .map((g) => g.text)
          .join("");
        expect(text, word).toBe(word);
      }
    });
  }

  it("splits lam-alef into its two letters, lam first", () => {
    const font = loadFont(bundledFont("Amiri-Regular.ttf"));
    const glyphs = defaultShaper.shape("لا", { font, direction: "rtl" });
    const logical = logicalGlyphs({ rtl: true, text: "لا", glyphs });
    expect(logical.map((g) => g.text)).toEqual(["ل", "ا"]);
    // Logical order runs right to left on the page.
    expect(logical[0]?.drawX).toBeGreaterThan(logical[1]?.drawX ?? 0);
  });

  it("tiles spacing glyphs edge to edge so readers see no gap inside a word", () => {
    const font = loadFont(bundledFont("Amiri-Bold.ttf"));
    const glyphs = defaultShaper.shape("وبغداد", { font, direction: "rtl" });
    const logical = logicalGlyphs({ rtl: true, text: "وبغداد", glyphs });
    const total = glyphs.reduce((sum, g) => sum + g.xAdvance, 0);
    const tiled = logical.reduce((sum, g) => sum + g.tileWidth, 0);
    // The waw is kerned with an offset; its tile absorbs that so the boxes still add up.
    expect(glyphs.some((g) => g.xOffset !== 0)).toBe(true);
    expect(tiled).toBeCloseTo(total - (glyphs[0]?.xOffset ?? 0), 6);
    const spacing = logical.filter((g) => g.glyph.xAdvance > 0).sort((a, b) => a.drawX - b.drawX);
    for (let i = 1; i < spacing.length; i++) {
      const prev = spacing[i - 1];
      expect(prev && prev.drawX + prev.tileWidth).toBeCloseTo(spacing[i]?.drawX ?? 0, 6);
    }
  });

  it("stands a mark's carrier just past its letter's end in reading order, whatever its width", () => {
    // poppler starts a new line at a zero-width glyph more than half an em inside the letter
    // before it (a kashida's tile, Amiri's wide ض), and mupdf a new word at one more than
    // 0.15 em from the letter's end.
    for (const [file, word] of [
      ["Amiri-Regular.ttf", "تفضّل"],
      ["NotoNaskhArabic-Regular.ttf", "موقفاً"],
      ["Amiri-Regular.ttf", "مسيَّساً"],
    ] as const) {
      const font = loadFont(bundledFont(file));
      const glyphs = defaultShaper.shape(word, { font, direction: "rtl" });
      const logical = logicalGlyphs({ rtl: true, text: word, glyphs }, font.unitsPerEm);
      let letter: (typeof logical)[number] | undefined;
      let marks = 0;
      for (const g of logical) {
        if (g.text === "") continue;
        if (!/\p{M}/u.test(g.text)) {
          letter = g;
          continue;
        }
        marks++;
        expect(g.tileWidth, word).toBe(0);
        const gap = (letter?.drawX ?? 0) - g.drawX;
        expect(gap, word).toBeGreaterThan(0);
        expect(gap, word).toBeLessThan(font.unitsPerEm * 0.05);
      }
      expect(marks, word).toBeGreaterThan(0);
    }
  });
});

describe("num", () => {
  it("writes short, fixed-precision numbers", () => {
    expect(num(1.23456)).toBe("1.235");
    expect(num(-0.0001)).toBe("0");
    expect(num(12)).toBe("12");
  });
});
