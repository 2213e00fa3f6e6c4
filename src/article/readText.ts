import type { Article } from "./model.js";

/** Headlines are short and carry no sentence-final punctuation. */
const HEADLINE_MAX_WORDS = 14;
const SENTENCE_END = /[.!?؟。:،,;؛…]\s*$/u;
/** Agency time codes like "04:30-19- TOK": digits, separators and a short Latin tag. */
const SOURCE_CODE = /^\s*\d{1,2}:\d{2}[\s\d:/-]*[A-Z]{2,5}\s*$/;

function wordCount(line: string): number {
  return line.split(/\s+/u).filter(Boolean).length;
}

/**
 * Reads an article written the way agency copy arrives: one paragraph per line, the headline
 * somewhere among them, and possibly a time code as the last line.
 */
export function readPlainText(source: string): Article {
  const lines = source
    .split(/\r\n|\r|\n/u)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  let sourceLine: string | undefined;
  if (lines.length > 1 && SOURCE_CODE.test(lines.at(-1) ?? "")) sourceLine = lines.pop();
  const headlineIndex = lines.findIndex(
    (l) => wordCount(l) <= HEADLINE_MAX_WORDS && !SENTENCE_END.test(l),
  );
  const headline = headlineIndex >= 0 ? (lines[headlineIndex] as string) : "";
  const body = lines.filter((_, i) => i !== headlineIndex);
  return { headline, body, lang: "ar", ...(sourceLine ? { source: sourceLine } : {}) };
}
