/** What went wrong, as a stable code a caller can branch on. */
export type SahifaErrorCode =
  | "INPUT_NOT_FOUND"
  | "INPUT_INVALID"
  | "FONT_NOT_FOUND"
  | "FONT_INVALID"
  | "TEMPLATE_INVALID"
  | "OUTPUT_FAILED"
  | "USAGE"
  /** A bug or an unexpected failure (the cause says more); the CLI exits 70. */
  | "INTERNAL";

/** An error meant for the user: its message is one line that names the file and the problem. */
export class SahifaError extends Error {
  readonly code: SahifaErrorCode;
  constructor(code: SahifaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SahifaError";
    this.code = code;
  }
}

/** An error as one line: SahifaErrors keep their message; anything else is an internal error. */
export function toSahifaError(error: unknown, context?: string): SahifaError {
  if (error instanceof SahifaError) return error;
  const message = (error instanceof Error ? error.message : String(error)).replace(
    /\s*\n[\s\S]*$/,
    "",
  );
  const where = context ? `${context}: ` : "";
  return new SahifaError("INTERNAL", `${where}internal error: ${message}`, { cause: error });
}
