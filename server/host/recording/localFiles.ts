import { mkdir, readdir, readFile, rm, stat, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { FinishedRecordingView } from '../../../shared/recording/hostChannels.js';
import { RecordId } from '../../../shared/uploads/metadata.js';

/**
 * The host's own notes beside the recorder's files, in `<dir>/host-index/`: what each finished
 * recording is (`<id>.json`, so the renderer can index a file it never heard finish) and which
 * are held for a dispute (`<id>.held`, so no deletion can happen until released).
 */
export class LocalRecordingFiles {
  readonly indexDir: string;

  constructor(readonly dir: string) {
    this.indexDir = join(dir, 'host-index');
  }

  audioPath(id: string): string {
    return join(this.dir, `${id}.opus`);
  }

  async ensure(): Promise<void> {
    await mkdir(this.indexDir, { recursive: true });
  }

  async saveFinished(f: FinishedRecordingView): Promise<void> {
    await this.ensure();
    const path = join(this.indexDir, `${f.recordingId}.json`);
    // Write then rename: a crash never leaves half a note.
    await writeFile(`${path}.tmp`, JSON.stringify(f));
    await rename(`${path}.tmp`, path);
  }

  async finished(id: string): Promise<FinishedRecordingView | null> {
    try {
      const parsed = FinishedRecordingView.safeParse(JSON.parse(await readFile(join(this.indexDir, `${id}.json`), 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  async setHeld(id: string, held: boolean): Promise<void> {
    await this.ensure();
    const path = join(this.indexDir, `${id}.held`);
    if (held) await writeFile(path, '');
    else await rm(path, { force: true });
  }

  async isHeld(id: string): Promise<boolean> {
    return exists(join(this.indexDir, `${id}.held`));
  }

  /** Finished audio files on disk (never a `.part` being written), oldest first. */
  async list(): Promise<Array<{ id: string; bytes: number; modifiedAt: string }>> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: Array<{ id: string; bytes: number; modifiedAt: string }> = [];
    for (const name of names.sort()) {
      const m = /^(.+)\.opus$/.exec(name);
      if (!m || !RecordId.safeParse(m[1]).success) continue;
      try {
        const s = await stat(join(this.dir, name));
        out.push({ id: m[1]!, bytes: s.size, modifiedAt: s.mtime.toISOString() });
      } catch {
        // deleted meanwhile
      }
    }
    return out;
  }

  /** After a confirmed upload and the retention choice: the audio and its note go. The hold marker stays if any. */
  async removeAudio(id: string): Promise<void> {
    await rm(this.audioPath(id), { force: true });
    await rm(join(this.indexDir, `${id}.json`), { force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
