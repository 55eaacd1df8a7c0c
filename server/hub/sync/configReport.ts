import { CONFIG_APPLIED, ConfigAppliedBody } from '../../../shared/config/versions.js';
import type { ConfigIssue } from '../../../shared/config/validation.js';
import type { SqlDb, SqlTx } from '../../db/sqlDb.js';
import { appendOwnRecords, openOwnDevice } from '../../sync/ownRecords.js';
import type { OwnDevice } from '../../sync/ownRecords.js';

/**
 * The hub's word to head office on each configuration version it pulls (docs/hq-config.md):
 * applied, or refused with the reasons. A `config.applied` record of the hub's own device
 * `<hub id>-config`, relayed upstream like every record, so head office shows which version
 * each branch runs and why a branch kept its last good one.
 */
export class ConfigReporter {
  private device: OwnDevice | null = null;

  constructor(
    private readonly db: SqlDb,
    private readonly hubDeviceId: string,
    private readonly branchId: () => string,
    private readonly now: () => Date,
  ) {}

  private async ownDevice(): Promise<OwnDevice> {
    this.device ??= await openOwnDevice(this.db, `${this.hubDeviceId}-config`.slice(0, 64), this.branchId(), this.now);
    return this.device;
  }

  /** Opens the device before a transaction needs it (its clock reads the last stamp outside any transaction). */
  async ready(): Promise<void> {
    await this.ownDevice();
  }

  /**
   * Writes a report inside the caller's transaction (a refusal with the cursor that moves past
   * the refused version). Takes the sync sequence row, as every config_docs writer does.
   */
  async reportIn(
    tx: SqlTx,
    r: { kind: string; key: string; version: number; outcome: 'applied' | 'refused'; issues?: ConfigIssue[]; message?: string },
  ): Promise<void> {
    const body = ConfigAppliedBody.parse({
      kind: r.kind,
      key: r.key,
      version: r.version,
      outcome: r.outcome,
      issues: (r.issues ?? []).slice(0, 20),
      ...(r.message ? { message: r.message.slice(0, 500) } : {}),
      at: this.now().toISOString(),
    });
    await appendOwnRecords(tx, await this.ownDevice(), [{ kind: CONFIG_APPLIED, body }], this.now());
  }

  async report(r: Parameters<ConfigReporter['reportIn']>[1]): Promise<void> {
    await this.ownDevice();
    await this.db.transaction((tx) => this.reportIn(tx, r));
  }
}
