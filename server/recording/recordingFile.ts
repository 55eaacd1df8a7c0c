// One recording on disk: `<id>.opus.part` while it is being written, flushed and fsync'ed at
// least once a second, renamed to `<id>.opus` when finished. Start-up repair turns whatever a
// crash left behind into a finished file.
import { createHash, randomInt } from 'node:crypto';
import { open, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FRAME_MS, OggOpusWriter, emptyOggOpus, inspectOggOpus, opusDurationMs, repairOggOpus } from '../../shared/recording/oggOpus.js';
import { SILENCE_PEAK, silentFromLoudFrames } from '../../shared/recording/evidence.js';
import { readRecordingTag, recordingTag } from '../../shared/recording/meta.js';
import type { FinishedRecording, RecordingMeta } from '../../shared/recording/meta.js';
import type { EncodedFrame } from '../../shared/recording/segmenter.js';

export const PART_SUFFIX = '.opus.part';
export const FINAL_SUFFIX = '.opus';
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** fsync of the folder, so a rename survives a power cut (not possible on Windows: skipped). */
async function syncDir(dir: string): Promise<void> {
  let h: FileHandle | null = null;
  try {
    h = await open(dir, 'r');
    await h.sync();
  } catch {
    // EISDIR/EPERM on Windows; the rename itself is still atomic there
  } finally {
    await h?.close().catch(() => {});
  }
}

export class RecordingFile {
  readonly partPath: string;
  readonly finalPath: string;
  private ogg: OggOpusWriter | null = null;
  private buffered: Uint8Array[] = [];
  private handle: FileHandle | null = null;
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private chain: Promise<void> = Promise.resolve();
  private flushing = false;
  private startedAt: number | null = null;
  private failure: Error | null = null;
  private finished: Promise<FinishedRecording | null> | null = null;
  /** Audio frames in the file, those above the silence threshold, and whether every frame's level was known. */
  private frames = 0;
  private loudFrames = 0;
  private levelsKnown = true;

  constructor(
    readonly dir: string,
    readonly meta: RecordingMeta,
    /** Wall clock (ms) to use as the start when no audio has arrived by the first flush. */
    private readonly openedAt: number,
    private readonly onFailure: (err: Error) => void,
  ) {
    this.partPath = join(dir, meta.recordingId + PART_SUFFIX);
    this.finalPath = join(dir, meta.recordingId + FINAL_SUFFIX);
  }

  get failed(): Error | null {
    return this.failure;
  }

  add(frame: EncodedFrame): void {
    if (this.finished) return;
    this.startedAt ??= frame.at - FRAME_MS;
    this.frames++;
    if (frame.peak === undefined) this.levelsKnown = false;
    else if (frame.peak >= SILENCE_PEAK) this.loudFrames++;
    const page = this.writer().add(frame.data);
    if (page.length) this.buffered.push(page);
  }

  /** Writes the pages built so far and fsyncs them. Skipped while the previous flush still runs. */
  flush(): Promise<void> {
    // Before the first frame there is nothing to keep, and the header would fix the start too early.
    if (this.finished || this.flushing || this.failure || this.startedAt === null) return this.chain;
    this.flushing = true;
    const page = this.writer().flush();
    if (page.length) this.buffered.push(page);
    return this.enqueue(async () => {
      await this.writeBuffered();
    }).finally(() => {
      this.flushing = false;
    });
  }

  /** Final page (end of stream), fsync, rename to `.opus`; interrupted and repaired after a write error. */
  finish(): Promise<FinishedRecording | null> {
    this.finished ??= (async () => {
      const page = this.writer().finish();
      if (page.length) this.buffered.push(page);
      await this.enqueue(() => this.writeBuffered());
      await this.handle?.close().catch(() => {});
      this.handle = null;
      if (this.failure) return repairPartFile(this.partPath, this.meta.counter).catch(() => null);
      await rename(this.partPath, this.finalPath);
      await syncDir(this.dir);
      const startedAt = this.startedAt ?? this.openedAt;
      // Playing time per RFC 7845: the last granule minus the encoder's pre-skip.
      const durationMs = opusDurationMs(this.writer().writtenGranule);
      return {
        meta: this.meta,
        path: this.finalPath,
        startedAt: new Date(startedAt).toISOString(),
        endedAt: new Date(startedAt + durationMs).toISOString(),
        durationMs,
        bytes: this.bytes,
        sha256: this.hash.digest('hex'),
        state: 'complete' as const,
        ...this.silence(),
      };
    })();
    return this.finished;
  }

  /** No audio at all, or none above the speech threshold: silent (shared/recording/evidence.ts); not known if a frame came unmeasured. */
  private silence(): { silent?: boolean } {
    if (this.frames === 0) return { silent: true };
    const silent = silentFromLoudFrames(this.loudFrames);
    return silent && !this.levelsKnown ? {} : { silent };
  }

  private writer(): OggOpusWriter {
    if (!this.ogg) {
      const startedAt = new Date(this.startedAt ?? this.openedAt).toISOString();
      this.ogg = new OggOpusWriter(randomInt(0, 2 ** 32 - 1), ['ENCODER=guichet', recordingTag(this.meta, startedAt)]);
      this.buffered.push(this.ogg.header());
    }
    return this.ogg;
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(op).catch((err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      if (!this.failure) {
        this.failure = e;
        this.onFailure(e);
      }
    });
    return this.chain;
  }

  private async writeBuffered(): Promise<void> {
    if (this.failure) return;
    const parts = this.buffered.splice(0);
    if (!parts.length) return;
    // 'wx': never overwrite a recording that already exists under this id.
    this.handle ??= await open(this.partPath, 'wx');
    for (const p of parts) {
      await this.handle.write(p);
      this.hash.update(p);
      this.bytes += p.length;
    }
    await this.handle.sync();
  }
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/**
 * Cuts `<id>.opus.part` to its last good page, flags that page end-of-stream, and renames it to
 * `<id>.opus`. Idempotent: a crash during repair leaves a file the next repair accepts.
 */
export async function repairPartFile(partPath: string, counter: number): Promise<FinishedRecording | null> {
  const id = basename(partPath).slice(0, -PART_SUFFIX.length);
  if (!ULID.test(id)) return null;
  const finalPath = join(dirname(partPath), id + FINAL_SUFFIX);
  const original = new Uint8Array(await readFile(partPath));
  const info = await stat(partPath);
  const repaired = repairOggOpus(original);
  const tag = repaired ? readRecordingTag(repaired.info.comments) : null;
  const fallbackMeta: RecordingMeta = { recordingId: id, ticketId: null, ticketNumber: null, service: null, tellerId: '', counter };
  const meta = tag?.meta ?? fallbackMeta;
  const startedAt = tag?.startedAt ?? new Date(info.birthtimeMs || info.mtimeMs).toISOString();
  const bytes = repaired?.bytes ?? emptyOggOpus(randomInt(0, 2 ** 32 - 1), ['ENCODER=guichet', recordingTag(meta, startedAt)]);
  const h = await open(partPath, 'r+');
  try {
    // In place: only the last kept page changes (its flags and CRC), then the torn tail goes.
    const from = firstDifference(original, bytes);
    if (from < bytes.length) await h.write(bytes, from, bytes.length - from, from);
    await h.truncate(bytes.length);
    await h.sync();
  } finally {
    await h.close();
  }
  await rename(partPath, finalPath);
  await syncDir(dirname(partPath));
  const durationMs = inspectOggOpus(bytes)?.durationMs ?? 0;
  return {
    meta,
    path: finalPath,
    startedAt,
    endedAt: new Date(Date.parse(startedAt) + durationMs).toISOString(),
    durationMs,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    state: 'interrupted',
  };
}

/** Repairs every `<id>.opus.part` in `dir` (what a crash or power cut left), oldest first. */
export async function repairPartFiles(dir: string, counter: number): Promise<FinishedRecording[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(PART_SUFFIX)).sort();
  const out: FinishedRecording[] = [];
  for (const n of names) {
    const id = n.slice(0, -PART_SUFFIX.length);
    if (!ULID.test(id)) continue;
    const finalExists = await stat(join(dir, id + FINAL_SUFFIX)).then(() => true, () => false);
    if (finalExists) {
      // Cannot happen through rename (atomic); a stray copy must not replace the finished file.
      await unlink(join(dir, n));
      continue;
    }
    const r = await repairPartFile(join(dir, n), counter);
    if (r) out.push(r);
  }
  return out;
}
