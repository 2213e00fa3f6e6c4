import { randomUUID } from "node:crypto";
import { createService, type ServeOptions, type Service } from "../../src/serve/app.js";

export const SMALL: ServeOptions = {
  concurrency: 1,
  queueSize: 4,
  timeoutMs: 30_000,
  bodyLimit: 1024 * 1024,
  requestTimeoutMs: 30_000,
};

/** A warmed service with test-sized limits. */
export async function warmService(options: Partial<ServeOptions> = {}): Promise<Service> {
  const service = createService({ ...SMALL, ...options });
  await service.warm();
  return service;
}

export interface FormPart {
  name: string;
  value: string | Uint8Array;
  /** Makes the part a file. */
  filename?: string;
}

/** A multipart/form-data body, written by hand so that tests can send names no client would. */
export function form(parts: readonly FormPart[]): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = `----sahifa${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const file = part.filename !== undefined ? `; filename="${part.filename}"` : "";
    const type = part.filename !== undefined ? "Content-Type: application/octet-stream\r\n" : "";
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${file}\r\n${type}\r\n`,
      ),
      Buffer.from(part.value),
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

export interface ErrorBody {
  error: { code: string; message: string };
}
