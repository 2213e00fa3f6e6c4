import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.js";
import { SahifaError } from "../../src/errors.js";
import { layoutArticle } from "../../src/layout/compose.js";

const md = (body: string) => `---\nheadline: عنوان\n---\n\n${body}\n`;

describe("intertitles", () => {
  it('reads "## " lines of Markdown as subheads, paragraphs of their own', () => {
    const a = parseArticle(md("فقرة أولى.\n\n## عنوان فرعي\nفقرة ثانية.\n\nفقرة ثالثة."), {
      format: "md",
      fileName: "a.md",
    });
    expect(a.body).toEqual(["فقرة أولى.", "عنوان فرعي", "فقرة ثانية.", "فقرة ثالثة."]);
    expect(a.subheads).toEqual([1]);
  });

  it("refuses subhead indexes past the body", () => {
    const json = JSON.stringify({ headline: "عنوان", body: ["فقرة."], subheads: [3] });
    expect(() => parseArticle(json, { format: "json", fileName: "a.json" })).toThrow(SahifaError);
    expect(() => parseArticle(json, { format: "json", fileName: "a.json" })).toThrow(
      /a\.json: subheads: paragraph 3/,
    );
  });

  it("never leaves a subhead as the last thing in a column", () => {
    const words = "كلمة ".repeat(60).trim();
    const paragraphs: string[] = [];
    for (let i = 0; i < 14; i++)
      paragraphs.push(i % 3 === 2 ? `## عنوان فرعي ${i}` : `${words} ${i}.`);
    const article = parseArticle(md(paragraphs.join("\n\n")), { format: "md", fileName: "a.md" });
    expect(article.subheads?.length).toBeGreaterThan(3);
    for (const template of ["a4-3col", "tabloid-4col"]) {
      const layout = layoutArticle(article, { template });
      for (const page of layout.pages) {
        const byColumn = new Map<number, typeof page.lines>();
        for (const line of page.lines) {
          if (line.column === null || line.paragraph === null) continue;
          byColumn.set(line.column, [...(byColumn.get(line.column) ?? []), line]);
        }
        for (const lines of byColumn.values()) {
          const last = lines.reduce((a, b) => (b.y > a.y ? b : a));
          expect(page.blocks[last.block]?.kind, `${template}: "${last.text}"`).not.toBe("subhead");
        }
      }
    }
  });
});
