#!/usr/bin/env node
// Writes the reference shaping fixtures test/fixtures/shaping/<font stem>.json from HarfBuzz's
// own command-line tool, hb-shape, so test/text/shape.test.ts can check our harfbuzzjs shaper
// against it. Run by hand (not by CI) when the words, fonts or hb-shape change:
//
//   node scripts/make-shape-fixtures.mjs
//
// Items: the words of examples/jaafari-lavrov.txt (split on white space, punctuation kept,
// deduplicated) and the lines of test/fixtures/shaping/hard-words.txt. Each item is shaped
// whole with `hb-shape --output-format=json --no-glyph-names` and explicit direction, script
// and language (see caseFor). hb-shape's "cl" are code point indices into the item, not UTF-8
// byte offsets (it converts unless given --utf8-clusters).
//
// Entries of "knownVersionDifferences" already in a fixture file are kept for the items still
// present: they record, with a reason found by hand, where our HarfBuzz (harfbuzzjs) and the
// hb-shape that made the fixture legitimately disagree.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const fixturesDir = join(root, "test", "fixtures", "shaping");
const fonts = ["Amiri-Regular.ttf", "NotoNaskhArabic-Regular.ttf"];

/** The seed article's words, in first-seen order, deduplicated. */
function articleItems() {
  const text = readFileSync(join(root, "examples", "jaafari-lavrov.txt"), "utf8");
  const words = text.split(/\s+/u).filter((word) => word !== "");
  return [...new Set(words)].map((text) => ({ text, language: "ar" }));
}

/** hard-words.txt: one item per line; "#" starts a comment; "# language: xx" sets the language. */
function hardItems() {
  const lines = readFileSync(join(fixturesDir, "hard-words.txt"), "utf8").split("\n");
  const items = [];
  let language = "ar";
  for (const raw of lines) {
    // Strip only spaces, tabs and CR: ZWJ/ZWNJ at an item's edge are part of the item.
    const line = raw.replace(/^[ \t\r]+|[ \t\r]+$/gu, "");
    if (line === "") continue;
    if (line.startsWith("#")) {
      const directive = /^#\s*language:\s*([A-Za-z-]+)\s*$/u.exec(line);
      if (directive?.[1]) language = directive[1];
      continue;
    }
    items.push({ text: line, language });
  }
  return items;
}

/**
 * Direction and script the way the typesetter would shape the item: digit strings (any digit
 * script) are LTR (the bidi algorithm puts them at level 2) with script arab; anything holding
 * Arabic-script characters is RTL arab; Latin is LTR latn; other neutral material (numbers with
 * punctuation) is LTR in the surrounding arab script.
 */
function caseFor({ text, language }) {
  if (/^\p{Nd}+$/u.test(text)) return { text, direction: "ltr", script: "arab", language };
  if (/\p{Script=Arabic}/u.test(text)) return { text, direction: "rtl", script: "arab", language };
  if (/\p{Script=Latin}/u.test(text)) return { text, direction: "ltr", script: "latn", language };
  return { text, direction: "ltr", script: "arab", language };
}

function hbShape(fontPath, c) {
  const out = execFileSync(
    "hb-shape",
    [
      "--output-format=json",
      "--no-glyph-names",
      `--direction=${c.direction}`,
      `--script=${c.script}`,
      `--language=${c.language}`,
      fontPath,
      // --text= rather than a positional argument, so an item starting with "-" is not an option.
      `--text=${c.text}`,
    ],
    { encoding: "utf8" },
  );
  const lines = out.split("\n").filter((line) => line !== "");
  if (lines.length !== 1) throw new Error(`hb-shape printed ${lines.length} lines for "${c.text}"`);
  return JSON.parse(lines[0]);
}

const tool = execFileSync("hb-shape", ["--version"], { encoding: "utf8" }).split("\n")[0];
const seen = new Set();
const items = [];
for (const item of [...articleItems(), ...hardItems()]) {
  if (seen.has(item.text)) continue;
  seen.add(item.text);
  items.push(item);
}

for (const font of fonts) {
  const fontPath = join(root, "fonts", font);
  const outPath = join(fixturesDir, `${basename(font, extname(font))}.json`);
  const previous = existsSync(outPath) ? JSON.parse(readFileSync(outPath, "utf8")) : {};
  const cases = items.map((item) => {
    const c = caseFor(item);
    return { ...c, glyphs: hbShape(fontPath, c) };
  });
  const texts = new Set(cases.map((c) => c.text));
  const known = (previous.knownVersionDifferences ?? []).filter((k) => texts.has(k.text));
  // One case per line keeps the file diffable.
  const body = cases.map((c) => `    ${JSON.stringify(c)}`).join(",\n");
  let json = `{\n  "tool": ${JSON.stringify(tool)},\n  "font": ${JSON.stringify(font)},\n`;
  json += `  "cases": [\n${body}\n  ]`;
  if (known.length > 0) {
    json += `,\n  "knownVersionDifferences": [\n${known.map((k) => `    ${JSON.stringify(k)}`).join(",\n")}\n  ]`;
  }
  json += "\n}\n";
  JSON.parse(json); // sanity: the hand-built layout is valid JSON
  writeFileSync(outPath, json);
  console.log(`${outPath}: ${cases.length} cases (${tool})`);
}
