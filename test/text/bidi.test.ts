import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import bidiFactory from "bidi-js";
import { describe, expect, it } from "vitest";
import {
  lineLevels,
  mirroredText,
  resolveLevels,
  visualOrder,
  visualString,
} from "../../src/text/bidi.js";

const FIXTURE = fileURLToPath(
  new URL("../fixtures/unicode/BidiCharacterTest.txt", import.meta.url),
);
const DIRECTIONS = ["ltr", "rtl", "auto"] as const;

/** Strips the X9-removed controls that visualString keeps, to compare what is seen. */
const CONTROLS = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

interface Case {
  line: number;
  codePoints: number[];
  direction: (typeof DIRECTIONS)[number];
  paragraphLevel: number;
  /** Per code point; null where X9 removes the character. */
  levels: (number | null)[];
  order: number[];
}

function parseCases(): Case[] {
  const cases: Case[] = [];
  const lines = readFileSync(FIXTURE, "utf8").split("\n");
  lines.forEach((raw, index) => {
    const text = raw.trim();
    if (text === "" || text.startsWith("#")) return;
    const fields = text.split(";");
    if (fields.length !== 5) throw new Error(`line ${index + 1}: expected 5 fields`);
    const [cps, dir, paraLevel, levels, order] = fields as [string, string, string, string, string];
    const direction = DIRECTIONS[Number(dir)];
    if (!direction) throw new Error(`line ${index + 1}: bad direction ${dir}`);
    const words = (s: string) => s.trim().split(/\s+/).filter(Boolean);
    cases.push({
      line: index + 1,
      codePoints: words(cps).map((h) => Number.parseInt(h, 16)),
      direction,
      paragraphLevel: Number(paraLevel),
      levels: words(levels).map((l) => (l === "x" ? null : Number(l))),
      order: words(order).map(Number),
    });
  });
  return cases;
}

/** Runs one case through our own stages; returns a description of the first mismatch, if any. */
function check(c: Case): string | null {
  const text = String.fromCodePoint(...c.codePoints);
  // The file indexes code points; our levels are per UTF-16 code unit.
  const unitOf: number[] = [];
  for (let unit = 0, k = 0; k < c.codePoints.length; k++) {
    unitOf.push(unit);
    unit += (c.codePoints[k] as number) > 0xffff ? 2 : 1;
  }
  const para = resolveLevels(text, c.direction);
  if (para.paragraphLevel !== c.paragraphLevel) {
    return `paragraph level ${para.paragraphLevel}, expected ${c.paragraphLevel}`;
  }
  const line = lineLevels(text, para, 0, text.length);
  const got = unitOf.map((u) => line[u] as number);
  for (let k = 0; k < got.length; k++) {
    const want = c.levels[k];
    if (want !== null && want !== got[k]) return `level of #${k} is ${got[k]}, expected ${want}`;
  }
  const kept = got.map((_, k) => k).filter((k) => c.levels[k] !== null);
  // As the file defines it: reorder only what X9 leaves.
  const withoutRemoved = visualOrder(kept.map((k) => got[k] as number)).map((i) => kept[i]);
  // As the layout does it: reorder everything, removed controls included, then ignore them.
  const withRemoved = visualOrder(got).filter((k) => c.levels[k] !== null);
  const want = c.order.join(" ");
  if (withoutRemoved.join(" ") !== want)
    return `order ${withoutRemoved.join(" ")}, expected ${want}`;
  if (withRemoved.join(" ") !== want) return `order with X9 chars ${withRemoved.join(" ")}`;
  return null;
}

describe("BidiCharacterTest.txt (UAX #9 conformance through L2)", () => {
  it("passes every case", () => {
    const cases = parseCases();
    expect(cases.length).toBeGreaterThan(90_000);
    let passed = 0;
    const failures: string[] = [];
    for (const c of cases) {
      const problem = check(c);
      if (problem === null) passed++;
      else if (failures.length < 20) failures.push(`line ${c.line}: ${problem}`);
    }
    console.log(`BidiCharacterTest: ${passed}/${cases.length}`);
    expect(failures).toEqual([]);
    expect(passed).toBe(cases.length);
  });
});

describe("resolveLevels", () => {
  it("keeps Arabic-Indic and European digits left-to-right inside Arabic", () => {
    const text = "العام ٢٠٢٦ و 2026";
    const { levels, paragraphLevel } = resolveLevels(text, "rtl");
    expect(paragraphLevel).toBe(1);
    for (const digits of ["٢٠٢٦", "2026"]) {
      const at = text.indexOf(digits);
      expect([...levels.slice(at, at + 4)]).toEqual([2, 2, 2, 2]);
    }
    expect(levels[0]).toBe(1);
    expect(levels[text.indexOf("و")]).toBe(1);
    expect(visualString(text, "rtl")).toBe("2026 و ٢٠٢٦ ماعلا");
  });

  it("picks the direction of the first strong character with auto", () => {
    expect(resolveLevels("Hello مرحبا", "auto").paragraphLevel).toBe(0);
    expect(resolveLevels("2026: Hello مرحبا", "auto").paragraphLevel).toBe(0);
    expect(resolveLevels("مرحبا Hello", "auto").paragraphLevel).toBe(1);
    // P2 skips isolated text.
    expect(resolveLevels("\u2066abc\u2069 مرحبا", "auto").paragraphLevel).toBe(1);
    expect(resolveLevels("123 ...", "auto").paragraphLevel).toBe(0);
    expect(resolveLevels("", "auto").paragraphLevel).toBe(0);
    expect(resolveLevels("", "rtl").paragraphLevel).toBe(1);
  });

  it("resolves the whole text at one level when it holds a forced line break", () => {
    const text = "مرحبا\nHello";
    const { levels, paragraphLevel } = resolveLevels(text, "auto");
    expect(paragraphLevel).toBe(1);
    expect(levels[text.indexOf("H")]).toBe(2);
  });

  it("classifies astral characters by code point", () => {
    // U+1E900 ADLAM CAPITAL LETTER ALIF is R; bidi-js alone would call each surrogate L.
    const adlam = "\u{1E900}\u{1E901}";
    const text = `abc ${adlam} def`;
    const { levels } = resolveLevels(text, "ltr");
    expect([...levels.slice(4, 8)]).toEqual([1, 1, 1, 1]);
    expect(resolveLevels(`${adlam} abc`, "auto").paragraphLevel).toBe(1);
    // Emoji are neutral (ON), so they take the direction of the Arabic around them.
    const emoji = resolveLevels("abc مرحبا 😀 عالم", "ltr");
    expect([...emoji.levels.slice(10, 12)]).toEqual([1, 1]);
    // Surrogate pairs move as one character.
    expect(visualString(`${adlam}`, "ltr")).toBe("\u{1E901}\u{1E900}");
  });

  it("does not throw on explicit controls and marks", () => {
    const texts = [
      "\u202eabc\u202c",
      "\u202b\u202a\u202c",
      "abc\u200f",
      "\u200e\u200f",
      "مرحبا\u200e 2026\u200f",
      "\u2067\u2068\u2066",
      "\u2069\u2069",
      "\u00ad\u200b\ufeff",
      "\ud800x\udc00",
    ];
    for (const text of texts) {
      for (const dir of DIRECTIONS) {
        const para = resolveLevels(text, dir);
        expect(para.levels.length).toBe(text.length);
        expect(lineLevels(text, para, 0, text.length).length).toBe(text.length);
        expect(() => visualString(text, dir)).not.toThrow();
      }
    }
    const overridden = resolveLevels("\u202eabc\u202c", "ltr");
    expect([...overridden.levels.slice(1, 4)]).toEqual([1, 1, 1]);
    expect(visualString("\u202eabc\u202c", "ltr").replace(CONTROLS, "")).toBe("cba");
  });
});

// The factory, as src/text/bidi.ts takes it (CommonJS typed as a default export).
const bidi = (typeof bidiFactory === "function" ? bidiFactory : bidiFactory.default)();

describe("resolveLevels on plain Arabic text (the shortcut)", () => {
  // Every character the shortcut takes, and bidi-js (the full algorithm) as the reference.
  const alphabet = [
    ..."ابتثجحخدذرزسشصضطظعغفقكلمنهوي ءآأإئؤةى",
    ..."\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640",
    ..."\u0606\u0609\u060a\u060c\u060e\u061b\u061f\u066a\u066d\u06d4\u06de\u06e9\u06fa",
    ..."\u0750\ufb50\ufdf2\ufefb\ufd3e\ufd3f",
    ..." !\"#%'()*,-./:;?[]\u00a0«»–—‘’“”…",
  ];
  const full = (text: string) => Array.from(bidi.getEmbeddingLevels(text, "rtl").levels);

  it("gives what the full algorithm gives, for the examples' paragraphs and random text", () => {
    let random = 12345;
    const next = () => {
      random = (random * 1103515245 + 12345) % 2 ** 31;
      return random;
    };
    const texts = [
      "موسكو – بزيارة رسمية ليومين التقى وزير خارجية العراق (ابراهيم الجعفري) «بنظيره».",
      "  ؟! قال: «نعم» ...  ",
      "",
    ];
    for (let n = 0; n < 3000; n++) {
      const length = next() % 40;
      texts.push(Array.from({ length }, () => alphabet[next() % alphabet.length]).join(""));
    }
    for (const text of texts) {
      const { levels, paragraphLevel } = resolveLevels(text, "rtl");
      expect(paragraphLevel).toBe(1);
      if (Array.from(levels).join() !== full(text).join())
        expect(Array.from(levels), JSON.stringify(text)).toEqual(full(text));
    }
  });

  it("leaves digits, Latin and controls to the full algorithm", () => {
    for (const text of ["عام 2026", "عام ٢٠٢٦", "كلمة word", "نص\u200fنص", "نص\tنص"]) {
      expect(Array.from(resolveLevels(text, "rtl").levels)).toEqual(full(text));
    }
  });
});

describe("lineLevels", () => {
  it("resets white space at the end of a line to the paragraph level", () => {
    const text = "abc def مرحبا";
    const para = resolveLevels(text, "rtl");
    expect(para.levels[3]).toBe(2);
    expect([...lineLevels(text, para, 0, 4)]).toEqual([2, 2, 2, 1]);
    expect([...lineLevels(text, para, 4, 8)]).toEqual([2, 2, 2, 1]);
  });

  it("counts isolate controls and X9-removed characters as trailing white space", () => {
    for (const control of ["\u2066", "\u2069", "\u200b", "\u202c"]) {
      const text = `abc ${control} def`;
      const para = resolveLevels(text, "rtl");
      expect([...lineLevels(text, para, 0, 5)]).toEqual([2, 2, 2, 1, 1]);
    }
  });

  it("resets segment separators and the white space before them", () => {
    const text = "abc \tdef";
    const para = resolveLevels(text, "rtl");
    expect([...lineLevels(text, para, 0, text.length)]).toEqual([2, 2, 2, 1, 1, 2, 2, 2]);
  });

  it("rejects a range outside the text", () => {
    const para = resolveLevels("abc", "ltr");
    expect(() => lineLevels("abc", para, 2, 4)).toThrow(RangeError);
    expect(() => lineLevels("abc", para, 2, 1)).toThrow(RangeError);
    expect(lineLevels("abc", para, 1, 1).length).toBe(0);
  });
});

describe("visualOrder", () => {
  it("reorders run levels without the text", () => {
    expect(visualOrder([1, 2, 2, 1])).toEqual([3, 1, 2, 0]);
    expect(visualOrder([0, 1, 1, 0])).toEqual([0, 2, 1, 3]);
    expect(visualOrder([1, 1, 1])).toEqual([2, 1, 0]);
    expect(visualOrder([2, 2])).toEqual([0, 1]);
    expect(visualOrder(new Uint8Array([1, 2, 3, 3, 2, 1]))).toEqual([5, 1, 3, 2, 4, 0]);
    expect(visualOrder([0, 2, 1])).toEqual([0, 2, 1]);
    expect(visualOrder([])).toEqual([]);
  });
});

describe("mirroredText", () => {
  it("mirrors brackets at odd levels only", () => {
    const text = "(مرحبا) [abc]";
    const para = resolveLevels(text, "rtl");
    expect(mirroredText(text, para.levels, 0, text.length)).toBe(")مرحبا( ]abc[");
    // "[abc]" follows Arabic, so rule N0 puts its brackets at the paragraph level too.
    expect(mirroredText(text, para.levels, 0, 1)).toBe(")");
    expect(mirroredText(text, para.levels, 6, 7)).toBe("(");
    expect(mirroredText(text, para.levels, 3, 3)).toBe("");
    const ltr = resolveLevels(text, "ltr");
    expect(mirroredText(text, ltr.levels, 0, text.length)).toBe(text);
  });

  it("reads correctly once reordered", () => {
    expect(visualString("مرحبا (عالم)", "rtl")).toBe("(ملاع) ابحرم");
    expect(visualString("a < b", "rtl")).toBe("a < b");
    expect(visualString("أ < ب", "rtl")).toBe("ب > أ");
  });
});
