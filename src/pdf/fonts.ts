import { hash } from "node:crypto";
import { glyphAdvance, type LoadedFont } from "../fonts/registry.js";
import {
  cffSubsetInCidOrder,
  deflate,
  deflatedStream,
  makeRef,
  type PdfDoc,
  type PdfRef,
  pdfBytes,
} from "./pdfkitInternals.js";
import { type SubsetGlyph, subsetTrueType } from "./truetypeSubset.js";

/** One font of the document: a Type0/CIDFontType2 whose CIDs are (glyph, text) pairs. */
export interface EmbeddedFont {
  /** Resource name, e.g. "F1". */
  name: string;
  /** Unique in the process: tells one document's font from another's. */
  serial: number;
  font: LoadedFont;
  ref: PdfRef;
  /**
   * The CID that shows `glyphId`, extracts as `text` and has `advance` (font units) as its
   * /W width. Giving each CID the advance HarfBuzz set (kerning, marks of zero width) lets
   * readers see glyphs that touch as touching, so they do not split or glue words.
   */
  cid(glyphId: number, text: string, advance: number, visible?: boolean): number;
  /** The advance the PDF's /W array gives a CID, 1/1000 em. */
  advance(cid: number): number;
}

interface FontState extends EmbeddedFont {
  /** The subset's glyphs in order; a glyph drawn at another width may appear again with it. */
  glyphs: SubsetGlyph[];
  /** The subset glyph each CID shows: several CIDs (one per text and width) share a glyph. */
  cidToGid: number[];
  /** CIDs by glyph, width, copy and text. */
  cids: Map<number | string, number>;
  /** Text and width (1/1000 em) of each CID, CID 0 included. */
  texts: string[];
  widths: number[];
}

const PDF_UNITS = 1000;

/** "00" to "FF": a ToUnicode map writes four hex digits for every CID and every text unit. */
const HEX_BYTE = Array.from({ length: 256 }, (_, b) =>
  b.toString(16).padStart(2, "0").toUpperCase(),
);

function hex4(n: number): string {
  return (HEX_BYTE[(n >> 8) & 0xff] as string) + (HEX_BYTE[n & 0xff] as string);
}

function utf16Hex(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) out += hex4(text.charCodeAt(i));
  return out;
}

function toUnicodeCMap(texts: readonly string[]): string {
  const entries: string[] = [];
  texts.forEach((text, cid) => {
    if (cid > 0) entries.push(`<${hex4(cid)}> <${utf16Hex(text)}>`);
  });
  const blocks: string[] = [];
  // A bfchar block holds at most 100 entries.
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.join("\n")}\nendbfchar`);
  }
  return [
    "/CIDInit /ProcSet findresource begin",
    "12 dict begin",
    "begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def",
    "/CMapType 2 def",
    "1 begincodespacerange",
    "<0000> <FFFF>",
    "endcodespacerange",
    ...blocks,
    "endcmap",
    "CMapName currentdict /CMap defineresource pop",
    "end",
    "end",
  ].join("\n");
}

/** A subset tag that depends only on what the subset holds, so output is reproducible. */
function subsetTag(state: FontState): string {
  const digest = hash(
    "sha256",
    state.font.postscriptName +
      state.glyphs.map((g) => `${g.glyphId}:${g.advance ?? ""}`).join(",") +
      state.texts.join("\u0000"),
    "buffer",
  );
  let tag = "";
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + ((digest[i] ?? 0) % 26));
  return tag;
}

function fontFlags(font: LoadedFont): number {
  const { info } = font;
  const familyClass = info.familyClass >> 8;
  let flags = 1 << 2; // symbolic: glyphs outside the standard Latin set
  if (info.isFixedPitch) flags |= 1 << 0;
  if (familyClass >= 1 && familyClass <= 7) flags |= 1 << 1;
  if (info.italicAngle !== 0) flags |= 1 << 6;
  return flags;
}

/**
 * The embedded font program. TrueType outlines go through sahifa's subsetter, which keeps the
 * glyph order (so CIDToGIDMap holds) and any advance a glyph copy needs. CFF outlines go
 * through fontkit's, as a CID-keyed CFF whose glyph i is CID i: a CIDFontType0 finds glyphs by
 * CID alone, so the subset lists each CID's glyph in CID order, a glyph again for every CID
 * that shows it.
 */
function fontProgram(state: FontState): Uint8Array {
  if (state.font.info.outlines === "truetype") return subsetTrueType(state.font, state.glyphs);
  return cffSubsetInCidOrder(
    state.font,
    state.cidToGid.map((subsetGlyph) => state.glyphs[subsetGlyph]?.glyphId ?? 0),
  );
}

/** CIDToGIDMap: each CID's glyph in the TrueType subset, two bytes each. */
function cidToGidMap(doc: PdfDoc, cidToGid: readonly number[]): PdfRef {
  const map = new Uint8Array(cidToGid.length * 2);
  cidToGid.forEach((gid, cid) => {
    map[cid * 2] = gid >> 8;
    map[cid * 2 + 1] = gid & 0xff;
  });
  const ref = makeRef(doc, {});
  ref.end(map);
  return ref;
}

function embed(doc: PdfDoc, state: FontState): void {
  const { font } = state;
  const fk = font.info;
  const scale = PDF_UNITS / font.unitsPerEm;
  const baseFont = `${subsetTag(state)}+${font.postscriptName.replaceAll(" ", "_")}`;
  const trueType = font.info.outlines === "truetype";
  const program = fontProgram(state);
  // Length1, the program's own length, is required for TrueType programs; a bare CFF program
  // says what it is instead.
  const fontFile = deflatedStream(
    doc,
    trueType ? { Length1: program.length } : { Subtype: "CIDFontType0C" },
    deflate(program),
  );
  const bbox = fk.bbox;
  const descriptor = makeRef(doc, {
    Type: "FontDescriptor",
    FontName: baseFont,
    Flags: fontFlags(font),
    FontBBox: [bbox.minX * scale, bbox.minY * scale, bbox.maxX * scale, bbox.maxY * scale].map(
      Math.round,
    ),
    ItalicAngle: fk.italicAngle,
    Ascent: Math.round(fk.ascender * scale),
    Descent: Math.round(fk.descender * scale),
    CapHeight: Math.round((fk.capHeight || fk.ascender) * scale),
    XHeight: Math.round((fk.xHeight || 0) * scale),
    StemV: 80,
    ...(trueType ? { FontFile2: fontFile } : { FontFile3: fontFile }),
  });
  descriptor.end();
  const descendant = makeRef(doc, {
    Type: "Font",
    Subtype: trueType ? "CIDFontType2" : "CIDFontType0",
    BaseFont: baseFont,
    CIDSystemInfo: {
      Registry: new String("Adobe"),
      Ordering: new String("Identity"),
      Supplement: 0,
    },
    FontDescriptor: descriptor,
    W: [0, state.widths],
    ...(trueType ? { CIDToGIDMap: cidToGidMap(doc, state.cidToGid) } : {}),
  });
  descendant.end();
  const cmap = makeRef(doc, {});
  cmap.end(pdfBytes(toUnicodeCMap(state.texts)));
  Object.assign(state.ref.data, {
    Type: "Font",
    Subtype: "Type0",
    BaseFont: baseFont,
    Encoding: "Identity-H",
    DescendantFonts: [descendant],
    ToUnicode: cmap,
  });
  state.ref.end();
}

/**
 * The fonts of one document, created as pages use them and embedded as subsets at the end.
 * A glyph's /W width is the width it takes on the line (kerning included), which gives readers
 * clean word boxes. With `exactWidths` (PDF/A, ISO 19005-2 §6.2.11.5) the font program must
 * agree: a visible glyph drawn at another width than its own gets a copy with that advance.
 */
let serials = 0;

export function createFontSet(doc: PdfDoc, exactWidths = false) {
  const states = new Map<string, FontState>();
  return {
    fontFor(font: LoadedFont): EmbeddedFont {
      const known = states.get(font.path);
      if (known) return known;
      const scale = PDF_UNITS / font.unitsPerEm;
      const glyphs: SubsetGlyph[] = [{ glyphId: 0 }];
      const gidOf = new Map<string, number>([["0", 0]]);
      // The subset glyph for a glyph id, or for its copy with another advance.
      const subsetGlyph = (glyphId: number, width?: number): number => {
        const key = width === undefined ? `${glyphId}` : `${glyphId}:${width}`;
        const known = gidOf.get(key);
        if (known !== undefined) return known;
        glyphs.push(
          width === undefined ? { glyphId } : { glyphId, advance: Math.round(width / scale) },
        );
        gidOf.set(key, glyphs.length - 1);
        return glyphs.length - 1;
      };
      const state: FontState = {
        name: `F${states.size + 1}`,
        serial: ++serials,
        font,
        ref: makeRef(doc, {}),
        glyphs,
        cids: new Map(),
        cidToGid: [0],
        texts: [""],
        widths: [Math.round(glyphAdvance(font, 0) * scale)],
        advance(cid) {
          return this.widths[cid] ?? 0;
        },
        cid(glyphId, text, advance, visible = true) {
          let width = Math.round(advance * scale);
          const own = Math.round(glyphAdvance(font, glyphId) * scale);
          // A visible glyph drawn at another width than its own needs a copy under PDF/A; an
          // invisible carrier of the same glyph, width and text does not, so it is another CID.
          // A CFF program's widths live in its charstrings, which sahifa does not rewrite: there
          // the glyph keeps its own width (the text matrix places every glyph anyway).
          if (exactWidths && visible && width !== own && font.info.outlines === "cff") width = own;
          const copy = exactWidths && visible && width !== own;
          // Glyph, width, copy and a one-unit text as one number (16 + 19 + 1 + 16 bits);
          // any other text by a string.
          const packed = ((glyphId * 2 ** 19 + width + 2 ** 18) * 2 + (copy ? 1 : 0)) * 2 ** 16;
          const key: number | string =
            text.length === 1 && Math.abs(width) < 2 ** 18
              ? packed + text.charCodeAt(0)
              : `${glyphId} ${width} ${copy} ${text}`;
          let cid = this.cids.get(key);
          if (cid === undefined) {
            cid = this.texts.length;
            this.cidToGid[cid] = subsetGlyph(glyphId, copy ? width : undefined);
            this.cids.set(key, cid);
            this.texts[cid] = text;
            this.widths[cid] = width;
          }
          return cid;
        },
      };
      states.set(font.path, state);
      return state;
    },
    /** Writes every font used; call once, after the last page. */
    embedAll(): void {
      for (const state of states.values()) embed(doc, state);
    },
  };
}

export type FontSet = ReturnType<typeof createFontSet>;
