/** The service's Prometheus metrics, in a registry of its own (never prom-client's global one). */
import type { Counter, Histogram, Registry } from "prom-client";

export interface ServeMetrics {
  registry: Registry;
  requests: Counter<"method" | "route" | "status">;
  duration: Histogram<"method" | "route">;
  pages: Counter;
}

/** `inFlight` and `queued` are read when Prometheus scrapes, from the render pool. */
export function createMetrics(
  prom: typeof import("prom-client"),
  pool: { inFlight: number; queued: number },
): ServeMetrics {
  const registry = new prom.Registry();
  prom.collectDefaultMetrics({ register: registry, prefix: "sahifa_" });
  const requests = new prom.Counter({
    name: "sahifa_http_requests_total",
    help: "HTTP requests answered, by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const duration = new prom.Histogram({
    name: "sahifa_http_request_duration_seconds",
    help: "Time from a request's arrival to its answer",
    labelNames: ["method", "route"] as const,
    // A warm page takes some 10 ms; a queue of them, up to the render timeout.
    buckets: [0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new prom.Gauge({
    name: "sahifa_renders_in_flight",
    help: "Renders being drawn now",
    registers: [registry],
    collect() {
      this.set(pool.inFlight);
    },
  });
  new prom.Gauge({
    name: "sahifa_renders_queued",
    help: "Renders waiting for a render thread",
    registers: [registry],
    collect() {
      this.set(pool.queued);
    },
  });
  const pages = new prom.Counter({
    name: "sahifa_pages_rendered_total",
    help: "PDF pages rendered",
    registers: [registry],
  });
  return { registry, requests, duration, pages };
}
