import type { Crop } from "./types.js";

/**
 * The part of a `width` × `height` picture that fills a frame of the given aspect (width over
 * height): as large as the picture allows, centred on the focus point and moved inside the
 * picture where the focus is near an edge (as libvips' own attention crop does). Whole pixels.
 */
export function coverCrop(
  width: number,
  height: number,
  aspect: number,
  focus: readonly [number, number],
): Crop {
  const cropWidth = Math.max(1, Math.min(width, Math.round(height * aspect)));
  const cropHeight = Math.max(1, Math.min(height, Math.round(cropWidth / aspect)));
  const place = (size: number, crop: number, at: number) =>
    Math.min(size - crop, Math.max(0, Math.round(at * size - crop / 2)));
  return {
    x: place(width, cropWidth, focus[0]),
    y: place(height, cropHeight, focus[1]),
    width: cropWidth,
    height: cropHeight,
  };
}

/** Points per inch. */
const PT_PER_INCH = 72;

/** Pixels per inch of a crop drawn `drawnWidth` pt wide. */
export function effectivePpi(crop: Crop, drawnWidth: number): number {
  return crop.width / (drawnWidth / PT_PER_INCH);
}

/**
 * The pixel size to embed a crop at for a frame of `drawnWidth` × `drawnHeight` pt: the
 * target resolution, or the crop's own when it has fewer pixels (never upsampled).
 */
export function embeddedSize(
  crop: Crop,
  drawnWidth: number,
  drawnHeight: number,
  targetPpi: number,
): { width: number; height: number } {
  const wanted = (drawnWidth / PT_PER_INCH) * targetPpi;
  if (wanted >= crop.width) return { width: crop.width, height: crop.height };
  const scale = wanted / crop.width;
  return {
    width: Math.max(1, Math.round(crop.width * scale)),
    height: Math.max(1, Math.round((drawnHeight / PT_PER_INCH) * targetPpi)),
  };
}
