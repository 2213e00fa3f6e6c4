import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listing, ROOT, STACK_LINE, sahifa, tempDir } from "./cli.js";

const SEED = readFileSync(join(ROOT, "examples", "jaafari-lavrov.md"));
const BODY = "قال وزير الخارجية إن المحادثات كانت بنّاءة ومفيدة للطرفين.\n";
/** What the output file holds before a failed run: it must still hold exactly this after. */
const OLD_PDF = Buffer.from("%PDF-1.7\n% an older rendering, which a failed run must keep\n");

interface BadCase {
  name: string;
  /** The article file: its name and bytes. */
  file: string;
  content: string | Buffer;
  /** More arguments; {dir} is the case's folder. */
  args?: string[];
  /** Extra files the case needs (a template). */
  setup?: (dir: string) => void;
  status: number;
  /** The file the message must name, and what it must say. */
  names: string;
  says: RegExp;
  /** The output path, when not out.pdf. */
  output?: string;
}

function frontMatter(yaml: string): string {
  return `---\n${yaml}\n---\n\n${BODY}`;
}

const CASES: BadCase[] = [
  {
    name: "an empty file",
    file: "empty.md",
    content: "",
    status: 1,
    names: "empty.md",
    says: /empty file/,
  },
  {
    name: "whitespace only",
    file: "blank.md",
    content: "  \n\t\n\n   \n",
    status: 1,
    names: "blank.md",
    says: /only whitespace/,
  },
  {
    name: "invalid UTF-8 (Windows-1256 bytes)",
    file: "cp1256.md",
    content: Buffer.concat([
      Buffer.from("---\nheadline: "),
      Buffer.from([0xe3, 0xd3, 0xc4, 0xe6, 0xe1]), // مسؤول in Windows-1256
      Buffer.from(`\n---\n\n${BODY}`),
    ]),
    status: 1,
    names: "cp1256.md",
    says: /not valid UTF-8 .*line 2/,
  },
  {
    name: "binary data",
    file: "photo.md",
    content: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    status: 1,
    names: "photo.md",
    says: /binary data/,
  },
  {
    name: "malformed YAML front matter",
    file: "yaml.md",
    content: frontMatter('headline: "unclosed\nbyline: [a, b'),
    status: 1,
    names: "yaml.md",
    says: /front matter is not valid YAML/,
  },
  {
    name: "a headline that is a list",
    file: "list.md",
    content: frontMatter("headline: [1, 2]"),
    status: 1,
    names: "list.md",
    says: /headline: expected a string, got array/,
  },
  {
    name: "a date that is not a date",
    file: "date.md",
    content: frontMatter("headline: عنوان\ndate: yesterday"),
    status: 1,
    names: "date.md",
    says: /date: expected a date as YYYY-MM-DD, got "yesterday"/,
  },
  {
    name: "a missing headline",
    file: "nohead.md",
    content: frontMatter("byline: مراسلنا"),
    status: 1,
    names: "nohead.md",
    says: /headline: missing/,
  },
  {
    name: "invalid JSON",
    file: "story.json",
    content: '{"headline": "عنوان", "body": ["نص",]}',
    status: 1,
    names: "story.json",
    says: /invalid JSON at line 1/,
  },
  {
    name: "an article file that does not exist",
    file: "here.md",
    content: SEED,
    args: ["render", "gone.md", "-o", "out.pdf"],
    status: 1,
    names: "gone.md",
    says: /file not found/,
  },
  {
    name: "an unknown template",
    file: "story.md",
    content: SEED,
    args: ["--template", "no-such-template"],
    status: 1,
    names: "no-such-template",
    says: /unknown template/,
  },
  {
    name: "an unknown template named by the article",
    file: "story.md",
    content: frontMatter("headline: عنوان\ntemplate: no-such-template"),
    status: 1,
    names: "story.md",
    says: /template "no-such-template": unknown template/,
  },
  {
    name: "a template whose font is missing",
    file: "story.md",
    content: SEED,
    setup: (dir) => {
      const yaml = readFileSync(join(ROOT, "templates", "a4-3col.yaml"), "utf8");
      const broken = yaml.replace(
        "body: { font: Amiri-Regular.ttf",
        "body: { font: Missing-Regular.ttf",
      );
      expect(broken).not.toBe(yaml);
      writeFileSync(join(dir, "broken.yaml"), broken.replace("name: a4-3col", "name: broken"));
    },
    args: ["--template", "broken.yaml"],
    status: 1,
    names: "broken.yaml",
    says: /styles\.body\.font: font file "Missing-Regular\.ttf" not found/,
  },
  {
    name: "an output folder that is a file",
    file: "story.md",
    content: SEED,
    setup: (dir) => writeFileSync(join(dir, "notes.txt"), "a file, not a folder\n"),
    output: join("notes.txt", "out.pdf"),
    status: 3,
    names: join("notes.txt", "out.pdf"),
    says: /cannot write output \(notes\.txt is not a folder\)/,
  },
  {
    name: "an output folder that does not exist",
    file: "story.md",
    content: SEED,
    output: join("no-such-folder", "out.pdf"),
    status: 3,
    names: join("no-such-folder", "out.pdf"),
    says: /cannot write output \(folder no-such-folder does not exist\)/,
  },
];

function prepare(c: BadCase): { dir: string; args: string[]; output: string } {
  const dir = tempDir();
  writeFileSync(join(dir, c.file), c.content);
  writeFileSync(join(dir, "out.pdf"), OLD_PDF);
  c.setup?.(dir);
  const output = c.output ?? "out.pdf";
  const args =
    c.args?.[0] === "render" ? c.args : ["render", c.file, "-o", output, ...(c.args ?? [])];
  return { dir, args, output };
}

describe("bad input: one line naming the file, a non-zero exit, and no output", () => {
  it.concurrent.each(CASES)("$name", async (c) => {
    const { dir, args, output } = prepare(c);
    const before = listing(dir);
    const result = await sahifa(args, dir);
    expect(result.stderr).toMatch(/^sahifa: [^\n]*\n$/);
    expect(result.stderr).toContain(c.names);
    expect(result.stderr).toMatch(c.says);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stdout).toBe("");
    expect(result.status).toBe(c.status);
    // Nothing created (no PDF, no temporary file), and the old PDF byte for byte as it was.
    expect(listing(dir)).toEqual(before);
    expect(readFileSync(join(dir, "out.pdf")).equals(OLD_PDF)).toBe(true);
    if (output !== "out.pdf") expect(existsSync(join(dir, output))).toBe(false);
  });

  it.concurrent("creates no file when the output did not exist", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "nohead.md"), frontMatter("byline: مراسلنا"));
    const result = await sahifa(["render", "nohead.md", "-o", "new.pdf"], dir);
    expect(result.status).toBe(1);
    expect(listing(dir)).toEqual(["nohead.md"]);
  });

  it.concurrent("--strict refuses characters no font has, keeping the old PDF", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "emoji.md"), frontMatter("headline: عنوان 😀"));
    writeFileSync(join(dir, "out.pdf"), OLD_PDF);
    const result = await sahifa(["render", "emoji.md", "-o", "out.pdf", "--strict"], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^sahifa: emoji\.md: 1 character has no glyph[^\n]*😀[^\n]*\n$/u);
    expect(readFileSync(join(dir, "out.pdf")).equals(OLD_PDF)).toBe(true);
    expect(listing(dir)).toEqual(["emoji.md", "out.pdf"]);
  });

  it.concurrent("--debug adds the stack trace", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "empty.md"), "");
    const result = await sahifa(["render", "empty.md", "-o", "out.pdf", "--debug"], dir);
    expect(result.status).toBe(1);
    expect(result.stderr.split("\n")[0]).toBe("sahifa: empty.md: empty file");
    expect(result.stderr).toMatch(STACK_LINE);
  });

  it.concurrent("usage errors exit 2 in one line", async () => {
    const dir = tempDir();
    copyFileSync(join(ROOT, "examples", "jaafari-lavrov.md"), join(dir, "story.md"));
    for (const args of [
      ["render", "story.md"], // no -o
      ["render", "story.md", "-o", "x.pdf", "--no-such-flag"],
      ["rendr", "story.md"],
      [],
      ["render", "story.md", "-o", "story.md"], // would overwrite the input
      ["batch", "story.md", "-d", "out", "--jobs", "0"],
    ]) {
      const result = await sahifa(args, dir);
      expect(result.status, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(/^sahifa: [^\n]*\n$/);
    }
    expect(listing(dir)).toEqual(["story.md"]);
  });
});

describe("help and version", () => {
  it.concurrent("every command has --help with examples", async () => {
    const dir = tempDir();
    const main = await sahifa(["--help"], dir);
    expect(main.status).toBe(0);
    for (const command of ["render", "batch", "layout", "shape", "templates", "fonts"]) {
      expect(main.stdout).toContain(`sahifa ${command}`);
      const help = await sahifa([command, "--help"], dir);
      expect(help.status, command).toBe(0);
      expect(help.stdout, command).toMatch(/Examples:\n\s+sahifa /);
    }
    expect(main.stdout).toMatch(/Exit codes: 0 success, 1 bad input/);
  });

  it.concurrent("--version prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    const result = await sahifa(["--version"], tempDir());
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });
});
