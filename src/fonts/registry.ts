import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as fontkit from "fontkit";
import * as hb from "harfbuzzjs";
import { SahifaError } from "../errors.js";

/**
 * A font file parsed once per process: fontkit reads metrics, coverage and glyph data (and
 * feeds the PDF subsetter); HarfBuzz's face and font shape with it.
 */
export interface LoadedFont {
  path: string;
  bytes: Uint8Array;
  fontkit: fontkit.Font;
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
  let fk: fontkit.Font;
  try {
    const parsed = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (!("unitsPerEm" in parsed)) throw new Error("font collections are not supported");
    fk = parsed;
  } catch (cause) {
    throw new SahifaError("FONT_INVALID", `${path}: not a usable font (${String(cause)})`, {
      cause,
    });
  }
  const face = new hb.Face(new hb.Blob(bytes), 0);
  const font: LoadedFont = {
    path: key,
    bytes,
    fontkit: fk,
    hbFont: new hb.Font(face),
    unitsPerEm: fk.unitsPerEm,
    ascender: fk.ascent,
    descender: fk.descent,
    postscriptName: fk.postscriptName ?? "Font",
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

const coverage = new WeakMap<LoadedFont, Map<number, boolean>>();

/** Whether the font maps a code point to a glyph (through its cmap); remembered per font. */
export function hasCodePoint(font: LoadedFont, codePoint: number): boolean {
  let known = coverage.get(font);
  if (!known) {
    known = new Map();
    coverage.set(font, known);
  }
  let has = known.get(codePoint);
  if (has === undefined) {
    has = font.fontkit.hasGlyphForCodePoint(codePoint);
    known.set(codePoint, has);
  }
  return has;
}
