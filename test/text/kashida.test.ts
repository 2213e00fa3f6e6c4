import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { bundledFont, loadFont } from "../../src/fonts/registry.js";
import { logicalGlyphs } from "../../src/pdf/glyphRuns.js";
import { elongate, type JoiningType, joiningType, kashidaPoints } from "../../src/text/kashida.js";
import { defaultShaper } from "../../src/text/shape.js";
import type { Glyph } from "../../src/text/types.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
/** Where scripts/gen-joining-types.mjs reads Unicode's data by default (../shared/unicode). */
const ARABIC_SHAPING = "test/fixtures/unicode/ArabicShaping.txt";

/** HarfBuzz's HB_GLYPH_FLAG_SAFE_TO_INSERT_TATWEEL. */
const SAFE_TO_INSERT_TATWEEL = 4;
const TATWEEL = "\u0640";
const ZWNJ = "\u200c";
const ZWJ = "\u200d";

const cp = (char: string) => char.codePointAt(0) as number;

/** The Arabic words of the seed article (letters and their marks), each once. */
const seedWords = [
  ...new Set(
    readFileSync(resolve(ROOT, "examples", "jaafari-lavrov.txt"), "utf8").match(/[\p{L}\p{M}]+/gu),
  ),
].filter((w) => /\p{Script=Arabic}/u.test(w));

/** Explicit entries of ArabicShaping.txt: code point → Joining_Type. */
function readArabicShaping(path: string): Map<number, JoiningType> {
  const entries = new Map<number, JoiningType>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const data = line.split("#")[0]?.trim();
    if (!data) continue;
    const [code, , type] = data.split(";").map((s) => s.trim());
    entries.set(Number.parseInt(code ?? "", 16), type as JoiningType);
  }
  return entries;
}

/** The letters (non-T code points) of a word, with their offsets. */
function letters(text: string): { at: number; char: string }[] {
  const out: { at: number; char: string }[] = [];
  for (let i = 0; i < text.length; ) {
    const char = String.fromCodePoint(cp(text.slice(i)));
    if (joiningType(cp(char)) !== "T") out.push({ at: i, char });
    i += char.length;
  }
  return out;
}

/** The letter before offset `at`, marks skipped. */
function letterBefore(text: string, at: number): string | undefined {
  return letters(text)
    .filter((l) => l.at < at)
    .at(-1)?.char;
}

describe("joiningType", () => {
  it("knows the joining types of the usual suspects", () => {
    const known: [string, JoiningType][] = [
      ["ب", "D"],
      ["ا", "R"],
      ["ء", "U"],
      [TATWEEL, "C"],
      ["\u064e", "T"], // fatha
      ["\u0651", "T"], // shadda
      ["\u0670", "T"], // superscript alef
      [ZWNJ, "U"],
      [ZWJ, "C"],
      ["د", "R"],
      ["ة", "R"],
      ["ى", "D"],
      ["ی", "D"], // Farsi yeh
      ["a", "U"],
      [" ", "U"],
      ["1", "U"],
    ];
    for (const [char, type] of known) expect(joiningType(cp(char)), char).toBe(type);
  });

  it("agrees with every D, R, L and C entry of ArabicShaping.txt", () => {
    const entries = readArabicShaping(ARABIC_SHAPING);
    expect(entries.size).toBeGreaterThan(500);
    const wrong: string[] = [];
    for (const [code, type] of entries) {
      if (!["D", "R", "L", "C"].includes(type)) continue;
      if (joiningType(code) !== type) wrong.push(`U+${code.toString(16)}`);
    }
    expect(wrong).toEqual([]);
    // A few by hand, as the file has them.
    for (const code of [0x628, 0x627, 0x621, 0x640, 0x200c, 0x200d, 0x6cc, 0x8a0, 0x1e900])
      expect(joiningType(code), `U+${code.toString(16)}`).toBe(entries.get(code));
  });

  // The file's explicit U and T entries matter where the Mn/Me/Cf default is wrong: the bidi
  // isolates U+2066..2069, the Arabic number signs U+0600..0605, U+06DD, U+1E94B, …
  it("agrees with ArabicShaping.txt on every code point, the explicit U and T entries included", () => {
    const entries = readArabicShaping(ARABIC_SHAPING);
    const transparent = /^(?:\p{Mn}|\p{Me}|\p{Cf})$/u;
    const wrong: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const expected =
        entries.get(code) ?? (transparent.test(String.fromCodePoint(code)) ? "T" : "U");
      if (joiningType(code) !== expected) wrong.push(`U+${code.toString(16)}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe("kashidaPoints", () => {
  it("gives each alreq priority at its place", () => {
    // 1 after an initial or medial seen/sad; 2 before a final heh, teh marbuta or dal;
    // 3 before a final alef, tah, lam or kaf; 4 before a medial beh-like letter followed by
    // a final yeh or reh; 5 before a final waw, ain, qaf or feh; 6 before any other final.
    expect(kashidaPoints("مسلم")[0]).toEqual({ at: 2, priority: 1 }); // مس|لم
    expect(kashidaPoints("ضمان")[0]).toEqual({ at: 1, priority: 1 }); // ض|مان
    expect(kashidaPoints("محمد")).toEqual([{ at: 3, priority: 2 }]); // محم|د
    expect(kashidaPoints("كتابة")).toEqual([
      { at: 4, priority: 2 }, // كتاب|ة
      { at: 2, priority: 3 }, // كت|ابة
    ]);
    expect(kashidaPoints("قال")).toEqual([{ at: 1, priority: 3 }]); // ق|ال
    expect(kashidaPoints("فقط")).toEqual([{ at: 2, priority: 3 }]); // فق|ط
    expect(kashidaPoints("نبي")).toEqual([
      { at: 1, priority: 4 }, // ن|بي
      { at: 2, priority: 6 }, // نب|ي
    ]);
    expect(kashidaPoints("كبر")[0]).toEqual({ at: 1, priority: 4 }); // ك|بر
    expect(kashidaPoints("نحو")).toEqual([{ at: 2, priority: 5 }]); // نح|و
    expect(kashidaPoints("حلق")).toEqual([{ at: 2, priority: 5 }]); // حل|ق
    expect(kashidaPoints("بيت")).toEqual([{ at: 2, priority: 6 }]); // بي|ت
  });

  it("orders best first, and of equal points the later one first", () => {
    expect(kashidaPoints("مسلسل")).toEqual([
      { at: 4, priority: 1 },
      { at: 2, priority: 1 },
    ]);
    expect(kashidaPoints("سلسلة")).toEqual([
      { at: 3, priority: 1 },
      { at: 1, priority: 1 },
      { at: 4, priority: 2 },
    ]);
    expect(kashidaPoints("عربي")).toEqual([
      { at: 3, priority: 6 },
      { at: 1, priority: 6 },
    ]);
    for (const word of seedWords) {
      const points = kashidaPoints(word);
      for (let i = 1; i < points.length; i++) {
        const a = points[i - 1] as { at: number; priority: number };
        const b = points[i] as { at: number; priority: number };
        expect(a.priority < b.priority || (a.priority === b.priority && a.at > b.at), word).toBe(
          true,
        );
      }
    }
  });

  it("never goes inside lam-alef", () => {
    for (const word of ["لا", "لأ", "لإ", "لآ", "كلام", "فلا", "سلام", "الاعلام"]) {
      for (const p of kashidaPoints(word))
        expect(`${letterBefore(word, p.at)}${word[p.at]}`, word).not.toMatch(/^ل[اأإآٱ]$/u);
    }
    expect(kashidaPoints("لا")).toEqual([]);
    expect(kashidaPoints("لأ")).toEqual([]);
    expect(kashidaPoints("كلام")).toEqual([]);
    // The name of God is never elongated, whatever the font's ligatures.
    expect(kashidaPoints("الله")).toEqual([]);
    expect(kashidaPoints("لله")).toEqual([]);
    expect(kashidaPoints("عبدالله")).toEqual([{ at: 2, priority: 2 }]); // عب|د, never inside الله
  });

  it("never comes after a letter that does not join forward", () => {
    for (const word of ["دار", "ورد", "زر", "ذرة", "ادرو", "رأى", "ءا"])
      expect(kashidaPoints(word), word).toEqual([]);
    for (const word of seedWords) {
      for (const p of kashidaPoints(word)) {
        const before = letterBefore(word, p.at) ?? "";
        expect("اأإآدذرزوؤةء", `${word} at ${p.at}`).not.toContain(before);
        expect(["D", "C"], `${word} at ${p.at}`).toContain(joiningType(cp(before)));
        expect(["D", "R", "C"], `${word} at ${p.at}`).toContain(joiningType(cp(word.slice(p.at))));
      }
    }
  });

  it("never crosses a zero width non-joiner", () => {
    expect(kashidaPoints("بت")).toEqual([{ at: 1, priority: 6 }]);
    expect(kashidaPoints(`ب${ZWNJ}ت`)).toEqual([]);
    // Before a ZWNJ the seen is final: no priority-1 point after it, only the one before it.
    expect(kashidaPoints(`مس${ZWNJ}ل`)).toEqual([{ at: 1, priority: 6 }]);
    expect(kashidaPoints(`س${ZWNJ}ل`)).toEqual([]);
    // A joiner keeps the join: the point comes after it.
    expect(kashidaPoints(`ب${ZWJ}ت`)).toEqual([{ at: 2, priority: 6 }]);
  });

  it("skips marks: a point after a letter with harakat sits after its marks", () => {
    expect(kashidaPoints("بَيْتٌ")).toEqual([{ at: 4, priority: 6 }]); // بَيْ|تٌ
    expect(kashidaPoints("مُحَمَّد")).toEqual([{ at: 7, priority: 2 }]); // مُحَمَّ|د
    expect(kashidaPoints("مَسْلَم")[0]).toEqual({ at: 4, priority: 1 }); // مَسْ|لَم
    for (const word of seedWords) {
      for (const p of kashidaPoints(word)) {
        expect(joiningType(cp(word.slice(p.at))), `${word} at ${p.at}`).not.toBe("T");
      }
    }
  });
});

type ShapeFn = (text: string) => readonly Glyph[];

function shaperFor(file: string): ShapeFn {
  const font = loadFont(bundledFont(file));
  return (text) => defaultShaper.shape(text, { font, direction: "rtl" });
}

/** Letters of a word (its marks aside). */
const letterCount = (word: string) => [...word].filter((c) => joiningType(cp(c)) !== "T").length;

describe("elongate", () => {
  for (const file of ["Amiri-Regular.ttf", "NotoNaskhArabic-Regular.ttf"]) {
    it(`${file}: every seed word with a kashida point takes one, keeping the font's forms where any point does`, () => {
      const shape = shaperFor(file);
      const units = loadFont(bundledFont(file)).unitsPerEm;
      let elongated = 0;
      let candidates = 0;
      let reformed = 0;
      let seconds = 0;
      const spell = (word: string, gs: readonly Glyph[]) =>
        logicalGlyphs({ rtl: true, text: word, glyphs: gs })
          .map((g) => g.text)
          .join("");
      for (const word of seedWords) {
        const glyphs = shape(word);
        const points = kashidaPoints(word);
        if (points.length > 0) candidates++;
        const e = elongate(word, glyphs, shape, units);
        if (!e) continue;
        elongated++;
        const [point] = e.points;
        expect(e.points, word).toHaveLength(1);
        expect(points, word).toContainEqual(point);
        expect(e.priority, word).toBe(point?.priority);
        const kashidas = e.glyphs.filter((g) => g.kashida);
        expect(kashidas.length, word).toBe(1);
        const kashida = kashidas[0] as Glyph;
        expect(kashida.xAdvance, word).toBe(0);
        expect(kashida.kashida?.advance ?? 0, word).toBeGreaterThan(0);
        expect(kashida.cluster, word).toBe(point?.at);
        const others = e.glyphs.filter((g) => !g.kashida);
        const flagsAt = (at: number) => glyphs.find((g) => g.cluster === at)?.flags ?? 0;
        const natural = glyphs.reduce((sum, g) => sum + g.xAdvance, 0);
        const width = others.reduce((sum, g) => sum + g.xAdvance, 0);
        expect(natural - width, word).toBe(e.rest);
        // Whether a tatweel at a point leaves every other glyph as it was.
        const keeps = (at: number) => {
          const shaped = shape(word.slice(0, at) + TATWEEL + word.slice(at));
          const rest = shaped.filter((g) => g.cluster !== at);
          return (
            shaped.some((g) => g.cluster === at && g.xAdvance > 0) &&
            rest.length === glyphs.length &&
            rest.every((g, i) => g.id === glyphs[i]?.id && g.xAdvance === glyphs[i]?.xAdvance)
          );
        };
        if (!e.reforms) {
          // The very glyphs of the unelongated word, at the best point that keeps them: of
          // those HarfBuzz flags safe when there is one, else of all.
          expect(
            others.map((g) => [g.id, g.xAdvance, g.cluster]),
            word,
          ).toEqual(glyphs.map((g) => [g.id, g.xAdvance, g.cluster]));
          expect(e.rest, word).toBe(0);
          const safe = (at: number) => (flagsAt(at) & SAFE_TO_INSERT_TATWEEL) !== 0;
          const pool = points.some((p) => safe(p.at) && keeps(p.at))
            ? points.filter((p) => safe(p.at))
            : points;
          const rank = pool.findIndex((p) => p.at === point?.at);
          expect(rank, word).toBeGreaterThanOrEqual(0);
          for (const better of pool.slice(0, rank))
            expect(keeps(better.at), `${word} at ${better.at}`).toBe(false);
        } else {
          // Undoing a form: only where no point keeps them, and at little cost in width.
          reformed++;
          for (const p of points) expect(keeps(p.at), `${word} at ${p.at}`).toBe(false);
          expect(-e.rest, word).toBeLessThanOrEqual(0.2 * units);
        }
        for (const g of e.glyphs) {
          expect(g.cluster, word).toBeGreaterThanOrEqual(0);
          expect(g.cluster, word).toBeLessThan(word.length);
        }
        // Visual order: glyphs of the text after the point to the left, before it to the right.
        const k = e.glyphs.indexOf(kashida);
        e.glyphs.forEach((g, i) => {
          if (i < k) expect(g.cluster, word).toBeGreaterThanOrEqual(point?.at ?? 0);
          if (i > k) expect(g.cluster, word).toBeLessThan(point?.at ?? 0);
        });
        // The kashida carries no text: the glyphs still spell the word, stretched or not.
        expect(spell(word, e.glyphs), word).toBe(word);
        const stretched = e.glyphs.map((g) => (g.kashida ? { ...g, xAdvance: 500 } : g));
        expect(spell(word, stretched), word).toBe(word);
        expect(
          logicalGlyphs({ rtl: true, text: word, glyphs: stretched }).find((g) => g.glyph.kashida)
            ?.text,
          word,
        ).toBe("");
        const second = e.second?.shape();
        if (second) {
          seconds++;
          // Long words only, at two points apart, the first as before; still the same word.
          expect(letterCount(word), word).toBeGreaterThanOrEqual(5);
          expect(second.points[0], word).toEqual(point);
          const [a, b] = [...second.points].map((p) => p.at).sort((x, y) => x - y);
          const between = word.slice(a, b);
          expect(letterCount(between), word).toBeGreaterThanOrEqual(2);
          const two = second.glyphs.filter((g) => g.kashida);
          expect(
            two.map((g) => g.cluster).sort((x, y) => x - y),
            word,
          ).toEqual([a, b]);
          expect(spell(word, second.glyphs), word).toBe(word);
          expect(-second.rest, word).toBeLessThanOrEqual(0.4 * units);
        }
      }
      console.log(
        `${file}: ${elongated} of ${candidates} seed words with kashida points elongate, ${reformed} undoing a form, ${seconds} with a second point`,
      );
      // Noto Naskh refuses only Allah; in Amiri, about one word in twenty has no point at all
      // whose undone form stays within 0.2 em.
      expect(elongated).toBeGreaterThan(candidates * 0.9);
      if (file.startsWith("Amiri")) expect(reformed).toBeGreaterThan(0);
      expect(seconds).toBeGreaterThan(0);
    });
  }

  it("keeps Amiri's ligatures where another point is free, and undoes them where none is", () => {
    const amiri = shaperFor("Amiri-Regular.ttf");
    // Seen-meem is a ligature in Amiri: the only point, after seen, is unsafe; undone, it costs
    // the word 0.16 em, which the kashida must make up before it shows.
    const bism = amiri("بسم");
    expect(kashidaPoints("بسم")).toEqual([{ at: 2, priority: 1 }]);
    expect((bism.find((g) => g.cluster === 2)?.flags ?? 0) & SAFE_TO_INSERT_TATWEEL).toBe(0);
    const e = elongate("بسم", bism, amiri);
    expect(e?.reforms).toBe(true);
    expect(e?.rest).toBeLessThan(0);
    // Allah: its lam-lam|heh is never a kashida point, in any font.
    for (const file of ["Amiri-Regular.ttf", "NotoNaskhArabic-Regular.ttf"]) {
      const shape = shaperFor(file);
      expect(elongate("الله", shape("الله"), shape), file).toBeUndefined();
    }
  });

  it("takes a worse point that keeps the font's forms over a better one that undoes them", () => {
    const amiri = shaperFor("Amiri-Regular.ttf");
    // رسمية: after seen (1) sits in Amiri's seen-meem form; before teh marbuta (2) is free.
    expect(kashidaPoints("رسمية")).toEqual([
      { at: 2, priority: 1 },
      { at: 4, priority: 2 },
    ]);
    const e = elongate("رسمية", amiri("رسمية"), amiri);
    expect(e && { points: e.points, reforms: e.reforms }).toEqual({
      points: [{ at: 4, priority: 2 }],
      reforms: false,
    });
    // Noto Naskh has no such form: the seen takes it.
    const noto = shaperFor("NotoNaskhArabic-Regular.ttf");
    expect(elongate("رسمية", noto("رسمية"), noto)?.points[0]?.at).toBe(2);
  });

  it("gives a long word a second point, never next to the first", () => {
    const amiri = shaperFor("Amiri-Regular.ttf");
    const e = elongate("الكلاسيكية", amiri("الكلاسيكية"), amiri);
    const second = e?.second?.shape();
    expect(second?.points).toHaveLength(2);
    const [a, b] = (second?.points ?? []).map((p) => p.at).sort((x, y) => x - y);
    expect(letterCount("الكلاسيكية".slice(a, b))).toBeGreaterThanOrEqual(2);
    // Four letters: one kashida only.
    expect(elongate("سبعة", amiri("سبعة"), amiri)?.second).toBeUndefined();
  });

  it("re-shapes to check: a safe-flagged point whose tatweel changes a neighbour undoes a form", () => {
    // A stub shaper: the word بت, flagged safe before ت, but with a tatweel ت turns another glyph.
    const glyph = (id: number, cluster: number, flags: number, xAdvance = 100): Glyph => ({
      id,
      cluster,
      xAdvance,
      yAdvance: 0,
      xOffset: 0,
      yOffset: 0,
      flags,
    });
    const plain = [glyph(2, 1, SAFE_TO_INSERT_TATWEEL), glyph(1, 0, 0)];
    const changes: ShapeFn = () => [glyph(9, 2, 0, 150), glyph(7, 1, 0), glyph(1, 0, 0)];
    const undone = elongate("بت", plain, changes, 1000);
    expect(undone && { reforms: undone.reforms, rest: undone.rest }).toEqual({
      reforms: true,
      rest: -50,
    });
    // Grown by more than 0.2 em: refused.
    const grows: ShapeFn = () => [glyph(9, 2, 0, 350), glyph(7, 1, 0), glyph(1, 0, 0)];
    expect(elongate("بت", plain, grows, 1000)).toBeUndefined();
    const keeps: ShapeFn = () => [glyph(2, 2, 0), glyph(7, 1, 0), glyph(1, 0, 0)];
    const kept = elongate("بت", plain, keeps, 1000);
    expect(kept?.reforms).toBe(false);
    expect(kept?.glyphs.map((g) => [g.id, g.cluster, g.xAdvance])).toEqual([
      [2, 1, 100],
      [7, 1, 0],
      [1, 0, 100],
    ]);
    // A tatweel without width (Amiri's bare U+0640) cannot be stretched.
    const zero: ShapeFn = () => [
      glyph(2, 2, 0),
      { ...glyph(7, 1, 0), xAdvance: 0 },
      glyph(1, 0, 0),
    ];
    expect(elongate("بت", plain, zero, 1000)).toBeUndefined();
  });
});
