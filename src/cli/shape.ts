import * as hb from "harfbuzzjs";
import type { Argv, CommandModule } from "yargs";
import { SahifaError } from "../errors.js";
import { loadFont } from "../fonts/registry.js";
import { guessSegmentProperties } from "../text/guess.js";
import { formatHbJson, formatHbText, toHbJson } from "../text/hbformat.js";
import { defaultShaper } from "../text/shape.js";
import type { Direction } from "../text/types.js";

interface ShapeArgs {
  font: string;
  direction?: Direction;
  script?: string;
  language?: string;
  features?: string;
  json?: boolean;
  text?: string;
}

/**
 * Lines to shape, as hb-shape splits its input: on "\n", one buffer per line, a final newline
 * ending the last line rather than starting an empty one (so "" is no line at all).
 */
export function splitLines(input: string): string[] {
  const lines = input.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** hb-shape's --features syntax: a comma-separated list of feature strings. */
function parseFeatures(spec: string | undefined): string[] {
  if (spec === undefined) return [];
  const features = spec
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f !== "");
  for (const feature of features) {
    if (!hb.Feature.fromString(feature)) {
      throw new SahifaError("USAGE", `--features: "${feature}" is not an OpenType feature setting`);
    }
  }
  return features;
}

/** Shapes one line and formats it the way `hb-shape --no-glyph-names` prints it. */
export function shapeLine(
  text: string,
  options: {
    font: string;
    direction?: Direction | undefined;
    script?: string | undefined;
    language?: string | undefined;
    features?: readonly string[];
    json?: boolean | undefined;
  },
): string {
  // Like hb_buffer_guess_segment_properties(): script from the text, direction from the script.
  const { direction, script } = guessSegmentProperties(text, options);
  const glyphs = defaultShaper.shape(text, {
    font: options.font,
    direction,
    ...(script ? { script } : {}),
    ...(options.language ? { language: options.language } : {}),
    ...(options.features && options.features.length > 0 ? { features: options.features } : {}),
  });
  const hbGlyphs = toHbJson(text, glyphs);
  return options.json ? formatHbJson(hbGlyphs) : formatHbText(hbGlyphs);
}

/** `sahifa shape`: an hb-shape-compatible view of the shaper. */
export const shapeCommand: CommandModule<object, ShapeArgs> = {
  command: "shape [text]",
  describe:
    "Shape text with HarfBuzz and print glyphs like hb-shape --no-glyph-names " +
    "(without text: shape each line of stdin)",
  builder: (yargs: Argv<object>) =>
    yargs
      .positional("text", { type: "string", describe: "Text to shape (default: stdin lines)" })
      .option("font", {
        type: "string",
        demandOption: true,
        describe: "Font file (.ttf/.otf)",
      })
      .option("direction", {
        choices: ["ltr", "rtl"] as const,
        describe: "Text direction (default: from the script, as hb-shape guesses)",
      })
      .option("script", {
        type: "string",
        describe: "ISO 15924 script tag, e.g. arab (default: guessed from the text)",
      })
      .option("language", { type: "string", describe: "BCP 47 language tag, e.g. ar" })
      .option("features", {
        type: "string",
        describe: "Comma-separated OpenType features in hb-shape syntax: kern,-liga,aalt=2",
      })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "Print hb-shape's --output-format=json form",
      })
      .example(
        '$0 shape --font fonts/Amiri-Regular.ttf "مسيَّساً"',
        "Glyphs like hb-shape prints them",
      )
      .example(
        "$0 shape --font fonts/Amiri-Regular.ttf --json < words.txt",
        "Each line of stdin, as JSON",
      )
      .example(
        '$0 shape --font fonts/Amiri-Regular.ttf --features=-liga "الله"',
        "Without ligatures",
      ) as unknown as Argv<ShapeArgs>,
  handler: async (argv) => {
    const font = loadFont(argv.font).path; // FONT_NOT_FOUND / FONT_INVALID before reading stdin
    const features = parseFeatures(argv.features);
    const input = argv.text ?? (await readStdin());
    const out: string[] = [];
    for (const line of splitLines(input)) {
      out.push(
        shapeLine(line, {
          font,
          direction: argv.direction,
          script: argv.script,
          language: argv.language,
          features,
          json: argv.json,
        }),
      );
    }
    if (out.length > 0) process.stdout.write(`${out.join("\n")}\n`);
  },
};
