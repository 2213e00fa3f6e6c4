import { randomBytes } from "node:crypto";
import { closeSync, openSync, realpathSync, writeSync } from "node:fs";
import { rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { SahifaError } from "./errors.js";

/** Why a file system call failed, in words, with the system's code. */
export function describeFsError(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const words: Record<string, string> = {
    ENOENT: "the folder does not exist",
    ENOTDIR: "a parent of it is a file, not a folder",
    EISDIR: "it is a folder",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "read-only file system",
    ENOSPC: "no space left on the device",
    EDQUOT: "disk quota exceeded",
    ENAMETOOLONG: "the name is too long",
  };
  if (code && words[code]) return `${words[code]}, ${code}`;
  if (code) return code;
  return cause instanceof Error ? (cause.message.split("\n")[0] ?? "") : String(cause);
}

function outputFailed(path: string, reason: string, cause?: unknown): SahifaError {
  return new SahifaError("OUTPUT_FAILED", `${path}: cannot write output (${reason})`, { cause });
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/**
 * Checks, before any work is done, that `path` can be written: its folder exists and is a
 * folder, the path is not a folder itself, and it is not the input file.
 */
export async function checkOutputPath(path: string, input?: string): Promise<void> {
  if (input !== undefined && sameFile(path, input)) {
    throw new SahifaError("USAGE", `${path}: the output would overwrite the input`);
  }
  const folder = dirname(path);
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) throw outputFailed(path, `${folder} is not a folder`);
  } catch (cause) {
    if (cause instanceof SahifaError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw outputFailed(path, `folder ${folder} does not exist`, cause);
    if (code === "ENOTDIR") throw outputFailed(path, `${folder} is not a folder`, cause);
    throw outputFailed(path, describeFsError(cause), cause);
  }
  try {
    if ((await stat(path)).isDirectory()) throw outputFailed(path, "it is a folder");
  } catch (cause) {
    if (cause instanceof SahifaError) throw cause;
    // Not there yet (or not stat-able): writing will tell.
  }
}

/**
 * Whether `name`, in the folder of `path`, is a temporary file of writeFileAtomic's for `path`
 * (one a process killed while writing leaves behind).
 */
export function isTempFileFor(path: string, name: string): boolean {
  const prefix = `.${basename(path)}.`;
  return name.startsWith(prefix) && /^[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length));
}

/**
 * Writes a file whole or not at all: the bytes go to a temporary file in the same folder,
 * which is renamed over the target, so a failure never leaves a half-written or clobbered file.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temp = tempFileFor(path);
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (cause) {
    await rm(temp, { force: true }).catch(() => {});
    throw outputFailed(path, describeFsError(cause), cause);
  }
}

/** A temporary file beside `path`, as isTempFileFor knows it. */
function tempFileFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
}

/** Bytes gathered before they go to the file in one write: a PDF comes in many small pieces. */
const WRITE_BUFFER = 1 << 20;

/**
 * writeFileAtomic for bytes that come a piece at a time: `write` hands them to its sink, which
 * writes them to the temporary file as they come, and the file is renamed over `path` only when
 * `write` has finished. When it fails, or the file cannot be written, no file is left and an
 * existing one stays as it was; the sink's writes are synchronous (they run between a
 * document's own synchronous steps).
 */
export async function writeStreamAtomic<T>(
  path: string,
  write: (sink: (bytes: Uint8Array) => void) => Promise<T>,
): Promise<T> {
  const temp = tempFileFor(path);
  /** A file system call; its error is an output failure, whatever the writer was doing. */
  const fs = <R>(call: () => R): R => {
    try {
      return call();
    } catch (cause) {
      throw outputFailed(path, describeFsError(cause), cause);
    }
  };
  const fd = fs(() => openSync(temp, "w"));
  let open = true;
  const buffer = Buffer.allocUnsafe(WRITE_BUFFER);
  let used = 0;
  const put = (bytes: Uint8Array) =>
    fs(() => {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    });
  const sink = (bytes: Uint8Array) => {
    if (used + bytes.length > WRITE_BUFFER) {
      put(buffer.subarray(0, used));
      used = 0;
    }
    if (bytes.length > WRITE_BUFFER) {
      put(bytes);
      return;
    }
    buffer.set(bytes, used);
    used += bytes.length;
  };
  try {
    const result = await write(sink);
    put(buffer.subarray(0, used));
    open = false;
    fs(() => closeSync(fd));
    await rename(temp, path).catch((cause: unknown) => {
      throw outputFailed(path, describeFsError(cause), cause);
    });
    return result;
  } catch (error) {
    if (open) closeSync(fd);
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  }
}
