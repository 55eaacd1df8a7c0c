import type { IncomingUploads } from './incomingUploads.js';
import type { UploadVerifier } from './verifyUpload.js';

export interface SweepReport {
  /** Unfinished uploads idle longer than the limit, deleted. */
  expired: number;
  /** Finished uploads whose verification a crash interrupted, verified (or rejected) now. */
  verificationsRun: number;
  /** Half-created leftovers (data without metadata or metadata without data), deleted. */
  orphans: number;
}

export interface SweepDeps {
  incoming: IncomingUploads;
  verifier: UploadVerifier;
  /** An unfinished upload with no byte written for this long is abandoned. */
  expireAfterMs: number;
  now: () => number;
}

/**
 * One pass over `incoming/`. Age is counted from the last byte written, not from creation, so a
 * slow link that keeps making progress on a large file is never cut off; a device that comes
 * back after expiry finds nothing (HEAD 404) and starts again from byte 0.
 */
export async function sweepUploads(deps: SweepDeps): Promise<SweepReport> {
  const report: SweepReport = { expired: 0, verificationsRun: 0, orphans: 0 };
  const { incoming } = deps;
  const cutoff = deps.now() - deps.expireAfterMs;
  const { ids, orphanData } = await incoming.list();

  for (const id of ids) {
    if (deps.verifier.isVerifying(id)) continue;
    const upload = await incoming.find(id);
    if (!upload) {
      const jsonAt = await incoming.modifiedAt(`${incoming.dataPath(id)}.json`);
      if (jsonAt !== null && jsonAt < cutoff) {
        await incoming.withLock(id, () => incoming.forget(id));
        report.orphans++;
      }
      continue;
    }
    if (upload.size !== undefined && upload.offset === upload.size) {
      const outcome = await deps.verifier.verify(id);
      if (outcome.kind !== 'incomplete') report.verificationsRun++;
      continue;
    }
    // Look before locking: asking for the lock would cut short a PATCH that is still writing.
    const seen = await incoming.modifiedAt(incoming.dataPath(id));
    if (seen === null || seen >= cutoff) continue;
    const removed = await incoming.withLock(id, async () => {
      // Re-read under the lock: a PATCH may have written since we looked.
      const lastWrite = await incoming.modifiedAt(incoming.dataPath(id));
      if (lastWrite === null || lastWrite >= cutoff) return false;
      await incoming.remove(id);
      return true;
    });
    if (removed) report.expired++;
  }

  for (const name of orphanData) {
    const at = await incoming.modifiedAt(incoming.dataPath(name));
    if (at !== null && at < cutoff) {
      await incoming.withLock(name, () => incoming.remove(name));
      report.orphans++;
    }
  }
  return report;
}

/** Runs sweeps every `intervalMs` until stopped; one sweep at a time, failures reported, never thrown. */
export class PeriodicSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly sweep: () => Promise<SweepReport>,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(intervalMs: number): void {
    this.stop();
    const tick = () => {
      if (this.running) return;
      this.running = this.sweep()
        .catch(this.onError)
        .finally(() => (this.running = null));
    };
    this.timer = setInterval(tick, intervalMs);
    // A sweeper alone must not keep the process alive.
    this.timer.unref();
    tick();
  }

  /** Stops the timer and waits for a sweep in progress, so closing the database after is safe. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
