import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as hb from "harfbuzzjs";
import { describe, expect, it } from "vitest";
import { bundledFont, loadFont } from "../../src/fonts/registry.js";
import { guessScript, guessSegmentProperties, scriptDirection } from "../../src/text/guess.js";
import { formatHbJson, formatHbText, type HbGlyph, toHbJson } from "../../src/text/hbformat.js";
import { createShaper, defaultShaper, type ShapeOptions } from "../../src/text/shape.js";
import type { Direction } from "../../src/text/types.js";

/**
 * Reference fixtures written by scripts/make-shape-fixtures.mjs from HarfBuzz's hb-shape: the
 * seed article's words and test/fixtures/shaping/hard-words.txt, per bundled font.
 */
interface FixtureCase {
  text: string;
  direction: Direction;
  script: string;
  language: string;
  glyphs: HbGlyph[];
}
interface Fixture {
  tool: string;
  font: string;
  cases: FixtureCase[];
  /** Cases where hb-shape's HarfBuzz and ours legitimately differ, each with the reason. */
  knownVersionDifferences?: { text: string; reason: string }[];
}

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "shaping");
const FONT_STEMS = ["Amiri-Regular", "NotoNaskhArabic-Regular"] as const;

function loadFixture(stem: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURES, `${stem}.json`), "utf8")) as Fixture;
}

const AMIRI = bundledFont("Amiri-Regular.ttf");
const NOTO = bundledFont("NotoNaskhArabic-Regular.ttf");
const RTL_AR = { direction: "rtl", script: "arab", language: "ar" } as const;

/** Our shaper's output in hb-shape's default text form (--no-glyph-names). */
function hbText(text: string, options: ShapeOptions): string {
  return formatHbText(toHbJson(text, defaultShaper.shape(text, options)));
}

describe("agreement with hb-shape (test/fixtures/shaping)", () => {
  for (const stem of FONT_STEMS) {
    it(`shapes every ${stem} case exactly as hb-shape did`, () => {
      const fixture = loadFixture(stem);
      expect(fixture.tool).toMatch(/^hb-shape \(HarfBuzz\) \d+\.\d+\.\d+$/);
      expect(fixture.font).toBe(`${stem}.ttf`);
      expect(fixture.cases.length).toBeGreaterThan(300);

      const font = loadFont(bundledFont(fixture.font));
      const differing: { text: string; ours: string; theirs: string }[] = [];
      for (const c of fixture.cases) {
        const glyphs = defaultShaper.shape(c.text, {
          font,
          direction: c.direction,
          script: c.script,
          language: c.language,
        });
        const ours = formatHbJson(toHbJson(c.text, glyphs));
        const theirs = formatHbJson(c.glyphs);
        if (ours !== theirs) differing.push({ text: c.text, ours, theirs });
      }
      const known = new Set((fixture.knownVersionDifferences ?? []).map((k) => k.text));
      const identical = fixture.cases.length - differing.length;
      console.log(
        `HarfBuzz agreement ${stem}: ${identical}/${fixture.cases.length} words` +
          ` (ours ${hb.versionString()}, reference ${fixture.tool})` +
          (known.size > 0 ? `, ${known.size} known version differences` : ""),
      );
      // Every difference must be a known one, and every known one must still differ.
      expect(differing.filter((d) => !known.has(d.text))).toEqual([]);
      expect(differing.map((d) => d.text).sort()).toEqual([...known].sort());
    });
  }

  it("covers the hard cases with the directions the fixtures promise", () => {
    const byText = new Map(loadFixture("Amiri-Regular").cases.map((c) => [c.text, c]));
    for (const text of ["لا", "لأ", "لإ", "لآ", "علا", "كلأ", "الله", "عبدالله", "كـتـاب"]) {
      expect(byText.get(text)).toMatchObject({ direction: "rtl", script: "arab", language: "ar" });
    }
    expect(byText.get("پاکستان")?.language).toBe("ur");
    expect(byText.get("می\u200Cخواهم")?.language).toBe("fa");
    expect(byText.get("ب\u200D")).toBeDefined();
    // Shadda + fatha typed in both orders are two distinct cases.
    expect(byText.get("ب\u064E\u0651")).toBeDefined();
    expect(byText.get("ب\u0651\u064E")).toBeDefined();
    for (const digits of ["٢٠٢٦", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"]) {
      expect(byText.get(digits)).toMatchObject({ direction: "ltr", script: "arab" });
    }
    for (const bracketed of ["«كلمة»", "(كلمة)", "[نص]"]) {
      expect(byText.get(bracketed)?.direction).toBe("rtl");
    }
  });
});

/** Goldens in hb-shape's text form, as hb-shape 6.0.0 printed them with the same options. */
describe("hb-shape text-form goldens", () => {
  it("lam-alef", () => {
    // Amiri joins lam and alef with contextual forms; Noto Naskh uses a lam-alef ligature.
    expect(hbText("لا", { font: AMIRI, ...RTL_AR })).toBe("[3022=1+340|3017=0+302]");
    expect(hbText("علا", { font: AMIRI, ...RTL_AR })).toBe("[3588=2+446|3583=1+245|4388=0+390]");
    expect(hbText("لا", { font: NOTO, ...RTL_AR })).toBe("[6=1+0|450=0+518]");
  });

  it("the Allah ligature", () => {
    expect(hbText("الله", { font: AMIRI, ...RTL_AR })).toBe(
      "[1835=3+352|6655=2+230|1833=1+155|391=0+217]",
    );
    expect(hbText("الله", { font: NOTO, ...RTL_AR })).toBe("[1062=1+952|3=0+238]");
  });

  it("shadda + fatha gives the same glyphs in either code point order", () => {
    const golden = "[1927=0@453,51+0|433=0@253,0+0|392=0+926]";
    expect(hbText("ب\u064E\u0651", { font: AMIRI, ...RTL_AR })).toBe(golden);
    expect(hbText("ب\u0651\u064E", { font: AMIRI, ...RTL_AR })).toBe(golden);
    expect(hbText("ب\u064E\u0651", { font: NOTO, ...RTL_AR })).toBe("[1418=0@299,26+0|35=0+772]");
  });

  it("digits shaped LTR keep ٢٠٢٦ in logical left-to-right order", () => {
    const ltr = { direction: "ltr", script: "arab", language: "ar" } as const;
    expect(hbText("٢٠٢٦", { font: AMIRI, ...ltr })).toBe(
      "[450=0+585|448=1+585|450=2+585|454=3+585]",
    );
    expect(hbText("٢٠٢٦", { font: NOTO, ...ltr })).toBe(
      "[1256=0+413|1252=1+314|1256=2+413|1262=3+445]",
    );
    const clusters = defaultShaper.shape("٢٠٢٦", { font: AMIRI, ...ltr }).map((g) => g.cluster);
    expect(clusters).toEqual([0, 1, 2, 3]);
  });

  it("mirrors brackets and guillemets in an RTL run", () => {
    expect(hbText("(كلمة)", { font: AMIRI, ...RTL_AR })).toBe(
      "[11=5+458|2268=4+379|3604=3+237|4731=2@-42,0+230|4691=1+587|12=0+458]",
    );
    expect(hbText("«كلمة»", { font: AMIRI, ...RTL_AR })).toBe(
      "[1947=5+415|2268=4+379|3604=3+237|4731=2@-42,0+230|4691=1+587|1946=0+415]",
    );
    // "(" at the start of the RTL run is drawn with the glyph LTR text uses for ")".
    const ltr = { font: AMIRI, direction: "ltr", script: "arab", language: "ar" } as const;
    const [open, close] = defaultShaper.shape("()", ltr).map((g) => g.id);
    const rtl = defaultShaper.shape("(كلمة)", { font: AMIRI, ...RTL_AR });
    expect(rtl.find((g) => g.cluster === 0)?.id).toBe(close);
    expect(rtl.find((g) => g.cluster === 5)?.id).toBe(open);
    expect(open).not.toBe(close);
  });

  it("counts clusters in code points, not UTF-16 units", () => {
    // U+1D400 is two UTF-16 units; hb-shape's cluster for the beh after it is 1.
    expect(hbText("\u{1D400}ب", { font: AMIRI, ...RTL_AR })).toBe("[392=1+926|0=0+364]");
  });

  it("prints hb-shape's JSON form", () => {
    expect(
      formatHbJson(toHbJson("لا", defaultShaper.shape("لا", { font: AMIRI, ...RTL_AR }))),
    ).toBe(
      '[{"g":3022,"cl":1,"dx":0,"dy":0,"ax":340,"ay":0},{"g":3017,"cl":0,"dx":0,"dy":0,"ax":302,"ay":0}]',
    );
  });
});

describe("hbformat", () => {
  it("writes offsets and vertical advances as hb-shape does", () => {
    // hb-shape --no-glyph-names --direction=ttb Amiri-Regular.ttf ab
    const ttb: HbGlyph[] = [
      { g: 68, cl: 0, dx: -210, dy: -1088, ax: 0, ay: -1758 },
      { g: 69, cl: 1, dx: -243, dy: -1214, ax: 0, ay: -1758 },
    ];
    expect(formatHbText(ttb)).toBe("[68=0@-210,-1088+0,-1758|69=1@-243,-1214+0,-1758]");
    expect(formatHbJson(ttb)).toBe(
      '[{"g":68,"cl":0,"dx":-210,"dy":-1088,"ax":0,"ay":-1758},{"g":69,"cl":1,"dx":-243,"dy":-1214,"ax":0,"ay":-1758}]',
    );
    expect(formatHbText([])).toBe("");
    expect(formatHbJson([])).toBe("");
  });

  it("formats exactly like HarfBuzz's own serializer", () => {
    const font = loadFont(AMIRI);
    const cases: [string, hb.Direction][] = [
      ["بِسْمِ اللَّهِ", hb.Direction.RTL],
      ["ab", hb.Direction.TTB],
      ["(كلمة)", hb.Direction.RTL],
    ];
    for (const [text, direction] of cases) {
      const buffer = new hb.Buffer();
      buffer.addText(text);
      buffer.setDirection(direction);
      buffer.guessSegmentProperties();
      hb.shape(font.hbFont, buffer, []);
      // BMP text: UTF-16 clusters are code point indices already.
      const glyphs: HbGlyph[] = buffer.getGlyphInfosAndPositions().map((g) => ({
        g: g.codepoint,
        cl: g.cluster,
        dx: g.xOffset ?? 0,
        dy: g.yOffset ?? 0,
        ax: g.xAdvance ?? 0,
        ay: g.yAdvance ?? 0,
      }));
      const flags = hb.BufferSerializeFlag.NO_GLYPH_NAMES;
      expect(formatHbText(glyphs)).toBe(buffer.serialize({ font: font.hbFont, flags }));
      expect(formatHbJson(glyphs)).toBe(
        buffer.serialize({ font: font.hbFont, flags, format: hb.BufferSerializeFormat.JSON }),
      );
    }
  });

  it("maps UTF-16 clusters to code point indices", () => {
    const glyph = { id: 1, xAdvance: 10, yAdvance: 0, xOffset: 0, yOffset: 0, flags: 0 };
    const text = "a\u{1D400}b\u{1D401}";
    const converted = toHbJson(
      text,
      [0, 1, 3, 4].map((cluster) => ({ ...glyph, cluster })),
    );
    expect(converted.map((g) => g.cl)).toEqual([0, 1, 2, 3]);
  });
});

describe("guess", () => {
  it("guesses script and direction like hb_buffer_guess_segment_properties", () => {
    expect(guessSegmentProperties("بب")).toEqual({ direction: "rtl", script: "arab" });
    expect(guessSegmentProperties("123 بب")).toEqual({ direction: "rtl", script: "arab" });
    expect(guessSegmentProperties("abc بب")).toEqual({ direction: "ltr", script: "latn" });
    // Arabic-Indic digits are Arabic script, so HarfBuzz guesses RTL for them.
    expect(guessSegmentProperties("٢٠٢٦")).toEqual({ direction: "rtl", script: "arab" });
    // Tatweel and harakat are Common/Inherited: the beh decides.
    expect(guessScript("ـ\u064Eب")).toBe("arab");
    expect(guessSegmentProperties("2026 ()")).toEqual({ direction: "ltr", script: undefined });
    expect(guessSegmentProperties("שלום").direction).toBe("rtl");
    expect(guessSegmentProperties("ܫܠܡ").direction).toBe("rtl");
    expect(guessSegmentProperties("ᚠᚢ")).toEqual({ direction: "ltr", script: "runr" });
    expect(guessSegmentProperties("بب", { script: "latn" }).direction).toBe("ltr");
    expect(guessSegmentProperties("abc", { direction: "rtl" })).toEqual({
      direction: "rtl",
      script: "latn",
    });
    expect(scriptDirection("Arabic")).toBe("rtl");
  });
});

describe("shaper", () => {
  it("returns identical results from its cache", () => {
    const shaper = createShaper();
    const options = { font: AMIRI, ...RTL_AR };
    const first = shaper.shape("كتاب", options);
    const second = shaper.shape("كتاب", options);
    expect(second).toBe(first);
    expect(shaper.cacheSize).toBe(1);
    shaper.clearCache();
    const fresh = shaper.shape("كتاب", options);
    expect(fresh).not.toBe(first);
    expect(fresh).toEqual(first);
    expect(defaultShaper.shape("كتاب", options)).toEqual(first);
    // Anything that changes the result is part of the key.
    const noCalt = shaper.shape("كتاب", { ...options, features: ["-calt"] });
    const joined = shaper.shape("كتاب", { ...options, after: "ب" });
    expect(shaper.cacheSize).toBe(3);
    // Settings switched back and forth, and the same features in another array, find their own
    // entries; so does a word with context.
    expect(shaper.shape("كتاب", options)).toBe(fresh);
    expect(shaper.shape("كتاب", { ...options, features: ["-calt"] })).toBe(noCalt);
    expect(shaper.shape("كتاب", { ...options, after: "ب" })).toBe(joined);
    expect(joined).not.toEqual(fresh);
    expect(shaper.shape("كتاب", { ...options, direction: "ltr" })).not.toEqual(fresh);
    expect(shaper.cacheSize).toBe(4);
  });

  it("keeps joins across a split with before/after context", () => {
    const isolated = defaultShaper.shape("ب", { font: NOTO, ...RTL_AR })[0]?.id;
    const initial = defaultShaper.shape("ب", { font: NOTO, ...RTL_AR, after: "ب" });
    const final = defaultShaper.shape("ب", { font: NOTO, ...RTL_AR, before: "ب" });
    const whole = defaultShaper.shape("بب", { font: NOTO, ...RTL_AR });
    expect(initial).toHaveLength(1);
    expect(initial[0]?.cluster).toBe(0);
    expect(initial[0]?.id).toBe(whole.find((g) => g.cluster === 0)?.id);
    expect(final[0]?.id).toBe(whole.find((g) => g.cluster === 1)?.id);
    expect(initial[0]?.id).not.toBe(isolated);
    expect(final[0]?.id).not.toBe(isolated);
  });

  it("gives Amiri's joined forms with context, as hb-shape --text-before/--text-after does", () => {
    // Amiri's "بب" whole gets a contextual (calt) beh-beh pair that needs both glyphs in the
    // buffer, so the split pieces get the plain initial and final forms instead: the ones of
    // "بـ" and "ـب", and those hb-shape prints for the same context.
    const initial = hbText("ب", { font: AMIRI, ...RTL_AR, after: "ب" });
    const final = hbText("ب", { font: AMIRI, ...RTL_AR, before: "ب" });
    expect(initial).toBe("[2102=0+190]");
    expect(final).toBe("[2080=0+883]");
    const withTatweel = defaultShaper.shape("بـ", { font: AMIRI, ...RTL_AR });
    expect(withTatweel.find((g) => g.cluster === 0)?.id).toBe(2102);
    expect(hbText("ب", { font: AMIRI, ...RTL_AR })).toBe("[392=0+926]");
    expect(hbText("اب", { font: AMIRI, ...RTL_AR, before: "كت" })).toBe("[392=1+926|2033=0+229]");
    expect(hbText("كت", { font: AMIRI, ...RTL_AR, after: "اب" })).toBe("[2149=1+244|2295=0+659]");
  });
});
