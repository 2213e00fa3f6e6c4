import { describe, expect, it } from "vitest";
import { readArticleFile } from "../../src/article/parse.js";
import { layoutArticle } from "../../src/layout/compose.js";
import type { LayoutPage } from "../../src/layout/types.js";
import { articleElements, articleStructure } from "../../src/pdf/structure.js";
import { writePages, writePdf } from "../../src/pdf/writePdf.js";

const seed = await readArticleFile("examples/jaafari-lavrov.md");
const article = { ...seed, body: Array.from({ length: 10 }, () => seed.body).flat() };
const layout = layoutArticle(article);
const options = { creationDate: new Date(Date.UTC(2026, 0, 1)) };

/** How many page objects bytes hold. */
const pageObjects = (bytes: Uint8Array[]) =>
  Buffer.concat(bytes)
    .toString("latin1")
    .match(/\/Type \/Page\n/g)?.length ?? 0;

describe("writePages", () => {
  it("writes each page out before it asks for the page after next, as writePdf would", async () => {
    expect(layout.pages.length).toBeGreaterThanOrEqual(4);
    const out: Uint8Array[] = [];
    const written: number[] = [];
    const pages = function* (): Generator<LayoutPage> {
      for (const page of layout.pages) {
        written.push(pageObjects(out));
        yield page;
      }
    };
    const returned = await writePages(
      {
        title: layout.title,
        lang: layout.lang,
        stories: false,
        pages: pages(),
        structure: (doc, first) => {
          expect(first).toBe(layout.pages[0]);
          return articleStructure(doc, articleElements(layout.pages));
        },
      },
      options,
      (bytes) => out.push(bytes),
    );
    // A page goes out when the next one is begun: all but the one before it.
    expect(written).toEqual(layout.pages.map((_, i) => Math.max(0, i - 1)));
    expect(returned.byteLength).toBe(0);
    const whole = await writePdf(layout, options);
    expect(Buffer.concat(out).equals(Buffer.from(whole))).toBe(true);
  });

  it("refuses a structure tree that counted fewer elements than the pages draw", async () => {
    await expect(
      writePages(
        {
          title: layout.title,
          lang: layout.lang,
          stories: false,
          pages: layout.pages,
          structure: (doc) => articleStructure(doc, articleElements(layout.pages) - 1),
        },
        options,
      ),
    ).rejects.toThrow(/not counted/);
  });
});
