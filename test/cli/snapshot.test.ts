import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./cli.js";

// The bin starts Node from a V8 startup snapshot when the one built with the package matches
// the running Node, its folder and the fonts, and otherwise runs the bundle through its code
// cache (scripts/cli-loader.mjs). Both must be the same command line, byte for byte. The tests
// run a copy of the built package, with a snapshot of its own, so that they can make it stale
// without touching dist/ (which test/cli/bundle.test.ts rebuilds meanwhile).
const pkg = tempDir("sahifa-snapshot-");
const bin = join(pkg, "dist", "cli", "main.js");
const blob = join(pkg, "dist", "cli", "sahifa.blob");
const SEED = join(ROOT, "examples", "jaafari-lavrov.md");
const work = tempDir("sahifa-snapshot-work-");

/** The bin as a user runs it, from `work`, with `node` the Node that built the snapshot. */
function run(
  args: readonly string[],
  snapshot: "report" | "off" | "on" = "on",
  env: Record<string, string> = {},
) {
  const result = spawnSync(bin, args, {
    cwd: work,
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
      FORCE_COLOR: "0",
      SAHIFA_SNAPSHOT: snapshot,
      ...env,
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Which way the bin started, as SAHIFA_SNAPSHOT=report says. */
function mode(): string {
  const result = run(["--version"], "report");
  expect(result.status).toBe(0);
  return result.stderr;
}

function renderBytes(snapshot: "on" | "off", name: string): Buffer {
  const out = join(work, name);
  const result = run(["render", SEED, "-o", out, "--pdfa", "2a"], snapshot);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return readFileSync(out);
}

describe("the CLI's startup snapshot", () => {
  beforeAll(() => {
    const dist = join(ROOT, "dist", "cli");
    const files = ["main.js", "sahifa.cjs", "sahifa.cjs.cache", "harfbuzz.wasm"];
    mkdirSync(join(pkg, "dist", "cli", "data"), { recursive: true });
    for (const file of files) copyFileSync(join(dist, file), join(pkg, "dist", "cli", file));
    cpSync(join(dist, "data"), join(pkg, "dist", "cli", "data"), { recursive: true });
    for (const dir of ["templates", "fonts"]) {
      cpSync(join(ROOT, dir), join(pkg, dir), { recursive: true, preserveTimestamps: true });
    }
    copyFileSync(join(ROOT, "package.json"), join(pkg, "package.json"));
    execFileSync(
      process.execPath,
      [join(ROOT, "scripts", "build-snapshot.mjs"), join(pkg, "dist", "cli")],
      {
        stdio: "pipe",
      },
    );
  }, 180_000);

  it("is used when it matches, and prints sahifa's version, not Node's", () => {
    expect(mode()).toBe("snapshot: used\n");
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    expect(run(["--version"])).toEqual({ status: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("prints, fails and exits as the code-cache path does", () => {
    const cases: string[][] = [
      ["--version"],
      ["--help"],
      ["render", "--help"],
      [],
      ["rendr", "x.md"],
      ["render", SEED],
      ["render", SEED, "-o", "x.pdf", "--columns", "many"],
      ["render", "missing.md", "-o", "x.pdf"],
      ["layout", SEED, "--json"],
      ["templates"],
      ["fonts", SEED],
    ];
    for (const args of cases) {
      const withSnapshot = run(args);
      expect(withSnapshot, args.join(" ")).toEqual(run(args, "off"));
    }
    expect(run(["rendr", "x.md"]).status).toBe(2);
    expect(run(["render", "missing.md", "-o", "x.pdf"]).status).toBe(1);
  });

  it.each(["on", "off"] as const)(
    "turns V8's optimising compiler off for a short article, holds it back for a long one (snapshot %s)",
    (snapshot) => {
      const compiler = (args: string[]) => {
        const result = run(args, snapshot, { SAHIFA_COMPILER: "report" });
        expect(result.status, result.stderr).toBe(0);
        return result.stderr;
      };
      const seed = readFileSync(SEED, "utf8");
      const [, head = "", body = ""] = /^(---\n[\s\S]*?\n---\n)([\s\S]*)$/.exec(seed) ?? [];
      const long = join(work, "long.md");
      writeFileSync(long, head + Array.from({ length: 12 }, () => body).join("\n\n"));
      expect(statSync(long).size).toBeGreaterThan(32 * 1024);
      expect(compiler(["render", SEED, "-o", "short.pdf"])).toBe("optimising compiler: off\n");
      expect(compiler(["render", long, "-o", "long.pdf"])).toBe("optimising compiler: held back\n");
      expect(compiler(["layout", "--json", long])).toBe("optimising compiler: held back\n");
      // The output named after the input is not the input, however large it is.
      expect(statSync(join(work, "long.pdf")).size).toBeGreaterThan(32 * 1024);
      expect(compiler(["render", SEED, "-o", "long.pdf"])).toBe("optimising compiler: off\n");
      expect(compiler(["templates"])).toBe("optimising compiler: off\n");
      expect(compiler(["--version"])).toBe("optimising compiler: as usual\n");
    },
  );

  it("renders the same PDF bytes as the code-cache path", () => {
    expect(renderBytes("on", "snap.pdf").equals(renderBytes("off", "cache.pdf"))).toBe(true);
  });

  it("is not used, silently, when it is missing or was built by another Node", () => {
    const expected = renderBytes("off", "expected.pdf");
    const stamp = `${blob}.node`;
    const saved = readFileSync(stamp);
    const restore = () => {
      writeFileSync(stamp, saved);
      execFileSync("touch", ["-r", process.execPath, stamp]);
    };
    try {
      // A Node upgraded in place: the binary's time is not the one the blob was built by.
      const { mtime } = statSync(stamp);
      utimesSync(stamp, mtime, new Date(mtime.getTime() - 86_400_000));
      expect(mode()).toBe("snapshot: stale\n");
      expect(renderBytes("on", "stale.pdf").equals(expected)).toBe(true);
      // Another Node binary.
      writeFileSync(stamp, saved.toString().replace(/^.*\n/, "/elsewhere/node\n"));
      execFileSync("touch", ["-r", process.execPath, stamp]);
      expect(mode()).toBe("snapshot: stale\n");
      restore();
      expect(mode()).toBe("snapshot: used\n");
      renameSync(blob, `${blob}.aside`);
      expect(mode()).toBe("snapshot: none\n");
      expect(renderBytes("on", "none.pdf").equals(expected)).toBe(true);
      expect(run(["rendr"])).toEqual(run(["rendr"], "off"));
      renameSync(`${blob}.aside`, blob);
    } finally {
      restore();
    }
    expect(mode()).toBe("snapshot: used\n");
  });

  it("is not used, silently, when a font changed after it was built", () => {
    const expected = renderBytes("off", "before-font.pdf");
    const font = join(pkg, "fonts", "Amiri-Regular.ttf");
    const { mtime } = statSync(font);
    utimesSync(font, mtime, new Date(mtime.getTime() + 1000));
    expect(mode()).toBe("snapshot: stale\n");
    expect(renderBytes("on", "font.pdf").equals(expected)).toBe(true);
    const usage = run(["render", SEED]);
    expect(usage.status).toBe(2);
    expect(usage).toEqual(run(["render", SEED], "off"));
  });
});
