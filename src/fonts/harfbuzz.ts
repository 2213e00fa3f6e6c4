import * as hb from "harfbuzzjs";

/**
 * Makes HarfBuzz ready to use. As an ES module, harfbuzzjs instantiates its WebAssembly before
 * it hands itself over (top-level await); the command line's CommonJS bundle, which V8 can cache
 * compiled, has no top-level await, and its build makes harfbuzzjs export its start-up as a
 * function instead. It runs on the first call, not at load: the CLI's startup snapshot loads the
 * bundle while V8 is building the snapshot, when WebAssembly cannot run (scripts/snapshot.cjs).
 */
export function harfbuzzReady(): Promise<unknown> {
  ready ??=
    (hb as unknown as { __sahifaInit?: () => Promise<unknown> }).__sahifaInit?.() ??
    Promise.resolve();
  return ready;
}

let ready: Promise<unknown> | undefined;

export { hb };
