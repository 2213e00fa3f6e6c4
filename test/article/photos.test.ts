import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.js";

const md = (frontMatter: string) =>
  `---\nheadline: عنوان الخبر\n${frontMatter}\n---\n\nالفقرة الأولى.\n\nالفقرة الثانية.\n`;
const parse = (frontMatter: string) =>
  parseArticle(md(frontMatter), { fileName: "story.md", format: "md" });
const problem = (frontMatter: string) => {
  try {
    parse(frontMatter);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
};

describe("photos in an article", () => {
  it("reads the lead photo and photos in the text, with every key", () => {
    const a = parse(
      [
        "photo:",
        "  src: photos/cup.jpg",
        "  caption: فنجان  قهوة",
        '  credit: "تصوير: سارة"',
        "  alt: فنجان على طاولة",
        "  span: 2",
        "  focus: [0.5, 0.35]",
        "  fit: contain",
        "photos:",
        "  - { src: a.png, after: 1 }",
        "  - b.jpg",
      ].join("\n"),
    );
    expect(a.photo).toEqual({
      src: "photos/cup.jpg",
      caption: "فنجان قهوة",
      credit: "تصوير: سارة",
      alt: "فنجان على طاولة",
      span: 2,
      focus: [0.5, 0.35],
      fit: "contain",
    });
    expect(a.photos).toEqual([{ src: "a.png", after: 1 }, { src: "b.jpg" }]);
  });

  it("reads the same from JSON", () => {
    const a = parseArticle(
      JSON.stringify({
        headline: "عنوان",
        body: ["فقرة"],
        photo: { src: "cup.jpg", focus: [0, 1] },
        photos: ["x.jpg"],
      }),
      { fileName: "story.json", format: "json" },
    );
    expect(a.photo).toEqual({ src: "cup.jpg", focus: [0, 1] });
    expect(a.photos).toEqual([{ src: "x.jpg" }]);
  });

  it("refuses what cannot be a photo, in one line naming the key", () => {
    expect(problem("photo: https://example.com/a.jpg")).toBe(
      'story.md: photo.src: "https://example.com/a.jpg" is a URL: sahifa reads photos from files and never from the network; download it and give its path',
    );
    expect(problem("photo: { src: data:image/png;base64,AAAA }")).toMatch(/is a URL|unknown key/);
    expect(problem("photo: { caption: شرح }")).toBe("story.md: photo.src: missing (required)");
    expect(problem("photo: { src: a.jpg, focus: [1.5, 0] }")).toMatch(
      /^story\.md: photo\.focus\[0\]: expected a number from 0 to 1/,
    );
    expect(problem("photo: { src: a.jpg, fit: fill }")).toMatch(
      /^story\.md: photo\.fit: expected "cover" .* or "contain"/,
    );
    expect(problem("photo: { src: a.jpg, span: 0 }")).toMatch(
      /^story\.md: photo\.span: at least 1 column/,
    );
    expect(problem("photo: { src: a.jpg, captoin: x }")).toMatch(
      /^story\.md: photo: unknown key "captoin"; known keys are src, caption/,
    );
    expect(problem("photo: { src: a.jpg, after: 1 }")).toMatch(/"after" is for photos in the text/);
    expect(problem("photos: [{ src: a.jpg, span: 2 }]")).toMatch(
      /^story\.md: photos\[0\]: "span" is for the lead photo/,
    );
    expect(problem("photos: [{ src: a.jpg, after: 2 }]")).toBe(
      "story.md: photos[0].after: paragraph 2 does not exist (the body has 2)",
    );
    expect(problem("photos: a.jpg")).toMatch(/^story\.md: photos: expected a list of photos/);
  });

  it("--photo replaces the article's photo, --caption only its caption", () => {
    const own = md("photo: { src: own.jpg, caption: قديم, credit: وكالة }");
    const replaced = parseArticle(own, {
      fileName: "story.md",
      format: "md",
      overrides: { photo: { src: "/abs/new.jpg" } },
    });
    expect(replaced.photo).toEqual({ src: "/abs/new.jpg" });
    const recaptioned = parseArticle(own, {
      fileName: "story.md",
      format: "md",
      overrides: { photo: { caption: "جديد" } as never },
    });
    expect(recaptioned.photo).toEqual({ src: "own.jpg", caption: "جديد", credit: "وكالة" });
  });
});
