/**
 * How much of V8's optimising compiler a run of the command line gets. A command that renders
 * once and exits spends more in the compiler than the optimised code gains it, so for a short
 * article the compiler is turned off; for a long one it is only held back, until a function has
 * run some 15 times as long as usual (a compiler once turned off cannot be turned on again).
 * batch, serve, queue and watch run long and keep it as it is. Set before the command runs,
 * after the bundle is compiled: V8 checks its flags against a code cache's or a startup
 * snapshot's when it loads them, not later.
 *
 * `render` of the seed page through the startup snapshot, side by side (median ms): 350 with
 * the compiler off, 364 held back, 386 as usual; an article of 3 pages 464, 476, 546; of 6
 * pages 511, 551, 580; of 12 pages 699, 644, 720; of 1 MB (96 pages) 3,603 off and 1,766 held
 * back. Through the code cache: the seed 517 off, 570 as usual.
 */
import { statSync } from "node:fs";
import { setFlagsFromString } from "node:v8";

/** The commands that render once and exit (the bin's launcher, scripts/cli-loader.mjs, lists them too). */
const ONE_SHOT = new Set(["render", "page", "layout", "shape", "fonts", "templates"]);

/** An article file larger than this (some eight pages of text) pays for the compiler. */
const LONG_ARTICLE_BYTES = 32 * 1024;

type CompilerSetting = "as usual" | "off" | "held back";

/** Whether one of the arguments names an article file of more than LONG_ARTICLE_BYTES. */
function namesLongArticle(args: readonly string[]): boolean {
  return args.some((arg) => {
    // An output file, however large, is not what the run reads.
    if (arg.startsWith("-") || /\.pdf$/i.test(arg)) return false;
    try {
      const info = statSync(arg);
      return info.isFile() && info.size > LONG_ARTICLE_BYTES;
    } catch {
      return false;
    }
  });
}

/**
 * Sets the compiler for a run on `argv` (the arguments after the script). SAHIFA_COMPILER=on
 * leaves it as usual, to measure; SAHIFA_COMPILER=report says on stderr what it chose.
 */
export function tuneCompiler(argv: readonly string[]): void {
  const wanted = process.env.SAHIFA_COMPILER;
  // The build's run that writes the code cache (scripts/cli-loader.mjs) keeps the flags the
  // cache is checked against when it is loaded: V8 stamps a cache with those it was written with.
  const writesCodeCache = process.env.SAHIFA_CODE_CACHE === "write";
  let setting: CompilerSetting = "as usual";
  if (wanted !== "on" && !writesCodeCache && ONE_SHOT.has(argv[0] ?? "")) {
    setting = namesLongArticle(argv.slice(1)) ? "held back" : "off";
    setFlagsFromString(setting === "off" ? "--no-opt" : "--interrupt-budget=1000000");
  }
  if (wanted === "report") process.stderr.write(`optimising compiler: ${setting}\n`);
}
