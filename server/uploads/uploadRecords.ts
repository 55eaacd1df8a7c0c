import type { SqlDb } from '../db/sqlDb.js';

/** A file the server holds, verified: the `uploads` table's row. */
export interface VerifiedUpload {
  recordId: string;
  branchId: string;
  deviceId: string;
  size: number;
  sha256: string;
  contentType: string;
  /** Relative to the uploads data folder. */
  storedPath: string;
  verifiedAt: string;
}

interface Row {
  record_id: string;
  branch_id: string;
  device_id: string;
  size: string | number;
  sha256: string;
  content_type: string;
  stored_path: string;
  verified_at: Date | string;
}

const COLUMNS = 'record_id, branch_id, device_id, size, sha256, content_type, stored_path, verified_at';

/** The `uploads` table: the only place that says "verified". */
export class UploadRecords {
  constructor(private readonly db: SqlDb) {}

  async find(recordId: string): Promise<VerifiedUpload | null> {
    const { rows } = await this.db.query<Row>(`select ${COLUMNS} from uploads where record_id = $1`, [recordId]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** Records a verified file; the first writer wins and every caller gets the stored row back. */
  async insert(v: Omit<VerifiedUpload, 'verifiedAt'>): Promise<VerifiedUpload> {
    await this.db.query(
      `insert into uploads (record_id, branch_id, device_id, size, sha256, content_type, stored_path)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (record_id) do nothing`,
      [v.recordId, v.branchId, v.deviceId, v.size, v.sha256, v.contentType, v.storedPath],
    );
    const stored = await this.find(v.recordId);
    if (!stored) throw new Error('uploads row vanished right after insert');
    return stored;
  }
}

function fromRow(r: Row): VerifiedUpload {
  return {
    recordId: r.record_id,
    branchId: r.branch_id,
    deviceId: r.device_id,
    // bigint comes back as text from pg: files stay far below 2^53 bytes.
    size: Number(r.size),
    sha256: r.sha256,
    contentType: r.content_type,
    storedPath: r.stored_path,
    verifiedAt: new Date(r.verified_at).toISOString(),
  };
}
