import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readArticleFile } from "../src/article/parse.js";
import { layoutArticle, loadArticlePhotos, renderFile, renderLayout } from "../src/render.js";

const EXAMPLES = resolve(import.meta.dirname, "..", "examples");

/**
 * A long article with photos in the text, one of them far in: the Cairo coffeehouses story's
 * paragraphs sixteen times over, its photo after paragraph 2 and again after paragraph 40.
 */
function longArticle(dir: string): string {
  const text = readFileSync(join(EXAMPLES, "cairo-coffeehouses.md"), "utf8");
  const [, head = "", body = ""] = /^(---\n[\s\S]*?\n---\n)([\s\S]*)$/.exec(text) ?? [];
  const photo = join(EXAMPLES, "photos", "coffee.jpg");
  const front = head
    .replaceAll("photos/coffee.jpg", photo)
    .replace("photos:\n", `photos:\n  - src: ${photo}\n    after: 40\n    caption: المقهى مساءً\n`);
  const file = join(dir, "long.md");
  writeFileSync(file, front + Array.from({ length: 16 }, () => body).join("\n"));
  return file;
}

describe("renderFile", () => {
  it("draws a long article a page at a time into the same bytes as the whole layout", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sahifa-render-"));
    const input = longArticle(dir);
    const article = await readArticleFile(input);
    const photos = await loadArticlePhotos(article, { photoDir: dir });
    const layout = layoutArticle(article, { photos });
    expect(layout.pages.length).toBeGreaterThanOrEqual(4);
    const later = layout.pages.slice(1).flatMap((page) => page.blocks);
    expect(later.some((block) => block.kind === "photo")).toBe(true);
    for (const options of [{}, { cmyk: true, bleed: 3, cropMarks: true }]) {
      const output = join(dir, "long.pdf");
      const result = await renderFile(input, output, options);
      expect(result.pages).toBe(layout.pages.length);
      const whole = await renderLayout(layout, article, options);
      const written = readFileSync(output);
      expect(result.bytes).toBe(written.byteLength);
      expect(written.equals(Buffer.from(whole))).toBe(true);
    }
  });
});
