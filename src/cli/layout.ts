import { dirname } from "node:path";
import type { CommandModule } from "yargs";
import { isPhotoBlock, type Layout } from "../layout/types.js";
import type { DigitStyle } from "../text/digits.js";
import { digitsOption, printWarning, templateOption } from "./common.js";
import { PHOTO_FLAGS, type PhotoArgs, photoOverrideOf, refusePlan } from "./render.js";

interface LayoutArgs extends PhotoArgs {
  article: string;
  digits?: DigitStyle;
  template?: string;
  json?: boolean;
  strict?: boolean;
}

/**
 * The layout without glyph data: what `--json` prints, all coordinates in pt, y down. A page
 * plan's layout also has its stories (blocks and lines name them by index) and how it was made up.
 */
export function layoutToJson(layout: Layout): unknown {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    title: layout.title,
    lang: layout.lang,
    missing: layout.missing,
    ...(layout.notes ? { notes: layout.notes } : {}),
    pages: layout.pages.map((page) => ({
      width: round(page.width),
      height: round(page.height),
      blocks: page.blocks.map((b) => ({
        ...b,
        x: round(b.x),
        y: round(b.y),
        width: round(b.width),
        height: round(b.height),
        ...(isPhotoBlock(b) ? { ppi: round(b.ppi) } : {}),
      })),
      lines: page.lines.map(({ pieces, ...line }) => ({
        ...line,
        x: round(line.x),
        y: round(line.y),
        width: round(line.width),
        measure: round(line.measure),
        spaceNatural: round(line.spaceNatural),
        spaceActual: round(line.spaceActual),
      })),
    })),
    ...(layout.stories ? { stories: layout.stories } : {}),
    ...(layout.makeup ? { makeup: layout.makeup } : {}),
  };
}

export const layoutCommand: CommandModule<object, LayoutArgs> = {
  command: "layout <article>",
  describe: "Print an article's page layout (blocks and lines) before any PDF exists",
  builder: (y) =>
    y
      .positional("article", { type: "string", demandOption: true, describe: "Article file" })
      .option("template", templateOption)
      .option("digits", digitsOption)
      .option("json", { type: "boolean", default: true, describe: "Print JSON (the only format)" })
      .option("strict", {
        type: "boolean",
        default: false,
        describe:
          "Fail (exit 1) instead of warning when the fonts lack some characters or a photo's resolution is too low",
      })
      .options(PHOTO_FLAGS)
      .example("$0 layout examples/jaafari-lavrov.md --json", "Blocks and lines of the seed page")
      .example(
        "$0 layout story.md -t a3-5col | jq '.pages | length'",
        "How many pages on another template",
      ),
  handler: async (args) => {
    refusePlan(args.article);
    const { readArticleFile } = await import("../article/parse.js");
    const { layoutArticle, loadArticlePhotos } = await import("../render.js");
    const article = await readArticleFile(args.article, photoOverrideOf(args));
    const photos = await loadArticlePhotos(article, {
      photoDir: dirname(args.article),
      fileName: args.article,
    });
    const layout = layoutArticle(article, {
      photos,
      ...(args.template ? { template: args.template } : {}),
      ...(args.digits ? { digits: args.digits } : {}),
      fileName: args.article,
      strict: args.strict ?? false,
      onWarning: printWarning,
    });
    process.stdout.write(`${JSON.stringify(layoutToJson(layout), null, 2)}\n`);
  },
};
