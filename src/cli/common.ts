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
/** The inputs of the commands that take many articles (batch, queue add). */
export const inputsPositional = {
  type: "string",
  array: true,
  demandOption: true,
  describe: 'Article files, page plans (.yaml), folders, or globs (quoted: "stories/**/*.md")',
} as const;

export const templateOption = {
  alias: "t",
  type: "string",
  describe:
    "Template name (see `sahifa templates`) or YAML file (default: the article's, else a4-3col)",
} as const;

/** The --digits option of every command that sets an article. */
export const digitsOption = {
  type: "string",
  choices: ["latin", "arabic", "persian", "source"],
  describe:
    "Digits of numbers in Arabic text: latin (0-9), arabic (٠-٩), persian (۰-۹) or source (as written; default: the article's, else the template's)",
} as const;

/** The print and archive flags render and batch share. */
export const OUTPUT_FLAGS = {
  pdfa: {
    type: "string",
    choices: ["2b", "2a"],
    // A bare --pdfa means PDF/A-2b, as other tools take it.
    coerce: (value: unknown) => (value === "" || value === true ? "2b" : value),
    describe:
      "Archival PDF/A-2: 2b (a bare --pdfa), or 2a (tagged, which sahifa's PDFs always are)",
    group: "Output:",
  },
  bleed: {
    type: "number",
    describe: "Bleed around the page, mm (the sheet grows; TrimBox stays the page)",
    group: "Output:",
  },
  "crop-marks": {
    type: "boolean",
    describe: "Draw crop marks outside the trim (and bleed)",
    group: "Output:",
  },
  cmyk: {
    type: "boolean",
    describe: "Text and rules in DeviceCMYK, black text as K only",
    group: "Output:",
  },
} as const;

export interface OutputArgs {
  pdfa?: string;
  bleed?: number;
  cropMarks?: boolean;
  cmyk?: boolean;
}

/** The library's output options from the flags; bad values are usage errors. */
export function outputOptionsOf(args: OutputArgs): import("../render.js").OutputOptions {
  if (args.bleed !== undefined && !(args.bleed >= 0 && args.bleed <= 20)) {
    throw new SahifaError("USAGE", `--bleed: expected millimetres from 0 to 20, got ${args.bleed}`);
  }
  if (args.pdfa && args.cmyk)
    throw new SahifaError("USAGE", "--pdfa and --cmyk cannot be combined");
  return {
    ...(args.pdfa === "2a" || args.pdfa === "2b" ? { pdfa: args.pdfa } : {}),
    ...(args.bleed ? { bleed: args.bleed } : {}),
    ...(args.cropMarks ? { cropMarks: true } : {}),
    ...(args.cmyk ? { cmyk: true } : {}),
  };
}
