// The microphone chosen at the counter is the one recorded, with sox and with arecord, on a real
// (virtual) PulseAudio server with two microphones: the counter's, and another one as the system
// default. Speech is played into the counter's only.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.js';
import { DEFAULT_RECORDING_SETTINGS } from '../../shared/recording/settings.js';
import { CounterRecorder } from '../../server/recording/counterRecorder.js';
import type { RecorderProgram } from '../../server/recording/lpcm16Capture.js';
import { captureTarget, listMicrophones } from '../../server/recording/microphones.js';
import { MICROPHONE, PulseAudio, audioToolsMissing, decodeToPcm, levels, makeSpeech } from '../support/pulseAudio.js';

const missing = audioToolsMissing();

describe.skipIf(missing.length > 0)('recording from the chosen microphone', () => {
  let pulse: PulseAudio;
  let work: string;
  let speech: string;

  beforeAll(async () => {
    pulse = await PulseAudio.start();
    await pulse.pactl('load-module', 'module-null-sink', 'sink_name=other_speaker', 'rate=16000', 'channels=1');
    await pulse.pactl('load-module', 'module-remap-source', 'source_name=other_mic', 'master=other_speaker.monitor');
    await pulse.pactl('set-default-source', 'other_mic');
    work = mkdtempSync(join(tmpdir(), 'guichet-mic-'));
    speech = join(work, 'speech.wav');
    await makeSpeech('Window three, the counter microphone.', speech);
  });

  afterAll(async () => {
    await pulse?.stop();
  });

  it('lists both microphones of the sound server, not the monitors of its outputs', async () => {
    const { source, microphones } = await listMicrophones(pulse.env);
    expect(source).toBe('pulse');
    expect(microphones.map((m) => m.id).sort()).toEqual([`pulse:${MICROPHONE}`, 'pulse:other_mic']);
  });

  /** Records while the speech plays into the counter's microphone; the loudest 100 ms of the file. */
  async function record(program: RecorderProgram, microphone: string | null): Promise<number> {
    const target = captureTarget(microphone, program);
    const recorder = await CounterRecorder.open({
      dir: join(work, `${program}-${microphone ?? 'default'}`),
      counter: 3,
      settings: DEFAULT_RECORDING_SETTINGS,
      recorderProgram: program,
      device: target.device,
      env: { ...pulse.env, ...target.env },
    });
    try {
      recorder.start();
      const deadline = Date.now() + 20_000;
      while (recorder.state().detail !== 'idle') {
        if (Date.now() > deadline) throw new Error(`no audio from ${program}: ${JSON.stringify(recorder.state())}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      recorder.beginService({ recordingId: newId(), ticketId: 't-1', ticketNumber: 'A001', service: 'A', tellerId: 'teller-1', counter: 3 });
      await pulse.play(speech);
      await new Promise((r) => setTimeout(r, 500));
      const rec = (await recorder.endService())!;
      return Math.max(...levels(await decodeToPcm(rec.path), 100));
    } finally {
      await recorder.close();
    }
  }

  for (const program of ['sox', 'arecord-period'] as const) {
    it(`${program}: hears the speech from the chosen microphone, and nothing from the system default`, async () => {
      expect(await record(program, `pulse:${MICROPHONE}`)).toBeGreaterThan(0.05);
      expect(await record(program, null)).toBeLessThan(0.005);
    }, 60_000);
  }
});
