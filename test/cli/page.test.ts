import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import * as mupdf from "mupdf";
import { describe, expect, it } from "vitest";
import { listing, ROOT, STACK_LINE, sahifa, tempDir } from "./cli.js";

const EXAMPLES = join(ROOT, "examples");
/** What the output file holds before a failed run: it must still hold exactly this after. */
const OLD_PDF = Buffer.from("%PDF-1.7\n% an older rendering, which a failed run must keep\n");

/**
 * A folder laid out as examples/ is, with the articles the example plans name and their
 * photos: examples/pages/*.yaml work in it unchanged.
 */
function examplesCopy(): string {
  const dir = tempDir("sahifa-page-");
  const examples = join(dir, "examples");
  mkdirSync(join(examples, "pages"), { recursive: true });
  cpSync(join(EXAMPLES, "photos"), join(examples, "photos"), { recursive: true });
  for (const article of readdirSync(EXAMPLES).filter((f) => f.endsWith(".md"))) {
    copyFileSync(join(EXAMPLES, article), join(examples, article));
  }
  for (const file of ["front-page.yaml", "tabloid-page.yaml", "brief-rail.md", "brief-books.md"]) {
    copyFileSync(join(EXAMPLES, "pages", file), join(examples, "pages", file));
  }
  return dir;
}

/** A plan on tabloid-4col (4 columns, 79 lines) of the examples' stories, then `more`. */
function tabloid(stories: string, more = ""): string {
  return `template: tabloid-4col\nstories:\n${stories}${more}`;
}

const COFFEE = "  - article: cairo-coffeehouses.md\n";
const DERBY = "  - article: derby-report.md\n";

interface BadPlan {
  name: string;
  plan: string;
  /** The line after "sahifa: plan.yaml: ". */
  says: RegExp;
  status?: number;
  /** The output, when not out.pdf. */
  output?: string;
}

const BAD_PLANS: BadPlan[] = [
  {
    name: "a missing article",
    plan: tabloid(`${COFFEE}  - article: nowhere.md\n`),
    says: /^stories\[1\] \(nowhere\.md\): article file not found$/,
  },
  {
    name: "columns wider than the page",
    plan: tabloid(`${COFFEE}    columns: 5\n`),
    says: /^stories\[0\] \(cairo-coffeehouses\.md\): columns: 5 is wider than the page's 4 columns$/,
  },
  {
    name: "lines deeper than the page",
    plan: tabloid(`${COFFEE}    lines: 500\n`),
    says: /^stories\[0\] \(cairo-coffeehouses\.md\): lines: 500 is deeper than the page's 79 lines$/,
  },
  {
    name: "a reserve wider than the page",
    plan: tabloid(COFFEE, "reserve:\n  - { columns: 5, height: 90mm }\n"),
    says: /^reserve\[0\]: columns: 5 is wider than the page's 4 columns$/,
  },
  {
    name: "a reserve taller than the page",
    plan: tabloid(COFFEE, "reserve:\n  - { columns: 2, height: 900mm, at: top-right }\n"),
    says: /^reserve\[0\]: height: 900mm is taller than the page's \d+mm for stories$/,
  },
  {
    name: "a reserve with a length that is not one",
    plan: tabloid(COFFEE, "reserve:\n  - { columns: 2, height: 9 furlongs }\n"),
    says: /^reserve\[0\]\.height: expected a length like 90mm, got "9 furlongs"$/,
  },
  {
    name: "two stories forced onto the same columns",
    plan: tabloid(
      `${COFFEE}    columns: 3\n    lines: 60\n${DERBY}    columns: 3\n    lines: 60\n`,
    ),
    says: /^stories\[0\] \(cairo-coffeehouses\.md\) and stories\[1\] \(derby-report\.md\) are forced onto the same columns: 3 columns × 60 lines and 3 columns × 60 lines do not fit side by side or one above the other on the page's 4 columns × 79 lines$/,
  },
  {
    name: "a plan naming itself as an article",
    plan: tabloid(`${COFFEE}  - article: plan.yaml\n`),
    says: /^stories\[1\] \(plan\.yaml\): the plan names itself as an article$/,
  },
  {
    name: "a plan naming another plan as an article",
    plan: tabloid(`${COFFEE}  - article: inside.yaml\n`),
    says: /^stories\[1\] \(inside\.yaml\): is a page plan, not an article \(plans do not nest\)$/,
  },
  {
    name: "invalid YAML",
    plan: "template: tabloid-4col\nstories: [\n  - article: cairo-coffeehouses.md\n",
    says: /^not valid YAML: .+ at line 3, column 3$/,
  },
  {
    name: "an unknown key at the top",
    plan: tabloid(COFFEE, "colour: red\n"),
    says: /^unknown key "colour" \(known: template, date, nameplate, folio, briefs, stories, reserve\)$/,
  },
  {
    name: "an unknown key of a story",
    plan: tabloid(`${COFFEE}    column: 2\n`),
    says: /^stories\[0\] \(cairo-coffeehouses\.md\): unknown key "column" \(known: article, columns, lines, as\)$/,
  },
  {
    name: "a story without its article",
    plan: tabloid("  - columns: 2\n"),
    says: /^stories\[0\]: article: missing \(required\)$/,
  },
  {
    name: "no stories",
    plan: "template: tabloid-4col\nstories: []\n",
    says: /^stories: a page needs at least one story$/,
  },
  {
    name: "an unknown template",
    plan: `template: tabloid-9col\nstories:\n${COFFEE}`,
    says: /^template: tabloid-9col: unknown template \(known: .*tabloid-4col.*\)$/,
  },
  {
    name: "an article that is empty",
    plan: tabloid(`${COFFEE}  - article: empty.md\n`),
    says: /^stories\[1\] \(empty\.md\): empty file$/,
  },
  {
    name: "an output that is one of the plan's articles",
    plan: tabloid(COFFEE),
    output: "cairo-coffeehouses.md",
    says: /^the output cairo-coffeehouses\.md is one of the plan's articles$/,
    status: 2,
  },
];

describe("sahifa page: bad plans", () => {
  it.concurrent.each(BAD_PLANS)("$name: one line naming the plan, no output", async (c) => {
    const dir = tempDir("sahifa-page-");
    for (const article of ["cairo-coffeehouses.md", "derby-report.md"]) {
      copyFileSync(join(EXAMPLES, article), join(dir, article));
    }
    cpSync(join(EXAMPLES, "photos"), join(dir, "photos"), { recursive: true });
    writeFileSync(join(dir, "empty.md"), "");
    writeFileSync(join(dir, "plan.yaml"), c.plan);
    writeFileSync(join(dir, "out.pdf"), OLD_PDF);
    const before = listing(dir);
    const kept = readFileSync(join(dir, c.output ?? "out.pdf"));
    const result = await sahifa(["page", "plan.yaml", "-o", c.output ?? "out.pdf"], dir);
    expect(result.stderr).toMatch(/^sahifa: plan\.yaml: [^\n]*\n$/);
    expect(result.stderr.trimEnd().replace(/^sahifa: plan\.yaml: /, "")).toMatch(c.says);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stdout).toBe("");
    expect(result.status).toBe(c.status ?? 1);
    // Nothing created (no PDF, no temporary file), and the old output byte for byte as it was.
    expect(listing(dir)).toEqual(before);
    expect(readFileSync(join(dir, c.output ?? "out.pdf")).equals(kept)).toBe(true);
  });

  it.concurrent("points a plan given to render or layout, and an article given to page, to the right command", async () => {
    const dir = examplesCopy();
    const plan = join("examples", "pages", "tabloid-page.yaml");
    for (const args of [
      ["render", plan, "-o", "out.pdf"],
      ["layout", plan],
    ]) {
      const result = await sahifa(args, dir);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(
        `sahifa: ${plan}: a page plan, not an article; sahifa page ${plan} -o page.pdf makes it up\n`,
      );
    }
    const article = join("examples", "derby-report.md");
    const page = await sahifa(["page", article, "-o", "out.pdf"], dir);
    expect(page.status).toBe(2);
    expect(page.stderr).toBe(
      `sahifa: ${article}: an article, not a page plan; sahifa render ${article} -o story.pdf typesets it\n`,
    );
    expect(existsSync(join(dir, "out.pdf"))).toBe(false);
  });

  it.concurrent("wants -o or --json, and not both", async () => {
    const dir = examplesCopy();
    const plan = join("examples", "pages", "tabloid-page.yaml");
    const neither = await sahifa(["page", plan], dir);
    expect(neither.status).toBe(2);
    expect(neither.stderr).toBe(
      "sahifa: name the PDF to write with -o page.pdf, or print the layout with --json\n",
    );
    const both = await sahifa(["page", plan, "--json", "-o", "out.pdf"], dir);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/^sahifa: --json prints the layout and writes no PDF/);
    expect(existsSync(join(dir, "out.pdf"))).toBe(false);
  });
});

interface JsonLayout {
  pages: {
    width: number;
    blocks: { kind: string; story?: number }[];
    lines: { story?: number }[];
  }[];
  stories: { file: string; as: string; pages: number[] }[];
  makeup: { pages: { score: number; rectangles: { story: number }[] }[]; warnings: string[] };
}

describe("sahifa page", () => {
  it.concurrent("--json prints the layout with its stories and how it was made up", async () => {
    const dir = examplesCopy();
    const result = await sahifa(
      ["page", join("examples", "pages", "tabloid-page.yaml"), "--json"],
      dir,
    );
    expect(result.status).toBe(0);
    expect(result.stderr).not.toMatch(STACK_LINE);
    const layout = JSON.parse(result.stdout) as JsonLayout;
    // The stories the plan names, in its order.
    const named = [
      ...readFileSync(join(EXAMPLES, "pages", "tabloid-page.yaml"), "utf8").matchAll(
        /article: (\S+)/g,
      ),
    ].map((m) => m[1]);
    expect(layout.stories.map((s) => s.file)).toEqual(named);
    expect(typeof layout.makeup.pages[0]?.score).toBe("number");
    expect(layout.makeup.pages[0]?.rectangles.map((r) => r.story).sort()).toEqual([0, 1, 2]);
    const first = layout.pages[0];
    // Every story's head and text are set, and named by the story's index.
    for (const story of [0, 1, 2]) {
      expect(first?.blocks.some((b) => b.kind === "headline" && b.story === story)).toBe(true);
      expect(first?.lines.some((l) => l.story === story)).toBe(true);
    }
    expect(first?.blocks.some((b) => b.kind === "reserve")).toBe(true);
    // No glyph data in the JSON.
    expect(result.stdout).not.toContain('"pieces"');
  });

  it.concurrent("-o writes the PDF; the output flags reach it", async () => {
    const dir = examplesCopy();
    const plan = join("examples", "pages", "front-page.yaml");
    const plain = await sahifa(["page", plan, "-o", "front.pdf"], dir);
    expect(plain.stderr).not.toMatch(STACK_LINE);
    expect(plain.status).toBe(0);
    const pdf = readFileSync(join(dir, "front.pdf"));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const doc = mupdf.Document.openDocument(pdf, "application/pdf");
    expect(doc.countPages()).toBeGreaterThanOrEqual(1);
    // Warnings, if any, are warning lines, not failures.
    for (const line of plain.stderr.split("\n").filter(Boolean)) {
      expect(line).toMatch(/^sahifa: warning: /);
    }
    const bled = await sahifa(["page", plan, "-o", "bleed.pdf", "--bleed", "3"], dir);
    expect(bled.status).toBe(0);
    const width = (file: string) => {
      const d = mupdf.Document.openDocument(readFileSync(join(dir, file)), "application/pdf");
      const [x0, , x1] = d.loadPage(0).getBounds("MediaBox");
      return (x1 ?? 0) - (x0 ?? 0);
    };
    // 3 mm of bleed on each side.
    expect(width("bleed.pdf") - width("front.pdf")).toBeCloseTo((6 * 72) / 25.4, 1);
  });
});

describe("sahifa batch with a page plan", () => {
  it("renders the articles and the plans of a folder, and a changed article renders its plan again", async () => {
    const dir = examplesCopy();
    const input = join(dir, "input");
    mkdirSync(input);
    copyFileSync(join(EXAMPLES, "jaafari-lavrov.md"), join(input, "moscow.md"));
    copyFileSync(join(EXAMPLES, "pages", "tabloid-page.yaml"), join(input, "inside.yaml"));
    // The plan's articles are in ../examples, beside the folder: not inputs of the batch.
    writeFileSync(
      join(input, "inside.yaml"),
      readFileSync(join(input, "inside.yaml"), "utf8").replaceAll("../", "../examples/"),
    );
    const args = ["batch", "input", "-d", "out", "-j", "1"];
    const first = await sahifa(args, dir);
    expect(first.stderr).not.toMatch(STACK_LINE);
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/^done 2, failed 0, skipped 0, /m);
    expect(first.stderr).toMatch(
      /^\[\d\/2\] input\/inside\.yaml → out\/inside\.pdf \(\d+ pages?\)$/m,
    );
    expect(listing(join(dir, "out"))).toEqual(
      ["inside.pdf", "moscow.pdf", ".sahifa-batch.json"].sort(),
    );
    for (const pdf of ["inside.pdf", "moscow.pdf"]) {
      expect(
        readFileSync(join(dir, "out", pdf))
          .subarray(0, 5)
          .toString(),
      ).toBe("%PDF-");
    }
    // The record keeps the plan's articles as files the PDF was made from.
    const record = JSON.parse(readFileSync(join(dir, "out", ".sahifa-batch.json"), "utf8"));
    expect(record["inside.pdf"].files).toContain(join("..", "examples", "derby-report.md"));

    const again = await sahifa(args, dir);
    expect(again.stderr).toMatch(/^done 0, failed 0, skipped 2, /m);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, "examples", "derby-report.md"), later, later);
    const changed = await sahifa(args, dir);
    expect(changed.stderr).toMatch(/^done 1, failed 0, skipped 1, /m);
    expect(changed.stderr).toMatch(/input\/inside\.yaml → out\/inside\.pdf/);
  }, 120_000);

  it("reports a bad plan in one line beside the good files, and exits 1", async () => {
    const dir = examplesCopy();
    writeFileSync(join(dir, "bad.yaml"), tabloid("  - article: nowhere.md\n"));
    copyFileSync(join(EXAMPLES, "jaafari-lavrov.md"), join(dir, "moscow.md"));
    const result = await sahifa(["batch", "bad.yaml", "moscow.md", "-d", "out", "-j", "2"], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).not.toMatch(STACK_LINE);
    const failures = result.stderr.split("\n").filter((l) => l.includes("failed:"));
    expect(failures).toEqual([
      expect.stringMatching(
        /^\[\d\/2\] failed: bad\.yaml: stories\[0\] \(nowhere\.md\): article file not found$/,
      ),
    ]);
    expect(result.stderr).toMatch(/^done 1, failed 1, skipped 0, /m);
    expect(listing(join(dir, "out"))).toEqual([".sahifa-batch.json", "moscow.pdf"]);
  });
});
