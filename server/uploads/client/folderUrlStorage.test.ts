import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderUrlStorage } from './folderUrlStorage.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guichet-urls-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const entry = (url: string) => ({ size: 10, metadata: { recordId: 'R' }, creationTime: 'now', uploadUrl: url, parallelUploadUrls: null, urlStorageKey: '' });

describe('the folder URL storage', () => {
  it('keeps one URL per record across instances (a restart), the newest replacing', async () => {
    const a = new FolderUrlStorage(join(dir, 'urls'));
    expect(await a.addUpload('01JD3Z6Q5X8M4N2P7R9S0T1V2W', entry('http://hub/api/v1/uploads/1'))).toBe('01JD3Z6Q5X8M4N2P7R9S0T1V2W');
    await a.addUpload('01JD3Z6Q5X8M4N2P7R9S0T1V2W', entry('http://hub/api/v1/uploads/2'));
    const b = new FolderUrlStorage(join(dir, 'urls'));
    expect(await b.findUploadsByFingerprint('01JD3Z6Q5X8M4N2P7R9S0T1V2W')).toEqual([{ ...entry('http://hub/api/v1/uploads/2'), urlStorageKey: '01JD3Z6Q5X8M4N2P7R9S0T1V2W' }]);
    expect(await b.findAllUploads()).toHaveLength(1);
    await b.removeUpload('01JD3Z6Q5X8M4N2P7R9S0T1V2W');
    expect(await a.findUploadsByFingerprint('01JD3Z6Q5X8M4N2P7R9S0T1V2W')).toEqual([]);
    expect(await readdir(join(dir, 'urls'))).toEqual([]);
  });

  it('treats a damaged entry as absent, and refuses keys that are not plain tokens', async () => {
    const s = new FolderUrlStorage(dir);
    await writeFile(join(dir, '01JD3Z6Q5X8M4N2P7R9S0T1V2W.json'), '{"size": 1, "uploadU');
    expect(await s.findUploadsByFingerprint('01JD3Z6Q5X8M4N2P7R9S0T1V2W')).toEqual([]);
    await expect(s.addUpload('../escape', entry('x'))).rejects.toThrow();
  });
});
