import type { Article } from "./model.js";
import { normalizeSpace } from "./schema.js";

/** Headlines are short and carry no sentence-final punctuation. */
const HEADLINE_MAX_WORDS = 14;
// . ! ? ؟ 。 : ، , ; ؛ … (escaped: the command-line bundle must stay ASCII)
const SENTENCE_END = /[.!?\u061f\u3002:\u060c,;\u061b\u2026]\s*$/u;
/** Agency time codes like "04:30-19- TOK": digits, separators and a short Latin tag. */
const SOURCE_CODE = /^\s*\d{1,2}:\d{2}[\s\d:/-]*[A-Z]{2,5}\s*$/;

function wordCount(line: string): number {
  return line.split(/\s+/u).filter(Boolean).length;
}

/** Whether a line reads like a headline: at most 14 words and no sentence-final punctuation. */
export function looksLikeHeadline(line: string): boolean {
  return wordCount(line) <= HEADLINE_MAX_WORDS && !SENTENCE_END.test(line);
}

/** Whether a line is an agency time/source code such as "04:30-19- TOK". */
export function looksLikeSourceCode(line: string): boolean {
  return SOURCE_CODE.test(line);
}

/**
 * Reads an article written the way agency copy arrives: one paragraph per line, the headline
 * somewhere among them (the first line that looks like one), and possibly a time code as the
 * last line, which becomes `source`. Lines are trimmed and runs of spaces collapsed; the text is
 * otherwise kept as written. `headline` is "" when no line looks like a headline (`parseArticle`
 * reports that as an error naming the file).
 */
export function readPlainText(source: string): Article {
  const lines = source
    .replace(/^\uFEFF/u, "")
    .split(/\r\n|\r|\n/u)
    .map(normalizeSpace)
    .filter((l) => l.length > 0);
  let sourceLine: string | undefined;
  if (lines.length > 1 && looksLikeSourceCode(lines.at(-1) ?? "")) sourceLine = lines.pop();
  const headlineIndex = lines.findIndex(looksLikeHeadline);
  const headline = headlineIndex >= 0 ? (lines[headlineIndex] as string) : "";
  const body = lines.filter((_, i) => i !== headlineIndex);
  return { headline, body, lang: "ar", ...(sourceLine ? { source: sourceLine } : {}) };
}
