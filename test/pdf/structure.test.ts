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
});
