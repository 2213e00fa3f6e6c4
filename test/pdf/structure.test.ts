import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readArticleFile } from "../../src/article/parse.js";
import { articlePages } from "../../src/layout/compose.js";
import { listTemplates } from "../../src/layout/template.js";
import { articleElements } from "../../src/pdf/structure.js";
import { loadArticlePhotos } from "../../src/render.js";

const EXAMPLES = resolve(import.meta.dirname, "..", "..", "examples");
const examples = readdirSync(EXAMPLES)
  .filter((f) => /\.(?:md|json|txt)$/.test(f))
  .sort();

describe("articleElements", () => {
  // The tree's elements are made before page one is drawn, from page one and the flow: they
  // must be as many as the whole layout has, or the tree could not be closed.
  it.each(examples)(
    "counts %s's elements from page one and the flow, on every template",
    async (name) => {
      const article = await readArticleFile(join(EXAMPLES, name));
      const photos = await loadArticlePhotos(article, { photoDir: EXAMPLES });
      const long = { ...article, body: Array.from({ length: 4 }, () => article.body).flat() };
      for (const { name: template } of listTemplates()) {
        for (const story of [article, long]) {
          const stream = articlePages(story, { template, photos });
          const pages = [...stream.pages];
          const whole = articleElements(pages);
          expect(articleElements(pages.slice(0, 1), stream.flow), template).toBe(whole);
          expect(whole).toBeGreaterThan(story.body.length);
        }
      }
    },
  );

  it("counts photos in the text with a caption, a credit alone, or neither", async () => {
    const article = await readArticleFile(join(EXAMPLES, "cairo-coffeehouses.md"));
    const body = Array.from({ length: 6 }, () => article.body).flat();
    const src = "photos/coffee.jpg";
    const story = {
      ...article,
      body,
      photos: [
        { src, caption: "", credit: "", after: 3 },
        { src, caption: "", credit: "وكالة", after: 20 },
        { src, caption: "مقهى", after: 40 },
      ],
    };
    const photos = await loadArticlePhotos(story, { photoDir: EXAMPLES });
    const stream = articlePages(story, { photos });
    const pages = [...stream.pages];
    // Each photo's caption block (the credit's alone too) on a page after the first.
    const later = pages.slice(1).flatMap((page) => page.blocks);
    expect(later.filter((block) => block.kind === "photo").length).toBe(2);
    expect(later.filter((block) => block.kind === "caption").length).toBe(2);
    expect(articleElements(pages.slice(0, 1), stream.flow)).toBe(articleElements(pages));
  });
});
