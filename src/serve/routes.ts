/** The service's routes, as a Fastify plugin over the render pool and the metrics. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { outputOptionsOf } from "../cli/common.js";
import { SahifaError } from "../errors.js";
import { listTemplates } from "../layout/template.js";
import { ERROR_SCHEMA } from "./errors.js";
import { PARAMS_SCHEMA, readRenderInput } from "./input.js";
import type { ServeMetrics } from "./metrics.js";
import { type RenderPool, RenderRefused } from "./renderPool.js";
import type { RenderTaskResult } from "./renderTask.js";

export type ServiceState = "starting" | "ok" | "stopping";

export interface RoutesOptions {
  pool: RenderPool;
  metrics: ServeMetrics;
  state: () => ServiceState;
  /** Time a render may take from its request's arrival, queueing included. */
  timeoutMs: number;
  bodyLimit: number;
}

const ERRORS = { "4xx": ERROR_SCHEMA, "5xx": ERROR_SCHEMA } as const;
const RENDER_SCHEMA = { querystring: PARAMS_SCHEMA, response: ERRORS } as const;

/** A header value any HTTP client takes: the text percent-encoded (RFC 3986). */
function headerSafe(text: string): string {
  return encodeURIComponent(text);
}

/** "story.md" → inline; filename="story.pdf", with the UTF-8 name beside an ASCII one. */
function contentDisposition(articleName: string): string {
  const stem = basename(articleName, extname(articleName)) || "article";
  const ascii = stem.replace(/[^A-Za-z0-9._-]/g, "_");
  return `inline; filename="${ascii}.pdf"; filename*=UTF-8''${headerSafe(`${stem}.pdf`)}`;
}

export async function routes(app: FastifyInstance, options: RoutesOptions): Promise<void> {
  const { pool, metrics, timeoutMs, bodyLimit } = options;

  /** Reads the request and renders it on the pool, its photos in a folder of its own meanwhile. */
  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    want: "pdf" | "layout",
  ): Promise<RenderTaskResult & { ok: true; fileName: string }> {
    const input = await readRenderInput(request, bodyLimit);
    const output = outputOptionsOf(input.params);
    const left = Math.floor(timeoutMs - reply.elapsedTime);
    if (left <= 0) throw new RenderRefused("timeout");
    const withPhotos = Object.keys(input.photos).length > 0;
    const dir = withPhotos ? await mkdtemp(join(tmpdir(), "sahifa-serve-")) : undefined;
    try {
      const result = await pool.run(
        {
          want,
          article: input.article,
          output,
          ...(input.params.template ? { template: input.params.template } : {}),
          ...(dir ? { photos: { dir, files: input.photos } } : {}),
        },
        AbortSignal.timeout(left),
      );
      if (!result.ok) throw new SahifaError(result.code, result.message);
      reply.header("X-Sahifa-Pages", String(result.pages));
      if (result.warnings.length > 0)
        reply.header("X-Sahifa-Warning", result.warnings.map(headerSafe));
      return { ...result, fileName: input.article.fileName };
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  }

  app.post("/render", { schema: RENDER_SCHEMA }, async (request, reply) => {
    const result = await render(request, reply, "pdf");
    metrics.pages.inc(result.pages);
    return reply
      .type("application/pdf")
      .header("Content-Disposition", contentDisposition(result.fileName))
      .send(Buffer.from(result.pdf ?? []));
  });

  app.post("/layout", { schema: RENDER_SCHEMA }, async (request, reply) => {
    const result = await render(request, reply, "layout");
    // Already JSON (made in the render thread by layout --json's serializer).
    return reply.type("application/json; charset=utf-8").send(result.layoutJson);
  });

  const healthSchema = {
    response: {
      200: { type: "object", properties: { status: { type: "string" } } },
      503: { type: "object", properties: { status: { type: "string" } } },
    },
  } as const;
  app.get("/health", { schema: healthSchema }, async (_request, reply) => {
    const state = options.state();
    return reply.code(state === "ok" ? 200 : 503).send({ status: state });
  });

  const templates = listTemplates().map(({ name, description }) => ({ name, description }));
  app.get(
    "/templates",
    {
      schema: {
        response: {
          200: {
            type: "array",
            items: {
              type: "object",
              properties: { name: { type: "string" }, description: { type: "string" } },
            },
          },
        },
      },
    },
    async () => templates,
  );

  app.get("/metrics", async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}
