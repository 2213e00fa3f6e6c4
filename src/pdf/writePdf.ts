import { loadFont } from "../fonts/registry.js";
import type { Layout, LayoutLine } from "../layout/types.js";
import { createFontSet, type FontSet } from "./fonts.js";
import { type GlyphRun, num, runOperators } from "./glyphRuns.js";
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

function lineOperators(doc: PdfDoc, fonts: FontSet, line: LayoutLine, used: Set<string>): string {
  const parts: string[] = ["BT"];
  const after: string[] = [];
  let fill = "";
  for (const piece of line.pieces) {
    if (piece.kind === "hardBreak" || piece.glyphs.length === 0) continue;
    const font = fonts.fontFor(loadFont(piece.style.font));
    if (!used.has(font.name)) {
      usePageFont(doc, font.name, font.ref);
      used.add(font.name);
    }
    const color = rgb(piece.style.color);
    if (color !== fill) {
      parts.push(`${color} rg`);
      fill = color;
    }
    const run: GlyphRun = {
      font,
      size: piece.style.size,
      x: line.x + piece.x,
      y: line.y,
      rtl: piece.level % 2 === 1,
      text: piece.text,
      glyphs: piece.glyphs,
    };
    const drawing = runOperators(run);
    parts.push(drawing.text);
    for (const o of drawing.outlines) {
      after.push(
        `${color} rg ${outlineOperators(font.font, o.glyphId, { ...o, size: piece.style.size })}`,
      );
    }
  }
  parts.push("ET", ...after);
  return parts.join("\n");
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
    for (const line of page.lines) writeContent(doc, lineOperators(doc, fonts, line, used));
  }
  fonts.embedAll();
  return finishDocument(doc);
}
