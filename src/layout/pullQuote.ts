import type { Article } from "../article/model.js";

const MIN_WORDS = 8;
const MAX_WORDS = 30;
// «…», "…" and “…” (escaped: the command-line bundle must stay ASCII)
const QUOTATIONS = [
  /\u00ab([^\u00ab\u00bb]+)\u00bb/gu,
  /"([^"]+)"/gu,
  /\u201c([^\u201c\u201d]+)\u201d/gu,
];

function words(text: string): number {
  return text.split(/\s+/u).filter(Boolean).length;
}

/**
 * The article's own pull-quote, or else the first quotation in the body («…», "…" or “…”)
 * of 8 to 30 words, stripped of a trailing full stop.
 */
export function choosePullQuote(article: Article): string | undefined {
  if (article.pullQuote?.trim()) return article.pullQuote.trim();
  let best: { at: number; paragraph: number; text: string } | undefined;
  article.body.forEach((paragraph, index) => {
    for (const pattern of QUOTATIONS) {
      for (const match of paragraph.matchAll(pattern)) {
        const text = (match[1] ?? "").trim();
        const n = words(text);
        if (n < MIN_WORDS || n > MAX_WORDS) continue;
        const at = match.index ?? 0;
        if (!best || index < best.paragraph || (index === best.paragraph && at < best.at)) {
          best = { at, paragraph: index, text };
        }
      }
    }
  });
  return best?.text.replace(/[.\u3002]$/u, ""); // a final . or 。
}
