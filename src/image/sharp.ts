/**
 * sharp, loaded on first use: a text-only article never pays for the native module (it would
 * add its load time to every run of the command line).
 */
import { createRequire } from "node:module";
import type { Sharp, SharpOptions } from "sharp";

type SharpFunction = typeof import("sharp").default;

let loaded: SharpFunction | undefined;

/**
 * The largest picture sahifa decodes: 100 megapixels, above the largest press cameras. A
 * decompression bomb (a small file that declares a huge picture) is refused from its header,
 * before a pixel is decoded.
 */
export const MAX_PIXELS = 100_000_000;

/**
 * Through require: the command line runs as one bundled script from a V8 code cache, where
 * import() of a package is not available; sharp ships CommonJS.
 */
export function loadSharp(): SharpFunction {
  if (!loaded) {
    loaded = createRequire(import.meta.url)("sharp") as SharpFunction;
    // libvips' operation cache keeps decoded pictures for reuse: in a batch of thousands of
    // articles each picture is used once, and the cache would only hold memory.
    loaded.cache(false);
  }
  return loaded;
}

/** A pipeline over an image's bytes with sahifa's limits: the pixel cap, and no truncated data. */
export function openImage(bytes: Uint8Array, options: SharpOptions = {}): Sharp {
  const sharp = loadSharp();
  return sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: "truncated", ...options });
}
