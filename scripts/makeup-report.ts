// Page make-up per plan: the first page's fill and score, the jumps, the warnings, and the time
// the make-up took, cold (the first plan in this process pays for fonts and shaping) and warm.
// Usage: npx tsx scripts/makeup-report.ts [plan …]   (default: examples/pages/*.yaml)

import { readdirSync } from "node:fs";
import { layoutPlan } from "../src/makeup/compose.js";
import { readPlanFile } from "../src/makeup/plan.js";
import { loadPlanMatter } from "../src/makeup/render.js";

const named = process.argv.slice(2);
const files = named.length
  ? named
  : readdirSync("examples/pages")
      .filter((f) => f.endsWith(".yaml"))
      .sort()
      .map((f) => `examples/pages/${f}`);

console.log(
  "| plan | pages | fill p.1 | score | jumps (lines) | empty-area warnings | cold ms | warm ms |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const file of files) {
  const matter = await loadPlanMatter(await readPlanFile(file));
  const times: number[] = [];
  const coldStart = performance.now();
  let layout = layoutPlan(matter);
  const cold = performance.now() - coldStart;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    layout = layoutPlan(matter);
    times.push(performance.now() - started);
  }
  const first = layout.makeup?.pages[0];
  const jumps = (layout.makeup?.pages ?? [])
    .flatMap((p) => p.rectangles)
    .filter((r) => r.jumped > 0)
    .map((r) => `${layout.stories?.[r.story]?.file} (${r.jumped})`);
  const warm = Math.min(...times);
  console.log(
    `| ${file} | ${layout.pages.length} | ${first?.fill} | ${first?.score} | ${jumps.join(", ") || "none"} | ${layout.makeup?.warnings.length} | ${Math.round(cold)} | ${Math.round(warm)} |`,
  );
}
