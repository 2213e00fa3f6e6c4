// A made-up archive: `count` distinct articles recombined from the examples' headlines, kickers,
// bylines, datelines, paragraphs and photos by a seeded generator, so that every run writes the
// same files. Used by the batch benchmarks: copies of one article would hit the shaping cache
// far more than an archive does.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";

const root = new URL("..", import.meta.url).pathname;
const examples = join(root, "examples");

/** mulberry32: a small seeded generator, good enough to pick and shuffle. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The examples' front matter fields and body paragraphs, read once. */
function pool() {
  const fields = { kicker: [], headline: [], byline: [], dateline: [], source: [] };
  const paragraphs = [];
  for (const file of readdirSync(examples).filter((f) => f.endsWith(".md"))) {
    const text = readFileSync(join(examples, file), "utf8");
    const [, head = "", body = ""] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
    for (const key of Object.keys(fields)) {
      const value = new RegExp(`^${key}: (.+)$`, "m").exec(head)?.[1];
      if (value) fields[key].push(value);
    }
    for (const p of body.split(/\n\s*\n/)) {
      const t = p.trim();
      if (t && !t.startsWith("#")) paragraphs.push(t);
    }
  }
  return { fields, paragraphs };
}

const PHOTOS = ["astronaut.jpg", "coffee.jpg", "camera.png"];
const TEMPLATES = ["a4-3col", "a4-3col", "a4-3col", "a3-5col", "tabloid-4col"];

/**
 * The same picture as other bytes: a JPEG comment, or a PNG text chunk, naming `tag`. The
 * pixels do not change; the photo memo (src/image/memo.ts), which knows a picture by its bytes,
 * sees a photo it has never met.
 */
function tagged(bytes, tag) {
  const text = Buffer.from(`sahifa archive photo ${tag}`, "latin1");
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const comment = Buffer.alloc(4);
    comment.writeUInt16BE(0xfffe, 0);
    comment.writeUInt16BE(text.length + 2, 2);
    return Buffer.concat([bytes.subarray(0, 2), comment, text, bytes.subarray(2)]);
  }
  // PNG: a tEXt chunk just before IEND, the last 12 bytes.
  const data = Buffer.concat([Buffer.from("Comment\0", "latin1"), text]);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write("tEXt", 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  const end = bytes.length - 12;
  return Buffer.concat([bytes.subarray(0, end), head, data, crc, bytes.subarray(end)]);
}

/**
 * Writes `count` articles to `dir` (with the photos they use in dir/photos): 3 to 9 paragraphs
 * each, every fifth with a lead photo, a mix of templates as an archive has. Returns the paths.
 * The photos are the 3 examples, shared; with `distinctPhotos`, each photo article has a copy of
 * its own, as in an archive where no picture appears twice.
 */
export function writeArchive(dir, count, seed = 1, { distinctPhotos = false } = {}) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const { fields, paragraphs } = pool();
  mkdirSync(join(dir, "photos"), { recursive: true });
  for (const photo of PHOTOS)
    copyFileSync(join(examples, "photos", photo), join(dir, "photos", photo));
  const files = [];
  for (let i = 0; i < count; i++) {
    const n = 3 + Math.floor(next() * 7);
    const body = Array.from({ length: n }, () => pick(paragraphs));
    let photo = "";
    if (i % 5 === 0) {
      let src = pick(PHOTOS);
      if (distinctPhotos) {
        const own = src.replace(/\.\w+$/, (ext) => `-${i}${ext}`);
        writeFileSync(
          join(dir, "photos", own),
          tagged(readFileSync(join(examples, "photos", src)), i),
        );
        src = own;
      }
      photo = `photo:\n  src: photos/${src}\n`;
    }
    const day = String(1 + Math.floor(next() * 28)).padStart(2, "0");
    const front = [
      `kicker: ${pick(fields.kicker)}`,
      // Two headlines' halves: distinct headlines, as distinct articles have.
      `headline: ${pick(fields.headline).split(" ").slice(0, 4).join(" ")} ${pick(fields.headline).split(" ").slice(-4).join(" ")}`,
      `byline: ${pick(fields.byline)}`,
      `dateline: ${pick(fields.dateline)}`,
      `date: 2026-11-${day}`,
      `source: ${pick(fields.source)}`,
      `template: ${pick(TEMPLATES)}`,
    ].join("\n");
    const file = join(dir, `story-${String(i).padStart(4, "0")}.md`);
    writeFileSync(file, `---\n${front}\n${photo}---\n\n${body.join("\n\n")}\n`);
    files.push(file);
  }
  return files;
}
