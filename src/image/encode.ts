/** A photo made for the PDF: the crop cut out, resampled to the print size, in the PDF's colours. */
import { openImage } from "./sharp.js";
import type { Crop, EncodedImage, PhotoSource } from "./types.js";

export interface EncodeRequest {
  crop: Crop;
  /** Pixels to embed (the crop's own size, or fewer: never more). */
  width: number;
  height: number;
  /** The page's colours: RGB photos become CMYK for the press. Greys stay one channel. */
  color: "rgb" | "cmyk";
}

/**
 * JPEG settings, pinned so that the same picture gives the same bytes on every run: quality 88
 * at 4:2:0 is what newspaper workflows send to the plate, baseline (not progressive) for old
 * RIPs, Huffman tables optimised (smaller, and still deterministic).
 */
const JPEG = {
  quality: 88,
  chromaSubsampling: "4:2:0",
  progressive: false,
  optimiseCoding: true,
  mozjpeg: false,
} as const;

/**
 * Cuts out `crop` of the upright picture, resamples it (Lanczos 3) to the requested size,
 * flattens any transparency on white paper (PDF/A and print RIPs then see no transparency),
 * and converts it: sRGB, or CMYK through libvips' CMYK profile with `color: "cmyk"`, or
 * one-channel grey for grey pictures. Photos become JPEG; line art stays lossless.
 */
export async function encodePhoto(
  source: PhotoSource,
  request: EncodeRequest,
): Promise<EncodedImage> {
  const { crop, width, height } = request;
  let pipeline = openImage(source.bytes)
    .autoOrient()
    .extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height });
  if (width !== crop.width || height !== crop.height) {
    pipeline = pipeline.resize(width, height, { fit: "fill", kernel: "lanczos3" });
  }
  if (source.alpha) pipeline = pipeline.flatten({ background: "#ffffff" });
  const colorSpace = source.grey
    ? "DeviceGray"
    : request.color === "cmyk"
      ? "DeviceCMYK"
      : "DeviceRGB";
  pipeline = pipeline.toColourspace(
    colorSpace === "DeviceGray" ? "b-w" : colorSpace === "DeviceCMYK" ? "cmyk" : "srgb",
  );
  const channels = colorSpace === "DeviceGray" ? 1 : colorSpace === "DeviceCMYK" ? 4 : 3;
  if (source.lineArt) {
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== channels)
      throw new Error(`expected ${channels} channels, got ${info.channels}`);
    return { width: info.width, height: info.height, colorSpace, encoding: "raw", bytes: data };
  }
  const { data, info } = await pipeline.jpeg(JPEG).toBuffer({ resolveWithObject: true });
  if (info.channels !== channels)
    throw new Error(`expected ${channels} channels, got ${info.channels}`);
  return { width: info.width, height: info.height, colorSpace, encoding: "jpeg", bytes: data };
}
