/**
 * Every use of pdfkit's undocumented internals lives here, pinned by test/pdf/pdfkitInternals.test.ts,
 * so a pdfkit upgrade that moves them breaks one file and one test.
 *
 * pdfkit draws text through fontkit's own layout, which reverses Arabic word order and digits
 * and cannot take HarfBuzz's glyphs; sahifa writes glyph runs into the content stream itself
 * and embeds fonts itself (from the fontkit font the registry parsed once per process).
 */
import PDFDocument from "pdfkit";

export type PdfDoc = PDFKit.PDFDocument;

/** An indirect object: `data` is its dictionary; `end(bytes)` writes it with a stream. */
export interface PdfRef {
  data: Record<string, unknown>;
  write(chunk: Uint8Array | string): void;
  end(chunk?: Uint8Array | string): void;
  toString(): string;
}

interface DocInternals {
  ref(data?: Record<string, unknown>): PdfRef;
  addContent(content: string): PdfDoc;
  page: { fonts: Record<string, PdfRef>; dictionary: PdfRef };
  _root: PdfRef;
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
}

/**
 * A document with no default font: pdfkit would otherwise register Helvetica, a font sahifa
 * never draws with and that archival PDF forbids unembedded.
 */
export function createDocument(options: DocumentOptions): PdfDoc {
  return new PDFDocument({
    autoFirstPage: false,
    compress: true,
    pdfVersion: "1.7",
    lang: options.lang,
    displayTitle: true,
    font: null as unknown as string,
    info: {
      Title: options.title,
      ...(options.author ? { Author: options.author } : {}),
      ...(options.subject ? { Subject: options.subject } : {}),
      ...(options.keywords ? { Keywords: options.keywords } : {}),
      Creator: "sahifa",
      Producer: "sahifa (pdfkit)",
      CreationDate: options.creationDate,
      ModDate: options.creationDate,
    },
  });
}

/** Adds a page of the given size in pt; pdfkit flips the CTM so y points down. */
export function addPage(doc: PdfDoc, width: number, height: number): void {
  doc.addPage({ size: [width, height], margin: 0 });
}

export function makeRef(doc: PdfDoc, data: Record<string, unknown> = {}): PdfRef {
  return internals(doc).ref(data);
}

/** Appends raw operators to the current page's content stream. */
export function writeContent(doc: PdfDoc, operators: string): void {
  internals(doc).addContent(operators);
}

/** Names a font dictionary in the current page's /Resources /Font. */
export function usePageFont(doc: PdfDoc, name: string, font: PdfRef): void {
  internals(doc).page.fonts[name] = font;
}

/** Finishes the document and collects its bytes. */
export function finishDocument(doc: PdfDoc): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
    doc.end();
  });
}

/** fontkit's TrueType subsetter: `includeGlyph` returns a glyph's id in the subset. */
export interface FontkitSubset {
  glyphs: number[];
  includeGlyph(glyphId: number): number;
  encode(): Uint8Array;
}
