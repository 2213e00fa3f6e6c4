import { describe, expect, it } from "vitest";
import { itemize, kindOf } from "../../src/text/itemize.js";
import type { TextStyle } from "../../src/text/types.js";

const WHITE_SPACE = /[\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;
const HARD_BREAK = /[\n\v\f\r\u0085\u2028\u2029]/;

describe("kindOf", () => {
  it("classes every UTF-16 code unit as the white-space and line-break sets say", () => {
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      const expected = HARD_BREAK.test(char)
        ? "hardBreak"
        : WHITE_SPACE.test(char)
          ? "glue"
          : "box";
      if (kindOf(code) !== expected)
        expect(`U+${code.toString(16)} ${kindOf(code)}`).toBe(expected);
    }
  });
});

describe("itemize", () => {
  const style = { font: "f", size: 10 } as unknown as TextStyle;
  it("cuts at changes of kind, level and break opportunity", () => {
    const text = "ab cd\u00a0e\nf";
    const levels = [1, 1, 1, 1, 0, 0, 0, 0, 0];
    const segments = itemize(
      text,
      levels,
      [{ start: 0, end: text.length, style }],
      [
        { position: 3, required: false },
        { position: 8, required: true },
        { position: 9, required: true },
      ],
    );
    expect(
      segments.map((s) => [text.slice(s.start, s.end), s.kind, s.level, s.breakAfter]),
    ).toEqual([
      ["ab", "box", 1, false],
      [" ", "glue", 1, true],
      ["c", "box", 1, false],
      ["d", "box", 0, false],
      ["\u00a0", "glue", 0, false],
      ["e", "box", 0, false],
      ["\n", "hardBreak", 0, true],
      ["f", "box", 0, true],
    ]);
  });
});
