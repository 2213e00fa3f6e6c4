/**
 * Photos on the page, on every template: the lead photo across the first columns under the
 * head, photos in the text one column wide, captions under them, crops inside the pictures,
 * no text under a photo, and balanced columns. Expectations come from the template's numbers.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/article/model.js";
import { readArticleFile } from "../../src/article/parse.js";
import type { ArticlePhotos } from "../../src/image/types.js";
import { layoutArticle } from "../../src/layout/compose.js";
import { listTemplates, loadTemplate } from "../../src/layout/template.js";
import { type Block, isPhotoBlock, type Layout, type PhotoBlock } from "../../src/layout/types.js";
import { loadArticlePhotos } from "../../src/render.js";
import { type Geometry, geometryOf } from "../support/geometry.js";
import { articleInFolder, ROOT } from "../support/photos.js";

const EPS = 0.01;

const arabic = (i: number) =>
  `الفقرة ${i + 1}: قال مسؤولون في وزارة الاقتصاد إن معدل النمو بلغ 3.2 في المئة خلال الربع الثالث، مدفوعاً بارتفاع الصادرات الزراعية وعودة السياحة، فيما توقّع محللون أن يتباطأ الأداء في الأشهر المقبلة بسبب ارتفاع أسعار الطاقة عالمياً وتراجع الطلب في الأسواق الأوروبية.`;
const english = (i: number) =>
  `Paragraph ${i + 1}: Officials at the economy ministry said growth reached 3.2 percent in the third quarter, driven by farm exports and the return of tourists, while analysts expect a slowdown in the coming months as energy prices rise and European demand weakens.`;

async function article(frontMatter: string, paragraphs: number, lang: "ar" | "en" = "ar") {
  const body = Array.from({ length: paragraphs }, (_, i) =>
    lang === "ar" ? arabic(i) : english(i),
  );
  const headline =
    lang === "ar"
      ? "النمو الاقتصادي يتسارع في الربع الثالث"
      : "Growth picks up in the third quarter";
  const { article: parsed, dir } = articleInFolder(
    [`headline: ${headline}`, `lang: ${lang}`, frontMatter],
    body,
  );
  return { article: parsed, photos: await loadArticlePhotos(parsed, { photoDir: dir }) };
}

async function example(name: string) {
  const parsed = await readArticleFile(join(ROOT, "examples", name));
  return {
    article: parsed,
    photos: await loadArticlePhotos(parsed, { photoDir: join(ROOT, "examples") }),
  };
}

const ARTICLES = {
  "eileen-collins.md": await example("eileen-collins.md"),
  "cairo-coffeehouses.md": await example("cairo-coffeehouses.md"),
  "jaafari-lavrov-a3.md": await example("jaafari-lavrov-a3.md"),
  "lead photo, short": await article("photo: coffee.jpg", 4),
  "lead photo and two in the text, long": await article(
    "photo: { src: astronaut.jpg, caption: رائدة الفضاء إيلين كولينز قبل رحلتها الأولى عام 1995 }\nphotos:\n  - { src: camera.png, after: 3 }\n  - { src: chelsea.png, after: 9 }",
    16,
  ),
  "one-column lead photo, short": await article("photo: { src: coffee.jpg, span: 1 }", 6),
  "photos in the text only": await article("photos: [coffee.jpg, camera.png]", 10),
  "contain, tall picture": await article("photo: { src: astronaut.jpg, fit: contain, span: 1 }", 8),
  "English, lead photo": await article("photo: chelsea.png", 6, "en"),
} satisfies Record<string, { article: Article; photos: ArticlePhotos }>;

const templates = listTemplates().map((t) => loadTemplate(t.name));

const inside = (b: Block, g: Geometry) =>
  b.x >= g.left - EPS &&
  b.x + b.width <= g.right + EPS &&
  b.y >= g.top - EPS &&
  b.y + b.height <= g.bottom + EPS;

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width - EPS &&
  b.x < a.x + a.width - EPS &&
  a.y < b.y + b.height - EPS &&
  b.y < a.y + a.height - EPS;

describe.each(Object.entries(ARTICLES))("%s", (_, { article: a, photos }) => {
  describe.each(templates)("on $name", (template) => {
    const layout: Layout = layoutArticle(a, { template, photos });
    const g = geometryOf(template, a.lang === "ar");
    const L = template.baseline;
    const photoBlocks = layout.pages.flatMap((page, p) =>
      page.blocks.flatMap((b, i) => (isPhotoBlock(b) ? [{ page, p, block: b, index: i }] : [])),
    );

    it("draws every photo once, inside the page's margins, its crop inside the picture", () => {
      expect(photoBlocks).toHaveLength((photos.lead ? 1 : 0) + photos.inText.length);
      for (const { block, page } of photoBlocks) {
        expect(inside(block, g), `${block.src} ${block.x},${block.y}`).toBe(true);
        const { crop, pixels } = block;
        expect(crop.x).toBeGreaterThanOrEqual(0);
        expect(crop.y).toBeGreaterThanOrEqual(0);
        expect(crop.x + crop.width).toBeLessThanOrEqual(pixels.width);
        expect(crop.y + crop.height).toBeLessThanOrEqual(pixels.height);
        // The crop has the frame's shape: nothing is stretched.
        expect(Math.abs(crop.width / crop.height - block.width / block.height)).toBeLessThan(
          (2 / Math.min(crop.width, crop.height)) * (crop.width / crop.height) + 0.01,
        );
        expect(block.ppi).toBeCloseTo(crop.width / (block.width / 72), 6);
        expect(block.embedded.width).toBeLessThanOrEqual(crop.width);
        for (const b of page.blocks.filter((b) => b.kind === "caption"))
          expect(inside(b, g)).toBe(true);
      }
    });

    it("sets the caption and credit directly under their photo, across its frame", () => {
      for (const { page, block, index } of photoBlocks) {
        const caption = page.blocks.find((b) => b.kind === "caption" && b.figure === index);
        const source = layout.photos[block.photo];
        if (!source?.caption && !source?.credit) {
          expect(caption).toBeUndefined();
          continue;
        }
        if (!caption) throw new Error(`no caption for ${block.src}`);
        expect(caption.y).toBeGreaterThanOrEqual(block.y + block.height - EPS);
        expect(caption.y - (block.y + block.height)).toBeLessThan(L);
        // The frame: the photo's own width, or wider for a narrow "contain" picture.
        expect(caption.x).toBeLessThanOrEqual(block.x + EPS);
        expect(caption.x + caption.width).toBeGreaterThanOrEqual(block.x + block.width - EPS);
        const lines = page.lines.filter((l) => page.blocks[l.block] === caption).map((l) => l.text);
        expect(lines.join(" ")).toContain(source.caption ?? source.credit ?? "");
      }
    });

    it("puts no text over a photo or its caption", () => {
      for (const { page, block, index } of photoBlocks) {
        const caption = page.blocks.find((b) => b.kind === "caption" && b.figure === index);
        for (const line of page.lines) {
          const own = page.blocks[line.block];
          if (own === caption) continue;
          // The line's box: from its ascenders to its descenders.
          const box = { x: line.x, y: line.y - L * 0.74, width: line.width, height: L };
          expect(overlaps(box, block), `"${line.text.slice(0, 30)}" over ${block.src}`).toBe(false);
          if (caption)
            expect(overlaps(box, caption), `"${line.text.slice(0, 30)}" over its caption`).toBe(
              false,
            );
        }
        for (const other of page.blocks.filter((b) => b.kind === "pullquote"))
          expect(overlaps(other, block)).toBe(false);
      }
    });

    it("the lead photo spans its columns from where reading starts, under the head", () => {
      const lead = photoBlocks.find((p) => p.block.paragraph === null);
      if (!photos.lead) return expect(lead).toBeUndefined();
      if (!lead) throw new Error("no lead photo");
      expect(lead.p).toBe(0);
      const count = template.columns.count;
      const span = Math.min(
        count,
        photos.lead.span ?? template.photos.span ?? Math.max(1, Math.round((count * 2) / 3)),
      );
      const frameWidth = span * g.columnWidth + (span - 1) * template.columns.gutter;
      const b = lead.block;
      if (a.lang === "ar") expect(b.x + (frameWidth + b.width) / 2).toBeCloseTo(g.right, 2);
      else expect(b.x - (frameWidth - b.width) / 2).toBeCloseTo(g.left, 2);
      const head = lead.page.blocks.find((x) => x.kind === "headline");
      expect(b.y).toBeGreaterThan((head?.y ?? 0) + (head?.height ?? 0));
    });

    it("columns under the lead photo start below its caption; the others at the top", () => {
      const lead = photoBlocks.find((p) => p.block.paragraph === null);
      if (!lead) return;
      const { page, block, index } = lead;
      const caption = page.blocks.find((b) => b.kind === "caption" && b.figure === index);
      const under = (caption?.y ?? 0) + (caption?.height ?? 0) || block.y + block.height;
      const body = page.lines.filter((l) =>
        ["body", "subhead", "source"].includes(page.blocks[l.block]?.kind ?? ""),
      );
      const firstIn = new Map<number, number>();
      for (const l of body)
        if (l.column !== null)
          firstIn.set(l.column, Math.min(firstIn.get(l.column) ?? Infinity, l.y));
      const covered = (c: number) => {
        const right = g.columnRight(c);
        return (
          right - g.columnWidth >= block.x - g.columnWidth / 2 &&
          right <= block.x + block.width + g.columnWidth / 2
        );
      };
      // A column may open with a photo in the text or the pull-quote instead of a line.
      const opensWithPhoto = (c: number) =>
        page.blocks.some(
          (b) =>
            (isPhotoBlock(b) || b.kind === "pullquote") &&
            b.column === c &&
            b.y < (firstIn.get(c) ?? 0),
        );
      const tops = [...firstIn]
        .filter(([c]) => !covered(c) && !opensWithPhoto(c))
        .map(([, y]) => y);
      for (const [c, y] of firstIn) {
        if (covered(c)) expect(y - L * 0.74, `column ${c}`).toBeGreaterThanOrEqual(under - EPS);
      }
      // Text that runs on below the photo beside it starts under it: no empty column there.
      const runsBelow = [...firstIn.keys()].some(
        (c) => !covered(c) && body.some((l) => l.column === c && l.y - L * 0.74 >= under + 1.5 * L),
      );
      const coveredColumns = Array.from({ length: template.columns.count }, (_, i) => i + 1).filter(
        covered,
      );
      if (runsBelow && page === layout.pages[0])
        for (const c of coveredColumns)
          expect(firstIn.has(c), `column ${c} under the photo is empty`).toBe(true);
      // Beside the photo, text starts on the first line of the body area.
      if (tops.length) expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(EPS);
    });

    it("photos in the text are one column wide, at a column's top or with text above and below", () => {
      for (const { page, block } of photoBlocks.filter((p) => p.block.paragraph !== null)) {
        expect(block.column).not.toBeNull();
        const right = g.columnRight(block.column ?? 1);
        expect(block.x).toBeGreaterThanOrEqual(right - g.columnWidth - EPS);
        expect(block.x + block.width).toBeLessThanOrEqual(right + EPS);
        const column = page.lines.filter(
          (l) => l.column === block.column && page.blocks[l.block]?.kind !== "caption",
        );
        const above = column.filter((l) => l.y < block.y);
        const below = column.filter((l) => l.y > block.y + block.height);
        const atTop = above.length === 0;
        if (!atTop)
          expect(below.length + (page === layout.pages.at(-1) ? 2 : 0)).toBeGreaterThanOrEqual(2);
      }
    });

    it("keeps the last page's columns within one line of each other", () => {
      const page = layout.pages.at(-1);
      if (!page) throw new Error("no page");
      const bottoms = new Map<number, number>();
      const note = (c: number | null, y: number) => {
        if (c !== null) bottoms.set(c, Math.max(bottoms.get(c) ?? -Infinity, y));
      };
      for (const l of page.lines) {
        const kind = page.blocks[l.block]?.kind;
        if (kind === "body" || kind === "subhead" || kind === "source")
          note(l.column, l.y - L * BASELINE + L);
      }
      // A photo at the foot of a column ends it where its frame's last slot ends.
      for (const b of page.blocks.filter(
        (b): b is PhotoBlock => isPhotoBlock(b) && b.paragraph !== null,
      )) {
        const caption = page.blocks.find(
          (c) => c.kind === "caption" && c.figure === page.blocks.indexOf(b),
        );
        note(
          b.column,
          Math.ceil(
            ((caption ? caption.y + caption.height : b.y + b.height) - firstTop(page)) / L,
          ) *
            L +
            firstTop(page),
        );
      }
      const ys = [...bottoms.values()];
      expect(Math.max(...ys) - Math.min(...ys), [...bottoms].join(" ")).toBeLessThanOrEqual(
        L + EPS,
      );
    });
  });
});

const BASELINE = 0.74;

/** A line of the body's grid on a page: the top of its highest body block. */
function firstTop(page: Layout["pages"][number]): number {
  return Math.min(...page.blocks.filter((b) => b.kind === "body").map((b) => b.y));
}
