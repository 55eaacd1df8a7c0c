import { QueueError } from '../../shared/api/errors.js';
import type { ApiErrorBody, ApiErrorCode } from '../../shared/api/errors.js';

/**
 * A refusal of the sync API. It is a QueueError so the shared error handler sends it as is; a
 * refusal caused by one record names it ("recordId"), so the device can find it in its outbox.
 */
export class SyncApiError extends QueueError {
  constructor(
    code: ApiErrorCode,
    message: string,
    readonly recordId?: string,
  ) {
    super(code, message);
    this.name = 'SyncApiError';
  }

  override toBody(): ApiErrorBody & { error: { recordId?: string } } {
    const b = super.toBody();
    return this.recordId === undefined ? b : { error: { ...b.error, recordId: this.recordId } };
  }
}
