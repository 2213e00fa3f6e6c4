import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import type * as fontkit from "fontkit";
import { SahifaError } from "../errors.js";
import { memoPer } from "../util/memo.js";
import { hb } from "./harfbuzz.js";
import { type FontInfo, readFontInfo } from "./sfnt.js";

/**
 * A font file read once per process: its font-wide metrics from the tables, and HarfBuzz's
 * face and font, which shape and answer per-glyph questions (advances, coverage, outlines).
 */
export interface LoadedFont {
  path: string;
  bytes: Uint8Array;
  info: FontInfo;
  hbFont: hb.Font;
  unitsPerEm: number;
  /** Typographic ascender and descender in font units (descender is negative). */
  ascender: number;
  descender: number;
  postscriptName: string;
}

const loaded = new Map<string, LoadedFont>();

/** Loads a font file, or returns the copy already loaded in this process. */
export function loadFont(path: string): LoadedFont {
  // Layout asks for fonts by the same path strings over and over: look those up first.
  const known = loaded.get(path);
  if (known) return known;
  const key = resolve(path);
  const hit = loaded.get(key);
  if (hit) {
    loaded.set(path, hit);
    return hit;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(key));
  } catch (cause) {
    throw new SahifaError("FONT_NOT_FOUND", `${path}: cannot read font file`, { cause });
  }
  let info: FontInfo;
  try {
    info = readFontInfo(bytes);
  } catch (cause) {
    throw new SahifaError("FONT_INVALID", `${path}: not a usable font (${String(cause)})`, {
      cause,
    });
  }
  const face = new hb.Face(new hb.Blob(bytes), 0);
  const font: LoadedFont = {
    path: key,
    bytes,
    info,
    hbFont: new hb.Font(face),
    unitsPerEm: info.unitsPerEm,
    ascender: info.ascender,
    descender: info.descender,
    postscriptName: info.postscriptName,
  };
  loaded.set(key, font);
  loaded.set(path, font);
  return font;
}

/** The fonts shipped in the package's fonts/ folder, by file name. */
export const BUNDLED_FONTS_DIR = resolve(import.meta.dirname, "..", "..", "fonts");

export function bundledFont(fileName: string): string {
  return resolve(BUNDLED_FONTS_DIR, fileName);
}

/** Whether the font maps a code point to a glyph (through its cmap); remembered per font. */
export const hasCodePoint: (font: LoadedFont, codePoint: number) => boolean = memoPer(
  (font, codePoint) => (font.hbFont.nominalGlyph(codePoint) ?? 0) !== 0,
);

/** A glyph's advance width in font units (hmtx, through HarfBuzz); remembered per font. */
export const glyphAdvance: (font: LoadedFont, glyphId: number) => number = memoPer(
  (font, glyphId) => font.hbFont.glyphHAdvance(glyphId),
);

const fontkitFonts = new WeakMap<LoadedFont, fontkit.Font>();

/**
 * fontkit's view of a font, loaded on first use: only CFF fonts need it (for its subsetter).
 * Importing fontkit costs more than setting a page, so no run pays for it otherwise.
 */
export function fontkitFont(font: LoadedFont): fontkit.Font {
  let fk = fontkitFonts.get(font);
  if (!fk) {
    const { create } = createRequire(import.meta.url)("fontkit") as typeof fontkit;
    fk = create(
      Buffer.from(font.bytes.buffer, font.bytes.byteOffset, font.bytes.byteLength),
    ) as fontkit.Font;
    fontkitFonts.set(font, fk);
  }
  return fk;
}
