import { copyFileSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SahifaError } from "../../src/errors.js";
import { iptcText } from "../../src/image/caption.js";
import { loadPhoto } from "../../src/image/load.js";
import {
  bombPng,
  EXAMPLE_PHOTOS,
  FIXTURE_PHOTOS,
  folderWith,
  gradientJpeg,
  scratchDir,
} from "../support/photos.js";

const load = (src: string, baseDir: string, extra: object = {}) =>
  loadPhoto({ src, ...extra }, "ar", { baseDir, fileName: "story.md" });

/** The one-line error a photo gives, or "" when it loads. */
async function problem(src: string, baseDir: string, confine = false): Promise<string> {
  try {
    await loadPhoto({ src }, "ar", { baseDir, fileName: "story.md", confine });
    return "";
  } catch (error) {
    expect(error).toBeInstanceOf(SahifaError);
    const message = (error as Error).message;
    expect(message).not.toMatch(/\n/);
    return message;
  }
}

describe("loadPhoto", () => {
  it("reads the upright size, with EXIF orientation applied", async () => {
    const upright = await load("coffee.jpg", EXAMPLE_PHOTOS);
    const rotated = await load("coffee-exif-rotated.jpg", FIXTURE_PHOTOS);
    expect([upright.width, upright.height]).toEqual([600, 400]);
    // Its pixels are stored 400 wide and 600 high.
    expect([rotated.width, rotated.height]).toEqual([600, 400]);
  });

  it("takes the caption and credit from XMP and IPTC, UTF-8 Arabic intact", async () => {
    const coffee = await load("coffee.jpg", EXAMPLE_PHOTOS);
    expect(coffee.caption).toBe("فنجان قهوة على طاولة خشبية");
    expect(coffee.credit).toBe("Rachel Michetti (CC0)");
    expect(coffee.alt).toBe(coffee.caption);
    const astronaut = await load("astronaut.jpg", EXAMPLE_PHOTOS);
    expect(astronaut.caption).toBe("رائدة الفضاء الأمريكية إيلين كولينز");
    expect(astronaut.credit).toBe("NASA");
  });

  it("keeps the article's own caption, credit and alt over the picture's", async () => {
    const p = await load("coffee.jpg", EXAMPLE_PHOTOS, {
      caption: "قهوة الصباح",
      credit: "تصوير: سارة",
      alt: "فنجان",
    });
    expect([p.caption, p.credit, p.alt]).toEqual(["قهوة الصباح", "تصوير: سارة", "فنجان"]);
  });

  it("reads IPTC text written as UTF-8, and leaves Latin-1 text as it is", () => {
    const utf8AsLatin1 = Buffer.from("فنجان قهوة", "utf8").toString("latin1");
    expect(iptcText(utf8AsLatin1)).toBe("فنجان قهوة");
    expect(iptcText("Café Rössli")).toBe("Café Rössli");
    expect(iptcText(["NASA", "other"])).toBe("NASA");
  });

  it("has no caption when the picture has none, and does not fail", async () => {
    const p = await load("chelsea.png", FIXTURE_PHOTOS);
    expect(p.caption).toBeUndefined();
    expect(p.credit).toBeUndefined();
  });

  it("tells grey, alpha and colour pictures apart", async () => {
    const camera = await load("camera.png", EXAMPLE_PHOTOS);
    const alpha = await load("chelsea-alpha.png", FIXTURE_PHOTOS);
    const cmyk = await load("chelsea-cmyk.jpg", FIXTURE_PHOTOS);
    expect([camera.grey, camera.alpha]).toEqual([true, false]);
    expect([alpha.grey, alpha.alpha]).toEqual([false, true]);
    expect([cmyk.grey, cmyk.alpha]).toEqual([false, false]);
  });

  it("finds a focus inside the picture by attention, or takes the article's", async () => {
    const p = await load("astronaut.jpg", EXAMPLE_PHOTOS);
    for (const v of p.focus) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    // The astronaut's face is in the upper half of the picture.
    expect(p.focus[1]).toBeLessThan(0.5);
    const given = await load("astronaut.jpg", EXAMPLE_PHOTOS, { focus: [0.1, 0.9] });
    expect(given.focus).toEqual([0.1, 0.9]);
  });
});

describe("bad and hostile photos: one line naming the article and the photo", () => {
  const coffee = readFileSync(join(EXAMPLE_PHOTOS, "coffee.jpg"));
  const png = readFileSync(join(FIXTURE_PHOTOS, "chelsea.png"));

  it("a missing file", async () => {
    expect(await problem("nowhere/none.jpg", scratchDir())).toBe(
      'story.md: photo "nowhere/none.jpg": file not found',
    );
  });

  it("a file that is not an image", async () => {
    const dir = folderWith({ "notes.jpg": "نص عادي وليس صورة\n", "empty.png": "" });
    expect(await problem("notes.jpg", dir)).toMatch(/^story\.md: photo "notes\.jpg": not an image/);
    expect(await problem("empty.png", dir)).toMatch(/^story\.md: photo "empty\.png": empty file/);
  });

  it("a truncated JPEG and a corrupt PNG", async () => {
    const broken = Buffer.from(png);
    // Garbage over the middle of the compressed data.
    broken.fill(0x5a, 2000, 6000);
    const dir = folderWith({
      "cut.jpg": coffee.subarray(0, Math.floor(coffee.length / 2)),
      "broken.png": broken,
    });
    expect(await problem("cut.jpg", dir)).toBe('story.md: photo "cut.jpg": the image is truncated');
    expect(await problem("broken.png", dir)).toMatch(
      /^story\.md: photo "broken\.png": the image is corrupt/,
    );
    // Decoded before layout even when the article says where to crop.
    await expect(
      loadPhoto({ src: "cut.jpg", focus: [0.5, 0.5] }, "ar", {
        baseDir: dir,
        fileName: "story.md",
      }),
    ).rejects.toThrow("the image is truncated");
  });

  it("an unsupported format", async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    const dir = folderWith({ "logo.svg": svg });
    expect(await problem("logo.svg", dir)).toMatch(
      /^story\.md: photo "logo\.svg": (unsupported image format svg|not an image)/,
    );
  });

  it("a decompression bomb fails from its header, fast", async () => {
    const bomb = bombPng(50_000);
    expect(bomb.length).toBeLessThan(10_000);
    const dir = folderWith({ "bomb.png": bomb });
    const before = process.memoryUsage().rss;
    expect(await problem("bomb.png", dir)).toMatch(
      /^story\.md: photo "bomb\.png": 50000 × 50000 pixels is too large to decode safely/,
    );
    // 2.5 gigapixels were never allocated.
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it("a path out of the article's folder: allowed, except when confined", async () => {
    const dir = scratchDir();
    const inner = join(dir, "story");
    copyFileSync(join(EXAMPLE_PHOTOS, "coffee.jpg"), join(dir, "coffee.jpg"));
    const { mkdirSync } = await import("node:fs");
    mkdirSync(inner);
    expect(await problem("../coffee.jpg", inner)).toBe("");
    expect(await problem("../coffee.jpg", inner, true)).toBe(
      'story.md: photo "../coffee.jpg": a photo must be inside the article\'s folder',
    );
    expect(await problem(join(dir, "coffee.jpg"), inner, true)).toMatch(
      /a photo must be inside the article's folder$/,
    );
    // A link inside the folder that leads out of it.
    symlinkSync(join(dir, "coffee.jpg"), join(inner, "link.jpg"));
    expect(await problem("link.jpg", inner)).toBe("");
    expect(await problem("link.jpg", inner, true)).toMatch(/must be inside the article's folder$/);
  });

  it("a large picture loads (sharp-made, 4000 px)", async () => {
    const dir = folderWith({ "big.jpg": await gradientJpeg(4000, 2667) });
    const p = await load("big.jpg", dir);
    expect([p.width, p.height]).toEqual([4000, 2667]);
  });
});
