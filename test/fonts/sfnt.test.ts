import { readdirSync } from "node:fs";
import * as fontkit from "fontkit";
import { describe, expect, it } from "vitest";
import {
  BUNDLED_FONTS_DIR,
  bundledFont,
  glyphAdvance,
  hasCodePoint,
  loadFont,
} from "../../src/fonts/registry.js";
import { readFontInfo } from "../../src/fonts/sfnt.js";

interface FontkitView {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  capHeight: number;
  xHeight: number;
  italicAngle: number;
  postscriptName: string;
  numGlyphs: number;
  post: { isFixedPitch: number };
  "OS/2": { usWeightClass: number; sFamilyClass: number };
  getGlyph(id: number): { advanceWidth: number };
  hasGlyphForCodePoint(cp: number): boolean;
}

const fonts = readdirSync(BUNDLED_FONTS_DIR).filter((f) => f.endsWith(".ttf"));

// fontkit is the independent reading: sahifa's own table reader must agree with it.
describe.each(fonts)("%s: font facts agree with fontkit", (file) => {
  const path = bundledFont(file);
  const font = loadFont(path);
  const fk = fontkit.create(Buffer.from(font.bytes)) as unknown as FontkitView;

  it("font-wide metrics and names", () => {
    const info = readFontInfo(font.bytes);
    expect(info.unitsPerEm).toBe(fk.unitsPerEm);
    expect(info.ascender).toBe(fk.ascent);
    expect(info.descender).toBe(fk.descent);
    expect(info.bbox).toEqual({ ...fk.bbox });
    expect(info.capHeight || info.ascender).toBe(fk.capHeight || fk.ascent);
    expect(info.xHeight).toBe(fk.xHeight);
    expect(info.italicAngle).toBe(fk.italicAngle);
    expect(info.isFixedPitch).toBe(fk.post.isFixedPitch !== 0);
    expect(info.weightClass).toBe(fk["OS/2"].usWeightClass);
    expect(info.familyClass).toBe(fk["OS/2"].sFamilyClass);
    expect(info.postscriptName).toBe(fk.postscriptName);
    expect(info.outlines).toBe("truetype");
  });

  it("advances of every glyph", () => {
    for (let id = 0; id < fk.numGlyphs; id++) {
      if (glyphAdvance(font, id) !== fk.getGlyph(id).advanceWidth)
        expect(glyphAdvance(font, id), `glyph ${id}`).toBe(fk.getGlyph(id).advanceWidth);
    }
  });

  it("coverage of the BMP", () => {
    for (let cp = 0x20; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (hasCodePoint(font, cp) !== fk.hasGlyphForCodePoint(cp))
        expect(hasCodePoint(font, cp), `U+${cp.toString(16)}`).toBe(fk.hasGlyphForCodePoint(cp));
    }
  });
});

describe("readFontInfo refuses what is not a font", () => {
  it.each([
    ["empty", new Uint8Array(0), /too short/],
    ["text", new TextEncoder().encode("hello, this is not a font file"), /not an OpenType/],
    [
      "a collection",
      new Uint8Array([0x74, 0x74, 0x63, 0x66, 0, 1, 0, 0, 0, 0, 0, 0]),
      /collections/,
    ],
    ["no tables", new Uint8Array([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), /no head table/],
    ["a truncated directory", new Uint8Array([0, 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0]), /truncated/],
  ])("%s", (_, bytes, message) => {
    expect(() => readFontInfo(bytes)).toThrow(message);
  });
});
