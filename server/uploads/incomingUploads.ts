import { ERRORS } from '@tus/server';
import type { Locker, Upload } from '@tus/server';
import type { FileStore } from '@tus/file-store';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The unfinished (and just finished, not yet verified) tus uploads in `<dataDir>/incoming`:
 * per upload id, a data file `<id>` and tus's metadata `<id>.json`. Everything that reads or
 * changes one outside a tus request goes through here, under tus's own lock for that id, so it
 * never races a PATCH.
 */
export class IncomingUploads {
  constructor(
    readonly store: FileStore,
    readonly locker: Locker,
  ) {}

  get directory(): string {
    return this.store.directory;
  }

  dataPath(id: string): string {
    return join(this.store.directory, id);
  }

  /** The upload with its real offset (the data file's size), or null when there is none. */
  async find(id: string): Promise<Upload | null> {
    try {
      return await this.store.getUpload(id);
    } catch (err) {
      if (err === ERRORS.FILE_NOT_FOUND || err === ERRORS.FILE_NO_LONGER_EXISTS) return null;
      throw err;
    }
  }

  /** The metadata alone (no data file needed): what an ownership check reads. */
  async metadataOf(id: string): Promise<Record<string, string | null> | undefined> {
    // The configstore answers undefined for a missing or unreadable file.
    return (await this.store.configstore.get(id))?.metadata;
  }

  /** Deletes an upload's data and metadata, whichever of them exists. */
  async remove(id: string): Promise<void> {
    await rm(this.dataPath(id), { force: true });
    await rm(join(this.store.directory, `${id}.json`), { force: true });
  }

  /** Drops tus's metadata once the data has moved to its final place. */
  async forget(id: string): Promise<void> {
    await rm(join(this.store.directory, `${id}.json`), { force: true });
  }

  /** Runs fn holding tus's lock on the upload; we never give it up early, waiters get it after. */
  async withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const lock = this.locker.newLock(id);
    await lock.lock(new AbortController().signal, () => undefined);
    try {
      return await fn();
    } finally {
      await lock.unlock();
    }
  }

  /** Every upload id with metadata, and data files that have none (left by a crash mid-create). */
  async list(): Promise<{ ids: string[]; orphanData: string[] }> {
    const names = await readdir(this.store.directory).catch(() => [] as string[]);
    const json = new Set(names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)));
    const data = names.filter((n) => !n.endsWith('.json'));
    return { ids: [...json], orphanData: data.filter((n) => !json.has(n)) };
  }

  /** Milliseconds since epoch of the last write to a file, or null when it does not exist. */
  async modifiedAt(path: string): Promise<number | null> {
    return stat(path).then(
      (s) => s.mtimeMs,
      () => null,
    );
  }
}
