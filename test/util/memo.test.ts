import { describe, expect, it } from "vitest";
import { memoCodePoint, memoCodePointTest, memoPer } from "../../src/util/memo.js";

describe("memoPer", () => {
  it("computes once per owner and key, undefined and falsy values included", () => {
    const calls: string[] = [];
    const memo = memoPer((owner: { name: string }, key: number) => {
      calls.push(`${owner.name}:${key}`);
      return key === 0 ? undefined : key * 2;
    });
    const a = { name: "a" };
    const b = { name: "b" };
    expect([memo(a, 1), memo(a, 1), memo(a, 0), memo(a, 0), memo(b, 1)]).toEqual([
      2,
      2,
      undefined,
      undefined,
      2,
    ]);
    expect(calls).toEqual(["a:1", "a:0", "b:1"]);
  });
});

describe("memoCodePoint", () => {
  it("computes once per code point, in and beyond the BMP, zero included", () => {
    const calls: number[] = [];
    const value = memoCodePoint((cp) => {
      calls.push(cp);
      return cp % 7;
    });
    const asked = [0x41, 0x41, 0x62e, 0x1f600, 0x1f600, 0x10ffff, 0, 0x46];
    expect(asked.map(value)).toEqual(asked.map((cp) => cp % 7));
    expect(calls).toEqual([0x41, 0x62e, 0x1f600, 0x10ffff, 0, 0x46]);
  });

  it("answers yes-or-no questions", () => {
    const isMark = memoCodePointTest((cp) => /\p{M}/u.test(String.fromCodePoint(cp)));
    expect([0x64e, 0x628, 0x1e94a, 0x1e900, 0xd800].map(isMark)).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
  });
});
