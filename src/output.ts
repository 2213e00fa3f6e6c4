import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { SahifaError } from "./errors.js";

/**
 * Writes a file whole or not at all: the bytes go to a temporary file in the same folder,
 * which is renamed over the target, so a failure never leaves a half-written or clobbered file.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (cause) {
    await rm(temp, { force: true });
    const reason = cause instanceof Error && "code" in cause ? String(cause.code) : String(cause);
    throw new SahifaError("OUTPUT_FAILED", `${path}: cannot write output (${reason})`, { cause });
  }
}
