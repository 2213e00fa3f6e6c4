/**
 * Every use of pdfkit's undocumented internals lives here, pinned by test/pdf/pdfkitInternals.test.ts,
 * so a pdfkit upgrade that moves them breaks one file and one test.
 *
 * pdfkit draws text through fontkit's own layout, which reverses Arabic word order and digits
 * and cannot take HarfBuzz's glyphs; sahifa writes glyph runs into the content stream itself
 * and embeds fonts itself (from the fontkit font the registry parsed once per process).
 */
import { deflateSync } from "node:zlib";
import PDFDocument from "pdfkit";
import { fontkitFont, type LoadedFont } from "../fonts/registry.js";

export type PdfDoc = PDFKit.PDFDocument;

/** An indirect object: `data` is its dictionary; `end(bytes)` writes it with a stream. */
export interface PdfRef {
  data: Record<string, unknown>;
  write(chunk: Uint8Array | string): void;
  end(chunk?: Uint8Array | string): void;
  toString(): string;
}

/** pdfkit's stream state: the chunks written so far, and whether it deflates them at the end. */
interface StreamInternals {
  data: Record<string, unknown>;
  buffer: Uint8Array[];
  compress: boolean;
}

interface DocInternals {
  ref(data?: Record<string, unknown>): PdfRef;
  addContent(content: string | Uint8Array): PdfDoc;
  page: {
    fonts: Record<string, PdfRef>;
    xobjects: Record<string, PdfRef>;
    dictionary: PdfRef;
    content: StreamInternals;
    markings: unknown[];
  };
  _root: PdfRef;
  info: Record<string, unknown>;
  _addInfo(): void;
  _id: Buffer;
  _write(data: string | Uint8Array): void;
  _offset: number;
}

function internals(doc: PdfDoc): DocInternals {
  return doc as unknown as DocInternals;
}

export interface DocumentOptions {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string;
  lang: string;
  creationDate: Date;
  /** PDF/A part and conformance, e.g. "2b" or "2a". */
  pdfa?: "2b" | "2a";
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * pdfkit writes the Info strings into the XMP packet as they are; a headline with "&" or "<"
 * would make the packet malformed. The Info dictionary keeps the text, the XMP gets it escaped.
 */
function escapeXmpInfo(doc: PdfDoc): void {
  const d = internals(doc);
  const addInfo = d._addInfo.bind(doc);
  d._addInfo = () => {
    const original = d.info;
    d.info = Object.fromEntries(
      Object.entries(original).map(([k, v]) => [
        k,
        typeof v === "string" ? v.replace(/[&<>]/g, (c) => XML_ESCAPES[c] ?? c) : v,
      ]),
    );
    try {
      addInfo();
    } finally {
      d.info = original;
    }
  };
}

/**
 * A document with no default font: pdfkit would otherwise register Helvetica, a font sahifa
 * never draws with and that archival PDF forbids unembedded. Its bytes go to `sink` as they
 * are written; without one, finishDocument gives them all.
 */
export function createDocument(
  options: DocumentOptions,
  sink?: (bytes: Uint8Array) => void,
): PdfDoc {
  const doc = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    pdfVersion: "1.7",
    lang: options.lang,
    displayTitle: true,
    tagged: true,
    ...(options.pdfa ? { subset: `PDF/A-${options.pdfa}` as PDFKit.Mixins.PDFSubsets } : {}),
    font: null as unknown as string,
    info: {
      Title: options.title,
      ...(options.author ? { Author: options.author } : {}),
      ...(options.subject ? { Subject: options.subject } : {}),
      ...(options.keywords ? { Keywords: options.keywords } : {}),
      Creator: "sahifa",
      Producer: "sahifa (pdfkit)",
      // No ModDate: pdfkit's XMP has no xmp:ModifyDate to match it, which PDF/A requires.
      CreationDate: options.creationDate,
    },
  });
  escapeXmpInfo(doc);
  if (sink) {
    sendOutput(doc, sink);
  } else {
    const chunks: Uint8Array[] = [];
    collected.set(doc, chunks);
    sendOutput(doc, (bytes) => chunks.push(bytes));
  }
  return doc;
}

/**
 * A string as the bytes pdfkit writes for it (Latin-1, then a line end), made natively: pdfkit
 * turns a string into bytes one character at a time, in JavaScript.
 */
export function pdfBytes(text: string): Buffer {
  return Buffer.from(`${text}\n`, "latin1");
}

/**
 * sahifa's own deflate: level 4 with more memory costs a quarter to a third less time than
 * zlib's default (pdfkit's), for a few percent more bytes.
 */
export function deflate(bytes: Uint8Array): Buffer {
  return deflateSync(bytes, { level: 4, memLevel: 9 });
}

/** The bytes of a document made without a sink, collected for finishDocument. */
const collected = new WeakMap<PdfDoc, Uint8Array[]>();

/**
 * pdfkit writes a document as a stream: every string it writes (object headers, dictionaries,
 * the xref) is turned into bytes one character at a time and pushed through a Readable. sahifa
 * hands the writes to `sink` as they come, converted natively, and in order: a page is written
 * when the next one is added, so a long document need not be held whole.
 */
function sendOutput(doc: PdfDoc, sink: (bytes: Uint8Array) => void): void {
  const d = internals(doc);
  // The header pdfkit wrote while constructing the document is already in the stream.
  const head = (doc as unknown as { read(): Buffer | null }).read();
  if (head) sink(head);
  d._write = (data: string | Uint8Array) => {
    const bytes = typeof data === "string" ? pdfBytes(data) : data;
    sink(bytes);
    d._offset += bytes.length;
  };
  // The same for the operators pdfkit itself adds to a page (marked-content tags).
  const addContent = d.addContent.bind(doc);
  d.addContent = (data: string | Uint8Array) =>
    addContent(typeof data === "string" ? pdfBytes(data) : data);
}

/** Adds a page of the given size in pt; pdfkit flips the CTM so y points down. */
export function addPage(doc: PdfDoc, width: number, height: number): void {
  doc.addPage({ size: [width, height], margin: 0 });
}

/** Sets the current page's TrimBox and BleedBox: [x0, y0, x1, y1] in PDF space (y up). */
export function setPageBoxes(doc: PdfDoc, boxes: { trim: number[]; bleed: number[] }): void {
  const page = internals(doc).page.dictionary;
  page.data.TrimBox = boxes.trim;
  page.data.BleedBox = boxes.bleed;
}

/** A structure element of the tagged PDF (pdfkit's). */
export type StructElement = PDFKit.PDFStructureElement;

export function structElement(
  doc: PdfDoc,
  type: string,
  options: { alt?: string; title?: string; lang?: string } = {},
): StructElement {
  const { alt, title, lang } = options;
  if (alt === undefined && title === undefined && lang === undefined) return doc.struct(type);
  return doc.struct(type, {
    ...(alt !== undefined ? { alt } : {}),
    ...(title !== undefined ? { title } : {}),
    ...(lang !== undefined ? { lang } : {}),
  });
}

/** Makes an element the root of the document's structure tree. */
export function addStructureRoot(doc: PdfDoc, element: StructElement): void {
  doc.addStructure(element);
}

/** Marked content that belongs to a structure element (pdfkit's). */
export type StructContent = PDFKit.PDFStructureContent;

/** Runs `draw` inside marked content tagged `tag`: the content, for its structure element. */
export function markStructure(doc: PdfDoc, tag: string, draw: () => void): StructContent {
  const content = doc.markStructureContent(tag);
  draw();
  doc.endMarkedContent();
  return content;
}

/**
 * Gives an element made ahead of time its structure type and alternate text, as structElement
 * would have made it: the dictionary's entries in the same order.
 */
export function retypeElement(element: StructElement, type: string, alt?: string): void {
  const data = (element as unknown as { dictionary: PdfRef }).dictionary.data;
  data.S = type;
  if (alt !== undefined) data.Alt = new String(alt);
}

/** Runs `draw` inside an /Artifact marked-content sequence (rules, folios, running heads). */
export function markArtifact(doc: PdfDoc, type: "Pagination" | "Layout", draw: () => void): void {
  doc.markContent("Artifact", { type });
  draw();
  doc.endMarkedContent();
}

export function makeRef(doc: PdfDoc, data: Record<string, unknown> = {}): PdfRef {
  return internals(doc).ref(data);
}

/**
 * An indirect object whose stream sahifa has deflated itself (`deflate`): pdfkit deflates only
 * a stream with no filter yet, so it writes this one as it is.
 */
export function deflatedStream(
  doc: PdfDoc,
  data: Record<string, unknown>,
  deflated: Uint8Array,
): PdfRef {
  const ref = makeRef(doc, { ...data, Filter: "FlateDecode" });
  ref.end(deflated);
  return ref;
}

/** Appends raw operators to the current page's content stream; returns the bytes written. */
export function writeContent(doc: PdfDoc, operators: string | Uint8Array): Uint8Array {
  // Bytes come with their line end.
  const bytes = typeof operators === "string" ? pdfBytes(operators) : operators;
  internals(doc).addContent(bytes);
  return bytes;
}

/**
 * Deflates the current page's content stream now, with sahifa's `deflate` (on the seed, a
 * quarter less time than pdfkit's deflate when it writes the page, for a stream 4 % bigger:
 * half a percent of the file). Call when the page is drawn; pdfkit then writes the stream as
 * it is.
 */
export function deflatePageContent(doc: PdfDoc): void {
  const { content, markings } = internals(doc).page;
  // pdfkit closes marked content left open by writing into the stream when it ends the page.
  if (!content.compress || markings.length > 0 || content.buffer.length === 0) return;
  content.buffer = [deflate(Buffer.concat(content.buffer))];
  content.compress = false;
  content.data.Filter = "FlateDecode";
}

/** Names a form XObject in the current page's /Resources /XObject. */
export function usePageXObject(doc: PdfDoc, name: string, form: PdfRef): void {
  internals(doc).page.xobjects[name] = form;
}

/** Names a font dictionary in the current page's /Resources /Font. */
export function usePageFont(doc: PdfDoc, name: string, font: PdfRef): void {
  internals(doc).page.fonts[name] = font;
}

/**
 * Sets the file identifier (the trailer's /ID). pdfkit derives it from the Info entries alone,
 * so every rendering of one article would share it; sahifa passes a digest of what was drawn.
 */
export function setDocumentId(doc: PdfDoc, id: Uint8Array): void {
  internals(doc)._id = Buffer.from(id.subarray(0, 16));
}

/**
 * Finishes the document: its last bytes have gone to the sink when this resolves, with the
 * whole file when it was made without one (else with no bytes).
 */
export function finishDocument(doc: PdfDoc): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks = collected.get(doc) ?? [];
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
    // Nothing flows through the stream now but its end.
    doc.resume();
    doc.end();
  });
}

/** fontkit's subsetter: the glyphs it will write, in order. */
interface FontkitSubset {
  glyphs: number[];
  encode(): Uint8Array;
}

/**
 * A CID-keyed CFF subset through fontkit, for fonts with CFF outlines: glyph i of the subset
 * (and so CID i, fontkit writes an identity charset) is the font's glyph `glyphIds[i]`; a glyph
 * may stand at several places. `glyphIds[0]` should be 0, .notdef.
 */
export function cffSubsetInCidOrder(font: LoadedFont, glyphIds: readonly number[]): Uint8Array {
  const subset = fontkitFont(font).createSubset() as unknown as FontkitSubset;
  // includeGlyph() would keep each glyph once; the order here is the CIDs'.
  subset.glyphs = [...glyphIds];
  return subset.encode();
}
