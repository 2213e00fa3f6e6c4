import { describe, expect, it } from "vitest";
import { jumpHeadline } from "../../src/makeup/story.js";

describe("jumpHeadline", () => {
  it("keeps a headline's first clause when it is a few words long", () => {
    expect(jumpHeadline("المركزي المصري يثبّت الفائدة: الطريق طويل إلى النمو")).toBe(
      "المركزي المصري يثبّت الفائدة…",
    );
  });

  it("cuts a long headline to six words, never on a preposition", () => {
    expect(jumpHeadline("مهرجان للموسيقى العربية يعيد الحياة إلى مسارح بيروت")).toBe(
      "مهرجان للموسيقى العربية يعيد الحياة…",
    );
    expect(jumpHeadline("مقاهي القاهرة القديمة تستعيد روّادها بعد عقدٍ من الغياب")).toBe(
      "مقاهي القاهرة القديمة تستعيد روّادها…",
    );
  });

  it("leaves a short headline whole, without an ellipsis", () => {
    expect(jumpHeadline("الأهلي يحسم قمة الدوري")).toBe("الأهلي يحسم قمة الدوري");
  });
});
