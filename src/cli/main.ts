#!/usr/bin/env node
import { readFileSync } from "node:fs";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { SahifaError } from "../errors.js";
import { layoutCommand } from "./layout.js";
import { renderCommand } from "./render.js";
import { shapeCommand } from "./shape.js";
import { templatesCommand } from "./templates.js";

/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, badInput: 1, usage: 2, output: 3, internal: 70 } as const;

const version = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;

function exitCodeFor(error: SahifaError): number {
  if (error.code === "USAGE") return EXIT.usage;
  if (error.code === "OUTPUT_FAILED") return EXIT.output;
  return EXIT.badInput;
}

async function main(argv: string[]): Promise<void> {
  const debug = argv.includes("--debug");
  try {
    await yargs(argv)
      .scriptName("sahifa")
      .usage("$0 <command> [options]\n\nTypeset Arabic news articles into newspaper pages (PDF).")
      .command(renderCommand)
      .command(layoutCommand)
      .command(shapeCommand)
      .command(templatesCommand)
      .option("debug", { type: "boolean", describe: "Show stack traces on errors" })
      .demandCommand(1, "Name a command: render, layout, shape, templates")
      .strict()
      .version(version)
      .help()
      .fail((message, error, y) => {
        if (error) throw error;
        process.stderr.write(`${y.help === undefined ? "" : ""}sahifa: ${message}\n`);
        process.exit(EXIT.usage);
      })
      .parseAsync();
  } catch (error) {
    if (error instanceof SahifaError) {
      process.stderr.write(`sahifa: ${error.message}\n`);
      if (debug) process.stderr.write(`${error.stack}\n`);
      process.exit(exitCodeFor(error));
    }
    process.stderr.write(
      `sahifa: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exit(EXIT.internal);
  }
}

await main(hideBin(process.argv));
