/** What `sahifa shape` does, loaded only when it runs (HarfBuzz is slow to start). */
import * as hb from "harfbuzzjs";
import { SahifaError } from "../errors.js";
import { guessSegmentProperties } from "../text/guess.js";
import { formatHbJson, formatHbText, toHbJson } from "../text/hbformat.js";
import { defaultShaper } from "../text/shape.js";
import type { Direction } from "../text/types.js";

export interface ShapeArgs {
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

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** hb-shape's --features syntax: a comma-separated list of feature strings. */
export function parseFeatures(spec: string | undefined): string[] {
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
