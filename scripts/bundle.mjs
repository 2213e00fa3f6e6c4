#!/usr/bin/env node
// Bundles the command line into dist/cli/sahifa.cjs (run by the bin, dist/cli/main.js, through
// a V8 code cache) and its batch worker into dist/cli/batchWorker.js, over the tsc build: a whole
// `sahifa render` process spent most of its time loading modules, and one file of plain code
// loads far faster than some hundred ES modules. The library (dist/index.js) stays unbundled.
// Run by `npm run build`, after tsc.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { buildSnapshot } from "./build-snapshot.mjs";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, "dist/cli");
const require = createRequire(import.meta.url);

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  // Names are kept as written (stack traces under --debug, CPU profiles): esbuild's keepNames
  // would instead wrap every closure in a naming call, paid each time one is made.
  minifyWhitespace: true,
  minifySyntax: true,
  // piscina starts its own worker script from its package folder; sharp is a native module,
  // and it and exifr are imported only for articles with photos, from node_modules.
  // fastify, @fastify/multipart and prom-client are loaded by `sahifa serve` alone.
  external: ["piscina", "sharp", "exifr", "fastify", "@fastify/multipart", "prom-client"],
  // What pdfkit imports for features sahifa never uses (its own font embedding, encryption,
  // PNG images) is left out, and a JavaScript inflater gives way to Node's zlib;
  // scripts/stubs/ says why, for each.
  alias: {
    fontkit: join(root, "scripts/stubs/fontkit.mjs"),
    "@noble/ciphers/aes": join(root, "scripts/stubs/aes.mjs"),
    "png-js": join(root, "scripts/stubs/png.mjs"),
    "tiny-inflate": join(root, "scripts/stubs/tiny-inflate.cjs"),
  },
  logLevel: "warning",
};

// The command line: CommonJS, which V8 can compile from a code cache (see scripts/cli-loader.mjs).
// It has no top-level await: harfbuzzjs's module, which awaits its WebAssembly, exports the
// promise instead (src/fonts/harfbuzz.ts waits for it).
const harfbuzzWithoutTopLevelAwait = {
  name: "harfbuzz-without-top-level-await",
  setup(b) {
    // Its Emscripten loader imports Node's module API with import(), which code run from a
    // code cache (vm.Script) cannot do without an experimental flag; require serves as well.
    b.onLoad({ filter: /harfbuzzjs[\\/]dist[\\/]harfbuzz\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const imported = 'await import("module")';
      if (!source.includes(imported)) throw new Error(`${args.path}: no ${imported} to rewrite`);
      // Not require() there: the same function declares a `require` of its own.
      return { contents: source.replace(imported, "__sahifaNodeModule"), loader: "js" };
    });
    b.onLoad({ filter: /harfbuzzjs[\\/]dist[\\/]index\.mjs$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const awaited = "init(await createHarfBuzz());";
      if (!source.includes(awaited)) throw new Error(`${args.path}: no "${awaited}" to rewrite`);
      return {
        contents: source.replace(
          awaited,
          "export const __sahifaInit = () => createHarfBuzz().then(init);",
        ),
        loader: "js",
      };
    });
  },
};
await build({
  ...common,
  entryPoints: [join(root, "src/cli/main.ts")],
  outfile: join(out, "sahifa.cjs"),
  format: "cjs",
  plugins: [harfbuzzWithoutTopLevelAwait],
  define: { "import.meta.url": "__sahifaUrl", "import.meta.dirname": "__dirname" },
  banner: {
    js: 'var __sahifaUrl = require("node:url").pathToFileURL(__filename).href, __sahifaNodeModule = require("node:module");',
  },
});

// The loader reads the bundle as Latin-1, which is faster than decoding UTF-8 and exact for
// ASCII; esbuild escapes non-ASCII text, but not inside regular expressions with the u flag.
const cli = readFileSync(join(out, "sahifa.cjs"));
const wide = cli.findIndex((b) => b > 0x7f);
if (wide >= 0) {
  const context = cli.subarray(Math.max(0, wide - 40), wide + 10).toString("utf8");
  throw new Error(`dist/cli/sahifa.cjs is not ASCII near: ${context} (escape it in the source)`);
}

// The batch and serve workers, modules of their own that piscina loads in each thread.
await build({
  ...common,
  entryPoints: {
    batchWorker: join(root, "src/cli/batchWorker.ts"),
    renderWorker: join(root, "src/serve/renderWorker.ts"),
  },
  outdir: out,
  format: "esm",
  // As an ES module harfbuzzjs is ready once imported; src/fonts/harfbuzz.ts expects that.
  logOverride: { "import-is-undefined": "silent" },
  // Bundled CommonJS modules call require() for Node's built-ins.
  banner: {
    js: "import{createRequire as __sahifaRequire}from'node:module';const require=__sahifaRequire(import.meta.url);",
  },
});

// Files that bundled packages find beside their own module (import.meta.url).
const harfbuzz = dirname(require.resolve("harfbuzzjs/dist/harfbuzz.wasm"));
copyFileSync(join(harfbuzz, "harfbuzz.wasm"), join(out, "harfbuzz.wasm"));
const pdfkitData = join(dirname(require.resolve("pdfkit")), "data");
mkdirSync(join(out, "data"), { recursive: true });
copyFileSync(join(pdfkitData, "sRGB_IEC61966_2_1.icc"), join(out, "data/sRGB_IEC61966_2_1.icc"));

// The package's bin: the loader, runnable as it is (a shell script, see it). Replaced whole by a
// rename, so that a run while the package is rebuilt never reads half of it.
copyFileSync(join(root, "scripts/cli-loader.mjs"), join(out, `main.js.${process.pid}`));
chmodSync(join(out, `main.js.${process.pid}`), 0o755);
renameSync(join(out, `main.js.${process.pid}`), join(out, "main.js"));

// The code cache, made by rendering the seed article once through the bin itself, so that V8
// sees the same flags when it checks the cache. First, the same for two other articles, on the
// main thread (batch --jobs 1), for the startup snapshot: the bytecode of the functions that
// rendered them, which need HarfBuzz and so cannot run while the snapshot is built, goes into it
// from this cache (scripts/snapshot.cjs). Not the seed's, so that the seed measures an article
// the snapshot has not seen.
const cache = join(out, "sahifa.cjs.cache");
const scratch = mkdtempSync(join(tmpdir(), "sahifa-build-"));
function writeCodeCache(args) {
  rmSync(cache, { force: true });
  const run = spawnSync(join(out, "main.js"), args, {
    env: { ...process.env, SAHIFA_CODE_CACHE: "write", SAHIFA_SNAPSHOT: "off" },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`making the code cache failed: ${run.stderr}`);
}
const others = ["cairo-central-bank.md", "markets-weekly.md"].map((f) => join(root, "examples", f));
writeCodeCache(["batch", ...others, "-d", join(scratch, "others"), "-j", "1"]);
const warmCache = join(scratch, "others.cache");
renameSync(cache, warmCache);
writeCodeCache([
  "render",
  join(root, "examples/jaafari-lavrov.md"),
  "-o",
  join(scratch, "seed.pdf"),
]);

// The startup snapshot, which runs the bundle just built (scripts/build-snapshot.mjs).
buildSnapshot(out, warmCache);
rmSync(scratch, { recursive: true, force: true });
