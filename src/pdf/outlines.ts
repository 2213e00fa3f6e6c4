import type { LoadedFont } from "../fonts/registry.js";
import { memoPer } from "../util/memo.js";
import type { ContentWriter } from "./contentWriter.js";
import { num } from "./glyphRuns.js";
import { deflate, deflatedStream, type PdfDoc, type PdfRef, pdfBytes } from "./pdfkitInternals.js";

/**
 * A glyph's outline as PDF path operators in font units (y up), filled with the non-zero rule
 * that TrueType outlines assume. Quadratic segments become the equivalent cubics.
 */
export const glyphOutline: (font: LoadedFont, glyphId: number) => string = memoPer(outlineOf);

function outlineOf(font: LoadedFont, glyphId: number): string {
  // HarfBuzz draws the outline unscaled (font units), as TrueType or CFF describe it.
  const commands = font.hbFont.glyphToJson(glyphId);
  const ops: string[] = [];
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  commands.forEach(({ type, values: a }, i) => {
    // HarfBuzz closes a contour with a line back to its start; "h" draws that line already.
    const closing = type === "L" && a[0] === startX && a[1] === startY;
    if (closing && commands[i + 1]?.type === "Z") return;
    if (type === "M") [startX, startY] = [a[0] ?? 0, a[1] ?? 0];
    if (type === "M" || type === "L") {
      [x, y] = [a[0] ?? 0, a[1] ?? 0];
      ops.push(`${num(x)} ${num(y)} ${type === "M" ? "m" : "l"}`);
    } else if (type === "Q") {
      const [cx, cy, ex, ey] = [a[0] ?? 0, a[1] ?? 0, a[2] ?? 0, a[3] ?? 0];
      const c1 = [x + (2 / 3) * (cx - x), y + (2 / 3) * (cy - y)];
      const c2 = [ex + (2 / 3) * (cx - ex), ey + (2 / 3) * (cy - ey)];
      ops.push(`${c1.map(num).join(" ")} ${c2.map(num).join(" ")} ${num(ex)} ${num(ey)} c`);
      [x, y] = [ex, ey];
    } else if (type === "C") {
      ops.push(`${a.map(num).join(" ")} c`);
      [x, y] = [a[4] ?? 0, a[5] ?? 0];
    } else {
      ops.push("h");
    }
  });
  return ops.length ? `${ops.join(" ")} f` : "";
}

/**
 * A glyph's form stream, deflated once per process: a document writes a few dozen forms, and
 * setting up zlib for each small stream cost more than the page's text.
 */
const deflatedOutline = memoPer((font: LoadedFont, glyphId: number): Buffer | null => {
  const path = glyphOutline(font, glyphId);
  return path ? deflate(pdfBytes(path)) : null;
});

/** A glyph outline written once into a document as a form XObject, and drawn by name. */
export interface OutlineForm {
  name: string;
  font: LoadedFont;
  ref: PdfRef;
}

/**
 * The glyph outlines of one document: each glyph's path is written once, as a form XObject in
 * font units, and every use draws it by name. A page repeats the same few marks and kashidas
 * hundreds of times; inline paths made up most of its content stream.
 */
export function createOutlineSet(doc: PdfDoc) {
  let count = 0;
  const formOf = memoPer((font: LoadedFont, glyphId: number): OutlineForm | null => {
    const stream = deflatedOutline(font, glyphId);
    if (!stream) return null;
    const { minX, minY, maxX, maxY } = font.info.bbox;
    const ref = deflatedStream(
      doc,
      { Type: "XObject", Subtype: "Form", BBox: [minX, minY, maxX, maxY], Resources: {} },
      stream,
    );
    return { name: `G${++count}`, font, ref };
  });
  /** The form that draws a glyph, or null for a glyph with no outline (a space). */
  return { formOf };
}

export type OutlineSet = ReturnType<typeof createOutlineSet>;

/** Operators that draw a glyph's outline form at a page position (y down), size and stretch. */
export function writeOutline(
  w: ContentWriter,
  form: OutlineForm,
  x: number,
  y: number,
  size: number,
  scaleX = 1,
): void {
  const s = size / form.font.unitsPerEm;
  w.text("q ")
    .number(s * scaleX)
    .text(" 0 0 ")
    .number(-s)
    .byte(0x20)
    .number(x)
    .byte(0x20);
  w.number(y).text(" cm /").text(form.name).text(" Do Q\n");
}
