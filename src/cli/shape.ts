import type { Argv, CommandModule } from "yargs";
import type { ShapeArgs } from "./shapeText.js";

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
    const { loadFont } = await import("../fonts/registry.js");
    const { parseFeatures, readStdin, shapeLine, splitLines } = await import("./shapeText.js");
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
