import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
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

  it("keeps its own copy of each piece: the writer may reuse its buffer", async () => {
    const dir = folder();
    const path = join(dir, "out.pdf");
    await writeStreamAtomic(path, async (sink) => {
      const piece = Buffer.from("abc");
      sink(piece);
      piece.fill(0x78);
      sink(Buffer.from("def"));
      return 0;
    });
    expect(readFileSync(path, "utf8")).toBe("abcdef");
  });

  it("writes to the file while the writer goes on, once a megabyte waits", async () => {
    const dir = folder();
    const path = join(dir, "out.pdf");
    const temporaryBytes = () =>
      readdirSync(dir)
        .filter((f) => f.endsWith(".tmp"))
        .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    let seen = 0;
    await writeStreamAtomic(path, async (sink) => {
      for (let i = 0; i < 40; i++) sink(Buffer.alloc(64 << 10, i));
      // The writes run on libuv's threads: give them a moment, bounded.
      for (let tries = 0; tries < 100 && seen === 0; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        seen = temporaryBytes();
      }
      sink(Buffer.from("end"));
      return 0;
    });
    expect(seen).toBeGreaterThanOrEqual(1 << 20);
    expect(statSync(path).size).toBe(40 * (64 << 10) + 3);
    expect(readFileSync(path).subarray(-3).toString()).toBe("end");
  });

  it("fails as an output error when the folder is missing", async () => {
    const path = join(folder(), "missing", "out.pdf");
    await expect(writeStreamAtomic(path, async () => 0)).rejects.toMatchObject({
      code: "OUTPUT_FAILED",
    });
  });
});
