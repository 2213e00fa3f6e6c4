import { describe, expect, it } from "vitest";
import { bundledFont, loadFont } from "../../src/fonts/registry.js";
import { applyFallbacks, fontFor } from "../../src/text/fallback.js";
import type { Segment } from "../../src/text/itemize.js";
import type { TextStyle } from "../../src/text/types.js";

const KUFI_BOLD = bundledFont("NotoKufiArabic-Bold.ttf");
const AMIRI = bundledFont("Amiri-Regular.ttf");
const AMIRI_BOLD = bundledFont("Amiri-Bold.ttf");

function segment(text: string, style: TextStyle): Segment {
  return { kind: "box", start: 0, end: text.length, level: 1, style, breakAfter: true };
}

describe("fontFor", () => {
  it("keeps the style's font when it has the character, else takes the nearest weight", () => {
    const kufi = loadFont(KUFI_BOLD);
    const fallbacks = [loadFont(AMIRI), loadFont(AMIRI_BOLD)];
    expect(fontFor(0x628, kufi, fallbacks)).toBe(kufi);
    // Noto Kufi has no Latin: a bold headline's Latin comes from Amiri Bold, not Regular.
    expect(fontFor(0x41, kufi, fallbacks)?.path).toBe(AMIRI_BOLD);
    expect(fontFor(0x1f600, kufi, fallbacks)).toBeNull();
  });
});

describe("applyFallbacks", () => {
  const style = { font: KUFI_BOLD, size: 20, fallbacks: [AMIRI, AMIRI_BOLD] } as TextStyle;

  it("keeps a segment its font covers as it is", () => {
    const text = "بغداد";
    const only = segment(text, style);
    const { segments, missing } = applyFallbacks(text, [only]);
    expect(segments).toEqual([only]);
    expect(segments[0]).toBe(only);
    expect(missing).toEqual([]);
  });

  it("splits where the font changes, with one style object per font, and lists what none has", () => {
    const text = "بغداد(UN)ب😀";
    const { segments, missing } = applyFallbacks(text, [segment(text, style)]);
    expect(segments.map((s) => [text.slice(s.start, s.end), s.style.font])).toEqual([
      ["بغداد", KUFI_BOLD],
      ["(UN)", AMIRI_BOLD],
      ["ب😀", KUFI_BOLD],
    ]);
    expect(missing).toEqual(["😀"]);
    // The same style in the same fallback font is the same object, which later caches key on.
    const again = applyFallbacks(text, [segment(text, style)]).segments;
    expect(again[1]?.style).toBe(segments[1]?.style);
  });

  it("lets marks and joiners stay with the letter before them", () => {
    const text = "Ab\u0301\u200dب";
    const { segments } = applyFallbacks(text, [segment(text, style)]);
    expect(segments.map((s) => text.slice(s.start, s.end))).toEqual(["Ab\u0301\u200d", "ب"]);
  });
});
