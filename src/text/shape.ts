import * as hb from "harfbuzzjs";
import { type LoadedFont, loadFont } from "../fonts/registry.js";
import type { Direction, Glyph } from "./types.js";

export interface ShapeOptions {
  font: string | LoadedFont;
  /** Comes from the run's bidi level (odd = rtl), never from the script. */
  direction: Direction;
  /** ISO 15924 tag ("arab"); guessed from the text when absent, as hb-shape does. */
  script?: string;
  /** BCP 47 tag ("ar"); HarfBuzz's default language when absent. */
  language?: string;
  /** Features in hb-shape syntax: "kern", "-liga", "aalt=2", "kern[3:5]". */
  features?: readonly string[];
  /**
   * Text around the shaped range that HarfBuzz sees only as joining context, so a word
   * split by a style change keeps its joins.
   */
  before?: string;
  after?: string;
}

/** Shapes text with HarfBuzz; glyphs come back in visual order with advances in font units. */
export interface Shaper {
  shape(text: string, options: ShapeOptions): readonly Glyph[];
}

const CACHE_LIMIT = 100_000;

/** Shaped words of one font and one set of settings, by text (and joining context). */
interface WordCache {
  plain: Map<string, readonly Glyph[]>;
  inContext: Map<string, readonly Glyph[]>;
}

/** The process-wide HarfBuzz shaper, with a cache keyed by everything that changes the result. */
export function createShaper(): Shaper & { readonly cacheSize: number; clearCache(): void } {
  // Per font, then per settings (direction, script, language, features), then per word: a
  // paragraph shapes word after word with one font and one set of settings, so the word's own
  // text is most often the whole key. Words with joining context have a map of their own.
  const cache = new Map<LoadedFont, Map<string, WordCache>>();
  let cached = 0;
  // The settings' key, kept for the last settings seen.
  let last: { options: ShapeOptions | null; key: string } = { options: null, key: "" };
  const settingsKey = (o: ShapeOptions): string => {
    const p = last.options;
    if (
      p &&
      p.direction === o.direction &&
      p.script === o.script &&
      p.language === o.language &&
      p.features === o.features
    )
      return last.key;
    const key = `${o.direction}\u0000${o.script ?? ""}\u0000${o.language ?? ""}\u0000${o.features?.join(",") ?? ""}`;
    last = { options: { ...o }, key };
    return key;
  };
  const buffer = new hb.Buffer();
  const parsedFeatures = new Map<string, hb.Feature[]>();

  function features(list: readonly string[] | undefined): hb.Feature[] {
    if (!list || list.length === 0) return [];
    const key = list.join(",");
    let parsed = parsedFeatures.get(key);
    if (!parsed) {
      parsed = list.map((spec) => {
        const feature = hb.Feature.fromString(spec);
        if (!feature) throw new Error(`invalid OpenType feature "${spec}"`);
        return feature;
      });
      parsedFeatures.set(key, parsed);
    }
    return parsed;
  }

  return {
    get cacheSize() {
      return cached;
    },
    clearCache() {
      cache.clear();
      cached = 0;
    },
    shape(text, options) {
      const font = typeof options.font === "string" ? loadFont(options.font) : options.font;
      const before = options.before ?? "";
      const after = options.after ?? "";
      let byFont = cache.get(font);
      if (!byFont) {
        byFont = new Map();
        cache.set(font, byFont);
      }
      const settings = settingsKey(options);
      let words = byFont.get(settings);
      if (!words) {
        words = { plain: new Map(), inContext: new Map() };
        byFont.set(settings, words);
      }
      const plain = before === "" && after === "";
      const key = plain ? text : `${before}\u0000${text}\u0000${after}`;
      const hit = (plain ? words.plain : words.inContext).get(key);
      if (hit) return hit;

      buffer.reset();
      buffer.addText(before + text + after, before.length, text.length);
      buffer.setDirection(options.direction === "rtl" ? hb.Direction.RTL : hb.Direction.LTR);
      // Glyph flags then say where HarfBuzz deems a tatweel safe, for the shape API's callers;
      // kashida.ts shapes each point anew instead, as the flag is cleared around any context.
      if (options.direction === "rtl")
        buffer.setFlags(hb.BufferFlag.PRODUCE_SAFE_TO_INSERT_TATWEEL);
      if (options.script) buffer.setScript(options.script);
      if (options.language) buffer.setLanguage(options.language);
      buffer.guessSegmentProperties();
      hb.shape(font.hbFont, buffer, features(options.features));
      const glyphs: Glyph[] = buffer.getGlyphInfosAndPositions().map((g) => ({
        id: g.codepoint,
        cluster: g.cluster - before.length,
        xAdvance: g.xAdvance ?? 0,
        yAdvance: g.yAdvance ?? 0,
        xOffset: g.xOffset ?? 0,
        yOffset: g.yOffset ?? 0,
        flags: g.flags,
      }));
      if (cached >= CACHE_LIMIT) {
        for (const bySettings of cache.values()) bySettings.clear();
        words = { plain: new Map(), inContext: new Map() };
        byFont.set(settings, words);
        cached = 0;
      }
      (plain ? words.plain : words.inContext).set(key, glyphs);
      cached++;
      return glyphs;
    },
  };
}

/** The shaper every stage of this process shares, so its cache serves all documents. */
export const defaultShaper = createShaper();
