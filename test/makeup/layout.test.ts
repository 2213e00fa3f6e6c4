/**
 * Pages of several stories, checked against the template's own geometry: stories never
 * overlap, each is one rectangle of whole columns, its text reads in order across its columns
 * and its jump, jumps name the page they land on, and the lead opens the page at the top of
 * the reading start. On the example plans, on copy the make-up was not tuned on, and on a plan
 * set by hand.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDateStrip } from "../../src/article/dateline.js";
import { loadTemplate } from "../../src/layout/template.js";
import type { Block, Layout, LayoutPage } from "../../src/layout/types.js";
import { layoutPlan } from "../../src/makeup/compose.js";
import { readPlanFile } from "../../src/makeup/plan.js";
import { loadPlanMatter } from "../../src/makeup/render.js";
import { geometryOf } from "../support/geometry.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const PLANS = [
  "examples/pages/front-page.yaml",
  "examples/pages/tabloid-page.yaml",
  "test/fixtures/pages/unseen-a3.yaml",
  "test/fixtures/pages/unseen-broadsheet.yaml",
  "test/fixtures/pages/unseen-tabloid.yaml",
  "test/fixtures/pages/front-hand.yaml",
];
const EPS = 0.01;

const cases = await Promise.all(
  PLANS.map(async (file) => {
    const plan = await readPlanFile(resolve(ROOT, file));
    const matter = await loadPlanMatter(plan);
    const layout = layoutPlan(matter);
    const template = loadTemplate(plan.template ?? "broadsheet-6col");
    return { file, plan, matter, layout, template };
  }),
);

/** The bounding box of a story's blocks on a page (rules left out: they stand in gaps). */
function storyBox(page: LayoutPage, story: number) {
  const blocks = page.blocks.filter((b) => b.story === story && b.kind !== "rule");
  if (blocks.length === 0) return undefined;
  return {
    left: Math.min(...blocks.map((b) => b.x)),
    right: Math.max(...blocks.map((b) => b.x + b.width)),
    top: Math.min(...blocks.map((b) => b.y)),
    bottom: Math.max(...blocks.map((b) => b.y + b.height)),
  };
}

function stories(layout: Layout): number[] {
  return (layout.stories ?? []).map((_, i) => i);
}

/** A story's words in the order its lines come on its pages. */
function storyText(layout: Layout, story: number, kinds: Block["kind"][]): string {
  return layout.pages
    .flatMap((page) =>
      page.lines.filter(
        (l) => l.story === story && kinds.includes(page.blocks[l.block]?.kind as Block["kind"]),
      ),
    )
    .map((l) => l.text)
    .join(" ");
}

const words = (text: string) =>
  text
    .replace(/\u0640/g, "")
    .split(/\s+/u)
    .filter(Boolean);

describe.each(cases)("$file", ({ plan, matter, layout, template }) => {
  const g = geometryOf(template, true);

  it("sets every story of the plan, in a layout that names them in plan order", () => {
    expect(layout.stories?.map((s) => s.headline)).toEqual(matter.articles.map((a) => a.headline));
    for (const s of stories(layout)) {
      expect(layout.pages.some((p) => p.lines.some((l) => l.story === s))).toBe(true);
    }
  });

  it("never lets two stories' blocks overlap", () => {
    for (const page of layout.pages) {
      const boxes = stories(layout)
        .map((s) => storyBox(page, s))
        .filter((b) => b !== undefined);
      for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1)) {
          const apart =
            a.right <= b.left + EPS ||
            b.right <= a.left + EPS ||
            a.bottom <= b.top + EPS ||
            b.bottom <= a.top + EPS;
          expect(apart).toBe(true);
        }
      }
    }
  });

  it("makes each story one rectangle of whole columns, inside the page's margins", () => {
    const lefts = Array.from({ length: g.count }, (_, c) => g.columnLeft(c + 1));
    const rights = Array.from({ length: g.count }, (_, c) => g.columnRight(c + 1));
    for (const page of layout.pages) {
      for (const s of stories(layout)) {
        const box = storyBox(page, s);
        if (!box) continue;
        // Its text blocks span whole columns: its left edge is a column's, so is its right.
        const text = page.blocks.filter(
          (b) => b.story === s && (b.kind === "body" || b.kind === "headline"),
        );
        const left = Math.min(...text.map((b) => b.x));
        const right = Math.max(...text.map((b) => b.x + b.width));
        expect(lefts.some((x) => Math.abs(x - left) < EPS)).toBe(true);
        expect(rights.some((x) => Math.abs(x - right) < EPS)).toBe(true);
        // Nothing of it stands outside those columns.
        expect(box.left).toBeGreaterThan(left - EPS);
        expect(box.right).toBeLessThan(right + EPS);
        expect(box.bottom).toBeLessThan(g.bottom + EPS);
      }
    }
  });

  it("reads each story's paragraphs in order, over its columns and its jump", () => {
    for (const s of stories(layout)) {
      const article = matter.articles[s];
      if (!article) throw new Error(`story ${s}`);
      const set = words(storyText(layout, s, ["body", "subhead"]));
      const source = words(article.body.join(" "));
      // The dateline lead-in opens the first paragraph.
      const lead = article.dateline ? words(`${article.dateline} –`) : [];
      // Compared without spaces: a URL may break after its slashes.
      expect(set.join("")).toEqual([...lead, ...source].join(""));
    }
  });

  it("puts each jump line on the page the story leaves, naming the page it lands on", () => {
    for (const s of stories(layout)) {
      const pages = layout.stories?.[s]?.pages ?? [];
      pages.forEach((pageIndex, k) => {
        const page = layout.pages[pageIndex] as LayoutPage;
        const jumps = page.lines
          .filter((l) => l.story === s && page.blocks[l.block]?.kind === "jump")
          .map((l) => l.text);
        const next = pages[k + 1];
        if (next !== undefined) expect(jumps).toContain(`التتمة ص ${plan.folio + next}`);
        if (k > 0) expect(jumps).toContain(`تتمة المنشور ص ${plan.folio + (pages[k - 1] ?? 0)}`);
        if (next === undefined && k === 0) expect(jumps).toEqual([]);
      });
      // A story continues on the very next page.
      for (const [k, p] of pages.entries()) if (k > 0) expect(p).toBe((pages[k - 1] ?? 0) + 1);
    }
  });

  it("opens the page with the lead: its headline at the top of the reading start", () => {
    const page = layout.pages[0] as LayoutPage;
    const leadTop = Math.min(...page.blocks.filter((b) => b.story === 0).map((b) => b.y));
    const others = page.blocks.filter((b) => b.story !== undefined && b.story !== 0);
    expect(others.every((b) => b.y >= leadTop - EPS)).toBe(true);
    const headline = page.blocks.find((b) => b.story === 0 && b.kind === "headline") as Block;
    expect(headline.x + headline.width).toBeCloseTo(g.columnRight(1), 2);
    const rect = layout.makeup?.pages[0]?.rectangles.find((r) => r.story === 0);
    expect(rect).toMatchObject({ column: 1, slot: 0 });
  });

  it("steps headlines down by rank", () => {
    const page = layout.pages[0] as LayoutPage;
    const sizes = stories(layout)
      .filter((s) => layout.stories?.[s]?.as === "story")
      .map((s) => {
        const line = page.lines.find(
          (l) => l.story === s && page.blocks[l.block]?.kind === "headline",
        );
        const piece = line?.pieces.find((p) => p.kind !== "hardBreak");
        return piece && "style" in piece ? piece.style.size : 0;
      });
    expect(sizes[0]).toBeGreaterThan(Math.max(...sizes.slice(1)));
  });

  it("keeps reserved boxes where the plan puts them, clear of every story", () => {
    const page = layout.pages[0] as LayoutPage;
    const boxes = page.blocks.filter((b) => b.kind === "reserve" && b.stroke);
    expect(boxes).toHaveLength(plan.reserve.length);
    plan.reserve.forEach((r, i) => {
      const box = boxes[i] as Block;
      expect(box.height).toBeGreaterThanOrEqual(r.height - EPS);
      if (r.at.endsWith("left")) expect(box.x).toBeCloseTo(g.left, 2);
      // At the bottom it ends with the columns' last grid line, less than a line above the margin.
      if (r.at.startsWith("bottom")) {
        expect(g.bottom - (box.y + box.height)).toBeGreaterThan(-EPS);
        expect(g.bottom - (box.y + box.height)).toBeLessThan(template.baseline);
      }
      for (const s of stories(layout)) {
        const story = storyBox(page, s);
        if (!story) continue;
        const apart =
          story.right <= box.x + EPS ||
          box.x + box.width <= story.left + EPS ||
          story.bottom <= box.y + EPS ||
          box.y + box.height <= story.top + EPS;
        expect(apart).toBe(true);
      }
    });
  });

  it("dates the page and numbers it from the plan's folio", () => {
    layout.pages.forEach((page, i) => {
      const folio = page.lines.find((l) => page.blocks[l.block]?.kind === "folio");
      expect(folio?.text).toBe(String(plan.folio + i));
    });
    if (plan.date) {
      const strip = layout.pages[0]?.lines.find(
        (l) => layout.pages[0]?.blocks[l.block]?.kind === "dateline",
      );
      expect(strip?.text).toContain(formatDateStrip(undefined, plan.date).split(" — ")[0]);
    }
  });

  it("reports its score, fill and the variants it chose among", () => {
    const first = layout.makeup?.pages[0];
    expect(first?.fill).toBeGreaterThan(0);
    expect(first?.fill).toBeLessThanOrEqual(1);
    expect(first?.variants.length).toBeGreaterThan(0);
    expect(Number.isFinite(first?.score)).toBe(true);
  });

  it("says where the page is left empty, and only there", () => {
    const page = layout.pages[0] as LayoutPage;
    const L = template.baseline;
    const warnings = layout.makeup?.warnings ?? [];
    // Each column's lowest line of story (or reserved box) against the page's last grid line.
    const gridTop = Math.min(
      ...page.blocks.filter((b) => b.story !== undefined || b.kind === "reserve").map((b) => b.y),
    );
    const slots = Math.floor((g.bottom - gridTop) / L + 1e-9);
    for (let c = 1; c <= g.count; c++) {
      const inColumn = page.blocks.filter(
        (b) =>
          (b.story !== undefined || b.kind === "reserve") &&
          b.kind !== "rule" &&
          b.x < g.columnRight(c) - EPS &&
          b.x + b.width > g.columnLeft(c) + EPS,
      );
      const bottom = Math.max(...inColumn.map((b) => b.y + b.height));
      const empty = Math.floor((gridTop + slots * L - bottom) / L + 1e-6);
      const named = warnings.some((w) => {
        const range = /columns? (\d+)(?:–(\d+))?/.exec(w);
        const from = Number(range?.[1]);
        return range !== null && from <= c && c <= Number(range[2] ?? from);
      });
      // More than a few lines of white at a column's bottom is always named.
      if (empty > 4) expect(named, `column ${c}: ${empty} empty lines`).toBe(true);
    }
    if (warnings.length === 0) expect(layout.makeup?.pages[0]?.fill).toBeGreaterThan(0.95);
  });
});
