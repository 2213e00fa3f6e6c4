/**
 * `sahifa watch`'s loop: render an article or a page plan, watch the files it read, render
 * again when one changes, and write each PDF atomically. Fonts, shaping caches and parsed
 * templates stay loaded in the process between renders, which is what makes a re-render fast.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { type SahifaError, toSahifaError } from "../errors.js";
import { isPlanPath } from "../makeup/planPath.js";
import { writeFileAtomic } from "../output.js";
import type { RenderFileOptions, RenderResult } from "../render.js";
import { articleDependencies, planDependencies } from "./dependencies.js";
import { FileWatcher } from "./files.js";

/**
 * The quiet time waited for after a render that a change made stale, before the next. A save
 * is one event (a rename) or a burst of them within a millisecond or two (truncate, write);
 * tools that touch an article and its photos together (cp, git checkout, rsync) finish in a few
 * ms more. 20 ms covers those, and is under what a person notices.
 */
export const DEFAULT_DEBOUNCE_MS = 20;

/**
 * Unwritten renders after the first, to have the optimising compiler done with the renderer
 * before the first save: the seed page takes about 10 renders to come down to its warm time.
 */
export const DEFAULT_WARM_RENDERS = 10;

export interface WatchOptions extends RenderFileOptions {
  /** See DEFAULT_DEBOUNCE_MS. */
  debounceMs?: number;
  /** See DEFAULT_WARM_RENDERS; 0: none. */
  warmRenders?: number;
  /** After each PDF written. */
  onUpdate?: (update: WatchUpdate) => void;
  /** After each render that failed; the last good PDF is left in place. */
  onError?: (error: SahifaError) => void;
}

export interface WatchUpdate extends RenderResult {
  /** From the change first seen (or the start, for the first render) to the PDF written. */
  ms: number;
}

export interface Watching {
  /** Settles once the first render has (written a PDF or failed). */
  ready: Promise<void>;
  /** The files watched now, absolute, sorted. */
  files(): string[];
  /** Stops watching; a render under way finishes (and writes) first. */
  close(): Promise<void>;
}

/**
 * Renders `input` (an article, or a page plan by its name: see isPlanPath) to `output` now and
 * after every change to a file it read, until close(). Errors do not stop it: they go to
 * onError, and the next change tries again.
 *
 * The first change after a quiet spell starts a render at once, for the least delay between a
 * save and its PDF. A change that comes while a render runs makes that render stale: its PDF or
 * error is thrown away unseen (it may have read a half-written file), and the next render waits
 * for debounceMs of quiet. An error is told only after debounceMs of quiet too.
 */
export function watchFile(input: string, output: string, options: WatchOptions = {}): Watching {
  const {
    debounceMs = DEFAULT_DEBOUNCE_MS,
    warmRenders = DEFAULT_WARM_RENDERS,
    onUpdate,
    onError,
    ...renderOptions
  } = options;
  const plan = isPlanPath(input);
  const inputPath = resolve(input);
  const outputPath = resolve(output);
  let files = new Set<string>([inputPath]);
  let changes = 0;
  let changedAt: number | undefined;
  let settling = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const watcher = new FileWatcher(() => changed());

  function changed(): void {
    if (closed) return;
    changes++;
    changedAt ??= performance.now();
    if (running) return;
    if (settling) {
      clearTimeout(timer);
      timer = setTimeout(start, debounceMs);
    } else if (!timer) {
      // Not synchronous: the other events of the same write arrive in this turn too.
      timer = setTimeout(start, 0);
    }
  }

  function start(): void {
    timer = undefined;
    if (closed) return;
    running = renderOnce().finally(() => {
      running = undefined;
    });
  }

  /** A render's PDF, its warnings held back: a stale render's are never told. */
  async function renderBytes(
    warnings: string[] = [],
  ): Promise<{ pdf: Uint8Array; result: RenderResult }> {
    const options = { ...renderOptions, onWarning: (m: string) => warnings.push(m) };
    if (plan) {
      const { renderPageFileBytes } = await import("../makeup/render.js");
      return renderPageFileBytes(input, output, options);
    }
    const { renderFileBytes } = await import("../render.js");
    return renderFileBytes(input, output, options);
  }

  function tellWarnings(warnings: string[]): void {
    for (const w of warnings) renderOptions.onWarning?.(w);
  }

  async function renderOnce(): Promise<void> {
    const seen = changes;
    const began = changedAt ?? performance.now();
    const wallBegan = Date.now();
    const current = () => seen === changes;
    const warnings: string[] = [];
    try {
      const { pdf, result } = await renderBytes(warnings);
      // Written even when closed meanwhile: Ctrl-C just after a save still gets its PDF.
      if (current()) {
        tellWarnings(warnings);
        await writeFileAtomic(output, pdf);
        changedAt = undefined;
        onUpdate?.({ ...result, ms: performance.now() - began });
      }
    } catch (error) {
      // A file read half-written fails fast, often before the rest of its save is seen: an
      // error waits for debounceMs of quiet before it is told (a good PDF is written at once).
      if (current() && !closed) await new Promise((resolve) => setTimeout(resolve, debounceMs));
      if (current() && !closed) {
        changedAt = undefined;
        tellWarnings(warnings);
        onError?.(toSahifaError(error, input));
      }
    }
    await rewatch(wallBegan);
    if (closed) return;
    settling = seen !== changes;
    if (settling) timer = setTimeout(start, debounceMs);
  }

  /**
   * Watches the files the input reads now (an edit may have named a new photo). A file new to
   * the set that changed after the render began was missed by the watch: it counts as a change.
   */
  async function rewatch(renderBegan: number): Promise<void> {
    const found = plan
      ? await planDependencies(input, renderOptions)
      : await articleDependencies(input, renderOptions);
    if (closed) return;
    // Unreadable input: keep what was watched, the input among it, until it can be read.
    const next = new Set(found ?? [...files, inputPath]);
    next.delete(outputPath);
    const added = [...next].filter((f) => !files.has(f));
    files = next;
    watcher.set(files);
    const mtimes = await Promise.all(
      added.map((f) =>
        stat(f).then(
          (s) => s.mtimeMs,
          () => Number.NEGATIVE_INFINITY,
        ),
      ),
    );
    if (mtimes.some((m) => m >= renderBegan)) changed();
  }

  /**
   * Renders the input again, unwritten, while nothing changes: the first renders of a process
   * run in the interpreter and take several times a warm one, and a person's first save comes
   * seconds after the start, when this is long done. A change stops it after the render under way.
   */
  async function warmUp(): Promise<void> {
    const seen = changes;
    for (let i = 0; i < warmRenders && !closed && changes === seen && !timer; i++) {
      await renderBytes().catch(() => {});
    }
  }

  watcher.set(files);
  const ready = renderOnce();
  running = ready.then(warmUp).finally(() => {
    running = undefined;
    // A change that came while the warm-up ran (without making anything stale).
    if (!closed && !timer && changedAt !== undefined) timer = setTimeout(start, 0);
  });

  return {
    ready,
    files: () => [...files].sort(),
    async close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
      await running;
    },
  };
}
