/**
 * Photos through the command line: every bad or hostile picture gives one line naming the
 * article and the photo, exit 1 and no output; --photo and --caption; layout --json's photo and
 * caption blocks; --strict and low resolution; batch re-renders a PDF whose photo changed.
 */
import { copyFileSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bombPng, EXAMPLE_PHOTOS } from "../support/photos.js";
import { listing, STACK_LINE, sahifa, tempDir } from "./cli.js";

const BODY = [
  "قال وزير الاقتصاد إن الحكومة ستطلق برنامجاً جديداً لدعم المشاريع الصغيرة والمتوسطة خلال العام المقبل، بتمويل يبلغ مليار دولار.",
  "وأضاف أن البرنامج يستهدف الشباب في المحافظات البعيدة عن العاصمة، ويشمل قروضاً ميسّرة وتدريباً على الإدارة والتسويق.",
].join("\n\n");
const OLD_PDF = Buffer.from("%PDF-1.7\n% an older rendering, which a failed run must keep\n");
const coffee = readFileSync(join(EXAMPLE_PHOTOS, "coffee.jpg"));

function article(photo: string): string {
  return `---\nheadline: برنامج لدعم المشاريع الصغيرة\n${photo}\n---\n\n${BODY}\n`;
}

const BAD: {
  name: string;
  photo: string;
  files?: Record<string, string | Uint8Array>;
  says: RegExp;
}[] = [
  {
    name: "a missing file",
    photo: "photo: photos/none.jpg",
    says: /photo "photos\/none\.jpg": file not found/,
  },
  {
    name: "a text file named .jpg",
    photo: "photo: fake.jpg",
    files: { "fake.jpg": "ليست صورة\n" },
    says: /photo "fake\.jpg": not an image/,
  },
  {
    name: "a truncated JPEG",
    photo: "photo: cut.jpg",
    files: { "cut.jpg": coffee.subarray(0, 20_000) },
    says: /photo "cut\.jpg": the image is truncated/,
  },
  {
    name: "an SVG",
    photo: "photo: logo.svg",
    files: { "logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>' },
    says: /photo "logo\.svg": unsupported image format svg/,
  },
  {
    name: "a decompression bomb",
    photo: "photo: bomb.png",
    files: { "bomb.png": bombPng(60_000) },
    says: /photo "bomb\.png": 60000 × 60000 pixels is too large to decode safely/,
  },
  {
    name: "a URL",
    photo: "photo: https://example.com/photo.jpg",
    says: /photo\.src: "https:\/\/example\.com\/photo\.jpg" is a URL: sahifa reads photos from files/,
  },
  {
    name: "a photo in the text after a paragraph that does not exist",
    photo: "photos: [{ src: cup.jpg, after: 7 }]",
    files: { "cup.jpg": coffee },
    says: /photos\[0\]\.after: paragraph 7 does not exist/,
  },
];

describe("bad photos: one line naming the article and the photo, exit 1, no output", () => {
  it.concurrent.each(BAD)("$name", async (c) => {
    const dir = tempDir();
    writeFileSync(join(dir, "story.md"), article(c.photo));
    for (const [name, content] of Object.entries(c.files ?? {}))
      writeFileSync(join(dir, name), content);
    writeFileSync(join(dir, "out.pdf"), OLD_PDF);
    const before = listing(dir);
    const started = performance.now();
    const result = await sahifa(["render", "story.md", "-o", "out.pdf"], dir);
    expect(result.stderr).toMatch(/^sahifa: story\.md: [^\n]*\n$/);
    expect(result.stderr).toMatch(c.says);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.status).toBe(1);
    expect(listing(dir)).toEqual(before);
    expect(readFileSync(join(dir, "out.pdf")).equals(OLD_PDF)).toBe(true);
    // Not even a bomb keeps the command busy (this bounds the whole process, Node's start included).
    expect(performance.now() - started).toBeLessThan(60_000);
  });
});

describe("--photo and --caption", () => {
  it.concurrent("give a plain-text article a lead photo with a caption", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "story.txt"),
      `برنامج لدعم المشاريع الصغيرة\n${BODY.replace("\n\n", "\n")}\n`,
    );
    copyFileSync(join(EXAMPLE_PHOTOS, "coffee.jpg"), join(dir, "cup.jpg"));
    const result = await sahifa(
      ["layout", "story.txt", "--photo", "cup.jpg", "--caption", "قهوة الصباح في مقهى شعبي"],
      dir,
    );
    // 600 pixels across two a4-3col columns: soft, and said so.
    expect(result.stderr).toMatch(
      /^sahifa: warning: story\.txt: photo prints under 150 ppi[^\n]*cup\.jpg \(12\d ppi\)\n$/,
    );
    expect(result.status).toBe(0);
    const layout = JSON.parse(result.stdout) as {
      pages: {
        blocks: {
          kind: string;
          src?: string;
          crop?: object;
          ppi?: number;
          pixels?: object;
          figure?: number;
        }[];
        lines: { block: number; text: string }[];
      }[];
    };
    const page = layout.pages[0];
    if (!page) throw new Error("no page");
    const photoIndex = page.blocks.findIndex((b) => b.kind === "photo");
    const photo = page.blocks[photoIndex];
    expect(photo?.src).toMatch(/cup\.jpg$/);
    expect(photo?.pixels).toEqual({ width: 600, height: 400 });
    expect(photo?.crop).toMatchObject({ x: expect.any(Number), width: expect.any(Number) });
    expect(photo?.ppi).toBeGreaterThan(100);
    const captionIndex = page.blocks.findIndex((b) => b.kind === "caption");
    expect(page.blocks[captionIndex]?.figure).toBe(photoIndex);
    const captionText = page.lines.filter((l) => l.block === captionIndex).map((l) => l.text);
    // The caption given, then the picture's own credit.
    expect(captionText).toEqual(["قهوة الصباح في مقهى شعبي", "Rachel Michetti (CC0)"]);
  });

  it.concurrent("--caption with no photo is one clear line", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "story.md"), article(""));
    const result = await sahifa(["render", "story.md", "-o", "out.pdf", "--caption", "شرح"], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^sahifa: story\.md: a caption was given for a photo, but the article has none[^\n]*\n$/,
    );
    expect(listing(dir)).toEqual(["story.md"]);
  });
});

describe("resolution", () => {
  it.concurrent("warns once for a soft photo, and --strict refuses it", async () => {
    const dir = tempDir();
    copyFileSync(join(EXAMPLE_PHOTOS, "coffee.jpg"), join(dir, "cup.jpg"));
    // One column of a4-1col is 516 pt: 600 pixels print at 83 ppi.
    writeFileSync(join(dir, "story.md"), article("photo: cup.jpg\ntemplate: a4-1col"));
    const warned = await sahifa(["render", "story.md", "-o", "out.pdf"], dir);
    expect(warned.status).toBe(0);
    expect(warned.stderr).toBe(
      "sahifa: warning: story.md: photo prints under 150 ppi and will look soft: cup.jpg (83 ppi)\n",
    );
    const strict = await sahifa(["render", "story.md", "-o", "strict.pdf", "--strict"], dir);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(
      /^sahifa: story\.md: photo prints under 150 ppi[^\n]*\(strict\)\n$/,
    );
    expect(listing(dir)).toEqual(["cup.jpg", "out.pdf", "story.md"]);
  });
});

describe("batch", () => {
  it.concurrent("renders again a PDF whose photo changed, and only that one", async () => {
    const dir = tempDir();
    copyFileSync(join(EXAMPLE_PHOTOS, "coffee.jpg"), join(dir, "cup.jpg"));
    writeFileSync(join(dir, "a.md"), article("photo: cup.jpg"));
    writeFileSync(join(dir, "b.md"), article(""));
    const first = await sahifa(["batch", "a.md", "b.md", "--out-dir", "out", "--jobs", "1"], dir);
    expect(first.status).toBe(0);
    const again = await sahifa(["batch", "a.md", "b.md", "--out-dir", "out", "--jobs", "1"], dir);
    expect(again.stderr).toMatch(/done 0, failed 0, skipped 2/);
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dir, "cup.jpg"), later, later);
    const changed = await sahifa(["batch", "a.md", "b.md", "--out-dir", "out", "--jobs", "1"], dir);
    expect(changed.stderr).toMatch(/done 1, failed 0, skipped 1/);
  });
});
