import { createHash } from "node:crypto";
import { SahifaError } from "../errors.js";
import { loadFont } from "../fonts/registry.js";
import type { EncodedImage } from "../image/types.js";
import {
  type Block,
  isPhotoBlock,
  type Layout,
  type LayoutLine,
  type LayoutPage,
  type PhotoBlock,
} from "../layout/types.js";
import type { TextStyle } from "../text/types.js";
import { type ColorModel, fillColor, strokeColor } from "./color.js";
import { ContentWriter } from "./contentWriter.js";
import { createFontSet, type EmbeddedFont, type FontSet } from "./fonts.js";
import { type GlyphRun, lineOperators, num, type PageState } from "./glyphRuns.js";
import { createImageSet, imageOperators } from "./images.js";
import { createOutlineSet, type OutlineForm, type OutlineSet, writeOutline } from "./outlines.js";
import {
  addPage,
  createDocument,
  deflatePageContent,
  finishDocument,
  markArtifact,
  markStructure,
  type PdfDoc,
  setDocumentId,
  setPageBoxes,
  usePageFont,
  usePageXObject,
  writeContent,
} from "./pdfkitInternals.js";
import { type PrintOptions, pageFrame } from "./print.js";
import { layoutStructure, type Structure } from "./structure.js";

export interface PdfOptions extends PrintOptions {
  author?: string;
  subject?: string;
  keywords?: string;
  /** Fixed so the same input gives the same bytes. */
  creationDate: Date;
  /** Archival PDF/A-2: "2b", or "2a" (the PDF is always tagged). */
  pdfa?: "2b" | "2a";
  /** Paint text and rules in DeviceCMYK, black text as K only. */
  cmyk?: boolean;
}

/** What the lines of a page draw with, and how each is named in the page's resources. */
interface LineResources {
  fonts: FontSet;
  outlines: OutlineSet;
  useFont: (f: EmbeddedFont) => void;
  useForm: (f: OutlineForm) => void;
  /** Where the page's lines are written, one after another; each line hands on a view. */
  writer: ContentWriter;
  /** The page's graphics state as the lines left it. */
  page: PageState;
  /** A style's font and colour operator: a paragraph's pieces share one style object. */
  styles: WeakMap<TextStyle, { font: EmbeddedFont; color: string }>;
}

function drawLine(line: LayoutLine, model: ColorModel, r: LineResources): Uint8Array {
  const runs: GlyphRun[] = [];
  for (const piece of line.pieces) {
    if (piece.kind === "hardBreak" || piece.glyphs.length === 0) continue;
    let drawn = r.styles.get(piece.style);
    if (!drawn) {
      drawn = {
        font: r.fonts.fontFor(loadFont(piece.style.font)),
        color: fillColor(piece.style.color, model),
      };
      r.styles.set(piece.style, drawn);
    }
    const { font, color } = drawn;
    r.useFont(font);
    runs.push({
      font,
      size: piece.style.size,
      color,
      x: piece.x,
      rtl: piece.level % 2 === 1,
      text: piece.text,
      glyphs: piece.glyphs,
    });
  }
  const w = r.writer;
  const start = w.size;
  for (const o of lineOperators(w, runs, line.x, line.y, r.page)) {
    const form = r.outlines.formOf(o.run.font.font, o.glyphId);
    if (!form) continue;
    r.useForm(form);
    if (o.run.color !== r.page.fill) {
      w.text(o.run.color).byte(0x20);
      r.page.fill = o.run.color;
    }
    writeOutline(w, form, o.x, o.y, o.run.size, o.scaleX);
  }
  return w.view(start);
}

/**
 * The order a page's lines are drawn in, which is the order text extraction reads them in. On
 * a page of several stories: story after story in plan order (the make-up sets the briefs'
 * column last, wherever the plan puts its briefs), each story's lines in its own order; the
 * page's head (what comes before any story) first, and furniture further down (the briefs'
 * title, a reserved box's label) with the story line that follows it.
 */
function drawingOrder(page: LayoutPage, stories: boolean): readonly LayoutLine[] {
  if (!stories) return page.lines;
  const head: LayoutLine[] = [];
  const groups = new Map<number, LayoutLine[]>();
  let furniture: LayoutLine[] = [];
  for (const line of page.lines) {
    const story = line.story ?? page.blocks[line.block]?.story;
    if (story === undefined) {
      (groups.size === 0 ? head : furniture).push(line);
      continue;
    }
    const group = groups.get(story) ?? [];
    group.push(...furniture, line);
    furniture = [];
    groups.set(story, group);
  }
  const ordered = [...groups].sort((a, b) => a[0] - b[0]).flatMap(([, lines]) => lines);
  return [...head, ...ordered, ...furniture];
}

/** Crop marks print on every plate: registration colour in CMYK, black on screen. */
function registration(model: ColorModel): string {
  return model === "cmyk" ? "1 1 1 1 K" : strokeColor("#000000", model);
}

function blockOperators(block: Block, model: ColorModel): string {
  const path =
    block.kind === "rule"
      ? `${num(block.x)} ${num(block.y)} m ${num(block.x + block.width)} ${num(block.y + block.height)} l`
      : `${num(block.x)} ${num(block.y)} ${num(block.width)} ${num(block.height)} re`;
  return `${strokeColor(block.color, model)} ${num(block.stroke ?? 0)} w ${path} S`;
}

/** The picture a photo block draws, made for this PDF (see render.ts: photoEncoder). */
export type PictureOf = (block: PhotoBlock) => Promise<EncodedImage>;

/** What the writer draws: pages one at a time, and what it must know before the first. */
export interface PageSource {
  title: string;
  lang: string;
  /** A page plan's layout: its lines are drawn story by story. */
  stories: boolean;
  pages: Iterable<LayoutPage>;
  /** The structure tree, made when the first page is known and before it is drawn. */
  structure(doc: PdfDoc, first: LayoutPage | undefined): Structure;
  /** The photo blocks' pictures; none when no page has photos. */
  picture?: PictureOf;
}

/**
 * Draws a laid-out document as a tagged PDF: glyph runs in logical order inside marked content
 * that belongs to the article's structure tree, rules and folios as artifacts; with the print
 * options, on a sheet with bleed and crop marks; with `pdfa`, as PDF/A-2.
 */
export async function writePdf(
  layout: Layout,
  options: PdfOptions,
  picture?: PictureOf,
): Promise<Uint8Array> {
  return writePages(
    {
      title: layout.title,
      lang: layout.lang,
      stories: layout.stories !== undefined,
      pages: layout.pages,
      structure: (doc) => layoutStructure(doc, layout),
      ...(picture ? { picture } : {}),
    },
    options,
  );
}

/**
 * writePdf from pages as they come: each is drawn when it comes and written out (to `sink`,
 * else collected and returned) when the next one is begun, so a document is never held whole,
 * neither its layout nor its content.
 */
export async function writePages(
  source: PageSource,
  options: PdfOptions,
  sink?: (bytes: Uint8Array) => void,
): Promise<Uint8Array> {
  if (options.pdfa && options.cmyk) {
    throw new SahifaError(
      "USAGE",
      "PDF/A and CMYK cannot be combined: sahifa ships no CMYK output profile",
    );
  }
  const model: ColorModel = options.cmyk ? "cmyk" : "rgb";
  const doc = createDocument(
    {
      title: source.title,
      lang: source.lang,
      creationDate: options.creationDate,
      ...(options.author ? { author: options.author } : {}),
      ...(options.subject ? { subject: options.subject } : {}),
      ...(options.keywords ? { keywords: options.keywords } : {}),
      ...(options.pdfa ? { pdfa: options.pdfa } : {}),
    },
    sink,
  );
  const fonts = createFontSet(doc, options.pdfa !== undefined);
  const outlines = createOutlineSet(doc);
  const styles = new WeakMap<TextStyle, { font: EmbeddedFont; color: string }>();
  // The file's identity: a digest of everything drawn, so different outputs never share one.
  // It takes a page at a time: a call into the hash for every line cost more than the hashing.
  const digest = createHash("md5").update(JSON.stringify({ ...options, title: source.title }));
  // Pictures count by their bytes, before the pages (a changed photo is a different file), in
  // the order the pages show them: with photos, the pages' drawing waits for the last page to
  // be digested (their operators are kept until then, some tens of kB a page).
  const shown: EncodedImage[] = [];
  const waiting: Buffer[] | undefined = source.picture ? [] : undefined;
  let drawn: Uint8Array[] = [];
  const draw = (operators: string | Uint8Array) => {
    drawn.push(writeContent(doc, operators));
  };
  const pages = source.pages[Symbol.iterator]();
  let next = pages.next();
  const structure = source.structure(doc, next.done ? undefined : next.value);
  const images = createImageSet(doc);
  for (let pageIndex = 0; !next.done; pageIndex++, next = pages.next()) {
    const page = next.value;
    const frame = pageFrame(page.width, page.height, options);
    addPage(doc, frame.mediaWidth, frame.mediaHeight);
    setPageBoxes(doc, { trim: frame.trim, bleed: frame.bleed });
    if (frame.marks)
      markArtifact(doc, "Layout", () => draw(`${registration(model)} ${frame.marks}`));
    // Everything else is drawn in the trimmed page's own coordinates.
    if (frame.offset) draw(`1 0 0 1 ${num(frame.offset)} ${num(frame.offset)} cm`);
    const rules = page.blocks.filter((b) => b.stroke).map((b) => blockOperators(b, model));
    if (rules.length) markArtifact(doc, "Layout", () => draw(rules.join("\n")));
    const photos = page.blocks.filter(isPhotoBlock);
    if (photos.length > 0 && !source.picture) throw new Error("photos with no pictures");
    const pictures = await Promise.all(photos.map((block) => source.picture?.(block)));
    photos.forEach((block, i) => {
      const image = pictures[i] as EncodedImage;
      if (!images.has(image)) shown.push(image);
      const { name, ref } = images.use(image);
      usePageXObject(doc, name, ref);
      const drawImage = () => draw(imageOperators(block, name));
      const role = structure.roleOfPhoto(page, block);
      if (role === "artifact") markArtifact(doc, "Layout", drawImage);
      else role.add(markStructure(doc, role.tag, drawImage));
    });
    const used = new Set<string>();
    const resources: LineResources = {
      fonts,
      outlines,
      styles,
      // A page's own: the views it hands out stay valid until the page is written.
      writer: new ContentWriter(),
      page: { fill: "" },
      useFont(font) {
        if (used.has(font.name)) return;
        usePageFont(doc, font.name, font.ref);
        used.add(font.name);
      },
      useForm(form) {
        if (used.has(form.name)) return;
        usePageXObject(doc, form.name, form.ref);
        used.add(form.name);
      },
    };
    for (const line of drawingOrder(page, source.stories)) {
      const drawText = () => draw(drawLine(line, model, resources));
      const role = structure.roleOf(page, pageIndex, line);
      if (role === "artifact") markArtifact(doc, "Pagination", drawText);
      else role.add(markStructure(doc, role.tag, drawText));
    }
    deflatePageContent(doc);
    if (waiting) waiting.push(Buffer.concat(drawn));
    else digest.update(Buffer.concat(drawn));
    drawn = [];
  }
  for (const image of shown) digest.update(image.bytes);
  for (const bytes of waiting ?? []) digest.update(bytes);
  structure.end();
  fonts.embedAll();
  setDocumentId(doc, digest.digest());
  return finishDocument(doc);
}
