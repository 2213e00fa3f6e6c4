// Shaping time per word on the seed article, cold (fresh cache) and cached: median of 15 runs.
// Usage: npx tsx scripts/shape-timing.ts
import { readFileSync } from "node:fs";
import { loadFont } from "../src/fonts/registry.js";
import { createShaper } from "../src/text/shape.js";

const words = readFileSync("examples/jaafari-lavrov.txt", "utf8").split(/\s+/).filter(Boolean);
for (const file of ["Amiri-Regular.ttf", "NotoNaskhArabic-Regular.ttf"]) {
  const font = loadFont(`fonts/${file}`);
  const warm = createShaper();
  for (const w of words) warm.shape(w, { font, direction: "rtl" });
  const cold: number[] = [],
    cached: number[] = [];
  for (let r = 0; r < 15; r++) {
    const s = createShaper();
    let t = performance.now();
    for (const w of words) s.shape(w, { font, direction: "rtl" });
    cold.push(((performance.now() - t) * 1000) / words.length);
    t = performance.now();
    for (const w of words) s.shape(w, { font, direction: "rtl" });
    cached.push(((performance.now() - t) * 1000) / words.length);
  }
  const med = (a: number[]) => (a.sort((x, y) => x - y)[a.length >> 1] ?? 0).toFixed(2);
  console.log(
    `${file}: ${words.length} words, cold ${med(cold)} µs/word, cached ${med(cached)} µs/word`,
  );
}
