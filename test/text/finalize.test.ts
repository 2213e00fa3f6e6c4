import { describe, expect, it } from "vitest";
import { bundledFont } from "../../src/fonts/registry.js";
import { lineLevels, resolveLevels, visualOrder } from "../../src/text/bidi.js";
import { prepareParagraph, setParagraph } from "../../src/text/paragraph.js";
import { DEFAULT_JUSTIFICATION } from "../../src/text/stretch.js";

const style = { font: bundledFont("Amiri-Regular.ttf"), size: 12 };

/** The line's pieces left to right, as the eye meets them on the page. */
function visual(text: string, measure = 2000): string[] {
  const prepared = prepareParagraph({
    text,
    spans: [{ start: 0, end: text.length, style }],
    direction: "rtl",
  });
  const [line] = setParagraph(prepared, {
    measure,
    justification: DEFAULT_JUSTIFICATION,
    justify: false,
  });
  return [...(line?.pieces ?? [])]
    .sort((a, b) => a.x - b.x)
    .map((p) => p.text.trim())
    .filter(Boolean);
}

describe("finalizeLine", () => {
  it("keeps a run of Latin words in its own order inside Arabic (spaces keep their levels)", () => {
    expect(visual("قال John Smith إن")).toEqual(["إن", "John", "Smith", "قال"]);
    expect(visual("في New York City اليوم")).toEqual(["اليوم", "New", "York", "City", "في"]);
  });

  it("sets digits left to right and the Arabic around them right to left", () => {
    expect(visual("العام 2026 كان")).toEqual(["كان", "2026", "العام"]);
    expect(visual("بين ٢٠٢٥ و ٢٠٢٦ تغير")).toEqual(["تغير", "٢٠٢٦", "و", "٢٠٢٥", "بين"]);
  });

  it("drops the white space that ends a line", () => {
    const prepared = prepareParagraph({
      text: "كلمة أخرى ثالثة رابعة",
      spans: [{ start: 0, end: 21, style }],
      direction: "rtl",
    });
    const lines = setParagraph(prepared, {
      measure: 60,
      justification: DEFAULT_JUSTIFICATION,
      justify: false,
    });
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.pieces.at(-1)?.kind).toBe("box");
  });
});

/** Character indices of a one-line paragraph in visual order, as sahifa places its pieces. */
function pieceOrder(text: string): number[] {
  const prepared = prepareParagraph({
    text,
    spans: [{ start: 0, end: text.length, style }],
    direction: "rtl",
  });
  const [line] = setParagraph(prepared, {
    measure: 100_000,
    justification: DEFAULT_JUSTIFICATION,
    justify: false,
  });
  const out: number[] = [];
  for (const p of [...(line?.pieces ?? [])].sort((a, b) => a.x - b.x)) {
    const indices = Array.from({ length: p.end - p.start }, (_, k) => p.start + k);
    out.push(...(p.level % 2 === 1 ? indices.reverse() : indices));
  }
  return out;
}

/** The same by UAX #9 over characters (sahifa's own L1/L2, checked against BidiCharacterTest). */
function characterOrder(text: string): number[] {
  const para = resolveLevels(text, "rtl");
  return visualOrder(lineLevels(text, para, 0, text.length));
}

describe("pieces in visual order agree with UAX #9 over characters", () => {
  const lines = [
    "قال John Smith إن الاجتماع في New York كان مهماً",
    "ارتفع المؤشر EGX30 بنسبة 1.3% إلى 17.25% في 2026/05/12",
    "صندوق النقد الدولي (IMF) و«أوبك+» (OPEC+) اتفقا",
    "الرقم -3.5 والرقم +42 والنطاق 10-20",
    "موقع www.example.com أو البريد info@example.org للتواصل",
    "04:30-19- TOK",
    "سعر ٣٫٥٪ مقابل ٢٠٢٦/٢٠٢٧ للعامين",
    'قال: "Hello, world!" ثم غادر',
    "منصتا Spotify وApple Music مع إدارة",
  ];
  for (const text of lines) {
    it(text, () => {
      expect(pieceOrder(text)).toEqual(characterOrder(text));
    });
  }
});
