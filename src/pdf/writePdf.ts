import { loadFont } from "../fonts/registry.js";
import type { Layout, LayoutLine } from "../layout/types.js";
import { createFontSet, type FontSet } from "./fonts.js";
import { type GlyphRun, lineOperators, num } from "./glyphRuns.js";
import { outlineOperators } from "./outlines.js";
import {
  addPage,
  createDocument,
  finishDocument,
  type PdfDoc,
  usePageFont,
  writeContent,
} from "./pdfkitInternals.js";

export interface PdfOptions {
  author?: string;
  subject?: string;
  keywords?: string;
  /** Fixed so the same input gives the same bytes. */
  creationDate: Date;
}

/** "#rrggbb" as PDF colour components. */
export function rgb(color: string | undefined): string {
  const hex = color ?? "#000000";
  const c = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  return c.map(num).join(" ");
}

function drawLine(doc: PdfDoc, fonts: FontSet, line: LayoutLine, used: Set<string>): string {
  const runs: GlyphRun[] = [];
  for (const piece of line.pieces) {
    if (piece.kind === "hardBreak" || piece.glyphs.length === 0) continue;
    const font = fonts.fontFor(loadFont(piece.style.font));
    if (!used.has(font.name)) {
      usePageFont(doc, font.name, font.ref);
      used.add(font.name);
    }
    runs.push({
      font,
      size: piece.style.size,
      color: `${rgb(piece.style.color)} rg`,
      x: piece.x,
      rtl: piece.level % 2 === 1,
      text: piece.text,
      glyphs: piece.glyphs,
    });
  }
  const drawing = lineOperators(runs, line.x, line.y);
  const outlines = drawing.outlines.map(
    (o) =>
      `${o.run.color} ${outlineOperators(o.run.font.font, o.glyphId, { ...o, size: o.run.size })}`,
  );
  return [drawing.text, ...outlines].join("\n");
}

/** Draws a laid-out document: glyph runs, rules and frames. */
export async function writePdf(layout: Layout, options: PdfOptions): Promise<Uint8Array> {
  const doc = createDocument({
    title: layout.title,
    lang: layout.lang,
    creationDate: options.creationDate,
    ...(options.author ? { author: options.author } : {}),
    ...(options.subject ? { subject: options.subject } : {}),
    ...(options.keywords ? { keywords: options.keywords } : {}),
  });
  const fonts = createFontSet(doc);
  for (const page of layout.pages) {
    addPage(doc, page.width, page.height);
    for (const block of page.blocks) {
      if (!block.stroke) continue;
      const path =
        block.kind === "rule"
          ? `${num(block.x)} ${num(block.y)} m ${num(block.x + block.width)} ${num(block.y + block.height)} l`
          : `${num(block.x)} ${num(block.y)} ${num(block.width)} ${num(block.height)} re`;
      const ops = `${rgb(block.color)} RG ${num(block.stroke)} w ${path} S`;
      writeContent(doc, ops);
    }
    const used = new Set<string>();
    for (const line of page.lines) writeContent(doc, drawLine(doc, fonts, line, used));
  }
  fonts.embedAll();
  return finishDocument(doc);
}
