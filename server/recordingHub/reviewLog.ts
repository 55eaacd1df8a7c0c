import { newId } from '../../shared/ids.js';
import type { StaffRole } from '../../shared/config/primitives.js';
import { ReviewComment } from '../../shared/recording/review.js';
import type { ReviewVoice } from '../../shared/recording/review.js';
import { RECORDING_REVIEW } from '../../shared/sync/kinds.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { HybridClock } from '../../shared/time/hlc.js';
import type { SqlDb } from '../db/sqlDb.js';
import { createSerial } from '../hub/queue/serial.js';
import { storeRecords } from '../sync/recordStore.js';

export interface ReviewLogOptions {
  db: SqlDb;
  branchId: () => string;
  hubDeviceId: string;
  now?: () => Date;
}

/**
 * Comments on recordings, kept as the hub's own `recording.review` sync records and nothing else:
 * the record IS the comment, so the branch's thread and head office's copy cannot differ, and
 * there is no second table to fall out of step after a crash. One writer at a time keeps the
 * device sequence gap-free.
 */
export class ReviewLog {
  private readonly deviceId: string;
  private readonly clock: HybridClock;
  private readonly now: () => Date;
  private readonly serial = createSerial();

  constructor(private readonly opts: ReviewLogOptions) {
    this.deviceId = `${opts.hubDeviceId}.reviews`.slice(0, 64);
    this.now = opts.now ?? (() => new Date());
    this.clock = new HybridClock(this.deviceId, () => this.now().getTime());
  }

  add(input: { recordingId: string; tellerId: string; author: { staffId: string; role: StaffRole }; voice: ReviewVoice; text: string }): Promise<ReviewComment> {
    return this.serial(async () => {
      const at = this.now();
      const comment = ReviewComment.parse({
        id: newId(),
        recordingId: input.recordingId,
        tellerId: input.tellerId,
        authorId: input.author.staffId,
        authorRole: input.author.role,
        voice: input.voice,
        text: input.text,
        at: at.toISOString(),
      });
      const { rows } = await this.opts.db.query<{ seq: string | number }>('select coalesce(max(device_seq), 0) + 1 as seq from sync_records where device_id = $1', [this.deviceId]);
      const record: SyncRecord = {
        id: comment.id,
        kind: RECORDING_REVIEW,
        branchId: this.opts.branchId(),
        deviceId: this.deviceId,
        deviceSeq: Number(rows[0]!.seq),
        hlc: this.clock.tick(),
        wallAt: comment.at,
        body: comment as unknown as Record<string, unknown>,
      };
      await storeRecords(this.opts.db, this.deviceId, [record], at, at);
      return comment;
    });
  }

  async thread(recordingId: string): Promise<ReviewComment[]> {
    const { rows } = await this.opts.db.query<{ body: unknown }>(
      `select body from sync_records where branch_id = $1 and kind = $2 and body->>'recordingId' = $3 order by server_seq`,
      [this.opts.branchId(), RECORDING_REVIEW, recordingId],
    );
    return rows.map((r) => ReviewComment.parse(r.body));
  }
}
