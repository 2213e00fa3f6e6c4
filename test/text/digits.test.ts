import { describe, expect, it } from "vitest";
import { applyDigits } from "../../src/text/digits.js";

const ar = (text: string, style: "latin" | "arabic" | "persian" | "source") =>
  applyDigits(text, style, true);

describe("applyDigits", () => {
  it("sets the numbers of Arabic text in the chosen digits, with Arabic separators", () => {
    const text = "نما الاقتصاد 4.2% وبلغ الاحتياطي 1,234.5 مليون في 2026/2027";
    expect(ar(text, "arabic")).toBe("نما الاقتصاد ٤٫٢٪ وبلغ الاحتياطي ١٬٢٣٤٫٥ مليون في ٢٠٢٦/٢٠٢٧");
    expect(ar(text, "persian")).toBe("نما الاقتصاد ۴٫۲٪ وبلغ الاحتياطي ۱٬۲۳۴٫۵ مليون في ۲۰۲۶/۲۰۲۷");
    expect(ar(text, "source")).toBe(text);
    expect(ar(ar(text, "arabic"), "latin")).toBe(text);
    expect(ar(ar(text, "persian"), "latin")).toBe(text);
  });

  it("keeps the digits of Latin words and codes", () => {
    const text =
      "ارتفع مؤشر EGX30 و S&P 500 بعد COVID-19، انظر www.example.com/2024/report أو user2024@mail.com وشبكات 5G في 2026";
    expect(ar(text, "arabic")).toBe(
      "ارتفع مؤشر EGX30 و S&P 500 بعد COVID-19، انظر www.example.com/2024/report أو user2024@mail.com وشبكات 5G في ٢٠٢٦",
    );
  });

  it("keeps the text's length, so styled spans stay where they were", () => {
    const text = "بلغ 12,345.67% في 2026 و ٣٫٥٪";
    for (const style of ["latin", "arabic", "persian"] as const)
      expect(ar(text, style)).toHaveLength(text.length);
  });

  it("in a left-to-right paragraph, numbers before any Arabic stay as written", () => {
    expect(applyDigits("In 2026 the index rose 4%", "arabic", false)).toBe(
      "In 2026 the index rose 4%",
    );
    expect(applyDigits("2026: قال الوزير 3", "arabic", false)).toBe("2026: قال الوزير ٣");
  });

  it("leaves a lone separator and other punctuation alone", () => {
    expect(ar("نقطة. ثم، 3. و 4,", "arabic")).toBe("نقطة. ثم، ٣. و ٤,");
  });
});
