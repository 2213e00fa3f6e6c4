/**
 * The font-wide facts sahifa needs from an OpenType file, read straight from its tables (head,
 * hhea, maxp, OS/2, post, name). HarfBuzz answers per-glyph questions; this answers the rest
 * without a general font parser, which would cost a command-line run more time to import than
 * the whole page takes to set.
 */
export interface FontInfo {
  unitsPerEm: number;
  /** hhea ascender and descender, font units (descender negative). */
  ascender: number;
  descender: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  /** OS/2 sCapHeight and sxHeight (0 where the table is older than version 2). */
  capHeight: number;
  xHeight: number;
  /** OS/2 usWeightClass (400 without the table) and sFamilyClass. */
  weightClass: number;
  familyClass: number;
  /** post italicAngle in degrees, and whether the font is monospaced. */
  italicAngle: number;
  isFixedPitch: boolean;
  postscriptName: string;
  /** Outline format: TrueType (glyf) or CFF. */
  outlines: "truetype" | "cff";
}

const SFNT_VERSIONS = new Set([0x00010000, 0x4f54544f /* OTTO */, 0x74727565 /* true */]);
const REQUIRED = ["head", "hhea", "maxp", "cmap", "hmtx"];

/** Reads a font's tables; throws a plain Error that says what is wrong with the file. */
export function readFontInfo(bytes: Uint8Array): FontInfo {
  if (bytes.byteLength < 12) throw new Error("too short to be a font");
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = data.getUint32(0);
  if (version === 0x74746366 /* ttcf */) throw new Error("font collections are not supported");
  if (!SFNT_VERSIONS.has(version)) throw new Error("not an OpenType or TrueType font");
  const count = data.getUint16(4);
  if (12 + count * 16 > bytes.byteLength) throw new Error("truncated table directory");
  const tables = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(
      data.getUint8(at),
      data.getUint8(at + 1),
      data.getUint8(at + 2),
      data.getUint8(at + 3),
    );
    const offset = data.getUint32(at + 8);
    const length = data.getUint32(at + 12);
    if (offset + length > bytes.byteLength) throw new Error(`table ${tag} runs past the file`);
    tables.set(tag, { offset, length });
  }
  for (const tag of REQUIRED) if (!tables.has(tag)) throw new Error(`no ${tag} table`);
  const at = (tag: string) => tables.get(tag)?.offset ?? 0;
  const head = at("head");
  const hhea = at("hhea");
  const os2 = tables.get("OS/2");
  const post = tables.get("post");
  const os2Version = os2 ? data.getUint16(os2.offset) : 0;
  return {
    unitsPerEm: data.getUint16(head + 18),
    ascender: data.getInt16(hhea + 4),
    descender: data.getInt16(hhea + 6),
    bbox: {
      minX: data.getInt16(head + 36),
      minY: data.getInt16(head + 38),
      maxX: data.getInt16(head + 40),
      maxY: data.getInt16(head + 42),
    },
    capHeight: os2 && os2Version >= 2 ? data.getInt16(os2.offset + 88) : 0,
    xHeight: os2 && os2Version >= 2 ? data.getInt16(os2.offset + 86) : 0,
    weightClass: os2 ? data.getUint16(os2.offset + 4) : 400,
    familyClass: os2 ? data.getInt16(os2.offset + 30) : 0,
    italicAngle: post ? data.getInt32(post.offset + 4) / 65536 : 0,
    isFixedPitch: post ? data.getUint32(post.offset + 12) !== 0 : false,
    postscriptName: postscriptName(data, tables.get("name")) ?? "Font",
    outlines: tables.has("glyf") ? "truetype" : "cff",
  };
}

/** Name ID 6, from a Windows Unicode record or else a Macintosh Roman one. */
function postscriptName(
  data: DataView,
  name: { offset: number; length: number } | undefined,
): string | undefined {
  if (!name) return undefined;
  const count = data.getUint16(name.offset + 2);
  const strings = name.offset + data.getUint16(name.offset + 4);
  let mac: string | undefined;
  for (let i = 0; i < count; i++) {
    const record = name.offset + 6 + i * 12;
    if (data.getUint16(record + 6) !== 6) continue;
    const platform = data.getUint16(record);
    const length = data.getUint16(record + 8);
    const start = strings + data.getUint16(record + 10);
    if (start + length > data.byteLength) continue;
    if (platform === 3 || platform === 0) {
      let s = "";
      for (let k = 0; k + 1 < length; k += 2) s += String.fromCharCode(data.getUint16(start + k));
      return s;
    }
    if (platform === 1 && mac === undefined) {
      mac = "";
      for (let k = 0; k < length; k++) mac += String.fromCharCode(data.getUint8(start + k));
    }
  }
  return mac;
}
