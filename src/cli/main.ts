// The command line. Its bin is scripts/cli-loader.mjs (built to dist/cli/main.js), which runs
// the bundle of this file with the V8 flags of its #! line.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { SahifaError, toSahifaError } from "../errors.js";
import { harfbuzzReady } from "../fonts/harfbuzz.js";
import { batchCommand } from "./batch.js";
import { EXIT, exitCodeFor, oneLine } from "./common.js";
import { tuneCompiler } from "./compiler.js";
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

/** Runs the command line on `argv` (the arguments after the script). */
function run(argv: string[]): Promise<void> {
  tuneCompiler(argv);
  return harfbuzzReady().then(() => main(argv));
}

/**
 * What the CLI's startup snapshot (scripts/snapshot.cjs) does before V8 writes it: the work a
 * run would otherwise repeat that needs neither WebAssembly nor native objects, so that its
 * results and the bytecode of the functions that did it are in the blob.
 */
async function warm(): Promise<void> {
  const { listTemplates, loadTemplate } = await import("../layout/template.js");
  for (const { name } of listTemplates()) loadTemplate(name);
  // Two articles that are not the seed: what a page does with its text before it is shaped
  // (shaping is WebAssembly, which cannot run here). The examples are not in the package.
  const { readArticleFile } = await import("../article/parse.js");
  const { resolveLevels } = await import("../text/bidi.js");
  const { breakOpportunities, graphemeBoundaries } = await import("../text/linebreak.js");
  const { kashidaPoints } = await import("../text/kashida.js");
  const { formatDateStrip, hijriDate } = await import("../article/dateline.js");
  // The Umm al-Qura dates from three years before the build to one after, as ICU gives them:
  // news is typeset near its date, and ICU's Islamic calendar costs some 20 ms to start.
  const DAY = 86_400_000;
  const today = Math.floor(Date.now() / DAY) * DAY;
  for (let t = today - 3 * 365 * DAY; t <= today + 366 * DAY; t += DAY) {
    hijriDate(new Date(t).toISOString().slice(0, 10));
  }
  for (const name of ["cairo-central-bank.md", "markets-weekly.md"]) {
    const path = new URL(`../../examples/${name}`, import.meta.url);
    if (!existsSync(path)) continue;
    const article = await readArticleFile(fileURLToPath(path));
    for (const text of stringsOf(article)) {
      resolveLevels(text, "auto");
      breakOpportunities(text);
      graphemeBoundaries(text);
      kashidaPoints(text);
    }
    if (article.date) formatDateStrip(article.dateline, article.date);
  }
}

function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === "object")
    for (const v of Object.values(value)) stringsOf(v, out);
  return out;
}

/** Set by scripts/snapshot.cjs while it builds the snapshot: it runs the command line later. */
type SnapshotHook = (cli: { run: typeof run; warm: typeof warm }) => void;
const snapshotHook = (globalThis as { __sahifaSnapshot?: SnapshotHook }).__sahifaSnapshot;

// Not top-level await: the command line is also bundled as CommonJS (scripts/bundle.mjs).
if (snapshotHook) snapshotHook({ run, warm });
else void run(hideBin(process.argv));
