import type { StaffRole } from '../../../shared/config/primitives.js';
import type { BranchConfig } from '../../../shared/config/schema.js';
import { QueueError } from '../../../shared/api/errors.js';
import { COMPLAINT_REMINDER_RECORD, COMPLAINT_STEPS, LEAD_CHANNELS, isOverdue, remainingDays } from '../../../shared/complaints/api.js';
import type {
  ComplaintDetail,
  ComplaintList,
  ComplaintListQuery,
  ComplaintReminderMessage,
  ComplaintStats,
  ComplaintStatsQuery,
  ComplaintStepName,
  ComplaintView,
  RaisedReminder,
  RegisterComplaintRequest,
  RevealedPhone,
} from '../../../shared/complaints/api.js';
import { addCalendarDays, localDateOf } from '../../../shared/complaints/calendar.js';
import {
  applyCommand,
  closeBlockers,
  complaintOps,
  dueReminders,
  ELIGIBLE_ROLES,
  lowRatingItem,
  mayRevealPhone,
  registerComplaint,
  stepsOf,
  withMaskedPhone,
} from '../../../shared/complaints/index.js';
import type { Complainant, Complaint, ComplaintActor, ComplaintRefusal, LowRatingResult } from '../../../shared/complaints/index.js';
import { newId } from '../../../shared/ids.js';
import type { StreamMessage } from '../../../shared/queue/events.js';
import { FOLLOW_UP_DOC_TYPE } from '../../../shared/ratings/followUp.js';
import type { RatingRecord, RatingScale } from '../../../shared/ratings/schema.js';
import { DOC_OP } from '../../../shared/sync/kinds.js';
import type { SqlDb, SqlTx } from '../../db/sqlDb.js';
import { appendOwnRecords, openOwnDevice } from '../../sync/ownRecords.js';
import type { OwnDevice } from '../../sync/ownRecords.js';
import type { AuditLog } from '../access/auditLog.js';
import type { ActiveSession, Actor } from '../access/types.js';
import type { StreamSide } from '../api/queueStream.js';
import { storedAnswer } from '../queue/queueStore.js';
import { createSerial } from '../queue/serial.js';
import { listComplaints, mergeStored, rangeBound, refreshComplaint } from './complaintTable.js';
import type { MergedComplaint } from './complaintTable.js';
import { ComplaintProjection } from './projection.js';

type Queryable = Pick<SqlTx, 'query'>;

/** Who asks, as the access gate resolved them (req.actor): a signed-in person at a counter or a lead station. */
export interface Viewer {
  staffId: string;
  role: StaffRole;
  deviceId: string;
  /** A counter (the session serves `window`) or a lead station. */
  place: 'counter' | 'lead';
  window: number | null;
}

export interface DeskAnswer<T> {
  status: number;
  body: T;
}

/** A dissatisfied answer the rating desk stored, handed over inside its transaction. */
export interface LowRatingEvent {
  /** The item's id: the rating's follow-up id (one id for both documents). */
  id: string;
  record: RatingRecord;
  ticketNumber: string;
  scale: RatingScale;
  now: Date;
  /** The customer, when they left name and number with the answer (实名评价); anonymous otherwise. */
  complainant?: Complainant | null;
}

export interface ComplaintDeskDeps {
  db: SqlDb;
  /** The branch configuration now (its complaint policy, staff, time zone). */
  config: () => BranchConfig;
  /** The hub's device id: the log's records are made on `<hub id>-complaints`. */
  hubDeviceId: string;
  audit: Pick<AuditLog, 'record'>;
  /** Who is signed in at a window (a reminder goes to the owner's counter). */
  sessions: { atWindow(window: number): ActiveSession | null };
  now?: () => Date;
  /** How often open complaints' deadlines are checked for reminders (default 60 s; 0 = only remindNow()). */
  reminderMs?: number;
  warn?: (message: string) => void;
}

/** How far before a deadline a reminder can fall (a reminder window of up to 10 working days across a holiday). */
const REMINDER_HORIZON_DAYS = 45;

const iso = (v: Date | string) => new Date(v).toISOString();

/** A domain refusal as the API's error: 400 for a bad command, 403 for who may not, 409 for the state. */
export function refusalError(r: ComplaintRefusal | Exclude<LowRatingResult, { ok: true }>): QueueError {
  const { reason, ok: _ok, ...detail } = r as { reason: string; ok: false } & Record<string, unknown>;
  if (reason === 'invalid_command') return new QueueError('bad_request', ((detail.issues as string[] | undefined) ?? []).join('; ') || 'the command is not valid', reason);
  const words = Object.entries(detail)
    .map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
  const message = `refused: ${reason}${words ? ` (${words})` : ''}`;
  const forbidden = reason === 'role_not_allowed' || reason === 'recusal' || reason === 'not_owner';
  return new QueueError(forbidden ? 'forbidden' : 'conflict', message, reason);
}

/**
 * The complaint log of the branch (issue 13; docs/complaints-api.md). Every step is decided by
 * the pure domain (shared/complaints/workflow.ts) against the complaint merged from ALL its
 * `doc.op` records (the hub's own, and what counters pushed), and written as the document's ops
 * of the hub's device `<hub id>-complaints` (relayed to head office like every record), in ONE
 * transaction with the complaint's row of the log, the recording it holds and the idempotent
 * answer. Ops counters push are merged into the log by the projection (projection.ts). A timer
 * raises the supervision reminders (督办) once each and pushes them on the stream.
 */
export class ComplaintDesk {
  private readonly serial = createSerial();
  private readonly listeners = new Set<{ send: (m: StreamMessage) => void; wants: (m: ComplaintReminderMessage) => boolean }>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  readonly projection: ComplaintProjection;

  private constructor(
    private readonly deps: ComplaintDeskDeps,
    private readonly device: OwnDevice,
    private readonly now: () => Date,
  ) {
    this.projection = new ComplaintProjection({
      db: deps.db,
      table: 'complaints',
      cursorTable: 'complaint_projection',
      branchId: () => deps.config().branchId,
      ownDeviceId: device.deviceId,
      ...(deps.warn ? { warn: deps.warn } : {}),
    });
  }

  static async open(deps: ComplaintDeskDeps): Promise<ComplaintDesk> {
    const now = deps.now ?? (() => new Date());
    const device = await openOwnDevice(deps.db, `${deps.hubDeviceId}-complaints`.slice(0, 64), deps.config().branchId, now);
    const desk = new ComplaintDesk(deps, device, now);
    await desk.projection.catchUp();
    const every = deps.reminderMs ?? 60_000;
    if (every > 0) {
      desk.timer = setInterval(() => {
        void desk.remindNow().catch((err: unknown) => deps.warn?.(`complaint reminders failed: ${(err as Error).message}`));
      }, every);
      desk.timer.unref?.();
    }
    return desk;
  }

  get deviceId(): string {
    return this.device.deviceId;
  }

  private get config(): BranchConfig {
    return this.deps.config();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.projection.stop();
    await this.serial(async () => undefined);
  }

  /** After a device's push stored records here: merge the complaint ops among them soon. */
  wakeSoon(): void {
    this.projection.wakeSoon();
  }

  // ------------------------------------------------------------------ registration

  register(viewer: Viewer, req: RegisterComplaintRequest, idempotencyKey?: string): Promise<DeskAnswer<ComplaintDetail>> {
    const scope = 'complaints:register';
    return this.serial(async () => {
      const prior = await this.prior<ComplaintDetail>(idempotencyKey, scope);
      if (prior) return prior;
      const config = this.config;
      const actor = actorOf(viewer);
      if (req.branchId !== undefined && req.branchId !== config.branchId) throw new QueueError('bad_request', `this hub registers complaints of branch ${config.branchId}, not ${req.branchId}`);
      if (req.timezone !== undefined && req.timezone !== config.hours.timezone) throw new QueueError('bad_request', `the branch's time zone is ${config.hours.timezone}, not ${req.timezone}`);
      const id = req.id ?? newId();
      if (req.id !== undefined && (await mergeStored(this.deps.db, config.branchId, id)) !== null) {
        throw new QueueError('conflict', `complaint ${id} is already registered`, 'exists');
      }
      let channel = req.channel;
      if (viewer.place === 'counter') {
        channel ??= 'counter';
        if (channel !== 'counter') throw new QueueError('bad_request', 'a counter registers what is said at its window: channel "counter"');
      } else if (channel === undefined || !LEAD_CHANNELS.includes(channel)) {
        throw new QueueError('bad_request', `a lead station registers a complaint received by ${LEAD_CHANNELS.join(', ')}: name the channel`);
      }
      const ticketId = req.ticketId ?? req.service?.ticketId;
      if (req.ticketId !== undefined && req.service && req.service.ticketId !== req.ticketId) throw new QueueError('bad_request', 'ticketId and service.ticketId name two tickets');
      const service = ticketId === undefined ? null : await this.finishedService(this.deps.db, ticketId, viewer.place === 'counter' ? viewer.window : null);
      const subjectTellerId = req.subjectTellerId === undefined ? (service?.tellerId ?? null) : req.subjectTellerId;
      if (subjectTellerId !== null && !config.staff.some((s) => s.id === subjectTellerId)) throw new QueueError('bad_request', `no staff member ${subjectTellerId} in this branch`);
      let dutyLead: ComplaintActor | null = null;
      if (subjectTellerId !== null && subjectTellerId === viewer.staffId) {
        if (req.dutyLead) {
          this.checkStaff(req.dutyLead, 'dutyLead');
          dutyLead = req.dutyLead;
        } else {
          dutyLead = await this.dutyLead(this.deps.db, subjectTellerId);
        }
      }
      const now = this.now();
      const decided = registerComplaint(
        {
          type: 'register',
          id,
          branchId: config.branchId,
          timezone: config.hours.timezone,
          channel,
          ...(req.receivedAt ? { receivedAt: req.receivedAt } : {}),
          complainant: req.complainant,
          category: req.category,
          facts: req.facts,
          request: req.request ?? '',
          service,
          subjectTellerId,
          complexity: req.complexity ?? 'simple',
          dutyLead,
        },
        actor,
        now,
        config.complaints,
      );
      if (!decided.ok) throw refusalError(decided);
      const c = decided.complaint;
      return this.deps.db.transaction(async (tx) => {
        const m = await this.write(tx, null, c, now);
        if (c.service) await holdRecording(tx, c, now);
        const answer = { status: 201, body: await this.detailOf(tx, m, viewer, true) };
        await saveAnswer(tx, idempotencyKey, scope, answer);
        return answer;
      });
    });
  }

  /** The service a complaint links: the latest finished service of the ticket (at that window, from a counter). */
  private async finishedService(db: Queryable, ticketId: string, window: number | null): Promise<Complaint['service']> {
    const { rows } = await db.query<{ service_id: string; ticket_number: string; counter: number; teller_id: string; status: string }>(
      `select service_id, ticket_number, counter, teller_id, status from rating_services
       where ticket_id = $1 and ($2::int is null or counter = $2::int) order by finished_at desc limit 1`,
      [ticketId, window],
    );
    const s = rows[0];
    if (!s) {
      throw new QueueError('conflict', window === null ? `ticket ${ticketId} has no finished service` : `ticket ${ticketId} has no finished service at window ${window}`, 'no_finished_service');
    }
    const counter = Number(s.counter);
    return {
      ticketId,
      ticketNumber: s.ticket_number,
      window: counter,
      tellerId: s.teller_id,
      recordingId: await recordingOf(db, ticketId, counter),
      ratingId: s.status === 'rated' ? s.service_id : null,
    };
  }

  // ------------------------------------------------------------------ steps

  step(viewer: Viewer, id: string, name: ComplaintStepName, body: Record<string, unknown>, idempotencyKey?: string): Promise<DeskAnswer<ComplaintDetail>> {
    const scope = `complaints:${id}:${name}`;
    const { type } = COMPLAINT_STEPS[name];
    return this.serial(async () => {
      const prior = await this.prior<ComplaintDetail>(idempotencyKey, scope);
      if (prior) return prior;
      if (type === 'escalate') this.checkStaff((body as { newOwner: ComplaintActor }).newOwner, 'newOwner');
      if (type === 'hand_over') this.checkStaff((body as { to: ComplaintActor }).to, 'to');
      return this.deps.db.transaction(async (tx) => {
        const { before } = await this.current(tx, id);
        const now = this.now();
        const decided = applyCommand(before, { type, ...body } as Parameters<typeof applyCommand>[1], actorOf(viewer), now, this.config.complaints);
        if (!decided.ok) throw refusalError(decided);
        const m = await this.write(tx, before, decided.complaint, now);
        const answer = { status: 200, body: await this.detailOf(tx, m, viewer, false) };
        await saveAnswer(tx, idempotencyKey, scope, answer);
        return answer;
      });
    });
  }

  /** The complaint merged from every op stored here (in the caller's transaction); 404 / 409 when there is none to act on. */
  private async current(db: Queryable, id: string): Promise<{ before: Complaint }> {
    const m = await mergeStored(db, this.config.branchId, id);
    if (!m) throw new QueueError('not_found', `no complaint ${id}`);
    if (!m.complaint) throw new QueueError('conflict', `complaint ${id} has not fully arrived from the device that registered it`, 'incomplete');
    return { before: m.complaint };
  }

  /**
   * Writes a step: its ops (one per changed field) as records of the hub's complaint device,
   * after every op this hub holds of the document (its clock moves past them, so the step wins
   * the fields it changes), then the complaint's row from ALL its ops. A dissatisfied rating's
   * follow-up follows its status.
   */
  private async write(tx: SqlTx, before: Complaint | null, after: Complaint, now: Date): Promise<MergedComplaint & { complaint: Complaint }> {
    if (before !== null) {
      const { rows } = await tx.query<{ hlc: string | null }>(
        `select max(body->>'hlc') as hlc from sync_records where branch_id = $1 and kind = '${DOC_OP}' and body->>'docType' = 'complaint' and body->>'docId' = $2`,
        [this.config.branchId, after.id],
      );
      if (rows[0]?.hlc) this.device.clock.receive(rows[0].hlc);
    }
    const author = this.device.deviceId;
    // appendOwnRecords stamps each op with its record's HLC.
    const ops = complaintOps(before, after, () => this.device.clock.current(), author).map(({ hlc: _hlc, ...op }) => ({ kind: DOC_OP, body: op }));
    if (after.kind === 'dissatisfied_rating' && before !== null && before.status !== after.status) {
      ops.push({ kind: DOC_OP, body: { docType: FOLLOW_UP_DOC_TYPE, docId: after.id, field: 'status', value: after.status, author } });
    }
    await appendOwnRecords(tx, this.device, ops, now);
    const m = await refreshComplaint(tx, 'complaints', this.config.branchId, after.id);
    if (!m?.complaint) throw new Error(`complaint ${after.id} does not read back after its step`);
    return { ...m, complaint: m.complaint };
  }

  // ------------------------------------------------------------------ reading

  detail(viewer: Viewer, id: string): Promise<ComplaintDetail> {
    return this.deps.db.transaction(async (tx) => {
      const m = await mergeStored(tx, this.config.branchId, id);
      if (!m?.complaint) throw new QueueError('not_found', `complaint ${id} has not fully arrived from the device that registered it`);
      const c = m.complaint;
      if (viewer.place === 'counter' && c.ownerId !== viewer.staffId) {
        const subject = c.subjectTellerId === viewer.staffId;
        // The rated teller sees a dissatisfied rating about them, to appeal it (申诉); nothing else of another's.
        if (!(subject && c.kind === 'dissatisfied_rating')) {
          throw new QueueError('forbidden', subject ? 'this complaint is about you: the duty lead handles it (回避)' : `complaint ${id} is ${c.ownerId}'s`, subject ? 'recusal' : 'not_owner');
        }
      }
      return this.detailOf(tx, { ...m, complaint: c }, viewer, false);
    });
  }

  async list(viewer: Viewer, q: ComplaintListQuery): Promise<ComplaintList> {
    const tz = this.config.hours.timezone;
    // Ops a device pushed a moment ago are in the log before it is read (two small queries when nothing is new).
    await this.projection.catchUp();
    return listComplaints(
      this.deps.db,
      'complaints',
      {
        ...(q.status ? { statuses: q.status } : {}),
        ...(q.overdue !== undefined ? { overdue: q.overdue } : {}),
        ...(q.flagged !== undefined ? { flagged: q.flagged } : {}),
        ...(q.owner ? { owner: q.owner } : {}),
        ...(q.teller ? { teller: q.teller } : {}),
        ...(q.category ? { category: q.category } : {}),
        ...(q.channel ? { channel: q.channel } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.from ? { from: rangeBound(q.from, tz, false) } : {}),
        ...(q.to ? { to: rangeBound(q.to, tz, true) } : {}),
        // At a counter: the teller's own complaints, never one about them.
        ...(viewer.place === 'counter' ? { owner: viewer.staffId, notAbout: viewer.staffId } : {}),
        limit: q.limit,
        ...(q.cursor ? { cursor: q.cursor } : {}),
      },
      this.now(),
    );
  }

  async stats(q: ComplaintStatsQuery): Promise<ComplaintStats> {
    const tz = this.config.hours.timezone;
    await this.projection.catchUp();
    const now = this.now();
    const today = localDateOf(now, tz);
    let from: string;
    let to: string;
    if (q.day) [from, to] = [q.day, q.day];
    // The month's last day: the day before the first of the next month (the 28th + 4 days is in the next month).
    else if (q.month) [from, to] = [`${q.month}-01`, addCalendarDays(`${addCalendarDays(`${q.month}-28`, 4).slice(0, 8)}01`, -1)];
    else if (q.from || q.to) [from, to] = [q.from ?? q.to!, q.to ?? today];
    else [from, to] = [`${today.slice(0, 7)}-01`, today];
    if (to < from) throw new QueueError('bad_request', `the period ends (${to}) before it starts (${from})`);
    const { rows } = await this.deps.db.query<Record<string, string | number>>(
      `with p as (select * from complaints where received_at >= $1::timestamptz and received_at < $2::timestamptz)
       select
         (select count(*) from p where kind = 'complaint') as complaints,
         (select count(*) from p where kind = 'dissatisfied_rating') as ratings,
         (select count(*) from p where status = 'closed') as closed,
         (select count(*) from p where status = 'withdrawn') as withdrawn,
         (select count(*) from p where kind = 'dissatisfied_rating' and real_name) as cb_due,
         (select count(*) from p where kind = 'dissatisfied_rating' and real_name and called_back) as cb_done,
         (select count(*) from p where kind = 'dissatisfied_rating' and counts_against) as counts_against,
         (select count(*) from complaints where is_open) as open,
         (select count(*) from complaints where awaiting_answer and answer_by <= $3::timestamptz) as overdue,
         (select count(*) from complaints where flagged) as flagged`,
      [rangeBound(from, tz, false), rangeBound(to, tz, true), now.toISOString()],
    );
    const r = rows[0]!;
    const n = (k: string) => Number(r[k] ?? 0);
    // callbackRate (shared/complaints/lowRating.ts) over the period's items, counted in SQL.
    const due = n('cb_due');
    const done = n('cb_done');
    return {
      from,
      to,
      received: { complaints: n('complaints'), dissatisfiedRatings: n('ratings') },
      closed: n('closed'),
      withdrawn: n('withdrawn'),
      open: n('open'),
      overdue: n('overdue'),
      flagged: n('flagged'),
      callbackRate: { due, done, percent: due === 0 ? null : (done * 100) / due, targetPercent: 100 },
      countsAgainstTellers: n('counts_against'),
    };
  }

  /** The whole number, for whoever calls back; audited (never the number itself). */
  async revealPhone(viewer: Viewer, id: string): Promise<RevealedPhone> {
    const { rows } = await this.deps.db.query<{ owner_id: string; subject_teller_id: string | null; phone: string | null }>(
      'select owner_id, subject_teller_id, phone from complaints where branch_id = $1 and id = $2',
      [this.config.branchId, id],
    );
    const row = rows[0];
    if (!row) throw new QueueError('not_found', `no complaint ${id}`);
    if (!mayRevealPhone(actorOf(viewer), { ownerId: row.owner_id, subjectTellerId: row.subject_teller_id })) {
      throw new QueueError('forbidden', "only the complaint's owner or a lead (who call complainants back) may see the number", 'reveal_not_allowed');
    }
    if (row.phone === null) throw new QueueError('conflict', 'no phone number is on file for this complaint', 'no_phone');
    await this.deps.audit.record('phone_revealed', { staffId: viewer.staffId, deviceId: viewer.deviceId, window: viewer.window, detail: `phone number of complaint ${id} shown` });
    return { id, phone: row.phone };
  }

  private async detailOf(db: Queryable, m: MergedComplaint & { complaint: Complaint }, viewer: Viewer, unmasked: boolean): Promise<ComplaintDetail> {
    const c = m.complaint;
    const now = this.now();
    const { rows } = await db.query<{ key: string; kind: RaisedReminder['kind']; owner_id: string; level: RaisedReminder['level']; due_since: Date | string; deadline: Date | string; raised_at: Date | string }>(
      'select key, kind, owner_id, level, due_since, deadline, raised_at from complaint_reminders where complaint_id = $1 order by raised_at, key',
      [c.id],
    );
    const actor = actorOf(viewer);
    return {
      complaint: viewOf(c, viewer, unmasked),
      history: stepsOf(m.merged.history),
      flags: m.merged.flags,
      overdue: isOverdue(c, now),
      remainingDays: remainingDays(c, now),
      dueReminders: dueReminders(c, now, this.config.complaints),
      reminders: rows.map((r) => ({ key: r.key, kind: r.kind, complaintId: c.id, ownerId: r.owner_id, level: r.level, dueSince: iso(r.due_since), deadline: iso(r.deadline), raisedAt: iso(r.raised_at) })),
      closeBlockers: closeBlockers(c).map((b) => b.reason),
      mayRevealPhone: c.complainant.phone !== null && mayRevealPhone(actor, c),
    };
  }

  // ------------------------------------------------------------------ low ratings

  /**
   * A dissatisfied answer becomes a complaint-log item (lowRatingItem), inside the rating's own
   * transaction (server/hub/ratings/ratingHub.ts): the answer is never stored without its item.
   * No item when no duty lead can own it (a branch configured without leads): the follow-up
   * still shows it to the lead.
   */
  async openLowRating(tx: SqlTx, ev: LowRatingEvent): Promise<string | null> {
    const config = this.config;
    const dutyLead = await this.dutyLead(tx, ev.record.tellerId);
    if (dutyLead === null) {
      this.deps.warn?.(`no duty lead to own the dissatisfied rating ${ev.id}: only its follow-up is open`);
      return null;
    }
    const item = lowRatingItem(
      ev.record,
      {
        id: ev.id,
        branchId: config.branchId,
        timezone: config.hours.timezone,
        scale: ev.scale,
        ticketNumber: ev.ticketNumber,
        recordingId: await recordingOf(tx, ev.record.ticketId, ev.record.counter),
        dutyLead,
        now: ev.now,
        complainant: ev.complainant ?? null,
      },
      config.complaints,
    );
    if (!item.ok) {
      if (item.reason !== 'not_low') this.deps.warn?.(`dissatisfied rating ${ev.id}: no complaint-log item (${item.reason})`);
      return null;
    }
    await this.write(tx, null, item.complaint, ev.now);
    await holdRecording(tx, item.complaint, ev.now);
    return item.complaint.id;
  }

  // ------------------------------------------------------------------ reminders (督办)

  /** Raises every reminder due now that was not raised before, and pushes each on the stream. */
  remindNow(): Promise<RaisedReminder[]> {
    return this.serial(async () => {
      if (this.closed) return [];
      await this.projection.catchUp();
      const now = this.now();
      const policy = this.config.complaints;
      const horizon = new Date(now.getTime() + REMINDER_HORIZON_DAYS * 86_400_000).toISOString();
      const { rows } = await this.deps.db.query<{ view: ComplaintView; phone: string | null }>(
        `select view, phone from complaints
         where branch_id = $1 and is_open and ((status = 'registered' and acknowledge_by <= $2::timestamptz) or (awaiting_answer and answer_by <= $3::timestamptz))`,
        [this.config.branchId, now.toISOString(), horizon],
      );
      const due = rows.flatMap((r) => dueReminders({ ...r.view, complainant: { ...r.view.complainant, phone: r.phone } } as Complaint, now, policy));
      if (due.length === 0) return [];
      const raisedAt = now.toISOString();
      // The reminder and its record for head office in one transaction: raised means sent upstream too.
      const raised = await this.deps.db.transaction(async (tx) => {
        const inserted = await tx.query<{ key: string }>(
          `insert into complaint_reminders (key, complaint_id, kind, owner_id, level, due_since, deadline, raised_at)
           select x.key, x."complaintId", x.kind, x."ownerId", x.level, x."dueSince"::timestamptz, x.deadline::timestamptz, $2::timestamptz
           from jsonb_to_recordset($1::jsonb) as x(key text, "complaintId" text, kind text, "ownerId" text, level text, "dueSince" text, deadline text)
           on conflict (key) do nothing
           returning key`,
          [JSON.stringify(due), raisedAt],
        );
        const fresh = new Set(inserted.rows.map((r) => r.key));
        const made = due.filter((d) => fresh.has(d.key)).map((d): RaisedReminder => ({ ...d, raisedAt }));
        await appendOwnRecords(tx, this.device, made.map((body) => ({ kind: COMPLAINT_REMINDER_RECORD, body })), now);
        return made;
      });
      for (const r of raised) {
        this.notify({ type: 'complaint.reminder', key: r.key, complaintId: r.complaintId, kind: r.kind, deadline: r.deadline, dueSince: r.dueSince, ownerId: r.ownerId, level: r.level });
      }
      return raised;
    });
  }

  /**
   * The reminders on the live stream: a lead station gets them all, a counter those its
   * signed-in teller owns; other devices (the hall, kiosks, displays) none.
   */
  streamSide(): StreamSide {
    return {
      current: () => [],
      subscribe: (send, viewer?: Actor) => {
        const wants = (m: ComplaintReminderMessage): boolean => {
          const d = viewer?.device;
          if (!d) return false;
          if (d.role === 'lead') return true;
          if (d.role === 'counter' && d.window !== null) return this.deps.sessions.atWindow(d.window)?.staffId === m.ownerId;
          return false;
        };
        const l = { send, wants };
        this.listeners.add(l);
        // A screen that connects later (the owner signs in, the lead station opens) still gets
        // the reminders of complaints that are still owed; the screen drops a key it already has.
        void this.standing()
          .then((ms) => {
            for (const m of ms) if (this.listeners.has(l) && wants(m)) send(m);
          })
          .catch(() => undefined);
        return () => this.listeners.delete(l);
      },
    };
  }

  /**
   * The raised reminders still standing: their complaint is still owed its acknowledgement
   * (acknowledgement_overdue) or its answer by that same deadline (an extension or an answer
   * makes them moot), addressed to the complaint's owner now.
   */
  async standing(): Promise<ComplaintReminderMessage[]> {
    const { rows } = await this.deps.db.query<{ key: string; kind: ComplaintReminderMessage['kind']; complaint_id: string; owner_id: string; level: ComplaintReminderMessage['level']; due_since: Date | string; deadline: Date | string }>(
      `select r.key, r.kind, r.complaint_id, c.owner_id, c.level, r.due_since, r.deadline
       from complaint_reminders r join complaints c on c.branch_id = $1 and c.id = r.complaint_id
       where c.is_open and case when r.kind = 'acknowledgement_overdue' then c.status = 'registered' else c.awaiting_answer and r.deadline = c.answer_by end
       order by r.raised_at, r.key limit 200`,
      [this.config.branchId],
    );
    return rows.map((r) => ({ type: 'complaint.reminder', key: r.key, complaintId: r.complaint_id, kind: r.kind, deadline: iso(r.deadline), dueSince: iso(r.due_since), ownerId: r.owner_id, level: r.level }));
  }

  private notify(m: ComplaintReminderMessage): void {
    for (const l of [...this.listeners]) {
      try {
        if (l.wants(m)) l.send(m);
      } catch {
        // A broken subscriber must never undo or block a raised reminder.
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  /**
   * The duty lead on shift, who takes a complaint about the registrar (回避) and every
   * dissatisfied rating: the lead signed in at a lead station most recently, else the first
   * lead (then head-office admin) of the configuration; never `notStaffId`.
   */
  private async dutyLead(db: Queryable, notStaffId: string | null): Promise<ComplaintActor | null> {
    const config = this.config;
    const eligible = (id: string): ComplaintActor | null => {
      const s = config.staff.find((x) => x.id === id);
      return s && s.id !== notStaffId && ELIGIBLE_ROLES.duty_lead.includes(s.role) ? { staffId: s.id, role: s.role } : null;
    };
    const { rows } = await db.query<{ staff_id: string }>(
      `select staff_id from staff_sessions where ended_at is null and window_number is null and expires_at > $1::timestamptz order by signed_in_at desc`,
      [this.now().toISOString()],
    );
    for (const r of rows) {
      const a = eligible(r.staff_id);
      if (a && a.role === 'lead') return a;
    }
    for (const role of ['lead', 'hq_admin'] as const) {
      const s = config.staff.find((x) => x.role === role && x.id !== notStaffId);
      if (s) return { staffId: s.id, role };
    }
    return null;
  }

  /** A person named in a body must be on the branch's staff with that role: the body never makes anyone a lead. */
  private checkStaff(named: ComplaintActor, field: string): void {
    const s = this.config.staff.find((x) => x.id === named.staffId);
    if (!s) throw new QueueError('bad_request', `${field}: no staff member ${named.staffId} in this branch`);
    if (s.role !== named.role) throw new QueueError('bad_request', `${field}: ${named.staffId} is a ${s.role}, not a ${named.role}`);
  }

  private async prior<T>(key: string | undefined, scope: string): Promise<DeskAnswer<T> | null> {
    if (key === undefined) return null;
    const stored = await storedAnswer(this.deps.db, key);
    if (!stored) return null;
    if (stored.scope !== scope) throw new QueueError('bad_request', 'this Idempotency-Key was already used for another request');
    return { status: stored.status, body: stored.response as T };
  }
}

function actorOf(viewer: Viewer): ComplaintActor {
  return { staffId: viewer.staffId, role: viewer.role };
}

/**
 * The complaint as this viewer sees it: the rated teller sees their dissatisfied rating without
 * the customer's name or number; the number is whole only right after registering, for someone
 * who may call back; masked everywhere else (reveal-phone shows it, audited).
 */
function viewOf(c: Complaint, viewer: Viewer, unmasked: boolean): ComplaintView {
  if (c.subjectTellerId !== null && c.subjectTellerId === viewer.staffId) {
    return { ...c, complainant: { name: null, phone: null, realName: c.complainant.realName } };
  }
  if (unmasked && mayRevealPhone(actorOf(viewer), c)) return c;
  return withMaskedPhone(c);
}

async function saveAnswer(tx: Queryable, key: string | undefined, scope: string, answer: DeskAnswer<unknown>): Promise<void> {
  if (key === undefined) return;
  await tx.query('insert into idempotency (key, scope, status, response) values ($1, $2, $3, $4::jsonb)', [key, scope, answer.status, JSON.stringify(answer.body)]);
}

/** The latest recording of a service (ticket and window), if the counter's index has reached the hub. */
async function recordingOf(db: Queryable, ticketId: string, counter: number): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>('select id from recording_index where ticket_id = $1 and counter = $2 order by started_at desc limit 1', [ticketId, counter]);
  return rows[0]?.id ?? null;
}

/** Holds the service's recordings for the complaint (a dispute): never pruned, shown held. */
async function holdRecording(tx: Queryable, c: Complaint, now: Date): Promise<void> {
  if (!c.service) return;
  await tx.query(
    `insert into recording_dispute_holds (complaint_id, ticket_id, counter, recording_id, reason, held_at)
     values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
    [c.id, c.service.ticketId, c.service.window, c.service.recordingId, `${c.kind === 'dissatisfied_rating' ? 'dissatisfied rating' : 'complaint'} ${c.id}`, now.toISOString()],
  );
}
