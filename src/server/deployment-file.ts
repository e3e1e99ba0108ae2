/**
 * The FILE of `vbrwall serve FILE`: read, written back atomically, and watched, so that the page
 * can save its edits and follow changes made by another editor.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync, watch, watchFile, unwatchFile, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { writeFileAtomic } from '../cli/common.js';
import type { FileJson } from './api-types.js';
import { HttpError } from './http.js';

/** A short content hash: equal texts have equal versions, so our own writes are not "changes". */
export const versionOf = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

export class DeploymentFile {
  private watcher: FSWatcher | undefined;
  private polling = false;
  private debounce: NodeJS.Timeout | undefined;
  /** The content the watcher last reported (or we wrote): no event for it. */
  private lastVersion: string | undefined;

  constructor(
    /** Absolute path. */
    readonly path: string,
    /** As the user named it (diagnostics, the page's title). */
    readonly name: string,
  ) {}

  read(): FileJson {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new HttpError(404, 'API_FILE_UNREADABLE', `cannot read ${this.name} (${err.code ?? err.message})`);
    }
    return { file: this.name, text, version: versionOf(text) };
  }

  /**
   * Writes the file atomically (a temp file beside it, then a rename). With `expected`, refuses
   * (409) when the file changed on disk since the page read that version.
   */
  write(text: string, expected?: string): FileJson {
    if (expected !== undefined) {
      let current: string | undefined;
      try {
        current = versionOf(readFileSync(this.path, 'utf8'));
      } catch {
        current = undefined;
      }
      if (current !== undefined && current !== expected)
        throw new HttpError(409, 'API_FILE_CHANGED', `${this.name} changed on disk since it was loaded`, 'reload it in the page, or save without a version to overwrite');
    }
    writeFileAtomic(this.path, text);
    const version = versionOf(text);
    this.lastVersion = version;
    return { file: this.name, text, version };
  }

  /**
   * Calls `onChange` when the file's content changes on disk. The directory is watched, not the
   * file, because editors save by renaming a new file over the old one.
   */
  watch(onChange: (f: FileJson) => void): void {
    const check = () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => {
        let text: string;
        try {
          text = readFileSync(this.path, 'utf8');
        } catch {
          return; // removed, or between an editor's unlink and rename: wait for the next event
        }
        const version = versionOf(text);
        if (version === this.lastVersion) return;
        this.lastVersion = version;
        onChange({ file: this.name, text, version });
      }, 100);
    };
    if (this.lastVersion === undefined) {
      try {
        this.lastVersion = versionOf(readFileSync(this.path, 'utf8'));
      } catch {
        /* not there yet */
      }
    }
    const name = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, f) => {
        if (f === null || f === name) check();
      });
      this.watcher.on('error', () => this.poll(check));
    } catch {
      this.poll(check);
    }
  }

  private poll(check: () => void): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.polling) return;
    this.polling = true;
    watchFile(this.path, { interval: 1000, persistent: false }, check);
  }

  close(): void {
    clearTimeout(this.debounce);
    this.watcher?.close();
    if (this.polling) unwatchFile(this.path);
  }
}
