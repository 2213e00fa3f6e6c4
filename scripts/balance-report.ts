// Column balance on the last page, per example × template (plus the seed six times over):
// how far apart the columns' bottom lines are, in baselines.
// Usage: npx tsx scripts/balance-report.ts

import type { Article } from "../src/article/model.js";
import { readArticleFile } from "../src/article/parse.js";
import { layoutArticle } from "../src/layout/compose.js";
import { listTemplates, loadTemplate } from "../src/layout/template.js";

const seed = await readArticleFile("examples/jaafari-lavrov.md");
const articles: [string, Article][] = [];
for (const name of ["jaafari-lavrov.md", "cairo-central-bank.md", "beirut-music-festival.md"]) {
  articles.push([name, await readArticleFile(`examples/${name}`)]);
}
articles.push(["seed×6", { ...seed, body: Array.from({ length: 6 }, () => seed.body).flat() }]);

const rows: Record<string, string | number>[] = [];
for (const [name, article] of articles) {
  for (const { name: templateName } of listTemplates()) {
    const template = loadTemplate(templateName);
    const layout = layoutArticle(article, { template });
    const last = layout.pages.at(-1);
    const bottoms = new Map<number, number>();
    for (const line of last?.lines ?? []) {
      if (line.paragraph === null || line.column === null) continue;
      bottoms.set(line.column, Math.max(bottoms.get(line.column) ?? 0, line.y));
    }
    const ys = [...bottoms.values()];
    const spread = ys.length ? (Math.max(...ys) - Math.min(...ys)) / template.baseline : 0;
    rows.push({
      article: name,
      template: templateName,
      pages: layout.pages.length,
      columns: ys.length,
      "spread (lines)": Math.round(spread),
    });
  }
}
console.table(rows);
