import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BANK_COMPLAINT_POLICY, closeComplaint, complaintOps, dueReminders, reminderFrom } from '../../shared/complaints/index.js';
import type { Complaint } from '../../shared/complaints/index.js';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { newId } from '../../shared/ids.js';
import { BANK_SCALE } from '../../shared/ratings/scales.js';
import { SYNC_PATHS } from '../../shared/sync/protocol.js';
import type { SyncRecord } from '../../shared/sync/protocol.js';
import { HybridClock } from '../../shared/time/hlc.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import type { RunningHq } from '../../server/hq/hqServer.js';
import { BranchUnderTest, actors } from '../support/branchUnderTest.js';
import { postJson } from '../support/http.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';

/**
 * Issue 13, the complaint log over the hub's LAN API (docs/complaints-api.md): registration at a
 * counter and at the lead station, the workflow's transitions and refusals over HTTP, masking
 * and the audited reveal, reminders and overdue on the hub's injected clock, the merge of a
 * counter's offline ops with a flagged conflict, a dissatisfied rating as an item, and head
 * office's list of every branch's complaints.
 */

const T0 = Date.parse('2025-06-03T02:00:00.000Z'); // Tuesday 10:00 in Shanghai
const PHONE = '13812345678';
const LEAD = actors.lead();
const AUDITOR = actors.auditor;
const C2 = actors.counter(2); // s-1002
const C3 = actors.counter(3); // s-1003

const customer = { name: '王女士', phone: PHONE, realName: true };
const complaintAt = (channel = 'phone') => ({ channel, complainant: customer, category: 'attitude', facts: '柜员办理业务时不耐烦。', request: '要求道歉。' });

class Branch {
  clock = T0;
  b!: BranchUnderTest;

  static async start(upstream?: { url: string; enrolCode: string }): Promise<Branch> {
    const x = new Branch();
    x.b = await BranchUnderTest.start(demoBranch('2000-01-01'), {
      host: { now: () => new Date(x.clock), complaintReminderMs: 0, ...(upstream ? { upstream: { ...upstream, pollMs: 100 } } : {}) },
    });
    return x;
  }

  /** Moves the hub's clock; sessions older than their 12 hours sign in again. */
  advanceTo(ms: number): void {
    this.clock = ms;
    this.b.forgetSessions();
  }

  register(actor = LEAD, body: Record<string, unknown> = complaintAt(), headers: Record<string, string> = {}) {
    return this.b.as(actor).post('/api/v1/complaints', body, headers);
  }

  step(id: string, step: string, body: Record<string, unknown> = {}, actor = LEAD, headers: Record<string, string> = {}) {
    return this.b.as(actor).post(`/api/v1/complaints/${id}/${step}`, body, headers);
  }

  detail(id: string, actor = LEAD) {
    return this.b.as(actor).get(`/api/v1/complaints/${id}`);
  }

  list(query = '', actor = LEAD) {
    return this.b.as(actor).get(`/api/v1/complaints${query}`);
  }

  /** A ticket served and finished at window n: the service a complaint or a rating is about. */
  async serve(n: number): Promise<{ id: string; number: string }> {
    expect((await this.b.post('/api/v1/tickets', { service: 'A' })).status).toBe(201);
    const called = await this.b.post(`/api/v1/counters/${n}/call-next`);
    expect(called.status).toBe(200);
    this.clock += 60_000;
    expect((await this.b.post(`/api/v1/counters/${n}/finish`, { outcome: 'completed' })).status).toBe(200);
    return { id: called.json.ticket.id, number: called.json.ticket.number };
  }

  /** Takes a complaint owned by `actor` from registered to called back. */
  async handleToCallback(id: string, actor = LEAD): Promise<void> {
    for (const [step, body] of [
      ['accept', { acknowledgedHow: 'phone' }],
      ['investigate', {}],
      ['finding', { finding: 'partly', rootCause: '高峰期人手不足', rectification: '增开窗口，服务用语培训' }],
      ['answer', { text: '经核实部分属实，已致歉并整改。', how: 'phone', recourse: '如不满意可向上级机构申请核查，或申请调解、仲裁、诉讼。' }],
      ['callback', { view: 'satisfied' }],
    ] as const) {
      const res = await this.step(id, step, body, actor);
      expect(res.status, `${step}: ${JSON.stringify(res.json)}`).toBe(200);
    }
  }
}

describe('the complaint log over the LAN API', () => {
  let x: Branch;
  beforeAll(async () => {
    x = await Branch.start();
  }, 60_000);
  afterAll(async () => x?.b.stop());

  it('registers at the lead station: 201 with the number whole for the registrar, masked afterwards; reveal is audited, an auditor may not', async () => {
    const res = await x.register(LEAD, complaintAt('letter'));
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const c = res.json.complaint;
    expect(c).toMatchObject({ kind: 'complaint', channel: 'letter', status: 'registered', ownerId: 's-9001', level: 'duty_lead', firstResponderId: 's-9001', branchId: 'demo-001' });
    expect(c.complainant.phone).toBe(PHONE);
    expect(res.json.history.map((s: any) => s.action)).toEqual(['register']);
    expect(res.json.mayRevealPhone).toBe(true);

    const got = await x.detail(c.id);
    expect(got.status).toBe(200);
    expect(got.json.complaint.complainant.phone).toBe('138****5678');
    const audited = await x.detail(c.id, AUDITOR);
    expect(audited.json.complaint.complainant.phone).toBe('138****5678');
    expect(audited.json.mayRevealPhone).toBe(false);
    const listed = (await x.list('', AUDITOR)).json.complaints.find((i: any) => i.id === c.id);
    expect(listed.complainant.phone).toBe('138****5678');

    const refused = await x.b.as(AUDITOR).post(`/api/v1/complaints/${c.id}/reveal-phone`, {});
    expect(refused.status).toBe(403);
    expect(refused.json.error.reason).toBe('reveal_not_allowed');
    const revealed = await x.b.as(LEAD).post(`/api/v1/complaints/${c.id}/reveal-phone`, {});
    expect(revealed.status).toBe(200);
    expect(revealed.json).toEqual({ id: c.id, phone: PHONE });
    const audit = (await x.b.get('/api/v1/audit')).json.entries.filter((e: any) => e.kind === 'phone_revealed');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staffId: 's-9001', detail: expect.stringContaining(c.id) });
    expect(JSON.stringify(audit)).not.toContain('5678');
  });

  it('refuses bad transitions with 409 and the domain reason; closing needs what the rules say', async () => {
    const { id } = (await x.register()).json.complaint;
    const close = await x.step(id, 'close');
    expect(close.status).toBe(409);
    expect(close.json.error).toMatchObject({ code: 'conflict', reason: 'bad_transition' });
    expect((await x.step(id, 'accept', { acknowledgedHow: 'phone' })).status).toBe(200);
    expect((await x.step(id, 'accept', { acknowledgedHow: 'phone' })).json.error.reason).toBe('bad_transition');
    expect((await x.step(id, 'investigate')).status).toBe(200);
    expect((await x.step(id, 'close')).json.error.reason).toBe('close_requires_finding');
    expect((await x.step(id, 'answer', { text: '已答复', how: 'phone', recourse: '可申请调解' })).json.error.reason).toBe('answer_requires_finding');
    expect((await x.step(id, 'finding', { finding: 'upheld' })).status).toBe(200);
    const noRecourse = await x.step(id, 'answer', { text: '已答复', how: 'phone' });
    expect(noRecourse.json.error.reason).toBe('answer_requires_recourse');
    expect((await x.step(id, 'answer', { text: '已答复', how: 'phone', recourse: '可申请调解' })).status).toBe(200);
    const blocked = await x.step(id, 'close');
    expect(blocked.status).toBe(409);
    // The number is on file (a call-back is due) and an upheld finding needs root cause and rectification.
    expect(blocked.json.error.reason).toBe('close_requires_callback');
    expect((await x.detail(id)).json.closeBlockers).toEqual(['close_requires_callback', 'upheld_requires_root_cause_and_rectification']);
    expect((await x.step(id, 'callback', { view: 'acceptable' })).status).toBe(200);
    expect((await x.step(id, 'close')).json.error.reason).toBe('upheld_requires_root_cause_and_rectification');
    expect((await x.step(id, 'finding', { finding: 'upheld', rootCause: '流程不清', rectification: '更新告示' })).status).toBe(200);
    const closed = await x.step(id, 'close', { note: '办结' });
    expect(closed.status).toBe(200);
    expect(closed.json.complaint.status).toBe('closed');
    expect(closed.json.history.map((s: any) => s.action)).toEqual(['register', 'accept', 'start_investigation', 'record_finding', 'answer', 'record_callback', 'record_finding', 'close']);
    // Reopening is a lead's, at the lead station; a new round.
    expect((await x.step(id, 'reopen', { reason: '客户再次来电' }, C2)).status).toBe(403);
    const reopened = await x.step(id, 'reopen', { reason: '客户再次来电' });
    expect(reopened.json.complaint).toMatchObject({ status: 'reopened', round: 1, answer: null, callback: null });
    // Bad bodies are 400 before anything is looked up; an unknown complaint is 404.
    expect((await x.step(id, 'accept', { acknowledgedHow: 'telepathy' })).status).toBe(400);
    expect((await x.step(id, 'close', { by: 's-1001' })).status).toBe(400);
    expect((await x.step(newId(), 'close')).status).toBe(404);
  });

  it('the teller complained about registers it at their counter, but the duty lead owns it (回避): 403 recusal for their steps', async () => {
    const t = await x.serve(2);
    const res = await x.register(C2, { ...complaintAt('counter'), ticketId: t.id });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const c = res.json.complaint;
    expect(c).toMatchObject({ channel: 'counter', subjectTellerId: 's-1002', firstResponderId: 's-1002', ownerId: 's-9001', level: 'duty_lead' });
    expect(c.service).toMatchObject({ ticketId: t.id, ticketNumber: t.number, window: 2, tellerId: 's-1002', ratingId: null });
    expect(c.handOvers).toEqual([expect.objectContaining({ from: 's-1002', to: 's-9001', reason: 'recusal' })]);
    // The subject sees no number, not even right after registering it.
    expect(c.complainant.phone).toBeNull();
    const accept = await x.step(c.id, 'accept', { acknowledgedHow: 'in_person' }, C2);
    expect(accept.status).toBe(403);
    expect(accept.json.error).toMatchObject({ code: 'forbidden', reason: 'recusal' });
    expect((await x.detail(c.id, C2)).json.error.reason).toBe('recusal');
    expect((await x.b.as(C2).post(`/api/v1/complaints/${c.id}/reveal-phone`, {})).status).toBe(403);
    expect((await x.list('', C2)).json.complaints.map((i: any) => i.id)).not.toContain(c.id);
    // Naming the teller as the new owner is recusal too.
    const toSubject = await x.step(c.id, 'hand-over', { to: { staffId: 's-1002', role: 'teller' } });
    expect(toSubject.status).toBe(403);
    expect(toSubject.json.error.reason).toBe('recusal');
    // At the duty lead's level, a teller may not own it.
    expect((await x.step(c.id, 'hand-over', { to: { staffId: 's-1003', role: 'teller' } })).json.error.reason).toBe('not_eligible_for_level');
    // A role claimed in the body that the configuration does not give is 400.
    expect((await x.step(c.id, 'hand-over', { to: { staffId: 's-1003', role: 'lead' } })).status).toBe(400);
    // From a counter only the service of that window links; the lead station may link any.
    expect((await x.register(C3, { ...complaintAt('counter'), ticketId: t.id })).json.error.reason).toBe('no_finished_service');
    expect((await x.register(LEAD, { ...complaintAt('lobby'), ticketId: t.id })).status).toBe(201);
    // Channels: a counter registers what is said at its window; a lead station names how it came.
    expect((await x.register(C3, complaintAt('phone'))).status).toBe(400);
    expect((await x.register(LEAD, complaintAt('counter'))).status).toBe(400);
  });

  it('a teller owns what they register about someone else, works it at their counter and lists only their own', async () => {
    const res = await x.register(C3, { ...complaintAt('counter'), subjectTellerId: null });
    expect(res.status).toBe(201);
    const c = res.json.complaint;
    expect(c).toMatchObject({ ownerId: 's-1003', level: 'teller' });
    // The owner may call back: the number is whole in the registration's answer.
    expect(c.complainant.phone).toBe(PHONE);
    expect((await x.step(c.id, 'accept', { acknowledgedHow: 'in_person' }, C3)).status).toBe(200);
    // Another teller may not act on it, nor read it.
    expect((await x.step(c.id, 'investigate', {}, C2)).json.error).toMatchObject({ code: 'forbidden', reason: 'not_owner' });
    expect((await x.detail(c.id, C2)).status).toBe(403);
    const mine = (await x.list('', C3)).json.complaints;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i: any) => i.ownerId === 's-1003')).toBe(true);
    // Even asking for someone else's: a counter's list is its teller's.
    expect((await x.list('?owner=s-9001', C3)).json.complaints.every((i: any) => i.ownerId === 's-1003')).toBe(true);
    // An auditor reads, never acts; a teller at a lead station is refused.
    expect((await x.step(c.id, 'investigate', {}, AUDITOR)).json.error.reason).toBe('role_not_allowed');
    expect((await x.register(AUDITOR)).json.error.reason).toBe('role_not_allowed');
    const tellerAtLead = await x.list('', actors.lead('s-1004'));
    expect(tellerAtLead.status).toBe(403);
    expect(tellerAtLead.json.error.reason).toBe('capability_missing');
  });

  it('filters and pages the log by keyset; the same Idempotency-Key answers once', async () => {
    const key = `register-${newId()}`;
    const first = await x.register(LEAD, complaintAt('media'), { 'idempotency-key': key });
    const again = await x.register(LEAD, complaintAt('media'), { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    const stepKey = `step-${newId()}`;
    const a1 = await x.step(first.json.complaint.id, 'accept', { acknowledgedHow: 'letter' }, LEAD, { 'idempotency-key': stepKey });
    const a2 = await x.step(first.json.complaint.id, 'accept', { acknowledgedHow: 'letter' }, LEAD, { 'idempotency-key': stepKey });
    expect(a2.json).toEqual(a1.json);
    expect(a2.json.history.filter((s: any) => s.action === 'accept')).toHaveLength(1);
    expect((await x.step(first.json.complaint.id, 'investigate', {}, LEAD, { 'idempotency-key': stepKey })).status).toBe(400);

    // A device may make the id (a ULID): registered once; the branch and time zone are the hub's.
    const own = newId();
    expect((await x.register(LEAD, { ...complaintAt('referred'), id: own, branchId: 'demo-001', timezone: 'Asia/Shanghai' })).json.complaint?.id).toBe(own);
    expect((await x.register(LEAD, { ...complaintAt('referred'), id: own })).json.error).toMatchObject({ code: 'conflict', reason: 'exists' });
    expect((await x.register(LEAD, { ...complaintAt('referred'), branchId: 'other-001' })).status).toBe(400);

    const media = (await x.list('?channel=media')).json.complaints;
    expect(media.map((i: any) => i.id)).toEqual([first.json.complaint.id]);
    expect((await x.list('?status=accepted&channel=media')).json.complaints).toHaveLength(1);
    expect((await x.list('?status=registered,closed&channel=media')).json.complaints).toHaveLength(0);
    const all = (await x.list('?limit=200')).json.complaints.map((i: any) => i.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = (await x.list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json;
      paged.push(...page.complaints.map((i: any) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect(new Set(paged).size).toBe(paged.length);
    expect((await x.list('?cursor=nonsense')).status).toBe(400);
    expect((await x.list('?status=lost')).status).toBe(400);
    expect((await x.list('?zzz=1')).status).toBe(400);
  });

  it('a dissatisfied rating becomes an item; the rated teller appeals, the lead reviews, and it closes with its call-back', async () => {
    const t = await x.serve(1);
    const rated = await x.b.post('/api/v1/counters/1/rating', { ticketId: t.id, value: 1, source: 'customer_display' });
    expect(rated.status).toBe(201);
    const id = rated.json.followUpId;
    const item = (await x.detail(id)).json;
    expect(item.complaint).toMatchObject({
      id,
      kind: 'dissatisfied_rating',
      channel: 'counter',
      status: 'registered',
      ownerId: 's-9001',
      level: 'duty_lead',
      subjectTellerId: 's-1001',
      callbackRequired: false,
      service: { ticketId: t.id, ticketNumber: t.number, window: 1, tellerId: 's-1001', ratingId: rated.json.rating.serviceId },
      rating: { value: 1, scaleId: BANK_SCALE.id },
    });
    // The follow-up list keeps working.
    expect((await x.b.get('/api/v1/follow-ups')).json.followUps.map((f: any) => f.id)).toContain(id);

    // The rated teller sees it at their counter (anonymous), appeals; a lead reviews (申诉复核).
    const C1 = actors.counter(1);
    const seen = await x.detail(id, C1);
    expect(seen.status).toBe(200);
    expect(seen.json.complaint.complainant).toEqual({ name: null, phone: null, realName: false });
    expect((await x.step(id, 'accept', { acknowledgedHow: 'in_person' }, C1)).json.error.reason).toBe('recusal');
    expect((await x.step(id, 'appeal', { reason: '客户误按了不满意' }, C1)).status).toBe(200);
    expect((await x.step(id, 'review-appeal', { outcome: 'upheld', note: '录音证实为误评' }, C1)).status).toBe(403);
    const reviewed = await x.step(id, 'review-appeal', { outcome: 'upheld', note: '录音证实为误评' });
    expect(reviewed.json.complaint.appeal).toMatchObject({ requestedBy: 's-1001', review: { by: 's-9001', outcome: 'upheld' } });
    // Never deleted: a rating cannot be withdrawn.
    expect((await x.step(id, 'withdraw', { reason: '误评' })).json.error.reason).toBe('rating_cannot_be_withdrawn');

    await x.handleToCallback(id);
    const closed = await x.step(id, 'close');
    expect(closed.status).toBe(200);
    expect(closed.json.complaint).toMatchObject({ status: 'closed', callback: { view: 'satisfied', by: 's-9001' } });
    // The follow-up follows the item's status.
    expect((await x.b.get('/api/v1/follow-ups')).json.followUps.find((f: any) => f.id === id).status).toBe('closed');
    // The recording of the rated service is held for the dispute (by ticket and window, whenever it arrives).
    const { rows } = await x.b.host.db.query<{ ticket_id: string; counter: number }>('select ticket_id, counter from recording_dispute_holds where complaint_id = $1', [id]);
    expect(rows).toEqual([{ ticket_id: t.id, counter: 1 }]);
  });

  it('counts the call-back rate of real-name dissatisfied ratings and the log in its figures', async () => {
    const t = await x.serve(4);
    // A real-name rating: the customer leaves name and number with the answer at the display.
    const contact = { name: '李先生', phone: '13900001111' };
    const rated = await x.b.post('/api/v1/counters/4/rating', { ticketId: t.id, value: 1, source: 'customer_display', contact });
    expect(rated.status, JSON.stringify(rated.json)).toBe(201);
    // The rating itself keeps no personal data; the item carries it, masked, and must be called back.
    expect(JSON.stringify(rated.json)).not.toContain(contact.phone);
    const id = rated.json.followUpId as string;
    const item = (await x.detail(id)).json;
    expect(item.complaint).toMatchObject({ kind: 'dissatisfied_rating', callbackRequired: true, complainant: { name: '李先生', phone: '139****1111', realName: true } });
    expect(item.closeBlockers).toContain('close_requires_callback');
    expect((await x.list('?kind=dissatisfied_rating')).json.complaints.find((c: any) => c.id === id).complainant.phone).toBe('139****1111');
    // The rated teller sees neither the name nor the number.
    expect((await x.detail(id, actors.counter(4))).json.complaint.complainant).toEqual({ name: null, phone: null, realName: true });
    // The lead may reveal the number to call back (audited).
    expect((await x.step(id, 'reveal-phone', {})).json.phone).toBe(contact.phone);
    // A contact is taken only as the customer gives it: a bad number is refused, nothing stored.
    const t2 = await x.serve(4);
    expect((await x.b.post('/api/v1/counters/4/rating', { ticketId: t2.id, value: 1, source: 'customer_display', contact: { name: '李先生', phone: 'call me' } })).status).toBe(400);
    expect(id).toEqual(expect.any(String));
    const month = new Date(x.clock + 8 * 3_600_000).toISOString().slice(0, 7);
    const before = (await x.b.get(`/api/v1/complaints/stats?month=${month}`)).json;
    expect(before.callbackRate).toEqual({ due: 1, done: 0, percent: 0, targetPercent: 100 });
    expect(before.received.dissatisfiedRatings).toBe(2);
    expect(before.countsAgainstTellers).toBe(1); // the other one's appeal was upheld
    await x.handleToCallback(id!);
    const after = (await x.b.get(`/api/v1/complaints/stats?month=${month}`)).json;
    expect(after.callbackRate).toEqual({ due: 1, done: 1, percent: 100, targetPercent: 100 });
    expect(after.received.complaints).toBeGreaterThan(3);
    expect((await x.b.get('/api/v1/complaints/stats?day=2025-06-03&month=2025-06')).status).toBe(400);
    expect((await x.b.as(C2).get('/api/v1/complaints/stats')).status).toBe(403);
  });
});

describe('reminders (督办) and overdue on the hub clock', () => {
  let x: Branch;
  let sockets: WebSocket[] = [];
  beforeAll(async () => {
    x = await Branch.start();
  }, 60_000);
  afterEach(() => {
    for (const s of sockets) s.close();
    sockets = [];
  });
  afterAll(async () => x?.b.stop());

  async function listen(actor: Parameters<BranchUnderTest['as']>[0]): Promise<any[]> {
    const got: any[] = [];
    const ws = new WebSocket(await x.b.as(actor).wsUrl('/api/v1/stream'));
    sockets.push(ws);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type === 'complaint.reminder') got.push(m);
    });
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    return got;
  }

  it('raises the reminder before the deadline once, pushes it to the lead and the owner only, then overdue', async () => {
    const res = await x.register(C3, { ...complaintAt('counter'), subjectTellerId: null });
    expect(res.status).toBe(201);
    const c = res.json.complaint as Complaint;
    expect(await x.b.host.complaints.remindNow()).toEqual([]);

    // Accept, so the acknowledgement deadline is met; then the clock runs to the reminder window.
    expect((await x.step(c.id, 'accept', { acknowledgedHow: 'phone' }, C3)).status).toBe(200);
    const from = reminderFrom(c, BANK_COMPLAINT_POLICY)!.getTime();
    x.advanceTo(from + 3_600_000);
    const lead = await listen(LEAD);
    const owner = await listen(C3);
    const other = await listen(C2);
    const hall = await listen(actors.hall);
    const raised = await x.b.host.complaints.remindNow();
    expect(raised.map((r) => r.kind)).toEqual(['before_deadline']);
    expect(raised[0]).toMatchObject({ complaintId: c.id, ownerId: 's-1003', deadline: c.deadlines.answerBy });
    expect(await x.b.host.complaints.remindNow()).toEqual([]);
    await expect.poll(() => lead.length).toBe(1);
    await expect.poll(() => owner.length).toBe(1);
    expect(lead[0]).toEqual({ type: 'complaint.reminder', key: raised[0]!.key, complaintId: c.id, kind: 'before_deadline', deadline: c.deadlines.answerBy, dueSince: raised[0]!.dueSince, ownerId: 's-1003', level: 'teller' });
    expect(other).toEqual([]);
    expect(hall).toEqual([]);
    // A screen that connects afterwards (the lead station opened later, the owner's counter
    // back on the stream) is sent the standing reminder at once; other counters still nothing.
    const laterLead = await listen(LEAD);
    const laterOwner = await listen(C3);
    const laterOther = await listen(C2);
    await expect.poll(() => laterLead.map((m) => m.key)).toEqual([raised[0]!.key]);
    await expect.poll(() => laterOwner.map((m) => m.key)).toEqual([raised[0]!.key]);
    expect(laterOther).toEqual([]);
    // Raised means recorded for head office: one 'complaint.reminder' record of the hub's complaint device.
    const records = await x.b.host.db.query<{ body: any }>("select body from sync_records where kind = 'complaint.reminder'");
    expect(records.rows.map((r) => r.body)).toEqual([raised[0]]);
    const d = (await x.detail(c.id)).json;
    expect(d.reminders.map((r: any) => r.kind)).toEqual(['before_deadline']);
    expect(d.overdue).toBe(false);
    expect(d.remainingDays).toBeGreaterThan(0);
    expect((await x.list('?overdue=true')).json.complaints).toEqual([]);

    // Past the deadline: overdue, raised once, listed overdue.
    x.advanceTo(Date.parse(c.deadlines.answerBy) + 60_000);
    const overdue = await x.b.host.complaints.remindNow();
    expect(overdue.map((r) => r.kind)).toEqual(['overdue']);
    expect(dueReminders({ ...c, status: 'accepted' }, new Date(x.clock), BANK_COMPLAINT_POLICY).map((r) => r.key)).toEqual([overdue[0]!.key]);
    await expect.poll(() => lead.map((m) => m.kind)).toEqual(['before_deadline', 'overdue']);
    const late = (await x.list('?overdue=true')).json.complaints;
    expect(late.map((i: any) => i.id)).toEqual([c.id]);
    expect(late[0]).toMatchObject({ overdue: true, remainingDays: expect.any(Number) });
    expect(late[0].remainingDays).toBeLessThan(0);
    expect((await x.b.get('/api/v1/complaints/stats')).json.overdue).toBe(1);
    expect((await x.detail(c.id)).json.reminders.map((r: any) => r.kind)).toEqual(['before_deadline', 'overdue']);
    // Answered: no longer owed, no longer overdue, and no reminder stands for a new screen.
    await x.step(c.id, 'investigate', {}, C3);
    await x.step(c.id, 'answer', { text: '已答复', how: 'phone', recourse: '可申请调解', finding: 'not_upheld' }, C3);
    expect((await x.list('?overdue=true')).json.complaints).toEqual([]);
    expect(await x.b.host.complaints.standing()).toEqual([]);
  }, 60_000);
});

describe('offline edits merged from a counter', () => {
  let x: Branch;
  beforeAll(async () => {
    x = await Branch.start();
  }, 60_000);
  afterAll(async () => x?.b.stop());

  it('closed at the counter while the lead escalated at the hub: merged, flagged for the lead, nothing lost', async () => {
    const res = await x.register(C2, { ...complaintAt('counter'), subjectTellerId: null });
    const id = res.json.complaint.id as string;
    await x.handleToCallback(id, C2);
    // The counter has the complaint as it was after the call-back, and closes it while the hub is out of reach.
    const seen = (await x.detail(id, C2)).json.complaint as Complaint;
    const closed = closeComplaint(seen, { type: 'close' }, { staffId: 's-1002', role: 'teller' }, new Date(x.clock), BANK_COMPLAINT_POLICY);
    if (!closed.ok) throw new Error(closed.reason);
    const device = (await x.b.tokens(C2)).device!;
    const deviceId = 'test-counter-2';
    // Its clock has seen every op it pulled of the complaint (the hub's, up to the call-back).
    const clock = new HybridClock(deviceId, () => x.clock);
    const seenOps = await x.b.host.db.query<{ hlc: string }>("select body->>'hlc' as hlc from sync_records where kind = 'doc.op' and body->>'docId' = $1", [id]);
    for (const r of seenOps.rows) clock.receive(r.hlc);
    const ops = complaintOps(seen, closed.complaint, () => clock.tick(), deviceId);
    expect(ops.map((o) => o.field).sort()).toEqual(['closedAt', 'lastStep', 'status']);

    // Meanwhile the lead escalates at the hub.
    x.clock += 60_000;
    const escalated = await x.step(id, 'escalate', { to: 'duty_lead', newOwner: { staffId: 's-9001', role: 'lead' }, reason: '客户要求负责人处理' });
    expect(escalated.status, JSON.stringify(escalated.json)).toBe(200);
    expect(escalated.json.flags).toEqual([]);

    // The counter comes back and pushes its ops through the sync API.
    const records: SyncRecord[] = ops.map((op, i) => ({
      id: newId(),
      kind: 'doc.op',
      branchId: 'demo-001',
      deviceId,
      deviceSeq: i + 1,
      hlc: op.hlc,
      wallAt: new Date(x.clock).toISOString(),
      body: op as unknown as Record<string, unknown>,
    }));
    const pushed = await postJson(x.b.url + SYNC_PATHS.push, { deviceId, sentAt: new Date(x.clock).toISOString(), records }, { authorization: `Bearer ${device}` });
    expect(pushed.status, JSON.stringify(pushed.json)).toBe(200);
    expect(pushed.json.acked).toHaveLength(3);

    await expect.poll(async () => (await x.detail(id)).json.flags.map((f: string) => f.split(':')[0]), { timeout: 10_000 }).toContain('closed_while_escalated');
    const merged = (await x.detail(id)).json;
    // Both steps are kept: the close from the counter and the escalation at the hub.
    expect(merged.history.map((s: any) => s.action).slice(-3)).toEqual(['record_callback', 'close', 'escalate']);
    expect(merged.history.at(-1).parent).toBe(merged.history.at(-2).parent);
    expect(merged.complaint).toMatchObject({ status: 'closed', ownerId: 's-9001', level: 'duty_lead' });
    const flagged = (await x.list('?flagged=true')).json.complaints;
    expect(flagged.map((i: any) => i.id)).toEqual([id]);
    expect(flagged[0].flags.join(' ')).toContain('closed_while_escalated');
    expect((await x.b.get('/api/v1/complaints/stats')).json.flagged).toBe(1);
    // A restart rebuilds nothing wrong: the row is the merge of the stored ops.
    await x.b.restart();
    x.b.forgetSessions();
    expect((await x.detail(id)).json.flags.join(' ')).toContain('closed_while_escalated');
  }, 60_000);
});

describe('head office', () => {
  let hq: RunningHq;
  let x: Branch;
  beforeAll(async () => {
    // Head office's clock is the branch's: overdue is asked of it at read time.
    hq = await startHqServer({ port: 0, host: '127.0.0.1', dataDir: await freshPgliteDir(), logLevel: 'silent', now: () => new Date(x?.clock ?? T0) });
    const code = await hq.createEnrolCode({ branchId: 'demo-001' });
    x = await Branch.start({ url: hq.url, enrolCode: code.code });
  }, 60_000);
  afterAll(async () => {
    await x?.b.stop();
    await hq?.close();
  });

  const hqList = async (query = '') => {
    const res = await fetch(`${hq.url}/api/v1/hq/complaints${query}`, { headers: { authorization: `Bearer ${hq.adminToken}` } });
    return { status: res.status, json: (await res.json()) as any };
  };

  it("lists every branch's complaints merged from the records it received, overdue ones as such", async () => {
    const complaint = (await x.register(LEAD, complaintAt('phone'))).json.complaint;
    const t = await x.serve(2);
    const rated = await x.b.post('/api/v1/counters/2/rating', { ticketId: t.id, value: 1, source: 'customer_display' });
    expect(rated.status).toBe(201);
    await x.step(complaint.id, 'accept', { acknowledgedHow: 'phone' });

    await expect
      .poll(async () => (await hqList()).json.complaints?.map((c: any) => [c.id, c.status]).sort(), { timeout: 20_000 })
      .toEqual([
        [complaint.id, 'accepted'],
        [rated.json.followUpId, 'registered'],
      ].sort());
    const listed = (await hqList()).json.complaints;
    expect(listed.every((c: any) => c.branchId === 'demo-001' && c.overdue === false && Array.isArray(c.flags))).toBe(true);
    expect(listed.find((c: any) => c.id === complaint.id).complainant.phone).toBe('138****5678');
    expect((await hqList('?kind=dissatisfied_rating')).json.complaints.map((c: any) => c.id)).toEqual([rated.json.followUpId]);
    expect((await hqList('?branch=other-branch')).json.complaints).toEqual([]);
    expect((await hqList('?overdue=true')).json.complaints).toEqual([]);
    expect((await hqList('?limit=1')).json.nextCursor).toEqual(expect.any(String));
    expect((await hqList('?zzz=1')).status).toBe(400);
    expect((await fetch(`${hq.url}/api/v1/hq/complaints`)).status).toBe(401);
    // Past both deadlines on head office's clock: both overdue (asked at read time, never stale).
    x.clock = Date.parse(complaint.deadlines.answerBy) + 1000;
    const late = (await hqList('?overdue=true')).json.complaints;
    expect(late.map((c: any) => c.id).sort()).toEqual([complaint.id, rated.json.followUpId].sort());
    expect(late.every((c: any) => c.overdue === true)).toBe(true);
    // The hub raises its reminders (督办): head office receives each as a record of the branch.
    const raised = await x.b.host.complaints.remindNow();
    expect([...new Set(raised.map((r) => r.complaintId))].sort()).toEqual([complaint.id, rated.json.followUpId].sort());
    await expect
      .poll(async () => {
        const res = await fetch(`${hq.url}/api/v1/hq/events?kind=complaint.reminder&branch=demo-001`, { headers: { authorization: `Bearer ${hq.adminToken}` } });
        return ((await res.json()) as any).events.map((e: any) => e.body.key).sort();
      }, { timeout: 20_000 })
      .toEqual(raised.map((r) => r.key).sort());
  }, 60_000);
});
