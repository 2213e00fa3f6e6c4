import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatHbJson, formatHbText, type HbGlyph } from "../../src/text/hbformat.js";

const ROOT = join(import.meta.dirname, "..", "..");
const TSX_CLI = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const AMIRI = join(ROOT, "fonts", "Amiri-Regular.ttf");

interface FixtureCase {
  text: string;
  direction: "ltr" | "rtl";
  script: string;
  language: string;
  glyphs: HbGlyph[];
}

const fixtureCases = (
  JSON.parse(
    readFileSync(join(ROOT, "test", "fixtures", "shaping", "Amiri-Regular.json"), "utf8"),
  ) as { cases: FixtureCase[] }
).cases;

function fixture(text: string): FixtureCase {
  const found = fixtureCases.find((c) => c.text === text);
  if (!found) throw new Error(`no fixture case for ${text}`);
  return found;
}

function sahifa(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [TSX_CLI, "src/cli/main.ts", "shape", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    ...(input === undefined ? {} : { input }),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The real hb-shape, when this machine has it (CI machines may not): null otherwise. */
function hbShape(args: string[], input?: string): string | null {
  const result = spawnSync("hb-shape", args, {
    encoding: "utf8",
    ...(input === undefined ? {} : { input }),
  });
  if (result.error || result.status !== 0) return null;
  return result.stdout;
}

const HAS_HB_SHAPE = hbShape(["--version"]) !== null;

/** Three fixture words: a joined word, a lam-alef, and digits shaped LTR. */
const WORDS = ["بزيارة", "لأ", "٢٠٢٦"];

describe("sahifa shape", () => {
  it(`prints hb-shape's JSON for ${WORDS.length} strings (checked against ${HAS_HB_SHAPE ? "hb-shape and " : ""}the fixtures)`, () => {
    for (const text of WORDS) {
      const c = fixture(text);
      const props = [
        `--direction=${c.direction}`,
        `--script=${c.script}`,
        `--language=${c.language}`,
      ];
      const ours = sahifa(["--font", AMIRI, ...props, "--json", text]);
      expect(ours.stderr).toBe("");
      expect(ours.status).toBe(0);
      expect(ours.stdout).toBe(`${formatHbJson(c.glyphs)}\n`);
      if (HAS_HB_SHAPE) {
        const theirs = hbShape([
          "--output-format=json",
          "--no-glyph-names",
          ...props,
          AMIRI,
          `--text=${text}`,
        ]);
        expect(ours.stdout).toBe(theirs);
      }
    }
  });

  it("prints hb-shape's default text form and guesses direction and script like it", () => {
    // No --direction/--script: Arabic letters give script arab, hence RTL.
    const c = fixture("بزيارة");
    const ours = sahifa(["--font", AMIRI, "--language", "ar", c.text]);
    expect(ours.status).toBe(0);
    expect(ours.stdout).toBe(`${formatHbText(c.glyphs)}\n`);
    if (HAS_HB_SHAPE) {
      for (const text of [c.text, "abc بب", "١٢ abc", "(كلمة)"]) {
        const theirs = hbShape(["--no-glyph-names", "--language=ar", AMIRI, `--text=${text}`]);
        expect(sahifa(["--font", AMIRI, "--language", "ar", text]).stdout).toBe(theirs);
      }
    }
  });

  it("shapes each line of stdin when given no text", () => {
    const lines = ["بزيارة", "لأ", "", "الله"];
    const input = `${lines.join("\n")}\n`;
    const ours = sahifa(["--font", AMIRI, "--language", "ar", "--json"], input);
    expect(ours.status).toBe(0);
    const expected = lines.map((line) => (line === "" ? "" : formatHbJson(fixture(line).glyphs)));
    expect(ours.stdout).toBe(`${expected.join("\n")}\n`);
    if (HAS_HB_SHAPE) {
      const args = ["--no-glyph-names", "--language=ar", AMIRI];
      expect(ours.stdout).toBe(hbShape(["--output-format=json", ...args], input));
      const text = sahifa(["--font", AMIRI, "--language", "ar"], input);
      expect(text.stdout).toBe(hbShape(args, input));
    }
  });

  it("reports a missing font in one line and exits 1", () => {
    const result = sahifa(["--font", "no/such/font.ttf", "بب"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("sahifa: no/such/font.ttf: cannot read font file\n");
  });

  it("rejects a malformed feature as a usage error", () => {
    const result = sahifa(["--font", AMIRI, "--features", "kern,liga=", "بب"]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});
