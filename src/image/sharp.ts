/**
 * sharp, loaded on first use: a text-only article never pays for the native module (it would
 * add its load time to every run of the command line).
 */
import type { Sharp, SharpOptions } from "sharp";

type SharpFunction = typeof import("sharp").default;

let loading: Promise<SharpFunction> | undefined;

/**
 * The largest picture sahifa decodes: 100 megapixels, above the largest press cameras. A
 * decompression bomb (a small file that declares a huge picture) is refused from its header,
 * before a pixel is decoded.
 */
export const MAX_PIXELS = 100_000_000;

export function loadSharp(): Promise<SharpFunction> {
  loading ??= import("sharp").then((module) => {
    // libvips' operation cache keeps decoded pictures for reuse: in a batch of thousands of
    // articles each picture is used once, and the cache would only hold memory.
    module.default.cache(false);
    return module.default;
  });
  return loading;
}

/** A pipeline over an image's bytes with sahifa's limits: the pixel cap, and no truncated data. */
export async function openImage(bytes: Uint8Array, options: SharpOptions = {}): Promise<Sharp> {
  const sharp = await loadSharp();
  return sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: "truncated", ...options });
}
