/** Photos in the PDF: each picture one image XObject, however often the pages draw it. */
import type { EncodedImage } from "../image/types.js";
import type { PhotoBlock } from "../layout/types.js";
import { num } from "./glyphRuns.js";
import { deflate, deflatedStream, makeRef, type PdfDoc, type PdfRef } from "./pdfkitInternals.js";

export interface EmbeddedImage {
  name: string;
  ref: PdfRef;
}

/**
 * Writes pictures as image XObjects on first use. JPEGs go in as they are (DCTDecode);
 * lossless pictures are deflated. No /Interpolate: PDF/A forbids it, and the pictures are
 * already at the print resolution. CMYK JPEGs from libjpeg are stored inverted, as Adobe
 * writes them (an APP14 marker says so), and /Decode turns them back.
 */
export function createImageSet(doc: PdfDoc) {
  const embedded = new Map<EncodedImage, EmbeddedImage>();
  return {
    /** Whether the picture is in the file already. */
    has(image: EncodedImage): boolean {
      return embedded.has(image);
    },
    use(image: EncodedImage): EmbeddedImage {
      let found = embedded.get(image);
      if (found) return found;
      const dictionary: Record<string, unknown> = {
        Type: "XObject",
        Subtype: "Image",
        Width: image.width,
        Height: image.height,
        ColorSpace: image.colorSpace,
        BitsPerComponent: 8,
      };
      let ref: PdfRef;
      if (image.encoding === "jpeg") {
        if (image.colorSpace === "DeviceCMYK") dictionary.Decode = [1, 0, 1, 0, 1, 0, 1, 0];
        ref = makeRef(doc, { ...dictionary, Filter: "DCTDecode" });
        ref.end(image.bytes);
      } else {
        ref = deflatedStream(doc, dictionary, deflate(image.bytes));
      }
      found = { name: `Im${embedded.size}`, ref };
      embedded.set(image, found);
      return found;
    },
  };
}

/** The operators that paint a picture into a photo block's frame (page space, y down). */
export function imageOperators(block: PhotoBlock, name: string): string {
  const { x, y, width, height } = block;
  return `q ${num(width)} 0 0 ${num(-height)} ${num(x)} ${num(y + height)} cm /${name} Do Q`;
}
