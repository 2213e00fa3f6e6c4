#!/usr/bin/env node
// Bytes allocated per render of the seed page, by function (garbage included): the figure that
// decides how much time goes to collection. Needs dist/ (npm run build).
// Usage: node scripts/alloc-report.mjs [rows]
import { Session } from "node:inspector/promises";

const root = new URL("..", import.meta.url).pathname;
const { readArticleFile, renderArticle } = await import(`${root}dist/index.js`);
const article = await readArticleFile(`${root}examples/jaafari-lavrov.md`);
for (let i = 0; i < 50; i++) await renderArticle(article);

const session = new Session();
session.connect();
await session.post("HeapProfiler.startSampling", {
  samplingInterval: 1024,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
const renders = 50;
for (let i = 0; i < renders; i++) await renderArticle(article);
const { profile } = await session.post("HeapProfiler.stopSampling");

const byFunction = new Map();
let total = 0;
const walk = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url
    .replace(/.*\/node_modules\//, "")
    .replace(root, "")
    .replace("file://", "");
  const key = `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
  total += node.selfSize;
  for (const child of node.children) walk(child);
};
walk(profile.head);
console.log(`${(total / renders / 2 ** 20).toFixed(2)} MB allocated per render`);
for (const [key, bytes] of [...byFunction]
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(process.argv[2] ?? 20)))
  console.log(`${(bytes / renders / 1024).toFixed(0).padStart(6)} KB  ${key}`);
