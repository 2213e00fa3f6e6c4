import { num } from "./glyphRuns.js";

const MM = 72 / 25.4;
/** Crop marks start this far outside the bleed, are this long, and this thick (pt). */
const MARK_GAP = 2 * MM;
const MARK_LENGTH = 6 * MM;
const MARK_STROKE = 0.25;

export interface PrintOptions {
  /** Bleed around the trimmed page, mm. */
  bleed?: number;
  /** Draw crop marks outside the bleed. */
  cropMarks?: boolean;
}

/** Where the trimmed page sits on the sheet, and the sheet's boxes. */
export interface PageFrame {
  mediaWidth: number;
  mediaHeight: number;
  /** Offset of the trim box from the sheet's top-left corner, pt. */
  offset: number;
  /** TrimBox and BleedBox in PDF space (y up). */
  trim: number[];
  bleed: number[];
  /** Operators (y-down sheet space) that stroke the crop marks; empty without them. */
  marks: string;
}

/**
 * The sheet around a page of `width` × `height` pt: as large as the page when printing
 * nothing outside it, else enlarged by the bleed and, for crop marks, by room for them.
 */
export function pageFrame(width: number, height: number, options: PrintOptions): PageFrame {
  const bleed = (options.bleed ?? 0) * MM;
  const offset = options.cropMarks ? bleed + MARK_GAP + MARK_LENGTH : bleed;
  const mediaWidth = width + 2 * offset;
  const mediaHeight = height + 2 * offset;
  const trim = [offset, offset, offset + width, offset + height];
  const frame = {
    mediaWidth,
    mediaHeight,
    offset,
    trim,
    bleed: [offset - bleed, offset - bleed, offset + width + bleed, offset + height + bleed],
  };
  if (!options.cropMarks) return { ...frame, marks: "" };
  const lines: string[] = [];
  const near = bleed + MARK_GAP;
  for (const x of [offset, offset + width]) {
    for (const y of [offset, offset + height]) {
      const outX = x === offset ? -1 : 1;
      const outY = y === offset ? -1 : 1;
      // A horizontal and a vertical stroke on the trim lines, outside the bleed.
      lines.push(
        `${num(x + outX * near)} ${num(y)} m ${num(x + outX * (near + MARK_LENGTH))} ${num(y)} l`,
      );
      lines.push(
        `${num(x)} ${num(y + outY * near)} m ${num(x)} ${num(y + outY * (near + MARK_LENGTH))} l`,
      );
    }
  }
  return { ...frame, marks: `${num(MARK_STROKE)} w ${lines.join(" ")} S` };
}
