import { describe, expect, it } from "vitest";
import type { BatchTask } from "../../src/cli/batchWorker.js";
import { jobId } from "../../src/queue/jobKey.js";

const task: BatchTask = {
  input: "/shared/in/story.md",
  output: "/shared/out/story.pdf",
  strict: false,
  pdf: { bleed: 3, cmyk: true },
};
const article = new TextEncoder().encode("# عنوان\n\nنص");

describe("jobId", () => {
  it("is a UUID that the same work always gets", () => {
    const id = jobId(task, article);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jobId({ ...task }, article.slice())).toBe(id);
    // Options in another order are the same options.
    expect(jobId({ ...task, pdf: { cmyk: true, bleed: 3 } }, article)).toBe(id);
  });

  it("differs for another file, content, option or template", () => {
    const id = jobId(task, article);
    const others = [
      jobId({ ...task, input: "/shared/in/other.md" }, article),
      jobId({ ...task, output: "/shared/out2/story.pdf" }, article),
      jobId(task, new TextEncoder().encode("# عنوان\n\nنص آخر")),
      jobId({ ...task, strict: true }, article),
      jobId({ ...task, pdf: { bleed: 3 } }, article),
      jobId({ ...task, template: "a3-5col" }, article),
      jobId(task, article, new TextEncoder().encode("columns: 5")),
    ];
    expect(new Set([id, ...others]).size).toBe(others.length + 1);
  });
});
