// Real audio on this machine: espeak-ng speech played into a PulseAudio virtual microphone,
// captured through node-record-lpcm16 and sox, encoded, cut, written, then decoded by ffmpeg.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpusScript from 'opusscript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.js';
import { DEFAULT_RECORDING_SETTINGS } from '../../shared/recording/settings.js';
import { CounterRecorder } from '../../server/recording/counterRecorder.js';
import type { LivePacket, RecorderState } from '../../server/recording/counterRecorder.js';
import { PulseAudio, audioToolsMissing, decodeToPcm, levels, makeSpeech, probe } from '../support/pulseAudio.js';

const missing = audioToolsMissing();
const SPEECH = 'Good morning, welcome to window three. How can I help you today? I would like to open a savings account, please.';

async function until<T>(what: string, get: () => T | null | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(missing.length > 0)('counter recording from a (virtual) microphone', () => {
  let pulse: PulseAudio;
  let work: string;
  let speechWav: string;
  let speechSeconds: number;

  beforeAll(async () => {
    pulse = await PulseAudio.start();
    work = mkdtempSync(join(tmpdir(), 'guichet-recording-'));
    speechWav = join(work, 'speech.wav');
    speechSeconds = await makeSpeech(SPEECH, speechWav);
  });

  afterAll(async () => {
    await pulse?.stop();
  });

  it('records a service from the call to its end, with the greeting before the call kept by the pre-roll', async () => {
    const dir = join(work, 'counter-3');
    const recorder = await CounterRecorder.open({ dir, counter: 3, settings: DEFAULT_RECORDING_SETTINGS, env: pulse.env, recorderProgram: 'sox' });
    const states: RecorderState[] = [];
    recorder.onState((s) => states.push(s));
    // The live tap: decode what it offers, to know when the speech reaches the recorder.
    const decoder = new OpusScript(16000, 1, OpusScript.Application.VOIP);
    const live: LivePacket[] = [];
    let speechHeardAt: number | null = null;
    recorder.onPacket((p) => {
      live.push(p);
      const pcm = decoder.decode(Buffer.from(p.data));
      const level = levels(new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length / 2), 20)[0] ?? 0;
      if (level > 0.02 && speechHeardAt === null) speechHeardAt = Date.now();
    });
    try {
      recorder.setLive(true); // as when a lead listens: the live tap is a second capture
      recorder.start();
      await until('the capture to deliver audio', () => recorder.state().detail === 'idle');
      await new Promise((r) => setTimeout(r, 2500)); // the ring now holds a full pre-roll of silence

      // The customer starts talking; the teller presses "call" a second later.
      const playing = pulse.play(speechWav);
      await until('the speech on the live tap', () => speechHeardAt);
      await new Promise((r) => setTimeout(r, 1000));
      const meta = { recordingId: newId(), ticketId: 't-1', ticketNumber: 'A001', service: 'A', tellerId: 'teller-1', counter: 3 };
      const begunAt = Date.now();
      recorder.beginService(meta);
      expect(recorder.state().kind).toBe('recording');
      await playing;
      await new Promise((r) => setTimeout(r, 800));
      const endedAt = Date.now();
      const rec = (await recorder.endService())!;
      expect(rec).not.toBeNull();
      expect(recorder.state()).toMatchObject({ kind: 'not_recording', detail: 'idle' });

      // The file: finished, named after the recording, hashed, and what the report says.
      expect(rec.path).toBe(join(dir, `${meta.recordingId}.opus`));
      expect(readdirSync(dir)).toEqual([`${meta.recordingId}.opus`]);
      const bytes = readFileSync(rec.path);
      expect(rec).toMatchObject({ meta, state: 'complete', bytes: bytes.length });
      expect(rec.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));

      // ffprobe: Ogg Opus, mono, and as long as the service plus the 2 s pre-roll (within 0.5 s).
      const info = await probe(rec.path);
      expect(info).toMatchObject({ codec: 'opus', channels: 1, format: 'ogg' });
      const expected = (endedAt - begunAt + DEFAULT_RECORDING_SETTINGS.preRollMs) / 1000;
      expect(Math.abs(info.duration - expected)).toBeLessThan(0.5);
      expect(Math.abs(rec.durationMs / 1000 - info.duration)).toBeLessThan(0.05);
      expect(Date.parse(rec.endedAt) - Date.parse(rec.startedAt)).toBe(rec.durationMs);

      // The audio: decodes without error; silence, then the speech from ~1 s in (before the call
      // at 2 s: the pre-roll kept it), then speech for about its length.
      const level = levels(await decodeToPcm(rec.path), 100);
      const loud = level.map((l) => l > 0.02);
      const onset = loud.indexOf(true) / 10;
      expect(onset).toBeGreaterThan(0.3);
      expect(onset).toBeLessThan(1.6);
      expect(level.slice(0, 3).every((l) => l < 0.01)).toBe(true);
      const lastLoud = loud.lastIndexOf(true) / 10;
      expect(lastLoud - onset).toBeGreaterThan(speechSeconds - 1);

      // The live tap saw every packet once, in order, with 48 kHz granules.
      const seqs = live.map((p) => p.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
      expect(live.every((p) => p.counter === 3 && p.granule === (p.seq + 1) * 960)).toBe(true);
      expect(states.map((s) => s.kind)).toContain('recording');
    } finally {
      decoder.delete();
      await recorder.close();
    }
  }, 90_000);

  it('says the microphone is missing when sox is not installed, instead of crashing', async () => {
    const recorder = await CounterRecorder.open({
      dir: join(work, 'no-sox'),
      counter: 4,
      settings: DEFAULT_RECORDING_SETTINGS,
      env: { PATH: join(work, 'empty-path') },
      recorderProgram: 'sox',
    });
    try {
      recorder.start();
      const state = await until('microphone_missing', () => (recorder.state().kind === 'microphone_missing' ? recorder.state() : null), 10_000);
      expect(state.detail).toMatch(/sox is not installed/);
    } finally {
      await recorder.close();
    }
  });
});
