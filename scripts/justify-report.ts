// Justification quality of body text, per article × template × mode: the figures of issue 4.
// Usage: npx tsx scripts/justify-report.ts [--all-templates] [article …]   (default: the examples)
// With --all-templates, every shipped template in hybrid mode, not the article's own in both.
import { readdirSync } from "node:fs";
import { dirname } from "node:path";
import { readArticleFile } from "../src/article/parse.js";
import { layoutArticle } from "../src/layout/compose.js";
import { listTemplates, loadTemplate } from "../src/layout/template.js";
import { loadArticlePhotos } from "../src/render.js";
import type { JustifyMode } from "../src/text/stretch.js";

const args = process.argv.slice(2);
const allTemplates = args.includes("--all-templates");
const named = args.filter((a) => a !== "--all-templates");
const files = named.length
  ? named
  : readdirSync("examples")
      .filter((f) => f.endsWith(".md"))
      .map((f) => `examples/${f}`);

const rows: Record<string, string | number>[] = [];
for (const file of files) {
  const article = await readArticleFile(file);
  const photos = await loadArticlePhotos(article, { photoDir: dirname(file) });
  const settings: [string, JustifyMode][] = allTemplates
    ? listTemplates().map((t) => [t.name, "hybrid"])
    : (["hybrid", "spacing"] as JustifyMode[]).map((m) => [article.template ?? "a4-3col", m]);
  for (const [name, mode] of settings) {
    const template = loadTemplate(name);
    const layout = layoutArticle(article, {
      photos,
      template: { ...template, justify: { ...template.justify, mode } },
    });
    const lines = layout.pages.flatMap((p) =>
      p.lines.filter((l) => p.blocks[l.block]?.kind === "body" && !l.last && l.spaceNatural > 0),
    );
    const ratios = lines.map((l) => l.spaceActual / l.spaceNatural);
    const words = lines.reduce((n, l) => n + l.pieces.filter((p) => p.kind === "box").length, 0);
    const kashidas = lines.reduce((n, l) => n + l.kashidas, 0);
    // Tatweels in one word: two where a long word took a second kashida.
    const perWord = Math.max(
      0,
      ...lines.flatMap((l) =>
        l.pieces.map((p) =>
          (p.kashidaWidth ?? 0) > 0 ? p.glyphs.filter((g) => g.kashida).length : 0,
        ),
      ),
    );
    rows.push({
      article: file.replace(/^examples\//, ""),
      template: template.name,
      mode,
      lines: lines.length,
      "max space": ratios.length ? Math.max(...ratios).toFixed(2) : "-",
      "mean space": ratios.length
        ? (ratios.reduce((a, b) => a + b, 0) / ratios.length).toFixed(2)
        : "-",
      ">1.5×": ratios.filter((r) => r > 1.5 + 1e-9).length,
      ">2×": ratios.filter((r) => r > 2 + 1e-9).length,
      "kashida/line": (kashidas / Math.max(1, lines.length)).toFixed(2),
      "kashida/word": (kashidas / Math.max(1, words)).toFixed(3),
      "max/word": perWord,
      "off measure": lines.filter((l) => Math.abs(l.width - l.measure) > 0.1).length,
    });
  }
}
console.table(rows);
