/** `sahifa watch`: render an article or a page plan again whenever a file it reads changes. */
import type { Argv, CommandModule } from "yargs";
import { SahifaError } from "../errors.js";
import { isPlanPath } from "../makeup/planPath.js";
import { checkOutputPath } from "../output.js";
import {
  digitsOption,
  EXIT,
  OUTPUT_FLAGS,
  oneLine,
  outputOptionsOf,
  plural,
  printWarning,
  templateOption,
} from "./common.js";
import {
  OVERRIDE_FLAGS,
  overridesOf,
  PHOTO_FLAGS,
  photoOverrideOf,
  type RenderArgs,
} from "./render.js";

interface WatchArgs extends RenderArgs {
  debug?: boolean;
}

export const watchCommand: CommandModule<object, WatchArgs> = {
  command: "watch <article>",
  describe:
    "Render an article or page plan, and again each time it, a photo or its template changes",
  builder: (yargs: Argv<object>) => {
    let y = yargs
      .positional("article", {
        type: "string",
        demandOption: true,
        describe: "Article file, or page plan (.yaml)",
      })
      .option("output", {
        alias: "o",
        type: "string",
        demandOption: true,
        describe: "PDF to write (each time whole: a failed render leaves the last good one)",
      })
      .option("template", templateOption)
      .option("digits", digitsOption)
      .option("strict", {
        type: "boolean",
        default: false,
        describe:
          "Count as a failed render what would be a warning (characters no font has, soft photos)",
      });
    y = y.options(OUTPUT_FLAGS).options(PHOTO_FLAGS);
    for (const [flag, { describe }] of Object.entries(OVERRIDE_FLAGS)) {
      y = y.option(flag, { type: "string", describe, group: "Article overrides:" });
    }
    return y
      .example("$0 watch story.md -o story.pdf", "Render story.md on every save")
      .example("$0 watch front.yaml -o front.pdf", "A page plan, its stories and their photos")
      .epilog(
        "Runs until Ctrl-C (exit 130) or SIGTERM (exit 0); a render under way finishes first.",
      ) as unknown as Argv<WatchArgs>;
  },
  handler: async (args) => {
    const pdf = outputOptionsOf(args);
    const overrides = { ...overridesOf(args), ...photoOverrideOf(args) };
    const plan = isPlanPath(args.article);
    if (plan && Object.keys(overrides).length > 0) {
      throw new SahifaError(
        "USAGE",
        `${args.article}: a page plan takes no article overrides (--headline, --photo…)`,
      );
    }
    // What no edit of the input can mend ends the command before it starts watching.
    await checkOutputPath(args.output, args.article);
    // Before anything is rendered, so that a signal during the first render ends it the same way.
    const stopped = new Promise<number>((done) => {
      process.once("SIGINT", () => done(EXIT.interrupted));
      process.once("SIGTERM", () => done(EXIT.ok));
    });
    const { watchFile } = await import("../watch/watch.js");
    const debug = args.debug ?? false;
    const watching = watchFile(args.article, args.output, {
      ...(args.template ? { template: args.template } : {}),
      ...(args.digits ? { digits: args.digits } : {}),
      ...(Object.keys(overrides).length > 0 ? { overrides } : {}),
      ...pdf,
      strict: args.strict ?? false,
      onWarning: printWarning,
      onUpdate: (u) => {
        process.stderr.write(
          `sahifa: watch: ${args.article} → ${args.output} (${plural(u.pages, "page")}, ${Math.round(u.ms)} ms)\n`,
        );
      },
      onError: (e) => {
        process.stderr.write(`sahifa: ${oneLine(e.message)}\n`);
        if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
      },
    });
    const code = await stopped;
    // A second signal while the last render finishes does not wait for it.
    process.once("SIGINT", () => process.exit(EXIT.interrupted));
    process.once("SIGTERM", () => process.exit(code));
    await watching.close();
    process.exit(code);
  },
};
