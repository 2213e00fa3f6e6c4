import { SahifaError } from "../errors.js";

/** Exit codes, documented in the README ("The CLI"). */
export const EXIT = {
  ok: 0,
  /** Bad input: an article, template or font that cannot be used (or a batch with failures). */
  badInput: 1,
  /** A command line that does not make sense. */
  usage: 2,
  /** The output could not be written. */
  output: 3,
  /** A bug: please report it with the output of --debug. */
  internal: 70,
  /** Stopped by Ctrl-C (SIGINT). */
  interrupted: 130,
} as const;

/** The exit code for an error: by its SahifaError code, else internal. */
export function exitCodeFor(error: unknown): number {
  if (!(error instanceof SahifaError)) return EXIT.internal;
  switch (error.code) {
    case "USAGE":
      return EXIT.usage;
    case "OUTPUT_FAILED":
      return EXIT.output;
    case "INTERNAL":
      return EXIT.internal;
    default:
      return EXIT.badInput;
  }
}

/** A message squeezed onto one line (the CLI never prints a multi-line error). */
export function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

/** Prints a warning on stderr: "sahifa: warning: …". */
export function printWarning(message: string): void {
  process.stderr.write(`sahifa: warning: ${oneLine(message)}\n`);
}

/** "1 page", "3 pages". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The --template option every article command takes. */
export const templateOption = {
  alias: "t",
  type: "string",
  describe:
    "Template name (see `sahifa templates`) or YAML file (default: the article's, else a4-3col)",
} as const;
