/** What went wrong, as a stable code a caller can branch on. */
export type SahifaErrorCode =
  | "INPUT_NOT_FOUND"
  | "INPUT_INVALID"
  | "FONT_NOT_FOUND"
  | "FONT_INVALID"
  | "TEMPLATE_INVALID"
  | "OUTPUT_FAILED"
  | "USAGE";

/** An error meant for the user: its message is one line that names the file and the problem. */
export class SahifaError extends Error {
  readonly code: SahifaErrorCode;
  constructor(code: SahifaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SahifaError";
    this.code = code;
  }
}
