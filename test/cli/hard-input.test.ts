import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as mupdf from "mupdf";
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/article/model.js";
import { parseArticle, readArticleFile } from "../../src/article/parse.js";
import { SahifaError } from "../../src/errors.js";
import { layoutArticle, renderArticle, renderLayout } from "../../src/render.js";
import { mupdfText, recall } from "../support/extract.js";
import { listing, ROOT, STACK_LINE, sahifa, tempDir } from "./cli.js";

const seed = await readArticleFile(join(ROOT, "examples", "jaafari-lavrov.md"));

function article(body: string[], headline = "عنوان الخبر"): Article {
  return parseArticle(JSON.stringify({ headline, body }), {
    format: "json",
    fileName: "hard.json",
  });
}

/** Emoji, CJK and Hebrew: none of the bundled fonts (Arabic and Latin) has them. */
const FOREIGN = ["😀", "你", "好", "ש", "ל", "ו", "ם"];

describe("characters no font has", () => {
  const story = article(
    [
      "قال الوزير 😀 إن المحادثات كانت بنّاءة، وكتب بالصينية 你好 وبالعبرية שלום.",
      "وتكررت الرموز نفسها 😀 你好 שלום في فقرة ثانية.",
    ],
    "عنوان فيه 😀",
  );

  it("warns once, listing each character once, and still renders", async () => {
    const warnings: string[] = [];
    const pdf = await renderArticle(story, {
      fileName: "story.md",
      onWarning: (m) => warnings.push(m),
    });
    expect(warnings).toHaveLength(1);
    const warning = warnings[0] as string;
    expect(warning).toMatch(/^story\.md: 7 characters have no glyph in the template's fonts: /);
    for (const char of FOREIGN) expect(warning.split(char)).toHaveLength(2);
    expect(Buffer.from(pdf.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
  });

  it("strict makes them an INPUT_INVALID error", async () => {
    const failure = await renderArticle(story, { strict: true, fileName: "story.md" }).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(SahifaError);
    expect((failure as SahifaError).code).toBe("INPUT_INVALID");
    expect((failure as SahifaError).message).toMatch(/^story\.md: 7 characters have no glyph/);
  });

  it("the CLI warns in one line and writes the PDF; --strict exits 1 and writes nothing", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "story.md"),
      `---\nheadline: عنوان فيه 😀\n---\n\n${story.body.join("\n\n")}\n`,
    );
    const [ok, strict] = await Promise.all([
      sahifa(["render", "story.md", "-o", "story.pdf"], dir),
      sahifa(["render", "story.md", "-o", "strict.pdf", "--strict"], dir),
    ]);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toMatch(/^sahifa: warning: story\.md: 7 characters have no glyph[^\n]*\n$/u);
    expect(existsSync(join(dir, "story.pdf"))).toBe(true);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/^sahifa: story\.md: 7 characters have no glyph[^\n]*\n$/u);
    expect(strict.stderr).not.toMatch(STACK_LINE);
    expect(listing(dir)).toEqual(["story.md", "story.pdf"]);
  });

  it("sahifa fonts lists them as missing, by class", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "story.json"), JSON.stringify(story));
    const result = await sahifa(["fonts", "story.json", "--json"], dir);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const coverage = JSON.parse(result.stdout) as {
      missing: string[];
      styles: { style: string; classes: { class: string; missing: string[] }[] }[];
    };
    expect([...coverage.missing].sort()).toEqual([...FOREIGN].sort());
    const body = coverage.styles.find((s) => s.style === "body");
    const classes = new Map(body?.classes.map((c) => [c.class, c.missing]));
    expect(classes.get("emoji")).toEqual(["😀"]);
    expect(classes.get("CJK")).toEqual(["你", "好"]);
    expect(classes.get("Hebrew")).toEqual(["ש", "ל", "ו", "ם"]);
    expect(classes.get("Arabic letters")).toEqual([]);
  });
});

describe("bidi control characters", () => {
  const body = [
    "قال \u202Eالوزير الروسي\u202C إن المحادثات \u200Fكانت\u200F بنّاءة \u200Esahifa\u200E جداً.",
    "وأضاف \u2066Moscow talks\u2069 أن \u2067اللقاء\u2069 \u2068مفيد 2026\u2069 للطرفين \u202Aembedded text\u202C و\u202Bنص مضمّن\u202C.",
    "\u202Dleft override\u202C كلمة \u061Cأخيرة.",
  ];

  it("RLO/PDF, RLM/LRM, LRI/RLI/FSI/PDI, LRE/RLE and ALM render, and every word reads back", async () => {
    const story = article(body, "عنوان \u202Eمقلوب\u202C \u2066(Latin)\u2069");
    const warnings: string[] = [];
    const pdf = await renderArticle(story, { onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]); // controls need no glyph
    const text = mupdfText(pdf);
    const source = [story.headline, ...story.body].join("\n");
    expect(recall(source, text).bag).toBe(1);
    for (const word of ["Moscow", "talks", "sahifa", "embedded", "override", "2026", "الوزير"])
      expect(text).toContain(word);
  });
});

describe("a 3,000-letter word without spaces", () => {
  const arabic = "سلام".repeat(750);
  const latin = "abcdefghij".repeat(300);

  it("is broken as a last resort: many lines, none wider than its measure", async () => {
    const story = article([`قبل ${arabic} بعد`, latin]);
    const layout = layoutArticle(story);
    const lines = layout.pages.flatMap((p) => p.lines);
    const inWord = lines.filter((l) => /^(?:[سلام]+|[a-j]+)$/u.test(l.text.trim()));
    expect(inWord.length).toBeGreaterThan(40);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(line.measure + 0.01);
    // Nothing lost: the pieces hold every letter of both words.
    const all = lines.map((l) => l.text).join("");
    expect(all.split("س").length - 1).toBe(750);
    expect(all.split("a").length - 1).toBe(300);
    const pdf = await renderLayout(layout, story);
    expect(mupdf.Document.openDocument(pdf, "application/pdf").countPages()).toBe(
      layout.pages.length,
    );
  });
});

/** Repeats the seed article's paragraphs to about `bytes` of UTF-8 body. */
function bigArticle(bytes: number): Article {
  const body: string[] = [];
  let size = 0;
  while (size < bytes) {
    for (const p of seed.body) {
      body.push(p);
      size += Buffer.byteLength(p, "utf8") + 2;
    }
  }
  return { ...seed, body };
}

/** The big-article test's size: 5 MB unless SAHIFA_BIG_MB says otherwise (it takes ~25 s). */
const BIG_MB = Number(process.env.SAHIFA_BIG_MB ?? 5);

describe(`a ${BIG_MB} MB article`, () => {
  it("lays out and renders over many pages without running out of memory", async () => {
    const story = bigArticle(BIG_MB * 1024 * 1024);
    const started = performance.now();
    const layout = layoutArticle(story);
    const laidOut = performance.now();
    const pdf = await renderLayout(layout, story);
    const rendered = performance.now();
    const pagesPerMb = layout.pages.length / BIG_MB;
    expect(pagesPerMb).toBeGreaterThan(80);
    for (const page of layout.pages) expect(page.lines.length).toBeGreaterThan(0);
    const doc = mupdf.Document.openDocument(pdf, "application/pdf");
    expect(doc.countPages()).toBe(layout.pages.length);
    const last = doc
      .loadPage(doc.countPages() - 1)
      .toStructuredText()
      .asText();
    expect(last).toContain("TOK");
    console.info(
      `${BIG_MB} MB: ${layout.pages.length} pages, layout ${((laidOut - started) / 1000).toFixed(1)} s, ` +
        `PDF ${((rendered - laidOut) / 1000).toFixed(1)} s (${(pdf.byteLength / 1e6).toFixed(1)} MB), ` +
        `heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`,
    );
  }, 240_000);
});
