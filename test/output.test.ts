import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeStreamAtomic } from "../src/output.js";

const folder = () => mkdtempSync(join(tmpdir(), "sahifa-output-"));

describe("writeStreamAtomic", () => {
  it("writes the pieces in order, small and large, and returns what the writer returns", async () => {
    const dir = folder();
    const path = join(dir, "out.pdf");
    const big = Buffer.alloc(3 << 20, 7);
    const result = await writeStreamAtomic(path, async (sink) => {
      sink(Buffer.from("%PDF-"));
      await Promise.resolve();
      sink(big);
      sink(Buffer.from("%%EOF"));
      return 42;
    });
    expect(result).toBe(42);
    expect(
      readFileSync(path).equals(Buffer.concat([Buffer.from("%PDF-"), big, Buffer.from("%%EOF")])),
    ).toBe(true);
    expect(readdirSync(dir)).toEqual(["out.pdf"]);
  });

  it("leaves an existing file as it was, and no temporary file, when the writer fails midway", async () => {
    const dir = folder();
    const path = join(dir, "out.pdf");
    writeFileSync(path, "before");
    await expect(
      writeStreamAtomic(path, async (sink) => {
        sink(Buffer.alloc(2 << 20, 1));
        throw new Error("layout failed");
      }),
    ).rejects.toThrow("layout failed");
    expect(readFileSync(path, "utf8")).toBe("before");
    expect(readdirSync(dir)).toEqual(["out.pdf"]);
  });

  it("fails as an output error when the folder is missing", async () => {
    const path = join(folder(), "missing", "out.pdf");
    await expect(writeStreamAtomic(path, async () => 0)).rejects.toMatchObject({
      code: "OUTPUT_FAILED",
    });
  });
});
