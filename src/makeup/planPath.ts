// Apart from plan.ts, so that the commands that take articles can tell a plan by its name
// without loading the plan reader (yaml, zod) on every start.

/** Whether a file is a page plan rather than an article, by its name: *.yaml, *.yml, *.plan.json. */
export function isPlanPath(path: string): boolean {
  return /\.(?:ya?ml)$/i.test(path) || /\.plan\.json$/i.test(path);
}

/** Whether a file is an article by its name (.md, .markdown, .txt): not a page plan. */
export function isArticleTextPath(path: string): boolean {
  return /\.(?:md|markdown|txt)$/i.test(path);
}
