import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { BranchConfig } from '../../shared/config/schema.js';
import { startHqServer } from '../../server/hq/hqServer.js';
import { BranchUnderTest, actors } from '../support/branchUnderTest.js';
import { freshPgliteDir } from '../support/pgliteDataDir.js';

// The demo branch: windows 1 (A), 2 (A, B), 3 (B, A), 4 (V, A); open round the clock, so every
// check that depends on opening hours is the opening-hours one.
let branch: BranchUnderTest;
beforeAll(async () => {
  branch = await BranchUnderTest.start();
});
afterAll(async () => branch.stop());

const windowOf = async (n: number) => (await branch.get('/api/v1/queue')).json.counters.find((c: { number: number }) => c.number === n);
const ticketOf = async (id: string) => (await branch.get(`/api/v1/tickets/${id}`)).json.ticket;
const issue = async (service: string) => (await branch.post('/api/v1/tickets', { service })).json;

describe('window open and closed', () => {
  it('starts every window closed, and opens one with the Open command (idempotently)', async () => {
    const q = (await branch.get('/api/v1/queue')).json;
    expect(q.counters.map((c: any) => [c.number, c.status, c.redirectTo])).toEqual([
      [1, 'closed', null],
      [2, 'closed', null],
      [3, 'closed', null],
      [4, 'closed', null],
    ]);
    const opened = await branch.post('/api/v1/counters/2/open', undefined, { 'Idempotency-Key': 'open-2-first' });
    expect(opened.status).toBe(200);
    expect(opened.json.window).toMatchObject({ number: 2, open: true, pause: null, redirectTo: null });
    expect(await windowOf(2)).toEqual({ number: 2, status: 'idle', serving: null, redirectTo: null });
    // A closed window's sign sends customers to the nearest open one serving all its services.
    expect(await windowOf(1)).toMatchObject({ status: 'closed', redirectTo: 2 });
    expect((await branch.post('/api/v1/counters/2/open', {})).json.window.openedAt).toBe(opened.json.window.openedAt);
  });

  it('opens a closed window at its first call, so a teller who just calls next is never refused', async () => {
    const t = await issue('A');
    const call = await branch.post('/api/v1/counters/1/call-next', undefined, { 'Idempotency-Key': 'open-by-call-1' });
    expect(call.status).toBe(200);
    expect(call.json.ticket.id).toBe(t.id);
    expect(await windowOf(1)).toMatchObject({ status: 'calling', serving: t.number });
    const windows = (await branch.get('/api/v1/windows')).json.windows;
    expect(windows.find((w: any) => w.number === 1)).toMatchObject({ open: true, pause: null });
  });

  it('refuses to pause a window nobody opened, and bad input, with typed errors', async () => {
    const closed = await branch.post('/api/v1/counters/4/pause', { reason: 'break' });
    expect(closed.status).toBe(409);
    expect(closed.json.error).toMatchObject({ code: 'conflict', reason: 'not_open' });
    expect((await branch.post('/api/v1/counters/2/pause', { reason: 'nap' })).json.error.code).toBe('bad_request');
    expect((await branch.post('/api/v1/counters/2/pause', {})).json.error.code).toBe('bad_request');
    expect((await branch.post('/api/v1/counters/2/pause', { reason: 'break', extra: 1 })).json.error.code).toBe('bad_request');
    expect((await branch.post('/api/v1/counters/12/pause', { reason: 'break' })).json.error.code).toBe('not_found');
    expect((await branch.post('/api/v1/counters/2/resume')).json.error).toMatchObject({ code: 'conflict', reason: 'not_paused' });
    expect((await branch.post('/api/v1/pauses/nope/approve', {})).json.error.code).toBe('not_found');
    expect((await branch.get('/api/v1/pauses?day=yesterday')).json.error.code).toBe('bad_request');
    expect(await windowOf(2)).toMatchObject({ status: 'idle' });
  });
});

describe('pausing a window (暂停服务)', () => {
  let pauseId = '';
  let called: { id: string; number: string };

  it('puts up the sign, hands the called ticket back to its queue and names the window to go to', async () => {
    called = (await branch.get('/api/v1/snapshot')).json.tickets.find((t: any) => t.counter === 1 && t.status === 'called');
    expect(called).toMatchObject({ status: 'called', counter: 1 });
    const res = await branch.post('/api/v1/counters/1/pause', { reason: 'break' }, { 'Idempotency-Key': 'pause-1-break' });
    expect(res.status).toBe(200);
    pauseId = res.json.pause.pause.id;
    expect(res.json).toMatchObject({
      pause: { pause: { counter: 1, reason: 'break', endedAt: null, approvedBy: null }, needsApproval: true, unapproved: true, allowedMinutes: 15, staffId: 's-1001' },
      redirectTo: 2,
      handedBack: [{ ticketId: called.id, number: called.number, from: 'called', action: 'requeue', toCounter: null }],
    });
    // Never lost: back to waiting, with its place (issue time) kept.
    const back = await ticketOf(called.id);
    expect(back).toMatchObject({ status: 'waiting', counter: null, targetCounter: null, issuedAt: (called as any).issuedAt });
    expect(await windowOf(1)).toEqual({ number: 1, status: 'paused', serving: null, redirectTo: 2 });
    // The same key answers the same pause again.
    const again = await branch.post('/api/v1/counters/1/pause', { reason: 'break' }, { 'Idempotency-Key': 'pause-1-break' });
    expect(again.json.pause.pause.id).toBe(pauseId);
    expect((await branch.post('/api/v1/counters/1/pause', { reason: 'other' })).json.error.reason).toBe('already_paused');
  });

  it('routes no ticket to a paused window: call-next, call and call-held answer 409', async () => {
    for (const [action, body] of [
      ['call-next', undefined],
      ['call', { ticketId: called.id, reason: 'out of order test' }],
      ['call-held', { ticketId: called.id }],
    ] as const) {
      const res = await branch.post(`/api/v1/counters/1/${action}`, body, { 'Idempotency-Key': `paused-${action}` });
      expect(res.status, action).toBe(409);
      expect(res.json.error, action).toMatchObject({ code: 'conflict', reason: 'counter_paused' });
    }
    // The handed-back ticket is called at the window the sign names.
    const at2 = await branch.post('/api/v1/counters/2/call-next', undefined, { 'Idempotency-Key': 'call-2-after-pause' });
    expect(at2.json.ticket).toMatchObject({ id: called.id, counter: 2, status: 'called' });
  });

  it('passes on a ticket transferred to a paused window: to the window on its sign, never back to the sender', async () => {
    // Window 3 transfers to paused window 1: the sign of window 1 names window 2, which serves A.
    const t = await issue('A');
    await branch.post('/api/v1/counters/2/start');
    await branch.post('/api/v1/counters/2/finish');
    const at3 = await branch.post('/api/v1/counters/3/call-next', undefined, { 'Idempotency-Key': 'call-3-for-transfer' });
    expect(at3.json.ticket.id).toBe(t.id);
    const moved = await branch.post('/api/v1/counters/3/transfer', { toCounter: 1 });
    expect(moved.status).toBe(200);
    expect(moved.json.ticket).toMatchObject({ id: t.id, status: 'waiting', targetCounter: 2 });
    // Window 2 transfers to paused window 1: the sign names window 2 itself, so back to the queue.
    const at2 = await branch.post('/api/v1/counters/2/call-next', undefined, { 'Idempotency-Key': 'call-2-for-transfer' });
    expect(at2.json.ticket.id).toBe(t.id);
    const again = await branch.post('/api/v1/counters/2/transfer', { toCounter: 1 });
    expect(again.json.ticket).toMatchObject({ id: t.id, status: 'waiting', targetCounter: null });
    await branch.post('/api/v1/counters/2/call-next', undefined, { 'Idempotency-Key': 'call-2-clear' });
    await branch.post('/api/v1/counters/2/finish');
  });

  it('is approved by the lead signed in at the lead station, never by the window’s own teller, and the first consent is kept', async () => {
    // Issue 12: the approver is the session, never a name in the body.
    const fromCounter = await branch.as(actors.counter(1)).post(`/api/v1/pauses/${pauseId}/approve`, {});
    expect(fromCounter.status).toBe(403);
    const typed = await branch.post(`/api/v1/pauses/${pauseId}/approve`, { by: 'lead-1' });
    expect(typed.status).toBe(400);
    expect(typed.json.error.code).toBe('bad_request');
    const ok = await branch.post(`/api/v1/pauses/${pauseId}/approve`, {}, { 'Idempotency-Key': 'approve-1-lead' });
    expect(ok.status).toBe(200);
    expect(ok.json.pause).toMatchObject({ pause: { id: pauseId, approvedBy: 's-9001' }, unapproved: false });
    const second = await branch.post(`/api/v1/pauses/${pauseId}/approve`);
    expect(second.json.pause.pause.approvedBy).toBe('s-9001');
    const list = (await branch.get('/api/v1/pauses')).json;
    expect(list.pauses.find((p: any) => p.pause.id === pauseId)).toMatchObject({ unapproved: false, overrun: false, pause: { approvedBy: 's-9001', endedAt: null } });
  });

  it('needs the lead’s override to pause the last open window of a service during opening hours', async () => {
    await branch.post('/api/v1/counters/4/open');
    const refused = await branch.post('/api/v1/counters/4/pause', { reason: 'cash_replenishment' });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 'conflict', reason: 'last_open_for_service' });
    expect(refused.json.error.message).toContain('V');
    expect(await windowOf(4)).toMatchObject({ status: 'idle' });
    // Issue 12: a lead's name typed at the counter is refused; the lead gives the override from the lead station.
    const typed = await branch.post('/api/v1/counters/4/pause', { reason: 'cash_replenishment', overrideBy: 's-9001' });
    expect(typed.json.error.code).toBe('bad_request');
    expect((await branch.as(actors.counter(4)).post('/api/v1/counters/4/override')).status).toBe(403);
    const granted = await branch.post('/api/v1/counters/4/override');
    expect(granted.json).toMatchObject({ counter: 4, by: 's-9001' });
    const overridden = await branch.post('/api/v1/counters/4/pause', { reason: 'cash_replenishment' });
    expect(overridden.status).toBe(200);
    // The override is the consent; no window serves V and A, so the sign names none.
    expect(overridden.json).toMatchObject({ pause: { pause: { overrideBy: 's-9001', approvedBy: 's-9001' }, unapproved: false }, redirectTo: null });
    expect(await windowOf(4)).toMatchObject({ status: 'paused', redirectTo: null });
  });

  it('resumes once with the same key, then the window calls again', async () => {
    const first = await branch.post('/api/v1/counters/4/resume', undefined, { 'Idempotency-Key': 'resume-4-once' });
    const again = await branch.post('/api/v1/counters/4/resume', undefined, { 'Idempotency-Key': 'resume-4-once' });
    expect(first.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(first.json.pause.pause.endedAt).not.toBeNull();
    expect((await branch.post('/api/v1/counters/4/resume')).json.error.reason).toBe('not_paused');
    expect(await windowOf(4)).toMatchObject({ status: 'idle', redirectTo: null });
    expect((await branch.post('/api/v1/counters/4/call-next', undefined, { 'Idempotency-Key': 'call-4-after' })).status).not.toBe(409);
  });

  it('records every step for head office in the hub’s sync store, in one gap-free sequence', async () => {
    const { rows } = await branch.host.db.query<{ kind: string; device_seq: number; body: any }>(
      "select kind, device_seq, body from sync_records where kind in ('pause.record', 'window.record') order by device_seq",
    );
    expect(rows.map((r) => Number(r.device_seq))).toEqual(rows.map((_, i) => i + 1));
    const pauses = rows.filter((r) => r.kind === 'pause.record').map((r) => [r.body.type, r.body.pause.counter]);
    expect(pauses).toEqual([
      ['pause.started', 1],
      ['pause.approved', 1],
      ['pause.started', 4],
      ['pause.ended', 4],
    ]);
    const ended = rows.find((r) => r.body.type === 'pause.ended')!.body;
    expect(ended).toMatchObject({ staffId: 's-1004', allowedMinutes: 10, lengthSeconds: expect.any(Number), overrunSeconds: 0 });
    const opened = rows.filter((r) => r.body.type === 'window.opened').map((r) => [r.body.counter, r.body.implicit]);
    expect(opened).toEqual([
      [2, false],
      [1, true],
      [3, true],
      [4, false],
    ]);
  });

  it('sends the windows on the live stream after the snapshot and on every change', async () => {
    const ws = new WebSocket(await branch.wsUrl('/api/v1/stream'));
    const frames: any[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    await expect.poll(() => frames.filter((f) => f.type === 'windows').length).toBe(1);
    await branch.post('/api/v1/counters/3/pause', { reason: 'shift_handover' });
    await expect.poll(() => frames.filter((f) => f.type === 'windows').length).toBe(2);
    ws.close();
    expect(frames[0].type).toBe('snapshot');
    const last = frames.filter((f) => f.type === 'windows').at(-1).windows;
    expect(last.find((w: any) => w.number === 3)).toMatchObject({ open: true, pause: { reason: 'shift_handover' }, redirectTo: 2 });
  });

  it('keeps the pause and the open windows across a restart of the hub', async () => {
    await branch.restart();
    expect(await windowOf(3)).toMatchObject({ status: 'paused', redirectTo: 2 });
    expect(await windowOf(1)).toMatchObject({ status: 'paused', redirectTo: 2 });
    expect(await windowOf(2)).toMatchObject({ status: 'idle' });
    const res = await branch.post('/api/v1/counters/3/call-next', undefined, { 'Idempotency-Key': 'call-3-after-restart' });
    expect(res.json.error.reason).toBe('counter_paused');
    const list = (await branch.get('/api/v1/pauses')).json.pauses;
    expect(list.map((p: any) => [p.pause.counter, p.pause.reason, p.pause.endedAt === null])).toEqual([
      [1, 'break', true],
      [4, 'cash_replenishment', false],
      [3, 'shift_handover', true],
    ]);
  });
});

describe('closing a window', () => {
  it('needs the override for the last open window, ends its pause and hands its held ticket on', async () => {
    // Window 2 is the only open window serving A and B that is not paused.
    const refused = await branch.post('/api/v1/counters/2/close', {});
    expect(refused.json.error.reason).toBe('last_open_for_service');
    await branch.post('/api/v1/counters/1/resume');
    const t = await issue('A');
    const call = await branch.post('/api/v1/counters/1/call-next', undefined, { 'Idempotency-Key': 'close-call-1' });
    expect(call.json.ticket.id).toBe(t.id);
    await branch.post('/api/v1/counters/1/hold');
    // Window 3 is paused: closing it ends its pause and changes nobody's cover.
    const closed3 = await branch.post('/api/v1/counters/3/close', {});
    expect(closed3.status).toBe(200);
    expect(closed3.json.window).toMatchObject({ open: false, pause: null });
    // Window 2 still serves A, but no window closes at will during opening hours (seed 000): the lead agrees first.
    const atWill = await branch.post('/api/v1/counters/1/close', {});
    expect(atWill.status).toBe(409);
    expect(atWill.json.error.reason).toBe('close_needs_approval');
    expect(await windowOf(1)).toMatchObject({ status: 'idle' });
    expect((await branch.post('/api/v1/counters/1/override')).status).toBe(200);
    const closed1 = await branch.post('/api/v1/counters/1/close', {}, { 'Idempotency-Key': 'close-1-held' });
    expect(closed1.status).toBe(200);
    expect(closed1.json.handedBack).toEqual([expect.objectContaining({ ticketId: t.id, from: 'held', action: 'transfer', toCounter: 2 })]);
    expect(await ticketOf(t.id)).toMatchObject({ status: 'waiting', targetCounter: 2 });
    expect(await windowOf(1)).toMatchObject({ status: 'closed', redirectTo: 2 });
    const pauses = (await branch.get('/api/v1/pauses')).json.pauses;
    expect(pauses.every((p: any) => p.pause.endedAt !== null)).toBe(true);
  });
});

describe('nobody approves their own pause (issue 12)', () => {
  it('refuses a lead covering a window who approves their own pause, and audits it', async () => {
    const leadAt3 = branch.as(actors.counter(3, 's-9001'));
    expect((await leadAt3.post('/api/v1/counters/3/open')).status).toBe(200);
    const paused = await leadAt3.post('/api/v1/counters/3/pause', { reason: 'break' });
    expect(paused.status).toBe(200);
    expect(paused.json.pause.staffId).toBe('s-9001');
    const self = await branch.post(`/api/v1/pauses/${paused.json.pause.pause.id}/approve`);
    expect(self.status).toBe(409);
    expect(self.json.error.reason).toBe('self_approval');
    await expect
      .poll(async () => ((await branch.get('/api/v1/audit')).json.entries ?? []).filter((e: any) => e.kind === 'self_approval_refused').length)
      .toBe(1);
    expect((await leadAt3.post('/api/v1/counters/3/resume')).status).toBe(200);
  });
});

describe('pause records reach head office through the hub’s relay', () => {
  it('relays pause and window records to HQ', async () => {
    const dir = await freshPgliteDir();
    const hq = await startHqServer({ port: 0, host: '127.0.0.1', dataDir: dir, logLevel: 'silent' });
    const code = await hq.createEnrolCode({ branchId: 'demo-001', role: 'hub' });
    const config = BranchConfig.parse(demoBranch('2000-01-01'));
    const b = await BranchUnderTest.start(config, { host: { upstream: { url: hq.url, enrolCode: code.code, pollMs: 60_000 } } });
    const host = b.host;
    try {
      await b.post('/api/v1/counters/1/open');
      await b.post('/api/v1/counters/2/open');
      const paused = await b.post('/api/v1/counters/1/pause', { reason: 'device_failure' });
      expect(paused.status).toBe(200);
      await host.upstream!.flush();
      const { rows } = await hq.db.query<{ kind: string; body: any }>("select kind, body from sync_records where kind in ('pause.record', 'window.record') order by device_seq");
      expect(rows.map((r) => r.body.type)).toEqual(['window.opened', 'window.opened', 'pause.started']);
      expect(rows[2]!.body).toMatchObject({ pause: { counter: 1, reason: 'device_failure' }, needsApproval: false, redirectTo: 2 });
      const dead = await hq.db.query<{ n: number }>('select count(*)::int as n from dead_letters');
      expect(dead.rows[0]!.n).toBe(0);
    } finally {
      await b.stop();
      await hq.close();
    }
    // Two databases started and migrated on a shared machine.
  }, 120_000);
});

describe('the minimum of open windows (seed 000: not only the last one)', () => {
  // Personal banking (A) keeps three open windows during opening hours.
  const config = BranchConfig.parse({ ...demoBranch('2000-01-01'), standards: { ...demoBranch('2000-01-01').standards, openWindows: { services: { A: 3 } } } });
  let b: BranchUnderTest;
  beforeAll(async () => {
    b = await BranchUnderTest.start(config);
    for (const n of [1, 2, 3, 4]) expect((await b.post(`/api/v1/counters/${n}/open`)).status).toBe(200);
  });
  afterAll(async () => b.stop());

  it('lets a window pause above the minimum as its reason says, and flags the pause that goes below it until a lead approves', async () => {
    const above = await b.post('/api/v1/counters/2/pause', { reason: 'shift_handover' });
    expect(above.status).toBe(200);
    expect(above.json.pause).toMatchObject({ needsApproval: false, unapproved: false });
    // A now has windows 1, 3 and 4: a handover at window 1 leaves two, one below the minimum.
    const below = await b.post('/api/v1/counters/1/pause', { reason: 'shift_handover' });
    expect(below.status).toBe(200);
    expect(below.json.pause).toMatchObject({ pause: { belowMinimum: true, approvedBy: null }, needsApproval: true, unapproved: true });
    const id = below.json.pause.pause.id;
    const list = async () => (await b.get('/api/v1/pauses')).json.pauses.find((p: any) => p.pause.id === id);
    expect(await list()).toMatchObject({ unapproved: true });
    // The consent of a signed-in lead, through the approve route; a teller may not give it.
    expect((await b.as(actors.counter(3)).post(`/api/v1/pauses/${id}/approve`, {})).status).toBe(403);
    const approved = await b.post(`/api/v1/pauses/${id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.json.pause).toMatchObject({ pause: { approvedBy: 's-9001' }, unapproved: false });
    expect(await list()).toMatchObject({ unapproved: false, needsApproval: true });
  });

  it('refuses to close a window below the minimum until the lead agrees', async () => {
    expect((await b.post('/api/v1/counters/1/resume')).status).toBe(200);
    expect((await b.post('/api/v1/counters/2/resume')).status).toBe(200);
    await b.post('/api/v1/counters/2/pause', { reason: 'shift_handover' });
    const refused = await b.post('/api/v1/counters/1/close', {});
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 'conflict', reason: 'below_min_open' });
    expect(refused.json.error.message).toContain('A');
    expect((await b.post('/api/v1/counters/1/override')).status).toBe(200);
    const closed = await b.post('/api/v1/counters/1/close', {});
    expect(closed.status).toBe(200);
    expect(closed.json.window).toMatchObject({ number: 1, open: false });
  });
});
