import { describe, expect, it } from "vitest";
import { readArticleFile } from "../../src/article/parse.js";
import { layoutArticle } from "../../src/layout/compose.js";
import { renderArticle } from "../../src/render.js";
import { mupdfText, pdfjsText, readingText, recall } from "../support/extract.js";

const article = await readArticleFile("examples/jaafari-lavrov.md");
/** The article in the order a reader meets it on the page: head, then the body. */
const readingOrder = readingText(article);

describe("the seed page, read back by PDF readers", async () => {
  const pdf = await renderArticle(article);

  it("is a one-page PDF of the article", () => {
    expect(Buffer.from(pdf.subarray(0, 8)).toString("latin1")).toBe("%PDF-1.7");
    expect(layoutArticle(article).pages.length).toBe(1);
  });

  it("mupdf extracts every word, in reading order", () => {
    const r = recall(readingOrder, mupdfText(pdf));
    expect(r.bag).toBeGreaterThanOrEqual(0.99);
    expect(r.order).toBeGreaterThanOrEqual(0.98);
  });

  it("pdf.js extracts every word, in reading order", async () => {
    const r = recall(readingOrder, await pdfjsText(pdf));
    expect(r.bag).toBeGreaterThanOrEqual(0.99);
    expect(r.order).toBeGreaterThanOrEqual(0.98);
  });

  it("digits and Latin keep their order inside Arabic lines", () => {
    // mupdf starts a new line where the pen jumps back over an LTR run; the order holds.
    const text = mupdfText(pdf).replace(/\s+/gu, " ");
    expect(text).toMatch(/04:30-19 ?- TOK/u);
    expect(text).toContain("2026");
    expect(text).not.toContain("6202");
  });

  it("extracted text has no inserted tatweel and keeps the author's marks", () => {
    const text = mupdfText(pdf);
    const tatweels = (s: string) => s.split("\u0640").length - 1;
    // The date strip's «هـ» has the only tatweel the article's text holds.
    expect(tatweels(text)).toBe(tatweels(readingOrder) + 1);
    expect(text).toContain("مسيَّساً");
    expect(text).toContain("بنَّاء");
  });

  it("is byte-identical for the same input", async () => {
    const again = await renderArticle(article);
    expect(Buffer.from(again).equals(Buffer.from(pdf))).toBe(true);
  });
});
