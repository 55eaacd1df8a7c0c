import { AuditEntry, SECURITY_AUDIT } from '../../../shared/access/audit.js';
import type { AuditKind } from '../../../shared/access/audit.js';
import { newId } from '../../../shared/ids.js';
import { businessDayOf } from '../../../shared/queue/rules/index.js';
import type { SqlDb, SqlTx } from '../../db/sqlDb.js';
import { appendOwnRecords, openOwnDevice } from '../../sync/ownRecords.js';
import type { OwnDevice } from '../../sync/ownRecords.js';

/** What a caller says of a security event; the log adds id and time. */
export interface AuditFacts {
  staffId?: string | null;
  deviceId?: string | null;
  window?: number | null;
  /** Short and non-personal: never a PIN, a token, a phone number. */
  detail: string;
}

/** What the gate and the pause desk call: never throws, never waits for the write. */
export type AuditSink = (kind: AuditKind, facts: AuditFacts) => void;

export interface AuditLogDeps {
  db: SqlDb;
  /** The hub's device id: the log's records are made on `<hub id>-audit`. */
  hubDeviceId: string;
  branchId: () => string;
  timezone: () => string;
  now?: () => Date;
  /** Told when a fire-and-forget entry could not be written (no personal data in the message). */
  warn?: (message: string) => void;
}

interface Row {
  id: string;
  kind: AuditKind;
  at: Date | string;
  staff_id: string | null;
  device_id: string | null;
  window_number: number | null;
  detail: string;
}

/**
 * The security audit (DESIGN.md §8): sign-ins, failures, lockouts, session ends, enrolments,
 * revocations, approvals, listens. Each entry is a row for the lead's list and, in the same
 * transaction, a `security.audit` record the relay carries to head office.
 */
export class AuditLog {
  private constructor(
    private readonly deps: AuditLogDeps,
    private readonly device: OwnDevice,
    private readonly now: () => Date,
  ) {}

  static async open(deps: AuditLogDeps): Promise<AuditLog> {
    const now = deps.now ?? (() => new Date());
    const device = await openOwnDevice(deps.db, `${deps.hubDeviceId}-audit`.slice(0, 64), deps.branchId(), now);
    return new AuditLog(deps, device, now);
  }

  /** An entry made now (not stored yet: pass it to `writeIn` or `write`). */
  entry(kind: AuditKind, facts: AuditFacts): AuditEntry {
    return AuditEntry.parse({
      id: newId(),
      kind,
      at: this.now().toISOString(),
      staffId: facts.staffId?.slice(0, 64) ?? null,
      deviceId: facts.deviceId?.slice(0, 64) ?? null,
      window: facts.window ?? null,
      detail: facts.detail.slice(0, 200),
    });
  }

  /**
   * Stores entries inside the caller's transaction (a session and its audit commit together).
   * Call it FIRST in that transaction: it takes the sync sequence row (server/sync/migrations.ts,
   * lock order).
   */
  async writeIn(tx: SqlTx, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await appendOwnRecords(tx, this.device, entries.map((e) => ({ kind: SECURITY_AUDIT, body: e })), this.now());
    const tz = this.deps.timezone();
    await tx.query(
      `insert into security_audit (id, kind, at, business_day, staff_id, device_id, window_number, detail)
       select x.id, x.kind, x.at::timestamptz, x.day, x.staff_id, x.device_id, x.window_number, x.detail
       from jsonb_to_recordset($1::jsonb) as x(id text, kind text, at text, day text, staff_id text, device_id text, window_number int, detail text)`,
      [
        JSON.stringify(
          entries.map((e) => ({ id: e.id, kind: e.kind, at: e.at, day: businessDayOf(new Date(e.at), tz), staff_id: e.staffId, device_id: e.deviceId, window_number: e.window, detail: e.detail })),
        ),
      ],
    );
  }

  /** Stores entries in a transaction of their own. */
  async write(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.deps.db.transaction((tx) => this.writeIn(tx, entries));
  }

  /** Makes and stores one entry; resolves when it is stored. */
  async record(kind: AuditKind, facts: AuditFacts): Promise<AuditEntry> {
    const e = this.entry(kind, facts);
    await this.write([e]);
    return e;
  }

  /** For callers that must not wait or fail (the gate, the pause desk): a failed write is reported to `warn`. */
  readonly sink: AuditSink = (kind, facts) => {
    this.record(kind, facts).catch((err: unknown) => this.deps.warn?.(`security audit entry (${kind}) not written: ${(err as Error).message}`));
  };

  /** One business day's entries (branch time zone), oldest first. */
  async day(day: string, limit = 10_000): Promise<AuditEntry[]> {
    const { rows } = await this.deps.db.query<Row>(
      `select id, kind, at, staff_id, device_id, window_number, detail from security_audit
       where business_day = $1 order by at, id limit $2`,
      [day, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      at: new Date(r.at).toISOString(),
      staffId: r.staff_id,
      deviceId: r.device_id,
      window: r.window_number === null ? null : Number(r.window_number),
      detail: r.detail,
    }));
  }

  today(): string {
    return businessDayOf(this.now(), this.deps.timezone());
  }
}
