// md5 of the PDF of every example × template, one line each: run before and after a change to
// the PDF writer and diff the two lists to see that articles come out byte-identical.
// Usage: npx tsx scripts/pdf-md5.ts > before.txt
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { readArticleFile } from "../src/article/parse.js";
import { listTemplates } from "../src/layout/template.js";
import { layoutArticle, loadArticlePhotos, renderLayout } from "../src/render.js";

const examples = readdirSync("examples")
  .filter((f) => /\.(?:md|txt|json)$/.test(f))
  .sort();
for (const example of examples) {
  const article = await readArticleFile(`examples/${example}`);
  const photos = await loadArticlePhotos(article, { photoDir: "examples" });
  for (const { name } of listTemplates()) {
    const layout = layoutArticle(article, { template: name, photos });
    for (const [label, options] of [
      ["plain", {}],
      ["pdfa-2a", { pdfa: "2a" as const }],
      ["cmyk-bleed", { cmyk: true, bleed: 3, cropMarks: true }],
    ] as const) {
      const pdf = await renderLayout(layout, article, options);
      console.log(`${createHash("md5").update(pdf).digest("hex")}  ${example} ${name} ${label}`);
    }
  }
}
