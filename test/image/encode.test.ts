import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { encodePhoto } from "../../src/image/encode.js";
import { loadPhoto } from "../../src/image/load.js";
import type { PhotoSource } from "../../src/image/types.js";
import { EXAMPLE_PHOTOS, FIXTURE_PHOTOS, folderWith } from "../support/photos.js";

const load = (src: string, dir: string) => loadPhoto({ src }, "ar", { baseDir: dir });
const whole = (p: PhotoSource) => ({ x: 0, y: 0, width: p.width, height: p.height });

/** The encoded picture's pixels as sRGB, and its channel count as stored. */
async function pixels(bytes: Uint8Array) {
  const meta = await sharp(bytes).metadata();
  const { data, info } = await sharp(bytes)
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, stored: meta.channels, space: meta.space };
}

function meanDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

describe("encodePhoto", () => {
  it("turns a picture stored sideways (EXIF orientation 6) upright", async () => {
    const upright = await load("coffee.jpg", EXAMPLE_PHOTOS);
    const sideways = await load("coffee-exif-rotated.jpg", FIXTURE_PHOTOS);
    const request = { crop: { x: 60, y: 40, width: 480, height: 320 }, width: 240, height: 160 };
    const a = await pixels((await encodePhoto(upright, { ...request, color: "rgb" })).bytes);
    const b = await pixels((await encodePhoto(sideways, { ...request, color: "rgb" })).bytes);
    expect([b.width, b.height]).toEqual([240, 160]);
    expect(meanDifference(a.data, b.data)).toBeLessThan(4);
    // Against the same part of the picture turned the wrong way, the difference is large.
    const wrong = await sharp(b.data, { raw: { width: 240, height: 160, channels: 3 } })
      .rotate(180)
      .raw()
      .toBuffer();
    expect(meanDifference(a.data, wrong)).toBeGreaterThan(20);
  });

  it("cuts out exactly the crop", async () => {
    const coffee = await load("coffee.jpg", EXAMPLE_PHOTOS);
    const crop = { x: 100, y: 50, width: 200, height: 100 };
    const ours = await pixels(
      (await encodePhoto(coffee, { crop, width: 200, height: 100, color: "rgb" })).bytes,
    );
    const reference = await sharp(coffee.bytes)
      .extract({ left: 100, top: 50, width: 200, height: 100 })
      .raw()
      .toBuffer();
    expect(meanDifference(ours.data, reference)).toBeLessThan(4);
  });

  it("gives RGB for the screen and CMYK for the press; grey stays one channel", async () => {
    for (const [file, dir] of [
      ["coffee.jpg", EXAMPLE_PHOTOS],
      ["chelsea-cmyk.jpg", FIXTURE_PHOTOS],
      ["camera.png", EXAMPLE_PHOTOS],
    ] as const) {
      const photo = await load(file, dir);
      const request = { crop: whole(photo), width: 120, height: 80 };
      const rgb = await encodePhoto(photo, { ...request, color: "rgb" });
      const cmyk = await encodePhoto(photo, { ...request, color: "cmyk" });
      const grey = file === "camera.png";
      expect(rgb.colorSpace, file).toBe(grey ? "DeviceGray" : "DeviceRGB");
      expect(cmyk.colorSpace, file).toBe(grey ? "DeviceGray" : "DeviceCMYK");
      expect((await pixels(rgb.bytes)).stored, file).toBe(grey ? 1 : 3);
      expect((await pixels(cmyk.bytes)).stored, file).toBe(grey ? 1 : 4);
    }
  });

  it("flattens transparency on white paper", async () => {
    const cat = await load("chelsea-alpha.png", FIXTURE_PHOTOS);
    const image = await encodePhoto(cat, {
      crop: whole(cat),
      width: cat.width,
      height: cat.height,
      color: "rgb",
    });
    expect(image.colorSpace).toBe("DeviceRGB");
    const { data, width, height, stored } = await pixels(image.bytes);
    expect(stored).toBe(3);
    // The corners are fully transparent in the source: white on the page.
    for (const [x, y] of [
      [0, 0],
      [width - 1, 0],
      [0, height - 1],
      [width - 1, height - 1],
    ] as const) {
      const i = (y * width + x) * 3;
      expect(Math.min(data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0)).toBeGreaterThan(240);
    }
  });

  it("keeps line art lossless, photos as JPEG", async () => {
    const raw = Buffer.alloc(64 * 32 * 3, 255);
    for (let x = 0; x < 64; x++) raw.fill(0, (16 * 64 + x) * 3, (16 * 64 + x) * 3 + 3);
    const chart = await sharp(raw, { raw: { width: 64, height: 32, channels: 3 } })
      .png({ palette: true, colours: 2 })
      .toBuffer();
    const dir = folderWith({ "chart.png": chart });
    const art = await load("chart.png", dir);
    expect(art.lineArt).toBe(true);
    const image = await encodePhoto(art, { crop: whole(art), width: 64, height: 32, color: "rgb" });
    expect(image.encoding).toBe("raw");
    expect(image.bytes.length).toBe(64 * 32 * (image.colorSpace === "DeviceGray" ? 1 : 3));
    const photo = await load("coffee.jpg", EXAMPLE_PHOTOS);
    const jpeg = await encodePhoto(photo, {
      crop: whole(photo),
      width: 60,
      height: 40,
      color: "rgb",
    });
    expect(jpeg.encoding).toBe("jpeg");
  });

  it("gives the same bytes every time", async () => {
    const photo = await load("astronaut.jpg", EXAMPLE_PHOTOS);
    const request = { crop: { x: 10, y: 20, width: 300, height: 200 }, width: 150, height: 100 };
    const a = await encodePhoto(photo, { ...request, color: "rgb" });
    const b = await encodePhoto(photo, { ...request, color: "rgb" });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });
});
