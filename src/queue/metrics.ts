/**
 * Prometheus metrics of a `sahifa queue work` process, in a registry of its own (not
 * prom-client's global one, which a program embedding sahifa may use), served over plain HTTP.
 */
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type * as Prom from "prom-client";
import { SahifaError } from "../errors.js";

export interface WorkMetrics {
  done: Prom.Counter;
  failed: Prom.Counter;
  retried: Prom.Counter;
  pages: Prom.Counter;
  renderSeconds: Prom.Histogram;
  registry: Prom.Registry;
}

export function createMetrics(): WorkMetrics {
  // Loaded here, through require: only `queue work` pays for it.
  const prom = createRequire(import.meta.url)("prom-client") as typeof Prom;
  const registry = new prom.Registry();
  const registers = [registry];
  return {
    registry,
    done: new prom.Counter({
      name: "sahifa_jobs_done_total",
      help: "Articles rendered and their jobs completed",
      registers,
    }),
    failed: new prom.Counter({
      name: "sahifa_jobs_failed_total",
      help: "Jobs failed for good: bad input, or no retries left",
      registers,
    }),
    retried: new prom.Counter({
      name: "sahifa_jobs_retried_total",
      help: "Jobs that failed and will be retried",
      registers,
    }),
    pages: new prom.Counter({
      name: "sahifa_pages_total",
      help: "Pages rendered",
      registers,
    }),
    renderSeconds: new prom.Histogram({
      name: "sahifa_render_seconds",
      help: "Time to render one article to its PDF",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  };
}

/** Serves the metrics at /metrics (and /) on host:port; resolves once listening. */
export async function serveMetrics(
  metrics: WorkMetrics,
  port: number,
  host: string,
): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET" || (path !== "/metrics" && path !== "/")) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
      () => response.writeHead(500, { "content-type": "text/plain" }).end("metrics failed\n"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (cause: NodeJS.ErrnoException) =>
      reject(
        new SahifaError(
          "USAGE",
          `--metrics-port: cannot listen on ${host}:${port} (${cause.code ?? cause.message})`,
          { cause },
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  // Idle keep-alive connections from a scraper must not hold the process open when it stops.
  server.unref();
  return server;
}
