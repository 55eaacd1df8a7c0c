import { create } from 'zustand';
import type { DrainStatus, SyncErrorKind } from '../../shared/sync/drain.js';
import { idleDrainStatus } from '../../shared/sync/drain.js';

/**
 * What the counter's screen shows of its sync with the hub. Written only by the sync client
 * (counterSync.ts); read by the header pill and its popover (renderer/sync/SyncPill.tsx).
 */
export type EnrolState =
  /** Not looked yet. */
  | 'unknown'
  | 'enrolling'
  | 'enrolled'
  /** No token: records stay on this computer until the counter is enrolled. */
  | 'not_enrolled'
  /** The hub answered 401 to our token. */
  | 'revoked';

export interface EnrolmentView {
  state: EnrolState;
  deviceId: string | null;
  branchId: string | null;
  /** Why not enrolled, in words (English; the UI shows `reasonKind` translated). */
  reason: string | null;
  reasonKind: SyncErrorKind | 'no_code' | 'device_mismatch' | null;
}

export interface PullView {
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  errorKind: SyncErrorKind | null;
  /** The saved cursor (server sequence) the next pull starts after. */
  cursor: number;
  /** True while pages are being pulled. */
  catchingUp: boolean;
  /** Changes kept for a later version of the app (unknown kinds). */
  parked: number;
}

export interface SyncStoreState {
  /** True while a counter screen runs the sync loops. */
  active: boolean;
  /** False while another window of this counter holds the sync (Web Locks). */
  leader: boolean;
  enrolment: EnrolmentView;
  push: DrainStatus;
  pull: PullView;
}

export const initialPush = (link = 'counter → hub'): DrainStatus => idleDrainStatus(link);

export const initialSyncState = (): SyncStoreState => ({
  active: false,
  leader: true,
  enrolment: { state: 'unknown', deviceId: null, branchId: null, reason: null, reasonKind: null },
  push: initialPush(),
  pull: { lastSuccessAt: null, lastAttemptAt: null, lastError: null, errorKind: null, cursor: 0, catchingUp: false, parked: 0 },
});

export const useSyncStore = create<SyncStoreState>(() => initialSyncState());

export type SyncTone = 'ok' | 'busy' | 'warn' | 'error' | 'idle';

export interface SyncSummary {
  tone: SyncTone;
  /** i18n key under sync.pill. */
  label: 'synced' | 'waiting' | 'syncing' | 'retrying' | 'notEnrolled' | 'revoked' | 'enrolling' | 'starting' | 'stopped';
  n: number;
}

/** The one-word state of the pill. */
export function summarise(s: SyncStoreState): SyncSummary {
  const waiting = s.push.recordsWaiting;
  if (!s.active) return { tone: 'idle', label: 'starting', n: waiting };
  switch (s.enrolment.state) {
    case 'unknown':
      return { tone: 'idle', label: 'starting', n: waiting };
    case 'enrolling':
      return { tone: 'busy', label: 'enrolling', n: waiting };
    case 'not_enrolled':
      return { tone: 'error', label: 'notEnrolled', n: waiting };
    case 'revoked':
      return { tone: 'error', label: 'revoked', n: waiting };
    case 'enrolled':
      break;
  }
  if (s.push.phase === 'stopped') return { tone: 'error', label: 'stopped', n: waiting };
  if (s.push.phase === 'retrying' || s.pull.errorKind !== null) return { tone: 'warn', label: 'retrying', n: waiting };
  if (waiting > 0) return { tone: 'busy', label: s.push.phase === 'pushing' ? 'syncing' : 'waiting', n: waiting };
  if (s.pull.catchingUp) return { tone: 'busy', label: 'syncing', n: 0 };
  return { tone: s.push.deadLetters > 0 ? 'warn' : 'ok', label: 'synced', n: 0 };
}
