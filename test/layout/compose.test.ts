import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/article/model.js";
import { parseArticle, readArticleFile } from "../../src/article/parse.js";
import type { ArticlePhotos } from "../../src/image/types.js";
import { articlePages, layoutArticle } from "../../src/layout/compose.js";
import { listTemplates, loadTemplate, type Template } from "../../src/layout/template.js";
import type { Block, Layout, LayoutLine, LayoutPage } from "../../src/layout/types.js";
import { loadArticlePhotos } from "../../src/render.js";
import { type Geometry, geometryOf } from "../support/geometry.js";

/*
 * Geometry of whole layouts: every expectation is derived from the template's own numbers
 * (page size, margins, column count and gutter, baseline), never copied from a layout's output.
 * Each (article, template) pair is laid out once, at module level, and shared by the tests.
 */

const ROOT = resolve(import.meta.dirname, "..", "..");
const EXAMPLES = join(ROOT, "examples");
/** Tolerance for positions, pt. */
const EPS = 0.01;
/** Tolerance for a justified line's width against its measure, pt. */
const JUSTIFY_EPS = 0.1;

// ---------------------------------------------------------------------------------------------
// Articles

const exampleFiles = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".md"))
  .sort();
const examples = await Promise.all(
  exampleFiles.map(async (f) => {
    const article = await readArticleFile(join(EXAMPLES, f));
    return { name: f, article, photos: await loadArticlePhotos(article, { photoDir: EXAMPLES }) };
  }),
);
const seed = examples.find((e) => e.name === "jaafari-lavrov.md")?.article;
if (!seed) throw new Error("examples/jaafari-lavrov.md is missing");

/** The seed's paragraphs six times over: more than one a4-3col page. */
const long: Article = { ...seed, body: Array.from({ length: 6 }, () => seed.body).flat() };

const words = (text: string) => text.split(/\s+/u).filter(Boolean).length;

const SHORT_QUOTE = "قصير جدا هنا";
const TOO_LONG_QUOTE = Array.from(
  { length: 4 },
  () => "نريد أن نرى تعاوناً أوسع بين البلدين في مجالات الطاقة والتجارة والنقل",
).join(" و");
const TARGET_QUOTE = "سنواصل العمل مع شركائنا في المنطقة حتى يعود الاستقرار إلى كل المدن";
const LATER_QUOTE = "هذه خطوة أولى على طريق طويل نأمل أن نقطعه معاً في السنوات المقبلة";

/** Front matter without a pull-quote; the body's quotations decide. */
function tinyMarkdown(body: string[]): string {
  return [
    "---",
    "headline: اختبار اختيار الاقتباس من متن المقال",
    "dateline: عمّان",
    "lang: ar",
    "---",
    "",
    ...body.flatMap((p) => [p, ""]),
  ].join("\n");
}

const [p0 = "", p1 = "", p2 = "", p3 = ""] = seed.body;
const quotePicker = parseArticle(
  tinyMarkdown([
    `${p0} وقال المتحدث: «${SHORT_QUOTE}».`,
    `${p1} وأضاف: «${TOO_LONG_QUOTE}».`,
    `${p2} وتابع: «${TARGET_QUOTE}»، ثم قال: «${LATER_QUOTE}».`,
    p3,
  ]),
  { format: "md", fileName: "quote-picker.md" },
);
const noQuote = parseArticle(tinyMarkdown([`${p0} «${SHORT_QUOTE}».`, p1, p2]), {
  format: "md",
  fileName: "no-quote.md",
});

// ---------------------------------------------------------------------------------------------
// Geometry from the template

// ---------------------------------------------------------------------------------------------
// Layouts, computed once

interface Case {
  name: string;
  article: Article;
  template: Template;
  g: Geometry;
  layout: Layout;
}

const templates = listTemplates().map((t) => loadTemplate(t.name));
const articles: { name: string; article: Article; photos?: ArticlePhotos }[] = [
  ...examples,
  { name: "long (seed ×6)", article: long },
  { name: "quote-picker", article: quotePicker },
];
const cases: Case[] = articles.flatMap(({ name, article, photos }) =>
  templates.map((template) => ({
    name: `${name} × ${template.name}`,
    article,
    template,
    g: geometryOf(template),
    layout: layoutArticle(article, { template, ...(photos ? { photos } : {}) }),
  })),
);

// ---------------------------------------------------------------------------------------------
// Helpers

const f = (n: number) => n.toFixed(2);
const squash = (s: string) => s.replace(/\s+/gu, "");

function blockOf(page: LayoutPage, line: LayoutLine): Block {
  const block = page.blocks[line.block];
  if (!block) throw new Error(`line "${line.text}" points at missing block ${line.block}`);
  return block;
}

/** A line of the body flow (body paragraphs and the source line) with where it sits. */
interface FlowLine {
  page: number;
  /** Index in its page's lines. */
  index: number;
  line: LayoutLine;
  block: Block;
}

/** Body-flow lines in the order the layout lists them. */
function flowLinesAsListed(layout: Layout): FlowLine[] {
  return layout.pages.flatMap((page, p) =>
    page.lines
      .map((line, index) => ({ page: p, index, line, block: blockOf(page, line) }))
      .filter(
        (l) => l.block.kind === "body" || l.block.kind === "subhead" || l.block.kind === "source",
      ),
  );
}

/** Body-flow lines in reading order: pages, then columns 1..n, then top to bottom. */
function readingOrder(layout: Layout): FlowLine[] {
  return [...flowLinesAsListed(layout)].sort(
    (a, b) => a.page - b.page || (a.line.column ?? 0) - (b.line.column ?? 0) || a.line.y - b.line.y,
  );
}

function textBlocks(page: LayoutPage): { block: Block; index: number }[] {
  return page.blocks
    .map((block, index) => ({ block, index }))
    .filter(({ block }) => block.kind !== "rule");
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function intersects(a: Rect, b: Rect): boolean {
  return (
    a.x < b.x + b.width - EPS &&
    b.x < a.x + a.width - EPS &&
    a.y < b.y + b.height - EPS &&
    b.y < a.y + a.height - EPS
  );
}

const rect = (r: Rect) => `[x ${f(r.x)}–${f(r.x + r.width)}, y ${f(r.y)}–${f(r.y + r.height)}]`;

/** A body line's ink box: from 0.8 baseline above to 0.3 baseline below its baseline. */
function lineBox(line: LayoutLine, baseline: number): Rect {
  return { x: line.x, y: line.y - 0.8 * baseline, width: line.width, height: 1.1 * baseline };
}

function linesOfBlock(page: LayoutPage, index: number): LayoutLine[] {
  return page.lines.filter((l) => l.block === index);
}

function textOfBlocks(page: LayoutPage, kind: Block["kind"]): string[] {
  return page.blocks.flatMap((b, i) =>
    b.kind === kind
      ? [
          linesOfBlock(page, i)
            .map((l) => l.text)
            .join(" "),
        ]
      : [],
  );
}

/** The pull-quote the article should get: its own, else its first «…» of 8 to 30 words. */
function expectedPullQuote(article: Article): string | undefined {
  if (article.pullQuote?.trim()) return article.pullQuote.trim();
  for (const paragraph of article.body) {
    for (const match of paragraph.matchAll(/«([^«»]+)»/gu)) {
      const text = (match[1] ?? "").trim();
      const n = words(text);
      if (n >= 8 && n <= 30) return text.replace(/\.$/u, "");
    }
  }
  return undefined;
}

/**
 * Splits a paragraph's lines (in reading order) into runs that sit together: same page and
 * column, and, with `regions`, also no gap in the baselines (the pull-quote splits a column).
 */
function runsOf(lines: FlowLine[], baseline: number, regions: boolean): FlowLine[][] {
  const runs: FlowLine[][] = [];
  for (const l of lines) {
    const run = runs.at(-1);
    const prev = run?.at(-1);
    if (
      run &&
      prev &&
      prev.page === l.page &&
      prev.line.column === l.line.column &&
      (!regions || Math.abs(l.line.y - prev.line.y - baseline) <= EPS)
    ) {
      run.push(l);
    } else {
      runs.push([l]);
    }
  }
  return runs;
}

/** Paragraphs of 2+ lines that leave one line alone at a break (column, or also region). */
function lonelyLines(layout: Layout, baseline: number, regions: boolean): string[] {
  const problems: string[] = [];
  const byParagraph = new Map<number, FlowLine[]>();
  for (const l of readingOrder(layout)) {
    if (l.block.kind !== "body") continue;
    const para = l.line.paragraph ?? -1;
    byParagraph.set(para, [...(byParagraph.get(para) ?? []), l]);
  }
  for (const [para, lines] of byParagraph) {
    if (lines.length < 2) continue;
    const runs = runsOf(lines, baseline, regions);
    if (runs.length < 2) continue;
    const shape = runs
      .map(
        (r) => `p${(r[0]?.page ?? 0) + 1}c${r[0]?.line.column}@${f(r[0]?.line.y ?? 0)}×${r.length}`,
      )
      .join(" ");
    runs.forEach((run, i) => {
      const only = run[0];
      if (run.length !== 1 || !only) return;
      const what =
        i === 0
          ? "first line alone at the bottom (orphan)"
          : i === runs.length - 1
            ? "last line alone at the top (widow)"
            : "a middle line alone between two breaks";
      problems.push(
        `paragraph ${para} (${lines.length} lines): ${what}, p${only.page + 1} c${only.line.column} baseline ${f(only.line.y)}; runs ${shape}`,
      );
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The fixtures themselves

describe("test articles", () => {
  it("the long article needs two or more a4-3col pages", () => {
    const a4 = cases.find((c) => c.article === long && c.template.name === "a4-3col");
    expect(a4?.layout.pages.length).toBeGreaterThanOrEqual(2);
  });

  it("the quote-picker article's quotations have the intended lengths", () => {
    expect(words(SHORT_QUOTE)).toBeLessThan(8);
    expect(words(TOO_LONG_QUOTE)).toBeGreaterThan(30);
    expect(words(TARGET_QUOTE)).toBeGreaterThanOrEqual(8);
    expect(words(TARGET_QUOTE)).toBeLessThanOrEqual(30);
    expect(words(LATER_QUOTE)).toBeGreaterThanOrEqual(8);
    expect(quotePicker.pullQuote).toBeUndefined();
  });

  it("covers every shipped template", () => {
    expect(templates.map((t) => t.name)).toEqual(
      expect.arrayContaining(["a4-3col", "a3-5col", "tabloid-4col", "broadsheet-6col"]),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties of every layout

for (const c of cases) {
  const { article, template, g, layout } = c;
  const L = g.baseline;

  describe(c.name, () => {
    it("has pages of the template's size", () => {
      expect(layout.pages.length).toBeGreaterThanOrEqual(1);
      for (const page of layout.pages) {
        expect(page.width).toBeCloseTo(template.page.width, 6);
        expect(page.height).toBeCloseTo(template.page.height, 6);
      }
    });

    it("1. sets body lines in their columns, column 1 rightmost, in reading order", () => {
      const problems: string[] = [];
      expect(g.columnRight(1)).toBeCloseTo(g.right, 6);
      for (const [p, page] of layout.pages.entries()) {
        const bodyBlocks = page.blocks.filter((b) => b.kind === "body");
        for (const b of bodyBlocks) {
          const col = b.column;
          if (col === null || col < 1 || col > g.count) {
            problems.push(`p${p + 1}: body block in column ${col}`);
            continue;
          }
          if (Math.abs(b.x - g.columnLeft(col)) > EPS || Math.abs(b.width - g.columnWidth) > EPS)
            problems.push(
              `p${p + 1} c${col}: body block x ${f(b.x)} w ${f(b.width)}, column is x ${f(g.columnLeft(col))} w ${f(g.columnWidth)}`,
            );
        }
        // A pull-quote's column has two body blocks, above and below the box: one per column here.
        const perColumn = [...new Map(bodyBlocks.map((b) => [b.column, b])).values()];
        const sorted = perColumn.sort((a, b) => (a.column ?? 0) - (b.column ?? 0));
        for (let i = 1; i < sorted.length; i++) {
          const a = sorted[i - 1] as Block;
          const b = sorted[i] as Block;
          if (!(b.x < a.x))
            problems.push(
              `p${p + 1}: column ${b.column} (x ${f(b.x)}) is not left of column ${a.column} (x ${f(a.x)})`,
            );
        }
      }
      for (const { page, line, block } of flowLinesAsListed(layout)) {
        const col = line.column;
        if (col === null || col < 1 || col > g.count) {
          problems.push(`p${page + 1}: body line "${line.text}" in column ${col}`);
          continue;
        }
        if (block.column !== col)
          problems.push(`p${page + 1}: line column ${col} in a block of column ${block.column}`);
        if (line.x < g.columnLeft(col) - EPS || line.x + line.width > g.columnRight(col) + EPS)
          problems.push(
            `p${page + 1} c${col} y ${f(line.y)}: line x ${f(line.x)}–${f(line.x + line.width)} outside column ${f(g.columnLeft(col))}–${f(g.columnRight(col))}`,
          );
      }
      // Within a column, listed lines go down the page.
      for (const [p, page] of layout.pages.entries()) {
        for (let col = 1; col <= g.count; col++) {
          const ys = page.lines
            .filter((l) => l.column === col && l.paragraph !== null)
            .map((l) => l.y);
          for (let i = 1; i < ys.length; i++) {
            const prev = ys[i - 1] as number;
            const y = ys[i] as number;
            if (y < prev + L - EPS)
              problems.push(`p${p + 1} c${col}: baseline ${f(y)} listed after ${f(prev)}`);
          }
        }
      }
      // The listed order is the reading order, and paragraphs never go backwards in it.
      const listed = flowLinesAsListed(layout).map((l) => `${l.page}:${l.index}`);
      const reading = readingOrder(layout);
      expect(listed).toEqual(reading.map((l) => `${l.page}:${l.index}`));
      let last = -1;
      for (const { page, line } of reading) {
        const para = line.paragraph ?? -1;
        if (para < last)
          problems.push(
            `p${page + 1} c${line.column} y ${f(line.y)}: paragraph ${para} after ${last}`,
          );
        last = Math.max(last, para);
      }
      expect(problems).toEqual([]);
    });

    it("1. the flow's lines in reading order rebuild every paragraph exactly once", () => {
      const byParagraph = new Map<number, string[]>();
      for (const { line } of readingOrder(layout)) {
        const para = line.paragraph ?? -1;
        byParagraph.set(para, [...(byParagraph.get(para) ?? []), line.text]);
      }
      const expected = article.body.map((text, i) =>
        i === 0 && article.dateline ? `${article.dateline} – ${text}` : text,
      );
      if (article.source) expected.push(article.source);
      expect([...byParagraph.keys()]).toEqual(expected.map((_, i) => i));
      expected.forEach((text, i) => {
        expect(squash((byParagraph.get(i) ?? []).join("")), `paragraph ${i}`).toBe(squash(text));
      });
    });

    it("2. every line fits its block's measure; justified lines fill it", () => {
      const problems: string[] = [];
      for (const [p, page] of layout.pages.entries()) {
        for (const line of page.lines) {
          const block = blockOf(page, line);
          const where = `p${p + 1} ${block.kind}${block.column ? ` c${block.column}` : ""} y ${f(line.y)}`;
          if (line.x < block.x - EPS || line.x + line.width > block.x + block.width + EPS)
            problems.push(
              `${where}: line x ${f(line.x)}–${f(line.x + line.width)} outside block x ${f(block.x)}–${f(block.x + block.width)}`,
            );
          if (line.measure > block.width + EPS)
            problems.push(`${where}: measure ${f(line.measure)} > block width ${f(block.width)}`);
          if (
            block.kind === "body" &&
            !line.last &&
            Math.abs(line.width - line.measure) > JUSTIFY_EPS
          )
            problems.push(
              `${where}: justified line width ${f(line.width)} ≠ measure ${f(line.measure)} ("${line.text}")`,
            );
        }
      }
      expect(problems).toEqual([]);
    });

    it("3. keeps blocks and baselines inside the page margins", () => {
      const problems: string[] = [];
      for (const [p, page] of layout.pages.entries()) {
        for (const b of page.blocks) {
          if (
            b.x < g.left - EPS ||
            b.x + b.width > g.right + EPS ||
            b.y < g.top - EPS ||
            b.y + b.height > g.bottom + EPS
          )
            problems.push(
              `p${p + 1} ${b.kind}${b.column ? ` c${b.column}` : ""} ${rect(b)} outside margins ${rect({ x: g.left, y: g.top, width: g.right - g.left, height: g.bottom - g.top })}`,
            );
        }
        for (const l of page.lines) {
          if (l.x < g.left - EPS || l.x + l.width > g.right + EPS || l.y < g.top || l.y > g.bottom)
            problems.push(
              `p${p + 1} line "${l.text.slice(0, 20)}" x ${f(l.x)}–${f(l.x + l.width)} baseline ${f(l.y)} outside margins`,
            );
        }
      }
      expect(problems).toEqual([]);
    });

    it("4. no two text blocks on a page overlap", () => {
      const problems: string[] = [];
      for (const [p, page] of layout.pages.entries()) {
        const blocks = textBlocks(page);
        for (let i = 0; i < blocks.length; i++) {
          for (let j = i + 1; j < blocks.length; j++) {
            const a = (blocks[i] as { block: Block }).block;
            const b = (blocks[j] as { block: Block }).block;
            if (intersects(a, b))
              problems.push(
                `p${p + 1}: ${a.kind}${a.column ? ` c${a.column}` : ""} ${rect(a)} overlaps ${b.kind}${b.column ? ` c${b.column}` : ""} ${rect(b)}`,
              );
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it("4. body blocks of different columns never intersect", () => {
      const problems: string[] = [];
      for (const [p, page] of layout.pages.entries()) {
        const body = page.blocks.filter(
          (b) => b.kind === "body" || b.kind === "subhead" || b.kind === "source",
        );
        for (const a of body)
          for (const b of body)
            if (a !== b && a.column !== b.column && intersects(a, b))
              problems.push(`p${p + 1}: c${a.column} ${rect(a)} meets c${b.column} ${rect(b)}`);
      }
      expect(problems).toEqual([]);
    });

    it("4. the pull-quote box keeps clear of every body line", () => {
      const problems: string[] = [];
      const flow = flowLinesAsListed(layout);
      for (const [p, page] of layout.pages.entries()) {
        for (const box of page.blocks.filter((b) => b.kind === "pullquote")) {
          const mine = flow.filter((l) => l.page === p);
          for (const { line } of mine) {
            if (intersects(lineBox(line, L), box))
              problems.push(
                `p${p + 1} c${line.column}: line at baseline ${f(line.y)} ${rect(lineBox(line, L))} meets the pull-quote ${rect(box)}`,
              );
          }
          // Clearance above and below, in the columns under the box.
          const under = mine.filter(
            ({ line }) => line.x < box.x + box.width - EPS && line.x + line.width > box.x + EPS,
          );
          const columns = new Set(under.map(({ line }) => line.column));
          for (const col of columns) {
            const ys = under.filter(({ line }) => line.column === col).map(({ line }) => line.y);
            const above = ys.filter((y) => y < box.y);
            const below = ys.filter((y) => y > box.y + box.height);
            if (above.length) {
              const y = Math.max(...above);
              const gap = box.y - (y + 0.3 * L);
              if (gap < 0.2 * L - EPS)
                problems.push(
                  `p${p + 1} c${col}: line at ${f(y)} is ${f(gap)} pt above the box top ${f(box.y)} (want ≥ ${f(0.2 * L)})`,
                );
            }
            if (below.length) {
              const y = Math.min(...below);
              const gap = y - 0.8 * L - (box.y + box.height);
              if (gap < 0.2 * L - EPS)
                problems.push(
                  `p${p + 1} c${col}: line at ${f(y)} is ${f(gap)} pt below the box bottom ${f(box.y + box.height)} (want ≥ ${f(0.2 * L)})`,
                );
            }
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it("5. all body lines of a page sit on one baseline grid", () => {
      const problems: string[] = [];
      for (const [p] of layout.pages.entries()) {
        const ys = flowLinesAsListed(layout)
          .filter((l) => l.page === p)
          .map((l) => l.line.y);
        if (!ys.length) continue;
        const first = Math.min(...ys);
        for (const y of ys) {
          const steps = (y - first) / L;
          if (Math.abs(steps - Math.round(steps)) * L > EPS)
            problems.push(
              `p${p + 1}: baseline ${f(y)} is ${f(y - first)} pt below the first (${f(first)}), not a multiple of ${L}`,
            );
        }
      }
      expect(problems).toEqual([]);
    });

    it("6. balances the columns of the last page within one baseline", () => {
      const lastPage = layout.pages.length - 1;
      const bottoms = new Map<number, number>();
      for (const { page, line } of flowLinesAsListed(layout)) {
        if (page !== lastPage || line.column === null) continue;
        bottoms.set(line.column, Math.max(bottoms.get(line.column) ?? -Infinity, line.y));
      }
      const ys = [...bottoms.values()];
      const spread = Math.max(...ys) - Math.min(...ys);
      const detail = [...bottoms.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([col, y]) => `c${col} ${f(y)}`)
        .join(", ");
      expect(spread, `page ${lastPage + 1} column bottoms: ${detail}`).toBeLessThanOrEqual(L + EPS);
    });

    it("7. leaves no paragraph with one line alone at a column's top or bottom", () => {
      expect(lonelyLines(layout, L, false)).toEqual([]);
    });

    it("7. leaves no paragraph with one line alone above or below the pull-quote either", () => {
      expect(lonelyLines(layout, L, true)).toEqual([]);
    });

    it("8. sets the head: strip, kicker, headline across the columns, subheadline, byline", () => {
      const first = layout.pages[0] as LayoutPage;
      const headlines = first.blocks.filter((b) => b.kind === "headline");
      expect(headlines).toHaveLength(1);
      const headline = headlines[0] as Block;
      expect(headline.column).toBeNull();
      expect(headline.x).toBeCloseTo(g.left, 2);
      expect(headline.width).toBeCloseTo(g.right - g.left, 2);
      const headlineLines = linesOfBlock(first, first.blocks.indexOf(headline));
      expect(headlineLines.length).toBeGreaterThanOrEqual(1);
      expect(headlineLines.length).toBeLessThanOrEqual(Math.min(3, template.headline.maxLines));
      expect(squash(headlineLines.map((l) => l.text).join(""))).toBe(squash(article.headline));

      for (const kind of ["kicker", "subheadline", "byline"] as const) {
        const want = article[kind];
        const got = textOfBlocks(first, kind);
        if (want) {
          expect(got, kind).toHaveLength(1);
          expect(squash(got[0] ?? ""), kind).toBe(squash(want));
        } else {
          expect(got, kind).toEqual([]);
        }
      }

      // Top to bottom: strip, kicker, headline, subheadline, byline, then the body.
      const order = ["dateline", "kicker", "headline", "subheadline", "byline"] as const;
      const head = order.flatMap((k) => first.blocks.filter((b) => b.kind === k));
      for (let i = 1; i < head.length; i++) {
        const a = head[i - 1] as Block;
        const b = head[i] as Block;
        expect(b.y, `${b.kind} under ${a.kind}`).toBeGreaterThanOrEqual(a.y + a.height - EPS);
      }
      const headBottom = Math.max(...head.map((b) => b.y + b.height));
      for (const b of first.blocks.filter((x) => ["body", "source", "pullquote"].includes(x.kind)))
        expect(b.y, `${b.kind} c${b.column} under the head`).toBeGreaterThanOrEqual(headBottom);
    });

    it("8. every page has the top strip and its folio; later pages a running head", () => {
      for (const [p, page] of layout.pages.entries()) {
        const strips = page.blocks.filter((b) => b.kind === "dateline");
        expect(strips, `page ${p + 1} strip`).toHaveLength(1);
        const strip = strips[0] as Block;
        expect(strip.y).toBeCloseTo(g.top, 2);
        expect(strip.x + strip.width).toBeCloseTo(g.right, 2);
        const folios = textOfBlocks(page, "folio");
        expect(folios, `page ${p + 1} folio`).toEqual([String(p + 1)]);
        const folio = page.blocks.find((b) => b.kind === "folio") as Block;
        expect(folio.y).toBeCloseTo(g.top, 2);
        expect(folio.x).toBeCloseTo(g.left, 2);
        const stripText = squash(textOfBlocks(page, "dateline").join(""));
        if (p === 0) {
          if (article.dateline) expect(stripText).toContain(squash(article.dateline));
        } else {
          expect(stripText, `page ${p + 1} running head`).toContain(squash(article.headline));
          for (const kind of ["headline", "kicker", "subheadline", "byline"] as const)
            expect(textOfBlocks(page, kind), `page ${p + 1} ${kind}`).toEqual([]);
        }
      }
    });

    it("9. opens the body with the dateline place and « – » in the lead face", () => {
      const first = readingOrder(layout)[0];
      expect(first?.page).toBe(0);
      expect(first?.line.paragraph).toBe(0);
      if (!article.dateline) return;
      const place = article.dateline;
      const lead = `${place} – `;
      expect(first?.line.text.startsWith(lead), `first line "${first?.line.text}"`).toBe(true);
      expect(article.body[0]?.startsWith(lead)).toBe(false);
      const leadPieces = (first?.line.pieces ?? []).filter(
        (piece) => piece.start < place.length && piece.kind === "box",
      );
      expect(leadPieces.length).toBeGreaterThan(0);
      for (const piece of leadPieces) expect(piece.style.font).toBe(template.styles.lead.font);
    });

    it("10. puts the pull-quote on page 1 in the middle column(s)", () => {
      const want = expectedPullQuote(article);
      const boxes = layout.pages.flatMap((page, p) =>
        page.blocks.map((b, i) => ({ b, i, p })).filter(({ b }) => b.kind === "pullquote"),
      );
      if (!want) {
        expect(boxes).toEqual([]);
        return;
      }
      if (layout.notes?.some((n) => n.startsWith("pull-quote left out"))) {
        // Only on a one-page article, too short to set the quote in running text.
        expect(boxes).toEqual([]);
        expect(layout.pages).toHaveLength(1);
        return;
      }
      expect(boxes.map(({ p }) => p + 1)).toEqual([1]);
      const { b: box, i } = boxes[0] as { b: Block; i: number };
      const page = layout.pages[0] as LayoutPage;

      // The columns the box covers, found from the template's column extents.
      const covered: number[] = [];
      for (let col = 1; col <= g.count; col++) {
        const inside =
          g.columnLeft(col) >= box.x - EPS && g.columnRight(col) <= box.x + box.width + EPS;
        const meets = g.columnLeft(col) < box.x + box.width && g.columnRight(col) > box.x;
        if (inside) covered.push(col);
        else expect(meets, `box ${rect(box)} cuts column ${col}`).toBe(false);
      }
      const span = Math.min(template.pullQuote.columns, g.count);
      expect(covered).toHaveLength(span);
      const lo = covered[0] as number;
      const hi = covered.at(-1) as number;
      expect(hi - lo + 1).toBe(span);
      expect(box.x).toBeCloseTo(g.columnLeft(hi), 2);
      expect(box.x + box.width).toBeCloseTo(g.columnRight(lo), 2);
      const moved = layout.notes
        ?.map((n) => /^pull-quote moved to column (\d+)/.exec(n)?.[1])
        .find(Boolean);
      if (moved) {
        // Moved from the middle on a one-page article, to a column where text stands with it.
        expect(layout.pages).toHaveLength(1);
        expect(lo).toBe(Number(moved));
        const inColumn = page.lines.filter(
          (l) => l.column === lo && page.blocks[l.block]?.kind === "body",
        );
        expect(inColumn.length).toBeGreaterThan(0);
      } else {
        // As central as the column count allows.
        expect(Math.abs(lo - 1 - (g.count - hi))).toBeLessThanOrEqual(1);
        if (g.count === 3 && span === 1) expect(covered).toEqual([2]);
        if (g.count === 6 && span === 2) expect(covered).toEqual([3, 4]);
      }
      expect(box.column).toBe(span === 1 ? lo : null);

      // Its text: the quote in guillemets, every line inside the frame.
      const lines = linesOfBlock(page, i);
      expect(lines.length).toBeGreaterThan(0);
      expect(squash(lines.map((l) => l.text).join(""))).toBe(squash(`«${want}»`));
      const lineHeight = template.styles.pullQuote.size * template.styles.pullQuote.lineHeight;
      for (const l of lines) {
        expect(l.x).toBeGreaterThanOrEqual(box.x - EPS);
        expect(l.x + l.width).toBeLessThanOrEqual(box.x + box.width + EPS);
        expect(l.y - 0.74 * lineHeight, `top of "${l.text}"`).toBeGreaterThanOrEqual(box.y - EPS);
        expect(l.y + 0.26 * lineHeight, `foot of "${l.text}"`).toBeLessThanOrEqual(
          box.y + box.height + EPS,
        );
      }
      // Body text runs in the box's columns above or below it, not beside it.
      const bodyTop = Math.min(...page.blocks.filter((b) => b.kind === "body").map((b) => b.y));
      expect(box.y).toBeGreaterThanOrEqual(bodyTop - EPS);
    });

    it("11. ends the body flow with the source line", () => {
      const reading = readingOrder(layout);
      const sources = reading.filter((l) => l.block.kind === "source");
      if (!article.source) {
        expect(sources).toEqual([]);
        return;
      }
      expect(sources).toHaveLength(1);
      const last = reading.at(-1);
      expect(last?.block.kind).toBe("source");
      expect(last?.page).toBe(layout.pages.length - 1);
      expect(last?.line.text).toBe(article.source);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The pull-quote picker, on small articles

describe("10. pull-quote chosen from the body", () => {
  it("takes the first «…» quotation of 8 to 30 words", () => {
    const layout = layoutArticle(quotePicker, { template: "a4-3col" });
    const page = layout.pages[0] as LayoutPage;
    const index = page.blocks.findIndex((b) => b.kind === "pullquote");
    expect(index).toBeGreaterThanOrEqual(0);
    const text = linesOfBlock(page, index)
      .map((l) => l.text)
      .join(" ");
    expect(squash(text)).toBe(squash(`«${TARGET_QUOTE}»`));
    expect(page.blocks[index]?.column).toBe(2);
  });

  it("sets no pull-quote when no quotation has 8 to 30 words", () => {
    expect(expectedPullQuote(noQuote)).toBeUndefined();
    const layout = layoutArticle(noQuote, { template: "a4-3col" });
    for (const page of layout.pages)
      expect(page.blocks.filter((b) => b.kind === "pullquote")).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The CLI

describe("12. sahifa layout --json", () => {
  const cli = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "src/cli/main.ts"), ...args],
      { cwd: ROOT, encoding: "utf8", timeout: 30_000 },
    );

  it("prints pages, blocks and lines without glyph data", () => {
    const result = cli("layout", "examples/jaafari-lavrov.md", "--json");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as {
      pages: { width: number; height: number; blocks: unknown[]; lines: unknown[] }[];
    };
    const template = loadTemplate(seed.template ?? "a4-3col");
    const direct = layoutArticle(seed);
    expect(json.pages).toHaveLength(direct.pages.length);
    json.pages.forEach((page, p) => {
      const want = direct.pages[p] as LayoutPage;
      expect(page.width).toBeCloseTo(template.page.width, 2);
      expect(page.height).toBeCloseTo(template.page.height, 2);
      expect(page.blocks).toHaveLength(want.blocks.length);
      expect(page.lines).toHaveLength(want.lines.length);
      page.blocks.forEach((raw, i) => {
        const b = raw as Record<string, unknown>;
        for (const key of ["kind", "x", "y", "width", "height", "column"])
          expect(b, `block ${i}`).toHaveProperty(key);
        const w = want.blocks[i] as Block;
        expect(b.kind).toBe(w.kind);
        expect(b.column).toBe(w.column);
        for (const key of ["x", "y", "width", "height"] as const)
          expect(b[key] as number).toBeCloseTo(w[key], 2);
      });
      page.lines.forEach((raw, i) => {
        const l = raw as Record<string, unknown>;
        for (const key of ["block", "column", "x", "y", "width", "measure", "text", "last"])
          expect(l, `line ${i}`).toHaveProperty(key);
        expect(l).not.toHaveProperty("pieces");
        const w = want.lines[i] as LayoutLine;
        expect(l.text).toBe(w.text);
        expect(l.block).toBe(w.block);
        expect(l.last).toBe(w.last);
        for (const key of ["x", "y", "width", "measure"] as const)
          expect(l[key] as number).toBeCloseTo(w[key], 2);
      });
    });
    expect(result.stdout).not.toMatch(/"(pieces|glyphs|glyph|gid|advance|xAdvance)"/);
  });

  it("follows --template", () => {
    const result = cli("layout", "examples/jaafari-lavrov.md", "--template", "a3-5col", "--json");
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as {
      pages: { width: number; height: number; blocks: { kind: string; column: number | null }[] }[];
    };
    const template = loadTemplate("a3-5col");
    expect(json.pages[0]?.width).toBeCloseTo(template.page.width, 2);
    expect(json.pages[0]?.height).toBeCloseTo(template.page.height, 2);
    const columns = new Set(
      json.pages[0]?.blocks.filter((b) => b.kind === "body").map((b) => b.column),
    );
    expect(columns.size).toBe(template.columns.count);
  });
});

describe("articlePages", () => {
  it("yields layoutArticle's pages one at a time", () => {
    const stream = articlePages(long);
    const whole = layoutArticle(long);
    const pages = stream.pages[Symbol.iterator]();
    const first = pages.next();
    expect(first.done).toBe(false);
    expect(first.value).toEqual(whole.pages[0]);
    const rest = [...{ [Symbol.iterator]: () => pages }];
    expect(rest.length).toBe(whole.pages.length - 1);
    expect(rest).toEqual(whole.pages.slice(1));
    expect(stream.missing()).toEqual(whole.missing);
    expect(stream.notes()).toEqual(whole.notes ?? []);
  });

  it("sets a paragraph when the flow reaches it, and lists missing characters in the article's order", () => {
    const body = [...long.body];
    body[body.length - 1] += " 😀";
    const article = { ...long, headline: `${long.headline} 你`, body };
    const stream = articlePages(article);
    const pages = stream.pages[Symbol.iterator]();
    pages.next();
    // Page one's head is set; the last paragraph, pages further on, is not yet.
    expect(stream.missing()).toEqual(["你"]);
    while (!pages.next().done);
    // As when every paragraph was set before the head: the body's characters first.
    expect(stream.missing()).toEqual(["😀", "你"]);
  });
});
