/**
 * Our shaper's output in the forms HarfBuzz's own `hb-shape --no-glyph-names` prints, so it
 * can be compared with (and diffed against) the reference tool.
 */
import type { Glyph } from "./types.js";

/** One glyph as `hb-shape --output-format=json` writes it; `cl` is a code point index. */
export interface HbGlyph {
  /** Glyph id. */
  g: number;
  /** Cluster: index of the cluster's first code point (not UTF-16 unit) in the text. */
  cl: number;
  dx: number;
  dy: number;
  ax: number;
  ay: number;
}

/**
 * Converts shaped glyphs (clusters as UTF-16 offsets into `text`) to hb-shape's JSON records,
 * whose clusters count code points, as hb-shape prints them by default.
 */
export function toHbJson(text: string, glyphs: readonly Glyph[]): HbGlyph[] {
  // codePointIndex[u] = number of code points that start before UTF-16 offset u.
  const codePointIndex = new Uint32Array(text.length + 1);
  let count = 0;
  for (let u = 0; u < text.length; u++) {
    codePointIndex[u] = count;
    const unit = text.charCodeAt(u);
    const isLowSurrogateOfPair =
      unit >= 0xdc00 &&
      unit <= 0xdfff &&
      u > 0 &&
      text.charCodeAt(u - 1) >= 0xd800 &&
      text.charCodeAt(u - 1) <= 0xdbff;
    // The low half of a surrogate pair belongs to the code point that started before it.
    if (isLowSurrogateOfPair) codePointIndex[u] = count - 1;
    else count++;
  }
  codePointIndex[text.length] = count;
  return glyphs.map((glyph) => ({
    g: glyph.id,
    cl: codePointIndex[Math.min(Math.max(glyph.cluster, 0), text.length)] ?? 0,
    dx: glyph.xOffset,
    dy: glyph.yOffset,
    ax: glyph.xAdvance,
    ay: glyph.yAdvance,
  }));
}

/**
 * hb-shape's default text output with --no-glyph-names: `[g=cl@dx,dy+ax,ay|…]`, where the
 * `@dx,dy` part appears only when an offset is non-zero and `,ay` only when ay is non-zero.
 * An empty buffer prints as the empty string, as hb-shape does.
 */
export function formatHbText(glyphs: readonly HbGlyph[]): string {
  if (glyphs.length === 0) return "";
  const items = glyphs.map((g) => {
    let item = `${g.g}=${g.cl}`;
    if (g.dx !== 0 || g.dy !== 0) item += `@${g.dx},${g.dy}`;
    item += `+${g.ax}`;
    if (g.ay !== 0) item += `,${g.ay}`;
    return item;
  });
  return `[${items.join("|")}]`;
}

/**
 * hb-shape's `--output-format=json --no-glyph-names` output:
 * `[{"g":…,"cl":…,"dx":…,"dy":…,"ax":…,"ay":…},…]` with no spaces; an empty buffer prints as the
 * empty string, as hb-shape does.
 */
export function formatHbJson(glyphs: readonly HbGlyph[]): string {
  if (glyphs.length === 0) return "";
  const items = glyphs.map(
    (g) => `{"g":${g.g},"cl":${g.cl},"dx":${g.dx},"dy":${g.dy},"ax":${g.ax},"ay":${g.ay}}`,
  );
  return `[${items.join(",")}]`;
}
