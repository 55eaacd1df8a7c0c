import { z } from 'zod';
import { BranchConfig } from '../config/schema.js';
import { QueueEvent } from '../queue/events.js';
import { PauseRecordBody, WindowRecordBody } from '../pause/wire.js';
import { ListenLogEntry } from '../recording/access.js';
import { ReviewComment } from '../recording/review.js';
import { AuditEntry, SECURITY_AUDIT } from '../access/audit.js';
import { HLC_PATTERN } from '../time/hlc.js';
import { CONFIG_NOTICES, HqNoticesDoc } from '../notices/schema.js';
import { CONFIG_APPLIED, ConfigAppliedBody } from '../config/versions.js';
import { COMPLAINT_REMINDER_RECORD, RaisedReminder } from '../complaints/api.js';
import { BranchReportsDoc, CONFIG_REPORTS } from '../hq/branchReports.js';

/**
 * The record kinds this version knows, each with its body schema. A server validates the bodies
 * of kinds it knows (a bad one is rejected into the dead-letter list); a client pulling a kind
 * it does not know parks it rather than skipping it, so an upgrade can still apply it.
 */

/** A queue event of the hub (body = the event exactly as the hub committed it). */
export const QUEUE_EVENT = 'queue.event';
/** A counter's own local fact: teller commands and their results, walk-in service, ... */
export const COUNTER_EVENT = 'counter.event';
/** One field edit of a mergeable document (complaints, follow-ups): merged by HLC, every op kept. */
export const DOC_OP = 'doc.op';
/** A pause's start, consent or end at a window, made by the hub (shared/pause/wire.ts). */
export const PAUSE_RECORD = 'pause.record';
/** A window opened or closed for the business day, made by the hub. */
export const WINDOW_RECORD = 'window.record';

export const CounterEventBody = z.object({
  type: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/),
  counter: z.number().int().min(1).max(99),
  /** The teller signed in at the counter when it happened (also offline); absent when nobody was. */
  staffId: z.string().min(1).max(64).optional(),
  payload: z.record(z.string(), z.unknown()),
});
export type CounterEventBody = z.infer<typeof CounterEventBody>;

export const DocOpBody = z.object({
  docType: z.string().regex(/^[a-z][a-z_]*$/),
  docId: z.string().min(1).max(64),
  field: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/).max(64),
  value: z.unknown(),
  /** The op's own HLC (same as the record's): the merge order. */
  hlc: z.string().regex(HLC_PATTERN),
  author: z.string().min(1).max(64),
});
export type DocOpBody = z.infer<typeof DocOpBody>;

/** Who listened to which counter recording (live or replay), written by the hub (issue 5). */
export const RECORDING_LISTEN = 'recording.listen';

/** A comment on a counter recording: the teller's self-review or the lead's (shared/recording/review.ts). */
export const RECORDING_REVIEW = 'recording.review';

/** A security event of the hub (sign-in, failure, lockout, enrolment, revocation, approval, listen): shared/access/audit.ts. */
export { SECURITY_AUDIT };

/** A hub's report of a configuration version it pulled: applied, or refused with the reasons (shared/config/versions.ts). */
export { CONFIG_APPLIED };

export const pushedKinds = {
  [QUEUE_EVENT]: QueueEvent,
  [COUNTER_EVENT]: CounterEventBody,
  [DOC_OP]: DocOpBody,
  [PAUSE_RECORD]: PauseRecordBody,
  [WINDOW_RECORD]: WindowRecordBody,
  [RECORDING_LISTEN]: ListenLogEntry,
  [RECORDING_REVIEW]: ReviewComment,
  [SECURITY_AUDIT]: AuditEntry,
  // A complaint's supervision reminder (督办) the hub raised (shared/complaints/api.ts).
  [COMPLAINT_REMINDER_RECORD]: RaisedReminder,
  [CONFIG_APPLIED]: ConfigAppliedBody,
} as const;

/** Configuration documents flowing down from head office, keyed by branch id (or "*" for all). */
export const CONFIG_BRANCH = 'config.branch';

export const pulledKinds = {
  [CONFIG_BRANCH]: BranchConfig,
  // Head office's hall notices, keyed "*" or a branch id (shared/notices/schema.ts, docs/notices.md).
  [CONFIG_NOTICES]: HqNoticesDoc,
  // Head office's monthly reports of the branch, keyed by its id (shared/hq/branchReports.ts).
  [CONFIG_REPORTS]: BranchReportsDoc,
} as const;

export function isKnownPushedKind(kind: string): kind is keyof typeof pushedKinds {
  return Object.hasOwn(pushedKinds, kind);
}

export function isKnownPulledKind(kind: string): kind is keyof typeof pulledKinds {
  return Object.hasOwn(pulledKinds, kind);
}
