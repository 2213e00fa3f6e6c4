/**
 * `sahifa serve` as a Fastify instance, built from options so that tests can start it with
 * small limits and drive it through inject().
 */
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { FastifyInstance } from "fastify";
import { errorHandler, HttpError } from "./errors.js";
import { BODY_TYPES } from "./input.js";
import { createMetrics } from "./metrics.js";
import { RenderPool } from "./renderPool.js";
import { routes, type ServiceState } from "./routes.js";
import { warmupTask } from "./warmup.js";

export interface ServeOptions {
  /** Render threads. */
  concurrency: number;
  /** Renders that may wait for a thread before requests are refused (429). */
  queueSize: number;
  /** Time a render may take from its request's arrival, queueing included (then 503). */
  timeoutMs: number;
  /** Largest request body, forms with their photos included (then 413). */
  bodyLimit: number;
  /** Time a client has to send a whole request, against slow bodies (slowloris). */
  requestTimeoutMs: number;
  /** Fastify's logger option (pino). */
  logger?: boolean | { level: string };
}

export interface Service {
  app: FastifyInstance;
  /** Renders once on every thread; /health says ok from then on. */
  warm(): Promise<void>;
  /**
   * Stops gracefully: /health and new requests answer 503, the requests in flight finish, and
   * the render threads stop.
   */
  close(): Promise<void>;
}

/** The most photos a form may carry. */
const MAX_PHOTOS = 20;

export function createService(options: ServeOptions): Service {
  // Through require, which the command-line bundle (CommonJS) leaves to node_modules: the
  // other commands never load the server's packages.
  const require = createRequire(import.meta.url);
  const { fastify } = require("fastify") as typeof import("fastify");
  const multipart = require("@fastify/multipart") as typeof import("@fastify/multipart");
  const prom = require("prom-client") as typeof import("prom-client");

  let state: ServiceState = "starting";
  const pool = new RenderPool({ threads: options.concurrency, queueSize: options.queueSize });
  const metrics = createMetrics(prom, pool);
  const requestTimeout = options.requestTimeoutMs;
  const app = fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit,
    // An unknown query parameter (a misspelt option) is refused, not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    // Answered by the onRequest hook below, in the service's own error shape.
    return503OnClosing: false,
    // Node checks request timeouts every connectionsCheckingInterval (30 s by default), which
    // Fastify's own requestTimeout option cannot shorten: a slow body would outlive its limit.
    serverFactory: (handler) =>
      createServer(
        {
          requestTimeout,
          headersTimeout: Math.min(requestTimeout, 60_000),
          connectionsCheckingInterval: Math.max(100, Math.min(1000, requestTimeout / 4)),
        },
        handler,
      ),
  });

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request) => {
    throw new HttpError(
      404,
      "NOT_FOUND",
      `no route ${request.method} ${request.url.split("?")[0]}`,
    );
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(BODY_TYPES, { parseAs: "buffer" }, (_request, body, done) =>
    done(null, body),
  );
  void app.register(multipart, {
    limits: {
      fileSize: options.bodyLimit,
      files: 1 + MAX_PHOTOS,
      fields: 10,
      fieldSize: 1024,
      parts: 1 + MAX_PHOTOS + 10,
    },
  });

  app.addHook("onRequest", async (request) => {
    if (state === "stopping" && request.routeOptions.url !== "/health")
      throw new HttpError(503, "UNAVAILABLE", "the server is shutting down");
  });
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unknown";
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.addHook("onClose", async () => {
    await pool.close();
  });

  void app.register(routes, {
    pool,
    metrics,
    state: () => state,
    timeoutMs: options.timeoutMs,
    bodyLimit: options.bodyLimit,
  });

  return {
    app,
    async warm() {
      await pool.warm(warmupTask());
      if (state === "starting") state = "ok";
    },
    async close() {
      state = "stopping";
      await app.close();
    },
  };
}
