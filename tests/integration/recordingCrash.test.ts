// A crash mid-service: the recorder's process is killed with SIGKILL (nothing of its own runs),
// then started again on the same folder. The recording must come back repaired, decodable, and
// at most 2 s shorter than what was captured before the kill.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.js';
import { DEFAULT_RECORDING_SETTINGS } from '../../shared/recording/settings.js';
import { PulseAudio, audioToolsMissing, decodeToPcm, levels, makeSpeech, probe } from '../support/pulseAudio.js';
import { RecorderProcess } from '../support/recorderProcess.js';

const missing = audioToolsMissing();

describe.skipIf(missing.length > 0)('counter recording after a crash', () => {
  let pulse: PulseAudio;
  let work: string;
  let speechWav: string;

  beforeAll(async () => {
    pulse = await PulseAudio.start();
    work = mkdtempSync(join(tmpdir(), 'guichet-recording-crash-'));
    speechWav = join(work, 'speech.wav');
    await makeSpeech('Thank you for waiting. Your account number is one two three four five six seven eight nine.', speechWav);
  });

  afterAll(async () => {
    await pulse?.stop();
  });

  it('repairs the recording of a service the SIGKILL cut, losing at most 2 s', async () => {
    const dir = join(work, 'counter-2');
    const opts = { dir, counter: 2, settings: DEFAULT_RECORDING_SETTINGS, env: pulse.env };
    const meta = { recordingId: newId(), ticketId: 't-9', ticketNumber: 'B017', service: 'B', tellerId: 'teller-2', counter: 2 };

    const first = new RecorderProcess(opts);
    await first.next((m) => m.type === 'state' && m.state.detail === 'idle');
    await new Promise((r) => setTimeout(r, 2200)); // a full pre-roll in the ring
    first.send({ type: 'begin', meta });
    const { at: begunAt } = await first.next((m) => m.type === 'begun');
    await pulse.play(speechWav);
    await new Promise((r) => setTimeout(r, 1500));
    const killedAt = Date.now();
    await first.kill();
    // Only the unfinished file is there: nothing got to rename it.
    expect(readdirSync(dir)).toEqual([`${meta.recordingId}.opus.part`]);

    const second = new RecorderProcess(opts);
    try {
      const { recordings } = await second.next((m) => m.type === 'repaired');
      expect(recordings).toHaveLength(1);
      const rec = recordings[0];
      expect(rec).toMatchObject({ meta, state: 'interrupted', path: join(dir, `${meta.recordingId}.opus`) });
      expect(readdirSync(dir)).toEqual([`${meta.recordingId}.opus`]);
      const bytes = readFileSync(rec.path);
      expect(rec.bytes).toBe(bytes.length);
      expect(rec.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));

      // What was captured before the kill: the pre-roll and the service so far.
      const captured = (killedAt - begunAt + DEFAULT_RECORDING_SETTINGS.preRollMs) / 1000;
      const info = await probe(rec.path);
      expect(info).toMatchObject({ codec: 'opus', channels: 1 });
      expect(Math.abs(info.duration - rec.durationMs / 1000)).toBeLessThan(0.05);
      expect(info.duration).toBeLessThanOrEqual(captured + 0.3);
      expect(info.duration).toBeGreaterThanOrEqual(captured - 2);
      // It decodes to the end without error, and the speech is in it.
      const level = levels(await decodeToPcm(rec.path));
      expect(level.filter((l) => l > 0.02).length).toBeGreaterThan(20);

      // The restarted recorder records the next service normally.
      await second.next((m) => m.type === 'state' && m.state.detail === 'idle');
      const next = { ...meta, recordingId: newId(), ticketNumber: 'B018' };
      second.send({ type: 'begin', meta: next });
      await second.next((m) => m.type === 'begun');
      await new Promise((r) => setTimeout(r, 1000));
      second.send({ type: 'end' });
      const { recording } = await second.next((m) => m.type === 'ended');
      expect(recording).toMatchObject({ meta: next, state: 'complete' });
      second.send({ type: 'close' });
      await second.next((m) => m.type === 'closed');
    } finally {
      if (second.child.exitCode === null) await second.kill();
    }
  }, 120_000);
});
