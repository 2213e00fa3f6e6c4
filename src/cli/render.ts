import { resolve } from "node:path";
import type { Argv, CommandModule } from "yargs";
import type { Article } from "../article/model.js";
import { SahifaError } from "../errors.js";
import { isPlanPath } from "../makeup/planPath.js";
import type { DigitStyle } from "../text/digits.js";
import {
  digitsOption,
  OUTPUT_FLAGS,
  type OutputArgs,
  outputOptionsOf,
  printWarning,
  templateOption,
} from "./common.js";

/** Flags that override a field of the article, by flag name. */
export const OVERRIDE_FLAGS = {
  kicker: { key: "kicker", describe: "Override the kicker (the line above the headline)" },
  headline: { key: "headline", describe: "Override the headline" },
  subheadline: { key: "subheadline", describe: "Override the subheadline" },
  byline: { key: "byline", describe: "Override the byline" },
  dateline: { key: "dateline", describe: "Override the dateline place (موسكو)" },
  date: { key: "date", describe: "Override the date (YYYY-MM-DD)" },
  source: { key: "source", describe: "Override the agency source line (04:30-19- TOK)" },
  "pull-quote": { key: "pullQuote", describe: "Override the pull-quote" },
} as const satisfies Record<string, { key: keyof Article; describe: string }>;

type OverrideKey = (typeof OVERRIDE_FLAGS)[keyof typeof OVERRIDE_FLAGS]["key"];

export interface RenderArgs extends Partial<Record<OverrideKey, string>>, PhotoArgs, OutputArgs {
  article: string;
  output: string;
  template?: string;
  strict?: boolean;
  digits?: DigitStyle;
}

export interface PhotoArgs {
  photo?: string;
  caption?: string;
}

/** The flags for the lead photo: a file (from the working folder) and its caption. */
export const PHOTO_FLAGS = {
  photo: {
    type: "string",
    describe: "Lead photo: an image file (JPEG, PNG, WebP, TIFF), relative to the working folder",
    group: "Article overrides:",
  },
  caption: {
    type: "string",
    describe: "The lead photo's caption (default: the caption stored in the image)",
    group: "Article overrides:",
  },
} as const;

/** The lead photo the flags give, over the article's own (see parseArticle's overrides). */
export function photoOverrideOf(args: PhotoArgs): Partial<Article> {
  if (args.photo === undefined && args.caption === undefined) return {};
  return {
    photo: {
      ...(args.photo !== undefined ? { src: resolve(String(args.photo)) } : {}),
      ...(args.caption !== undefined ? { caption: String(args.caption) } : {}),
    } as Article["photo"] & object,
  };
}

/** A page plan given where an article is expected: a usage error that names the command to use. */
export function refusePlan(path: string): void {
  if (isPlanPath(path)) {
    throw new SahifaError(
      "USAGE",
      `${path}: a page plan, not an article; sahifa page ${path} -o page.pdf makes it up`,
    );
  }
}

/** The article fields the flags override (yargs gives "--pull-quote" as `pullQuote`). */
export function overridesOf(args: Partial<Record<OverrideKey, unknown>>): Partial<Article> {
  const overrides: Partial<Record<OverrideKey, string>> = {};
  for (const { key } of Object.values(OVERRIDE_FLAGS)) {
    const value = args[key];
    if (value !== undefined) overrides[key] = String(value);
  }
  return overrides;
}

export const renderCommand: CommandModule<object, RenderArgs> = {
  command: "render <article>",
  describe: "Typeset an article (.md, .json or .txt) into a PDF",
  builder: (yargs: Argv<object>) => {
    let y = yargs
      .positional("article", { type: "string", demandOption: true, describe: "Article file" })
      .option("output", {
        alias: "o",
        type: "string",
        demandOption: true,
        describe: "PDF to write (written whole or not at all)",
      })
      .option("template", templateOption)
      .option("digits", digitsOption)
      .option("strict", {
        type: "boolean",
        default: false,
        describe:
          "Fail (exit 1) instead of warning when the fonts lack some characters or a photo's resolution is too low",
      });
    y = y.options(OUTPUT_FLAGS).options(PHOTO_FLAGS);
    for (const [flag, { describe }] of Object.entries(OVERRIDE_FLAGS)) {
      y = y.option(flag, { type: "string", describe, group: "Article overrides:" });
    }
    return y
      .example("$0 render examples/jaafari-lavrov.md -o page.pdf", "Render the seed article")
      .example("$0 render story.txt -t broadsheet-6col -o story.pdf", "On another template")
      .example(
        '$0 render story.txt --headline "عنوان" --date 2026-01-05 -o story.pdf',
        "Override fields",
      )
      .example(
        '$0 render story.txt --photo cup.jpg --caption "فنجان قهوة" -o story.pdf',
        "With a lead photo",
      )
      .example("$0 render story.md --digits arabic -o story.pdf", "Numbers in Arabic-Indic digits")
      .example("$0 render story.md --pdfa 2a -o archive.pdf", "Archival PDF/A-2a")
      .example("$0 render story.md --bleed 3 --crop-marks --cmyk -o press.pdf", "For the press")
      .example(
        "$0 render story.md --strict -o story.pdf",
        "Refuse characters no font has",
      ) as unknown as Argv<RenderArgs>;
  },
  handler: async (args) => {
    refusePlan(args.article);
    const { renderFile } = await import("../render.js");
    const overrides = { ...overridesOf(args), ...photoOverrideOf(args) };
    const output = outputOptionsOf(args);
    await renderFile(args.article, args.output, {
      ...(args.template ? { template: args.template } : {}),
      ...(args.digits ? { digits: args.digits } : {}),
      ...(Object.keys(overrides).length > 0 ? { overrides } : {}),
      ...output,
      strict: args.strict ?? false,
      onWarning: printWarning,
    });
  },
};
