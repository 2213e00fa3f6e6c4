// Text extraction per reader, for every example × template: bag-of-words and in-order recall
// of the article's text in reading order. pdftotext and mutool through
// ../shared/tools/extract-check.py (needs python3, poppler-utils and mupdf-tools); pdf.js and
// the mupdf npm package through test/support/extract.ts.
// Usage: npx tsx scripts/extraction-report.ts [path/to/extract-check.py]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readArticleFile } from "../src/article/parse.js";
import { listTemplates } from "../src/layout/template.js";
import { layoutArticle, loadArticlePhotos, renderLayout } from "../src/render.js";
import {
  layoutCaptions,
  mupdfText,
  pdfjsText,
  readingText,
  recall,
} from "../test/support/extract.js";

const checker = process.argv[2] ?? "../shared/tools/extract-check.py";
const work = mkdtempSync(join(tmpdir(), "sahifa-extraction-"));
const examples = readdirSync("examples")
  .filter((f) => /\.(md|txt|json)$/.test(f))
  .sort();
const rows = [
  "| example | template | pdftotext bag/order | mutool bag/order | pdf.js bag/order | mupdf (npm) bag/order | pages | bytes |",
  "|---|---|---|---|---|---|---|---|",
];
const f3 = (n: number) => n.toFixed(3);
for (const example of examples) {
  const article = await readArticleFile(`examples/${example}`);
  const photos = await loadArticlePhotos(article, { photoDir: "examples" });
  const sourceFile = join(work, `${example}.txt`);
  for (const { name } of listTemplates()) {
    const layout = layoutArticle(article, { template: name, photos });
    const pdf = await renderLayout(layout, article);
    const pages = layout.pages.length;
    // Captions stand where this template's page puts them.
    const source = readingText(article, layoutCaptions(layout));
    writeFileSync(sourceFile, source);
    const file = join(work, `${example}.${name}.pdf`);
    writeFileSync(file, pdf);
    const out = execFileSync("python3", [checker, file, sourceFile], { encoding: "utf8" });
    const figures = (tool: string) => {
      const m = out.match(
        new RegExp(`${tool}: words=\\d+ bag_recall=([\\d.]+) order_recall=([\\d.]+)`),
      );
      return m ? `${m[1]} / ${m[2]}` : "?";
    };
    const pj = recall(source, await pdfjsText(pdf));
    const mu = recall(source, mupdfText(pdf));
    rows.push(
      `| ${example} | ${name} | ${figures("pdftotext")} | ${figures("mutool")} | ${f3(pj.bag)} / ${f3(pj.order)} | ${f3(mu.bag)} / ${f3(mu.order)} | ${pages} | ${pdf.byteLength} |`,
    );
  }
}
rmSync(work, { recursive: true, force: true });
console.log(rows.join("\n"));
