import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as mupdf from "mupdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.js";
import { layoutToJson } from "../../src/cli/layout.js";
import type { SahifaError } from "../../src/errors.js";
import { layoutArticle, renderLayout } from "../../src/render.js";
import { createService, type Service } from "../../src/serve/app.js";
import { mupdfText } from "../support/extract.js";
import { bombPng, EXAMPLE_PHOTOS, ROOT } from "../support/photos.js";
import { type ErrorBody, form, SMALL, warmService } from "./support.js";

const SEED_PATH = join(ROOT, "examples", "jaafari-lavrov.md");
const SEED = readFileSync(SEED_PATH);
const COFFEE_STORY = readFileSync(join(ROOT, "examples", "cairo-coffeehouses.md"));
const COFFEE = readFileSync(join(EXAMPLE_PHOTOS, "coffee.jpg"));
const MD = { "content-type": "text/markdown" };
const JSON_TYPE = { "content-type": "application/json" };

function errorOf(body: string): ErrorBody["error"] {
  return (JSON.parse(body) as ErrorBody).error;
}

function pageCount(pdf: Uint8Array): number {
  return mupdf.Document.openDocument(pdf, "application/pdf").countPages();
}

/** A JSON article with one photo. */
function photoArticle(src: string): string {
  return JSON.stringify({
    headline: "صورة في الخبر",
    photo: { src, caption: "تعليق" },
    body: ["فقرة أولى من الخبر.", "فقرة ثانية من الخبر."],
  });
}

describe("sahifa serve (in process)", () => {
  let service: Service;
  // The service writes uploaded photos under os.tmpdir(): a folder of this test's own, so that
  // what is left there afterwards can be counted.
  const tmp = mkdtempSync(join(tmpdir(), "sahifa-serve-test-"));
  const savedTmp = process.env.TMPDIR;
  const leftovers = () => readdirSync(tmp).filter((name) => name.startsWith("sahifa-serve-"));

  beforeAll(async () => {
    process.env.TMPDIR = tmp;
    service = await warmService();
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    process.env.TMPDIR = savedTmp;
    if (savedTmp === undefined) delete process.env.TMPDIR;
    rmSync(tmp, { recursive: true, force: true });
  });

  it("says it is starting until its threads are warm", async () => {
    const cold = createService(SMALL);
    try {
      const before = await cold.app.inject({ method: "GET", url: "/health" });
      expect(before.statusCode).toBe(503);
      expect(before.json()).toEqual({ status: "starting" });
      await cold.warm();
      const after = await cold.app.inject({ method: "GET", url: "/health" });
      expect(after.statusCode).toBe(200);
      expect(after.json()).toEqual({ status: "ok" });
      const head = await cold.app.inject({ method: "HEAD", url: "/health" });
      expect(head.statusCode).toBe(200);
    } finally {
      await cold.close();
    }
  }, 60_000);

  it("renders a Markdown article to a PDF, with its page count and file name", async () => {
    const res = await service.app.inject({
      method: "POST",
      url: "/render",
      headers: MD,
      payload: SEED,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toMatch(/^inline; filename="article\.pdf"/);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pageCount(res.rawPayload)).toBe(1);
    expect(res.headers["x-sahifa-pages"]).toBe("1");
    expect(res.headers["x-sahifa-warning"]).toBeUndefined();
    expect(mupdfText(res.rawPayload)).toContain("الجعفري");
  });

  it("renders a long article a page at a time, to the whole layout's bytes", async () => {
    const [, head = "", body = ""] =
      /^(---\n[\s\S]*?\n---\n)([\s\S]*)$/.exec(SEED.toString()) ?? [];
    const long = Buffer.from(head + Array.from({ length: 6 }, () => body).join("\n"));
    const res = await service.app.inject({
      method: "POST",
      url: "/render",
      headers: MD,
      payload: long,
    });
    expect(res.statusCode).toBe(200);
    const article = parseArticle(long, { format: "md", fileName: "article.md" });
    const layout = layoutArticle(article);
    expect(layout.pages.length).toBeGreaterThan(2);
    expect(res.headers["x-sahifa-pages"]).toBe(String(layout.pages.length));
    expect(Buffer.from(res.rawPayload).equals(await renderLayout(layout, article))).toBe(true);
  });

  it("renders a JSON article on the template it names", async () => {
    const text = readFileSync(join(ROOT, "examples", "beirut-music-festival.json"));
    const res = await service.app.inject({
      method: "POST",
      url: "/render",
      headers: JSON_TYPE,
      payload: text,
    });
    expect(res.statusCode).toBe(200);
    const doc = mupdf.Document.openDocument(res.rawPayload, "application/pdf");
    // broadsheet-6col's page is far larger than A4 (595 pt wide).
    const [, , width] = doc.loadPage(0).getBounds();
    expect(width).toBeGreaterThan(700);
  });

  it("takes the template and output options from the query string", async () => {
    const plain = await service.app.inject({
      method: "POST",
      url: "/render",
      headers: MD,
      payload: SEED,
    });
    const bled = await service.app.inject({
      method: "POST",
      url: "/render?template=a3-5col&bleed=3&cropMarks=true&cmyk=true",
      headers: MD,
      payload: SEED,
    });
    expect(bled.statusCode).toBe(200);
    const box = (pdf: Uint8Array) =>
      mupdf.Document.openDocument(pdf, "application/pdf").loadPage(0).getBounds();
    // A3 with 3 mm of bleed on each side is wider than A4.
    expect(box(bled.rawPayload)[2] - box(plain.rawPayload)[2]).toBeGreaterThan(200);
    const archival = await service.app.inject({
      method: "POST",
      url: "/render?pdfa=2a",
      headers: MD,
      payload: SEED,
    });
    expect(archival.statusCode).toBe(200);
    expect(archival.rawPayload.toString("latin1")).toContain("pdfaid:part");
  });

  it("refuses bad options with 400", async () => {
    for (const query of [
      "pdfa=3",
      "bleed=30",
      "bleed=x",
      "cmyk=maybe",
      "pdfa=2b&cmyk=true",
      "colour=red",
    ]) {
      const res = await service.app.inject({
        method: "POST",
        url: `/render?${query}`,
        headers: MD,
        payload: SEED,
      });
      expect(res.statusCode, query).toBe(400);
      expect(errorOf(res.body).code, query).toBe("USAGE");
    }
  });

  it("answers the layout JSON of layout --json", async () => {
    const res = await service.app.inject({
      method: "POST",
      url: "/layout",
      headers: MD,
      payload: SEED,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.headers["x-sahifa-pages"]).toBe("1");
    const expected = layoutToJson(
      layoutArticle(parseArticle(SEED, { format: "md", fileName: "article.md" })),
    );
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it("warns about characters no font has, in an ASCII header", async () => {
    const text = JSON.stringify({ headline: "خبر عاجل", body: ["نص الخبر مع رمز 漢 غريب."] });
    const res = await service.app.inject({
      method: "POST",
      url: "/render",
      headers: JSON_TYPE,
      payload: text,
    });
    expect(res.statusCode).toBe(200);
    const warning = String(res.headers["x-sahifa-warning"]);
    expect(warning).toMatch(/^[\x21-\x7e]+$/);
    expect(decodeURIComponent(warning)).toBe(
      "article.json: 1 character has no glyph in the template's fonts: 漢",
    );
  });

  it("answers a bad article with 400 and the command line's message", async () => {
    const text = JSON.stringify({ body: ["فقرة بلا عنوان."] });
    const res = await service.app.inject({
      method: "POST",
      url: "/render",
      headers: JSON_TYPE,
      payload: text,
    });
    expect(res.statusCode).toBe(400);
    let expected: SahifaError | undefined;
    try {
      parseArticle(text, { format: "json", fileName: "article.json" });
    } catch (error) {
      expected = error as SahifaError;
    }
    expect(errorOf(res.body)).toEqual({ code: "INPUT_INVALID", message: expected?.message });
  });

  it("never takes a template path, from the query or from the article", async () => {
    for (const template of [
      "../../etc/passwd",
      "%2Fetc%2Fpasswd",
      "..%2Ftemplates%2Fa4-3col",
      "a4-3col.yaml",
    ]) {
      const res = await service.app.inject({
        method: "POST",
        url: `/render?template=${template}`,
        headers: MD,
        payload: SEED,
      });
      expect(res.statusCode, template).toBe(400);
    }
    // The article's own `template:` is checked as a name when the article is read.
    for (const template of [
      "/etc/passwd",
      "../templates/a4-3col.yaml",
      join(ROOT, "templates", "a4-3col.yaml"),
    ]) {
      const text = JSON.stringify({ headline: "عنوان", template, body: ["فقرة."] });
      const res = await service.app.inject({
        method: "POST",
        url: "/render",
        headers: JSON_TYPE,
        payload: text,
      });
      expect(res.statusCode, template).toBe(400);
      expect(errorOf(res.body).message).toMatch(
        /^article\.json: template: expected a template name/,
      );
    }
    const text = JSON.stringify({ headline: "عنوان", template: "nope", body: ["فقرة."] });
    const res = await service.app.inject({
      method: "POST",
      url: "/render",
      headers: JSON_TYPE,
      payload: text,
    });
    expect(res.statusCode).toBe(400);
    const error = errorOf(res.body);
    expect(error.code).toBe("TEMPLATE_INVALID");
    expect(error.message).toMatch(
      /^article\.json: template "nope": unknown template \(known: a3-5col, a4-1col, a4-3col/,
    );
    expect(error.message).not.toContain(join(ROOT, "templates"));
  });

  it("refuses a body over the limit with 413, JSON or form", async () => {
    const huge = JSON.stringify({ headline: "عنوان", body: ["x".repeat(SMALL.bodyLimit + 10)] });
    const json = await service.app.inject({
      method: "POST",
      url: "/render",
      headers: JSON_TYPE,
      payload: huge,
    });
    expect(json.statusCode).toBe(413);
    expect(errorOf(json.body).code).toBe("BODY_TOO_LARGE");
    const big = form([
      { name: "article", filename: "story.md", value: COFFEE_STORY },
      { name: "photo", filename: "coffee.jpg", value: Buffer.alloc(SMALL.bodyLimit + 10) },
    ]);
    const upload = await service.app.inject({ method: "POST", url: "/render", ...big });
    expect(upload.statusCode).toBe(413);
    expect(errorOf(upload.body).code).toBe("BODY_TOO_LARGE");
    // Several files each under the limit, together over it.
    const many = form([
      { name: "article", filename: "story.md", value: COFFEE_STORY },
      ...[1, 2, 3].map((i) => ({
        name: "photo",
        filename: `p${i}.jpg`,
        value: Buffer.alloc(SMALL.bodyLimit / 2),
      })),
    ]);
    const total = await service.app.inject({ method: "POST", url: "/render", ...many });
    expect(total.statusCode).toBe(413);
  });

  it("refuses deeply nested JSON with 400 and goes on serving", async () => {
    for (const payload of [
      `{"headline":${"[".repeat(100_000)}`,
      `${"[".repeat(50_000)}${"]".repeat(50_000)}`,
    ]) {
      const res = await service.app.inject({
        method: "POST",
        url: "/layout",
        headers: JSON_TYPE,
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res.body)).toEqual({
        code: "INPUT_INVALID",
        message: "article.json: invalid JSON: nested deeper than 64 levels",
      });
    }
    const after = await service.app.inject({
      method: "POST",
      url: "/layout",
      headers: MD,
      payload: SEED,
    });
    expect(after.statusCode).toBe(200);
  });

  it("answers 415 for other media types and 404 for other routes, as JSON", async () => {
    const png = await service.app.inject({
      method: "POST",
      url: "/render",
      headers: { "content-type": "image/png" },
      payload: "x",
    });
    expect(png.statusCode).toBe(415);
    expect(errorOf(png.body).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const none = await service.app.inject({ method: "POST", url: "/render" });
    expect(none.statusCode).toBe(400);
    expect(errorOf(none.body).code).toBe("USAGE");
    const lost = await service.app.inject({ method: "GET", url: "/etc/passwd" });
    expect(lost.statusCode).toBe(404);
    expect(errorOf(lost.body).code).toBe("NOT_FOUND");
  });

  it("renders a form's article with its photos, matched by file name, and leaves no files behind", async () => {
    const body = form([
      { name: "article", filename: "cairo-coffeehouses.md", value: COFFEE_STORY },
      { name: "photo", filename: "coffee.jpg", value: COFFEE },
      { name: "template", value: "a4-3col" },
    ]);
    const res = await service.app.inject({ method: "POST", url: "/render", ...body });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(/filename="cairo-coffeehouses\.pdf"/);
    expect(res.rawPayload.toString("latin1")).toMatch(/\/Subtype\s*\/Image/);
    expect(leftovers()).toEqual([]);
  });

  it("never reads a photo from the server: traversal in photo paths and file names is refused", async () => {
    for (const src of [
      "../../../etc/passwd",
      "/etc/passwd",
      "photos/../../x.jpg",
      `${EXAMPLE_PHOTOS}/coffee.jpg`,
    ]) {
      const body = form([
        { name: "article", filename: "story.json", value: photoArticle(src) },
        { name: "photo", filename: "coffee.jpg", value: COFFEE },
      ]);
      const res = await service.app.inject({ method: "POST", url: "/render", ...body });
      expect(res.statusCode, src).toBe(400);
      expect(errorOf(res.body).message).toContain("a photo must be inside the article's folder");
    }
    // The form parser keeps a file name's last part only; what is left must be a plain name.
    for (const filename of ["../../coffee.jpg", "a/coffee.jpg", "..\\coffee.jpg"]) {
      const body = form([
        { name: "article", filename: "story.json", value: photoArticle("coffee.jpg") },
        { name: "photo", filename, value: COFFEE },
      ]);
      const res = await service.app.inject({ method: "POST", url: "/render", ...body });
      expect(res.statusCode, filename).toBe(200);
    }
    for (const filename of ["..", ".", "", "a\u0000b.jpg", "a\u0001.jpg"]) {
      const body = form([
        { name: "article", filename: "story.json", value: photoArticle("coffee.jpg") },
        { name: "photo", filename, value: COFFEE },
      ]);
      const res = await service.app.inject({ method: "POST", url: "/render", ...body });
      expect(res.statusCode, filename).toBe(400);
      expect(errorOf(res.body).message).toMatch(/a plain file name is expected/);
    }
    // A photo the request does not carry is not looked for anywhere else.
    const json = await service.app.inject({
      method: "POST",
      url: "/render",
      headers: JSON_TYPE,
      payload: photoArticle("coffee.jpg"),
    });
    expect(json.statusCode).toBe(400);
    expect(errorOf(json.body)).toEqual({
      code: "INPUT_NOT_FOUND",
      message:
        'article.json: photo "coffee.jpg": not in the request (send it as a file of the multipart form)',
    });
    expect(leftovers()).toEqual([]);
  });

  it("refuses a decompression bomb with 400, naming no server path", async () => {
    const body = form([
      { name: "article", filename: "story.json", value: photoArticle("bomb.png") },
      { name: "photo", filename: "bomb.png", value: bombPng(100_000) },
    ]);
    const res = await service.app.inject({ method: "POST", url: "/render", ...body });
    expect(res.statusCode).toBe(400);
    const error = errorOf(res.body);
    expect(error.code).toBe("INPUT_INVALID");
    expect(error.message).toMatch(/^story\.json: photo "bomb\.png": .*too large to decode safely/);
    expect(error.message).not.toContain(tmp);
    expect(error.message).not.toContain("sahifa-serve-");
    expect(leftovers()).toEqual([]);
  });

  it("counts requests, latency and pages in its own Prometheus registry", async () => {
    const res = await service.app.inject({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.body).toMatch(
      /^sahifa_http_requests_total\{method="POST",route="\/render",status="200"\} [1-9]/m,
    );
    expect(res.body).toMatch(
      /^sahifa_http_request_duration_seconds_count\{method="POST",route="\/render"\} [1-9]/m,
    );
    expect(res.body).toMatch(/^sahifa_pages_rendered_total [1-9]/m);
    expect(res.body).toMatch(/^sahifa_renders_in_flight 0$/m);
    expect(res.body).toMatch(/^sahifa_renders_queued 0$/m);
  });
});

describe("sahifa serve under load", () => {
  it("refuses renders over the queue with 429", async () => {
    const service = await warmService({ queueSize: 0 });
    try {
      const replies = await Promise.all(
        Array.from({ length: 4 }, () =>
          service.app.inject({ method: "POST", url: "/render", headers: MD, payload: SEED }),
        ),
      );
      const statuses = replies.map((r) => r.statusCode).sort();
      expect(statuses[0]).toBe(200);
      expect(statuses.at(-1)).toBe(429);
      const refused = replies.find((r) => r.statusCode === 429);
      expect(errorOf(refused?.body ?? "{}").code).toBe("QUEUE_FULL");
    } finally {
      await service.close();
    }
  }, 60_000);

  it("answers 503 when a render outlives its timeout, and renders again afterwards", async () => {
    const service = await warmService({ timeoutMs: 40 });
    try {
      const long = JSON.stringify({
        headline: "خبر طويل جداً",
        body: Array.from(
          { length: 400 },
          () => SEED.toString("utf8").split("\n").at(-2) ?? "فقرة.",
        ),
      });
      const res = await service.app.inject({
        method: "POST",
        url: "/render",
        headers: JSON_TYPE,
        payload: long,
      });
      expect(res.statusCode).toBe(503);
      expect(errorOf(res.body).code).toBe("TIMEOUT");
      const health = await service.app.inject({ method: "GET", url: "/health" });
      expect(health.statusCode).toBe(200);
    } finally {
      await service.close();
    }
  }, 60_000);
});
