import type { LoadedFont } from "../fonts/registry.js";

/**
 * A TrueType subsetter for embedding in PDF: the glyphs asked for, in that order, plus the
 * components of composite glyphs, with the tables a PDF renderer reads (glyf, loca, hmtx,
 * head, hhea, maxp, and the hinting programs the glyphs' instructions call). What it learns of
 * a font (its tables, glyph offsets, metrics, components) is kept for the process, so a
 * subset costs little more than copying bytes.
 */

/** One glyph of the subset: a glyph of the font, with the advance it should have (font units). */
export interface SubsetGlyph {
  glyphId: number;
  advance?: number;
}

interface Table {
  offset: number;
  length: number;
}

interface FontTables {
  data: DataView;
  bytes: Uint8Array;
  /** The same bytes, for Buffer.copy: a glyph copied without a view made for it. */
  source: Buffer;
  tables: Map<string, Table>;
  loca: Uint32Array;
  advances: Uint16Array;
  bearings: Int16Array;
  components: Map<number, number[]>;
}

const cache = new WeakMap<LoadedFont, FontTables>();

function tablesOf(font: LoadedFont): FontTables {
  const known = cache.get(font);
  if (known) return known;
  const bytes = font.bytes;
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, Table>();
  const count = data.getUint16(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(
      bytes[at] ?? 0,
      bytes[at + 1] ?? 0,
      bytes[at + 2] ?? 0,
      bytes[at + 3] ?? 0,
    );
    tables.set(tag, { offset: data.getUint32(at + 8), length: data.getUint32(at + 12) });
  }
  const numGlyphs = tables.has("maxp")
    ? data.getUint16((tables.get("maxp") as Table).offset + 4)
    : 0;
  const loca = new Uint32Array(numGlyphs + 1);
  const advances = new Uint16Array(numGlyphs);
  const bearings = new Int16Array(numGlyphs);
  const head = tables.get("head");
  const locaTable = tables.get("loca");
  if (head && locaTable) {
    const long = data.getInt16(head.offset + 50) === 1;
    for (let g = 0; g <= numGlyphs; g++) {
      loca[g] = long
        ? data.getUint32(locaTable.offset + g * 4)
        : data.getUint16(locaTable.offset + g * 2) * 2;
    }
  }
  const hhea = tables.get("hhea");
  const hmtx = tables.get("hmtx");
  if (hhea && hmtx) {
    const metrics = data.getUint16(hhea.offset + 34);
    for (let g = 0; g < numGlyphs; g++) {
      if (g < metrics) {
        advances[g] = data.getUint16(hmtx.offset + g * 4);
        bearings[g] = data.getInt16(hmtx.offset + g * 4 + 2);
      } else {
        advances[g] = advances[metrics - 1] ?? 0;
        bearings[g] = data.getInt16(hmtx.offset + metrics * 4 + (g - metrics) * 2);
      }
    }
  }
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parsed = { data, bytes, source, tables, loca, advances, bearings, components: new Map() };
  cache.set(font, parsed);
  return parsed;
}

const ARG_1_AND_2_ARE_WORDS = 0x1;
const WE_HAVE_A_SCALE = 0x8;
const MORE_COMPONENTS = 0x20;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x40;
const WE_HAVE_A_TWO_BY_TWO = 0x80;

/** Byte offsets (within the glyph) of a composite glyph's component glyph ids. */
function componentOffsets(t: FontTables, glyphId: number): number[] {
  const known = t.components.get(glyphId);
  if (known) return known;
  const offsets: number[] = [];
  const glyf = t.tables.get("glyf") as Table;
  const start = glyf.offset + (t.loca[glyphId] ?? 0);
  const end = glyf.offset + (t.loca[glyphId + 1] ?? 0);
  if (end - start >= 10 && t.data.getInt16(start) < 0) {
    let at = start + 10;
    for (;;) {
      const flags = t.data.getUint16(at);
      offsets.push(at + 2 - start);
      at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
      if (flags & WE_HAVE_A_SCALE) at += 2;
      else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
      else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
      if (!(flags & MORE_COMPONENTS)) break;
    }
  }
  t.components.set(glyphId, offsets);
  return offsets;
}

function checksum(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const whole = bytes.length & ~3;
  let sum = 0;
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  // The last word, zero-padded.
  let last = 0;
  for (let i = whole; i < whole + 4; i++)
    last = (last << 8) | (i < bytes.length ? (bytes[i] ?? 0) : 0);
  return whole === bytes.length ? sum : (sum + (last >>> 0)) >>> 0;
}

/**
 * The subset font program: `glyphs[i]` becomes glyph i (the first should be glyph 0, .notdef);
 * composite glyphs' components follow, their references renumbered.
 */
export function subsetTrueType(font: LoadedFont, glyphs: readonly SubsetGlyph[]): Uint8Array {
  const t = tablesOf(font);
  const glyfStart = (t.tables.get("glyf") as Table).offset;
  const order: SubsetGlyph[] = [...glyphs];
  const newIdOf = new Map<number, number>();
  order.forEach((g, i) => {
    if (g.advance === undefined && !newIdOf.has(g.glyphId)) newIdOf.set(g.glyphId, i);
  });
  // Where each glyph goes in the new glyf table; components join the list as they are met.
  const offsets: number[] = [];
  let size = 0;
  for (let i = 0; i < order.length; i++) {
    const { glyphId } = order[i] as SubsetGlyph;
    const start = glyfStart + (t.loca[glyphId] ?? 0);
    for (const at of componentOffsets(t, glyphId)) {
      const component = t.data.getUint16(start + at);
      if (!newIdOf.has(component)) {
        newIdOf.set(component, order.length);
        order.push({ glyphId: component });
      }
    }
    offsets.push(size);
    size += ((t.loca[glyphId + 1] ?? 0) - (t.loca[glyphId] ?? 0) + 3) & ~3;
  }
  offsets.push(size);
  const n = order.length;
  // Short offsets (halved) whenever the glyphs fit in 128 KB: the usual case, and smaller.
  const short = size < 0x20000;
  const loca = new Uint8Array((n + 1) * (short ? 2 : 4));
  const locaView = new DataView(loca.buffer);
  for (let i = 0; i <= n; i++) {
    if (short) locaView.setUint16(i * 2, (offsets[i] ?? 0) / 2);
    else locaView.setUint32(i * 4, offsets[i] ?? 0);
  }
  // The glyphs copied as they are, then their components' references renumbered.
  const glyfOut = Buffer.alloc(size);
  const glyfView = new DataView(glyfOut.buffer, glyfOut.byteOffset, glyfOut.byteLength);
  for (let i = 0; i < n; i++) {
    const { glyphId } = order[i] as SubsetGlyph;
    const at = offsets[i] ?? 0;
    t.source.copy(
      glyfOut,
      at,
      glyfStart + (t.loca[glyphId] ?? 0),
      glyfStart + (t.loca[glyphId + 1] ?? 0),
    );
    for (const c of componentOffsets(t, glyphId)) {
      glyfView.setUint16(at + c, newIdOf.get(glyfView.getUint16(at + c)) ?? 0);
    }
  }
  const hmtx = new Uint8Array(n * 4);
  const hmtxView = new DataView(hmtx.buffer);
  order.forEach((g, i) => {
    hmtxView.setUint16(i * 4, g.advance ?? t.advances[g.glyphId] ?? 0);
    hmtxView.setInt16(i * 4 + 2, t.bearings[g.glyphId] ?? 0);
  });
  const copy = (tag: string) => {
    const table = t.tables.get(tag);
    return table ? t.bytes.slice(table.offset, table.offset + table.length) : undefined;
  };
  const head = copy("head") as Uint8Array;
  const headView = new DataView(head.buffer);
  headView.setUint32(8, 0); // checkSumAdjustment, set once the file is whole
  headView.setInt16(50, short ? 0 : 1);
  const hhea = copy("hhea") as Uint8Array;
  new DataView(hhea.buffer).setUint16(34, n);
  const maxp = copy("maxp") as Uint8Array;
  new DataView(maxp.buffer).setUint16(4, n);
  const out: [string, Uint8Array][] = [
    ["cvt ", copy("cvt ")],
    ["fpgm", copy("fpgm")],
    ["glyf", glyfOut],
    ["head", head],
    ["hhea", hhea],
    ["hmtx", hmtx],
    ["loca", loca],
    ["maxp", maxp],
    ["prep", copy("prep")],
  ].filter((e): e is [string, Uint8Array] => e[1] !== undefined);
  return assemble(out);
}

/** An sfnt file from its tables (sorted by tag), with checksums and head's adjustment. */
function assemble(tables: readonly [string, Uint8Array][]): Uint8Array {
  const count = tables.length;
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= count) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  const headerSize = 12 + count * 16;
  const total = headerSize + tables.reduce((sum, [, b]) => sum + ((b.length + 3) & ~3), 0);
  const file = new Uint8Array(total);
  const view = new DataView(file.buffer);
  view.setUint32(0, 0x00010000);
  view.setUint16(4, count);
  view.setUint16(6, searchRange);
  view.setUint16(8, entrySelector);
  view.setUint16(10, count * 16 - searchRange);
  let offset = headerSize;
  let headOffset = 0;
  tables.forEach(([tag, bytes], i) => {
    const at = 12 + i * 16;
    for (let k = 0; k < 4; k++) file[at + k] = tag.charCodeAt(k);
    view.setUint32(at + 4, checksum(bytes));
    view.setUint32(at + 8, offset);
    view.setUint32(at + 12, bytes.length);
    file.set(bytes, offset);
    if (tag === "head") headOffset = offset;
    offset += (bytes.length + 3) & ~3;
  });
  view.setUint32(headOffset + 8, (0xb1b0afba - checksum(file)) >>> 0);
  return file;
}
