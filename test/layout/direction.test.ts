import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.js";
import { isRightToLeft, layoutArticle } from "../../src/layout/compose.js";
import { renderArticle } from "../../src/render.js";
import { mupdfText } from "../support/extract.js";

const english = parseArticle(
  [
    "---",
    "headline: English headline here",
    "lang: en",
    "dateline: London",
    "---",
    "",
    "The first paragraph of an article written left to right, long enough to fill a few lines.",
    "",
    "A second paragraph, also in English, so that the text flows on into the next column.",
  ].join("\n"),
  { format: "md", fileName: "en.md" },
);

describe("the article's writing direction", () => {
  it("knows the right-to-left languages", () => {
    for (const lang of ["ar", "fa", "ur", "he", "ar-EG"])
      expect(isRightToLeft(lang), lang).toBe(true);
    for (const lang of ["en", "fr", "tr", "en-GB"]) expect(isRightToLeft(lang), lang).toBe(false);
  });

  it("sets a left-to-right article's columns from the left, words in their order", async () => {
    const layout = layoutArticle(english, { template: "a4-3col" });
    const page = layout.pages[0];
    expect(page).toBeDefined();
    const body = (page?.lines ?? []).filter((l) => l.column !== null && l.paragraph !== null);
    const x = (c: number) => Math.min(...body.filter((l) => l.column === c).map((l) => l.x));
    const columns = [...new Set(body.map((l) => l.column ?? 0))].sort();
    for (let i = 1; i < columns.length; i++)
      expect(x(columns[i] ?? 0)).toBeGreaterThan(x(columns[i - 1] ?? 0));
    expect(body[0]?.text.startsWith("London – The first paragraph")).toBe(true);
    const text = mupdfText(await renderArticle(english, { template: "a4-3col" })).replace(
      /\s+/g,
      " ",
    );
    expect(text).toContain("English headline here");
    expect(text).toContain("The first paragraph of an article");
  });
});
