import { readFile } from "node:fs/promises";
import type { CommandModule } from "yargs";
import { readPlainText } from "../article/readText.js";
import { SahifaError } from "../errors.js";
import { layoutSingleColumn } from "../layout/singleColumn.js";
import { writeFileAtomic } from "../output.js";
import { writePdf } from "../pdf/writePdf.js";

interface RenderArgs {
  article: string;
  output: string;
}

export const renderCommand: CommandModule<object, RenderArgs> = {
  command: "render <article>",
  describe: "Typeset an article into a PDF",
  builder: (y) =>
    y
      .positional("article", { type: "string", demandOption: true, describe: "Article file" })
      .option("output", {
        alias: "o",
        type: "string",
        demandOption: true,
        describe: "PDF to write",
      })
      .example("$0 render examples/jaafari-lavrov.txt -o page.pdf", "Render the seed article"),
  handler: async (args) => {
    let source: string;
    try {
      source = await readFile(args.article, "utf8");
    } catch (cause) {
      throw new SahifaError("INPUT_NOT_FOUND", `${args.article}: cannot read file`, { cause });
    }
    const article = readPlainText(source);
    const layout = layoutSingleColumn(article);
    const pdf = await writePdf(layout, { creationDate: new Date(Date.UTC(2026, 0, 1)) });
    await writeFileAtomic(args.output, pdf);
  },
};
