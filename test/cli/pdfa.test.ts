import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, sahifa, tempDir } from "./cli.js";

const SEED = join(ROOT, "examples", "jaafari-lavrov.md");
/** The PDF/A part and conformance its XMP declares, e.g. "2B". */
const conformance = (pdf: Buffer) => {
  const text = pdf.toString("latin1");
  const part = /pdfaid:part>(\d)</.exec(text)?.[1];
  const level = /pdfaid:conformance>([AB])</.exec(text)?.[1];
  return part && level ? `${part}${level}` : "none";
};

describe("--pdfa", () => {
  it.concurrent("alone means PDF/A-2b, wherever it stands; 2a and 2b still choose", async () => {
    const dir = tempDir();
    const cases: [string[], string][] = [
      [["--pdfa", "-o", "bare-before.pdf"], "2B"],
      [["-o", "bare-after.pdf", "--pdfa"], "2B"],
      [["--pdfa", "2a", "-o", "a.pdf"], "2A"],
      [["--pdfa", "2b", "-o", "b.pdf"], "2B"],
      [["-o", "plain.pdf"], "none"],
    ];
    for (const [args, expected] of cases) {
      const result = await sahifa(["render", SEED, ...args], dir);
      expect(result.stderr, args.join(" ")).toBe("");
      expect(result.status).toBe(0);
      const file = args[args.indexOf("-o") + 1] as string;
      expect(conformance(readFileSync(join(dir, file))), args.join(" ")).toBe(expected);
    }
  });

  it.concurrent("any other value is a usage error in one line", async () => {
    const dir = tempDir();
    const result = await sahifa(["render", SEED, "--pdfa", "3u", "-o", "x.pdf"], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^sahifa: [^\n]*pdfa[^\n]*\n$/);
  });
});
