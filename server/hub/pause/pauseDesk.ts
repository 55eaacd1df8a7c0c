import type { CounterStatus, WindowStatus } from '../../../shared/api/queueApi.js';
import { QueueError } from '../../../shared/api/errors.js';
import type { BranchConfig } from '../../../shared/config/schema.js';
import { newId } from '../../../shared/ids.js';
import { handBackChanges, rerouteFromPaused } from '../../../shared/pause/handOff.js';
import { approvePause, BRANCH_MINIMUM, canPause, endPause, handBack, newPause, pauseNeedsApproval, pauseState } from '../../../shared/pause/rules.js';
import type { PauseCheck } from '../../../shared/pause/rules.js';
import type { HandBack, Pause, PauseWindow } from '../../../shared/pause/schema.js';
import { canClose, hallWindows, redirectFor, windowStates, windowStatus } from '../../../shared/pause/windows.js';
import type { CloseCheck, DeskWindow } from '../../../shared/pause/windows.js';
import { OVERRIDE_MINUTES } from '../../../shared/pause/wire.js';
import type { OverrideAnswer, PauseAnswer, PauseBody, PauseList, PauseRecordBody, PauseRefusal, PauseView, WindowAnswer, WindowRecordBody, WindowState } from '../../../shared/pause/wire.js';
import type { Change, CounterCommand } from '../../../shared/queue/commands.js';
import { findCounter } from '../../../shared/queue/commands.js';
import type { QueueSnapshot, StreamMessage } from '../../../shared/queue/events.js';
import { businessDayOf, kioskState } from '../../../shared/queue/rules/index.js';
import { PAUSE_RECORD, WINDOW_RECORD } from '../../../shared/sync/kinds.js';
import type { SqlDb } from '../../db/sqlDb.js';
import type { AuditSink } from '../access/auditLog.js';
import type { StreamSide } from '../api/queueStream.js';
import type { CounterGate, GatePass, HubTurn, QueueHub } from '../queue/queueHub.js';
import { storedAnswer } from '../queue/queueStore.js';
import { loadActivePauses, loadPause, loadWindows, pausesOfDay, writeDesk } from './pauseStore.js';
import { openOwnDevice } from '../../sync/ownRecords.js';
import type { OwnDevice } from '../../sync/ownRecords.js';
import type { DeskWrite, StoredWindow } from './pauseStore.js';

export interface PauseDeskDeps {
  db: SqlDb;
  hub: QueueHub;
  now?: () => Date;
  /** The security audit: a refused self-approval and every approval or override are written there. */
  audit?: AuditSink;
}

/** Who acts at a window: the teller signed in there (req.actor.session), never a name from the body. */
export interface WindowActor {
  staffId: string;
}

/** A lead's permission for the last open window of a service to stop (POST /api/v1/counters/{n}/override). */
interface Override {
  by: string;
  expiresAt: number;
}

/** The commands that give a window a customer: refused while its sign is up, and they open a closed window. */
const CALLS: ReadonlySet<CounterCommand['kind']> = new Set(['call-next', 'call', 'call-held']);

const refuse = (reason: PauseRefusal, message: string): QueueError => new QueueError('conflict', message, reason);

/**
 * The pause desk (暂停服务): every window's open/closed state for the business day and its pause
 * sign. It decides with the pure rules of shared/pause, runs each command in the queue hub's
 * one-at-a-time order (a pause's hand-back of tickets and the pause itself commit together) and
 * keeps in memory only what it committed. Through the hub's CounterGate it refuses calls at a
 * paused window, opens a closed window at its first call, and passes on tickets transferred to a
 * paused window. Every step is also a record for head office, relayed with the rest.
 */
export class PauseDesk implements CounterGate {
  private readonly listeners = new Set<(m: StreamMessage) => void>();
  /** Overrides given and not used yet, per window (in memory: they last minutes). */
  private readonly overrides = new Map<number, Override>();

  private constructor(
    private readonly db: SqlDb,
    private readonly hub: QueueHub,
    private readonly now: () => Date,
    private readonly device: OwnDevice,
    private readonly windows: Map<number, StoredWindow>,
    /** The pause whose sign is up, per window. */
    private readonly active: Map<number, Pause>,
    private readonly audit: AuditSink,
  ) {}

  static async open(deps: PauseDeskDeps): Promise<PauseDesk> {
    const { db, hub } = deps;
    const now = deps.now ?? (() => new Date());
    // A device of the hub's own, so its records' sequence has no gaps beside the queue events'.
    const deviceId = `${hub.deviceId}-pause`.slice(0, 64);
    const device = await openOwnDevice(db, deviceId, hub.branchConfig.branchId, now);
    const windows = new Map((await loadWindows(db)).map((w) => [w.counter, w]));
    const active = new Map((await loadActivePauses(db)).map((p) => [p.counter, p]));
    const desk = new PauseDesk(db, hub, now, device, windows, active, deps.audit ?? (() => undefined));
    hub.setGate(desk);
    return desk;
  }

  private get config(): BranchConfig {
    return this.hub.branchConfig;
  }

  private dayOf(at: Date): string {
    return businessDayOf(at, this.config.hours.timezone);
  }

  /** What the desk knows of window n now: opened today, and its sign. */
  private desk(n: number): DeskWindow & { openedAt: string | null } {
    const w = this.windows.get(n);
    const open = w !== undefined && w.open && w.businessDay === this.dayOf(this.now());
    return { open, openedAt: open ? w.openedAt : null, pause: this.active.get(n) ?? null };
  }

  private hall(snapshot: QueueSnapshot): PauseWindow[] {
    return hallWindows(this.config.counters, snapshot, (n) => this.desk(n));
  }

  /** Every window as the stream and GET /api/v1/windows send it. */
  states(): WindowState[] {
    return windowStates(this.config.counters, this.hub.snapshot(), (n) => this.desk(n));
  }

  /** The windows frame on the live stream: sent on connect and after every change. */
  streamSide(): StreamSide {
    return {
      current: () => [{ type: 'windows', windows: this.states() }],
      subscribe: (send) => {
        this.listeners.add(send);
        return () => this.listeners.delete(send);
      },
    };
  }

  private broadcast(): void {
    const message: StreamMessage = { type: 'windows', windows: this.states() };
    for (const l of this.listeners) {
      try {
        l(message);
      } catch {
        // A broken subscriber must never undo or block a committed command.
      }
    }
  }

  // ------------------------------------------------------------ the queue hub's gate

  admit(n: number, cmd: CounterCommand, now: Date, staffId: string | null = null): GatePass | null {
    if (!CALLS.has(cmd.kind)) return null;
    const pause = this.active.get(n);
    if (pause) throw refuse('counter_paused', `window ${n} is paused (${pause.reason}) since ${pause.startedAt}: no ticket is called there until it resumes`);
    if (this.desk(n).open) return null;
    // A teller who calls a customer is at the window: the first call of the day opens it, recorded as such.
    const row: StoredWindow = { counter: n, businessDay: this.dayOf(now), open: true, openedAt: now.toISOString() };
    return {
      write: (tx) => writeDesk(tx, { window: row, records: [this.windowRecord('window.opened', n, now, { implicit: true, staffId })] }, this.device, now),
      committed: () => {
        this.windows.set(n, row);
        this.broadcast();
      },
    };
  }

  reroute(changes: readonly Change[], n: number): Change[] {
    if (this.active.size === 0) return [...changes];
    return rerouteFromPaused(changes, this.hall(this.hub.snapshot()), n);
  }

  describe(n: number, queue: CounterStatus): { status: WindowStatus; redirectTo: number | null } {
    const status = windowStatus(queue, this.desk(n));
    return { status, redirectTo: status === 'paused' || status === 'closed' ? redirectFor(n, this.hall(this.hub.snapshot())) : null };
  }

  // ------------------------------------------------------------ commands

  /**
   * The teller signed in at window n puts up the pause sign; the window's tickets are handed on in
   * the same commit. The last open window of a service stops only with a lead's override.
   */
  pause(n: number, body: PauseBody, who: WindowActor, idempotencyKey?: string): Promise<PauseAnswer> {
    return this.hub.turn(async (turn) => {
      findCounter(this.config, n);
      const scope = `${n}:pause`;
      const prior = await this.prior<PauseAnswer>(idempotencyKey, scope);
      if (prior) return prior;
      const windows = this.hall(turn.snapshot);
      const ask = (overrideBy: string | null) =>
        canPause({
          counter: n,
          reason: body.reason,
          counters: windows,
          policies: this.config.standards.pausePolicies,
          openingHoursOpen: kioskState(this.config.hours, turn.now).open,
          overrideBy,
          openWindows: this.config.standards.openWindows,
        });
      const { check, overrideBy } = this.withOverride(n, who, turn.now, ask);
      // Below a minimum of open windows the sign still goes up, flagged until a lead approves it.
      const pause = newPause({ id: newId(), counter: n, reason: body.reason, now: turn.now, overrideBy, staffId: who.staffId, belowMinimum: check.belowMinimum.length > 0 });
      const after = windows.map((w) => (w.number === n ? { ...w, status: 'paused' as const } : w));
      const backs = handBack(n, turn.snapshot.tickets, after);
      const answer: PauseAnswer = { pause: this.view(pause, turn.now), redirectTo: check.redirectTo, handedBack: backs };
      await this.commit(turn, handBackChanges(backs, turn.snapshot.tickets, n, 'window_paused'), n, {
        pause: { doc: pause, businessDay: this.dayOf(turn.now) },
        records: [this.pauseRecord('pause.started', pause, turn.now, check.redirectTo, backs)],
        ...idem(idempotencyKey, scope, answer),
      });
      if (overrideBy !== null) this.overrides.delete(n);
      this.active.set(n, pause);
      this.broadcast();
      return answer;
    });
  }

  /** The lead lets window n stop although it is the last open one of a service (its next pause or close, within minutes). */
  grantOverride(n: number, by: string): OverrideAnswer {
    findCounter(this.config, n);
    const expiresAt = this.now().getTime() + OVERRIDE_MINUTES * 60_000;
    this.overrides.set(n, { by, expiresAt });
    this.audit('approval', { staffId: by, window: n, detail: `override: window ${n} may stop although the last open window of a service` });
    return { counter: n, by, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The sign comes down; the window takes customers again. */
  resume(n: number, _who: WindowActor, idempotencyKey?: string): Promise<PauseAnswer> {
    return this.hub.turn(async (turn) => {
      findCounter(this.config, n);
      const scope = `${n}:resume`;
      const prior = await this.prior<PauseAnswer>(idempotencyKey, scope);
      if (prior) return prior;
      const pause = this.active.get(n);
      if (!pause) throw refuse('not_paused', `window ${n} is not paused`);
      const ended = endPause(pause, turn.now);
      const answer: PauseAnswer = { pause: this.view(ended, turn.now), redirectTo: null, handedBack: [] };
      await this.commit(turn, [], n, {
        pause: { doc: ended, businessDay: await this.dayOfPause(pause) },
        records: [this.pauseRecord('pause.ended', ended, turn.now, null, [])],
        ...idem(idempotencyKey, scope, answer),
      });
      this.active.delete(n);
      this.broadcast();
      return answer;
    });
  }

  /** The signed-in lead's consent; the first one is kept. Nobody approves their own pause. */
  approve(id: string, by: string, idempotencyKey?: string): Promise<PauseAnswer> {
    return this.hub.turn(async (turn) => {
      const scope = `pause:${id}:approve`;
      const prior = await this.prior<PauseAnswer>(idempotencyKey, scope);
      if (prior) return prior;
      const up = [...this.active.values()].find((p) => p.id === id);
      const stored = up ? { pause: up, businessDay: await this.dayOfPause(up) } : await loadPause(this.db, id);
      if (!stored) throw new QueueError('not_found', `no pause ${id}`);
      const { pause, businessDay } = stored;
      this.notSelf(pause.staffId ?? null, pause.counter, by, 'approval');
      const approved = approvePause(pause, by, turn.now);
      const answer: PauseAnswer = { pause: this.view(approved, turn.now), redirectTo: up ? redirectFor(pause.counter, this.hall(turn.snapshot)) : null, handedBack: [] };
      if (approved === pause) return answer;
      await this.commit(turn, [], pause.counter, {
        pause: { doc: approved, businessDay },
        records: [this.pauseRecord('pause.approved', approved, turn.now, answer.redirectTo, [])],
        ...idem(idempotencyKey, scope, answer),
      });
      if (up) this.active.set(pause.counter, approved);
      this.audit('approval', { staffId: by, window: pause.counter, detail: `approved the ${pause.reason} pause of window ${pause.counter}` });
      this.broadcast();
      return answer;
    });
  }

  /** The teller opens the window for the day (also done by the first call, see admit). */
  openWindow(n: number, who: WindowActor, idempotencyKey?: string): Promise<WindowAnswer> {
    return this.hub.turn(async (turn) => {
      findCounter(this.config, n);
      const scope = `${n}:open`;
      const prior = await this.prior<WindowAnswer>(idempotencyKey, scope);
      if (prior) return prior;
      const d = this.desk(n);
      if (d.open) return { window: this.stateOf(n), handedBack: [] };
      const row: StoredWindow = { counter: n, businessDay: this.dayOf(turn.now), open: true, openedAt: turn.now.toISOString() };
      const answer: WindowAnswer = { window: { number: n, open: true, openedAt: row.openedAt, pause: null, redirectTo: null }, handedBack: [] };
      await this.commit(turn, [], n, { window: row, records: [this.windowRecord('window.opened', n, turn.now, { implicit: false, staffId: who.staffId })], ...idem(idempotencyKey, scope, answer) });
      this.windows.set(n, row);
      this.broadcast();
      return answer;
    });
  }

  /**
   * The teller closes the window. As a pause: the last open window of a service needs the lead's
   * override during opening hours, a customer being served is finished first, and the window's
   * tickets are handed on. A sign still up comes down (its pause ends) with the window.
   */
  closeWindow(n: number, who: WindowActor, idempotencyKey?: string): Promise<WindowAnswer> {
    return this.hub.turn(async (turn) => {
      findCounter(this.config, n);
      const scope = `${n}:close`;
      const prior = await this.prior<WindowAnswer>(idempotencyKey, scope);
      if (prior) return prior;
      const windows = this.hall(turn.snapshot);
      const { overrideBy } = this.withOverride(n, who, turn.now, (o) =>
        canClose({ counter: n, counters: windows, openingHoursOpen: kioskState(this.config.hours, turn.now).open, overrideBy: o, openWindows: this.config.standards.openWindows }),
      );
      const d = this.desk(n);
      const pause = d.pause;
      const after = windows.map((w) => (w.number === n ? { ...w, status: 'closed' as const } : w));
      const backs = handBack(n, turn.snapshot.tickets, after);
      if (!d.open && !pause && backs.length === 0) return { window: this.stateOf(n), handedBack: [] };
      const ended = pause ? endPause(pause, turn.now) : null;
      const row: StoredWindow = { counter: n, businessDay: this.dayOf(turn.now), open: false, openedAt: null };
      const answer: WindowAnswer = { window: { number: n, open: false, openedAt: null, pause: null, redirectTo: redirectFor(n, after) }, handedBack: backs };
      await this.commit(turn, handBackChanges(backs, turn.snapshot.tickets, n, 'window_closed'), n, {
        ...(ended && pause ? { pause: { doc: ended, businessDay: await this.dayOfPause(pause) } } : {}),
        window: row,
        records: [
          ...(ended ? [this.pauseRecord('pause.ended', ended, turn.now, null, [])] : []),
          this.windowRecord('window.closed', n, turn.now, { implicit: false, overrideBy, staffId: who.staffId }),
        ],
        ...idem(idempotencyKey, scope, answer),
      });
      if (overrideBy !== null) this.overrides.delete(n);
      this.windows.set(n, row);
      this.active.delete(n);
      this.broadcast();
      return answer;
    });
  }

  /** Every pause of a business day (default: today), oldest first, judged as of now. */
  async list(day?: string): Promise<PauseList> {
    const now = this.now();
    const d = day ?? this.dayOf(now);
    return { day: d, pauses: (await pausesOfDay(this.db, d)).map((p) => this.view(p, now)) };
  }

  // ------------------------------------------------------------ helpers

  private async commit(turn: HubTurn, changes: Change[], n: number, write: DeskWrite): Promise<void> {
    await turn.commit(changes, n, (tx) => writeDesk(tx, write, this.device, turn.now));
  }

  private async prior<T>(key: string | undefined, scope: string): Promise<T | null> {
    if (key === undefined) return null;
    const stored = await storedAnswer(this.db, key);
    if (!stored) return null;
    if (stored.scope !== scope) throw new QueueError('bad_request', 'this Idempotency-Key was already used for another command');
    return stored.response as T;
  }

  private async dayOfPause(p: Pause): Promise<string> {
    return (await loadPause(this.db, p.id))?.businessDay ?? this.dayOf(new Date(p.startedAt));
  }

  private stateOf(n: number): WindowState {
    return this.states().find((w) => w.number === n)!;
  }

  /** A lead's override or consent is never given to oneself: refused and written to the security audit. */
  private notSelf(teller: string | null, window: number, by: string | null, what: 'override' | 'approval'): void {
    if (by !== null && teller !== null && by === teller) {
      this.audit('self_approval_refused', { staffId: by, window, detail: `${what} of their own pause at window ${window} refused` });
      throw refuse('self_approval', `the ${what} must come from another lead, not from the teller who paused window ${window}`);
    }
  }

  /**
   * Asks the rules without an override first; only when the window is the last open one of a
   * service is the lead's override (given beforehand, not expired, not the teller's own) used.
   */
  private withOverride<C extends PauseCheck | CloseCheck>(n: number, who: WindowActor, now: Date, ask: (overrideBy: string | null) => C): { check: Extract<C, { ok: true }>; overrideBy: string | null } {
    const plain = ask(null);
    if (plain.ok) return { check: plain as Extract<C, { ok: true }>, overrideBy: null };
    const grant = this.overrides.get(n);
    if (!('needsOverride' in plain) || !grant || grant.expiresAt <= now.getTime()) throw this.refusal(n, plain as Exclude<C, { ok: true }>);
    this.notSelf(who.staffId, n, grant.by, 'override');
    const check = ask(grant.by);
    if (!check.ok) throw this.refusal(n, check as Exclude<C, { ok: true }>);
    return { check: check as Extract<C, { ok: true }>, overrideBy: grant.by };
  }

  private refusal(n: number, check: Exclude<PauseCheck | CloseCheck, { ok: true }>): QueueError {
    switch (check.reason) {
      case 'unknown_counter':
        return new QueueError('not_found', `window ${n} does not exist in this branch`);
      case 'already_paused':
        return refuse('already_paused', `window ${n} is already paused`);
      case 'not_open':
        return refuse('not_open', `window ${n} is not open: open it first`);
      case 'customer_at_counter':
        return refuse('customer_at_counter', `a customer is being served at window ${n}: finish or transfer the ticket first`);
      case 'last_open_for_service':
        return refuse(
          'last_open_for_service',
          `window ${n} is the last open window for ${check.services.join(', ')}: during opening hours only the lead's override (POST /api/v1/counters/${n}/override from the lead station) lets it stop`,
        );
      case 'below_min_open': {
        const what = check.services.map((s) => (s === BRANCH_MINIMUM ? 'the branch' : s)).join(', ');
        return refuse(
          'below_min_open',
          `closing window ${n} leaves ${what} below the minimum of open windows: during opening hours only the lead's override (POST /api/v1/counters/${n}/override from the lead station) lets it close`,
        );
      }
      case 'close_needs_approval':
        return refuse(
          'close_needs_approval',
          `windows are not closed at will during opening hours: window ${n} closes with the lead's override (POST /api/v1/counters/${n}/override from the lead station); to step away, pause it`,
        );
    }
  }

  private view(p: Pause, now: Date): PauseView {
    const policy = this.config.standards.pausePolicies[p.reason];
    // The teller who put the sign up, as the session said: never the configuration's default.
    const staffId = p.staffId ?? null;
    return { pause: p, staffId, allowedMinutes: policy.allowedMinutes, needsApproval: pauseNeedsApproval(p, policy), ...pauseState(p, policy, now) };
  }

  private pauseRecord(type: PauseRecordBody['type'], p: Pause, now: Date, redirectTo: number | null, backs: readonly HandBack[]): { kind: string; body: PauseRecordBody } {
    const v = this.view(p, now);
    const ended = p.endedAt !== null;
    return {
      kind: PAUSE_RECORD,
      body: {
        type,
        pause: p,
        staffId: v.staffId,
        allowedMinutes: v.allowedMinutes,
        needsApproval: v.needsApproval,
        lengthSeconds: ended ? v.elapsedSeconds : null,
        overrunSeconds: ended ? v.overrunSeconds : null,
        redirectTo,
        handedBack: backs.map((b) => b.number),
      },
    };
  }

  private windowRecord(type: WindowRecordBody['type'], n: number, at: Date, o: { implicit: boolean; overrideBy?: string | null; staffId: string | null }): { kind: string; body: WindowRecordBody } {
    return {
      kind: WINDOW_RECORD,
      body: {
        type,
        counter: n,
        at: at.toISOString(),
        businessDay: this.dayOf(at),
        staffId: o.staffId,
        implicit: o.implicit,
        overrideBy: o.overrideBy ?? null,
      },
    };
  }
}

function idem(key: string | undefined, scope: string, response: unknown): Pick<DeskWrite, 'idempotency'> {
  return key === undefined ? {} : { idempotency: { key, scope, status: 200, response } };
}
