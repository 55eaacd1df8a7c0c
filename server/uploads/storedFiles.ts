import { mkdir, open, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { decodeTime } from 'ulid';

/**
 * Where a verified file lives, relative to the uploads data folder: one folder per UTC day of
 * the record id's time, so no folder grows without bound and retention can drop whole days.
 */
export function storedRelativePath(recordId: string): string {
  const day = new Date(decodeTime(recordId)).toISOString().slice(0, 10);
  return join('stored', day, recordId);
}

/**
 * Moves a finished upload's data to its final place durably: the device deletes its copy once
 * we say "verified", so the bytes and the rename must be on disk before the row is written.
 * Both paths are under one data folder, so the rename is atomic and never copies.
 */
export async function moveIntoPlace(from: string, to: string): Promise<void> {
  await fsync(from);
  await mkdir(dirname(to), { recursive: true });
  await rename(from, to);
  await fsync(dirname(to)).catch(() => undefined); // directories cannot be fsynced on Windows
}

async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
