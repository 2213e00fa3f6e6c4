/**
 * A job's id is a hash of the work it stands for, so the queue itself refuses the same work
 * twice (pg-boss inserts with ON CONFLICT DO NOTHING on the id; a singletonKey would not do,
 * since pg-boss 10 enforces it only for the short, singleton and stately queue policies).
 */
import { createHash } from "node:crypto";
import type { BatchTask } from "../cli/batchWorker.js";

/** Object keys sorted at every level, so equal options hash alike whatever their order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * The id of the job that renders `task`: a UUID (the type of pg-boss's id column) made of the
 * SHA-256 of the task (input and output paths, template, options), the article's bytes and the
 * template's bytes. A changed article or template is new work; the same again is not.
 */
export function jobId(task: BatchTask, article: Uint8Array, template?: Uint8Array): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(canonical(task)));
  hash.update("\0");
  hash.update(article);
  if (template) {
    hash.update("\0");
    hash.update(template);
  }
  const bytes = hash.digest().subarray(0, 16);
  // RFC 9562 version 8 ("custom") with the RFC's variant bits.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
