#!/bin/sh
":" //; F="--max-semi-space-size=4 --heap-growing-percent=100 --single-threaded-gc"
":" //; case $1 in batch|queue|serve|watch) export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.arena_max=2";; esac
":" //; s=$(readlink -f -- "$0" 2>/dev/null) || s=$0; b=${s%/*}/sahifa.blob; w=none
":" //; if [ "$SAHIFA_SNAPSHOT" != off ] && [ -f "$b" ] && w=stale && { read -r n; read -r o; } <"$b.node" && [ "$o" = "${s%/*}" ] && [ "$(command -v node)" -ef "$n" ] && [ ! "$n" -nt "$b.node" ] && [ ! "$n" -ot "$b.node" ]; then case $1 in render|page|layout|shape|fonts|templates) export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1";; esac; exec node $F --snapshot-blob "$b" -- "$@"; fi
":" //; [ "$SAHIFA_SNAPSHOT" = report ] && echo "snapshot: $w" >&2; exec node $F "$s" "$@"
// The `sahifa` command (copied to dist/cli/main.js by scripts/bundle.mjs), a shell script and
// an ES module at once: sh runs the lines above, for which JavaScript sees a string and a
// comment, and Node, given this file, skips them.
//
// As a shell script it starts Node from the CLI's startup snapshot (sahifa.blob, made by
// scripts/build-snapshot.mjs when the package is built), in which the bundle is already loaded
// and compiled, if the blob was made by this same Node binary for this folder: sahifa.blob.node
// names the binary and the folder, and has the binary's modification time. Node refuses a blob
// from another Node or other V8 flags with an error, so the check comes first; a font changed
// since the build is checked inside (scripts/snapshot.cjs). `--` keeps the user's arguments
// from Node (`sahifa --version`). Otherwise, or with SAHIFA_SNAPSHOT=off, it runs this file with
// the same flags; SAHIFA_SNAPSHOT=report says which (used, none or stale) on stderr. The blob is
// built with the flags of the F= line. A command that renders once and exits also gets glibc's
// transparent huge pages for malloc (fewer page faults while the blob loads: 5-10 % of such a
// run). batch, queue, serve and watch, which run long on several threads, get two malloc arenas
// instead of one per thread: sharp's and the render threads' freed blocks are reused instead of
// held apart (`batch --jobs 2` over 1,000 articles: 15 MB less at its peak, for about 3 % more
// time, which buys the margin under its 250 MB budget).
//
// As a module, it runs the bundled command line, sahifa.cjs, through V8's code cache
// (sahifa.cjs.cache, made when the package is built): a whole run otherwise spends a fifth of
// its time compiling the code it is about to run. A cache that V8 refuses (another Node, other
// flags) only costs that time back.
//
// The flags (F=) keep a long batch's heap small (a 4 MB young generation, and a heap that
// grows less before a full collection): about 175 MB instead of 260 MB for `batch --jobs 2`
// over 400 articles, for a tenth more time (2 MB: 5 % slower for no less memory; 8 MB: over
// 200 MB). The collector runs on the thread that allocates: on two cores, its helper threads
// took CPU from the rendering threads (batch is 7-10 % faster without them, for 15 MB more).
// Worker threads share the flags.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, "sahifa.cjs");
const cacheFile = `${file}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {}
// ASCII (the build checks), so read as Latin-1: no UTF-8 to decode.
const source = readFileSync(file, "latin1");
const script = new Script(
  `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
  // import() of an external package (piscina) or a built-in, resolved from here.
  { filename: file, cachedData, importModuleDynamically: (specifier) => import(specifier) },
);
const codeCache = process.env.SAHIFA_CODE_CACHE;
if (codeCache === "write") {
  // Written at exit, so the functions this run compiled are in it too.
  process.once("exit", () => writeFileSync(cacheFile, script.createCachedData()));
} else if (codeCache === "report") {
  const state = !cachedData ? "none" : script.cachedDataRejected ? "rejected" : "used";
  process.stderr.write(`code cache: ${state}\n`);
}
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, here);
