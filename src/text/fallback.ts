import { hasCodePoint, type LoadedFont, loadFont } from "../fonts/registry.js";
import { memoCodePointTest } from "../util/memo.js";
import type { Segment } from "./itemize.js";
import type { TextStyle } from "./types.js";

/** Marks, joiners and selectors belong to the base character before them: never split off. */
const CLINGS = /^(?:\p{M}|\u200c|\u200d|[\ufe00-\ufe0f]|[\u{e0100}-\u{e01ef}])$/u;
/** Characters a font need not have: spacing and controls that shaping drops or we never draw. */
const IGNORABLE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]$/u;

function weightOf(font: LoadedFont): number {
  return font.info.weightClass;
}

/**
 * The font that draws a character: the style's own if it has it, else the fallback that has it
 * and whose weight is nearest (a bold headline's Latin stays bold), else none.
 */
export function fontFor(
  codePoint: number,
  primary: LoadedFont,
  fallbacks: readonly LoadedFont[],
): LoadedFont | null {
  if (hasCodePoint(primary, codePoint)) return primary;
  const weight = weightOf(primary);
  let best: LoadedFont | null = null;
  for (const font of fallbacks) {
    if (!hasCodePoint(font, codePoint)) continue;
    if (!best || Math.abs(weightOf(font) - weight) < Math.abs(weightOf(best) - weight)) best = font;
  }
  return best;
}

export interface Coverage {
  segments: Segment[];
  /** Characters no font in the chain has; they are drawn as the primary font's .notdef. */
  missing: string[];
}

/** Whether a character picks its font; marks, joiners and controls go with their neighbours. */
const choosesFont = memoCodePointTest((cp) => {
  const char = String.fromCodePoint(cp);
  return !CLINGS.test(char) && !IGNORABLE.test(char);
});

const derived = new WeakMap<TextStyle, Map<LoadedFont, TextStyle>>();

/**
 * A style with another font, one object per style and font: later stages key caches on style
 * objects (a paragraph's pieces share one), so a style must not be copied for every segment.
 */
function styleIn(style: TextStyle, font: LoadedFont): TextStyle {
  if (font.path === style.font) return style;
  let byFont = derived.get(style);
  if (!byFont) {
    byFont = new Map();
    derived.set(style, byFont);
  }
  let made = byFont.get(font);
  if (!made) {
    made = { ...style, font: font.path };
    byFont.set(font, made);
  }
  return made;
}

/**
 * Splits segments where the font that has the characters changes, so Latin or symbols inside
 * an Arabic-only font's text come from a fallback font instead of showing as boxes.
 */
export function applyFallbacks(text: string, segments: readonly Segment[]): Coverage {
  const out: Segment[] = [];
  const missing = new Set<string>();
  for (const segment of segments) {
    const primary = loadFont(segment.style.font);
    // Loaded only for a character the style's own font lacks.
    let fallbacks: LoadedFont[] | undefined;
    let runStart = segment.start;
    let runFont: LoadedFont | null = null;
    let i = segment.start;
    while (i < segment.end) {
      const cp = text.codePointAt(i) as number;
      const width = cp > 0xffff ? 2 : 1;
      if (segment.kind !== "hardBreak" && choosesFont(cp)) {
        let found: LoadedFont | null = primary;
        if (!hasCodePoint(primary, cp)) {
          fallbacks ??= (segment.style.fallbacks ?? []).map(loadFont);
          found = fontFor(cp, primary, fallbacks);
        }
        if (!found) missing.add(String.fromCodePoint(cp));
        const font = found ?? primary;
        if (runFont && font !== runFont) {
          out.push({
            ...segment,
            start: runStart,
            end: i,
            breakAfter: false,
            style: styleIn(segment.style, runFont),
          });
          runStart = i;
        }
        runFont = font;
      }
      i += width;
    }
    if (runStart === segment.start && (runFont ?? primary).path === segment.style.font) {
      out.push(segment);
      continue;
    }
    out.push({
      ...segment,
      start: runStart,
      end: segment.end,
      style: styleIn(segment.style, runFont ?? primary),
    });
  }
  return { segments: out, missing: [...missing] };
}
