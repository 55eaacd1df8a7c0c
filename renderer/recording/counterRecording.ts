import { liveQuery } from 'dexie';
import type { HostBridge } from '../../shared/host/contract.js';
import { newId } from '../../shared/ids.js';
import type { Ticket } from '../../shared/queue/ticket.js';
import type { FinishedRecordingView, RecorderStateView, RecordingCredentials, RecordingHostEvent } from '../../shared/recording/hostChannels.js';
import { chooseRetention } from '../../shared/recording/retention.js';
import type { RetentionAlert } from '../../shared/recording/retention.js';
import type { RecordingSettings } from '../../shared/recording/settings.js';
import type { UploadFailureCode } from '../../shared/uploads/errors.js';
import type { CounterDb } from '../device/db.js';
import { readEnrolment } from '../device/enrol.js';
import { allRecordings, indexFinished, indexStarted, markDeleted, markUploaded, markUploadFailed, markUploading, setHeld } from './db.js';
import { onMicrophoneChoice, readMicrophoneChoice } from './microphoneChoice.js';
import { onTellerCommand, serviceStep } from './serviceHooks.js';
import type { WalkInService } from './serviceHooks.js';

export interface RecordingView {
  /** False until the host answered once. */
  ready: boolean;
  enabled: boolean;
  state: RecorderStateView | null;
  /** The recording under way. */
  current: string | null;
  /** The host could not be reached or refused: shown as "not recording" with this reason. */
  hostError: string | null;
  /** Retention problems the teller must see (never silently solved by deleting un-uploaded audio). */
  alerts: RetentionAlert[];
  /** The last upload failure, if the latest attempt failed. */
  /** Why the last upload failed (said in the screen's language), null once one succeeds. */
  uploadError: UploadFailureCode | null;
}

export const initialRecordingView = (): RecordingView => ({ ready: false, enabled: true, state: null, current: null, hostError: null, alerts: [], uploadError: null });

export interface CounterRecordingOptions {
  db: CounterDb;
  host: HostBridge;
  settings: RecordingSettings;
  /**
   * The window's teller when nobody is signed in at the counter; the teller signed in there
   * (CounterDb.teller, set by renderer/device/staffSession.ts) wins, so a handover needs no restart.
   */
  tellerId: string;
  publish: (patch: Partial<RecordingView>) => void;
  /** The counter's device token for uploads and live audio; null until enrolled. */
  credentials?: () => Promise<RecordingCredentials | null>;
  /** Told when those credentials change (enrolled again, revoked), with `credentials` given. */
  watchCredentials?: (onChange: () => void) => () => void;
  /** Retries of failed uploads and the retention pass run this often. Default 60 s. */
  housekeepingMs?: number;
  /** Long-poll length (the host waits this long for news). */
  pollWaitMs?: number;
  now?: () => Date;
}

/**
 * The counter's recording, renderer side: tells the host's recorder when a ticket is called and
 * when service ends, indexes each finished recording in Dexie (with its sync record), uploads it
 * through the host, deletes local files only under the retention rule and only after the hub
 * confirmed them, and keeps the counter's recording status on screen. Every step runs one at a
 * time (a begin is never overtaken by the end before it).
 */
export class CounterRecording {
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private cursor = 0;
  private current: string | null = null;
  private credentialsKey: string | null = null;
  private readonly cleanups: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => Date;

  constructor(private readonly o: CounterRecordingOptions) {
    this.now = o.now ?? (() => new Date());
  }

  private get counter(): number {
    return this.o.db.counter;
  }

  /** The teller signed in at the counter now, else the one the screen was opened for. */
  private get teller(): string {
    return this.o.db.teller ?? this.o.tellerId;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async credentials(): Promise<RecordingCredentials | null> {
    if (this.o.credentials) return this.o.credentials();
    const e = await readEnrolment(this.o.db);
    return e?.token ? { deviceId: e.deviceId, branchId: e.branchId, token: e.token } : null;
  }

  private fail(err: unknown): void {
    this.o.publish({ hostError: String((err as Error)?.message ?? err) });
  }

  start(): void {
    this.stopped = false;
    this.cleanups.push(onTellerCommand(this.counter, (command, ticket, walkIn) => void this.onCommand(command, ticket, walkIn)));
    // Another microphone chosen (the keypad and sound screen): the host switches between services.
    let microphone = readMicrophoneChoice(this.counter)?.id ?? null;
    this.cleanups.push(
      onMicrophoneChoice(this.counter, () => {
        const next = readMicrophoneChoice(this.counter)?.id ?? null;
        if (next === microphone) return;
        microphone = next;
        void this.serial(() => this.open()).catch((err: unknown) => this.fail(err));
      }),
    );
    // A new enrolment (or a revoked token) re-opens the host with the token it needs.
    if (!this.o.credentials) {
      const sub = liveQuery(() => readEnrolment(this.o.db)).subscribe({ next: () => void this.serial(() => this.open()).catch(() => undefined), error: () => undefined });
      this.cleanups.push(() => sub.unsubscribe());
    } else if (this.o.watchCredentials) {
      this.cleanups.push(this.o.watchCredentials(() => void this.serial(() => this.open()).catch(() => undefined)));
    }
    void this.serial(async () => {
      await this.open();
      await this.reconcile();
    })
      .catch((err: unknown) => this.fail(err))
      .finally(() => {
        void this.poll();
        this.scheduleHousekeeping(0);
      });
  }

  stop(): void {
    this.stopped = true;
    for (const c of this.cleanups.splice(0)) c();
    if (this.timer) clearTimeout(this.timer);
  }

  /** Waits for every step queued so far (tests). */
  idle(): Promise<void> {
    return this.serial(async () => undefined);
  }

  private async open(): Promise<void> {
    const credentials = await this.credentials();
    const key = credentials ? `${credentials.deviceId}:${credentials.token}` : null;
    const microphone = readMicrophoneChoice(this.counter)?.id ?? null;
    const snap = await this.o.host.invoke('recording:open', { counter: this.counter, settings: this.o.settings, credentials, microphone });
    this.current = snap.current;
    if (this.cursor === 0) this.cursor = snap.cursor;
    this.o.publish({ ready: true, enabled: snap.enabled, state: snap.state, current: snap.current, hostError: null });
    if (key !== this.credentialsKey) {
      this.credentialsKey = key;
      if (credentials) this.scheduleHousekeeping(0);
    }
  }

  /** Indexes what the host holds that the index does not know as finished (notices missed while closed). */
  private async reconcile(): Promise<void> {
    const { files, current } = await this.o.host.invoke('recording:list', { counter: this.counter });
    const rows = new Map((await allRecordings(this.o.db)).map((r) => [r.id, r]));
    for (const f of files) {
      const row = rows.get(f.recordingId);
      if (f.finished && (!row || row.state === 'recording')) await indexFinished(this.o.db, f.finished);
    }
    // A row left "recording" by a closed page whose audio never became a file.
    const onDisk = new Set(files.map((f) => f.recordingId));
    for (const row of rows.values()) {
      if (row.state === 'recording' && row.id !== current && !onDisk.has(row.id)) {
        await this.o.db.recordings.update(row.id, { state: 'deleted', deletedAt: this.now().toISOString(), lastError: 'no audio file was found on this workstation' });
      }
    }
  }

  private async poll(): Promise<void> {
    while (!this.stopped) {
      try {
        const asked = Date.now();
        const r = await this.o.host.invoke('recording:events', { counter: this.counter, after: this.cursor, waitMs: this.o.pollWaitMs ?? 8_000 });
        if (this.stopped) return;
        // A host that answers "nothing new" at once (one that cannot wait) is not asked in a tight loop.
        if (r.events.length === 0 && Date.now() - asked < 100) await new Promise((res) => setTimeout(res, 250));
        // The host restarted (its numbering began again) or we fell behind its memory: re-read its files.
        const missed = r.next < this.cursor || (r.events.length > 0 && r.events[0]!.seq > this.cursor + 1);
        this.cursor = r.next;
        this.o.publish({ state: r.state, hostError: null });
        await this.serial(async () => {
          for (const e of r.events) await this.apply(e);
          if (missed) await this.reconcile();
        });
      } catch (err) {
        if (this.stopped) return;
        this.fail(err);
        await new Promise((res) => setTimeout(res, 2_000));
        await this.serial(() => this.open()).catch(() => undefined);
      }
    }
  }

  private async apply(e: RecordingHostEvent): Promise<void> {
    switch (e.type) {
      case 'state':
        this.o.publish({ state: e.state });
        return;
      case 'finished':
        await this.finished(e.recording);
        return;
      case 'uploaded':
        await markUploaded(this.o.db, e.recordingId, e.sha256, new Date(e.at));
        this.o.publish({ uploadError: null });
        await this.retention();
        return;
      case 'upload_failed':
        await markUploadFailed(this.o.db, e.recordingId, `${e.code}: ${e.message}`);
        this.o.publish({ uploadError: e.code });
        return;
    }
  }

  private async finished(f: FinishedRecordingView): Promise<void> {
    const row = await indexFinished(this.o.db, f);
    if (row.state === 'complete' || row.state === 'interrupted') await this.upload(row.id, f.sha256);
  }

  async onCommand(command: string, ticket: Ticket | null, walkIn?: WalkInService): Promise<void> {
    const step = serviceStep(command, ticket);
    if (!step) return;
    await this.serial(async () => {
      if (step === 'begin') await this.begin(ticket, walkIn?.service ?? null);
      else await this.end();
    }).catch((err: unknown) => this.fail(err));
  }

  /** A called ticket, or a walk-in service (no ticket). */
  private async begin(ticket: Ticket | null, walkInService: string | null): Promise<void> {
    const meta = { recordingId: newId(), ticketId: ticket?.id ?? null, ticketNumber: ticket?.number ?? null, service: ticket?.service ?? walkInService, tellerId: this.teller };
    const r = await this.o.host.invoke('recording:begin', { counter: this.counter, meta });
    if (r.finished) await this.finished(r.finished);
    this.o.publish({ state: r.state });
    if (!r.started) return;
    this.current = meta.recordingId;
    this.o.publish({ current: meta.recordingId });
    await indexStarted(this.o.db, meta, this.now());
  }

  private async end(): Promise<void> {
    const r = await this.o.host.invoke('recording:end', { counter: this.counter });
    this.current = null;
    this.o.publish({ current: null });
    if (r.finished) await this.finished(r.finished);
  }

  /** Held for a dispute, or released: the index, the sync record and the host's marker. */
  hold(id: string, held: boolean): Promise<void> {
    return this.serial(async () => {
      await this.o.host.invoke('recording:hold', { counter: this.counter, recordingId: id, held });
      await setHeld(this.o.db, id, held, this.teller, this.now());
    });
  }

  private async upload(id: string, sha256: string): Promise<void> {
    const credentials = await this.credentials();
    if (!credentials) return; // uploaded once the counter is enrolled (housekeeping)
    await markUploading(this.o.db, id);
    const r = await this.o.host.invoke('recording:upload', { counter: this.counter, recordingId: id, sha256, credentials });
    if (r.state === 'verified') {
      await markUploaded(this.o.db, id, sha256, this.now());
      this.o.publish({ uploadError: null });
    } else if (r.state === 'failed') {
      const code = r.code ?? 'network';
      await markUploadFailed(this.o.db, id, `${code}: ${r.message ?? ''}`);
      this.o.publish({ uploadError: code });
    }
  }

  private scheduleHousekeeping(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.serial(() => this.housekeeping())
        .catch((err: unknown) => this.fail(err))
        .finally(() => this.scheduleHousekeeping(this.o.housekeepingMs ?? 60_000));
    }, ms);
  }

  /** Uploads what is waiting (oldest first), then applies the retention rule. */
  async housekeeping(): Promise<void> {
    const rows = (await allRecordings(this.o.db)).sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1));
    for (const r of rows) {
      if ((r.state === 'complete' || r.state === 'interrupted' || r.state === 'uploading') && r.sha256) await this.upload(r.id, r.sha256);
    }
    await this.retention();
  }

  private async retention(): Promise<void> {
    const rows = await allRecordings(this.o.db);
    const choice = chooseRetention(rows, this.o.settings, this.now());
    const credentials = choice.delete.length > 0 ? await this.credentials() : null;
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const d of choice.delete) {
      const row = byId.get(d.id);
      if (!credentials || !row?.sha256) break;
      const r = await this.o.host.invoke('recording:delete', { counter: this.counter, recordingId: d.id, sha256: row.sha256, credentials });
      if (r.deleted || r.reason === 'missing') await markDeleted(this.o.db, d.id, d.reason, this.now());
    }
    this.o.publish({ alerts: choice.alerts });
  }
}
