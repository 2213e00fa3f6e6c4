import type { Argv, CommandModule } from "yargs";
import { templateOption } from "./common.js";

interface FontsArgs {
  article: string;
  template?: string;
  json?: boolean;
}

export const fontsCommand: CommandModule<object, FontsArgs> = {
  command: "fonts <article>",
  describe: "Show how the template's fonts cover the article's characters",
  builder: (yargs: Argv<object>) =>
    yargs
      .positional("article", { type: "string", demandOption: true, describe: "Article file" })
      .option("template", templateOption)
      .option("json", { type: "boolean", default: false, describe: "Print JSON" })
      .example("$0 fonts examples/jaafari-lavrov.md", "Which font draws which characters")
      .example(
        "$0 fonts story.md -t a3-5col --json | jq .missing",
        "Characters no font has",
      ) as unknown as Argv<FontsArgs>,
  handler: async (args) => {
    const { readArticleFile } = await import("../article/parse.js");
    const { loadTemplate } = await import("../layout/template.js");
    const { fontCoverage, formatCoverage } = await import("./coverage.js");
    const article = await readArticleFile(args.article);
    const template = loadTemplate(args.template ?? article.template ?? "a4-3col");
    const coverage = fontCoverage(article, template, args.article);
    process.stdout.write(
      args.json ? `${JSON.stringify(coverage, null, 2)}\n` : formatCoverage(coverage),
    );
  },
};
