// The command line. Its bin is scripts/cli-loader.mjs (built to dist/cli/main.js), which runs
// the bundle of this file with the V8 flags of its #! line.
import { readFileSync } from "node:fs";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { SahifaError, toSahifaError } from "../errors.js";
import { harfbuzzReady } from "../fonts/harfbuzz.js";
import { batchCommand } from "./batch.js";
import { EXIT, exitCodeFor, oneLine } from "./common.js";
import { fontsCommand } from "./fonts.js";
import { layoutCommand } from "./layout.js";
import { pageCommand } from "./page.js";
import { queueCommand } from "./queue.js";
import { renderCommand } from "./render.js";
import { serveCommand } from "./serve.js";
import { shapeCommand } from "./shape.js";
import { templatesCommand } from "./templates.js";
import { watchCommand } from "./watch.js";

export { EXIT } from "./common.js";

const version = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;

const COMMANDS = [
  "render",
  "page",
  "watch",
  "batch",
  "layout",
  "shape",
  "templates",
  "fonts",
  "serve",
  "queue",
];

const EXIT_CODES =
  "Exit codes: 0 success, 1 bad input (or a batch with failed files), 2 usage, " +
  "3 output not written, 70 internal error, 130 interrupted.";

/**
 * Prints an error as the one line "sahifa: <message>" and sets the exit code. Stack traces
 * only with --debug.
 */
function report(error: unknown, debug: boolean): number {
  const e = toSahifaError(error);
  process.stderr.write(`sahifa: ${oneLine(e.message)}\n`);
  if (debug) {
    const cause = e.cause instanceof Error ? e.cause : undefined;
    const stack = e.code === "INTERNAL" && cause ? cause.stack : e.stack;
    if (stack) process.stderr.write(`${stack}\n`);
    if (cause && e.code !== "INTERNAL" && cause.stack) {
      process.stderr.write(`caused by: ${cause.stack}\n`);
    }
  }
  return exitCodeFor(e);
}

interface YargsUsage {
  getInternalMethods(): { getUsageInstance(): { cacheHelpMessage(): void } };
}

/**
 * yargs lays out the whole help text after running any command, in case a later failure wants
 * to print it. sahifa's failures are one line without help, so that work (a tenth of a whole
 * `sahifa render` process) is skipped. `--help` builds its text itself and is not affected.
 */
function skipHelpCache(cli: unknown): void {
  const internals = (cli as Partial<YargsUsage>).getInternalMethods?.();
  const usage = internals?.getUsageInstance();
  if (usage && typeof usage.cacheHelpMessage === "function") usage.cacheHelpMessage = () => {};
}

async function main(argv: string[]): Promise<void> {
  const debug = argv.includes("--debug");
  const die = (error: unknown) => {
    process.exitCode = report(error, debug);
    process.exit();
  };
  process.on("uncaughtException", die);
  process.on("unhandledRejection", die);
  // A closed pipe (sahifa layout … | head) ends the output quietly.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? EXIT.ok);
    die(error);
  });

  try {
    const cli = yargs(argv)
      .scriptName("sahifa")
      .usage("$0 <command> [options]\n\nTypeset Arabic news articles into newspaper pages (PDF).")
      .command(renderCommand)
      .command(pageCommand)
      .command(watchCommand)
      .command(batchCommand)
      .command(layoutCommand)
      .command(shapeCommand)
      .command(templatesCommand)
      .command(fontsCommand)
      .command(serveCommand)
      .command(queueCommand)
      .option("debug", { type: "boolean", global: true, describe: "Show stack traces on errors" })
      .demandCommand(
        1,
        "name a command: render, page, watch, batch, layout, shape, templates, fonts, serve, queue",
      )
      .recommendCommands()
      .strict()
      .version(version)
      .help()
      .alias("h", "help")
      .example("$0 render examples/jaafari-lavrov.md -o page.pdf", "Typeset one article")
      .example("$0 page examples/pages/front-page.yaml -o front.pdf", "A page of several stories")
      .example("$0 batch 'stories/*.md' -d out -j 2", "Many articles on two threads")
      .example("$0 fonts story.md", "Which font draws which characters")
      .example("$0 render --help", "The options of a command")
      .epilog(EXIT_CODES)
      .wrap(Math.min(120, process.stdout.columns || 120))
      .fail((message, error) => {
        if (error) throw error;
        const command = COMMANDS.find((c) => c === argv[0]);
        if (!command && /^Did you mean/.test(message) && argv[0]) {
          message = `unknown command "${argv[0]}"; ${message.replace(/^D/, "d")}`;
        }
        throw new SahifaError(
          "USAGE",
          `${message} (see sahifa ${command ? `${command} ` : ""}--help)`,
        );
      });
    skipHelpCache(cli);
    await cli.parseAsync();
  } catch (error) {
    process.exitCode = report(error, debug);
  }
}

// Not top-level await: the command line is also bundled as CommonJS (scripts/bundle.mjs).
void harfbuzzReady.then(() => main(hideBin(process.argv)));
