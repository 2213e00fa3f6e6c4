/** How every failure of the service is answered: one JSON shape, `{ error: { code, message } }`. */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { oneLine } from "../cli/common.js";
import { SahifaError, type SahifaErrorCode } from "../errors.js";
import { RenderRefused } from "./renderPool.js";

/** Codes of the service's own, besides sahifa's (SahifaErrorCode). */
export type HttpErrorCode =
  | SahifaErrorCode
  | "BODY_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "NOT_FOUND"
  | "QUEUE_FULL"
  | "TIMEOUT"
  | "UNAVAILABLE";

/** An error the service answers with its own status. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: HttpErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** The answer's schema, for the routes' response declarations. */
export const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" } },
    },
  },
} as const;

/** Bad input is the client's (400); fonts and templates the server ships failing are its own. */
function statusOfSahifa(code: SahifaErrorCode): number {
  switch (code) {
    case "INPUT_INVALID":
    case "INPUT_NOT_FOUND":
    case "TEMPLATE_INVALID":
    case "USAGE":
      return 400;
    default:
      return 500;
  }
}

const REFUSALS = {
  "queue-full": new HttpError(429, "QUEUE_FULL", "too many renders waiting; try again shortly"),
  timeout: new HttpError(503, "TIMEOUT", "the render did not finish in time"),
  closed: new HttpError(503, "UNAVAILABLE", "the server is shutting down"),
} as const;

/** Fastify's and @fastify/multipart's own errors, by their status. */
function fromFastify(error: FastifyError): HttpError {
  const status = error.statusCode ?? 500;
  if (status === 413) return new HttpError(413, "BODY_TOO_LARGE", "the request body is too large");
  if (status === 415) {
    return new HttpError(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      "send application/json, text/markdown, text/plain or multipart/form-data",
    );
  }
  if (error.validation) return new HttpError(400, "USAGE", error.message);
  if (status >= 400 && status < 500) return new HttpError(status, "USAGE", error.message);
  return new HttpError(500, "INTERNAL", "internal error");
}

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof RenderRefused) return REFUSALS[error.reason];
  if (error instanceof SahifaError) {
    const status = statusOfSahifa(error.code);
    // The server's own failures may name its files: logged, never shown.
    const message = status < 500 ? oneLine(error.message) : "internal error";
    return new HttpError(status, error.code, message);
  }
  if (error instanceof Error && "statusCode" in error) return fromFastify(error as FastifyError);
  return new HttpError(500, "INTERNAL", "internal error");
}

/** The one error handler: every failure, as JSON; unexpected ones are logged, not shown. */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const http = toHttpError(error);
  if (http.statusCode === 500) request.log.error({ err: error });
  void reply
    .code(http.statusCode)
    .type("application/json")
    .send({ error: { code: http.code, message: http.message } });
}
