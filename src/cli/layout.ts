import type { CommandModule } from "yargs";
import { readArticleFile } from "../article/parse.js";
import { layoutArticle } from "../layout/compose.js";
import type { Layout } from "../layout/types.js";

interface LayoutArgs {
  article: string;
  template?: string;
  json?: boolean;
}

/** The layout without glyph data: what `--json` prints, all coordinates in pt, y down. */
export function layoutToJson(layout: Layout): unknown {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    title: layout.title,
    lang: layout.lang,
    pages: layout.pages.map((page) => ({
      width: round(page.width),
      height: round(page.height),
      blocks: page.blocks.map((b) => ({
        ...b,
        x: round(b.x),
        y: round(b.y),
        width: round(b.width),
        height: round(b.height),
      })),
      lines: page.lines.map(({ pieces, ...line }) => ({
        ...line,
        x: round(line.x),
        y: round(line.y),
        width: round(line.width),
        measure: round(line.measure),
      })),
    })),
  };
}

export const layoutCommand: CommandModule<object, LayoutArgs> = {
  command: "layout <article>",
  describe: "Print an article's page layout (blocks and lines) before any PDF exists",
  builder: (y) =>
    y
      .positional("article", { type: "string", demandOption: true, describe: "Article file" })
      .option("template", { alias: "t", type: "string", describe: "Template name or file" })
      .option("json", { type: "boolean", default: true, describe: "Print JSON (the only format)" })
      .example("$0 layout examples/jaafari-lavrov.md --json", "Blocks and lines of the seed page"),
  handler: async (args) => {
    const article = await readArticleFile(args.article);
    const layout = layoutArticle(article, args.template ? { template: args.template } : {});
    process.stdout.write(`${JSON.stringify(layoutToJson(layout), null, 2)}\n`);
  },
};
