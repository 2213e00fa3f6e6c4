import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { loadPhoto } from "../../src/image/load.js";
import {
  encodedPicture,
  forgetPictures,
  photoMemoCounts,
  photoMemoSize,
  pictureDigest,
} from "../../src/image/memo.js";
import type { EncodedImage } from "../../src/image/types.js";
import { renderArticle } from "../../src/render.js";
import { articleInFolder, EXAMPLE_PHOTOS, folderWith, gradientJpeg } from "../support/photos.js";

const MB = 1024 * 1024;

function picture(bytes: number, fill: number): EncodedImage {
  return {
    width: 1,
    height: 1,
    colorSpace: "DeviceRGB",
    encoding: "jpeg",
    bytes: new Uint8Array(bytes).fill(fill),
  };
}

beforeEach(() => forgetPictures());

describe("the photo memo", () => {
  it("keeps an encoded picture from its second request on, and gives it back unchanged", async () => {
    let made = 0;
    const make = async () => {
      made++;
      return picture(1000, made);
    };
    const first = await encodedPicture("d", { crop: 1 }, make);
    const second = await encodedPicture("d", { crop: 1 }, make);
    const third = await encodedPicture("d", { crop: 1 }, make);
    expect(made).toBe(2);
    expect(third).toBe(second);
    expect(first.bytes[0]).toBe(1);
    // Another crop of the same picture is another request.
    await encodedPicture("d", { crop: 2 }, make);
    expect(made).toBe(3);
    expect(photoMemoCounts.encodedHits).toBe(1);
  });

  it("holds no pictures for an archive whose photos are all distinct", async () => {
    for (let i = 0; i < 50; i++) await encodedPicture(`d${i}`, {}, async () => picture(MB, i));
    expect(photoMemoSize()).toMatchObject({ encoded: 0, encodedBytes: 0 });
  });

  it("forgets the least recently used pictures beyond its budget of bytes", async () => {
    const ask = (i: number) => encodedPicture(`d${i}`, {}, async () => picture(3 * MB, i));
    for (let i = 0; i < 10; i++) {
      await ask(i);
      await ask(i);
      // d0 is asked for after every other: it stays while older ones go.
      if (i > 0) await ask(0);
    }
    const held = photoMemoSize();
    expect(held.encodedBytes).toBeLessThanOrEqual(16 * MB);
    expect(held.encoded).toBe(5);
    const hits = photoMemoCounts.encodedHits;
    await ask(0);
    expect(photoMemoCounts.encodedHits).toBe(hits + 1);
    await ask(1);
    expect(photoMemoCounts.encodedHits).toBe(hits + 1);
  });

  it("finds a picture's facts once for its content, whatever path names it", async () => {
    const coffee = readFileSync(join(EXAMPLE_PHOTOS, "coffee.jpg"));
    const dir = folderWith({ "a.jpg": coffee, "b.jpg": coffee });
    const a = await loadPhoto({ src: "a.jpg" }, "ar", { baseDir: dir });
    const b = await loadPhoto({ src: "b.jpg" }, "ar", { baseDir: dir });
    expect(photoMemoCounts.factsHits).toBe(1);
    expect(photoMemoCounts.captionHits).toBe(1);
    expect(b.digest).toBe(a.digest);
    expect(b.digest).toBe(pictureDigest(coffee));
    expect({ ...b, src: "", path: "" }).toEqual({ ...a, src: "", path: "" });
    // The facts are those of a fresh load.
    forgetPictures();
    const fresh = await loadPhoto({ src: "b.jpg" }, "ar", { baseDir: dir });
    expect(photoMemoCounts.factsHits).toBe(0);
    expect(fresh).toEqual(b);
  });

  it("sees a changed file as a new picture", async () => {
    const dir = folderWith({ "p.jpg": await gradientJpeg(120, 80) });
    const before = await loadPhoto({ src: "p.jpg" }, "ar", { baseDir: dir });
    writeFileSync(join(dir, "p.jpg"), await gradientJpeg(90, 160));
    const after = await loadPhoto({ src: "p.jpg" }, "ar", { baseDir: dir });
    expect([before.width, before.height]).toEqual([120, 80]);
    expect([after.width, after.height]).toEqual([90, 160]);
    expect(photoMemoCounts.factsHits).toBe(0);
  });

  it("draws the same PDF whether a render's pictures come from the memo or from sharp", async () => {
    const { article, dir } = articleInFolder(
      ["headline: قهوة الصباح", "photo:", "  src: coffee.jpg", "photos:", "  - src: camera.png"],
      ["فقرة أولى عن القهوة في الصباح.", "فقرة ثانية عن الكاميرا."],
    );
    for (const cmyk of [false, true]) {
      forgetPictures();
      const options = { photoDir: dir, cmyk };
      const fresh = await renderArticle(article, options);
      const admitted = await renderArticle(article, options);
      const remembered = await renderArticle(article, options);
      expect(photoMemoCounts.encodedHits).toBeGreaterThanOrEqual(2);
      expect(photoMemoCounts.factsHits).toBe(4);
      expect(Buffer.from(admitted).equals(Buffer.from(fresh))).toBe(true);
      expect(Buffer.from(remembered).equals(Buffer.from(fresh))).toBe(true);
    }
  });
});
