import { QueueError } from '../../../shared/api/errors.js';
import { acknowledge, reconcile } from '../../../shared/alerts/lifecycle.js';
import { findAlerts } from '../../../shared/alerts/rules.js';
import type { AlertWindow } from '../../../shared/alerts/rules.js';
import type { AcknowledgeAnswer, AlertList, AlertRecord, AlertsMessage } from '../../../shared/alerts/schema.js';
import type { BranchConfig } from '../../../shared/config/schema.js';
import type { Complaint } from '../../../shared/complaints/schema.js';
import { newId } from '../../../shared/ids.js';
import type { StreamMessage } from '../../../shared/queue/events.js';
import { businessDayOf } from '../../../shared/queue/rules/businessDay.js';
import type { SqlDb } from '../../db/sqlDb.js';
import type { AuditLog } from '../access/auditLog.js';
import type { Actor } from '../access/types.js';
import type { StreamSide } from '../api/queueStream.js';
import type { QueueHub } from '../queue/queueHub.js';
import { createSerial } from '../queue/serial.js';
import { alertById, alertsOfDay, alertsToReconcile, saveAlerts } from './alertStore.js';

export interface AlertDeskDeps {
  db: SqlDb;
  hub: Pick<QueueHub, 'branchConfig' | 'snapshot' | 'subscribe'>;
  /** The pause desk: every window's open state and pause sign, and its stream (told of each change). */
  windows: { states(): readonly AlertWindow[]; streamSide(): StreamSide };
  /** The acknowledgement is written to the security audit in the same transaction. */
  audit: Pick<AuditLog, 'entry' | 'writeIn'>;
  now?: () => Date;
  /** How often the rules run with nothing happening (a pause running over, a deadline coming): default 30 s; 0 = only evaluateNow(). */
  everyMs?: number;
  warn?: (message: string) => void;
}

/** The person acknowledging, as the access gate resolved their session. */
export interface AlertActor {
  staffId: string;
  deviceId: string | null;
}

/** How far ahead a complaint deadline can concern the rules (a reminder window of up to 10 working days across a holiday). */
const COMPLAINT_HORIZON_DAYS = 45;
/**
 * A change waits this long for the next evaluation, so a burst of commands (a busy minute at ten
 * windows) costs one evaluation, not one per command, on the hub's one database connection.
 */
const SETTLE_MS = 500;
/** Handling times kept per service for the forecast (it looks at the latest 20). */
const HANDLING_KEPT = 20;

/**
 * The lead's alerts as records (issue 14; docs/alerts.md). The rules (shared/alerts/rules.ts)
 * run after every queue event and window change, and on a timer for what changes with time
 * alone; the lifecycle (shared/alerts/lifecycle.ts) turns their findings into the day's records,
 * stored here. Evaluations and acknowledgements run one at a time.
 */
export class AlertDesk {
  private readonly serial = createSerial();
  private readonly now: () => Date;
  private timer: ReturnType<typeof setInterval> | null = null;
  private pending = false;
  private closed = false;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly listeners = new Set<(m: StreamMessage) => void>();
  /** Today's latest handling times per service, oldest first. */
  private handling = new Map<string, number[]>();
  private handlingDay = '';

  private constructor(private readonly deps: AlertDeskDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  static async open(deps: AlertDeskDeps): Promise<AlertDesk> {
    const desk = new AlertDesk(deps);
    await desk.evaluateNow();
    desk.unsubscribe.push(
      deps.hub.subscribe((e) => {
        if (e.type === 'service.finished' && e.detail.handlingSeconds !== undefined && e.ticket.businessDay === desk.handlingDay) desk.noteHandling(e.ticket.service, e.detail.handlingSeconds);
        desk.soon();
      }),
      deps.windows.streamSide().subscribe((m: StreamMessage) => {
        if (m.type === 'windows') desk.soon();
      }),
    );
    const every = deps.everyMs ?? 30_000;
    if (every > 0) {
      desk.timer = setInterval(() => desk.soon(), every);
      desk.timer.unref?.();
    }
    return desk;
  }

  private get config(): BranchConfig {
    return this.deps.hub.branchConfig;
  }

  private dayOf(at: Date): string {
    return businessDayOf(at, this.config.hours.timezone);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const u of this.unsubscribe.splice(0)) u();
    await this.serial(async () => undefined);
  }

  /** An evaluation shortly after what just happened; changes within SETTLE_MS share one. */
  private soon(): void {
    if (this.pending || this.closed) return;
    this.pending = true;
    setTimeout(() => {
      this.pending = false;
      this.evaluateNow().catch((err: unknown) => this.deps.warn?.(`alert evaluation failed: ${(err as Error).message}`));
    }, SETTLE_MS).unref?.();
  }

  /** Runs the rules now and stores what changed; returns the changed records. */
  evaluateNow(): Promise<AlertRecord[]> {
    return this.serial(async () => {
      if (this.closed) return [];
      const now = this.now();
      const day = this.dayOf(now);
      if (day !== this.handlingDay) await this.loadHandling(day);
      const config = this.config;
      const findings = findAlerts({
        now,
        config,
        tickets: this.deps.hub.snapshot().tickets,
        windows: this.deps.windows.states(),
        recentHandlingSeconds: Object.fromEntries(this.handling),
        complaints: await this.openComplaints(now),
      });
      const changed = reconcile(await alertsToReconcile(this.deps.db, day), findings, { day, now, newId });
      await saveAlerts(this.deps.db, changed);
      this.notify(changed);
      return changed;
    });
  }

  /** GET /api/v1/alerts?day=: the day's records (default today), oldest raised first. */
  async list(day?: string): Promise<AlertList> {
    const d = day ?? this.dayOf(this.now());
    return { day: d, alerts: await alertsOfDay(this.deps.db, d) };
  }

  /** POST /api/v1/alerts/:id/acknowledge by the signed-in lead; audited with the record, in one transaction. */
  acknowledge(id: string, by: AlertActor): Promise<AcknowledgeAnswer> {
    return this.serial(async () => {
      const record = await alertById(this.deps.db, id);
      if (record === null) throw new QueueError('not_found', `no alert ${id}`);
      const staff = this.config.staff.find((s) => s.id === by.staffId);
      const result = acknowledge(record, { staffId: by.staffId, name: staff?.name['zh-CN'] ?? by.staffId }, this.now());
      if (!result.ok) throw new QueueError('conflict', `alert ${id} is resolved: there is nothing left to acknowledge`, result.reason);
      if (!result.changed) return { alert: result.record };
      const detail = `acknowledged alert ${record.kind} ${record.subject}`.slice(0, 200);
      await this.deps.db.transaction(async (tx) => {
        await saveAlerts(tx, [result.record]);
        await this.deps.audit.writeIn(tx, [this.deps.audit.entry('approval', { staffId: by.staffId, deviceId: by.deviceId, detail })]);
      });
      this.notify([result.record]);
      return { alert: result.record };
    });
  }

  /** The changed records on the live stream, to lead stations only (the hall and the counters have no use for them). */
  streamSide(): StreamSide {
    return {
      current: () => [],
      subscribe: (send, viewer?: Actor) => {
        if (viewer?.device?.role !== 'lead') return () => undefined;
        this.listeners.add(send);
        return () => this.listeners.delete(send);
      },
    };
  }

  private notify(changed: readonly AlertRecord[]): void {
    if (changed.length === 0) return;
    const message: AlertsMessage = { type: 'alerts', changed: [...changed] };
    for (const l of [...this.listeners]) {
      try {
        l(message);
      } catch {
        // A broken subscriber must never undo or block a stored record.
      }
    }
  }

  private noteHandling(service: string, seconds: number): void {
    const list = this.handling.get(service) ?? [];
    list.push(seconds);
    if (list.length > HANDLING_KEPT) list.splice(0, list.length - HANDLING_KEPT);
    this.handling.set(service, list);
  }

  /** The day's latest handling times per service, from the tickets finished so far (after a restart or at a new day). */
  private async loadHandling(day: string): Promise<void> {
    const { rows } = await this.deps.db.query<{ service: string; seconds: number | string }>(
      `select service, seconds from (
         select service, doc->>'finishedAt' as finished,
                extract(epoch from ((doc->>'finishedAt')::timestamptz - (doc->>'startedAt')::timestamptz)) as seconds,
                row_number() over (partition by service order by doc->>'finishedAt' desc) as rn
         from tickets where business_day = $1 and status = 'done' and doc->>'startedAt' is not null and doc->>'finishedAt' is not null
       ) x where rn <= $2 order by service, finished`,
      [day, HANDLING_KEPT],
    );
    this.handling = new Map();
    for (const r of rows) this.noteHandling(r.service, Math.max(0, Math.round(Number(r.seconds))));
    this.handlingDay = day;
  }

  /** Open complaints whose deadlines fall soon enough to matter (the same cut as the complaint desk's reminders). */
  private async openComplaints(now: Date): Promise<Complaint[]> {
    const horizon = new Date(now.getTime() + COMPLAINT_HORIZON_DAYS * 86_400_000).toISOString();
    const { rows } = await this.deps.db.query<{ view: Complaint }>(
      `select view from complaints where branch_id = $1 and is_open and (status = 'registered' or (awaiting_answer and answer_by <= $2::timestamptz)) order by id`,
      [this.config.branchId, horizon],
    );
    return rows.map((r) => r.view);
  }
}
