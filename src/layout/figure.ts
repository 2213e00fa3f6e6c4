/** Photos on the page: the frame, the crop, and the caption and credit under the picture. */
import { coverCrop, effectivePpi, embeddedSize } from "../image/crop.js";
import type { Crop, PhotoSource } from "../image/types.js";
import type { Alignment } from "../text/justify.js";
import { type Geometry, opts, type PageBuilder, run } from "./page.js";
import { type SetText, setRuns } from "./setText.js";
import type { PhotoBlock } from "./types.js";

/** Space above the picture, in grid lines: at a column's top it lines up with the text's ascenders. */
const PAD_AT_TOP = 0.2;
/** In the middle of a column it clears the descenders of the line above. */
const PAD_IN_TEXT = 0.6;
/** Between the picture and its caption, and under the caption before the text resumes. */
const CAPTION_GAP = 0.35;
const GAP_BELOW = 0.5;
/** The shortest picture worth printing, in grid lines. */
const MIN_PICTURE_LINES = 3;

/** A photo set for a frame of whole grid slots, ready to place. */
export interface Figure {
  /** Index of its source in the layout's photos. */
  photo: number;
  source: PhotoSource;
  /** The frame's width, pt: the columns it spans. */
  measure: number;
  /** The picture as drawn, pt; narrower than the frame for a tall "contain" picture. */
  picture: { width: number; height: number };
  crop: Crop;
  caption?: SetText;
  credit?: SetText;
  creditAlign: Alignment;
  /** Grid slots the figure takes, caption and space around it included. */
  slots: number;
  /** The caption's and credit's lines together, pt. */
  captionHeight: number;
  /** The space above the picture in the middle of a column (at a column's top: PAD_AT_TOP). */
  padInText: number;
}

const RTL_SCRIPT =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/** A credit's own direction, by its first letter: an agency's Latin name reads left to right. */
function startsLeftToRight(text: string): boolean {
  const first = /\p{L}/u.exec(text)?.[0];
  return first !== undefined && !RTL_SCRIPT.test(first);
}

/**
 * Sets a photo for a frame `measure` wide. Cover frames take the template's aspect (else the
 * picture's own), and their height is rounded to whole grid lines with the caption, the crop
 * absorbing the difference. Contain frames keep the picture's aspect; the frame ends on the
 * next grid line. No picture is taller than `maxHeight`.
 */
export function prepareFigure(
  source: PhotoSource,
  photo: number,
  measure: number,
  g: Geometry,
  limits: {
    maxHeight: number;
    inText: boolean;
    /**
     * Grid lines to make a cover frame taller (or shorter, negative) than its aspect says; a
     * contained picture only shrinks.
     */
    lines?: number;
    /**
     * A cover frame grown taller keeps at least the template's resolution: its crop narrows as
     * it grows. (Page make-up grows lead photos to fill a story's rectangle.)
     */
    keepResolution?: boolean;
  },
): Figure {
  const { template } = g;
  const L = template.baseline;
  const s = template.styles;
  const color = template.colors.text;
  const caption = source.caption
    ? setRuns(
        run(source.caption, s.caption),
        measure,
        opts(g, s.caption.color ?? color, template.photos.caption),
      )
    : undefined;
  let credit: SetText | undefined;
  let creditAlign: Alignment = "end";
  if (source.credit) {
    const ltr = startsLeftToRight(source.credit);
    // The credit stands at the page's end side (the left on an Arabic page), whatever its own
    // direction: "end" of an RTL line is the left, "start" of an LTR line is the left too.
    creditAlign = ltr === g.rtl ? "start" : "end";
    credit = setRuns(run(source.credit, s.credit), measure, {
      ...opts(g, s.credit.color ?? s.caption.color ?? color, creditAlign),
      direction: ltr ? "ltr" : "rtl",
    });
  }
  const captionHeight =
    (caption ? caption.lines.length * s.caption.size * s.caption.lineHeight : 0) +
    (credit ? credit.lines.length * s.credit.size * s.credit.lineHeight : 0);
  const padInText = (limits.inText ? PAD_IN_TEXT : PAD_AT_TOP) * L;
  const around =
    padInText + (captionHeight > 0 ? CAPTION_GAP * L + captionHeight : 0) + GAP_BELOW * L;
  const maxPicture = Math.max(MIN_PICTURE_LINES * L, limits.maxHeight - around);
  const own = source.width / source.height;
  let picture: { width: number; height: number };
  let crop: Crop;
  if (source.fit === "contain") {
    // A contained picture keeps its aspect: to balance columns it can only shrink, a line at a time.
    const fitted = Math.min(measure / own, maxPicture);
    const height = Math.max(
      Math.min(fitted, MIN_PICTURE_LINES * L),
      fitted + Math.min(0, limits.lines ?? 0) * L,
    );
    picture = { width: Math.min(measure, height * own), height };
    crop = { x: 0, y: 0, width: source.width, height: source.height };
  } else {
    const natural = Math.min(maxPicture, measure / (template.photos.aspect ?? own));
    const lines = Math.max(
      Math.ceil((MIN_PICTURE_LINES * L + around) / L),
      Math.round((natural + around) / L) + (limits.lines ?? 0),
    );
    let height = Math.min(lines * L - around, Math.max(maxPicture, MIN_PICTURE_LINES * L));
    if (limits.keepResolution && height > natural) {
      // Once the crop is as tall as the picture, it narrows: its ppi falls as the frame grows.
      const sharpest = (source.height * 72) / template.photos.minPpi;
      height = Math.max(natural, Math.min(height, sharpest));
    }
    picture = { width: measure, height };
    crop = coverCrop(source.width, source.height, measure / height, source.focus);
  }
  return {
    photo,
    source,
    measure,
    picture,
    crop,
    ...(caption ? { caption } : {}),
    ...(credit ? { credit } : {}),
    creditAlign,
    slots: Math.ceil((picture.height + around) / L - 1e-9),
    captionHeight,
    padInText,
  };
}

/**
 * Places a figure whose frame's right edge is `right` and whose first grid slot starts at
 * `top`: the photo block, then the caption block with the caption's lines and the credit's.
 */
export function placeFigure(
  b: PageBuilder,
  g: Geometry,
  figure: Figure,
  at: {
    right: number;
    top: number;
    atTop: boolean;
    column: number | null;
    paragraph: number | null;
  },
): void {
  const { template } = g;
  const L = template.baseline;
  const s = template.styles;
  const { source } = figure;
  const padAtTop = PAD_AT_TOP * L;
  const y = at.top + (at.atTop ? padAtTop : figure.padInText);
  // At a column's top a cover picture takes the space it would leave above itself in the
  // text (its crop a little taller), so that its caption ends where the grid resumes.
  const grow = at.atTop && source.fit === "cover" ? figure.padInText - padAtTop : 0;
  const picture = { width: figure.picture.width, height: figure.picture.height + grow };
  const crop =
    grow > 0
      ? coverCrop(source.width, source.height, picture.width / picture.height, source.focus)
      : figure.crop;
  // A narrower "contain" picture is centred in its frame.
  const x = at.right - figure.measure + (figure.measure - picture.width) / 2;
  const block: PhotoBlock = {
    kind: "photo",
    x,
    y,
    width: picture.width,
    height: picture.height,
    column: at.column,
    src: source.src,
    photo: figure.photo,
    pixels: { width: source.width, height: source.height },
    crop,
    ppi: effectivePpi(crop, picture.width),
    embedded: embeddedSize(crop, picture.width, picture.height, template.photos.ppi),
    fit: source.fit,
    ...(source.alt ? { alt: source.alt } : {}),
    paragraph: at.paragraph,
  };
  const photoIndex = b.block(block);
  if (!figure.caption && !figure.credit) return;
  let top = y + picture.height + CAPTION_GAP * L;
  const captionIndex = b.block({
    kind: "caption",
    x: at.right - figure.measure,
    y: top,
    width: figure.measure,
    height: figure.captionHeight,
    column: at.column,
    figure: photoIndex,
  });
  const parts = [
    { set: figure.caption, style: s.caption, align: template.photos.caption as Alignment },
    { set: figure.credit, style: s.credit, align: figure.creditAlign },
  ];
  for (const { set, style, align } of parts) {
    if (!set) continue;
    const where = { right: at.right, measure: figure.measure, top, align, column: at.column };
    top = b.lines(captionIndex, set, style, where);
  }
}
