import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import * as mupdf from "mupdf";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/photos.js";
import { warmService } from "./support.js";

const SEED = readFileSync(join(ROOT, "examples", "jaafari-lavrov.md"));
const TSX_CLI = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const MAIN = join(ROOT, "src", "cli", "main.ts");

/** An article long enough to keep a render thread busy for a while (some hundred ms). */
function longArticle(): string {
  const paragraph = SEED.toString("utf8").trim().split("\n").at(-1) ?? "";
  return JSON.stringify({
    headline: "خبر طويل",
    body: Array.from({ length: 400 }, () => paragraph),
  });
}

describe("sahifa serve on a socket", () => {
  it("renders concurrent requests on two threads, each a whole PDF", async () => {
    const service = await warmService({ concurrency: 2, queueSize: 8 });
    try {
      const address = await service.app.listen({ host: "127.0.0.1", port: 0 });
      const replies = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const res = await fetch(`${address}/render?template=a4-3col`, {
            method: "POST",
            headers: { "content-type": "text/markdown" },
            body: SEED,
            signal: AbortSignal.timeout(30_000),
          });
          return { status: res.status, pdf: new Uint8Array(await res.arrayBuffer()) };
        }),
      );
      for (const { status, pdf } of replies) {
        expect(status).toBe(200);
        expect(mupdf.Document.openDocument(pdf, "application/pdf").countPages()).toBe(1);
      }
      const metrics = await (await fetch(`${address}/metrics`)).text();
      expect(metrics).toMatch(/^sahifa_pages_rendered_total 8$/m);
      expect(metrics).toMatch(
        /^sahifa_http_requests_total\{method="POST",route="\/render",status="200"\} 8$/m,
      );
    } finally {
      await service.close();
    }
  }, 60_000);

  it("cuts off a body that trickles in (slowloris) once the request timeout passes", async () => {
    const service = await warmService({ requestTimeoutMs: 1000 });
    try {
      await service.app.listen({ host: "127.0.0.1", port: 0 });
      const { port } = service.app.server.address() as { port: number };
      const socket = connect({ host: "127.0.0.1", port });
      let answer = "";
      socket.on("data", (chunk: Buffer) => {
        answer += chunk.toString("latin1");
      });
      const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
      let isClosed = false;
      void closed.then(() => {
        isClosed = true;
      });
      socket.write(
        "POST /render HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/markdown\r\nContent-Length: 1000\r\n\r\n",
      );
      // A byte every 100 ms would take 100 s; at most 100 are sent (10 s).
      let sent = 0;
      while (!isClosed && sent < 100) {
        socket.write("x");
        sent++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      socket.destroy();
      await closed;
      expect(sent).toBeLessThan(100);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await service.close();
    }
  }, 30_000);

  it("stops gracefully on SIGTERM: the render in flight finishes, then the process exits 0", async () => {
    const child = spawn(
      process.execPath,
      [TSX_CLI, MAIN, "serve", "--port", "0", "--concurrency", "1"],
      { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], timeout: 60_000 },
    );
    try {
      let stderr = "";
      const exited = new Promise<number | null>((resolve) =>
        child.on("exit", (code) => resolve(code)),
      );
      const address = await new Promise<string>((resolve, reject) => {
        child.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
          const url = /listening on (http:\/\/\S+),/.exec(stderr)?.[1];
          if (url && stderr.includes("sahifa: ready")) resolve(url);
        });
        void exited.then(() => reject(new Error(`serve exited early: ${stderr}`)));
      });
      const rendering = fetch(`${address}/render`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: longArticle(),
        signal: AbortSignal.timeout(30_000),
      });
      // Until the render is on its thread (at most 100 looks, 5 s).
      for (let look = 0; look < 100; look++) {
        const metrics = await (await fetch(`${address}/metrics`)).text();
        if (/^sahifa_renders_in_flight 1$/m.test(metrics)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill("SIGTERM");
      const res = await rendering;
      expect(res.status, stderr).toBe(200);
      expect(Number(res.headers.get("x-sahifa-pages"))).toBeGreaterThan(1);
      expect(
        Buffer.from(await res.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe("%PDF-");
      expect(await exited, stderr).toBe(0);
      expect(stderr).toContain("SIGTERM: finishing the requests in flight");
    } finally {
      child.kill("SIGKILL");
    }
  }, 60_000);

  it("answers 503 to health checks and new requests that come in while it stops", async () => {
    const service = await warmService();
    let stopping: Promise<void> | undefined;
    try {
      await service.app.listen({ host: "127.0.0.1", port: 0 });
      const { port } = service.app.server.address() as { port: number };
      const body = Buffer.from(longArticle());
      // Two connections, each kept open by a long render (one drawn, one queued): the listener
      // takes no new connections once it stops, but these may still send requests.
      const connections = [0, 1].map(() => {
        const socket = connect({ host: "127.0.0.1", port });
        const connection = { socket, answer: "", closed: Promise.resolve() };
        socket.on("data", (chunk: Buffer) => {
          connection.answer += chunk.toString("latin1");
        });
        connection.closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
        socket.write(
          Buffer.concat([
            Buffer.from(
              `POST /render HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
            ),
            body,
          ]),
        );
        return connection;
      });
      // Until one render is drawn and the other waits (at most 100 looks, 5 s).
      for (let look = 0; look < 100; look++) {
        const metrics = await service.app.inject({ method: "GET", url: "/metrics" });
        if (/^sahifa_renders_queued 1$/m.test(metrics.body)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      stopping = service.close();
      const [health, render] = connections as [(typeof connections)[0], (typeof connections)[0]];
      health.socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
      render.socket.write(
        `POST /render HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/markdown\r\nContent-Length: ${SEED.length}\r\n\r\n`,
      );
      render.socket.write(SEED);
      await Promise.all(connections.map((c) => c.closed));
      const statuses = (answer: string) =>
        [...answer.matchAll(/^HTTP\/1\.1 (\d+) /gm)].map((m) => m[1]);
      expect(statuses(health.answer)).toEqual(["200", "503"]);
      expect(health.answer).toMatch(/\{"status":"stopping"\}$/);
      expect(statuses(render.answer)).toEqual(["200", "503"]);
      expect(render.answer).toMatch(
        /\{"error":\{"code":"UNAVAILABLE","message":"the server is shutting down"\}\}$/,
      );
    } finally {
      await (stopping ?? service.close());
    }
  }, 60_000);
});
