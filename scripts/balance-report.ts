// Column balance on the last page, per article × template: how far apart the columns' bottom
// lines are, in baselines (the source line counts as part of its column). Every example, with
// its photos, is also set two and three times over, so that it runs to more pages.
// Usage: npx tsx scripts/balance-report.ts [--all] [article …]   (default: the examples)
// Without --all only the rows that miss (spread over one line) are listed, with the totals.

import { readdirSync } from "node:fs";
import { dirname } from "node:path";
import { readArticleFile } from "../src/article/parse.js";
import { layoutArticle } from "../src/layout/compose.js";
import { listTemplates, loadTemplate } from "../src/layout/template.js";
import { loadArticlePhotos } from "../src/render.js";

const args = process.argv.slice(2);
const all = args.includes("--all");
const named = args.filter((a) => a !== "--all");
const files = named.length
  ? named
  : readdirSync("examples")
      .filter((f) => /\.(md|txt|json)$/.test(f))
      .map((f) => `examples/${f}`);
const REPEATS = [1, 2, 3];

const rows: Record<string, string | number>[] = [];
let tried = 0;
let worst = 0;
for (const file of files) {
  const article = await readArticleFile(file);
  const photos = await loadArticlePhotos(article, { photoDir: dirname(file) });
  for (const times of REPEATS) {
    // Photos in the text stay where the article puts them: after paragraphs of the first copy.
    const body = Array.from({ length: times }, () => article.body).flat();
    const repeated = { ...article, body, subheads: article.subheads };
    for (const { name } of listTemplates()) {
      const template = loadTemplate(name);
      const layout = layoutArticle(repeated, { template, photos });
      const last = layout.pages.at(-1);
      const bottoms = new Map<number, number>();
      for (const line of last?.lines ?? []) {
        if (line.paragraph === null || line.column === null) continue;
        bottoms.set(line.column, Math.max(bottoms.get(line.column) ?? 0, line.y));
      }
      const ys = [...bottoms.values()];
      const spread = ys.length
        ? Math.round((Math.max(...ys) - Math.min(...ys)) / template.baseline)
        : 0;
      tried++;
      worst = Math.max(worst, spread);
      if (all || spread > 1) {
        rows.push({
          article: file.replace(/^examples\//, ""),
          copies: times,
          template: name,
          pages: layout.pages.length,
          columns: ys.length,
          "spread (lines)": spread,
          notes: (layout.notes ?? []).join("; "),
        });
      }
    }
  }
}
if (rows.length) console.table(rows);
console.log(
  `${tried} layouts, ${all ? rows.filter((r) => Number(r["spread (lines)"]) > 1).length : rows.length} with columns more than one line apart; worst ${worst} lines`,
);
