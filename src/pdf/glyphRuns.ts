import type { Glyph } from "../text/types.js";
import { memoCodePointTest } from "../util/memo.js";
import type { ContentWriter } from "./contentWriter.js";
import type { EmbeddedFont } from "./fonts.js";

/** A shaped run to draw: glyphs in visual order, their text, and where its left edge sits. */
export interface GlyphRun {
  font: EmbeddedFont;
  size: number;
  /** Fill colour as PDF operands ("r g b" or "c m y k"), and its operator. */
  color: string;
  /** Left end of the run's baseline, pt from the line's left end. */
  x: number;
  rtl: boolean;
  text: string;
  glyphs: readonly Glyph[];
}

/** Glyph and its text, in the order a reader reads them. */
interface LogicalGlyph {
  glyph: Glyph;
  /** Where the glyph is drawn, pt from the run's left end (its pen position plus offset). */
  drawX: number;
  /**
   * The width readers should see, font units: from this glyph's drawn origin to the next
   * spacing glyph's, so glyph boxes tile the run. HarfBuzz kerns RTL text with offsets, which
   * would otherwise leave gaps that readers take for word spaces. Marks keep zero width.
   */
  tileWidth: number;
  text: string;
  /** Shown in text render mode 3: a carrier of text whose glyph is drawn otherwise. */
  invisible: boolean;
  /** The CID this glyph had in the document font `cidFont` (a serial), the last that drew it. */
  cid: number;
  cidFont: number;
}

/**
 * How far (em) a mark's carrier stands past its letter's end in reading order, in the next
 * letter's box. Readers place a zero-width glyph by where it stands: inside a wide letter
 * (a kashida's tile, Amiri's ض) poppler takes a mark more than half an em before the letter's
 * far edge for an overlap and starts a new line at it; mupdf starts a new word at a mark more
 * than 0.15 em from where it expects the next glyph. Just past the letter's end suits both,
 * for any letter width, and poppler (which sorts glyphs by position) then reads the mark
 * after its letter.
 */
const MARK_PAST = 0.02;

/** Marks and joiners ride on the letter before them. */
const CLINGS = /^(?:\p{M}|\u200c|\u200d)$/u;

const clings = memoCodePointTest((codePoint) => CLINGS.test(String.fromCodePoint(codePoint)));

/** Working space of logicalGlyphs, reused from word to word (it never runs twice at once). */
const carriers: number[] = [];
let from = new Int32Array(64);
let to = new Int32Array(64);
let draws = new Float64Array(64);
let tiles = new Float64Array(64);

/**
 * Puts the glyphs in logical order and shares out each cluster's text among its spacing glyphs,
 * so extraction (which follows the content stream order and the ToUnicode map) reads the source
 * text: each letter on the next spacing glyph, its marks with it, any letters left over on the
 * last one. Marks and other glyphs left without text are drawn as outlines: readers place a
 * zero-width mark glyph badly (poppler splits words at them).
 */
export function logicalGlyphs(
  run: Pick<GlyphRun, "rtl" | "text" | "glyphs">,
  unitsPerEm = 1000,
): LogicalGlyph[] {
  const { glyphs, text: runText, rtl } = run;
  const past = unitsPerEm * MARK_PAST;
  const n = glyphs.length;
  // HarfBuzz gives glyphs in visual order, right-to-left runs reversed: the k-th glyph in
  // logical order is glyphs[rtl ? n - 1 - k : k].
  const last = n - 1;
  // Each glyph's text is one stretch of the run's text, [from, to): a glyph takes letters in
  // reading order, and a cluster left without a carrier goes on to the one that carried last.
  if (from.length < n) {
    const size = Math.max(n, from.length * 2);
    [from, to, draws, tiles] = [
      new Int32Array(size),
      new Int32Array(size),
      new Float64Array(size),
      new Float64Array(size),
    ];
  }
  from.fill(0, 0, n);
  to.fill(0, 0, n);
  const take = (glyph: number, start: number, end: number) => {
    if (glyph < 0 || end <= start) return;
    if (from[glyph] === to[glyph]) from[glyph] = start;
    to[glyph] = end;
  };
  let lastCarrier = -1;
  for (let i = 0; i < n; ) {
    const cluster = (glyphs[rtl ? last - i : i] as Glyph).cluster;
    let j = i;
    while (j < n && (glyphs[rtl ? last - j : j] as Glyph).cluster === cluster) j++;
    // Clusters rise in logical order: this one's text runs to where the next one starts.
    const end = j < n ? (glyphs[rtl ? last - j : j] as Glyph).cluster : runText.length;
    // Carriers: the cluster's spacing glyphs, else its first letter. An inserted kashida never
    // carries text: extraction must give the text as written.
    carriers.length = 0;
    let firstLetter = -1;
    for (let k = i; k < j; k++) {
      const m = rtl ? last - k : k;
      const g = glyphs[m] as Glyph;
      if (g.kashida) continue;
      if (firstLetter < 0) firstLetter = m;
      if (g.xAdvance > 0) carriers.push(m);
    }
    if (carriers.length === 0 && lastCarrier >= 0) {
      // A letter drawn with no advance of its own (Noto's alef in lam-alef) belongs to the
      // ligature before it: that glyph then stands for both letters.
      take(lastCarrier, cluster, end);
      i = j;
      continue;
    }
    if (carriers.length === 0) carriers.push(firstLetter);
    let carrier = -1;
    for (let c = cluster; c < end; ) {
      const codePoint = runText.codePointAt(c) as number;
      const size = codePoint > 0xffff ? 2 : 1;
      if (carrier < 0 || (!clings(codePoint) && carrier < carriers.length - 1)) carrier++;
      take(carriers[carrier] as number, c, c + size);
      c += size;
    }
    lastCarrier = carriers[carriers.length - 1] ?? lastCarrier;
    i = j;
  }

  let pen = 0;
  for (let i = 0; i < n; i++) {
    const g = glyphs[i] as Glyph;
    draws[i] = pen + g.xOffset;
    pen += g.xAdvance;
  }
  // Glyphs that carry no text (Amiri's joining tatweels, kashidas) are drawn as outlines and
  // take no tile: the text glyph beside them covers their width.
  tiles.fill(0, 0, n);
  let nextDraw = pen;
  for (let i = last; i >= 0; i--) {
    if ((glyphs[i] as Glyph).xAdvance === 0 || from[i] === to[i]) continue;
    tiles[i] = nextDraw - (draws[i] as number);
    nextDraw = draws[i] as number;
  }
  const out: LogicalGlyph[] = [];
  for (let k = 0; k < n; k++) {
    const index = rtl ? last - k : k;
    const glyph = glyphs[index] as Glyph;
    const drawX = draws[index] as number;
    const tileWidth = tiles[index] as number;
    const start = from[index] as number;
    const end = to[index] as number;
    const text = start === end ? "" : runText.slice(start, end);
    if (
      end - start <= 1 ||
      (end - start === 2 && (runText.codePointAt(start) as number) > 0xffff)
    ) {
      out.push({ glyph, drawX, tileWidth, text, invisible: false, cid: 0, cidFont: 0 });
      continue;
    }
    // One character per text glyph: readers mishandle a glyph that stands for several (pdf.js
    // reverses them, and takes any with a mark for a zero-width diacritic). Extra letters and
    // marks go on invisible carriers; a glyph with several letters is drawn as an outline.
    let letters = 0;
    for (let c = start; c < end; ) {
      const codePoint = runText.codePointAt(c) as number;
      if (!clings(codePoint)) letters++;
      c += codePoint > 0xffff ? 2 : 1;
    }
    const share = letters > 1 ? tileWidth / letters : tileWidth;
    if (letters > 1)
      out.push({ glyph, drawX, tileWidth: 0, text: "", invisible: false, cid: 0, cidFont: 0 });
    let letter = -1;
    for (let c = start; c < end; ) {
      const codePoint = runText.codePointAt(c) as number;
      const size = codePoint > 0xffff ? 2 : 1;
      const char = runText.slice(c, c + size);
      c += size;
      const mark = clings(codePoint) && letter >= 0;
      if (!mark) letter++;
      // Carriers tile the glyph in reading order: right to left in RTL runs.
      const left = rtl ? drawX + tileWidth - (letter + 1) * share : drawX + letter * share;
      // A mark's carrier has no width and stands just past its letter's end in reading order.
      if (mark)
        out.push({
          glyph,
          drawX: rtl ? left - past : left + share + past,
          tileWidth: 0,
          text: char,
          invisible: true,
          cid: 0,
          cidFont: 0,
        });
      else if (letters > 1 || letter > 0)
        out.push({
          glyph,
          drawX: left,
          tileWidth: share,
          text: char,
          invisible: true,
          cid: 0,
          cidFont: 0,
        });
      else out.push({ glyph, drawX, tileWidth, text: char, invisible: false, cid: 0, cidFont: 0 });
    }
  }
  return out;
}

/** Bytes that a literal string must escape: parentheses, backslash, and line ends readers rewrite. */
const ESCAPED: Record<number, number> = { 10: 0x6e, 13: 0x72, 40: 0x28, 41: 0x29, 92: 0x5c };

/** A CID as a two-byte literal string: half the size of hex in the content stream. */
function writeCid(w: ContentWriter, cid: number): void {
  w.byte(0x28);
  for (const b of [cid >> 8, cid & 0xff]) {
    const escaped = ESCAPED[b];
    if (escaped === undefined) w.byte(b);
    else w.byte(0x5c).byte(escaped);
  }
  w.byte(0x29);
}

/**
 * How far (em) each letter's box must reach past the next letter's in reading order. pdf.js
 * takes two glyphs that move back less than 0.2 em between them for one cluster, and reverses
 * its text; Amiri's stacked forms (ح over م) are that narrow.
 */
const APART = 0.22;

/**
 * Keeps right-to-left letters apart for pdf.js: a letter whose box and the next letter's add up
 * to less than `min` (font units) is drawn as an outline and carried by an invisible glyph
 * whose box is wide enough.
 */
function apart(glyphs: LogicalGlyph[], min: number): LogicalGlyph[] {
  if (min <= 0) return glyphs;
  const out: LogicalGlyph[] = [];
  for (let i = 0; i < glyphs.length; i++) {
    const g = glyphs[i] as LogicalGlyph;
    let next: LogicalGlyph | undefined;
    for (let k = i + 1; k < glyphs.length && !next; k++) {
      const n = glyphs[k] as LogicalGlyph;
      if (n.text !== "" && n.tileWidth > 0) next = n;
    }
    if (g.text === "" || g.tileWidth <= 0 || !next || g.tileWidth + next.tileWidth >= min) {
      out.push(g);
      continue;
    }
    if (!g.invisible) out.push({ ...g, text: "", cidFont: 0 });
    out.push({ ...g, tileWidth: min - next.tileWidth, invisible: true, cid: 0, cidFont: 0 });
  }
  return out;
}

/**
 * A letter raised or lowered off the baseline (Amiri's stacked forms) is drawn as an outline,
 * and its text carried by an invisible glyph on the baseline: poppler starts a new word at a
 * glyph half a point off the baseline, and a new line at one half an em off.
 */
function offBaseline(glyphs: LogicalGlyph[]): LogicalGlyph[] {
  if (!glyphs.some((g) => g.text !== "" && !g.invisible && g.glyph.yOffset !== 0)) return glyphs;
  const out: LogicalGlyph[] = [];
  for (const g of glyphs) {
    if (g.text === "" || g.invisible || g.glyph.yOffset === 0) {
      out.push(g);
      continue;
    }
    out.push({ ...g, text: "", cidFont: 0 });
    out.push({ ...g, invisible: true, cidFont: 0 });
  }
  return out;
}

/**
 * A run's glyphs in reading order, kept apart, for each shaped glyph array: the shaper hands the
 * same array for every occurrence of a word, so this is worked out once per word and font.
 */
const readingCache = new WeakMap<readonly Glyph[], { text: string; glyphs: LogicalGlyph[] }>();

function readingGlyphs(run: GlyphRun): LogicalGlyph[] {
  // A word with a stretched kashida is shaped anew for its line alone: caching it would only
  // fill the cache.
  const stretched = run.glyphs.some((g) => g.kashida !== undefined && g.xAdvance > 0);
  // One shaped array stands for one text in one font and direction (the shaper's cache key);
  // the text is compared all the same, as a guard.
  const known = stretched ? undefined : readingCache.get(run.glyphs);
  if (known && known.text === run.text) return known.glyphs;
  const glyphs = offBaseline(
    apart(logicalGlyphs(run), run.rtl ? run.font.font.unitsPerEm * APART : 0),
  );
  if (!stretched) readingCache.set(run.glyphs, { text: run.text, glyphs });
  return glyphs;
}

/**
 * The CID of a glyph in reading order. Reading glyphs are cached per word, so each remembers
 * the CID it had in the last document font that drew it: a page draws the same words again and
 * again, and a lookup by key for every glyph drawn costs more than the drawing.
 */
function cidOf(font: EmbeddedFont, g: LogicalGlyph): number {
  if (g.cidFont !== font.serial) {
    g.cid = font.cid(g.glyph.id, g.text, g.tileWidth, !g.invisible);
    g.cidFont = font.serial;
  }
  return g.cid;
}

/** Numbers as short as PDF allows, fixed to 1/1000 pt so output is reproducible. */
export function num(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  return Object.is(r, -0) ? "0" : String(r);
}

/**
 * What the page's content stream has set so far that outlives a text object: the fill colour
 * (operands and operator; "" until set), so it is set again only when it changes.
 */
export interface PageState {
  fill: string;
}

/** A glyph drawn as a filled outline rather than text, so readers extract nothing for it. */
export interface OutlineGlyph {
  run: GlyphRun;
  glyphId: number;
  /** Horizontal stretch of the outline: a kashida drawn longer than its glyph. */
  scaleX: number;
  /** Origin on the page, pt, y down. */
  x: number;
  y: number;
}

/**
 * Writes the content-stream operators of one line as one text object, and returns the glyphs
 * to fill as outlines after it. The glyphs are shown in logical order through TJ, with
 * displacements that jump to each glyph's visual position: readers then extract words in
 * reading order (mupdf follows the stream order), and the positions are exact. One text matrix
 * per line; fonts and colours change only when they must. Glyphs with no text of their own come
 * back as outlines: readers would turn a glyph without a Unicode mapping into U+FFFD or a space.
 */
export function lineOperators(
  w: ContentWriter,
  runs: readonly GlyphRun[],
  x: number,
  y: number,
  page: PageState,
): OutlineGlyph[] {
  w.text("BT\n1 0 0 -1 ").number(x).byte(0x20).number(y).text(" Tm\n");
  const outlines: OutlineGlyph[] = [];
  let inTj = false;
  let pen = 0; // current text position, pt from x
  let hidden = false;
  let font = "";
  let size = 0;
  const flush = () => {
    if (inTj) w.text("] TJ\n");
    inTj = false;
  };
  for (const run of runs) {
    const scale = run.size / run.font.font.unitsPerEm;
    for (const reading of readingGlyphs(run)) {
      const { glyph, drawX, text, invisible } = reading;
      const gx = run.x + drawX * scale;
      if (text === "") {
        const scaleX = glyph.kashida ? glyph.xAdvance / glyph.kashida.advance : 1;
        const y0 = y - glyph.yOffset * scale;
        outlines.push({ run, glyphId: glyph.id, scaleX, x: x + gx, y: y0 });
        continue;
      }
      if (run.color !== page.fill) {
        flush();
        w.text(run.color).byte(0x0a);
        page.fill = run.color;
      }
      if (run.font.name !== font || run.size !== size) {
        flush();
        w.byte(0x2f).text(run.font.name).byte(0x20).number(run.size).text(" Tf\n");
        font = run.font.name;
        size = run.size;
      }
      if (invisible !== hidden) {
        flush();
        w.text(invisible ? "3 Tr\n" : "0 Tr\n");
        hidden = invisible;
      }
      const cid = cidOf(run.font, reading);
      if (!inTj) {
        w.byte(0x5b);
        inTj = true;
      }
      // Displacements in whole thousandths of the font size (0.01 pt at 10 pt): the pen follows
      // the rounded moves, so the error never adds up along a line.
      const shift = Math.round(((gx - pen) * 1000) / size);
      if (shift !== 0) w.int(-shift);
      writeCid(w, cid);
      pen += (shift * size) / 1000 + (run.font.advance(cid) * size) / 1000;
    }
  }
  flush();
  if (hidden) w.text("0 Tr\n");
  w.text("ET\n");
  return outlines;
}
