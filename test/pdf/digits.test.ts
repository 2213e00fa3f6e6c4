/**
 * Digit styles on the page and in the PDF's text: numbers in Arabic text are printed in the
 * chosen digits and read back as printed, in order, by mupdf and pdf.js; Latin codes and the
 * agency time-code keep theirs; the date strip and the folio follow the style; and the
 * command line, the article and the template choose it in that order.
 */
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.js";
import { loadTemplate } from "../../src/layout/template.js";
import { layoutArticle, renderArticle } from "../../src/render.js";
import { mupdfText, pdfjsText } from "../support/extract.js";

const story = (frontMatter = "") =>
  parseArticle(
    [
      "---",
      "headline: المؤشر الرئيسي يرتفع 3.5% في أسبوع",
      "dateline: القاهرة",
      "date: 2026-12-05",
      'source: "04:30-19- TOK"',
      frontMatter,
      "---",
      "",
      "ارتفع مؤشر EGX30 بنسبة 2.75% ليغلق عند 31,482.6 نقطة، وهو أعلى مستوى له منذ 2024، فيما تراجع مؤشر S&P 500 في نيويورك.",
      "",
      "وقال محللون إن موسم 2026/2027 قد يشهد تعافياً، مع انحسار آثار COVID-19 وعودة الاستثمارات، وفق تقرير نشر على www.example.com/2026/egypt.",
    ].join("\n"),
    { fileName: "story.md", format: "md" },
  );

const ARABIC = {
  numbers: ["٢٫٧٥٪", "٣١٬٤٨٢٫٦", "٢٠٢٤", "٢٠٢٦/٢٠٢٧", "٣٫٥٪"],
  strip: "٢٠٢٦",
};
const PERSIAN = {
  numbers: ["۲٫۷۵٪", "۳۱٬۴۸۲٫۶", "۲۰۲۴", "۲۰۲۶/۲۰۲۷", "۳٫۵٪"],
  strip: "۲۰۲۶",
};
const KEPT = ["EGX30", "S&P 500", "COVID-19", "www.example.com/2026/egypt", "04:30-19- TOK"];

describe.each([
  ["arabic", ARABIC],
  ["persian", PERSIAN],
] as const)("digits: %s", (style, want) => {
  const article = story();
  const layout = layoutArticle(article, { digits: style });
  const text = layout.pages.flatMap((p) => p.lines.map((l) => l.text)).join("\n");

  it("sets the numbers of the text in those digits, and keeps Latin codes and the time-code", () => {
    for (const n of want.numbers) expect(text).toContain(n);
    for (const k of KEPT) expect(text.replace(/\s+/g, " ")).toContain(k);
    const strip = layout.pages[0]?.lines.filter(
      (l) => layout.pages[0]?.blocks[l.block]?.kind === "dateline",
    );
    expect(strip?.map((l) => l.text).join(" ")).toContain(want.strip);
    const folio = layout.pages[0]?.lines.find(
      (l) => layout.pages[0]?.blocks[l.block]?.kind === "folio",
    );
    expect(folio?.text).toBe(style === "arabic" ? "١" : "۱");
  });

  const readsInOrder = async (reader: "mupdf" | "pdf.js") => {
    const pdf = await renderArticle(article, { digits: style });
    const read = reader === "mupdf" ? mupdfText(pdf) : await pdfjsText(pdf);
    // mupdf puts a space before Amiri's ٪, whose glyph stands a little apart.
    const flat = read.replace(/\s+/g, " ").replace(/ \u066a/g, "\u066a");
    for (const n of want.numbers) expect(flat, n).toContain(n);
    for (const k of ["EGX30", "COVID-19", "04:30-19"]) expect(flat).toContain(k);
  };

  it("pdf.js reads the numbers as printed, in order", () => readsInOrder("pdf.js"));

  // KNOWN BUG (mupdf 1.26, the npm package; see extraction.test.ts): it reverses runs of
  // Arabic-Indic digits (bidi class AN), and words next to them. Persian digits are EN.
  (style === "arabic" ? it.fails : it)("mupdf reads the numbers as printed, in order", () =>
    readsInOrder("mupdf"),
  );
});

describe("who chooses the digits", () => {
  const template = loadTemplate("a4-3col");
  const first = (layout: ReturnType<typeof layoutArticle>) =>
    layout.pages[0]?.lines
      .filter((l) => layout.pages[0]?.blocks[l.block]?.kind === "headline")
      .map((l) => l.text)
      .join(" ");

  it("the command line over the article, the article over the template, the template by default", () => {
    expect(first(layoutArticle(story(), { template }))).toContain("3.5%");
    expect(
      first(layoutArticle(story(), { template: { ...template, digits: "arabic" } })),
    ).toContain("٣٫٥٪");
    expect(
      first(
        layoutArticle(story("digits: persian"), { template: { ...template, digits: "arabic" } }),
      ),
    ).toContain("۳٫۵٪");
    expect(first(layoutArticle(story("digits: persian"), { template, digits: "latin" }))).toContain(
      "3.5%",
    );
  });

  it("an article's unknown style is one clear line", () => {
    expect(() => story("digits: hindi")).toThrow(
      'story.md: digits: expected one of latin, arabic, persian, source (the digits of numbers in Arabic text), got "hindi"',
    );
  });
});
