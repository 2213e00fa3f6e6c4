// The entry of the CLI's V8 startup snapshot (dist/cli/sahifa.blob), run by
// scripts/build-snapshot.mjs under `node --build-snapshot` with the bin's flags. It compiles the
// bundle (dist/cli/sahifa.cjs) from a code cache of two articles' renders, which brings the
// bytecode of the functions that rendered them, runs it, and warms what needs no WebAssembly
// (warm() in src/cli/main.ts: templates parsed, bidi tables built, the text passes over two
// articles, Hijri dates near the build); V8 writes the heap that results. The bin
// (scripts/cli-loader.mjs) starts Node from that blob when it was built by the same Node
// binary for the same folder; a cold `sahifa render` then skips module loading and most of the
// compiling.
//
// What V8 cannot put in a snapshot is kept out of it:
// - Intl objects hold ICU handles ("global handle not serialized"), and string-width (under
//   yargs) makes an Intl.Segmenter at load. While the snapshot is built, Intl.Segmenter and
//   Intl.DateTimeFormat make stand-ins that create the real object on first use and drop it
//   before the heap is written; the stand-ins stay, and create it again after the load.
// - WebAssembly cannot run while a snapshot is built: HarfBuzz starts on the first run
//   (src/fonts/harfbuzz.ts), after the blob has loaded.
// - Node refuses a snapshot in which its module loader loaded a package (below).
"use strict";
const { readFileSync, readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");
const { Script } = require("node:vm");
const { startupSnapshot } = require("node:v8");
const { createRequire, isBuiltin } = require("node:module");

const dir = process.env.SAHIFA_SNAPSHOT_DIR; // dist/cli
if (!dir) throw new Error("SAHIFA_SNAPSHOT_DIR is not set (scripts/bundle.mjs sets it)");
const bundle = join(dir, "sahifa.cjs");
const main = join(dir, "main.js");
const fontsDir = join(dir, "..", "..", "fonts");

/** The font files as the snapshot saw them: a template's fonts are read into the heap. */
function fontsDigest() {
  return readdirSync(fontsDir)
    .sort()
    .map((name) => {
      const s = statSync(join(fontsDir, name));
      return `${name}:${s.size}:${s.mtimeMs}`;
    })
    .join("\n");
}

const natives = [];
function deferred(Real) {
  return function Deferred(...args) {
    let real;
    natives.push(() => {
      real = undefined;
    });
    return new Proxy(Object.create(Real.prototype), {
      get(_, key) {
        real ??= new Real(...args);
        const value = Reflect.get(real, key);
        return typeof value === "function" ? value.bind(real) : value;
      },
    });
  };
}
// Node also refuses one in which a package was loaded through a require made by createRequire()
// (fdir tries picomatch at load, for a glob() that tinyglobby does not call). While the
// snapshot is built, such a require serves built-ins only, and makes the real one on first use
// after the load.
let building = true;
const Module = require("node:module");
const realCreateRequire = Module.createRequire;
Module.createRequire = (from) => {
  let real;
  const made = () => {
    real ??= realCreateRequire(from);
    return real;
  };
  const deferredRequire = (id) => (building ? builtinsOnly(id) : made()(id));
  deferredRequire.resolve = (id, options) =>
    building ? builtinsOnly.resolve(id) : made().resolve(id, options);
  return deferredRequire;
};

const { Segmenter, DateTimeFormat } = Intl;
Intl.Segmenter = deferred(Segmenter);
Intl.DateTimeFormat = deferred(DateTimeFormat);

/**
 * The bundle's require while the snapshot is built: Node's built-ins only. Node refuses to start
 * from a snapshot in which a package was loaded by its module loader; the bundle loads its
 * packages itself, and the ones left outside it (sharp, piscina…) only when a command runs.
 * The one it tries at load, picomatch for fdir, serves fdir's glob(), which tinyglobby does not
 * call.
 */
function builtinsOnly(id) {
  if (isBuiltin(id)) return require(id);
  throw Object.assign(new Error(`Cannot find module '${id}'`), { code: "MODULE_NOT_FOUND" });
}
builtinsOnly.resolve = (id) => (isBuiltin(id) ? id : builtinsOnly(id));

/** Evaluates the bundle as scripts/cli-loader.mjs does (less the code cache, while building). */
function evaluate(cachedData, requireFn) {
  const source = readFileSync(bundle, "latin1");
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    { filename: bundle, cachedData },
  );
  const module = { exports: {} };
  script.runInThisContext()(module.exports, requireFn, module, bundle, dir);
  return cachedData !== undefined && script.cachedDataRejected;
}

let cli;
globalThis.__sahifaSnapshot = (api) => {
  cli = api;
};
// Compiled from a code cache of the bundle rendering two articles (scripts/bundle.mjs): the
// functions that did are deserialized with their bytecode, and so are in the snapshot.
let warmCache;
if (process.env.SAHIFA_SNAPSHOT_CODE_CACHE) {
  warmCache = readFileSync(process.env.SAHIFA_SNAPSHOT_CODE_CACHE);
}
if (evaluate(warmCache, builtinsOnly)) {
  throw new Error(`V8 rejected the code cache ${process.env.SAHIFA_SNAPSHOT_CODE_CACHE}`);
}
delete globalThis.__sahifaSnapshot;
if (!cli) throw new Error(`${bundle} did not hand over its command line`);
const digest = fontsDigest();

startupSnapshot.addSerializeCallback(() => {
  for (const drop of natives) drop();
  Intl.Segmenter = Segmenter;
  Intl.DateTimeFormat = DateTimeFormat;
  Module.createRequire = realCreateRequire;
  building = false;
});

startupSnapshot.setDeserializeMainFunction(() => {
  // The bin passes the user's arguments after `--`; Node leaves them after its own path.
  const args = process.argv.slice(1);
  // As the bin's script would see them (yargs and the batch workers read process.argv).
  process.argv.splice(1, 0, main);
  const report = process.env.SAHIFA_SNAPSHOT === "report";
  if (fontsDigest() !== digest) {
    // A font changed since the build: the fonts in the heap are stale. Run the bundle afresh.
    if (report) process.stderr.write("snapshot: stale\n");
    let cachedData;
    try {
      cachedData = readFileSync(`${bundle}.cache`);
    } catch {}
    evaluate(cachedData, createRequire(bundle));
    return;
  }
  if (report) process.stderr.write("snapshot: used\n");
  void cli.run(args);
});

cli.warm().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
