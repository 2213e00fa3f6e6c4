/**
 * Watches a set of files through their folders. A watch on the file itself follows the inode:
 * an editor that saves by writing a new file and renaming it over the old one (vim, most IDEs)
 * leaves such a watch on the deleted file, deaf to every later save. A folder's watch sees the
 * rename by name, and every save after it.
 */
import { type FSWatcher, watch } from "node:fs";
import { basename, dirname, join } from "node:path";

interface FolderWatch {
  watcher: FSWatcher;
  names: Set<string>;
}

export class FileWatcher {
  private readonly folders = new Map<string, FolderWatch>();
  private closed = false;

  /** `onChange` gets the path of a watched file that changed (or `undefined`: a folder event without a name). */
  constructor(private readonly onChange: (path: string | undefined) => void) {}

  /**
   * Watches exactly these files (absolute paths) from now on. A folder that does not exist (or
   * cannot be watched) is skipped, and tried again at the next call.
   */
  set(files: Iterable<string>): void {
    if (this.closed) return;
    const wanted = new Map<string, Set<string>>();
    for (const file of files) {
      const folder = dirname(file);
      const names = wanted.get(folder) ?? new Set<string>();
      names.add(basename(file));
      wanted.set(folder, names);
    }
    for (const [folder, watch] of this.folders) {
      if (!wanted.has(folder)) {
        watch.watcher.close();
        this.folders.delete(folder);
      }
    }
    for (const [folder, names] of wanted) {
      const known = this.folders.get(folder);
      if (known) {
        known.names = names;
        continue;
      }
      this.watchFolder(folder, names);
    }
  }

  /** The folders watched now (for tests). */
  watchedFolders(): string[] {
    return [...this.folders.keys()].sort();
  }

  close(): void {
    this.closed = true;
    for (const { watcher } of this.folders.values()) watcher.close();
    this.folders.clear();
  }

  private watchFolder(folder: string, names: Set<string>): void {
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, { persistent: true });
    } catch {
      return;
    }
    const entry: FolderWatch = { watcher, names };
    watcher.on("change", (_event, filename) => {
      const name = filename === null ? undefined : String(filename);
      if (name === undefined) this.onChange(undefined);
      else if (entry.names.has(name)) this.onChange(join(folder, name));
    });
    // The folder was removed or became unreadable: forget it, so the next set() tries again.
    watcher.on("error", () => {
      watcher.close();
      if (this.folders.get(folder) === entry) this.folders.delete(folder);
      this.onChange(undefined);
    });
    this.folders.set(folder, entry);
  }
}
