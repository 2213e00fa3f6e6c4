import type { CommandModule } from "yargs";
import { renderFile } from "../render.js";

interface RenderArgs {
  article: string;
  output: string;
  template?: string;
  headline?: string;
}

export const renderCommand: CommandModule<object, RenderArgs> = {
  command: "render <article>",
  describe: "Typeset an article (.md, .json or .txt) into a PDF",
  builder: (y) =>
    y
      .positional("article", { type: "string", demandOption: true, describe: "Article file" })
      .option("output", {
        alias: "o",
        type: "string",
        demandOption: true,
        describe: "PDF to write",
      })
      .option("template", {
        alias: "t",
        type: "string",
        describe: "Template name or file (default: the article's, else a4-3col)",
      })
      .option("headline", { type: "string", describe: "Override the headline" })
      .example("$0 render examples/jaafari-lavrov.md -o page.pdf", "Render the seed article")
      .example("$0 render story.txt -t broadsheet-6col -o story.pdf", "Render on another template"),
  handler: async (args) => {
    await renderFile(args.article, args.output, {
      ...(args.template ? { template: args.template } : {}),
      ...(args.headline ? { overrides: { headline: args.headline } } : {}),
    });
  },
};
