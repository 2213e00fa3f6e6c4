/**
 * Balance on every template: the last page's column bottoms differ by at most one line,
 * counting the source line as part of its column, for the seed set once to many times over
 * (one to three pages, two broadsheet pages among them; the pull-quote on one-page articles),
 * and for every example, photos included, set once to three times over.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readArticleFile } from "../../src/article/parse.js";
import { layoutArticle } from "../../src/layout/compose.js";
import { listTemplates, loadTemplate } from "../../src/layout/template.js";
import type { Layout } from "../../src/layout/types.js";
import { loadArticlePhotos } from "../../src/render.js";

const ROOT = join(import.meta.dirname, "..", "..");
const seed = await readArticleFile(join(ROOT, "examples", "jaafari-lavrov.md"));
/** The seed's paragraphs `k` times over, on whatever template the test gives. */
const times = (k: number) => ({
  ...seed,
  template: undefined,
  body: Array.from({ length: k }, () => seed.body).flat(),
});

/** How far apart the last page's column bottoms are, in lines: body, subheads, source. */
function lastPageSpread(layout: Layout, baseline: number): { spread: number; detail: string } {
  const page = layout.pages.at(-1);
  const bottoms = new Map<number, number>();
  for (const line of page?.lines ?? []) {
    const kind = page?.blocks[line.block]?.kind;
    if (line.column === null || !(kind === "body" || kind === "subhead" || kind === "source"))
      continue;
    bottoms.set(line.column, Math.max(bottoms.get(line.column) ?? 0, line.y));
  }
  const ys = [...bottoms.values()];
  const detail = [...bottoms].map(([c, y]) => `c${c} ${y.toFixed(1)}`).join(", ");
  return { spread: ys.length ? (Math.max(...ys) - Math.min(...ys)) / baseline : 0, detail };
}

describe.each(listTemplates().map((t) => t.name))("%s", (name) => {
  const template = loadTemplate(name);
  it("balances the last page within a line, from one page to three", () => {
    const seen = new Set<number>();
    for (let k = 1; k <= 14; k++) {
      const layout = layoutArticle(times(k), { template });
      if (layout.pages.length > 3) break;
      seen.add(layout.pages.length);
      const { spread, detail } = lastPageSpread(layout, template.baseline);
      expect(spread, `seed ×${k}, ${layout.pages.length} pages: ${detail}`).toBeLessThanOrEqual(
        1.001,
      );
    }
    expect(seen.size).toBeGreaterThan(1);
  });
});

describe("broadsheet-6col", () => {
  it("sets the seed nine times over on two pages, the second balanced", () => {
    const template = loadTemplate("broadsheet-6col");
    const layout = layoutArticle(times(9), { template });
    expect(layout.pages).toHaveLength(2);
    expect(lastPageSpread(layout, template.baseline).spread).toBeLessThanOrEqual(1.001);
  });
});

/**
 * The examples, and copy written to check the line breaker and the balancing after they were
 * tuned on the examples, not before: a data portal story with a URL, an e-mail address and
 * Latin acronyms, an obituary with long names, a league round-up with scores and minutes.
 */
const COPY = [
  ...readdirSync(join(ROOT, "examples"))
    .filter((f) => /\.(md|txt|json)$/.test(f))
    .map((f) => join("examples", f)),
  ...readdirSync(join(ROOT, "test", "fixtures", "articles")).map((f) =>
    join("test", "fixtures", "articles", f),
  ),
];

describe("every example and unseen article, with its photos, once to three times over", async () => {
  const templates = listTemplates().map((t) => loadTemplate(t.name));
  for (const file of COPY) {
    const article = await readArticleFile(join(ROOT, file));
    const photos = await loadArticlePhotos(article, { photoDir: join(ROOT, "examples") });
    it(`${file}: columns within a line, spaces within the template's, on every template`, () => {
      for (const k of [1, 2, 3]) {
        const copies = { ...article, body: Array.from({ length: k }, () => article.body).flat() };
        for (const template of templates) {
          const layout = layoutArticle(copies, { template, photos });
          const { spread, detail } = lastPageSpread(layout, template.baseline);
          const where = `${file} ×${k} on ${template.name}, ${layout.pages.length} pages`;
          expect(spread, `${where}: ${detail}`).toBeLessThanOrEqual(1.001);
          for (const page of layout.pages)
            for (const l of page.lines) {
              if (page.blocks[l.block]?.kind !== "body" || l.last || l.spaceNatural <= 0) continue;
              expect(l.spaceActual / l.spaceNatural, `${where}: ${l.text}`).toBeLessThanOrEqual(
                template.justify.maxSpaceRatio + 1e-9,
              );
            }
        }
      }
    });
  }
});

describe("balancing with looser or tighter paragraphs", () => {
  it("never sets a paragraph looser than the template allows to even the columns", async () => {
    // The seed as agency text on a3-5col: a paragraph reset a line longer once balanced the
    // page with word spaces 3.6 times their width. Its own setting stays under 1.6.
    const article = await readArticleFile(join(ROOT, "examples", "jaafari-lavrov.txt"));
    const layout = layoutArticle(article, { template: loadTemplate("a3-5col") });
    const ratios = layout.pages.flatMap((p) =>
      p.lines
        .filter((l) => p.blocks[l.block]?.kind === "body" && !l.last && l.spaceNatural > 0)
        .map((l) => l.spaceActual / l.spaceNatural),
    );
    expect(Math.max(...ratios)).toBeLessThan(1.6);
  });
});

describe("a lead photo's side", () => {
  it("leaves no column beside a lead photo bare while the text runs on under it", async () => {
    // eileen-collins on a4-3col: its photo spans columns 1 and 2. Once, the text ended early
    // under the photo with column 3 empty from top to bottom.
    const article = await readArticleFile(join(ROOT, "examples", "eileen-collins.md"));
    const photos = await loadArticlePhotos(article, { photoDir: join(ROOT, "examples") });
    const template = loadTemplate("a4-3col");
    const layout = layoutArticle(article, { template, photos });
    const page = layout.pages[0];
    const withText = new Set(
      page?.lines.filter((l) => page.blocks[l.block]?.kind === "body").map((l) => l.column),
    );
    expect([...withText].sort()).toEqual([1, 2, 3]);
    expect(lastPageSpread(layout, template.baseline).spread).toBeLessThanOrEqual(1.001);
  });
});
