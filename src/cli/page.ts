/** `sahifa page`: a page plan (several stories on one newspaper page) into a PDF, or its layout as JSON. */
import type { Argv, CommandModule } from "yargs";
import { SahifaError } from "../errors.js";
import { isArticleTextPath } from "../makeup/planPath.js";
import type { DigitStyle } from "../text/digits.js";
import {
  digitsOption,
  OUTPUT_FLAGS,
  type OutputArgs,
  outputOptionsOf,
  printWarning,
  templateOption,
} from "./common.js";

interface PageArgs extends OutputArgs {
  plan: string;
  output?: string;
  template?: string;
  digits?: DigitStyle;
  strict?: boolean;
  json?: boolean;
}

export const pageCommand: CommandModule<object, PageArgs> = {
  command: "page <plan>",
  describe: "Make up a page of several stories from a page plan (.yaml) into a PDF",
  builder: (yargs: Argv<object>) =>
    yargs
      .positional("plan", {
        type: "string",
        demandOption: true,
        describe: "Page plan: a YAML (or JSON) file listing the stories",
      })
      .option("output", {
        alias: "o",
        type: "string",
        describe: "PDF to write (written whole or not at all)",
      })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "Print the layout as JSON (as `sahifa layout` does) instead of writing a PDF",
      })
      .option("template", {
        ...templateOption,
        describe:
          "Template name (see `sahifa templates`) or YAML file (default: the plan's, else broadsheet-6col)",
      })
      .option("digits", digitsOption)
      .option("strict", {
        type: "boolean",
        default: false,
        describe:
          "Fail (exit 1) instead of warning when the fonts lack some characters, a photo's resolution is too low or the page is left with empty space",
      })
      .options(OUTPUT_FLAGS)
      .example("$0 page examples/pages/front-page.yaml -o front.pdf", "A front page of six stories")
      .example(
        "$0 page examples/pages/tabloid-page.yaml --json | jq '.makeup.pages[0].score'",
        "How the make-up scored its arrangement",
      )
      .example(
        "$0 page plan.yaml --bleed 3 --crop-marks --cmyk -o press.pdf",
        "For the press",
      ) as unknown as Argv<PageArgs>,
  handler: async (args) => {
    if (args.json && args.output !== undefined) {
      throw new SahifaError(
        "USAGE",
        "--json prints the layout and writes no PDF: drop -o or --json",
      );
    }
    if (!args.json && args.output === undefined) {
      throw new SahifaError(
        "USAGE",
        "name the PDF to write with -o page.pdf, or print the layout with --json",
      );
    }
    if (isArticleTextPath(args.plan)) {
      throw new SahifaError(
        "USAGE",
        `${args.plan}: an article, not a page plan; sahifa render ${args.plan} -o story.pdf typesets it`,
      );
    }
    const pdf = outputOptionsOf(args);
    const options = {
      ...(args.template ? { template: args.template } : {}),
      ...(args.digits ? { digits: args.digits } : {}),
      strict: args.strict ?? false,
      onWarning: printWarning,
    };
    if (args.output !== undefined) {
      const { renderPageFile } = await import("../makeup/render.js");
      await renderPageFile(args.plan, args.output, { ...options, ...pdf });
      return;
    }
    const { layoutPlanFile } = await import("../makeup/render.js");
    const { layoutToJson } = await import("./layout.js");
    const { layout } = await layoutPlanFile(args.plan, options);
    process.stdout.write(`${JSON.stringify(layoutToJson(layout), null, 2)}\n`);
  },
};
