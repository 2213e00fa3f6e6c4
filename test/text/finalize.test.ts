import { describe, expect, it } from "vitest";
import { bundledFont } from "../../src/fonts/registry.js";
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
