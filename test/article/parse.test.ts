import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Article } from "../../src/article/model.js";
import {
  type ArticleFormat,
  firstInvalidUtf8,
  formatFromPath,
  locateJsonError,
  parseArticle,
  readArticleFile,
} from "../../src/article/parse.js";
import { readPlainText } from "../../src/article/readText.js";
import { normalizeSpace, suggestKey } from "../../src/article/schema.js";
import { SahifaError } from "../../src/errors.js";

const example = (name: string) => fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));

const SEED_HEADLINE = "موسكو وبغداد تدعوان الى ضرورة مشاركة فاعلة لايران في كافة ملفات المنطقة";
const LAVROV_QUOTE =
  "إننا نعمل بنشاط لدعم العراق في ضمان قدراته الدفاعية وتعزيزها في وجه تنظيم داعش";

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Parses and returns the SahifaError it must throw. */
function failure(
  source: string | Uint8Array,
  fileName: string,
  options: { format?: ArticleFormat; overrides?: Partial<Article> } = {},
): SahifaError {
  try {
    parseArticle(source, { fileName, ...options });
  } catch (e) {
    expect(e).toBeInstanceOf(SahifaError);
    return e as SahifaError;
  }
  throw new Error(`expected ${fileName} to be rejected`);
}

function expectOneLine(error: SahifaError, fileName: string) {
  expect(error.message).not.toMatch(/[\r\n]/);
  expect(error.message.startsWith(`${fileName}: `)).toBe(true);
}

describe("the seed article (plain text)", () => {
  it("finds the headline on the 3rd line, the source code on the last, and 9 body paragraphs", async () => {
    const text = await readFile(example("jaafari-lavrov.txt"), "utf8");
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    // 11 non-empty lines: 9 paragraphs, the headline (line 3) and the source (last line).
    expect(lines).toHaveLength(11);
    const article = await readArticleFile(example("jaafari-lavrov.txt"));
    expect(article.headline).toBe(SEED_HEADLINE);
    expect(article.source).toBe("04:30-19- TOK");
    expect(article.lang).toBe("ar");
    expect(article.body).toHaveLength(9);
    expect(article.body).toEqual(lines.filter((_, i) => i !== 2 && i !== lines.length - 1));
    expect(article.body[0]?.startsWith("بزيارة رسمية ليومين")).toBe(true);
    expect(article.body.at(-1)?.startsWith("وافاد مراسلنا عبد الله عيسى")).toBe(true);
  });

  it("gives the same headline, body and source as the Markdown version", async () => {
    const txt = await readArticleFile(example("jaafari-lavrov.txt"));
    const md = await readArticleFile(example("jaafari-lavrov.md"));
    expect(md.headline).toBe(txt.headline);
    expect(md.body).toEqual(txt.body);
    expect(md.source).toBe(txt.source);
    expect(md).toMatchObject({
      kicker: "زيارة رسمية",
      byline: "عبد الله عيسى",
      dateline: "موسكو",
      date: "2026-11-29",
      pullQuote: LAVROV_QUOTE,
      template: "a4-3col",
      lang: "ar",
    });
    expect(md.body.join(" ")).toContain(`"${LAVROV_QUOTE}"`);
  });

  it("keeps the text as written: no Unicode normalization", async () => {
    const md = await readArticleFile(example("jaafari-lavrov.md"));
    expect(md.body[5]).toContain("مسيَّساً");
    // Shadda before fatha is not NFC order; it must survive as the author wrote it.
    const marks = "بَّ".normalize("NFD").split("").reverse().join("");
    expect(marks.normalize("NFC")).not.toBe(marks);
    const a = parseArticle(`---\nheadline: عنوان\n---\n${marks}`, { fileName: "marks.md" });
    expect(a.body).toEqual([marks]);
  });
});

describe("the other examples", () => {
  it("parse the Markdown and JSON forms of the Beirut article to the same article", async () => {
    const md = await readArticleFile(example("beirut-music-festival.md"));
    const json = await readArticleFile(example("beirut-music-festival.json"));
    expect(json).toStrictEqual(md);
    expect(md.pullQuote).toBeUndefined();
    expect(md.template).toBe("broadsheet-6col");
    // Something for automatic pull-quote selection: a «…» quotation of 8-30 words.
    const quotes = [...md.body.join(" ").matchAll(/«([^»]+)»/g)].map(
      (m) => (m[1] as string).split(" ").length,
    );
    expect(quotes.some((n) => n >= 8 && n <= 30)).toBe(true);
  });

  it("parse the Cairo article with every front-matter field", async () => {
    const a = await readArticleFile(example("cairo-central-bank.md"));
    for (const key of ["kicker", "subheadline", "byline", "dateline", "date", "source"] as const) {
      expect(a[key], key).toBeTruthy();
    }
    expect(a.template).toBe("tabloid-4col");
    expect(a.body.join(" ")).toContain(a.pullQuote);
    expect(a.body.join(" ")).toMatch(/3\.5%/);
    expect(a.body.join(" ")).toContain("٢٠٢٦");
  });

  it.each(["cairo-central-bank.md", "beirut-music-festival.md"])(
    "%s is 400-900 words long",
    async (name) => {
      const a = await readArticleFile(example(name));
      const words = a.body.join(" ").split(" ").length;
      expect(words).toBeGreaterThanOrEqual(400);
      expect(words).toBeLessThanOrEqual(900);
    },
  );
});

describe("Markdown", () => {
  it("joins the lines of a paragraph, collapses spaces and tabs, and trims", () => {
    const a = parseArticle(
      "---\nheadline: '  عنوان   الخبر '\n---\n\n  سطر أول\nسطر\t\tثانٍ  \n\n\n\nفقرة   ثانية\n",
      { fileName: "a.md" },
    );
    expect(a).toEqual({
      headline: "عنوان الخبر",
      body: ["سطر أول سطر ثانٍ", "فقرة ثانية"],
      lang: "ar",
    });
  });

  it("keeps no-break spaces and joiners", () => {
    const a = parseArticle("---\nheadline: x\n---\n10\u00a0كلم و\u200cنص", { fileName: "a.md" });
    expect(a.body).toEqual(["10\u00a0كلم و\u200cنص"]);
  });

  it("takes a leading '# ' line as the headline when the front matter has none", () => {
    const withFront = parseArticle("---\nkicker: رياضة\n---\n\n# الفوز الأول\n\nالنص.", {
      fileName: "a.md",
    });
    expect(withFront).toMatchObject({ kicker: "رياضة", headline: "الفوز الأول", body: ["النص."] });
    const bare = parseArticle("# الفوز الأول\nالنص هنا.\n", { fileName: "a.md" });
    expect(bare).toEqual({ headline: "الفوز الأول", body: ["النص هنا."], lang: "ar" });
  });

  it("drops a '# ' heading that repeats the front-matter headline and rejects one that differs", () => {
    const same = parseArticle("---\nheadline: العنوان\n---\n# العنوان\n\nنص.", {
      fileName: "a.md",
    });
    expect(same.body).toEqual(["نص."]);
    const e = failure("---\nheadline: العنوان\n---\n# عنوان آخر\n\nنص.", "a.md");
    expectOneLine(e, "a.md");
    expect(e.message).toMatch(/line 4: headline given twice/);
  });

  it("handles CRLF line endings and a byte order mark", () => {
    const lf = "---\nheadline: عنوان\ndate: 2026-11-29\n---\n\nفقرة\nأولى\n\nفقرة ثانية\n";
    const expected = parseArticle(lf, { fileName: "a.md" });
    expect(expected.body).toEqual(["فقرة أولى", "فقرة ثانية"]);
    const crlf = lf.replace(/\n/g, "\r\n");
    expect(parseArticle(crlf, { fileName: "a.md" })).toEqual(expected);
    expect(parseArticle(`\uFEFF${crlf}`, { fileName: "a.md" })).toEqual(expected);
    const bomBytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(crlf)]);
    expect(parseArticle(bomBytes, { fileName: "a.md" })).toEqual(expected);
  });

  it("allows blank lines before the front matter and counts them in line numbers", () => {
    const a = parseArticle("\n\n---\nheadline: x\n---\nنص", { fileName: "a.md" });
    expect(a.headline).toBe("x");
    const e = failure("\n\n---\nheadline: x\nheadline: y\n---\nنص", "a.md");
    expect(e.message).toMatch(/^a\.md: line 5: front matter is not valid YAML/);
  });

  it("treats `key:` with no value and empty strings as absent optional fields", () => {
    const a = parseArticle("---\nheadline: x\nkicker:\nbyline: ''\n---\nنص", { fileName: "a.md" });
    expect(a).toEqual({ headline: "x", body: ["نص"], lang: "ar" });
  });
});

describe("JSON", () => {
  it("reads the same keys plus body: string[]", () => {
    const a = parseArticle(
      JSON.stringify({ headline: " عنوان ", body: ["  أ  ب ", "ج\nد"], template: "a3-5col" }),
      { fileName: "a.json" },
    );
    expect(a).toEqual({ headline: "عنوان", body: ["أ ب", "ج د"], template: "a3-5col", lang: "ar" });
  });
});

describe("plain text", () => {
  it("reads CRLF agency copy the way readPlainText does", () => {
    const text = "الجملة الأولى من الخبر.\r\nعنوان قصير\r\nفقرة   ثانية.\r\n\r\n11:05-02- AFP\r\n";
    const a = parseArticle(text, { fileName: "a.txt" });
    expect(a).toEqual({
      headline: "عنوان قصير",
      body: ["الجملة الأولى من الخبر.", "فقرة ثانية."],
      source: "11:05-02- AFP",
      lang: "ar",
    });
    expect(readPlainText(text).headline).toBe("عنوان قصير");
  });
});

describe("overrides", () => {
  it("win over what the file says", async () => {
    const a = await readArticleFile(example("jaafari-lavrov.md"), {
      headline: "عنوان من سطر الأوامر",
      template: "tabloid-4col",
      kicker: undefined,
    });
    expect(a.headline).toBe("عنوان من سطر الأوامر");
    expect(a.template).toBe("tabloid-4col");
    expect(a.kicker).toBe("زيارة رسمية");
  });

  it("supply a headline plain text lacks", () => {
    const text = "جملة أولى طويلة بما يكفي.\nجملة ثانية.";
    expect(failure(text, "a.txt").message).toMatch(/headline: missing/);
    const a = parseArticle(text, { fileName: "a.txt", overrides: { headline: "عنوان" } });
    expect(a.headline).toBe("عنوان");
    expect(a.body).toHaveLength(2);
  });

  it("are validated like the file", () => {
    const e = failure("---\nheadline: x\n---\nنص", "a.md", { overrides: { date: "yesterday" } });
    expect(e.message).toBe('a.md: date: expected a date as YYYY-MM-DD, got "yesterday"');
  });
});

describe("bad input", () => {
  const cases: {
    name: string;
    file: string;
    source: string | Uint8Array;
    message: RegExp;
  }[] = [
    { name: "empty file", file: "a.md", source: new Uint8Array(0), message: /: empty file$/ },
    { name: "empty string", file: "a.txt", source: "", message: /: empty file$/ },
    { name: "only a BOM", file: "a.txt", source: "\uFEFF", message: /: empty file$/ },
    {
      name: "whitespace only",
      file: "a.txt",
      source: utf8(" \n\t\r\n  \n"),
      message: /: only whitespace, no text$/,
    },
    {
      name: "invalid UTF-8 (Latin-1 é on line 2)",
      file: "a.txt",
      source: new Uint8Array([...utf8("عنوان\nCaf"), 0xe9, 0x0a]),
      message: /: not valid UTF-8 \(byte 0xE9 on line 2\)/,
    },
    {
      name: "Windows-1256 Arabic",
      file: "a.md",
      source: new Uint8Array([0xc7, 0xe1, 0xce, 0xc8, 0xd1]),
      message: /not valid UTF-8 .*Windows-1256/,
    },
    {
      name: "binary data with NUL bytes",
      file: "photo.md",
      source: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      message: /: binary data, not text$/,
    },
    {
      name: "binary data without NUL bytes",
      file: "a.txt",
      source: new Uint8Array(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41))),
      message: /: binary data, not text$/,
    },
    {
      name: "a NUL in a string",
      file: "a.json",
      source: '{"headline": "x"}\u0000',
      message: /: binary data, not text$/,
    },
    {
      name: "UTF-16",
      file: "a.txt",
      source: new Uint8Array([0xff, 0xfe, 0x27, 0x06, 0x44, 0x06]),
      message: /: UTF-16 text; save the file as UTF-8$/,
    },
    {
      name: "a stray control character",
      file: "a.md",
      source: "---\nheadline: x\n---\nنص\u0007 هنا",
      message: /: line 4, column 3: control character U\+0007/,
    },
    {
      name: "malformed YAML (the line is counted in the file)",
      file: "a.md",
      source: "---\nheadline: عنوان\ndateline: بيروت: لبنان\n---\nنص",
      message: /^a\.md: line 3: front matter is not valid YAML: /,
    },
    {
      name: "an unclosed quote in YAML",
      file: "a.md",
      source: '---\nkicker: x\nheadline: "عنوان\n---\nنص',
      message: /^a\.md: line \d: front matter is not valid YAML: Missing closing "quote/,
    },
    {
      name: "a duplicate YAML key",
      file: "a.md",
      source: "---\nheadline: a\nheadline: b\n---\nنص",
      message: /^a\.md: line 3: front matter is not valid YAML: Map keys must be unique/,
    },
    {
      name: "front matter never closed",
      file: "a.md",
      source: "---\nheadline: a\n\nنص",
      message: /line 1: front matter opened with "---" is never closed/,
    },
    {
      name: "front matter that is a list",
      file: "a.md",
      source: "---\n- a\n- b\n---\nنص",
      message: /front matter \(line 2\): expected "key: value" lines, got array/,
    },
    {
      name: "body in front matter",
      file: "a.md",
      source: "---\nheadline: a\nbody: [x]\n---\nنص",
      message: /body: write the body as paragraphs below the front matter/,
    },
    {
      name: "no headline in Markdown",
      file: "a.md",
      source: "---\nkicker: x\n---\nنص",
      message:
        /: headline: missing \(required\); add "headline:" to the front matter or a "# " line/,
    },
    {
      name: "an empty headline",
      file: "a.md",
      source: "---\nheadline: '   '\n---\nنص",
      message: /: headline: empty/,
    },
    {
      name: "a headline that is an array",
      file: "article.md",
      source: "---\nheadline: [1, 2]\n---\nنص",
      message: /^article\.md: headline: expected a string, got array$/,
    },
    {
      name: "a headline that is a number",
      file: "a.md",
      source: "---\nheadline: 2026\n---\nنص",
      message: /^a\.md: headline: expected a string, got number$/,
    },
    {
      name: "a typo in a key",
      file: "a.md",
      source: "---\nheadlne: عنوان\n---\nنص",
      message: /^a\.md: unknown key "headlne"; did you mean "headline"\?/,
    },
    {
      name: "snake_case key",
      file: "a.json",
      source: '{"headline": "x", "body": ["y"], "pull_quote": "z"}',
      message: /^a\.json: unknown key "pull_quote"; did you mean "pullQuote"\?$/,
    },
    {
      name: "an unknown key",
      file: "a.md",
      source: "---\nheadline: x\nphotographer: y\n---\nنص",
      message: /unknown key "photographer"; known keys are kicker, headline, /,
    },
    {
      name: "a date that is not a date",
      file: "a.md",
      source: "---\nheadline: x\ndate: yesterday\n---\nنص",
      message: /^a\.md: date: expected a date as YYYY-MM-DD, got "yesterday"$/,
    },
    {
      name: "a date that is not on the calendar",
      file: "a.md",
      source: "---\nheadline: x\ndate: 2026-02-30\n---\nنص",
      message: /^a\.md: date: "2026-02-30" is not a real calendar date$/,
    },
    {
      name: "a template name with capitals and spaces",
      file: "a.md",
      source: "---\nheadline: x\ntemplate: A4 3col\n---\nنص",
      message: /template: expected a template name of lowercase letters, digits and hyphens/,
    },
    {
      name: "a bad language tag",
      file: "a.md",
      source: "---\nheadline: x\nlang: Arabic\n---\nنص",
      message: /lang: expected a language tag like "ar"/,
    },
    {
      name: "a Markdown file with no body",
      file: "a.md",
      source: "---\nheadline: x\n---\n\n",
      message: /: body: no paragraphs/,
    },
    {
      name: "a JSON syntax error",
      file: "a.json",
      source: '{\n  "headline": "x",\n  "body": ["a" "b"]\n}',
      message:
        /^a\.json: invalid JSON at line 3, column 16: expected "," or "]" after an array item/,
    },
    {
      name: "a trailing comma in JSON",
      file: "a.json",
      source: '{"headline": "x", "body": ["a"],\n}',
      message: /^a\.json: invalid JSON at line 2, column 1: trailing comma before "}"$/,
    },
    {
      name: "single quotes in JSON",
      file: "a.json",
      source: "{'headline': 'x'}",
      message: /invalid JSON at line 1, column 2: expected a property name in double quotes/,
    },
    {
      name: "truncated JSON",
      file: "a.json",
      source: '{"headline": "x", "body": [',
      message: /invalid JSON at line 1, column 28: unexpected end of the file$/,
    },
    {
      name: "invalid JSON nested 20,000 deep (the locator does not overflow the stack)",
      file: "a.json",
      source: `${"[".repeat(20_000)}${"]".repeat(19_999)}`,
      message: /^a\.json: invalid JSON at line 1, column 513: nested more than 512 levels deep$/,
    },
    {
      name: "JSON that is not an object",
      file: "a.json",
      source: '["x"]',
      message: /^a\.json: expected an object of article fields, got array$/,
    },
    {
      name: "no headline in JSON",
      file: "a.json",
      source: '{"body": ["x"]}',
      message: /^a\.json: headline: missing \(required\); add a "headline" key$/,
    },
    {
      name: "a body that is a string",
      file: "a.json",
      source: '{"headline": "x", "body": "نص"}',
      message: /: body: expected an array of strings \(one per paragraph\), got string$/,
    },
    {
      name: "no body in JSON",
      file: "a.json",
      source: '{"headline": "x"}',
      message: /: body: missing \(required\)/,
    },
    {
      name: "an empty body",
      file: "a.json",
      source: '{"headline": "x", "body": []}',
      message: /: body: no paragraphs/,
    },
    {
      name: "an empty paragraph",
      file: "a.json",
      source: '{"headline": "x", "body": ["a", "  "]}',
      message: /: body\[1\]: empty paragraph$/,
    },
    {
      name: "a paragraph that is a number",
      file: "a.json",
      source: '{"headline": "x", "body": ["a", 7]}',
      message: /: body\[1\]: expected a string \(one paragraph\), got number$/,
    },
    {
      name: "no headline in plain text",
      file: "a.txt",
      source: "جملة أولى.\nجملة ثانية.",
      message: /: headline: missing \(required\); no line looks like a headline/,
    },
  ];

  it.each(cases)("$name", ({ file, source, message }) => {
    const e = failure(source, file);
    expect(e.code).toBe("INPUT_INVALID");
    expectOneLine(e, file);
    expect(e.message).toMatch(message);
  });

  it("reports the first problem and counts the rest", () => {
    const e = failure("---\nheadlne: x\ndate: nope\n---\nنص", "a.md");
    expect(e.message).toBe(
      'a.md: unknown key "headlne"; did you mean "headline"? (and 2 more problems)',
    );
  });
});

describe("files", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sahifa-parse-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("picks the format from the extension", () => {
    expect(formatFromPath("a.md")).toBe("md");
    expect(formatFromPath("dir.v2/A.MARKDOWN")).toBe("md");
    expect(formatFromPath("a.json")).toBe("json");
    expect(formatFromPath("a.txt")).toBe("txt");
    expect(formatFromPath("a.news")).toBe("txt");
    expect(formatFromPath("README")).toBe("txt");
  });

  it("reads .markdown and unknown extensions", async () => {
    const md = join(dir, "x.markdown");
    await writeFile(md, "# عنوان\n\nنص.\n");
    expect((await readArticleFile(md)).headline).toBe("عنوان");
    const other = join(dir, "x.wire");
    await writeFile(other, "نص الخبر.\nعنوان الخبر\n");
    expect((await readArticleFile(other)).headline).toBe("عنوان الخبر");
  });

  it("names a missing file INPUT_NOT_FOUND", async () => {
    const path = join(dir, "nope.md");
    const e = await readArticleFile(path).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(SahifaError);
    expect((e as SahifaError).code).toBe("INPUT_NOT_FOUND");
    expect((e as SahifaError).message).toBe(`${path}: file not found`);
  });

  it("refuses a directory", async () => {
    const e = await readArticleFile(dir).catch((err: unknown) => err);
    expect((e as SahifaError).code).toBe("INPUT_INVALID");
    expect((e as SahifaError).message).toBe(`${dir}: is a directory, not an article file`);
  });

  it("names the file in errors about its content", async () => {
    const path = join(dir, "bad.json");
    await writeFile(path, '{"headline": 1, "body": ["x"]}');
    await expect(readArticleFile(path)).rejects.toThrow(
      `${path}: headline: expected a string, got number`,
    );
  });
});

describe("helpers", () => {
  it("normalizeSpace collapses spaces, tabs and line breaks only", () => {
    expect(normalizeSpace(" a \t\t b\r\n c ")).toBe("a b c");
    expect(normalizeSpace("a\u00a0\u00a0b")).toBe("a\u00a0\u00a0b");
  });

  it("suggestKey finds near misses", () => {
    expect(suggestKey("headlne")).toBe("headline");
    expect(suggestKey("Headline")).toBe("headline");
    expect(suggestKey("pullquote")).toBe("pullQuote");
    expect(suggestKey("sub-headline")).toBe("subheadline");
    expect(suggestKey("dte")).toBe("date");
    expect(suggestKey("photographer")).toBeUndefined();
  });

  it("firstInvalidUtf8 finds overlongs, surrogates and truncated sequences", () => {
    expect(firstInvalidUtf8(utf8("سلام abc"))).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0x42, 0xd8]))).toBe(2);
    expect(firstInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
  });

  it("locateJsonError agrees with JSON.parse about what is valid", () => {
    const valid = ['{"a": [1, -2.5e3, true, null, "\\u0041\\n"]}', "[]", '"x"', " 0 "];
    for (const text of valid) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonError(text)).toBeUndefined();
    }
    const invalid = ["{", '{"a" 1}', "[01]", '"\\x"', "tru", "{}{}", '"a\nb"', "-"];
    for (const text of invalid) {
      expect(() => JSON.parse(text)).toThrow();
      expect(locateJsonError(text), text).toBeDefined();
    }
  });
});
