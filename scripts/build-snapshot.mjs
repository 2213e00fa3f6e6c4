// Builds the CLI's startup snapshot, <dist/cli>/sahifa.blob, from the bundle beside it
// (scripts/snapshot.cjs says what is in it), and sahifa.blob.node, which the bin
// (scripts/cli-loader.mjs) checks before it uses the blob: the Node binary that built it, with
// that binary's modification time (touch -r keeps the nanoseconds; an upgrade in place changes
// it), and the folder the blob was built for (its paths are in the heap).
//
// The blob is built with the bin's own flags (its F= line), which it must be run with. A
// machine whose Node refuses to build one keeps the code cache: a warning, not a failed
// install. Both files are written under other names and renamed, so that a run meanwhile sees
// the old pair or the new one. Run by scripts/bundle.mjs; `node scripts/build-snapshot.mjs
// <dist/cli>` builds one for another copy of the package.
import { spawnSync } from "node:child_process";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = new URL("..", import.meta.url).pathname;

/** The bin's V8 flags, from its F= line. */
export function binFlags() {
  const loader = readFileSync(join(root, "scripts/cli-loader.mjs"), "utf8");
  const flags = /^":" \/\/; F="([^"]*)"$/m.exec(loader)?.[1];
  if (flags === undefined) throw new Error("scripts/cli-loader.mjs has no F= line");
  return flags.split(" ").filter(Boolean);
}

/**
 * Builds the blob for `out` (a dist/cli folder); false, with a warning, if Node refused.
 * `codeCache`: a V8 code cache of the bundle whose bytecode the snapshot is to keep.
 */
export function buildSnapshot(out, codeCache) {
  const dir = resolve(out);
  const blob = join(dir, "sahifa.blob");
  const partial = `${blob}.${process.pid}`;
  const stamp = `${blob}.node.${process.pid}`;
  try {
    const built = spawnSync(
      process.execPath,
      [
        ...binFlags(),
        "--snapshot-blob",
        partial,
        "--build-snapshot",
        join(root, "scripts/snapshot.cjs"),
      ],
      {
        env: {
          ...process.env,
          SAHIFA_SNAPSHOT_DIR: dir,
          SAHIFA_SNAPSHOT_CODE_CACHE: codeCache ?? "",
        },
        encoding: "utf8",
        timeout: 120_000,
      },
    );
    if (built.status !== 0) {
      throw new Error(`node --build-snapshot: ${built.error?.message ?? built.stderr.trim()}`);
    }
    writeFileSync(stamp, `${process.execPath}\n${dir}\n`);
    const touched = spawnSync("touch", ["-r", process.execPath, stamp], { encoding: "utf8" });
    if (touched.status !== 0) {
      throw new Error(`touch -r: ${touched.error?.message ?? touched.stderr.trim()}`);
    }
    renameSync(partial, blob);
    renameSync(stamp, `${blob}.node`);
    return true;
  } catch (error) {
    for (const file of [blob, `${blob}.node`, partial, stamp]) rmSync(file, { force: true });
    process.stderr.write(
      `sahifa build: no startup snapshot, the CLI will start without one (${error.message})\n`,
    );
    return false;
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  if (!process.argv[2]) throw new Error("usage: node scripts/build-snapshot.mjs <dist/cli folder>");
  if (!buildSnapshot(process.argv[2])) process.exitCode = 1;
}
