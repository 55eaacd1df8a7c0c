import type { ApiErrorBody } from '../../../shared/api/errors.js';
import type { ConfigIssue } from '../../../shared/config/validation.js';
import { INVALID_CONFIG } from '../../../shared/config/versions.js';
import { SyncApiError } from '../../sync/syncErrors.js';

/**
 * An edit refused by validation: a 400 whose body names every field (InvalidConfigBody), so the
 * screen shows each problem beside its field. Nothing was stored and nothing reaches a branch.
 */
export class InvalidConfigError extends SyncApiError {
  constructor(readonly issues: ConfigIssue[]) {
    super('bad_request', `the configuration was not saved: ${issues.length} problem(s), first at ${issues[0]?.path.join('.') || '(root)'} (${issues[0]?.code ?? 'invalid'})`);
    this.name = 'InvalidConfigError';
  }

  override toBody(): ApiErrorBody & { error: { reason: string; issues: ConfigIssue[] } } {
    const b = super.toBody();
    return { error: { ...b.error, reason: INVALID_CONFIG, issues: this.issues } };
  }
}
