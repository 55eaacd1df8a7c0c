import type { BackoffOptions } from '../../shared/sync/backoff.js';
import type { Drainer, FetchLike } from '../../shared/sync/drain.js';
import type { CounterDb } from './db.js';
import type { Appliers } from './pull.js';
import type { SyncStoreState } from './syncStore.js';

// The sync client's contract, kept apart from counterSync.ts and free of DOM types: the Node-side
// harness (tests/support/syncWorld.ts) types against it without pulling the page's modules into
// the Node type-check.

/** Where the counter's sync requests go and how (injected in tests). */
export interface SyncTransport {
  fetch: FetchLike;
  hubUrl: () => Promise<string>;
  timeoutMs?: number;
}

/** navigator.locks, as far as the client needs it. */
export interface LockRequester {
  request(name: string, callback: () => Promise<void>): Promise<unknown>;
}

/** A device's enrolment as the sync client sees it: the token may be in memory only. */
export interface SharedEnrolmentState {
  deviceId: string;
  branchId: string;
  /** Null once revoked. */
  token: string | null;
  enrolledAt: string;
  revokedAt: string | null;
  window?: number | null;
}

/**
 * An enrolment kept by someone else (the screen's device identity, renderer/device/identity.ts):
 * the sync client then neither enrols by itself nor keeps a token of its own, so ONE enrolment
 * serves the sync and the LAN API.
 */
export interface SharedEnrolment {
  current(): SharedEnrolmentState | null;
  /** Called after every change (enrolled, revoked). */
  subscribe(listener: () => void): () => void;
  enrol(code: string): Promise<void>;
  /** The hub refused this token (401). */
  revoked(token?: string): Promise<void>;
}

export interface CounterSyncOptions {
  db: CounterDb;
  /** The device's enrolment, shared with the screen; without it the client keeps its own in meta. */
  enrolment?: SharedEnrolment;
  transport?: Partial<SyncTransport>;
  /** Ask the hub for its demo enrol code when not enrolled (404 outside the demo). */
  demoEnrol?: boolean;
  pullIntervalMs?: number;
  /** Re-check the outbox this often even without a change seen (a safety net). */
  idleCheckMs?: number;
  /** How long to wait before asking again for a demo code the hub did not offer. */
  noCodeRetryMs?: number;
  backoff?: BackoffOptions;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Pulled kinds this version applies (tests add kinds to show parked changes re-applied). */
  appliers?: Appliers;
  subscribeOnline?: (listener: () => void) => () => void;
  subscribeReachability?: (listener: (reachable: boolean) => void) => () => void;
  /** Where the status goes (default: the zustand store). */
  publish?: (patch: Partial<SyncStoreState> | ((s: SyncStoreState) => Partial<SyncStoreState>)) => void;
  /** Serialises windows of one counter; default navigator.locks when present. */
  locks?: LockRequester | null;
  /** Make the counter screen use a pulled config.branch document (default true). */
  preferPulledConfig?: boolean;
  /** Let the screen paint and answer the first clicks before the sync touches the database. */
  startDelayMs?: number;
}

/** What a running client offers its screen and the harness. */
export interface CounterSyncControl {
  readonly drainer: Drainer;
  start(): void;
  stop(): Promise<void>;
  /** Retry everything now (network back, hub reachable, "sync now" pressed). */
  nudge(): void;
  enrol(code: string): Promise<void>;
}
