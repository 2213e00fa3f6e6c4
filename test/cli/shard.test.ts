import { copyFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseShard, shardFromEnv, shardOf } from "../../src/cli/shard.js";
import { ROOT, STACK_LINE, sahifa, tempDir } from "./cli.js";

describe("shards", () => {
  it("reads i/N, 1-based", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    expect(parseShard("1/1")).toEqual({ index: 1, count: 1 });
    for (const bad of ["0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1.5/3"])
      expect(() => parseShard(bad), bad).toThrow(/--shard: expected i\/N/);
  });

  it("puts every input in exactly one of N shards, and keeps it there as files are added", () => {
    const paths = Array.from({ length: 600 }, (_, i) => `archive/2026/${i % 12}/story-${i}.md`);
    for (const count of [1, 2, 3, 7]) {
      const shards = Array.from({ length: count }, (_, k) =>
        paths.filter((p) => shardOf(p, count, ".") === k + 1),
      );
      // Disjoint, and together every input.
      expect(shards.flat().sort()).toEqual([...paths].sort());
      // Roughly even: no shard holds twice its share.
      for (const s of shards) expect(s.length).toBeLessThan((2 * paths.length) / count);
    }
    // A file's shard is its path's alone: the same in a longer list, and from another folder
    // given as the same relative path.
    expect(shardOf("archive/a.md", 5, ".")).toBe(shardOf("/srv/x/archive/a.md", 5, "/srv/x"));
  });

  it("takes the shard from Kubernetes, Slurm and AWS Batch array jobs", () => {
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: "0" }, 4)).toEqual({ index: 1, count: 4 });
    expect(shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: "3" }, 4)).toEqual({ index: 4, count: 4 });
    // Slurm: --array=1-3, and --array=0-8:4 (0, 4, 8).
    const slurm = {
      SLURM_ARRAY_TASK_ID: "3",
      SLURM_ARRAY_TASK_MIN: "1",
      SLURM_ARRAY_TASK_COUNT: "3",
    };
    expect(shardFromEnv(slurm)).toEqual({ index: 3, count: 3 });
    const stepped = {
      SLURM_ARRAY_TASK_ID: "4",
      SLURM_ARRAY_TASK_MIN: "0",
      SLURM_ARRAY_TASK_STEP: "4",
      SLURM_ARRAY_TASK_COUNT: "3",
    };
    expect(shardFromEnv(stepped)).toEqual({ index: 2, count: 3 });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: "1" })).toThrow(/--shard-count/);
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: "4" }, 4)).toThrow(/past --shard-count 4/);
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: "x" }, 4)).toThrow(/whole number/);
    expect(() => shardFromEnv({})).toThrow(/none of JOB_COMPLETION_INDEX/);
  });
});

describe("sahifa batch --shard", () => {
  const dir = tempDir("sahifa-shard-");
  const stories = Array.from({ length: 7 }, (_, i) => `s${i + 1}.md`);
  for (const s of stories) copyFileSync(join(ROOT, "examples", "jaafari-lavrov.md"), join(dir, s));
  const SUMMARY = /^shard (\d)\/3: done (\d+), failed 0, skipped 0, /m;

  it("three shards render disjoint shares that together are every input", async () => {
    const rendered: string[][] = [];
    for (const k of [1, 2, 3]) {
      const result = await sahifa(["batch", ".", "-d", "out", "--shard", `${k}/3`, "-j", "1"], dir);
      expect(result.status).toBe(0);
      expect(result.stderr).not.toMatch(STACK_LINE);
      const m = SUMMARY.exec(result.stderr);
      expect(m?.[1]).toBe(String(k));
      const mine = [...result.stderr.matchAll(/^\[\d+\/\d+\] (s\d\.md) → /gm)].map((x) => x[1]);
      expect(mine).toHaveLength(Number(m?.[2]));
      rendered.push(mine as string[]);
    }
    expect(rendered.flat().sort()).toEqual([...stories].sort());
    expect(
      readdirSync(join(dir, "out"))
        .filter((f) => f.endsWith(".pdf"))
        .sort(),
    ).toEqual(stories.map((s) => s.replace(".md", ".pdf")).sort());
    // Each shard keeps its own record: a second run of shard 2 skips its own files only.
    const again = await sahifa(["batch", ".", "-d", "out", "--shard", "2/3"], dir);
    expect(again.stderr).toMatch(
      new RegExp(`^shard 2/3: done 0, failed 0, skipped ${rendered[1]?.length}, `, "m"),
    );
  });

  it("takes the shard from a Kubernetes Indexed Job's index, and refuses bad shards in one line", async () => {
    const k8s = await sahifa(
      ["batch", ".", "-d", "out2", "--shard-from-env", "--shard-count", "3"],
      dir,
      120_000,
      {
        JOB_COMPLETION_INDEX: "0",
      },
    );
    expect(k8s.status).toBe(0);
    expect(k8s.stderr).toMatch(/^shard 1\/3: done \d+, failed 0/m);
    for (const args of [
      ["--shard", "0/3"],
      ["--shard", "1/3", "--shard-from-env"],
      ["--shard-count", "3"],
    ]) {
      const bad = await sahifa(["batch", ".", "-d", "out3", ...args], dir);
      expect(bad.status, args.join(" ")).toBe(2);
      expect(bad.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(bad.stderr).toMatch(/^sahifa: --shard/);
    }
  });
});
