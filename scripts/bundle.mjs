#!/usr/bin/env node
// Bundles the command line (dist/cli/main.js and its batch worker) into a few files over the
// tsc build: a whole `sahifa render` process spends most of its time loading modules, and one
// file of plain code loads far faster than some hundred ES modules. The library (dist/index.js)
// stays unbundled. Run by `npm run build`, after tsc.
import { chmodSync, copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, "dist/cli");
const require = createRequire(import.meta.url);

await build({
  entryPoints: [join(root, "src/cli/main.ts"), join(root, "src/cli/batchWorker.ts")],
  outdir: out,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Names are kept as written (stack traces under --debug, CPU profiles): esbuild's keepNames
  // would instead wrap every closure in a naming call, paid each time one is made.
  minifyWhitespace: true,
  minifySyntax: true,
  // piscina starts its own worker script from its package folder.
  external: ["piscina"],
  // What pdfkit imports for features sahifa never uses (its own font embedding, encryption,
  // PNG images) is left out, and a JavaScript inflater gives way to Node's zlib;
  // scripts/stubs/ says why, for each.
  alias: {
    fontkit: join(root, "scripts/stubs/fontkit.mjs"),
    "@noble/ciphers/aes": join(root, "scripts/stubs/aes.mjs"),
    "png-js": join(root, "scripts/stubs/png.mjs"),
    "tiny-inflate": join(root, "scripts/stubs/tiny-inflate.cjs"),
  },
  // Bundled CommonJS modules call require() for Node's built-ins.
  banner: {
    js: "import{createRequire as __sahifaRequire}from'node:module';const require=__sahifaRequire(import.meta.url);",
  },
  logLevel: "warning",
});

// Files that bundled packages find beside their own module (import.meta.url).
const harfbuzz = dirname(require.resolve("harfbuzzjs/dist/harfbuzz.wasm"));
copyFileSync(join(harfbuzz, "harfbuzz.wasm"), join(out, "harfbuzz.wasm"));
const pdfkitData = join(dirname(require.resolve("pdfkit")), "data");
mkdirSync(join(out, "data"), { recursive: true });
copyFileSync(join(pdfkitData, "sRGB_IEC61966_2_1.icc"), join(out, "data/sRGB_IEC61966_2_1.icc"));

// The package's bin: runnable as it is, with the flags of its #! line.
chmodSync(join(out, "main.js"), 0o755);
