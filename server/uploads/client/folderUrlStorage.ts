import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreviousUpload, UrlStorage } from 'tus-js-client';
import { z } from 'zod';

/** A fingerprint becomes a file name: record ids (ULIDs) and similar plain tokens only. */
const Fingerprint = z.string().regex(/^[0-9A-Za-z_-]{1,128}$/, 'a fingerprint must be a plain token such as a record id');

/** What we keep per upload: enough for tus-js-client to resume (`uploadUrl`). Read back through zod. */
const StoredUpload = z.object({
  size: z.number().int().nullable(),
  metadata: z.record(z.string(), z.string()),
  creationTime: z.string(),
  uploadUrl: z.string().nullable(),
  parallelUploadUrls: z.array(z.string()).nullable().optional(),
});

/**
 * tus-js-client's URL storage for Node, one JSON file per fingerprint (the record id) in a folder
 * the caller owns, so an upload URL survives a restart and a new process resumes the same
 * upload. One file per record (not tus's single shared file) means no lock between records and
 * a damaged entry costs one record a fresh start, nothing more. Writes are atomic (temp + rename).
 */
export class FolderUrlStorage implements UrlStorage {
  constructor(readonly dir: string) {}

  async findAllUploads(): Promise<PreviousUpload[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const found = await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => this.read(n.slice(0, -'.json'.length))));
    return found.filter((u): u is PreviousUpload => u !== null);
  }

  async findUploadsByFingerprint(fingerprint: string): Promise<PreviousUpload[]> {
    const found = await this.read(Fingerprint.parse(fingerprint));
    return found ? [found] : [];
  }

  /** The storage key is the fingerprint itself: one upload per record, the newest replaces. */
  async addUpload(fingerprint: string, upload: PreviousUpload): Promise<string> {
    const key = Fingerprint.parse(fingerprint);
    const entry = StoredUpload.parse({ ...upload, parallelUploadUrls: upload.parallelUploadUrls ?? null });
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `.${key}.${process.pid}.${Date.now()}.tmp`);
    await writeFile(tmp, JSON.stringify(entry), { mode: 0o600 });
    await rename(tmp, this.path(key));
    return key;
  }

  async removeUpload(urlStorageKey: string): Promise<void> {
    await rm(this.path(Fingerprint.parse(urlStorageKey)), { force: true });
  }

  private path(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  private async read(key: string): Promise<PreviousUpload | null> {
    let text: string;
    try {
      text = await readFile(this.path(key), 'utf8');
    } catch {
      return null;
    }
    try {
      const entry = StoredUpload.parse(JSON.parse(text));
      return { ...entry, parallelUploadUrls: entry.parallelUploadUrls ?? null, urlStorageKey: key };
    } catch {
      // Damaged (a crash mid-write on a filesystem without atomic rename): start afresh; the
      // server's deterministic upload id still leads the new attempt to the bytes it holds.
      return null;
    }
  }
}
