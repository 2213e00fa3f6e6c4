/** Photos for tests: the shipped samples, and pictures made here with sharp. */
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { deflateSync } from "node:zlib";
import sharp from "sharp";
import { parseArticle } from "../../src/article/parse.js";

export const ROOT = resolve(import.meta.dirname, "..", "..");
/** coffee.jpg, astronaut.jpg, camera.png */
export const EXAMPLE_PHOTOS = join(ROOT, "examples", "photos");
/** coffee-exif-rotated.jpg, chelsea.png, chelsea-cmyk.jpg, chelsea-alpha.png */
export const FIXTURE_PHOTOS = join(ROOT, "test", "fixtures", "photos");

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), "sahifa-photos-"));
}

/** A smooth RGB test picture of the given size (gradients: JPEG-friendly, nothing flat). */
export async function gradientJpeg(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = (x * 255) / width;
      raw[i + 1] = (y * 255) / height;
      raw[i + 2] = ((x + y) * 127) / (width + height);
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A decompression bomb: a valid PNG of a few hundred bytes that declares `size` × `size`
 * pixels of one-bit grey (its one row of data is all a decoder gets before it has to allocate).
 */
export function bombPng(size: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // grey
  const row = Buffer.alloc(1 + Math.ceil(size / 8));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(row)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Writes files into a fresh folder and returns it. */
export function folderWith(files: Record<string, string | Uint8Array>): string {
  const dir = scratchDir();
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/**
 * A Markdown article in a fresh folder beside copies of every sample photo: the front matter
 * lines given, then the paragraphs.
 */
export function articleInFolder(frontMatter: string[], body: readonly string[]) {
  const dir = scratchDir();
  for (const name of ["coffee.jpg", "astronaut.jpg", "camera.png"])
    copyFileSync(join(EXAMPLE_PHOTOS, name), join(dir, name));
  for (const name of [
    "coffee-exif-rotated.jpg",
    "chelsea.png",
    "chelsea-cmyk.jpg",
    "chelsea-alpha.png",
  ])
    copyFileSync(join(FIXTURE_PHOTOS, name), join(dir, name));
  const text = ["---", ...frontMatter, "---", "", ...body.flatMap((p) => [p, ""])].join("\n");
  return { article: parseArticle(text, { fileName: "story.md", format: "md" }), dir };
}
