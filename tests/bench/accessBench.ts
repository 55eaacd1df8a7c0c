// What signing in costs: the PIN verifier's KDF on the hub (Node's scrypt) and in the counter's
// page (@noble/hashes, what an offline sign-in runs), and a sign-in through the hub's API from
// the PIN to a session a command is accepted with.
import { performance } from 'node:perf_hooks';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { demoBranch } from '../../shared/config/demoBranch.js';
import { DEVICE_HEADER } from '../../shared/access/credentials.js';
import { hashPin, verifyPin } from '../../server/hub/access/pinHash.js';
import { BranchUnderTest, DEMO_PINS, actors } from '../support/branchUnderTest.js';
import { postJson } from '../support/http.js';
import { ms, percentile } from './stats.js';

const line = (what: string, l: number[]) => `${what}: p50 ${ms(percentile(l, 50))}, p99 ${ms(percentile(l, 99))} (n=${l.length})`;

export async function signInCost(rounds: number): Promise<string[]> {
  const stored = await hashPin('100222');
  const [, N, r, p, salt] = stored.split('$');
  const node: number[] = [];
  const page: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    if (!(await verifyPin('100222', stored))) throw new Error('the verifier refused the right PIN');
    node.push(performance.now() - t);
    t = performance.now();
    await scryptAsync('100222', Buffer.from(salt!, 'base64url'), { N: Number(N), r: Number(r), p: Number(p), dkLen: 32 });
    page.push(performance.now() - t);
  }

  const branch = await BranchUnderTest.start(demoBranch(new Date().toISOString().slice(0, 10)));
  try {
    const device = (await branch.tokens(actors.counter(2, null))).device!;
    const signIns: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      const res = await postJson(`${branch.url}/api/v1/session/sign-in`, { login: '1002', pin: DEMO_PINS['s-1002'] }, { [DEVICE_HEADER]: device });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.json)}`);
      // Ready: the session is accepted for the window's first command.
      const ready = await postJson(`${branch.url}/api/v1/counters/2/open`, {}, { [DEVICE_HEADER]: device, authorization: `Bearer ${res.json.token}` });
      if (ready.status >= 500) throw new Error(`open failed: ${ready.status}`);
      signIns.push(performance.now() - t);
    }
    return [
      `PIN verification, scrypt N=${N} r=${r} p=${p}, ${rounds} rounds`,
      line('  hub (node:crypto scrypt)', node),
      line('  counter page offline (@noble/hashes scrypt, in Node)', page),
      line('  sign-in at the counter through the hub, PIN to first command accepted', signIns),
    ];
  } finally {
    await branch.stop();
  }
}
