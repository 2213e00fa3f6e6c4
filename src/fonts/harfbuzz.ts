import * as hb from "harfbuzzjs";

/**
 * HarfBuzz, ready to use. As an ES module, harfbuzzjs instantiates its WebAssembly before it
 * hands itself over (top-level await); the command line's CommonJS bundle, which V8 can cache
 * compiled, has no top-level await, and its build makes harfbuzzjs export the promise instead.
 */
export const harfbuzzReady: Promise<unknown> =
  (hb as unknown as { __sahifaReady?: Promise<unknown> }).__sahifaReady ?? Promise.resolve();

export { hb };
